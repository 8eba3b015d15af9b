package dev.vigil.cli;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Tells systemd how Vigil is doing when it runs as a {@code Type=notify} unit (the sd_notify protocol): ready once
 * the stack is up, a status line, stopping, and watchdog pings for as long as a health check holds. Does nothing
 * when {@code NOTIFY_SOCKET} is not set.
 */
public final class SystemdNotify implements AutoCloseable {

    private final Optional<AFUNIXSocketAddress> address;
    private final Optional<Duration> watchdogTimeout;
    private final Object sending = new Object();
    private AFUNIXDatagramChannel channel; // guarded by sending; opened on first send
    private boolean sendFailureReported; // guarded by sending
    private boolean closed; // guarded by sending
    private volatile String status = "";
    private volatile ScheduledExecutorService watchdog;

    private SystemdNotify(Optional<AFUNIXSocketAddress> address, Optional<Duration> watchdogTimeout) {
        this.address = address;
        this.watchdogTimeout = watchdogTimeout;
    }

    /** From this process's environment. */
    public static SystemdNotify fromEnvironment() {
        return of(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * From the variables systemd sets: {@code NOTIFY_SOCKET} (a path, or {@code @name} in the abstract namespace),
     * {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} (the watchdog is ours only when it names {@code pid} or is unset).
     */
    public static SystemdNotify of(Map<String, String> env, long pid) {
        Optional<AFUNIXSocketAddress> address = Optional.ofNullable(env.get("NOTIFY_SOCKET"))
                .filter(s -> !s.isEmpty())
                .flatMap(SystemdNotify::address);
        Optional<Duration> timeout = address.isEmpty() ? Optional.empty() : watchdogTimeout(env, pid);
        return new SystemdNotify(address, timeout);
    }

    private static Optional<AFUNIXSocketAddress> address(String socket) {
        try {
            if (socket.startsWith("@")) {
                return Optional.of(AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1)));
            }
            if (socket.startsWith("/")) {
                return Optional.of(AFUNIXSocketAddress.of(Path.of(socket)));
            }
        } catch (IOException e) {
            System.err.println("vigil: cannot use NOTIFY_SOCKET " + socket + ": " + e.getMessage());
            return Optional.empty();
        }
        // e.g. vsock:… from a newer systemd: nothing Vigil needs on a single host
        System.err.println("vigil: NOTIFY_SOCKET " + socket + " is not a unix socket; not notifying systemd");
        return Optional.empty();
    }

    private static Optional<Duration> watchdogTimeout(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return Optional.empty(); // no watchdog, or it is another process's (we were started by the main one)
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            System.err.println("vigil: ignoring WATCHDOG_USEC=" + usec + ": not a number");
            return Optional.empty();
        }
    }

    /** True when systemd listens (NOTIFY_SOCKET is set); otherwise every call here does nothing. */
    public boolean enabled() {
        return address.isPresent();
    }

    /** How soon systemd wants to hear from Vigil again, when it watches it. */
    public Optional<Duration> watchdogTimeout() {
        return watchdogTimeout;
    }

    /** Startup is finished (systemd's start job completes and units ordered after Vigil start). */
    public void ready(String statusText) {
        status = oneLine(statusText);
        send("READY=1\nSTATUS=" + status);
    }

    /** Startup is finished, with a plain status line. */
    public void ready() {
        ready("supervising");
    }

    /** A line for {@code systemctl status}. */
    public void status(String statusText) {
        status = oneLine(statusText);
        send("STATUS=" + status);
    }

    /** Vigil is stopping its services; systemd then waits up to TimeoutStopSec. */
    public void stopping() {
        send("STOPPING=1");
    }

    /**
     * Pings the watchdog ({@code WATCHDOG=1}) every half of its timeout on a daemon thread, but only while
     * {@code healthy} holds: a Vigil whose supervisor no longer answers stops pinging, and systemd restarts it
     * (its services keep running and are adopted by the new one). Returns false when there is no watchdog.
     */
    public boolean startWatchdog(BooleanSupplier healthy) {
        if (watchdogTimeout.isEmpty() || watchdog != null) {
            return false;
        }
        long every = Math.max(1, watchdogTimeout.get().toNanos() / 2);
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("vigil-systemd-watchdog").daemon(true).factory());
        Runnable ping = new Runnable() {
            private boolean wasHealthy = true;

            @Override
            public void run() {
                try {
                    pingIfHealthy();
                } catch (RuntimeException e) {
                    // a scheduled task that throws is never run again: this loop must not die
                    System.err.println("vigil: watchdog ping failed: " + e);
                }
            }

            private void pingIfHealthy() {
                boolean ok = holds(healthy);
                if (ok) {
                    send(wasHealthy ? "WATCHDOG=1" : "WATCHDOG=1\nSTATUS=" + status);
                } else if (wasHealthy) {
                    send("STATUS=not answering its health check; watchdog pings withheld");
                }
                wasHealthy = ok;
            }
        };
        // A check that hangs delays the next run: no ping while it hangs, which is the point.
        pinger.scheduleAtFixedRate(ping, 0, every, TimeUnit.NANOSECONDS);
        watchdog = pinger;
        return true;
    }

    private static boolean holds(BooleanSupplier healthy) {
        try {
            return healthy.getAsBoolean();
        } catch (RuntimeException e) {
            return false; // a check that breaks is no proof of health; the loop itself must go on
        }
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }

    private void send(String message) {
        if (address.isEmpty()) {
            return;
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        synchronized (sending) {
            if (closed) {
                return;
            }
            try {
                if (channel == null) {
                    channel = AFUNIXDatagramChannel.open();
                }
                channel.send(ByteBuffer.wrap(bytes), address.get());
            } catch (IOException e) {
                // systemd may be reloading; the next message tries again. Said once, not at every ping.
                if (!sendFailureReported) {
                    System.err.println("vigil: could not notify systemd: " + e.getMessage());
                    sendFailureReported = true;
                }
            }
        }
    }

    /** Stops the watchdog pings and closes the socket. */
    @Override
    public void close() {
        ScheduledExecutorService pinger = watchdog;
        if (pinger != null) {
            pinger.shutdownNow();
            try {
                pinger.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (sending) {
            closed = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing left to tell systemd
                }
                channel = null;
            }
        }
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vigil quickstart: a web service that hangs (deadlocks) while staying alive.
 *
 * <pre>java services/Hang.java PORT</pre>
 *
 * Healthy (GET /health answers 200 "ok") until a random moment 20-35 s after
 * start (or exactly HANG_AFTER_SECONDS), when two worker threads take two
 * locks in opposite order: a real Java-level deadlock (jstack reports it). The
 * request handlers need one of those locks, so from then on /health and /
 * never answer while the process stays alive and keeps its port. Nothing in
 * the process cures it: only a restart does.
 *
 * With HANG_BLOCK_SHUTDOWN=1 the shutdown hook also waits for the deadlocked
 * lock, so once hung the process ignores SIGTERM and must be killed (SIGKILL),
 * which exercises a supervisor's stop grace period and escalation.
 */
public class Hang {
    static final String NAME = "hang";
    static final String USAGE = "java services/Hang.java PORT"
            + "   (env HANG_AFTER_SECONDS, default random 20-35; HANG_BLOCK_SHUTDOWN=1)";
    static final Object stateLock = new Object();   // guards the "application state"
    static final Object journalLock = new Object(); // taken in the opposite order by the other worker
    static final AtomicBoolean hung = new AtomicBoolean();
    static final AtomicLong healthChecks = new AtomicLong();
    static final AtomicLong stuckRequests = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            usage("expected 1 argument, got " + args.length);
        }
        int port = parsePort(args[0]);
        double hangAfter = System.getenv("HANG_AFTER_SECONDS") == null
                || System.getenv("HANG_AFTER_SECONDS").isBlank()
                ? ThreadLocalRandom.current().nextDouble(20, 35)
                : envNumber("HANG_AFTER_SECONDS", 0);
        boolean blockShutdown = "1".equals(System.getenv("HANG_BLOCK_SHUTDOWN"))
                || "true".equalsIgnoreCase(System.getenv("HANG_BLOCK_SHUTDOWN"));
        long startNanos = System.nanoTime();

        HttpServer server = bind(port);
        server.createContext("/health", exchange -> {
            if (hung.get()) {
                long n = stuckRequests.incrementAndGet();
                if (n == 1 || n % 10 == 0) {
                    log("health check #" + n + " since the deadlock is stuck waiting for the state lock");
                }
            }
            synchronized (stateLock) { // blocks forever once the workers have deadlocked
                if (healthChecks.incrementAndGet() == 1) {
                    log("first health check answered (200 ok)");
                }
            }
            respond(exchange, 200, "ok\n");
        });
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (!"/".equals(path)) {
                respond(exchange, 404, "not found\n");
                return;
            }
            synchronized (stateLock) {
                log(exchange.getRequestMethod() + " / -> 200");
            }
            respond(exchange, 200, String.format(
                    "Hang service (%s); it will deadlock %.1f s after start.%n", pidAndJava(), hangAfter));
        });
        // A bounded pool: once hung, new requests queue up behind the stuck handlers.
        server.setExecutor(Executors.newFixedThreadPool(8, daemonThreads("http")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (hung.get() && blockShutdown) {
                log("stopping: shutdown hook waits for the state lock (HANG_BLOCK_SHUTDOWN=1), "
                        + "so only SIGKILL ends this process");
                synchronized (stateLock) {
                    log("unreachable");
                }
            }
            log("stopping" + (hung.get() ? " (was deadlocked)" : ""));
        }, "shutdown"));
        log(String.format("listening on http://127.0.0.1:%d (%s); will deadlock %.1f s after start%s",
                port, pidAndJava(), hangAfter, blockShutdown ? ", then ignore SIGTERM" : ""));
        server.start(); // the port is already bound (HttpServer.create)

        long remainingMillis = (long) (hangAfter * 1000) - (System.nanoTime() - startNanos) / 1_000_000;
        if (remainingMillis > 0) {
            Thread.sleep(remainingMillis);
        }
        deadlock();
        log(String.format("simulated deadlock after %.1f s (%d health checks answered): threads "
                + "'state-writer' and 'journal-flusher' wait on each other; /health will never answer again",
                (System.nanoTime() - startNanos) / 1e9, healthChecks.get()));
        while (true) {
            Thread.sleep(Long.MAX_VALUE); // the process stays alive
        }
    }

    /** Two threads take the two locks in opposite order; returns once both are stuck. */
    static void deadlock() throws InterruptedException {
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = new Thread(() -> {
            synchronized (stateLock) {
                bothHoldOne.countDown();
                awaitQuietly(bothHoldOne);
                synchronized (journalLock) {
                    log("unreachable");
                }
            }
        }, "state-writer");
        Thread b = new Thread(() -> {
            synchronized (journalLock) {
                bothHoldOne.countDown();
                awaitQuietly(bothHoldOne);
                synchronized (stateLock) {
                    log("unreachable");
                }
            }
        }, "journal-flusher");
        a.setDaemon(true);
        b.setDaemon(true);
        a.start();
        b.start();
        bothHoldOne.await();
        hung.set(true);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers: each quickstart service is one self-contained file (the source
    // ---- launcher of Java 17 runs single files only), so this block is repeated.

    static int parsePort(String arg) {
        try {
            int port = Integer.parseInt(arg);
            if (port < 1 || port > 65535) {
                usage("port out of range: " + arg);
            }
            return port;
        } catch (NumberFormatException e) {
            usage("port is not a number: " + arg);
            return -1;
        }
    }

    /** A non-negative number from the environment, or the default when unset/blank. */
    static double envNumber(String name, double defaultValue) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                usage(name + " must be a non-negative number, got: " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            usage(name + " must be a number, got: " + value);
            return -1;
        }
    }

    static void usage(String problem) {
        System.err.println(NAME + ": " + problem);
        System.err.println("usage: " + USAGE);
        System.err.flush();
        System.exit(2);
    }

    static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            log("cannot listen on 127.0.0.1:" + port + ": " + e);
            System.exit(1);
            return null;
        }
    }

    static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String pidAndJava() {
        return "pid " + ProcessHandle.current().pid() + ", java " + Runtime.version().feature();
    }

    /** One line per notable thing, flushed at once so a supervisor sees it immediately. */
    static synchronized void log(String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + NAME + ": " + message);
        System.out.flush();
    }
}

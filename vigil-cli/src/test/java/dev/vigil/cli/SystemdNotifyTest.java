package dev.vigil.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SystemdNotify against a real unix datagram socket standing in for systemd's notify socket. */
class SystemdNotifyTest {

    private static final long PID = 4242;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void sendsReadyWithAStatusThenStatusAndStopping() throws IOException {
        FakeSystemd systemd = listen(AFUNIXSocketAddress.of(dir.resolve("notify.sock")));
        SystemdNotify notify = notifier(Map.of("NOTIFY_SOCKET", dir.resolve("notify.sock").toString()));

        notify.ready("supervising 3 services");
        notify.status("stopping: SIGTERM\nreceived");
        notify.stopping();

        await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().size() == 3);
        assertThat(systemd.messages()).containsExactly("READY=1\nSTATUS=supervising 3 services",
                "STATUS=stopping: SIGTERM received", "STOPPING=1");
        assertThat(notify.enabled()).isTrue();
    }

    @Test
    void reachesASocketInTheAbstractNamespace() throws IOException {
        String name = "vigil-test-" + UUID.randomUUID();
        FakeSystemd systemd = listen(AFUNIXSocketAddress.inAbstractNamespace(name));
        SystemdNotify notify = notifier(Map.of("NOTIFY_SOCKET", "@" + name));

        notify.ready();

        await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().contains("READY=1\nSTATUS=supervising"));
    }

    @Test
    void pingsTheWatchdogAtHalfItsTimeoutOnlyWhileTheHealthCheckHolds() throws IOException {
        FakeSystemd systemd = listen(AFUNIXSocketAddress.of(dir.resolve("notify.sock")));
        SystemdNotify notify = notifier(Map.of("NOTIFY_SOCKET", dir.resolve("notify.sock").toString(),
                "WATCHDOG_USEC", "200000", "WATCHDOG_PID", Long.toString(PID)));
        AtomicBoolean healthy = new AtomicBoolean(true);

        assertThat(notify.watchdogTimeout()).contains(Duration.ofMillis(200));
        assertThat(notify.startWatchdog(healthy::get)).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> systemd.pings().size() >= 6);
        List<Long> at = systemd.pings();
        for (int i = 1; i < at.size(); i++) {
            assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1))).as("gap before ping %d", i)
                    .isLessThan(Duration.ofMillis(200)); // systemd's limit
        }
        Duration average = Duration.ofNanos((at.getLast() - at.getFirst()) / (at.size() - 1));
        assertThat(average).isBetween(Duration.ofMillis(80), Duration.ofMillis(140));

        healthy.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().stream()
                .anyMatch(m -> m.startsWith("STATUS=not answering")));
        int pingsWhenItFailed = systemd.pings().size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> systemd.pings().size() == pingsWhenItFailed);

        healthy.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> systemd.pings().size() > pingsWhenItFailed);
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotOurs() throws IOException {
        listen(AFUNIXSocketAddress.of(dir.resolve("notify.sock")));
        SystemdNotify notify = notifier(Map.of("NOTIFY_SOCKET", dir.resolve("notify.sock").toString(),
                "WATCHDOG_USEC", "200000", "WATCHDOG_PID", "1"));

        assertThat(notify.watchdogTimeout()).isEmpty();
        assertThat(notify.startWatchdog(() -> true)).isFalse();
    }

    @Test
    void doesNothingOutsideSystemd() {
        SystemdNotify notify = notifier(Map.of("WATCHDOG_USEC", "200000"));

        notify.ready();
        notify.stopping();

        assertThat(notify.enabled()).isFalse();
        assertThat(notify.watchdogTimeout()).isEmpty();
        assertThat(notify.startWatchdog(() -> true)).isFalse();
    }

    private SystemdNotify notifier(Map<String, String> env) {
        SystemdNotify notify = SystemdNotify.of(env, PID);
        open.add(notify);
        return notify;
    }

    private FakeSystemd listen(AFUNIXSocketAddress address) throws IOException {
        FakeSystemd systemd = FakeSystemd.listen(address);
        open.add(systemd);
        return systemd;
    }
}

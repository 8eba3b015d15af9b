package dev.vigil.health;

import dev.vigil.time.DedicatedScheduler;
import dev.vigil.time.Scheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe loop's timers, tasks and channels on real time: order, the grid, waking, cancelling, failures, closing. */
class ProbeLoopTest {

    private static final Duration TICK = Duration.ofMillis(50);

    private final ProbeLoop loop = new ProbeLoop("test-probe-loop", TICK);

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void runsTimersOnItsThreadInDueOrderAndOnTheGrid() {
        List<String> ran = new CopyOnWriteArrayList<>();
        List<Long> late = new CopyOnWriteArrayList<>();
        long now = System.nanoTime();
        for (long ms : new long[] {120, 5, 6}) {
            long gridPoint = DedicatedScheduler.onTick(now + Duration.ofMillis(ms).toNanos(), TICK.toNanos());
            loop.schedule(Duration.ofMillis(ms), () -> {
                ran.add(ms + " on " + Thread.currentThread().getName());
                late.add(System.nanoTime() - gridPoint);
            });
        }

        Awaitility.await().until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("5 on test-probe-loop", "6 on test-probe-loop", "120 on test-probe-loop");
        // Never before the point of the grid its time was moved to.
        assertThat(late).allMatch(nanos -> nanos >= 0);
    }

    @Test
    void anotherThreadWakesTheSleepingLoopOnlyForATimerDueSoonerThanItWakes() {
        ProbeLoop exact = new ProbeLoop("exact-probe-loop", Duration.ZERO);
        try {
            Awaitility.await().until(exact::asleep);
            exact.schedule(Duration.ofSeconds(10), () -> { });
            assertThat(exact.wakeups()).isEqualTo(1);
            Awaitility.await().until(exact::asleep);

            exact.schedule(Duration.ofSeconds(20), () -> { });
            assertThat(exact.wakeups()).isEqualTo(1);

            CompletableFuture<String> soon = new CompletableFuture<>();
            exact.schedule(Duration.ofMillis(1), () -> soon.complete(Thread.currentThread().getName()));
            assertThat(exact.wakeups()).isEqualTo(2);
            assertThat(soon.join()).isEqualTo("exact-probe-loop");
        } finally {
            exact.close();
        }
    }

    @Test
    void aTimerTheLoopSchedulesItselfWakesNobody() {
        Awaitility.await().until(loop::asleep);
        CompletableFuture<Long> wakeupsWhenScheduled = new CompletableFuture<>();
        List<Integer> runs = new CopyOnWriteArrayList<>();
        loop.execute(() -> loop.schedule(Duration.ZERO, () -> {
            runs.add(1);
            loop.schedule(Duration.ofMillis(5), () -> {
                runs.add(2);
                wakeupsWhenScheduled.complete(loop.wakeups());
            });
        }));

        assertThat(wakeupsWhenScheduled.join()).isEqualTo(1); // the execute() from this thread
        assertThat(runs).containsExactly(1, 2);
    }

    @Test
    void aCancelledTimerDoesNotRunAndAFailingTaskDoesNotStopTheLoop() {
        List<String> ran = new CopyOnWriteArrayList<>();
        // Far enough ahead that they cannot come due (the grid fires up to 50 ms early) before they are cancelled
        // below, however slow the machine; "after" comes later still, so that the cancelled ones would have run.
        Scheduler.Cancellable cancelled = loop.schedule(Duration.ofMillis(1000), () -> ran.add("cancelled"));
        Scheduler.Cancellable exact = loop.scheduleExact(Duration.ofMillis(1000).toNanos(), () -> ran.add("exact"));
        loop.schedule(Duration.ofMillis(5), () -> {
            throw new IllegalStateException("boom");
        });
        loop.execute(() -> {
            throw new IllegalStateException("boom");
        });
        loop.schedule(Duration.ofMillis(1500), () -> ran.add("after"));
        cancelled.cancel();
        exact.cancel();

        Awaitility.await().until(() -> ran.contains("after"));
        assertThat(ran).containsExactly("after");
    }

    @Test
    void tasksRunInTheOrderTheyCame() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            loop.execute(() -> ran.add(n));
        }

        Awaitility.await().until(() -> ran.size() == 100);
        assertThat(ran).isSorted();
    }

    @Test
    void closingEndsTheThreadClosesItsChannelsAndDropsLaterTimers() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(server.getInetAddress(),
                    server.getLocalPort()));
            channel.configureBlocking(false);
            CompletableFuture<SelectionKey> registered = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    registered.complete(loop.register(channel, SelectionKey.OP_READ, key -> { }));
                } catch (IOException e) {
                    registered.completeExceptionally(e);
                }
            });
            registered.join();

            loop.close();

            assertThat(loop.isClosed()).isTrue();
            assertThat(channel.isOpen()).isFalse();
            List<String> ran = new CopyOnWriteArrayList<>();
            loop.schedule(Duration.ZERO, () -> ran.add("timer"));
            loop.execute(() -> ran.add("task"));
            assertThat(ran).isEmpty();
        }
    }
}

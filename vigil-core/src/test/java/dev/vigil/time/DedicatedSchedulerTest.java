package dev.vigil.time;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Real time on a thread of its own: order, cancelling, a failing task, closing. */
class DedicatedSchedulerTest {

    private final AtomicReference<Thread> own = new AtomicReference<>();
    private final DedicatedScheduler scheduler = new DedicatedScheduler(task -> {
        Thread t = new Thread(task, "probe-thread");
        t.setDaemon(true);
        own.set(t);
        return t;
    });

    @Test
    void runsTimersOnItsOwnThreadInDueOrder() {
        List<String> ran = new CopyOnWriteArrayList<>();
        scheduler.schedule(Duration.ofMillis(60), () -> ran.add("third on " + Thread.currentThread().getName()));
        scheduler.schedule(Duration.ofMillis(20), () -> ran.add("second on " + Thread.currentThread().getName()));
        scheduler.schedule(Duration.ZERO, () -> ran.add("first on " + Thread.currentThread().getName()));

        Awaitility.await().until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("first on probe-thread", "second on probe-thread", "third on probe-thread");
        scheduler.close();
    }

    @Test
    void aTickMovesEachTimerToTheNearestMultipleOfTheTick() {
        assertThat(DedicatedScheduler.onTick(1_049, 100)).isEqualTo(1_000);
        assertThat(DedicatedScheduler.onTick(1_050, 100)).isEqualTo(1_100);
        assertThat(DedicatedScheduler.onTick(1_100, 100)).isEqualTo(1_100);
        assertThat(DedicatedScheduler.onTick(-1_049, 100)).isEqualTo(-1_000);
        assertThat(DedicatedScheduler.onTick(1_049, 0)).isEqualTo(1_049);
    }

    @Test
    void timersOnATickStillRunInDueOrder() {
        DedicatedScheduler ticking = new DedicatedScheduler(Thread.ofPlatform().daemon(true).factory(),
                Duration.ofMillis(50));
        List<String> ran = new CopyOnWriteArrayList<>();
        ticking.schedule(Duration.ofMillis(120), () -> ran.add("later"));
        ticking.schedule(Duration.ofMillis(5), () -> ran.add("sooner"));
        ticking.schedule(Duration.ofMillis(6), () -> ran.add("same tick, scheduled after"));

        Awaitility.await().until(() -> ran.size() == 3);
        assertThat(ran).containsExactly("sooner", "same tick, scheduled after", "later");
        ticking.close();
    }

    @Test
    void aTaskMayScheduleTheNextRunFromItsOwnThread() {
        List<Integer> runs = new CopyOnWriteArrayList<>();
        Runnable[] run = new Runnable[1];
        run[0] = () -> {
            runs.add(runs.size() + 1);
            if (runs.size() < 3) {
                scheduler.schedule(Duration.ofMillis(5), run[0]);
            }
        };
        scheduler.schedule(Duration.ZERO, run[0]);

        Awaitility.await().until(() -> runs.size() == 3);
        assertThat(runs).containsExactly(1, 2, 3);
        scheduler.close();
    }

    @Test
    void aCancelledTimerDoesNotRunAndAFailingTaskDoesNotStopTheLaterOnes() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Scheduler.Cancellable cancelled = scheduler.schedule(Duration.ofMillis(10), () -> ran.add("cancelled"));
        scheduler.schedule(Duration.ofMillis(20), () -> {
            throw new IllegalStateException("broken task");
        });
        scheduler.schedule(Duration.ofMillis(40), () -> ran.add("after the failure"));
        cancelled.cancel();

        Awaitility.await().until(() -> ran.contains("after the failure"));
        assertThat(ran).containsExactly("after the failure");
        scheduler.close();
    }

    @Test
    void closingDropsWhatIsPendingAndEndsTheThreadOnceTheRunningTaskReturns() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        scheduler.schedule(Duration.ZERO, () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("blocking task returned");
        });
        scheduler.schedule(Duration.ZERO, () -> ran.add("pending"));
        running.await();

        scheduler.close();
        assertThat(own.get().isAlive()).isTrue();
        release.countDown();

        Awaitility.await().until(() -> !own.get().isAlive());
        assertThat(ran).containsExactly("blocking task returned");
        scheduler.schedule(Duration.ZERO, () -> ran.add("after close"));
        assertThat(ran).containsExactly("blocking task returned");
    }
}

package dev.vigil.runtime;

import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Runtime} must do, whatever it runs instances on. A runtime's test subclasses this
 * and says how to build a few small programs with its mechanism.
 */
public abstract class RuntimeContract {

    /** Long enough for a slow CI host, short enough that a broken runtime fails fast. */
    protected static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    protected Path tempDir;

    protected Runtime runtime;

    private final List<Instance> started = new CopyOnWriteArrayList<>();

    /** A fresh runtime keeping whatever it writes (logs) under {@code tempDir}. */
    protected abstract Runtime runtime(Path tempDir);

    /** A program that sleeps until it is stopped, and dies of SIGTERM. */
    protected abstract ServiceSpec sleeper(String name);

    /** A program that exits by itself at once with {@code code}. */
    protected abstract ServiceSpec exitingWith(String name, int code);

    /** A program that ignores SIGTERM and prints {@code ready} once it does. */
    protected abstract ServiceSpec ignoringTerm(String name);

    /** A program that prints {@code lines}, one per line, to stdout and then sleeps. */
    protected abstract ServiceSpec printing(String name, List<String> lines);

    @BeforeEach
    void createRuntime() {
        runtime = runtime(tempDir);
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            CompletableFuture<?>[] stops = started.stream()
                    .map(i -> i.stop(new StopSpec(Signal.KILL, Duration.ZERO)))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(stops).get(30, TimeUnit.SECONDS);
        } finally {
            runtime.close();
        }
    }

    /** Starts an instance that the test's cleanup will stop, whatever happens. */
    protected Instance start(ServiceSpec spec) {
        return start(spec, Slot.PRIMARY);
    }

    protected Instance start(ServiceSpec spec, Slot slot) {
        Instance instance = runtime.start(spec, slot);
        started.add(instance);
        return instance;
    }

    protected static ConditionFactory await() {
        return Awaitility.await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).pollDelay(Duration.ZERO);
    }

    protected static ExitStatus exitOf(CompletableFuture<ExitStatus> future) throws Exception {
        return future.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void aStartedInstanceIsAliveWithAPid() {
        Instant before = Instant.now();
        Instance instance = start(sleeper("sleeper"));
        Instant after = Instant.now();

        assertThat(instance.isAlive()).isTrue();
        assertThat(instance.service()).isEqualTo("sleeper");
        assertThat(instance.id()).isNotBlank();
        assertThat(instance.pid()).isPresent();
        assertThat(ProcessHandle.of(instance.pid().getAsLong())).as("pid %s on this host", instance.pid()).isPresent();
        assertThat(instance.startedAt()).isBetween(before, after);
        assertThat(instance.onExit()).isNotDone();
    }

    @Test
    void reportsTheExitCode() throws Exception {
        Instance instance = start(exitingWith("exits", 3));

        assertThat(exitOf(instance.onExit())).isEqualTo(ExitStatus.exited(3));
        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void reportsACleanExit() throws Exception {
        Instance instance = start(exitingWith("exits", 0));

        assertThat(exitOf(instance.onExit()).success()).isTrue();
    }

    @Test
    void reportsDeathBySignal() throws Exception {
        Instance instance = start(sleeper("sleeper"));

        instance.signal(Signal.KILL);

        assertThat(exitOf(instance.onExit())).isEqualTo(ExitStatus.killed(Signal.KILL.number()));
    }

    @Test
    void stopsWithTheGracefulSignal() throws Exception {
        Instance instance = start(sleeper("sleeper"));
        long began = System.nanoTime();

        ExitStatus status = exitOf(instance.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(30))));

        assertThat(status).isEqualTo(ExitStatus.killed(Signal.TERM.number()));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(PROMPTLY);
        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void stopEscalatesToKillAfterTheGracePeriod() throws Exception {
        Instance instance = start(ignoringTerm("stubborn"));
        await().until(() -> instance.lastLogLines(10).contains("ready"));
        Duration grace = Duration.ofMillis(300);
        long began = System.nanoTime();

        ExitStatus status = exitOf(instance.stop(new StopSpec(Signal.TERM, grace)));

        assertThat(status).isEqualTo(ExitStatus.killed(Signal.KILL.number()));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(grace);
    }

    @Test
    void stoppingTwiceIsSafe() throws Exception {
        Instance instance = start(sleeper("sleeper"));

        CompletableFuture<ExitStatus> first = instance.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(30)));
        CompletableFuture<ExitStatus> second = instance.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(30)));

        assertThat(exitOf(first)).isEqualTo(exitOf(second));
        assertThat(exitOf(instance.stop(StopSpec.DEFAULT))).isEqualTo(exitOf(first));
    }

    @Test
    void stoppingAnEndedInstanceReportsHowItEnded() throws Exception {
        Instance instance = start(exitingWith("exits", 4));
        exitOf(instance.onExit());

        assertThat(exitOf(instance.stop(StopSpec.DEFAULT))).isEqualTo(ExitStatus.exited(4));
    }

    @Test
    void signallingAnEndedInstanceIsIgnored() throws Exception {
        Instance instance = start(exitingWith("exits", 0));
        exitOf(instance.onExit());

        instance.signal(Signal.TERM);

        assertThat(exitOf(instance.onExit())).isEqualTo(ExitStatus.exited(0));
    }

    @Test
    void twoSlotsOfOneServiceRunAtOnceAndStopIndependently() throws Exception {
        Slot next = Slot.of("next");
        Instance primary = start(printing("twin", List.of("old")));
        Instance second = start(printing("twin", List.of("new")), next);
        await().until(() -> primary.lastLogLines(10).contains("old") && second.lastLogLines(10).contains("new"));

        assertThat(List.of(primary.slot(), second.slot())).containsExactly(Slot.PRIMARY, next);
        assertThat(second.id()).isNotEqualTo(primary.id());
        assertThat(second.pid()).isNotEqualTo(primary.pid());
        assertThat(primary.lastLogLines(10)).containsExactly("old");
        assertThat(second.lastLogLines(10)).containsExactly("new");

        exitOf(second.stop(new StopSpec(Signal.KILL, Duration.ZERO)));
        assertThat(second.isAlive()).isFalse();
        assertThat(primary.isAlive()).isTrue();

        Instance again = start(printing("twin", List.of("newer")), next);
        await().until(() -> again.lastLogLines(10).contains("newer"));
        exitOf(primary.stop(new StopSpec(Signal.KILL, Duration.ZERO)));
        assertThat(primary.isAlive()).isFalse();
        assertThat(again.isAlive()).isTrue();
    }

    @Test
    void keepsTheLastLinesItPrinted() {
        Instance instance = start(printing("talker", List.of("one", "two", "three")));

        await().until(() -> instance.lastLogLines(10).equals(List.of("one", "two", "three")));
        assertThat(instance.lastLogLines(2)).containsExactly("two", "three");
        assertThat(instance.lastLogLines(0)).isEmpty();
    }
}

package dev.vigil.supervise;

import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent.InstanceExited;
import dev.vigil.event.ServiceEvent.InstanceStarted;
import dev.vigil.event.ServiceEvent.RestartScheduled;
import dev.vigil.health.ProbeResult;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

import static dev.vigil.supervise.Specs.aService;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a crashed instance's last log lines (a file, or an engine round trip for a container) happens off the
 * lane: the restart does not wait for it, and the events still come out in the order they were decided.
 */
class SlowLogLinesTest {

    private final Harness h = new Harness();
    private final ArrayDeque<Runnable> slowReads = new ArrayDeque<>();

    @Test
    void theRestartGoesAheadWhileTheLinesAreReadAndTheEventsKeepTheirOrder() {
        Executor held = slowReads::add; // blocking work waits here until the test lets it run
        Supervisor.Context context = new Supervisor.Context(h.runtime, h.scheduler, h.events::add,
                (service, probe) -> () -> new ProbeResult.Healthy("ok"), held, RandomGenerator.of("L64X128MixRandom"),
                HttpClient.newHttpClient());
        Supervisor s = new Supervisor(aService("api"), context, h.context.blocking(), DependencyGate.NONE, st -> { });
        s.start();
        h.advance(Duration.ofMinutes(5));
        int before = h.events.size();

        h.runtime.current("api").crash(3);
        h.drain();

        assertThat(h.runtime.started("api")).as("restarted before the lines were read").hasSize(2);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(slowReads).hasSize(1);
        assertThat(h.events.subList(before, h.events.size())).as("held behind the exit's event").isEmpty();

        slowReads.poll().run();
        h.drain();

        List<Event> after = h.events.subList(before, h.events.size());
        assertThat(after.get(0)).isInstanceOfSatisfying(InstanceExited.class, e ->
                assertThat(e.lastLines()).containsExactly("booting", "ready", "fatal: simulated crash"));
        assertThat(after.get(1)).isInstanceOf(RestartScheduled.class);
        assertThat(after).filteredOn(InstanceStarted.class::isInstance).hasSize(1);
        assertThat(after.indexOf(after.stream().filter(InstanceStarted.class::isInstance).findFirst().orElseThrow()))
                .isGreaterThan(1);
    }
}

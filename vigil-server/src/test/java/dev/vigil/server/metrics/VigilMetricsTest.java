package dev.vigil.server.metrics;

import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StoredEvent;
import dev.vigil.health.ProbeResult;
import dev.vigil.supervise.ServiceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.vigil.server.metrics.StackWorld.aProbedService;
import static dev.vigil.server.metrics.StackWorld.aService;
import static org.assertj.core.api.Assertions.assertThat;

class VigilMetricsTest {

    private StackWorld world;

    @AfterEach
    void close() {
        world.metrics.close();
    }

    @Test
    void eachServiceHasOneStateSeriesPerStateWithOneForTheCurrentState() {
        world = new StackWorld(aService("web"), aService("worker"));
        Scrape before = world.scrape();
        assertThat(before.valueOf("vigil_service_state{service=\"web\",state=\"pending\"}")).isEqualTo(1.0);

        world.start();

        Scrape s = world.scrape();
        for (ServiceState state : ServiceState.values()) {
            assertThat(s.valueOf("vigil_service_state{service=\"web\",state=\"" + state.label() + "\"}"))
                    .as(state.label())
                    .isEqualTo(state == ServiceState.RUNNING ? 1.0 : 0.0);
        }
        assertThat(s.count("vigil_service_state")).isEqualTo(2L * ServiceState.values().length);
        assertThat(s.valueOf("vigil_service_healthy{service=\"web\"}")).isEqualTo(1.0);
    }

    @Test
    void uptimeFollowsTheSchedulersClockAndRestartsCountEveryRestart() {
        world = new StackWorld(aService("web"));
        world.start();
        world.advance(Duration.ofSeconds(90));
        assertThat(world.scrape().valueOf("vigil_service_uptime_seconds{service=\"web\"}")).isEqualTo(90.0);
        assertThat(world.scrape().valueOf("vigil_service_restarts_total{service=\"web\"}")).isZero();

        world.runtime.crash("web"); // after a stable run: restarted at once
        world.drain();
        world.runtime.crash("web"); // again at once: backoff
        world.drain();
        Scrape backingOff = world.scrape();
        assertThat(backingOff.valueOf("vigil_service_state{service=\"web\",state=\"backoff\"}")).isEqualTo(1.0);
        assertThat(backingOff.valueOf("vigil_service_healthy{service=\"web\"}")).isZero();
        assertThat(backingOff.valueOf("vigil_service_uptime_seconds{service=\"web\"}")).isZero();
        assertThat(backingOff.valueOf("vigil_service_restarts_total{service=\"web\"}")).isEqualTo(2.0);

        world.advance(Duration.ofSeconds(1)); // the backoff delay
        world.advance(Duration.ofSeconds(5));
        Scrape s = world.scrape();
        assertThat(s.valueOf("vigil_service_state{service=\"web\",state=\"running\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_service_healthy{service=\"web\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_service_uptime_seconds{service=\"web\"}")).isEqualTo(5.0);
    }

    @Test
    void aProbedServiceIsHealthyOnlyOnceItsProbesPass() {
        world = new StackWorld(aProbedService("api"));
        world.start();
        world.advance(Duration.ofMillis(50));
        Scrape starting = world.scrape();
        assertThat(starting.valueOf("vigil_service_state{service=\"api\",state=\"starting\"}")).isEqualTo(1.0);
        assertThat(starting.valueOf("vigil_service_healthy{service=\"api\"}")).isZero();

        world.probeResults.put("api", new ProbeResult.Healthy("200 in 1ms"));
        world.advance(Duration.ofMillis(200));
        Scrape s = world.scrape();
        assertThat(s.valueOf("vigil_service_state{service=\"api\",state=\"healthy\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_service_healthy{service=\"api\"}")).isEqualTo(1.0);
    }

    @Test
    void probeRunsAreTimedAndTheirFailuresCountedByResult() {
        world = new StackWorld(aProbedService("api"));
        world.start();
        world.advance(Duration.ofMillis(350)); // the start period runs the probe every 100ms: unhealthy each time
        world.probeResults.put("api", new ProbeResult.Unknown("could not run probe"));
        world.advance(Duration.ofMillis(300));

        String labels = "probe=\"http http://127.0.0.1:1/api\",service=\"api\"";
        Scrape s = world.scrape();
        double runs = s.valueOf("vigil_probe_duration_seconds_count{" + labels + "}");
        double unhealthy = s.valueOf("vigil_probe_failures_total{" + failure("unhealthy") + "}");
        double unknown = s.valueOf("vigil_probe_failures_total{" + failure("unknown") + "}");
        assertThat(unhealthy).isGreaterThanOrEqualTo(3.0);
        assertThat(unknown).isGreaterThanOrEqualTo(2.0);
        assertThat(runs).isEqualTo(unhealthy + unknown);
    }

    @Test
    void probeDurationsFallIntoBucketsFromOneMillisecondToTenSeconds() {
        world = new StackWorld(aProbedService("api"));
        var spec = world.stack.stack().services().get(0).health().get(0);
        var observer = world.metrics.probeObserver();
        observer.onResult("api", spec, new ProbeResult.Healthy("200"), Duration.ofMillis(3));
        observer.onResult("api", spec, new ProbeResult.Healthy("200"), Duration.ofMillis(700));
        observer.onResult("api", spec, new ProbeResult.Unhealthy("timed out"), Duration.ofSeconds(20));

        String labels = "probe=\"http http://127.0.0.1:1/api\",service=\"api\"";
        Scrape s = world.scrape();
        assertThat(s.valueOf("vigil_probe_duration_seconds_bucket{" + labels + ",le=\"0.001\"}")).isZero();
        assertThat(s.valueOf("vigil_probe_duration_seconds_bucket{" + labels + ",le=\"0.005\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_probe_duration_seconds_bucket{" + labels + ",le=\"1.0\"}")).isEqualTo(2.0);
        assertThat(s.valueOf("vigil_probe_duration_seconds_bucket{" + labels + ",le=\"10.0\"}")).isEqualTo(2.0);
        assertThat(s.valueOf("vigil_probe_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}")).isEqualTo(3.0);
        assertThat(s.valueOf("vigil_probe_duration_seconds_sum{" + labels + "}")).isEqualTo(20.703);
        assertThat(s.count("vigil_probe_duration_seconds_bucket")).isEqualTo(14);
    }

    @Test
    void probeMetersAreBuiltOnceAndReusedOnEveryRun() {
        world = new StackWorld(aProbedService("api"));
        var spec = world.stack.stack().services().get(0).health().get(0);
        var observer = world.metrics.probeObserver();
        observer.onResult("api", spec, new ProbeResult.Unhealthy("503"), Duration.ofMillis(3));
        int meters = world.metrics.registry().getMeters().size();

        for (int i = 0; i < 1000; i++) {
            observer.onResult("api", spec, new ProbeResult.Unhealthy("503"), Duration.ofMillis(3));
        }

        assertThat(world.metrics.registry().getMeters()).hasSize(meters);
        assertThat(world.scrape().valueOf(
                "vigil_probe_failures_total{probe=\"http http://127.0.0.1:1/api\",result=\"unhealthy\",service=\"api\"}"))
                .isEqualTo(1001.0);
    }

    @Test
    void eventsAreCountedByTypeAndEveryTypeHasASeriesFromTheStart() {
        world = new StackWorld(aService("web"));
        Scrape before = world.scrape();
        assertThat(before.valueOf("vigil_events_total{type=\"GaveUp\"}")).isZero();
        assertThat(before.valueOf("vigil_events_total{type=\"StackStopped\"}")).isZero();

        world.start();
        world.runtime.crash("web");
        world.advance(Duration.ofSeconds(1));

        Scrape s = world.scrape();
        assertThat(s.valueOf("vigil_events_total{type=\"StackStarting\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_events_total{type=\"InstanceStarted\"}")).isEqualTo(2.0);
        assertThat(s.valueOf("vigil_events_total{type=\"InstanceExited\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_events_total{type=\"RestartScheduled\"}")).isEqualTo(1.0);
        assertThat(s.valueOf("vigil_events_total{type=\"GaveUp\"}")).isZero();

        world.metrics.eventListener().onEvent(new StoredEvent(99, new ServiceEvent.GaveUp(Instant.EPOCH, "web", 5,
                "1m", "exited with code 1", List.of())));
        assertThat(world.scrape().valueOf("vigil_events_total{type=\"GaveUp\"}")).isEqualTo(1.0);
    }

    @Test
    void showsItsVersionAndItsOwnJvm() {
        world = new StackWorld(aService("web"));
        Scrape s = world.scrape();
        assertThat(s.valueOf("vigil_info{version=\"1.2.3-test\"}")).isEqualTo(1.0);
        assertThat(s.count("jvm_memory_used_bytes")).isPositive();
        assertThat(s.count("jvm_gc_memory_allocated_bytes_total")).isPositive();
        assertThat(s.valueOf("jvm_threads_live_threads")).isPositive();
        assertThat(s.valueOf("jvm_classes_loaded_classes")).isPositive();
        assertThat(s.valueOf("system_cpu_count")).isPositive();
        assertThat(s.valueOf("process_uptime_seconds")).isPositive();
        assertThat(s.text()).doesNotContain("NaN");
    }

    private static String failure(String result) {
        return "probe=\"http http://127.0.0.1:1/api\",result=\"" + result + "\",service=\"api\"";
    }

    @Test
    void watchesOneStackOnly() {
        world = new StackWorld(aService("web"));
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> world.metrics.watch(world.stack));
    }
}

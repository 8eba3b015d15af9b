package dev.vigil.collect;

import dev.vigil.event.Cause;
import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StackEvent;
import dev.vigil.event.StoredEvent;
import dev.vigil.health.ProbeStatus;
import dev.vigil.metrics.AppendResult;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.supervise.ServiceState;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class EventSeriesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final ManualScheduler clock = new ManualScheduler(T0);
    private final InMemoryMetricStore store = new InMemoryMetricStore();
    private final List<AppendResult> appends = new ArrayList<>();
    private final List<ServiceStatus> statuses = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final EventSeries series = new EventSeries((t, r) -> appends.add(store.append(t, r)), clock,
            () -> List.copyOf(statuses));

    private void deliver(Event event) {
        series.onEvent(new StoredEvent(ids.incrementAndGet(), event));
    }

    private List<Sample> samples(Labels labels) {
        List<Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            matchers.add(Matcher.eq(labels.name(i), labels.valueAt(i)));
        }
        List<Series> found = store.select(new Selection(matchers, 0, Long.MAX_VALUE)).stream()
                .filter(s -> s.labels().equals(labels)).toList();
        return found.isEmpty() ? List.of() : found.get(0).samples();
    }

    private static Labels events(String type, String service, String cause) {
        return Labels.metric("vigil_events_total", "type", type, "service", service, "cause", cause);
    }

    private static Labels state(String service, String state) {
        return Labels.metric("vigil_service_state", "service", service, "state", state);
    }

    private static ServiceStatus status(String name, ServiceState state) {
        return new ServiceStatus(name, state, ProbeStatus.UNKNOWN, false, 0, OptionalLong.empty(), T0, Optional.empty(), "");
    }

    @Test
    void aCounterIsWrittenAtOnceFromZeroAndCountsEachEvent() {
        deliver(new ServiceEvent.RestartScheduled(T0, "api", Cause.CRASH, "exit 1", 1, 0, 1, "1m"));
        deliver(new ServiceEvent.RestartScheduled(T0, "api", Cause.CRASH, "exit 1", 2, 0, 2, "1m"));
        deliver(new StackEvent.StackStarted(T0.plusSeconds(1), "shop", 10));

        assertThat(samples(events("RestartScheduled", "api", "crash"))).extracting(Sample::value)
                .containsExactly(0.0, 1.0, 2.0);
        assertThat(samples(events("StackStarted", "", ""))).as("no service label for a stack event")
                .extracting(Sample::value).containsExactly(0.0, 1.0);
        assertThat(appends).as("events at the same time still go in one after the other")
                .allSatisfy(a -> assertThat(a.rejected()).isZero());
    }

    @Test
    void stateIsOneHotFromTheSupervisorsStatusesAndItsChanges() {
        statuses.add(status("api", ServiceState.STARTING));
        series.start();
        assertThat(samples(state("api", "starting"))).extracting(Sample::value).containsExactly(1.0);

        clock.advance(Duration.ofSeconds(5));
        deliver(new ServiceEvent.StateChanged(clock.now(), "api", "starting", "unhealthy", "probe failed"));

        assertThat(samples(state("api", "unhealthy"))).extracting(Sample::value).containsExactly(1.0);
        assertThat(samples(state("api", "starting"))).extracting(Sample::value).containsExactly(1.0, 0.0);
        assertThat(samples(state("api", "healthy"))).as("only states it was in").isEmpty();
    }

    @Test
    void everyValueIsWrittenAgainEachRefreshSoNothingGoesStale() {
        statuses.add(status("api", ServiceState.HEALTHY));
        series.start();
        deliver(new ServiceEvent.GaveUp(T0, "web", 5, "1m", "exit 1", List.of()));

        clock.advance(Duration.ofMinutes(3));

        assertThat(samples(events("GaveUp", "web", ""))).extracting(Sample::timestampMs)
                .contains(T0.plus(Duration.ofMinutes(3)).toEpochMilli());
        assertThat(samples(state("api", "healthy"))).hasSize(4);
        assertThat(appends).allSatisfy(a -> assertThat(a.rejected()).isZero());
    }

    @Test
    void aFindingIsOneWhileOpenZeroOnceResolvedThenNoLongerWritten() {
        series.start();
        Instant reaches = T0.plus(Duration.ofHours(6));
        deliver(new StackEvent.FindingOpened(T0, "shop", "f1", Optional.of("api"), "memory", "api", 1000, 0.99, 600,
                5e8, 1e9, reaches, "memory of api grows"));
        Labels open = Labels.metric("vigil_finding_open", "finding", "f1", "service", "api", "kind", "memory",
                "subject", "api");
        Labels eta = Labels.metric("vigil_finding_reaches_at_seconds", "finding", "f1", "service", "api",
                "kind", "memory", "subject", "api");
        assertThat(samples(open)).extracting(Sample::value).containsExactly(1.0);
        assertThat(samples(eta)).extracting(Sample::value).containsExactly((double) reaches.getEpochSecond());

        clock.advance(Duration.ofSeconds(30));
        deliver(new StackEvent.FindingResolved(clock.now(), "shop", "f1", Optional.of("api"), "memory", "api", T0,
                "instance replaced"));
        clock.advance(Duration.ofMinutes(2));

        assertThat(samples(open)).extracting(Sample::value).containsExactly(1.0, 0.0);
        assertThat(series.readings()).noneMatch(r -> r.labels().metricName().startsWith("vigil_finding"));
    }

    @Test
    void aServiceNoLongerSupervisedIsNoLongerWritten() {
        statuses.add(status("api", ServiceState.HEALTHY));
        series.start();
        statuses.clear();
        clock.advance(Duration.ofMinutes(1));

        assertThat(series.readings()).extracting(Reading::labels).noneMatch(l -> l.metricName().equals("vigil_service_state"));
    }

    @Test
    void closeEndsTheRefreshes() {
        series.start();
        series.close();

        assertThat(clock.pendingTimers()).isZero();
    }
}

package dev.vigil.alerting.route;

import dev.vigil.alerting.RouteSpec;
import dev.vigil.alerting.EscalationStep;

import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What Alertmanager lacks: holding dependents under a down service, acknowledgements, escalation. */
class DispatcherExtrasTest {

    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    private final ManualScheduler clock = new ManualScheduler(t0);
    private final List<Notification> sent = new ArrayList<>();
    private final Map<String, Instant> ackedUntil = new ConcurrentHashMap<>();

    private final RouteSpec byService = new RouteSpec(Optional.of("oncall"), Optional.of(List.of("alertname", "service")),
            List.of(), false, Optional.of(Duration.ofSeconds(10)), Optional.of(Duration.ofMinutes(1)),
            Optional.of(Duration.ofMinutes(5)), List.of(), List.of(), List.of());

    private Dispatcher dispatcher(Optional<DependencyHolds> holds, Map<String, List<EscalationStep>> escalations) {
        AlertGroup.Context context = new AlertGroup.Context(clock, AlertGroup.Muter.NONE, AlertGroup.TimeIntervals.of(Map.of()), n -> sent.add(n),
                (fingerprint, now) -> ackedUntil.containsKey(fingerprint) && now.isBefore(ackedUntil.get(fingerprint)),
                escalations, alerts -> List.of(), NotificationLog.NONE);
        return new Dispatcher(Route.tree(byService), context, holds);
    }

    private Alert alert(String name, String service, String severity) {
        return Alert.firing(Map.of("alertname", name, "service", service, "severity", severity), clock.now());
    }

    @Test
    void aDatabaseOutageIsOnePageNamingItsFiveDependents() {
        DependencyHolds holds = new DependencyHolds(Map.of(
                "api", Set.of("db"), "worker", Set.of("db"), "web", Set.of("api"), "cron", Set.of("worker"),
                "mail", Set.of("worker", "cache")), DependencyHolds.CRITICAL);
        Dispatcher d = dispatcher(Optional.of(holds), Map.of());
        Alert db = alert("ServiceDown", "db", "critical");
        d.receive(db);
        clock.advance(Duration.ofSeconds(3));
        for (String s : List.of("api", "web", "worker", "cron", "mail")) {
            d.receive(alert("ServiceDown", s, "critical"));
        }
        d.receive(alert("Slow", "cache", "warning")); // cache depends on nothing down: told on its own
        clock.advance(Duration.ofMinutes(2));

        List<Notification> pages = sent.stream().filter(n -> n.groupLabels().get("alertname").equals("ServiceDown")).toList();
        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).firing()).containsExactly(db);
        assertThat(pages.get(0).affected()).containsExactly("api", "cron", "mail", "web", "worker");
        assertThat(sent).filteredOn(n -> n.groupLabels().get("service").equals("cache")).hasSize(1);

        d.receive(db.resolvedAt(clock.now()));
        clock.advance(Duration.ofMinutes(1));
        List<Notification> after = sent.subList(pages.size() + 1, sent.size());
        assertThat(after).extracting(n -> n.groupLabels().get("service")).as("the database told resolved; its direct"
                + " dependents, still down, are the roots now").containsExactlyInAnyOrder("api", "db", "worker");
        assertThat(after).filteredOn(n -> n.groupLabels().get("service").equals("api")).singleElement()
                .satisfies(n -> assertThat(n.affected()).containsExactly("web"));
        assertThat(after).filteredOn(n -> n.groupLabels().get("service").equals("worker")).singleElement()
                .satisfies(n -> assertThat(n.affected()).containsExactly("cron", "mail"));
    }

    @Test
    void dependentsHeldAfterTheFirstPageAreToldOnceInAnUpdateNamingThem() {
        DependencyHolds holds = new DependencyHolds(Map.of("api", Set.of("db"), "worker", Set.of("db")),
                DependencyHolds.CRITICAL);
        Dispatcher d = dispatcher(Optional.of(holds), Map.of());
        d.receive(alert("ServiceDown", "db", "critical"));
        clock.advance(Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).affected()).isEmpty();

        d.receive(alert("NotReady", "api", "warning"));
        d.receive(alert("NotReady", "worker", "warning"));
        clock.advance(Duration.ofMinutes(4));
        List<Notification> db = sent.stream().filter(n -> n.groupLabels().get("service").equals("db")).toList();
        assertThat(db).hasSize(2);
        assertThat(db.get(1).affected()).containsExactly("api", "worker");
        assertThat(sent).as("the dependents' own groups say nothing").hasSize(2);
    }

    @Test
    void anAcknowledgedAlertIsNotRepeatedButANewOneIsToldAndTheAckCanRunOut() {
        Dispatcher d = dispatcher(Optional.empty(), Map.of());
        Alert api = alert("Down", "api", "critical");
        d.receive(api);
        clock.advance(Duration.ofSeconds(10));
        assertThat(sent).hasSize(1);
        ackedUntil.put(api.fingerprint(), t0.plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(20));
        assertThat(sent).as("no repeats while acknowledged").hasSize(1);
        clock.advance(Duration.ofMinutes(14)); // the ack ran out at 30m; the look at 30m10s repeats
        assertThat(sent).hasSize(2);
    }

    @Test
    void nobodyAcknowledgedSoTheNextStepIsToldAndThenHearsTheResolution() {
        Dispatcher d = dispatcher(Optional.empty(), Map.of("oncall", List.of(
                new EscalationStep("oncall", Duration.ZERO), new EscalationStep("team-lead", Duration.ofMinutes(15)))));
        Alert api = alert("Down", "api", "critical");
        d.receive(api);
        clock.advance(Duration.ofSeconds(10));
        clock.advance(Duration.ofMinutes(14));
        assertThat(sent).extracting(Notification::receiver).doesNotContain("team-lead");
        clock.advance(Duration.ofMinutes(1)); // 15m10s: a look 15 minutes after the first notification
        assertThat(sent.get(sent.size() - 1).receiver()).isEqualTo("team-lead");
        assertThat(sent.get(sent.size() - 1).escalation()).isEqualTo(1);

        d.receive(api.resolvedAt(clock.now()));
        clock.advance(Duration.ofMinutes(1));
        List<Notification> last = sent.subList(sent.size() - 2, sent.size());
        assertThat(last).extracting(Notification::receiver).containsExactly("oncall", "team-lead");
        assertThat(last).allSatisfy(n -> assertThat(n.resolved()).containsExactly(api.resolvedAt(clock.now().minusSeconds(60))));
    }

    @Test
    void anAcknowledgementStopsTheEscalation() {
        Dispatcher d = dispatcher(Optional.empty(), Map.of("oncall", List.of(
                new EscalationStep("team-lead", Duration.ofMinutes(15)))));
        Alert api = alert("Down", "api", "critical");
        d.receive(api);
        clock.advance(Duration.ofMinutes(5));
        ackedUntil.put(api.fingerprint(), t0.plus(Duration.ofHours(2)));
        clock.advance(Duration.ofMinutes(60));
        assertThat(sent).extracting(Notification::receiver).containsOnly("oncall");
    }
}

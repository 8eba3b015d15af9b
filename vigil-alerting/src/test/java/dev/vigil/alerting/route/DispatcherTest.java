package dev.vigil.alerting.route;

import dev.vigil.alerting.RouteSpec;
import dev.vigil.alerting.TimeInterval;
import dev.vigil.alerting.Matchers;

import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import static org.assertj.core.api.Assertions.assertThat;

/** When groups notify, on the manual clock: group_wait, group_interval, repeat_interval, resolves, silences. */
class DispatcherTest {

    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    private final ManualScheduler clock = new ManualScheduler(t0);
    private final List<Notification> sent = new ArrayList<>();
    private final List<Instant> sentAt = new ArrayList<>();
    private final Set<String> silenced = new CopyOnWriteArraySet<>();
    private boolean receiverUp = true;

    private Dispatcher dispatcher(RouteSpec root, Map<String, TimeInterval.Named> intervals) {
        return new Dispatcher(Route.tree(root), AlertGroup.Context.of(clock,
                (labels, now) -> silenced.contains(labels.get("service")), intervals, this::send), Optional.empty());
    }

    private boolean send(Notification n) {
        if (!receiverUp) {
            return false;
        }
        sent.add(n);
        sentAt.add(clock.now());
        return true;
    }

    private static RouteSpec root(Duration wait, Duration interval, Optional<Duration> repeat, List<String> mute) {
        RouteSpec child = new RouteSpec(Optional.empty(), Optional.empty(), List.of(Matchers.parse("team=night")),
                false, Optional.empty(), Optional.empty(), Optional.empty(), mute, List.of(), List.of());
        return new RouteSpec(Optional.of("team"), Optional.of(List.of("alertname")), List.of(), false,
                Optional.of(wait), Optional.of(interval), repeat, List.of(), List.of(), List.of(child));
    }

    private final Dispatcher d = dispatcher(root(Duration.ofSeconds(30), Duration.ofMinutes(1),
            Optional.of(Duration.ofMinutes(5)), List.of()), Map.of());

    private Alert alert(String name, String service) {
        return Alert.firing(Map.of("alertname", name, "service", service), clock.now());
    }

    private List<String> services(List<Alert> alerts) {
        return alerts.stream().map(a -> a.labels().get("service")).sorted().toList();
    }

    @Test
    void alertsArrivingWithinGroupWaitGoOutTogether() {
        d.receive(alert("Down", "api"));
        clock.advance(Duration.ofSeconds(20));
        d.receive(alert("Down", "web"));
        d.receive(alert("Slow", "db")); // another group
        clock.advance(Duration.ofSeconds(10));

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).groupKey()).isEqualTo("{}:{alertname=\"Down\"}");
        assertThat(services(sent.get(0).firing())).containsExactly("api", "web");
        clock.advance(Duration.ofSeconds(20));
        assertThat(sent).hasSize(2);
        assertThat(sentAt.get(1)).isEqualTo(t0.plusSeconds(50));
    }

    @Test
    void aNewAlertWaitsForTheNextGroupIntervalAndAnUnchangedGroupRepeats() {
        d.receive(alert("Down", "api"));
        clock.advance(Duration.ofSeconds(35));
        assertThat(sent).hasSize(1);
        d.receive(alert("Down", "web"));
        clock.advance(Duration.ofSeconds(54));
        assertThat(sent).hasSize(1);
        clock.advance(Duration.ofSeconds(1)); // t0 + 1m30s: the next look
        assertThat(sent).hasSize(2);
        assertThat(services(sent.get(1).firing())).containsExactly("api", "web");

        clock.advance(Duration.ofMinutes(4)); // looks at 2m30 ... 5m30 see nothing new
        assertThat(sent).hasSize(2);
        clock.advance(Duration.ofMinutes(1)); // 6m30: five minutes since the last
        assertThat(sent).hasSize(3);
        assertThat(sentAt.get(2)).isEqualTo(t0.plus(Duration.ofSeconds(390)));
    }

    @Test
    void anAlertThatFiredLongerThanGroupWaitIsSentAtOnce() {
        d.receive(Alert.firing(Map.of("alertname", "Down", "service", "api"), t0.minus(Duration.ofMinutes(2))));
        clock.runDue();
        assertThat(sent).hasSize(1);
        assertThat(sentAt.get(0)).isEqualTo(t0);
    }

    @Test
    void aResolvedAlertIsSentOnceAtTheNextLookThenLeavesTheGroup() {
        Alert api = alert("Down", "api");
        d.receive(api);
        d.receive(alert("Down", "web"));
        clock.advance(Duration.ofSeconds(30));
        d.receive(api.resolvedAt(clock.now()));
        clock.advance(Duration.ofMinutes(1));

        assertThat(sent).hasSize(2);
        assertThat(services(sent.get(1).resolved())).containsExactly("api");
        assertThat(services(sent.get(1).firing())).containsExactly("web");
        assertThat(d.groups()).hasSize(1);
        assertThat(services(d.groups().get(0).alerts())).containsExactly("web");
    }

    @Test
    void anAlertResolvedBeforeItWasEverSentIsNeverSent() {
        Alert api = alert("Down", "api");
        d.receive(api);
        clock.advance(Duration.ofSeconds(10));
        d.receive(api.resolvedAt(clock.now()));
        clock.advance(Duration.ofMinutes(10));
        assertThat(sent).isEmpty();
        assertThat(d.groups()).isEmpty();
    }

    @Test
    void aSilencedAlertIsLeftOutButItsResolutionIsStillSent() {
        d.receive(alert("Down", "api"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
        silenced.add("api");
        d.receive(alert("Down", "web"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(services(sent.get(1).firing())).as("api silenced").containsExactly("web");

        d.receive(alert("Down", "api").resolvedAt(clock.now()));
        clock.advance(Duration.ofMinutes(1));
        assertThat(sent).hasSize(3);
        assertThat(services(sent.get(2).resolved())).as("notified firing, so told resolved").containsExactly("api");
    }

    @Test
    void aSilencedNewAlertIsNotSentUntilTheSilenceEnds() {
        silenced.add("api");
        d.receive(alert("Down", "api"));
        clock.advance(Duration.ofMinutes(3));
        assertThat(sent).isEmpty();
        silenced.clear();
        clock.advance(Duration.ofMinutes(1));
        assertThat(sent).hasSize(1);
    }

    @Test
    void aFailedNotificationIsTriedAgainAtTheNextLook() {
        receiverUp = false;
        d.receive(alert("Down", "api"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(sent).isEmpty();
        receiverUp = true;
        clock.advance(Duration.ofMinutes(1));
        assertThat(sent).hasSize(1);
        assertThat(sentAt.get(0)).isEqualTo(t0.plusSeconds(90));
    }

    @Test
    void aMutedRouteSendsNothingUntilItsIntervalEnds() {
        TimeInterval firstHour = new TimeInterval(List.of(TimeInterval.times("10:00", "10:05")), List.of(), List.of(),
                List.of(), List.of(), java.time.ZoneId.of("UTC"));
        Dispatcher muted = dispatcher(root(Duration.ofSeconds(30), Duration.ofMinutes(1), Optional.empty(),
                List.of("early")), Map.of("early", new TimeInterval.Named("early", List.of(firstHour))));
        muted.receive(Alert.firing(Map.of("alertname", "Down", "team", "night", "service", "api"), clock.now()));
        muted.receive(alert("Down", "web")); // the root route: not muted
        clock.advance(Duration.ofMinutes(4));
        assertThat(sent).extracting(Notification::groupKey).containsExactly("{}:{alertname=\"Down\"}");
        clock.advance(Duration.ofSeconds(90)); // 10:05:30
        assertThat(sent).extracting(Notification::groupKey)
                .containsExactly("{}:{alertname=\"Down\"}", "{}/{team=\"night\"}:{alertname=\"Down\"}");
    }

    @Test
    void withoutARepeatIntervalACriticalGroupRepeatsEveryFiveMinutes() {
        Dispatcher bySeverity = dispatcher(root(Duration.ofSeconds(0), Duration.ofMinutes(1), Optional.empty(),
                List.of()), Map.of());
        bySeverity.receive(Alert.firing(Map.of("alertname", "Down", "severity", "critical"), clock.now()));
        bySeverity.receive(Alert.firing(Map.of("alertname", "Full", "severity", "warning"), clock.now()));
        clock.advance(Duration.ofMinutes(30));
        long critical = sent.stream().filter(n -> n.groupLabels().get("alertname").equals("Down")).count();
        long warning = sent.stream().filter(n -> n.groupLabels().get("alertname").equals("Full")).count();
        assertThat(critical).isEqualTo(7); // at 0, 5, 10, 15, 20, 25, 30 minutes
        assertThat(warning).isEqualTo(2); // at 0 and 30
    }

    @Test
    void afterARestartWhatWasToldIsNeitherRepeatedEarlyNorItsResolutionLost() {
        dev.vigil.alerting.MemoryAlertStore store = new dev.vigil.alerting.MemoryAlertStore();
        RouteSpec spec = root(Duration.ofSeconds(30), Duration.ofMinutes(1), Optional.of(Duration.ofHours(1)), List.of());
        Alert api = alert("Down", "api");
        Dispatcher before = new Dispatcher(Route.tree(spec), new AlertGroup.Context(clock, AlertGroup.Muter.NONE, AlertGroup.TimeIntervals.of(Map.of()),
                this::send, AlertGroup.Acks.NONE, Map.of(), a -> List.of(), NotificationLog.of(store)), Optional.empty());
        before.receive(api);
        clock.advance(Duration.ofSeconds(30));
        assertThat(sent).hasSize(1);
        before.close();

        clock.advance(Duration.ofMinutes(10)); // Vigil was down; its rules give the alert again when it is back
        Dispatcher after = new Dispatcher(Route.tree(spec), new AlertGroup.Context(clock, AlertGroup.Muter.NONE, AlertGroup.TimeIntervals.of(Map.of()),
                this::send, AlertGroup.Acks.NONE, Map.of(), a -> List.of(), NotificationLog.of(store)), Optional.empty());
        after.receive(api);
        clock.advance(Duration.ofMinutes(5));
        assertThat(sent).as("told an hour ago at most: no repeat").hasSize(1);

        after.receive(api.resolvedAt(clock.now()));
        clock.advance(Duration.ofMinutes(1));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).resolved()).hasSize(1);
        assertThat(store.notificationStates()).as("nothing left to tell").isEmpty();
    }
}

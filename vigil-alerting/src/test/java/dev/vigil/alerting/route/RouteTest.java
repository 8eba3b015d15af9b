package dev.vigil.alerting.route;

import dev.vigil.alerting.RouteSpec;
import dev.vigil.alerting.Matchers;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing tree as Alertmanager documents it (its configuration page's example and dispatch tests). */
class RouteTest {

    private static RouteSpec node(String receiver, List<String> matchers, Optional<List<String>> groupBy,
                                  boolean cont, Optional<Duration> groupWait, List<RouteSpec> routes) {
        return new RouteSpec(Optional.ofNullable(receiver), groupBy,
                matchers.stream().map(Matchers::parse).toList(), cont, groupWait, Optional.empty(), Optional.empty(),
                List.of(), List.of(), routes);
    }

    /*
     * route:
     *   receiver: default-receiver
     *   group_by: [cluster, alertname]
     *   routes:
     *   - receiver: database-pager
     *     group_wait: 10s
     *     matchers: [service=~"mysql|cassandra"]
     *   - receiver: frontend-pager
     *     group_by: [product, environment]
     *     matchers: [team="frontend"]
     *   - matchers: [owner="team-X"]
     *     receiver: team-X-mails
     *     continue: true
     *     routes:
     *     - matchers: [severity="critical"]
     *       receiver: team-X-pager
     *   - matchers: [owner=~"team-X|team-Y"]
     *     receiver: team-XY-mails
     */
    private final Route tree = Route.tree(node("default-receiver", List.of(), Optional.of(List.of("cluster", "alertname")),
            false, Optional.empty(), List.of(
                    node("database-pager", List.of("service=~\"mysql|cassandra\""), Optional.empty(), false,
                            Optional.of(Duration.ofSeconds(10)), List.of()),
                    node("frontend-pager", List.of("team=\"frontend\""), Optional.of(List.of("product", "environment")),
                            false, Optional.empty(), List.of()),
                    node("team-X-mails", List.of("owner=\"team-X\""), Optional.empty(), true, Optional.empty(), List.of(
                            node("team-X-pager", List.of("severity=\"critical\""), Optional.empty(), false,
                                    Optional.empty(), List.of()))),
                    node("team-XY-mails", List.of("owner=~\"team-X|team-Y\""), Optional.empty(), false,
                            Optional.empty(), List.of()))));

    private List<String> receivers(Map<String, String> labels) {
        return tree.match(labels).stream().map(Route::receiver).toList();
    }

    @Test
    void anAlertGoesToTheFirstMatchingBranchOrStaysAtTheRoot() {
        assertThat(receivers(Map.of("service", "mysql", "team", "frontend"))).containsExactly("database-pager");
        assertThat(receivers(Map.of("service", "web", "team", "frontend"))).containsExactly("frontend-pager");
        assertThat(receivers(Map.of("service", "web"))).containsExactly("default-receiver");
    }

    @Test
    void continueLetsLaterSiblingsMatchTooAndTheDeepestMatchTakesIt() {
        assertThat(receivers(Map.of("owner", "team-X"))).containsExactly("team-X-mails", "team-XY-mails");
        assertThat(receivers(Map.of("owner", "team-X", "severity", "critical")))
                .containsExactly("team-X-pager", "team-XY-mails");
        assertThat(receivers(Map.of("owner", "team-Y"))).containsExactly("team-XY-mails");
    }

    @Test
    void optionsAreInheritedUnlessSet() {
        Route db = tree.match(Map.of("service", "cassandra")).get(0);
        assertThat(db.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(db.groupInterval()).isEqualTo(Route.DEFAULT_GROUP_INTERVAL);
        assertThat(db.groupBy()).containsExactly("alertname", "cluster");
        Route frontend = tree.match(Map.of("team", "frontend")).get(0);
        assertThat(frontend.groupWait()).isEqualTo(Route.DEFAULT_GROUP_WAIT);
        assertThat(frontend.groupBy()).containsExactly("environment", "product");
    }

    @Test
    void groupKeysAreAlertmanagersStrings() {
        Map<String, String> labels = Map.of("alertname", "Down", "cluster", "eu", "service", "mysql", "x", "y");
        Route db = tree.match(labels).get(0);
        assertThat(db.groupLabels(labels)).containsExactly(Map.entry("alertname", "Down"), Map.entry("cluster", "eu"));
        assertThat(db.groupKey(labels)).isEqualTo("{}/{service=~\"mysql|cassandra\"}:{alertname=\"Down\", cluster=\"eu\"}");
        assertThat(db.id()).isEqualTo("{}/{service=~\"mysql|cassandra\"}/0");
        Route pager = tree.match(Map.of("owner", "team-X", "severity", "critical")).get(0);
        assertThat(pager.key()).isEqualTo("{}/{owner=\"team-X\"}/{severity=\"critical\"}");
    }

    @Test
    void groupingByEverythingKeepsEveryLabel() {
        Route all = Route.tree(node("r", List.of(), Optional.of(List.of("...")), false, Optional.empty(), List.of()));
        Map<String, String> labels = Map.of("b", "2", "a", "1");
        assertThat(all.groupByAll()).isTrue();
        assertThat(all.groupKey(labels)).isEqualTo("{}:{a=\"1\", b=\"2\"}");
        Route none = Route.tree(RouteSpec.to("r"));
        assertThat(none.groupKey(labels)).as("no group_by: one group").isEqualTo("{}:{}");
    }

    @Test
    void withoutARepeatIntervalTheMostSevereAlertSetsIt() {
        Route root = Route.tree(RouteSpec.to("r"));
        assertThat(root.repeatInterval(List.of(Map.of("severity", "critical"), Map.of("severity", "info"))))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(root.repeatInterval(List.of(Map.of("severity", "warning")))).isEqualTo(Duration.ofMinutes(30));
        assertThat(root.repeatInterval(List.of(Map.of("severity", "info"), Map.of()))).isEqualTo(Duration.ofHours(4));
        Route set = Route.tree(new RouteSpec(Optional.of("r"), Optional.empty(), List.of(), false, Optional.empty(),
                Optional.empty(), Optional.of(Duration.ofHours(1)), List.of(), List.of(), List.of(RouteSpec.to("s"))));
        assertThat(set.routes().get(0).repeatInterval(List.of(Map.of("severity", "critical"))))
                .as("inherited, whatever the severity").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aTreeIsCheckedAsAlertmanagerChecksIt() {
        RouteSpec bad = new RouteSpec(Optional.empty(), Optional.of(List.of("...", "a", "a", "1x")),
                List.of(Matchers.parse("a=b")), true, Optional.empty(), Optional.of(Duration.ZERO), Optional.empty(),
                List.of("nights"), List.of(), List.of(new RouteSpec(Optional.of("nobody"), Optional.empty(), List.of(),
                false, Optional.empty(), Optional.empty(), Optional.of(Duration.ZERO), List.of("weekends"),
                List.of(), List.of())));
        assertThat(bad.problems("alerting.route", Set.of("team"), Set.of("weekends"))).containsExactly(
                "alerting.route.receiver: the root route must name a receiver",
                "alerting.route.matchers: the root route must not have matchers (it receives every alert)",
                "alerting.route.continue: the root route cannot have continue set",
                "alerting.route: the root route must not have mute_time_intervals or active_time_intervals",
                "alerting.route.group_by: \"...\" groups by every label and must be the only entry",
                "alerting.route.group_by: \"a\" is listed twice",
                "alerting.route.group_by: \"1x\" is not a label name",
                "alerting.route.group_interval: must not be zero",
                "alerting.route.mute_time_intervals: no time interval named \"nights\" (defined: weekends)",
                "alerting.route.routes[0].receiver: no receiver named \"nobody\" (defined: team)",
                "alerting.route.routes[0].repeat_interval: must not be zero");
        assertThat(RouteSpec.to("team").problems("alerting.route", Set.of("team"), Set.of())).isEmpty();
    }
}

package dev.vigil.alerting.intake;

import dev.vigil.alerting.route.Alert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostedAlertsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void whatPrometheusSendsIsTakenAsAlertmanagerTakesIt() throws Exception {
        String body = """
                [{"labels": {"alertname": "Down", "service": "api", "empty": ""},
                  "annotations": {"summary": "api is down"},
                  "startsAt": "2026-12-01T09:58:00.123+01:00", "endsAt": "2026-12-01T10:04:00Z",
                  "generatorURL": "http://prometheus:9090/graph?g0.expr=up"},
                 {"labels": {"alertname": "Full"}},
                 {"labels": {"alertname": "Old"}, "endsAt": "2026-12-01T09:00:00Z"}]
                """;
        PostedAlerts.Result r = PostedAlerts.parse(body, NOW, PostedAlerts.RESOLVE_TIMEOUT);

        assertThat(r.problems()).isEmpty();
        Alert down = r.alerts().get(0);
        assertThat(down.labels()).containsExactly(Map.entry("alertname", "Down"), Map.entry("service", "api"));
        assertThat(down.startsAt()).isEqualTo(Instant.parse("2026-12-01T08:58:00.123Z"));
        assertThat(down.endsAt()).contains(Instant.parse("2026-12-01T10:04:00Z"));
        assertThat(down.generatorUrl()).isEqualTo("http://prometheus:9090/graph?g0.expr=up");
        Alert full = r.alerts().get(1);
        assertThat(full.startsAt()).as("no start: now").isEqualTo(NOW);
        assertThat(full.endsAt()).as("no end: resolve_timeout from now").contains(NOW.plus(Duration.ofMinutes(5)));
        Alert old = r.alerts().get(2);
        assertThat(old.startsAt()).as("only an end: it starts there").isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(old.resolved(NOW)).isTrue();
    }

    @Test
    void badAlertsAreNamedAndTheGoodOnesStillTaken() throws Exception {
        String body = """
                [{"labels": {}}, {"annotations": {"a": "b"}}, {"labels": {"bad-name": "x", "n": 1}},
                 {"labels": {"a": "b"}, "startsAt": "yesterday"}, 7,
                 {"labels": {"a": "b"}, "startsAt": "2026-12-01T10:00:00Z", "endsAt": "2026-12-01T09:00:00Z"},
                 {"labels": {"alertname": "Fine"}, "startsAt": "0001-01-01T00:00:00Z"}]
                """;
        PostedAlerts.Result r = PostedAlerts.parse(body, NOW, PostedAlerts.RESOLVE_TIMEOUT);

        assertThat(r.problems()).containsExactly(
                "[0].labels: at least one label pair required",
                "[1].labels: required",
                "[2].labels.n: expected a string, found a number",
                "[2].labels: invalid label name \"bad-name\"",
                "[3].startsAt: \"yesterday\" is not an RFC 3339 time",
                "[4]: expected an alert object, found a number",
                "[5]: start time must be before end time (startsAt 2026-12-01T10:00:00Z, endsAt 2026-12-01T09:00:00Z)");
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.labels()).containsEntry("alertname", "Fine");
            assertThat(a.startsAt()).as("Go's zero time is no time").isEqualTo(NOW);
            assertThat(a.endsAt()).isEqualTo(Optional.of(NOW.plus(Duration.ofMinutes(5))));
        });
    }

    @Test
    void aBodyThatIsNoListIsRefusedWhole() {
        assertThatThrownBy(() -> PostedAlerts.parse("{\"labels\": {}}", NOW, PostedAlerts.RESOLVE_TIMEOUT))
                .hasMessage("body: expected a JSON list of alerts, found an object");
        assertThatThrownBy(() -> PostedAlerts.parse("[{", NOW, PostedAlerts.RESOLVE_TIMEOUT))
                .hasMessageStartingWith("body: not JSON: ");
        assertThatThrownBy(() -> PostedAlerts.parse("", NOW, PostedAlerts.RESOLVE_TIMEOUT))
                .hasMessage("body: expected a JSON list of alerts, found nothing");
    }
}

package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil alerts} as a table: grouped by name, with what keeps each alert quiet. */
class AlertViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALERTS = """
            {"now": "2026-12-01T10:05:00Z", "alerts": [
              {"fingerprint": "3a429a6edd7eb7a1", "name": "ApiDown", "state": "active",
               "labels": {"alertname": "ApiDown", "service": "api", "severity": "critical"},
               "annotations": {"summary": "api is down"}, "starts_at": "2026-12-01T10:01:00Z", "ends_at": null,
               "receivers": ["pager"], "silenced_by": [], "inhibited_by": [], "held_under": null,
               "ack": {"by": "oncall", "reason": "looking", "at": "2026-12-01T10:04:00Z", "until": "2026-12-01T12:05:00Z"}},
              {"fingerprint": "9f1c0e22a4b7d310", "name": "DiskFull", "state": "suppressed",
               "labels": {"alertname": "DiskFull", "severity": "warning"}, "annotations": {},
               "starts_at": "2026-12-01T09:53:00Z", "ends_at": null, "receivers": ["team"],
               "silenced_by": ["s-1"], "inhibited_by": [], "held_under": "db", "ack": null}]}
            """;

    @Test
    void alertsAreGroupedByNameWithTheirNotes() throws Exception {
        assertThat(AlertsCommand.render(JSON.readTree(ALERTS), Instant.parse("2026-12-01T10:05:00Z"))).isEqualTo("""
                ApiDown (1)
                  FINGERPRINT       STATE   SINCE  LABELS                         RECEIVERS  NOTE                    SUMMARY
                  3a429a6edd7eb7a1  active  4m     service=api,severity=critical  pager      acked by oncall for 2h  api is down

                DiskFull (1)
                  FINGERPRINT       STATE       SINCE  LABELS            RECEIVERS  NOTE                           SUMMARY
                  9f1c0e22a4b7d310  suppressed  12m    severity=warning  team       silenced (s-1); held under db
                """);
        assertThat(AlertsCommand.render(JSON.readTree("{\"alerts\": []}"), Instant.now())).isEqualTo("no alerts\n");
    }
}

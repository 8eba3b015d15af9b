package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.audit.AuditEntry;
import dev.vigil.event.EventQuery;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StoredEvent;
import dev.vigil.gate.AddedWindow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operators' stops and restarts inside a freeze: refused with 423, overridden by an admin with a reason. */
class FreezeTest {

    @TempDir
    Path dir;
    private TestDaemon d;
    private Instant until;

    @BeforeEach
    void frozen() {
        d = TestDaemon.start(dir);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        until = now.plusHours(2).toInstant(ZoneOffset.UTC);
        d.plane.gates().add(new AddedWindow("release", "freeze", now.minusHours(1), now.plusHours(2),
                ZoneOffset.UTC, List.of("web", "work*"), "release week", "test", Instant.now()));
    }

    @AfterEach
    void stop() {
        d.close();
    }

    @Test
    void aRestartInsideAFreezeIsRefusedWith423NamingTheWindowAndItsEnd() {
        TestDaemon.Response r = d.post("/api/v1/services/web/restart", d.operator, "{\"reason\":\"new cert\"}");

        assertThat(r.status()).isEqualTo(423);
        assertThat(r.error()).isEqualTo("frozen");
        JsonNode body = r.json();
        assertThat(body.get("message").asText()).startsWith("restart of web refused: ")
                .contains("release").endsWith("an admin can override it with a reason (--override --reason TEXT)");
        assertThat(body.get("until").asText()).isEqualTo(until.toString());
        assertThat(body.get("windows").get(0).get("name").asText()).isEqualTo("release");
        assertThat(body.get("windows").get(0).get("origin").asText()).isEqualTo("runtime");
        assertThat(awaitStored(ServiceEvent.DisruptionRefused.class)).singleElement().satisfies(e -> {
            assertThat(e.service()).isEqualTo("web");
            assertThat(e.actor()).isEqualTo("oncall");
            assertThat(e.until()).isEqualTo(until);
        });
        assertThat(stored(ServiceEvent.ActionRequested.class)).isEmpty();
        AuditEntry last = d.audit.list(0, 100).getLast();
        assertThat(last.record().action()).isEqualTo("service.restart");
        assertThat(last.record().result()).isEqualTo("error: frozen");
    }

    @Test
    void servicesTheFreezeDoesNotCoverAndStartsAreNotRefused() {
        assertThat(d.post("/api/v1/services/db/restart", d.operator, "").status()).isEqualTo(202);
        assertThat(d.post("/api/v1/services/worker/stop", d.operator, "").status()).isEqualTo(423);
        assertThat(d.post("/api/v1/services/worker/start", d.operator, "").status()).isEqualTo(202);
    }

    @Test
    void anAdminOverridesWithAReasonOnTheRecord() {
        TestDaemon.Response r = d.post("/api/v1/services/web/restart", d.admin,
                "{\"reason\":\"hotfix for payment outage\",\"override\":true}");

        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(awaitStored(ServiceEvent.OverrideUsed.class)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("root");
            assertThat(e.reason()).isEqualTo("hotfix for payment outage");
            assertThat(e.windows()).containsExactly("release");
        });
        AuditEntry last = d.audit.list(0, 100).getLast();
        assertThat(last.record().reason()).isEqualTo("override: hotfix for payment outage");
        assertThat(last.record().result()).isEqualTo("ok");
    }

    @Test
    void anOverrideNeedsTheAdminRoleAndAReason() {
        assertThat(d.post("/api/v1/services/web/restart", d.operator, "{\"reason\":\"x\",\"override\":true}").status())
                .isEqualTo(403);
        TestDaemon.Response noReason = d.post("/api/v1/services/web/restart", d.admin, "{\"override\":true}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("an override needs a reason");
    }

    @Test
    void aTimedOverrideLetsOperatorsThrough() {
        TestDaemon.Response opened = d.post("/api/v1/freeze/override", d.admin,
                "{\"for\":\"30m\",\"reason\":\"incident 4711\"}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);

        assertThat(d.post("/api/v1/services/web/restart", d.operator, "").status()).isEqualTo(202);
        assertThat(awaitStored(ServiceEvent.OverrideUsed.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).startsWith("incident 4711 (timed override until "));
        assertThat(d.post("/api/v1/freeze/override", d.admin, "{\"for\":\"2d\",\"reason\":\"x\"}").status())
                .isEqualTo(400);
    }

    @Test
    void windowsShowsWhatIsOpenAndWhoIsFrozen() {
        JsonNode w = d.get("/api/v1/windows", d.viewer).json();

        assertThat(w.get("windows").get(0).get("name").asText()).isEqualTo("release");
        assertThat(w.get("windows").get(0).get("open").asBoolean()).isTrue();
        assertThat(w.get("windows").get(0).get("closes_at").asText()).isEqualTo(until.toString());
        assertThat(w.get("frozen")).extracting(n -> n.get("service").asText()).containsExactly("web", "worker");
        assertThat(d.get("/api/v1/stack", d.viewer).json().get("windows").get("frozen")).hasSize(2);
    }

    @Test
    void anAddedWindowCanBeEndedByAnAdminAndThenNothingIsFrozen() {
        assertThat(d.post("/api/v1/windows/release/end", d.operator, "").status()).isEqualTo(403);
        assertThat(d.post("/api/v1/windows/release/end", d.admin, "{\"reason\":\"released\"}").status()).isEqualTo(200);
        assertThat(d.post("/api/v1/windows/release/end", d.admin, "").status()).isEqualTo(404);

        assertThat(d.post("/api/v1/services/web/restart", d.operator, "").status()).isEqualTo(202);
    }

    @Test
    void badWindowsAreRefusedWithTheFieldNamed() {
        TestDaemon.Response backwards = d.post("/api/v1/windows", d.operator, "{\"from\":\"2030-01-02 00:00\","
                + "\"to\":\"2030-01-01 00:00\",\"reason\":\"x\"}");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body()).contains("the window must end after it starts (from 2030-01-02 00:00, to 2030-01-01 00:00)");
        TestDaemon.Response gap = d.post("/api/v1/windows", d.operator, "{\"from\":\"2027-03-28 01:30\","
                + "\"to\":\"2027-03-28 05:00\",\"zone\":\"Europe/London\",\"reason\":\"x\"}");
        assertThat(gap.status()).isEqualTo(400);
        assertThat(gap.body()).contains("2027-03-28 01:30 does not exist in Europe/London");
        assertThat(d.post("/api/v1/windows", d.operator, "{\"from\":\"tomorrow\",\"to\":\"2030-01-01 00:00\","
                + "\"reason\":\"x\"}").body()).contains("field 'from' must be a local date and time");
        assertThat(d.post("/api/v1/windows", d.operator, "{\"from\":\"2030-01-01 00:00\",\"to\":\"2030-01-02 00:00\","
                + "\"zone\":\"Mars/Olympus\",\"reason\":\"x\"}").body()).contains("unknown time zone");
        assertThat(d.post("/api/v1/windows", d.operator, "{\"name\":\"release\",\"from\":\"2030-01-01 00:00\","
                + "\"to\":\"2030-01-02 00:00\",\"reason\":\"x\"}").status()).isEqualTo(409);
        assertThat(d.post("/api/v1/windows", d.operator, "{\"from\":\"2030-01-01 00:00\",\"to\":\"2030-01-02 00:00\"}")
                .status()).isEqualTo(400);
    }

    /** The stored events of a type, once there is at least one (the bus writes them on its own thread). */
    private <T> List<T> awaitStored(Class<T> type) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !stored(type).isEmpty());
        return stored(type);
    }

    private <T> List<T> stored(Class<T> type) {
        return d.store.query(EventQuery.all().types(Set.of(type.getSimpleName()))).stream()
                .map(StoredEvent::event).map(type::cast).toList();
    }
}

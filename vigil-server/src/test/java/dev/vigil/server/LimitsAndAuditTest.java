package dev.vigil.server;

import dev.vigil.audit.AuditEntry;
import dev.vigil.audit.AuditRecord;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Body size, rate limits, brute-force protection and the audit trail of what was asked. */
class LimitsAndAuditTest {

    @Test
    void bodyLargerThanTheLimitIs413ByContentLengthAndByBytesRead(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, c -> c.withMaxBodyBytes(1024))) {
            String big = "{\"reason\":\"" + "x".repeat(2000) + "\"}";
            TestDaemon.Response declared = d.post("/api/v1/services/db/restart", d.operator, big);
            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.error()).isEqualTo("body_too_large");
            // No Content-Length: the body arrives chunked and is counted as it is read.
            TestDaemon.Response chunked = d.send(d.request("/api/v1/services/db/restart", d.operator)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build());
            assertThat(chunked.status()).isEqualTo(413);
            assertThat(chunked.error()).isEqualTo("body_too_large");
            assertThat(d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":\"small\"}").status()).isEqualTo(202);
            assertThat(d.audit.entries()).filteredOn(e -> e.record().result().equals("error: body_too_large")).hasSize(2);
        }
    }

    @Test
    void aStackFileMayBeLargerThanARequestUpToItsOwnLimit(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, c -> c.withMaxBodyBytes(1024))) {
            String padded = "# " + "x".repeat(4000) + "\nservices:\n  api: {comand: ./api}\n";
            TestDaemon.Response read = d.post("/api/v1/stack/apply?dry_run=true", d.admin, padded);
            assertThat(read.status()).as("read and checked, not refused for its size").isEqualTo(400);
            assertThat(read.error()).isEqualTo("invalid_stack");

            String huge = "# " + "x".repeat((int) Routes.MAX_STACK_FILE_BYTES) + "\n";
            TestDaemon.Response refused = d.post("/api/v1/stack/apply?dry_run=true", d.admin, huge);
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.error()).isEqualTo("body_too_large");
        }
    }

    @Test
    void bodyThatLiesAboutItsLengthIsCutOff(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir, c -> c.withMaxBodyBytes(1024))) {
            // Chunked by hand over a raw socket: 4000 bytes announced by no Content-Length at all.
            try (Socket s = new Socket(d.server.address().getHost(), d.server.address().getPort())) {
                OutputStream out = s.getOutputStream();
                String chunk = "{\"reason\":\"" + "y".repeat(4000) + "\"}";
                out.write(("POST /api/v1/services/db/restart HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + d.operator
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 413").contains("\"body_too_large\"");
            }
        }
    }

    @Test
    void tokenOverItsRateIs429WithRetryAfter(@TempDir Path dir) {
        ManualScheduler clock = new ManualScheduler();
        try (TestDaemon d = TestDaemon.start(dir, c -> c.withRateLimit(new RateLimit(0.5, 3)), clock)) {
            for (int i = 0; i < 3; i++) {
                assertThat(d.get("/api/v1/stack", d.viewer).status()).isEqualTo(200);
            }
            TestDaemon.Response limited = d.get("/api/v1/stack", d.viewer);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.error()).isEqualTo("rate_limited");
            assertThat(limited.header("Retry-After")).isEqualTo("2");
            // Other tokens have their own buckets.
            assertThat(d.get("/api/v1/stack", d.operator).status()).isEqualTo(200);
            TestDaemon.Response denied = d.post("/api/v1/services/db/restart", d.viewer, "");
            assertThat(denied.status()).isEqualTo(429);
            assertThat(d.audit.entries()).anySatisfy(e -> assertThat(e.record().result()).isEqualTo("denied: rate_limited"));
            clock.advance(Duration.ofSeconds(2));
            assertThat(d.get("/api/v1/stack", d.viewer).status()).isEqualTo(200);
        }
    }

    @Test
    void failedAuthenticationIsLimitedPerAddress(@TempDir Path dir) {
        ManualScheduler clock = new ManualScheduler();
        try (TestDaemon d = TestDaemon.start(dir, c -> c, clock)) {
            int budget = Dispatcher.AUTH_FAILURES.burst();
            for (int i = 0; i < budget; i++) {
                TestDaemon.Response r = d.get("/api/v1/stack", "vgl_guess" + i);
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.body()).doesNotContain("vgl_guess");
            }
            TestDaemon.Response blocked = d.get("/api/v1/stack", "vgl_guess-more");
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.header("Retry-After")).isEqualTo("1");
            // Further guesses from the address are refused until the budget refills; a valid token never is.
            assertThat(d.get("/api/v1/stack", d.viewer).status()).isEqualTo(200);
            assertThat(d.get("/api/v1/stack", "vgl_guess-again").status()).isEqualTo(429);
            clock.advance(Duration.ofSeconds(1));
            assertThat(d.get("/api/v1/stack", "vgl_guess-refilled").status()).isEqualTo(401);
            assertThat(d.get("/api/v1/stack", "vgl_guess-too-soon").status()).isEqualTo(429);
            // A missing header is not a guess and does not count.
            for (int i = 0; i < budget + 5; i++) {
                assertThat(d.get("/api/v1/stack", null).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void everyMutatingRequestThatReachesAuthenticationIsAudited(@TempDir Path dir) {
        ManualScheduler clock = new ManualScheduler(Instant.parse("2026-03-01T10:00:00Z"));
        try (TestDaemon d = TestDaemon.start(dir, c -> c, clock)) {
            d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":\"deploy\"}");
            d.post("/api/v1/services/db/stop", d.viewer, "{\"reason\":\"sneaky\"}");
            d.post("/api/v1/services/db/start", null, "");
            d.post("/api/v1/services/ghost/restart", d.operator, "");
            d.post("/api/v1/tokens", d.admin, "{\"name\":\"ci\",\"role\":\"operator\"}");
            d.delete("/api/v1/tokens/ci", d.admin);
            d.delete("/api/v1/tokens/ci", d.operator);
            d.post("/api/v1/stack/down", d.admin, "{\"reason\":\"maintenance\"}");
            d.get("/api/v1/services", d.viewer);
            List<AuditRecord> records = d.audit.entries().stream().map(AuditEntry::record).toList();
            Instant at = clock.now();
            assertThat(records).containsExactly(
                    new AuditRecord(at, "oncall", "service.restart", "db", "deploy", "ok"),
                    new AuditRecord(at, "dashboard", "service.stop", "db", "", "denied: forbidden"),
                    new AuditRecord(at, "unauthenticated", "service.start", "db", "", "denied: unauthorized"),
                    new AuditRecord(at, "oncall", "service.restart", "ghost", "", "error: unknown_service"),
                    new AuditRecord(at, "root", "token.create", "ci", "role operator", "ok"),
                    new AuditRecord(at, "root", "token.revoke", "ci", "", "ok"),
                    new AuditRecord(at, "oncall", "token.revoke", "ci", "", "denied: forbidden"),
                    new AuditRecord(at, "root", "stack.down", "shop", "maintenance", "ok"));
            assertThat(d.audit.verify()).isInstanceOf(dev.vigil.audit.AuditVerification.Intact.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> d.shutdowns.get() == 1);
        }
    }

    @Test
    void aTamperedAuditTrailIsReportedBroken(@TempDir Path dir) {
        try (TestDaemon d = TestDaemon.start(dir)) {
            d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":\"one\"}");
            d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":\"two\"}");
            AuditEntry first = d.audit.entries().get(0);
            AuditRecord original = first.record();
            d.audit.tamper(1, new AuditEntry(1, new AuditRecord(original.at(), "someone-else", original.action(),
                    original.target(), original.reason(), original.result()), first.previousHash(), first.hash()));
            TestDaemon.Response r = d.get("/api/v1/audit/verify", d.admin);
            assertThat(r.json().get("intact").asBoolean()).isFalse();
            assertThat(r.json().get("broken_at").asLong()).isEqualTo(1);
            assertThat(r.json().get("reason").asText()).isNotEmpty();
            assertThat(r.json().has("entries_checked")).isTrue();
        }
    }
}

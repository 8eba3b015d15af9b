package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.ResponseSpec;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.run.Alerting;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.AuditRecord;
import dev.vigil.event.Cause;
import dev.vigil.gate.Decision;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.time.Scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries out alerts' automated responses: a restart through the disruption gate (a freeze refuses it), a command
 * in the stack's directory, a webhook call. Each is in the audit trail, by {@code alerting}, with its outcome.
 */
final class AlertResponder implements Alerting.Responder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OUTPUT_TAIL = 200;

    private final StackSupervisor supervisor;
    private final AuditLog audit;
    private final Scheduler clock;
    private final Executor blocking;
    private final Supplier<Path> directory;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    AlertResponder(StackSupervisor supervisor, AuditLog audit, Scheduler clock, Executor blocking,
                   Supplier<Path> directory) {
        this.supervisor = supervisor;
        this.audit = audit;
        this.clock = clock;
        this.blocking = blocking;
        this.directory = directory;
    }

    @Override
    public CompletableFuture<String> respond(ResponseSpec response, Alert alert) {
        String alertname = alert.labels().getOrDefault("alertname", "");
        String service = alert.labels().getOrDefault("service", "");
        CompletableFuture<String> outcome = switch (response.action()) {
            case ResponseSpec.Restart r -> restart(alertname, service);
            case ResponseSpec.Command c -> CompletableFuture.supplyAsync(() -> command(c, alert), blocking);
            case ResponseSpec.Webhook w -> CompletableFuture.supplyAsync(() -> webhook(w, alert), blocking);
        };
        // Off the service's lane, where a restart's decision completes: the audit trail writes to the database.
        return outcome.thenApplyAsync(said -> {
            audit.append(new AuditRecord(clock.now(), "alerting", "response." + response.action().kind(),
                    service.isEmpty() ? alertname : service, "alert " + alertname + " firing", said));
            return said;
        }, blocking);
    }

    private CompletableFuture<String> restart(String alertname, String service) {
        if (service.isEmpty()) {
            return CompletableFuture.completedFuture("not taken: the alert has no service label");
        }
        return supervisor.supervisor(service)
                .map(s -> s.restartThroughGate(Cause.ALERT, "alert " + alertname).thenApply(d -> d.map(decision ->
                        switch (decision) {
                            case Decision.Allowed a -> "restarted " + service;
                            case Decision.Overridden o -> "restarted " + service + " inside "
                                    + o.freeze().describe(ZoneId.systemDefault()) + " (override by " + o.by() + ")";
                            case Decision.Refused r -> "refused: " + r.message(ZoneId.systemDefault());
                        }).orElse("not taken: " + service + " is not running")))
                .orElseGet(() -> CompletableFuture.completedFuture("not taken: no service named " + service));
    }

    /** Runs with the alert's labels as {@code VIGIL_ALERT_<LABEL>} variables; says its exit and last output. */
    private String command(ResponseSpec.Command c, Alert alert) {
        try {
            Path out = Files.createTempFile("vigil-response-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(c.command()).directory(directory.get().toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                alert.labels().forEach((k, v) -> builder.environment()
                        .put("VIGIL_ALERT_" + k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), v));
                Process p = builder.start();
                if (!p.waitFor(c.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return "timed out after " + dev.vigil.stack.Durations.format(c.timeout()) + ", killed";
                }
                String tail = tail(Files.readString(out, StandardCharsets.UTF_8));
                return "exit " + p.exitValue() + (tail.isEmpty() ? "" : ": " + tail);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
    }

    private String webhook(ResponseSpec.Webhook w, Alert alert) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "firing");
        body.put("labels", alert.labels());
        body.put("annotations", alert.annotations());
        body.put("startsAt", alert.startsAt().toString());
        body.put("fingerprint", alert.fingerprint());
        try {
            HttpRequest request = HttpRequest.newBuilder(w.url()).timeout(w.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(List.of(body)))).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            return "HTTP " + answer.statusCode() + (answer.statusCode() / 100 == 2 ? "" : ": " + tail(answer.body()));
        } catch (IOException e) {
            return "failed: " + URI.create(w.url().getScheme() + "://" + w.url().getHost()) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "failed: interrupted";
        }
    }

    /** The last line of the text, at most 200 characters: enough to say why, not a log. */
    private static String tail(String text) {
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return last.length() > OUTPUT_TAIL ? "…" + last.substring(last.length() - OUTPUT_TAIL) : last;
    }
}

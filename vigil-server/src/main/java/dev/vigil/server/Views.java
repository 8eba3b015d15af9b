package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.health.ProbeReport;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.Durations;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.RecoverySpec;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.Secrets;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.supervise.Supervisor;

import java.time.Duration;
import java.time.Instant;

/** How services look in replies; a secret environment value never appears in one. */
final class Views {

    private Views() {
    }

    static ObjectNode service(Supervisor supervisor, Instant now) {
        ServiceStatus s = supervisor.status();
        ObjectNode node = Json.object();
        node.put("name", s.name());
        node.put("state", s.state().label());
        node.put("health", s.health().label());
        node.put("restarts", s.restarts());
        if (s.pid().isPresent()) {
            node.put("pid", s.pid().getAsLong());
        } else {
            node.putNull("pid");
        }
        if (s.startedAt().isPresent()) {
            node.put("uptime_ms", Math.max(0, Duration.between(s.startedAt().get(), now).toMillis()));
        } else {
            node.putNull("uptime_ms");
        }
        node.put("since", s.since().toString());
        node.put("started_at", s.startedAt().map(Instant::toString).orElse(null));
        node.put("reason", s.reason());
        ArrayNode probes = node.putArray("probes");
        for (ProbeReport r : supervisor.probeReports()) {
            ObjectNode p = probes.addObject();
            p.put("probe", r.probe());
            p.put("status", r.status().label());
            p.put("last_result", r.lastResult());
            p.put("detail", r.detail());
            p.put("checked_at", r.checkedAt().map(Instant::toString).orElse(null));
            p.put("took_ms", r.took().toMillis());
        }
        return node;
    }

    static ObjectNode spec(ServiceSpec spec) {
        ObjectNode node = Json.object();
        ArrayNode command = node.putArray("command");
        Secrets.maskedCommand(spec.command()).forEach(command::add);
        node.put("cwd", spec.cwd().toString());
        ObjectNode env = node.putObject("env");
        Secrets.redactedEnv(spec).entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> env.put(e.getKey(), e.getValue()));
        ArrayNode deps = node.putArray("depends_on");
        for (Dependency d : spec.dependsOn()) {
            deps.addObject().put("service", d.service()).put("condition", d.condition().yamlName());
        }
        ArrayNode health = node.putArray("health");
        spec.health().stream().map(ProbeSpec::describe).forEach(health::add);
        node.set("restart", restart(spec.restart()));
        node.putObject("stop")
                .put("signal", spec.stop().signal().fullName())
                .put("grace", Durations.format(spec.stop().grace()));
        if (spec.memoryLimit().isPresent()) {
            MemoryLimit m = spec.memoryLimit().get();
            node.putObject("memory_limit")
                    .put("max_bytes", m.maxBytes())
                    .put("samples", m.consecutiveSamples())
                    .put("sample_interval", Durations.format(m.sampleInterval()));
        } else {
            node.putNull("memory_limit");
        }
        node.put("recovery", spec.recovery().map(RecoverySpec::describe).orElse(null));
        node.putObject("logs").put("max_bytes", spec.logs().maxBytes()).put("keep", spec.logs().keep());
        return node;
    }

    private static ObjectNode restart(RestartSpec r) {
        ObjectNode node = Json.object();
        node.put("policy", r.policy().yamlName());
        node.putObject("backoff")
                .put("initial", Durations.format(r.backoff().initial()))
                .put("max", Durations.format(r.backoff().max()))
                .put("multiplier", r.backoff().multiplier())
                .put("jitter", r.backoff().jitter());
        node.put("reset_after", Durations.format(r.resetAfter()));
        if (r.limit().isPresent()) {
            node.putObject("limit").put("count", r.limit().get().count())
                    .put("window", Durations.format(r.limit().get().window()));
        } else {
            node.putNull("limit");
        }
        return node;
    }
}

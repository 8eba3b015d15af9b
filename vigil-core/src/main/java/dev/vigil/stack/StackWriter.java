package dev.vigil.stack;

import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Stack} as a {@code vigil.yaml} that {@link StackLoader} reads back to the same services. Only
 * what differs from a default is written; every string is double-quoted so no value changes type on the way back.
 */
public final class StackWriter {

    private final StringBuilder out = new StringBuilder();
    private final Path directory;

    private StackWriter(Path directory) {
        this.directory = directory;
    }

    /** The stack file text; paths are written relative to the stack's directory when they are inside it. */
    public static String write(Stack stack) {
        StackWriter w = new StackWriter(stack.directory());
        w.line(0, "name: " + quote(stack.name()));
        w.line(0, "services:");
        for (ServiceSpec service : stack.services()) {
            w.service(service);
        }
        return w.out.toString();
    }

    private void service(ServiceSpec s) {
        line(1, s.name() + ":");
        s.container().ifPresent(c -> line(2, "image: " + quote(c.image())));
        if (!s.command().isEmpty()) {
            line(2, "command: " + list(s.command()));
        }
        if (!s.cwd().equals(directory)) {
            line(2, "cwd: " + quote(relative(s.cwd())));
        }
        s.container().ifPresent(this::container);
        if (!s.env().isEmpty()) {
            line(2, "env:");
            s.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> line(3, e.getKey() + ": " + quote(e.getValue())));
        }
        if (!s.secrets().isEmpty()) {
            line(2, "secrets: " + list(List.copyOf(s.secrets())));
        }
        if (!s.dependsOn().isEmpty()) {
            line(2, "depends_on:");
            s.dependsOn().forEach(d -> line(3, d.service() + ": " + d.condition().yamlName()));
        }
        if (!s.health().isEmpty()) {
            line(2, "health:");
            s.health().forEach(this::probe);
        }
        restart(s.restart());
        if (!s.stop().equals(StopSpec.DEFAULT)) {
            line(2, "stop: {signal: " + s.stop().signal().name() + ", grace: " + Durations.format(s.stop().grace()) + "}");
        }
        s.memoryLimit().ifPresent(m -> line(2, "memory_limit: {max: " + size(m.maxBytes()) + ", samples: "
                + m.consecutiveSamples() + ", interval: " + Durations.format(m.sampleInterval())
                + (m.predict() ? ", predict: true, act_before: " + Durations.format(m.actBefore()) : "") + "}"));
        s.recovery().ifPresent(this::recovery);
        if (!s.logs().equals(LogSpec.DEFAULT)) {
            line(2, "logs: {max_size: " + size(s.logs().maxBytes()) + ", keep: " + s.logs().keep() + "}");
        }
    }

    private void container(ContainerSpec c) {
        c.entrypoint().ifPresent(e -> line(2, "entrypoint: " + list(e)));
        if (!c.ports().isEmpty()) {
            line(2, "ports:");
            for (PortMapping p : c.ports()) {
                line(3, "- " + quote(Ports.format(p)));
            }
        }
        if (!c.volumes().isEmpty()) {
            line(2, "volumes:");
            for (VolumeMount v : c.volumes()) {
                line(3, "- {type: " + (v.kind() == VolumeMount.Kind.BIND ? "bind" : "volume") + ", source: "
                        + quote(v.kind() == VolumeMount.Kind.BIND ? bindSource(v.source()) : v.source()) + ", target: " + quote(v.target()) + ", read_only: " + v.readOnly() + "}");
            }
        }
        c.network().ifPresent(n -> line(2, "network: " + quote(n)));
        Resources r = c.resources();
        if (!r.equals(Resources.NONE)) {
            List<String> parts = new ArrayList<>();
            r.memoryBytes().ifPresent(m -> parts.add("memory: " + size(m)));
            r.cpus().ifPresent(cpus -> parts.add("cpus: " + BigDecimal.valueOf(cpus).stripTrailingZeros().toPlainString()));
            r.pids().ifPresent(p -> parts.add("pids: " + p));
            line(2, "resources: {" + String.join(", ", parts) + "}");
        }
        if (!c.imageHealthcheck()) {
            line(2, "image_healthcheck: false");
        }
        if (c.pull() != PullPolicy.MISSING) {
            line(2, "pull: " + c.pull().yamlName());
        }
        if (!c.labels().isEmpty()) {
            line(2, "labels:");
            c.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> line(3, quote(e.getKey()) + ": " + quote(e.getValue())));
        }
    }

    private void probe(ProbeSpec probe) {
        switch (probe) {
            case ExecProbeSpec exec -> line(3, "- exec: " + list(exec.command()));
            case TcpProbeSpec tcp -> line(3, "- tcp: {host: " + quote(tcp.host()) + ", port: " + tcp.port() + "}");
            case HttpProbeSpec http -> line(3, "- http: {url: " + quote(http.url().toString()) + ", status: \""
                    + http.expectStatus().min() + "-" + http.expectStatus().max() + "\""
                    + http.bodyContains().map(b -> ", body_contains: " + quote(b)).orElse("") + "}");
        }
        ProbeTiming t = probe.timing();
        line(4, "interval: " + Durations.format(t.interval()));
        line(4, "timeout: " + Durations.format(t.timeout()));
        line(4, "start_period: " + Durations.format(t.startPeriod()));
        line(4, "failure_threshold: " + t.failureThreshold());
        line(4, "success_threshold: " + t.successThreshold());
    }

    private void restart(RestartSpec r) {
        if (r.equals(RestartSpec.DEFAULT.withPolicy(r.policy()))) {
            if (r.policy() != RestartSpec.DEFAULT.policy()) {
                line(2, "restart: " + r.policy().yamlName());
            }
            return;
        }
        line(2, "restart:");
        line(3, "policy: " + r.policy().yamlName());
        RestartSpec.Backoff b = r.backoff();
        line(3, "backoff: {initial: " + Durations.format(b.initial()) + ", max: " + Durations.format(b.max())
                + ", multiplier: " + b.multiplier() + ", jitter: " + b.jitter() + "}");
        line(3, "reset_after: " + Durations.format(r.resetAfter()));
        line(3, "limit: " + r.limit().map(l -> "{count: " + l.count() + ", window: " + Durations.format(l.window()) + "}")
                .orElse("none"));
    }

    private void recovery(RecoverySpec recovery) {
        String wait = "wait: " + Durations.format(recovery.waitFor());
        switch (recovery) {
            case RecoverySpec.SignalRecovery s -> line(2, "recovery: {signal: " + s.signal().name() + ", " + wait + "}");
            case RecoverySpec.HttpRecovery h -> line(2, "recovery: {http: " + quote(h.url().toString()) + ", method: "
                    + h.method() + ", timeout: " + Durations.format(h.timeout()) + ", " + wait + "}");
        }
    }

    /** {@code 512M} when that is exact, else the number of bytes. */
    private static String size(long bytes) {
        String text = Sizes.format(bytes);
        return Sizes.parse(text).filter(b -> b == bytes).map(b -> text).orElse(Long.toString(bytes));
    }

    /** {@code ./conf} for a directory beside the stack file, so the file can move with its directory. */
    private String bindSource(String source) {
        Path path = Path.of(source);
        return path.startsWith(directory) && !path.equals(directory) ? "./" + directory.relativize(path) : source;
    }

    private String relative(Path path) {
        return path.startsWith(directory) ? directory.relativize(path).toString() : path.toString();
    }

    private void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items.stream().map(StackWriter::quote).toList()) + "]";
    }

    /** A YAML double-quoted scalar: always a string, whatever it looks like. */
    public static String quote(String text) {
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}

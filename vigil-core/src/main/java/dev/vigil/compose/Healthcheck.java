package dev.vigil.compose;

import dev.vigil.stack.Durations;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.YamlNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A Compose {@code healthcheck} as an exec probe; the container runtime runs it inside the container. Values not
 * given take Docker's defaults (30s interval, 30s timeout, 3 retries, no start period), so a converted check
 * behaves as it did.
 */
final class Healthcheck {

    static final List<String> KEYS = List.of("test", "interval", "timeout", "retries", "start_period",
            "start_interval", "disable");
    static final Duration DOCKER_INTERVAL = Duration.ofSeconds(30);
    static final Duration DOCKER_TIMEOUT = Duration.ofSeconds(30);
    static final int DOCKER_RETRIES = 3;

    private final Findings findings;
    private final NodeReader reader;

    Healthcheck(Findings findings) {
        this.findings = findings;
        this.reader = findings.reader();
    }

    /**
     * What a service's {@code healthcheck} makes of it: no probe or one, and whether the image's own HEALTHCHECK
     * may stand in when there is none (not when the check is disabled).
     */
    record Result(List<ProbeSpec> probes, boolean imageHealthcheck) {
        static final Result IMAGES_OWN = new Result(List.of(), true);
        static final Result DISABLED = new Result(List.of(), false);
    }

    Result read(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            reader.wrongType(node, path, "a map");
            return Result.IMAGES_OWN;
        }
        Node test = null;
        Duration interval = DOCKER_INTERVAL;
        Duration timeout = DOCKER_TIMEOUT;
        Duration startPeriod = Duration.ZERO;
        int retries = DOCKER_RETRIES;
        boolean disabled = false;
        for (NodeTuple t : map.getValue()) {
            String key = YamlNodes.keyName(t.getKeyNode());
            String keyPath = path + "." + key;
            Node value = t.getValueNode();
            switch (key) {
                case "test" -> test = value;
                case "interval" -> interval = positive(value, keyPath).orElse(interval);
                case "timeout" -> timeout = positive(value, keyPath).orElse(timeout);
                case "start_period" -> startPeriod = duration(value, keyPath, findings).orElse(startPeriod);
                case "retries" -> retries = retries(value, keyPath).orElse(retries);
                case "start_interval" -> findings.warn(keyPath, "Vigil probes every "
                        + Durations.format(ProbeTiming.START_PERIOD_INTERVAL) + " during `start_period`; dropped");
                case "disable" -> disabled = value instanceof ScalarNode s && s.getValue().equals("true");
                default -> {
                    if (!key.startsWith("x-")) {
                        findings.warn(keyPath, ComposeLoader.unknown(key, KEYS));
                    }
                }
            }
        }
        if (disabled || isNone(test)) {
            return Result.DISABLED;
        }
        if (test == null) {
            findings.warn(path, "no `test`: the image's own HEALTHCHECK is used as the image defines it; "
                    + "the values given here are dropped");
            return Result.IMAGES_OWN;
        }
        Optional<List<String>> command = command(test, path + ".test");
        if (command.isEmpty()) {
            return Result.IMAGES_OWN;
        }
        ProbeTiming timing = new ProbeTiming(interval, timeout, startPeriod, retries, ProbeTiming.DEFAULT_SUCCESS_THRESHOLD);
        return new Result(List.of(new ExecProbeSpec(command.get(), timing)), true);
    }

    private static boolean isNone(Node test) {
        return test instanceof SequenceNode list && !list.getValue().isEmpty()
                && list.getValue().get(0) instanceof ScalarNode first && first.getValue().equals("NONE");
    }

    /** {@code "curl -f ..."} and {@code [CMD-SHELL, "..."]} run through {@code /bin/sh -c}; {@code [CMD, ...]} as is. */
    private Optional<List<String>> command(Node node, String path) {
        if (node instanceof ScalarNode s && !YamlNodes.isNull(s) && !s.getValue().isBlank()) {
            return Optional.of(List.of("/bin/sh", "-c", s.getValue()));
        }
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            reader.wrongType(node, path, "a command string or a list starting with CMD, CMD-SHELL or NONE");
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            reader.string(list.getValue().get(i), path + "[" + i + "]").ifPresent(words::add);
        }
        if (words.size() != list.getValue().size()) {
            return Optional.empty();
        }
        String kind = words.get(0);
        List<String> rest = words.subList(1, words.size());
        switch (kind) {
            case "NONE" -> {
                return Optional.empty();
            }
            case "CMD" -> {
                if (!rest.isEmpty()) {
                    return Optional.of(List.copyOf(rest));
                }
            }
            case "CMD-SHELL" -> {
                if (rest.size() == 1) {
                    return Optional.of(List.of("/bin/sh", "-c", rest.get(0)));
                }
            }
            default -> {
                findings.problem(node, path, "a test list starts with CMD, CMD-SHELL or NONE, found "
                        + YamlNodes.quote(kind));
                return Optional.empty();
            }
        }
        findings.problem(node, path, kind.equals("CMD") ? "`CMD` needs a command after it"
                : "`CMD-SHELL` takes exactly one command string");
        return Optional.empty();
    }

    private Optional<Duration> positive(Node node, String path) {
        Optional<Duration> d = duration(node, path, findings);
        if (d.isPresent() && d.get().isZero()) {
            findings.problem(node, path, "must be more than 0s");
            return Optional.empty();
        }
        return d;
    }

    private Optional<Integer> retries(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isPresent() && text.get().trim().matches("\\d{1,9}") && Integer.parseInt(text.get().trim()) >= 1) {
            return Optional.of(Integer.parseInt(text.get().trim()));
        }
        text.ifPresent(t -> findings.problem(node, path, "expected a whole number of at least 1, found " + YamlNodes.quote(t)));
        return Optional.empty();
    }

    /** A Go-style duration as Compose writes them: {@code 1m30s}, {@code 500ms}, {@code 10s}. */
    static Optional<Duration> duration(Node node, String path, Findings findings) {
        Optional<String> text = findings.reader().string(node, path);
        Optional<Duration> value = text.flatMap(Durations::parse);
        if (text.isPresent() && value.isEmpty()) {
            findings.problem(node, path, YamlNodes.quote(text.get()) + " is not a duration; write e.g. `500ms`, `10s`,"
                    + " `1m30s`");
        }
        return value;
    }
}

package dev.vigil.stack;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads what a service does when things go wrong: {@code restart}, {@code stop}, {@code memory_limit}, {@code recovery}, {@code logs}. */
final class PolicyReader {

    static final List<String> RESTART_KEYS = List.of("policy", "backoff", "reset_after", "limit");
    static final List<String> BACKOFF_KEYS = List.of("initial", "max", "multiplier", "jitter");
    static final List<String> LIMIT_KEYS = List.of("count", "window");
    static final List<String> STOP_KEYS = List.of("signal", "grace");
    static final List<String> MEMORY_KEYS = List.of("size", "max", "samples", "interval", "predict", "act_before");
    static final List<String> RECOVERY_KEYS = List.of("signal", "http", "method", "timeout", "wait");
    static final List<String> LOG_KEYS = List.of("max_size", "keep");
    private static final List<String> POLICIES = Arrays.stream(RestartPolicy.values()).map(RestartPolicy::yamlName).toList();
    private static final List<String> SIGNALS = Arrays.stream(Signal.values()).map(Signal::name).toList();
    private static final Pattern LIMIT = Pattern.compile("(\\S+)\\s+in\\s+(\\S+)");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");

    private final NodeReader reader;
    private final ProbeReader probes;

    PolicyReader(NodeReader reader, ProbeReader probes) {
        this.reader = reader;
        this.probes = probes;
    }

    RestartSpec restart(Node node, Node key, String path) {
        if (node instanceof ScalarNode) {
            return policy(node, path).map(RestartSpec.DEFAULT::withPolicy).orElse(RestartSpec.DEFAULT);
        }
        Optional<MapReader> found = reader.map(node, key, path, RESTART_KEYS);
        if (found.isEmpty()) {
            return RestartSpec.DEFAULT;
        }
        MapReader map = found.get();
        RestartSpec spec = RestartSpec.DEFAULT;
        spec = spec.withPolicy(map.get("policy").flatMap(n -> policy(n, map.path("policy"))).orElse(spec.policy()));
        spec = spec.withBackoff(map.get("backoff").map(n -> backoff(n, map.keyNode("backoff").orElseThrow(), map.path("backoff")))
                .orElse(spec.backoff()));
        spec = spec.withResetAfter(map.get("reset_after").flatMap(n -> reader.duration(n, map.path("reset_after")))
                .orElse(spec.resetAfter()));
        if (map.has("limit")) {
            spec = spec.withLimit(limit(map.get("limit").orElseThrow(), map.keyNode("limit").orElseThrow(), map.path("limit"))
                    .orElse(spec.limit()));
        }
        return spec;
    }

    private Optional<RestartPolicy> policy(Node node, String path) {
        return reader.choice(node, path, "restart policy", POLICIES, text -> Arrays.stream(RestartPolicy.values())
                .filter(p -> p.yamlName().equals(text.trim().toLowerCase(Locale.ROOT))).findFirst());
    }

    private RestartSpec.Backoff backoff(Node node, Node key, String path) {
        RestartSpec.Backoff d = RestartSpec.Backoff.DEFAULT;
        Optional<MapReader> found = reader.map(node, key, path, BACKOFF_KEYS);
        if (found.isEmpty()) {
            return d;
        }
        MapReader map = found.get();
        Duration initial = map.get("initial").flatMap(n -> reader.duration(n, map.path("initial"))).orElse(d.initial());
        Optional<Duration> max = map.get("max").flatMap(n -> reader.duration(n, map.path("max")));
        double multiplier = map.get("multiplier").flatMap(n -> reader.decimal(n, map.path("multiplier"), 1.0, Double.MAX_VALUE))
                .orElse(d.multiplier());
        double jitter = map.get("jitter").flatMap(n -> reader.decimal(n, map.path("jitter"), 0.0, 1.0)).orElse(d.jitter());
        if (max.isPresent() && max.get().compareTo(initial) < 0) {
            reader.problem(map.get("max").orElseThrow(), map.path("max"), "must not be less than `initial` ("
                    + Durations.format(initial) + "), found " + Durations.format(max.get()));
        }
        // Only `initial` given and above the default cap: the cap follows it rather than rejecting the file.
        Duration effectiveMax = max.orElse(initial.compareTo(d.max()) > 0 ? initial : d.max());
        return new RestartSpec.Backoff(initial, effectiveMax, multiplier, jitter);
    }

    /** A limit, or an empty Optional for {@code none}; the outer Optional is empty when the value is wrong. */
    private Optional<Optional<RestartSpec.RestartLimit>> limit(Node node, Node key, String path) {
        if (node instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            String text = s.getValue().trim();
            if (text.equalsIgnoreCase("none")) {
                return Optional.of(Optional.empty());
            }
            Matcher m = LIMIT.matcher(text);
            Optional<Integer> count = m.matches() && m.group(1).matches("\\d{1,9}")
                    ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
            Optional<Duration> window = m.matches() ? Durations.parse(m.group(2)) : Optional.empty();
            if (count.isEmpty() || window.isEmpty() || count.get() < 1 || window.get().isZero()) {
                reader.problem(node, path, YamlNodes.quote(text)
                        + " is not a restart limit; write e.g. `5 in 1m`, a map with `count` and `window`, or `none`");
                return Optional.empty();
            }
            return Optional.of(Optional.of(new RestartSpec.RestartLimit(count.get(), window.get())));
        }
        Optional<MapReader> found = reader.map(node, key, path, LIMIT_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<Integer> count = map.required("count").flatMap(n -> reader.integer(n, map.path("count"), 1));
        Optional<Duration> window = map.required("window").flatMap(n -> reader.positiveDuration(n, map.path("window")));
        if (count.isEmpty() || window.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new RestartSpec.RestartLimit(count.get(), window.get())));
    }

    StopSpec stop(Node node, Node key, String path) {
        Optional<MapReader> found = reader.map(node, key, path, STOP_KEYS);
        if (found.isEmpty()) {
            return StopSpec.DEFAULT;
        }
        MapReader map = found.get();
        Signal signal = map.get("signal").flatMap(n -> signal(n, map.path("signal"))).orElse(StopSpec.DEFAULT.signal());
        Duration grace = map.get("grace").flatMap(n -> reader.duration(n, map.path("grace"))).orElse(StopSpec.DEFAULT_GRACE);
        return new StopSpec(signal, grace);
    }

    private Optional<Signal> signal(Node node, String path) {
        return reader.choice(node, path, "signal", SIGNALS, Signal::parse);
    }

    Optional<MemoryLimit> memoryLimit(Node node, Node key, String path) {
        if (node instanceof ScalarNode) {
            return reader.size(node, path).map(MemoryLimit::of);
        }
        Optional<MapReader> found = reader.map(node, key, path, MEMORY_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        // `size` and `max` are one key by two names: `size` reads better beside `predict`.
        String sizeKey = map.has("max") && !map.has("size") ? "max" : "size";
        if (map.has("size") && map.has("max")) {
            reader.problem(map.keyNode("max").orElseThrow(), map.path("max"), "`size` and `max` are the same key; give one");
        }
        Optional<Long> max = map.required(sizeKey).flatMap(n -> reader.size(n, map.path(sizeKey)));
        int samples = map.get("samples").flatMap(n -> reader.integer(n, map.path("samples"), 1))
                .orElse(MemoryLimit.DEFAULT_CONSECUTIVE_SAMPLES);
        Duration interval = map.get("interval").flatMap(n -> reader.positiveDuration(n, map.path("interval")))
                .orElse(MemoryLimit.DEFAULT_SAMPLE_INTERVAL);
        boolean predict = map.get("predict").flatMap(n -> reader.bool(n, map.path("predict"))).orElse(false);
        Duration actBefore = map.get("act_before").flatMap(n -> reader.positiveDuration(n, map.path("act_before")))
                .orElse(MemoryLimit.DEFAULT_ACT_BEFORE);
        if (!predict && map.has("act_before")) {
            reader.problem(map.keyNode("act_before").orElseThrow(), map.path("act_before"),
                    "acts on a prediction; add `predict: true` or leave it out");
        }
        return max.map(bytes -> new MemoryLimit(bytes, samples, interval, predict, actBefore));
    }

    Optional<RecoverySpec> recovery(Node node, Node key, String path) {
        Optional<MapReader> found = reader.map(node, key, path, RECOVERY_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Duration wait = map.get("wait").flatMap(n -> reader.duration(n, map.path("wait"))).orElse(RecoverySpec.DEFAULT_WAIT);
        boolean bySignal = map.has("signal");
        boolean byHttp = map.has("http");
        if (bySignal == byHttp) {
            reader.problem(key, path, bySignal
                    ? "recovery has exactly one of `signal` or `http`, found both"
                    : "recovery needs one of `signal` or `http`");
            return Optional.empty();
        }
        if (bySignal) {
            for (String httpOnly : List.of("method", "timeout")) {
                map.keyNode(httpOnly).ifPresent(k -> reader.problem(k, map.path(httpOnly), "applies only to `http` recovery"));
            }
            return map.get("signal").flatMap(n -> signal(n, map.path("signal")))
                    .map(signal -> new RecoverySpec.SignalRecovery(signal, wait));
        }
        Optional<URI> url = probes.url(map.get("http").orElseThrow(), map.path("http"));
        String method = map.get("method").flatMap(n -> method(n, map.path("method")))
                .orElse(RecoverySpec.HttpRecovery.DEFAULT_METHOD);
        Duration timeout = map.get("timeout").flatMap(n -> reader.positiveDuration(n, map.path("timeout")))
                .orElse(RecoverySpec.HttpRecovery.DEFAULT_TIMEOUT);
        return url.map(u -> new RecoverySpec.HttpRecovery(u, method, timeout, wait));
    }

    private Optional<String> method(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isPresent() && !METHOD.matcher(text.get()).matches()) {
            reader.problem(node, path, YamlNodes.quote(text.get()) + " is not an HTTP method such as `POST`");
            return Optional.empty();
        }
        return text.map(t -> t.toUpperCase(Locale.ROOT));
    }

    LogSpec logs(Node node, Node key, String path) {
        Optional<MapReader> found = reader.map(node, key, path, LOG_KEYS);
        if (found.isEmpty()) {
            return LogSpec.DEFAULT;
        }
        MapReader map = found.get();
        long maxBytes = map.get("max_size").flatMap(n -> reader.size(n, map.path("max_size"))).orElse(LogSpec.DEFAULT.maxBytes());
        int keep = map.get("keep").flatMap(n -> reader.integer(n, map.path("keep"), 0)).orElse(LogSpec.DEFAULT.keep());
        return new LogSpec(maxBytes, keep);
    }
}

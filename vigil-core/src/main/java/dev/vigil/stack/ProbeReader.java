package dev.vigil.stack;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a service's {@code health}: one probe map or a list of them. */
final class ProbeReader {

    static final List<String> KINDS = List.of("http", "tcp", "exec");
    static final List<String> KEYS = List.of("http", "tcp", "exec",
            "interval", "timeout", "start_period", "failure_threshold", "success_threshold");
    static final List<String> HTTP_KEYS = List.of("url", "status", "body_contains");
    static final List<String> TCP_KEYS = List.of("host", "port");
    private static final Pattern STATUS = Pattern.compile("(\\d{3})(?:\\s*-\\s*(\\d{3}))?");
    private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d+)");
    private static final String STATUS_HINT = "write e.g. `200` or `200-299` (codes 100-599)";

    private final NodeReader reader;

    ProbeReader(NodeReader reader) {
        this.reader = reader;
    }

    List<ProbeSpec> read(Node health, String path) {
        if (!(health instanceof MappingNode) && !(health instanceof SequenceNode)) {
            reader.wrongType(health, path, "a probe (a map) or a list of probes");
            return List.of();
        }
        List<ProbeSpec> probes = new ArrayList<>();
        boolean list = health instanceof SequenceNode;
        List<Node> items = NodeReader.listOrOne(health);
        for (int i = 0; i < items.size(); i++) {
            probe(items.get(i), list ? path + "[" + i + "]" : path).ifPresent(probes::add);
        }
        return probes;
    }

    private Optional<ProbeSpec> probe(Node node, String path) {
        Optional<MapReader> found = reader.map(node, node, path, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        ProbeTiming timing = timing(map);
        List<String> kinds = KINDS.stream().filter(map::has).toList();
        if (kinds.isEmpty()) {
            reader.problem(node, path, "a probe needs one of `http`, `tcp` or `exec`");
            return Optional.empty();
        }
        if (kinds.size() > 1) {
            reader.problem(node, path, "a probe has exactly one of `http`, `tcp` or `exec`, found `"
                    + String.join("` and `", kinds) + "`");
            return Optional.empty();
        }
        String kind = kinds.get(0);
        Node value = map.get(kind).orElseThrow();
        Node key = map.keyNode(kind).orElseThrow();
        String kindPath = map.path(kind);
        return switch (kind) {
            case "http" -> http(value, key, kindPath, timing);
            case "tcp" -> tcp(value, key, kindPath, timing);
            default -> reader.command(value, kindPath).map(command -> new ExecProbeSpec(command, timing));
        };
    }

    private ProbeTiming timing(MapReader map) {
        Duration interval = map.get("interval").flatMap(n -> reader.positiveDuration(n, map.path("interval")))
                .orElse(ProbeTiming.DEFAULT_INTERVAL);
        Duration timeout = map.get("timeout").flatMap(n -> reader.positiveDuration(n, map.path("timeout")))
                .orElse(ProbeTiming.DEFAULT_TIMEOUT);
        Duration startPeriod = map.get("start_period").flatMap(n -> reader.duration(n, map.path("start_period")))
                .orElse(ProbeTiming.DEFAULT_START_PERIOD);
        int failures = map.get("failure_threshold").flatMap(n -> reader.integer(n, map.path("failure_threshold"), 1))
                .orElse(ProbeTiming.DEFAULT_FAILURE_THRESHOLD);
        int successes = map.get("success_threshold").flatMap(n -> reader.integer(n, map.path("success_threshold"), 1))
                .orElse(ProbeTiming.DEFAULT_SUCCESS_THRESHOLD);
        return new ProbeTiming(interval, timeout, startPeriod, failures, successes);
    }

    private Optional<ProbeSpec> http(Node value, Node key, String path, ProbeTiming timing) {
        if (value instanceof ScalarNode) {
            return url(value, path).map(url -> HttpProbeSpec.of(url, timing));
        }
        Optional<MapReader> found = reader.map(value, key, path, HTTP_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<URI> url = map.required("url").flatMap(n -> url(n, map.path("url")));
        HttpProbeSpec.StatusRange status = map.get("status").flatMap(n -> status(n, map.path("status")))
                .orElse(HttpProbeSpec.DEFAULT_STATUS);
        Optional<String> body = map.get("body_contains").flatMap(n -> reader.string(n, map.path("body_contains")));
        return url.map(u -> new HttpProbeSpec(u, status, body, timing));
    }

    /** An absolute http or https URL; also used for http recovery. */
    Optional<URI> url(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below, with the same words as a URL of the wrong scheme
        }
        reader.problem(node, path, YamlNodes.quote(text.get()) + " is not an http:// or https:// URL");
        return Optional.empty();
    }

    private Optional<HttpProbeSpec.StatusRange> status(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = STATUS.matcher(text.get().trim());
        if (m.matches()) {
            int min = Integer.parseInt(m.group(1));
            int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
            if (min >= 100 && max <= 599 && min <= max) {
                return Optional.of(new HttpProbeSpec.StatusRange(min, max));
            }
        }
        reader.problem(node, path, YamlNodes.quote(text.get()) + " is not a status or a range of statuses; " + STATUS_HINT);
        return Optional.empty();
    }

    private Optional<ProbeSpec> tcp(Node value, Node key, String path, ProbeTiming timing) {
        if (value instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            Matcher m = HOST_PORT.matcher(s.getValue().trim());
            if (!m.matches()) {
                reader.problem(value, path, YamlNodes.quote(s.getValue()) + " is not host:port, e.g. `127.0.0.1:5432`");
                return Optional.empty();
            }
            // IPv6 literals are written [::1]:8080, as in a URL.
            String host = m.group(1).replaceAll("^\\[(.*)]$", "$1");
            long port = m.group(2).length() > 6 ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (port < 1 || port > 65535) {
                reader.problem(value, path, "port must be between 1 and 65535, found " + m.group(2));
                return Optional.empty();
            }
            return Optional.of(new TcpProbeSpec(host, (int) port, timing));
        }
        if (!(value instanceof MappingNode)) {
            reader.wrongType(value, path, "`host:port` or a map with `host` and `port`");
            return Optional.empty();
        }
        MapReader map = reader.map(value, key, path, TCP_KEYS).orElseThrow();
        Optional<String> host = map.required("host").flatMap(n -> reader.string(n, map.path("host")));
        Optional<Integer> port = map.required("port").flatMap(n -> reader.integer(n, map.path("port"), 1, 65535));
        if (host.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TcpProbeSpec(host.get(), port.get(), timing));
    }
}

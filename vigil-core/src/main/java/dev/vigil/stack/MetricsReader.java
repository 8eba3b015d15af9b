package dev.vigil.stack;

import org.yaml.snakeyaml.nodes.Node;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the top-level {@code metrics:} of a stack file and a service's {@code metrics:}. */
final class MetricsReader {

    static final List<String> STACK_KEYS = List.of("interval", "retention", "max_disk");
    static final List<String> RETENTION_KEYS = List.of("raw", "minute", "hour");
    static final List<String> SERVICE_KEYS = List.of("interval", "scrape", "timeout", "max_series");

    /** Collecting more often than this costs more than it tells. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** A store smaller than this cannot hold a day of a small stack. */
    static final long MIN_DISK = 16L << 20;

    private final NodeReader reader;
    private final ProbeReader urls;

    MetricsReader(NodeReader reader) {
        this.reader = reader;
        this.urls = new ProbeReader(reader);
    }

    MetricsSettings stack(Node node, Node key, String path) {
        MetricsSettings d = MetricsSettings.DEFAULT;
        Optional<MapReader> found = reader.map(node, key, path, STACK_KEYS);
        if (found.isEmpty()) {
            return d;
        }
        MapReader map = found.get();
        Duration interval = map.get("interval").flatMap(n -> interval(n, map.path("interval"))).orElse(d.interval());
        Duration raw = d.raw();
        Duration minute = d.minute();
        Duration hour = d.hour();
        Optional<MapReader> retention = map.get("retention")
                .flatMap(n -> reader.map(n, map.keyNode("retention").orElseThrow(), map.path("retention"), RETENTION_KEYS));
        if (retention.isPresent()) {
            MapReader r = retention.get();
            raw = r.get("raw").flatMap(n -> reader.positiveDuration(n, r.path("raw"))).orElse(raw);
            minute = r.get("minute").flatMap(n -> reader.positiveDuration(n, r.path("minute"))).orElse(minute);
            hour = r.get("hour").flatMap(n -> reader.positiveDuration(n, r.path("hour"))).orElse(hour);
        }
        long disk = map.get("max_disk").flatMap(n -> {
            Optional<Long> size = reader.size(n, map.path("max_disk"));
            if (size.isPresent() && size.get() < MIN_DISK) {
                reader.problem(n, map.path("max_disk"), "must be at least 16M; the store needs room for a day of samples");
                return Optional.empty();
            }
            return size;
        }).orElse(d.maxDiskBytes());
        return new MetricsSettings(interval, raw, minute, hour, disk);
    }

    ServiceMetricsSpec service(Node node, Node key, String path) {
        Optional<MapReader> found = reader.map(node, key, path, SERVICE_KEYS);
        if (found.isEmpty()) {
            return ServiceMetricsSpec.DEFAULT;
        }
        MapReader map = found.get();
        Optional<Duration> interval = map.get("interval").flatMap(n -> interval(n, map.path("interval")));
        Optional<URI> scrape = map.get("scrape").flatMap(n -> urls.url(n, map.path("scrape")));
        Optional<Duration> timeout = map.get("timeout").flatMap(n -> reader.positiveDuration(n, map.path("timeout")));
        int maxSeries = map.get("max_series").flatMap(n -> reader.integer(n, map.path("max_series"), 1, 1_000_000))
                .orElse(ServiceMetricsSpec.DEFAULT_MAX_SERIES);
        if (!map.has("scrape")) {
            for (String only : List.of("timeout", "max_series")) {
                map.keyNode(only).ifPresent(k -> reader.problem(k, map.path(only),
                        "applies to a scrape; give `scrape: http://…/metrics` or leave it out"));
            }
        }
        ServiceMetricsSpec spec = new ServiceMetricsSpec(interval, scrape, timeout, maxSeries);
        if (timeout.isPresent() && timeout.get().compareTo(spec.scrapeInterval()) > 0) {
            reader.problem(map.keyNode("timeout").orElseThrow(), map.path("timeout"), "must not be longer than the"
                    + " scrape interval (" + Durations.format(spec.scrapeInterval()) + "): scrapes would overlap");
        }
        return spec;
    }

    private Optional<Duration> interval(Node node, String path) {
        Optional<Duration> value = reader.positiveDuration(node, path);
        if (value.isPresent() && value.get().compareTo(MIN_INTERVAL) < 0) {
            reader.problem(node, path, "must be at least 1s");
            return Optional.empty();
        }
        return value;
    }
}

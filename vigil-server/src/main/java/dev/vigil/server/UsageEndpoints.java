package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.collect.HostUsage;
import dev.vigil.collect.MetricNames;
import dev.vigil.collect.ServiceUsage;
import dev.vigil.finding.Finding;
import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricStoreException;
import dev.vigil.metrics.Resolution;
import dev.vigil.metrics.RollupSeries;
import dev.vigil.metrics.Selection;
import dev.vigil.runtime.Usage;
import dev.vigil.supervise.ServiceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** What {@code vigil top} shows: each service's latest usage beside its state, with a trend; and open findings. */
final class UsageEndpoints {

    /** How far back the memory trend looks, in minute rollups. */
    static final Duration TREND_WINDOW = Duration.ofMinutes(10);
    /** Fewer minutes than this say nothing about a trend. */
    static final int TREND_MIN_POINTS = 3;
    /** A change over the window smaller than this share of the mean is flat. */
    static final double FLAT = 0.02;

    /** Where a service's memory is heading. */
    enum Trend {
        RISING, FLAT, FALLING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ControlPlane plane;

    UsageEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    Reply usage(Call call) {
        Instant now = plane.clock().now();
        Map<String, ServiceUsage> latest = new HashMap<>();
        plane.usage().services().forEach(u -> latest.put(u.service(), u));
        List<Finding> open = plane.findings().open();
        Map<String, Trend> trends = memoryTrends(now);
        ObjectNode node = Json.object();
        node.put("at", now.toString());
        Optional<HostUsage> host = plane.usage().host();
        if (host.isPresent()) {
            node.set("host", host(host.get()));
        } else {
            node.putNull("host");
        }
        ArrayNode services = node.putArray("services");
        for (ServiceStatus s : plane.stack().statuses()) {
            Optional<Finding> rising = open.stream().filter(f -> f.service().equals(Optional.of(s.name()))).findFirst();
            services.add(service(s, Optional.ofNullable(latest.get(s.name())), rising,
                    Optional.ofNullable(trends.get(s.name())), now));
        }
        return Reply.ok(node);
    }

    Reply findings(Call call) {
        Instant now = plane.clock().now();
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("findings");
        plane.findings().open().forEach(f -> list.add(finding(f, now)));
        return Reply.ok(node);
    }

    private static ObjectNode service(ServiceStatus s, Optional<ServiceUsage> latest, Optional<Finding> rising,
                                      Optional<Trend> trend, Instant now) {
        ObjectNode n = Json.object();
        n.put("service", s.name());
        n.put("state", s.state().label());
        n.put("restarts", s.restarts());
        put(n, "pid", s.pid());
        n.put("collected_at", latest.map(u -> u.at().toString()).orElse(null));
        OptionalDouble cores = latest.map(ServiceUsage::cpuCores).orElse(OptionalDouble.empty());
        put(n, "cpu_cores", cores);
        put(n, "cpu_percent", cores.isPresent() ? OptionalDouble.of(round1(cores.getAsDouble() * 100))
                : OptionalDouble.empty());
        Optional<Usage> usage = latest.map(ServiceUsage::usage);
        put(n, "rss_bytes", usage.map(u -> OptionalLong.of(u.rssBytes())).orElse(OptionalLong.empty()));
        OptionalLong limit = latest.filter(u -> u.memoryLimitBytes() > 0)
                .map(u -> OptionalLong.of(u.memoryLimitBytes())).orElse(OptionalLong.empty());
        put(n, "memory_limit_bytes", limit);
        put(n, "memory_percent", usage.isPresent() && limit.isPresent()
                ? OptionalDouble.of(round1(100.0 * usage.get().rssBytes() / limit.getAsLong())) : OptionalDouble.empty());
        put(n, "threads", usage.map(u -> OptionalLong.of(u.threads())).orElse(OptionalLong.empty()));
        put(n, "open_fds", usage.map(Usage::openFds).orElse(OptionalLong.empty()));
        put(n, "fd_limit", usage.map(Usage::fdLimit).orElse(OptionalLong.empty()));
        put(n, "read_bytes", usage.map(u -> OptionalLong.of(u.readBytes())).orElse(OptionalLong.empty()));
        put(n, "written_bytes", usage.map(u -> OptionalLong.of(u.writtenBytes())).orElse(OptionalLong.empty()));
        put(n, "probe_seconds", latest.map(ServiceUsage::probeSeconds).orElse(OptionalDouble.empty()));
        if (rising.isPresent()) {
            n.put("trend", Trend.RISING.label());
            n.put("trend_from", "finding");
            Finding f = rising.get();
            n.putObject("finding").put("id", f.id()).put("resource", f.resource().label())
                    .put("reaches_at", f.reachesAt().toString()).put("time_left_seconds", f.timeLeft(now).toSeconds())
                    .put("summary", f.summary());
        } else {
            n.put("trend", trend.map(Trend::label).orElse(null));
            n.put("trend_from", trend.isPresent() ? "store" : null);
            n.putNull("finding");
        }
        return n;
    }

    /**
     * Each service's memory over the last minutes, from one query of the minute rollups: the least-squares change
     * across the window, against the mean. Services with too few minutes have none.
     */
    private Map<String, Trend> memoryTrends(Instant now) {
        Map<String, Trend> trends = new HashMap<>();
        long end = now.toEpochMilli();
        List<RollupSeries> found;
        try {
            found = plane.metricStore().rollup(new Selection(List.of(Matcher.metric(MetricNames.SERVICE_RSS)),
                    end - TREND_WINDOW.toMillis(), end), Resolution.MINUTE);
        } catch (MetricStoreException e) {
            return trends; // the table shows no trend rather than no table
        }
        for (RollupSeries s : found) {
            String service = s.labels().value(MetricNames.SERVICE);
            trend(s.aggregates()).ifPresent(t -> trends.put(service, t));
        }
        return trends;
    }

    static Optional<Trend> trend(List<Aggregate> minutes) {
        List<Aggregate> points = minutes.stream().filter(a -> Double.isFinite(a.avg())).toList();
        if (points.size() < TREND_MIN_POINTS) {
            return Optional.empty();
        }
        double mt = points.stream().mapToDouble(a -> a.startMs()).average().orElseThrow();
        double mv = points.stream().mapToDouble(Aggregate::avg).average().orElseThrow();
        double stv = 0;
        double stt = 0;
        for (Aggregate a : points) {
            stv += (a.startMs() - mt) * (a.avg() - mv);
            stt += (a.startMs() - mt) * (a.startMs() - mt);
        }
        double change = stv / stt * (points.getLast().startMs() - points.getFirst().startMs());
        if (Math.abs(change) <= FLAT * Math.abs(mv)) {
            return Optional.of(Trend.FLAT);
        }
        return Optional.of(change > 0 ? Trend.RISING : Trend.FALLING);
    }

    private static ObjectNode host(HostUsage h) {
        ObjectNode n = Json.object();
        n.put("collected_at", h.at().toString());
        n.put("cores", h.cores());
        put(n, "cpu_percent", h.cpuBusy().isPresent() ? OptionalDouble.of(round1(h.cpuBusy().getAsDouble() * 100))
                : OptionalDouble.empty());
        put(n, "load1", h.load1());
        long used = h.memoryTotalBytes() - h.memoryAvailableBytes();
        n.put("memory_total_bytes", h.memoryTotalBytes());
        n.put("memory_available_bytes", h.memoryAvailableBytes());
        n.put("memory_used_bytes", used);
        put(n, "memory_percent", h.memoryTotalBytes() > 0
                ? OptionalDouble.of(round1(100.0 * used / h.memoryTotalBytes())) : OptionalDouble.empty());
        n.put("swap_total_bytes", h.swapTotalBytes());
        n.put("swap_used_bytes", h.swapUsedBytes());
        ArrayNode filesystems = n.putArray("filesystems");
        h.filesystems().stream().sorted(Comparator.comparingDouble(UsageEndpoints::usedShare).reversed())
                .forEach(f -> filesystems.addObject()
                        .put("mount_point", f.mountPoint()).put("device", f.device()).put("type", f.type())
                        .put("size_bytes", f.sizeBytes()).put("available_bytes", f.availableBytes())
                        .put("used_percent", round1(100 * usedShare(f)))
                        .put("inodes", f.inodes()).put("inodes_free", f.inodesFree()));
        return n;
    }

    private static double usedShare(HostUsage.Filesystem f) {
        return f.sizeBytes() <= 0 ? 0 : (double) (f.sizeBytes() - f.availableBytes()) / f.sizeBytes();
    }

    static ObjectNode finding(Finding f, Instant now) {
        ObjectNode n = Json.object();
        n.put("id", f.id());
        n.put("resource", f.resource().label());
        n.put("unit", f.resource().unit());
        n.put("service", f.service().orElse(null));
        n.put("subject", f.subject());
        n.put("opened_at", f.openedAt().toString());
        number(n, "slope_per_second", f.slopePerSecond());
        number(n, "r2", f.r2());
        n.put("span_seconds", f.span().toSeconds());
        number(n, "value", f.value());
        number(n, "limit", f.limit());
        n.put("reaches_at", f.reachesAt().toString());
        n.put("time_left_seconds", f.timeLeft(now).toSeconds());
        n.put("summary", f.summary());
        return n;
    }

    /** A number, or its Prometheus string when it is NaN or infinite (which JSON cannot hold). */
    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.put(field, MetricEndpoints.value(v));
        }
    }

    private static void put(ObjectNode n, String field, OptionalLong v) {
        if (v.isPresent()) {
            n.put(field, v.getAsLong());
        } else {
            n.putNull(field);
        }
    }

    private static void put(ObjectNode n, String field, OptionalDouble v) {
        if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
            n.put(field, v.getAsDouble());
        } else {
            n.putNull(field);
        }
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

package dev.vigil.change;

import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ServiceMetricsSpec;
import dev.vigil.stack.Ports;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.PullPolicy;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.RecoverySpec;
import dev.vigil.stack.RecoverySpec.HttpRecovery;
import dev.vigil.stack.RecoverySpec.SignalRecovery;
import dev.vigil.stack.RestartPolicy;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.RestartSpec.RestartLimit;
import dev.vigil.stack.Secrets;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.TcpProbeSpec;
import dev.vigil.stack.Volumes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static dev.vigil.change.Effect.LIVE;
import static dev.vigil.change.Effect.REPLACE;

/**
 * The keys that differ between two definitions of one service, in the order the stack file reference lists them,
 * each with what applying it takes. What a new instance is created from is {@link Effect#REPLACE}: for a process
 * its command, working directory and environment (what the process runtime fingerprints); for a container
 * everything its definition label hashes (image, entrypoint, command, env, ports, volumes, network, resources,
 * labels, the HEALTHCHECK made from its first exec probe) and the stack name its container is named after.
 * What Vigil itself does with a running instance (probes, restart and stop policy, its own memory watch, recovery,
 * log rotation, dependencies, which values it masks, when it pulls) is {@link Effect#LIVE}.
 */
final class ServiceDiff {

    private final ServiceSpec before;
    private final ServiceSpec after;
    private final Path directory;
    private final List<KeyChange> changes = new ArrayList<>();

    private ServiceDiff(ServiceSpec before, ServiceSpec after, Path directory) {
        this.before = before;
        this.after = after;
        this.directory = directory;
    }

    /**
     * @param directory the new stack file's directory: paths inside it are shown relative to it
     * @param stackName the stack's name before and after: a container's name and network follow it
     */
    static List<KeyChange> between(ServiceSpec before, ServiceSpec after, Path directory,
                                   Optional<KeyChange> stackName) {
        ServiceDiff diff = new ServiceDiff(before, after, directory);
        if (before.isContainer() || after.isContainer()) {
            stackName.ifPresent(name -> diff.changes.add(new KeyChange(name.key(), name.before(), name.after(), REPLACE)));
        }
        diff.compare();
        return List.copyOf(diff.changes);
    }

    private void compare() {
        key("image", before.container().map(ContainerSpec::image), after.container().map(ContainerSpec::image),
                image -> Shown.optional(image, Shown::string), REPLACE);
        key("entrypoint", containerOf(before).entrypoint(), containerOf(after).entrypoint(),
                e -> Shown.optional(e, Shown::command), REPLACE);
        key("command", before.command(), after.command(), Shown::command, REPLACE);
        if (!before.isContainer() || !after.isContainer()) {
            key("cwd", before.cwd(), after.cwd(), this::path, REPLACE); // a container has none
        }
        env();
        key("secrets", before.secrets(), after.secrets(), Shown::names, LIVE);
        key("depends_on", before.dependsOn(), after.dependsOn(), ServiceDiff::dependencies, LIVE);
        health();
        restart(before.restart(), after.restart());
        key("stop.signal", before.stop().signal(), after.stop().signal(), Signal::fullName, LIVE);
        key("stop.grace", before.stop().grace(), after.stop().grace(), Shown::duration, LIVE);
        memoryLimit(before.memoryLimit(), after.memoryLimit());
        recovery(before.recovery(), after.recovery());
        key("logs.max_size", before.logs().maxBytes(), after.logs().maxBytes(), Shown::size, LIVE);
        key("logs.keep", before.logs().keep(), after.logs().keep(), String::valueOf, LIVE);
        key("freeze.unhealthy", before.freeze().unhealthy(), after.freeze().unhealthy(),
                u -> u.yamlName(), LIVE);
        metrics(before.metrics(), after.metrics());
        if (before.isContainer() || after.isContainer()) {
            container(containerOf(before), containerOf(after));
        }
    }

    /** Collection and scraping follow the running stack: every metrics key changes live. */
    private void metrics(ServiceMetricsSpec was, ServiceMetricsSpec is) {
        key("metrics.interval", was.interval(), is.interval(), i -> Shown.optional(i, Shown::duration), LIVE);
        key("metrics.scrape", was.scrape(), is.scrape(), u -> Shown.optional(u, Secrets::maskedUrl), LIVE);
        key("metrics.timeout", was.timeout(), is.timeout(), t -> Shown.optional(t, Shown::duration), LIVE);
        key("metrics.max_series", was.maxSeries(), is.maxSeries(), String::valueOf, LIVE);
    }

    /** A service that is no container on one side compares as a container with every default on that side. */
    private static ContainerSpec containerOf(ServiceSpec spec) {
        return spec.container().orElse(ContainerSpec.of(""));
    }

    private void env() {
        Set<String> keys = new TreeSet<>(before.env().keySet());
        keys.addAll(after.env().keySet());
        for (String name : keys) {
            // Secret on either side: a value stops being shown the moment someone thought it secret.
            boolean secret = Secrets.isSecret(before, name) || Secrets.isSecret(after, name);
            Function<String, String> show = value -> value == null ? KeyChange.ABSENT
                    : secret ? Secrets.MASK : Shown.string(Secrets.maskedText(value));
            key("env." + name, before.env().get(name), after.env().get(name), show, REPLACE);
        }
    }

    private void health() {
        List<ProbeSpec> was = before.health();
        List<ProbeSpec> is = after.health();
        Set<Integer> healthcheck = healthcheckPositions();
        for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
            String at = "health[" + i + "]";
            Effect effect = healthcheck.contains(i) ? REPLACE : LIVE;
            if (i >= was.size() || i >= is.size() || was.get(i).getClass() != is.get(i).getClass()) {
                key(at, i < was.size() ? was.get(i) : null, i < is.size() ? is.get(i) : null,
                        p -> p == null ? KeyChange.ABSENT : Shown.probe(p), effect);
            } else {
                probe(at, was.get(i), is.get(i), effect);
            }
        }
    }

    /**
     * A container's first exec probe is its HEALTHCHECK, part of what it is created from: when that differs, the
     * probe's changes on either side need a new container. Elsewhere probes are Vigil's own and change live.
     */
    private Set<Integer> healthcheckPositions() {
        Set<Integer> positions = new HashSet<>();
        Optional<Integer> was = firstExec(before.health());
        Optional<Integer> is = firstExec(after.health());
        if (before.isContainer() && after.isContainer()
                && !was.map(before.health()::get).equals(is.map(after.health()::get))) {
            was.ifPresent(positions::add);
            is.ifPresent(positions::add);
        }
        return positions;
    }

    private static Optional<Integer> firstExec(List<ProbeSpec> probes) {
        for (int i = 0; i < probes.size(); i++) {
            if (probes.get(i) instanceof ExecProbeSpec) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private void probe(String at, ProbeSpec was, ProbeSpec is, Effect effect) {
        switch (was) {
            case HttpProbeSpec h -> {
                HttpProbeSpec n = (HttpProbeSpec) is;
                key(at + ".http", h.url(), n.url(), Secrets::maskedUrl, effect);
                key(at + ".http.status", h.expectStatus(), n.expectStatus(), Object::toString, effect);
                key(at + ".http.body_contains", h.bodyContains(), n.bodyContains(),
                        b -> Shown.optional(b, Shown::string), effect);
            }
            case TcpProbeSpec t -> {
                TcpProbeSpec n = (TcpProbeSpec) is;
                key(at + ".tcp", t.host() + ":" + t.port(), n.host() + ":" + n.port(), Function.identity(), effect);
            }
            case ExecProbeSpec e -> key(at + ".exec", e.command(), ((ExecProbeSpec) is).command(), Shown::command, effect);
        }
        ProbeTiming t = was.timing();
        ProbeTiming n = is.timing();
        key(at + ".interval", t.interval(), n.interval(), Shown::duration, effect);
        key(at + ".timeout", t.timeout(), n.timeout(), Shown::duration, effect);
        key(at + ".start_period", t.startPeriod(), n.startPeriod(), Shown::duration, effect);
        key(at + ".failure_threshold", t.failureThreshold(), n.failureThreshold(), String::valueOf, effect);
        key(at + ".success_threshold", t.successThreshold(), n.successThreshold(), String::valueOf, effect);
    }

    private void restart(RestartSpec was, RestartSpec is) {
        key("restart.policy", was.policy(), is.policy(), RestartPolicy::yamlName, LIVE);
        RestartSpec.Backoff b = was.backoff();
        RestartSpec.Backoff n = is.backoff();
        key("restart.backoff.initial", b.initial(), n.initial(), Shown::duration, LIVE);
        key("restart.backoff.max", b.max(), n.max(), Shown::duration, LIVE);
        key("restart.backoff.multiplier", b.multiplier(), n.multiplier(), Shown::number, LIVE);
        key("restart.backoff.jitter", b.jitter(), n.jitter(), Shown::number, LIVE);
        key("restart.reset_after", was.resetAfter(), is.resetAfter(), Shown::duration, LIVE);
        if (was.limit().isPresent() && is.limit().isPresent()) {
            RestartLimit l = was.limit().get();
            RestartLimit m = is.limit().get();
            key("restart.limit.count", l.count(), m.count(), String::valueOf, LIVE);
            key("restart.limit.window", l.window(), m.window(), Shown::duration, LIVE);
        } else {
            key("restart.limit", was.limit(), is.limit(),
                    limit -> limit.map(l -> l.count() + " in " + Shown.duration(l.window())).orElse("none"), LIVE);
        }
    }

    private void memoryLimit(Optional<MemoryLimit> was, Optional<MemoryLimit> is) {
        if (was.isPresent() && is.isPresent()) {
            MemoryLimit m = was.get();
            MemoryLimit n = is.get();
            key("memory_limit.max", m.maxBytes(), n.maxBytes(), Shown::size, LIVE);
            key("memory_limit.samples", m.consecutiveSamples(), n.consecutiveSamples(), String::valueOf, LIVE);
            key("memory_limit.interval", m.sampleInterval(), n.sampleInterval(), Shown::duration, LIVE);
            key("memory_limit.predict", m.predict(), n.predict(), String::valueOf, LIVE);
            key("memory_limit.act_before", m.actBefore(), n.actBefore(), Shown::duration, LIVE);
        } else {
            key("memory_limit", was, is, limit -> Shown.optional(limit, m -> "{size: " + Shown.size(m.maxBytes())
                    + ", samples: " + m.consecutiveSamples() + ", interval: " + Shown.duration(m.sampleInterval())
                    + (m.predict() ? ", predict: true, act_before: " + Shown.duration(m.actBefore()) : "")
                    + "}"), LIVE);
        }
    }

    private void recovery(Optional<RecoverySpec> was, Optional<RecoverySpec> is) {
        if (was.orElse(null) instanceof SignalRecovery s && is.orElse(null) instanceof SignalRecovery t) {
            key("recovery.signal", s.signal(), t.signal(), Signal::fullName, LIVE);
            key("recovery.wait", s.waitFor(), t.waitFor(), Shown::duration, LIVE);
        } else if (was.orElse(null) instanceof HttpRecovery h && is.orElse(null) instanceof HttpRecovery i) {
            key("recovery.http", h.url(), i.url(), Secrets::maskedUrl, LIVE);
            key("recovery.method", h.method(), i.method(), Function.identity(), LIVE);
            key("recovery.timeout", h.timeout(), i.timeout(), Shown::duration, LIVE);
            key("recovery.wait", h.waitFor(), i.waitFor(), Shown::duration, LIVE);
        } else {
            key("recovery", was, is, r -> Shown.optional(r, ServiceDiff::recovery), LIVE);
        }
    }

    private static String recovery(RecoverySpec recovery) {
        String wait = "wait: " + Shown.duration(recovery.waitFor()) + "}";
        return switch (recovery) {
            case SignalRecovery s -> "{signal: " + s.signal().fullName() + ", " + wait;
            case HttpRecovery h -> "{http: " + Secrets.maskedUrl(h.url()) + ", method: " + h.method()
                    + ", timeout: " + Shown.duration(h.timeout()) + ", " + wait;
        };
    }

    private void container(ContainerSpec was, ContainerSpec is) {
        key("ports", was.ports(), is.ports(), ports -> Shown.strings(ports.stream().map(Ports::format).toList()),
                REPLACE);
        key("volumes", was.volumes(), is.volumes(), volumes -> Shown.strings(volumes.stream().map(this::volume).toList()),
                REPLACE);
        key("network", was.network(), is.network(), n -> Shown.optional(n, Shown::string), REPLACE);
        Resources r = was.resources();
        Resources s = is.resources();
        key("resources.memory", r.memoryBytes(), s.memoryBytes(), m -> Shown.optional(m, Shown::size), REPLACE);
        key("resources.cpus", r.cpus(), s.cpus(), c -> Shown.optional(c, Shown::number), REPLACE);
        key("resources.pids", r.pids(), s.pids(), p -> Shown.optional(p, String::valueOf), REPLACE);
        Set<String> labels = new TreeSet<>(was.labels().keySet());
        labels.addAll(is.labels().keySet());
        for (String label : labels) {
            key("labels." + label, was.labels().get(label), is.labels().get(label),
                    v -> v == null ? KeyChange.ABSENT : Shown.string(v), REPLACE);
        }
        // The pull policy decides when an image is fetched, before a container is created: never a new one itself.
        key("pull", was.pull(), is.pull(), PullPolicy::yamlName, LIVE);
        // Whether the image's HEALTHCHECK becomes the container's exec probe changes the container's definition.
        key("image_healthcheck", was.imageHealthcheck(), is.imageHealthcheck(), String::valueOf, REPLACE);
    }

    private String volume(VolumeMount mount) {
        if (mount.kind() == VolumeMount.Kind.BIND) {
            Path source = Path.of(mount.source());
            if (source.startsWith(directory) && !source.equals(directory)) {
                return "./" + directory.relativize(source) + ":" + mount.target() + (mount.readOnly() ? ":ro" : "");
            }
        }
        return Volumes.format(mount);
    }

    private String path(Path path) {
        if (path.equals(directory)) {
            return Shown.string(".");
        }
        return Shown.string(path.startsWith(directory) ? directory.relativize(path).toString() : path.toString());
    }

    private static String dependencies(List<Dependency> deps) {
        return "[" + String.join(", ", deps.stream().map(d -> d.service() + ": " + d.condition().yamlName()).toList())
                + "]";
    }

    private <T> void key(String key, T was, T is, Function<T, String> show, Effect effect) {
        if (!Objects.equals(was, is)) {
            changes.add(new KeyChange(key, show.apply(was), show.apply(is), effect));
        }
    }
}

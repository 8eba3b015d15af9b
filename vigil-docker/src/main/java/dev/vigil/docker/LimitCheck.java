package dev.vigil.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.vigil.docker.LimitReport.Row;
import dev.vigil.docker.LimitReport.Verdict;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Sizes;
import dev.vigil.stack.Stack;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compares the limits a stack file declares for its container services with those their running containers
 * actually have, so a limit changed or removed behind Vigil's back ({@code podman update --memory}) is seen.
 */
public final class LimitCheck {

    /** The kernel keeps memory limits in whole pages: a declared size is honoured to within one page. */
    private static final long PAGE = 4096;
    /** CFS quotas are whole microseconds of a period: cpus match to a thousandth. */
    private static final double CPU_TOLERANCE = 0.001;

    /** A limit that {@code --require} can demand of every container service. */
    public enum Limit {
        MEMORY, CPUS, PIDS;

        /** The word used on the command line and in messages: {@code memory}, {@code cpus}, {@code pids}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code memory,cpus,pids} (any subset; blank means none); unknown words are an error. */
        public static Set<Limit> parseList(String text) {
            Set<Limit> limits = EnumSet.noneOf(Limit.class);
            for (String word : text.split(",")) {
                String w = word.strip().toLowerCase(Locale.ROOT);
                if (w.isEmpty()) {
                    continue;
                }
                limits.add(switch (w) {
                    case "memory" -> MEMORY;
                    case "cpus" -> CPUS;
                    case "pids" -> PIDS;
                    default -> throw new IllegalArgumentException("unknown limit `" + word.strip()
                            + "`: give memory, cpus or pids, separated by commas");
                });
            }
            return limits;
        }
    }

    /** What the engine (and the kernel) say about one running container. */
    record Observed(String name, Resources engine, Optional<Resources> kernel) {
        Resources actual() {
            return kernel.orElse(engine);
        }
    }

    private LimitCheck() {
    }

    /**
     * Checks every service of {@code stack} against its running container on {@code engine}; without an engine
     * (a stack of processes needs none) no container counts as running.
     */
    public static LimitReport run(Optional<Engine> engine, Stack stack, Set<Limit> required) {
        Map<String, Observed> running = engine.map(e -> running(e, stack.name(), Cgroups.host()))
                .orElse(Map.of());
        return compare(stack, running, required, hostMemory(Path.of("/proc/meminfo")));
    }

    /** The running containers of the stack by service, with their limits. */
    static Map<String, Observed> running(Engine engine, String stackName, Cgroups cgroups) {
        Map<String, Observed> found = new HashMap<>();
        for (Container c : engine.client().listContainersCmd().withShowAll(false)
                .withLabelFilter(Map.of(VigilLabels.STACK, stackName)).exec()) {
            InspectContainerResponse inspect;
            try {
                inspect = engine.client().inspectContainerCmd(c.getId()).exec();
            } catch (NotFoundException e) {
                continue; // removed between list and inspect
            }
            Map<String, String> labels = inspect.getConfig().getLabels() == null ? Map.of()
                    : inspect.getConfig().getLabels();
            String service = labels.get(VigilLabels.SERVICE);
            if (service == null || !Boolean.TRUE.equals(inspect.getState().getRunning())) {
                continue;
            }
            HostConfig host = inspect.getHostConfig();
            Resources fromEngine = new Resources(positive(host.getMemory()),
                    positive(host.getNanoCPUs()).map(n -> n / 1e9), positive(host.getPidsLimit()));
            Long pid = inspect.getState().getPidLong();
            Optional<Resources> kernel = pid == null || pid <= 0 || !engine.host().startsWith("unix://")
                    ? Optional.empty() : cgroups.find(pid, inspect.getId()).flatMap(CgroupLimits::of);
            String name = inspect.getName() == null ? c.getId() : inspect.getName().replaceFirst("^/", "");
            found.put(service, new Observed(name, fromEngine, kernel));
        }
        return found;
    }

    /** The comparison itself, free of the engine: one row per service in the stack file's order. */
    static LimitReport compare(Stack stack, Map<String, Observed> running, Set<Limit> required,
                               OptionalLong hostMemory) {
        List<Row> rows = new ArrayList<>();
        long declaredMemory = 0;
        for (ServiceSpec service : stack.services()) {
            if (service.container().isEmpty()) {
                rows.add(new Row(service.name(), Optional.empty(), Optional.empty(), Optional.empty(),
                        new Verdict.NotAContainer()));
                continue;
            }
            Resources declared = service.container().map(ContainerSpec::resources).orElseThrow();
            declaredMemory += declared.memoryBytes().orElse(0L);
            Observed observed = running.get(service.name());
            if (observed == null) {
                rows.add(new Row(service.name(), Optional.empty(), Optional.of(declared), Optional.empty(),
                        new Verdict.NotRunning("")));
                continue;
            }
            rows.add(new Row(service.name(), Optional.of(observed.name()), Optional.of(declared),
                    Optional.of(observed.actual()), verdict(declared, observed, required)));
        }
        return new LimitReport(rows, declaredMemory, hostMemory);
    }

    /**
     * A limit the file does not declare is held to what the engine set at creation, its own default (Podman's
     * pids limit of 2048): only a change since then is drift.
     */
    private static Verdict verdict(Resources declared, Observed observed, Set<Limit> required) {
        Resources actual = observed.actual();
        Resources created = observed.engine();
        Resources expected = new Resources(
                declared.memoryBytes().or(created::memoryBytes),
                declared.cpus().or(created::cpus),
                declared.pids().or(created::pids));
        List<String> drift = new ArrayList<>();
        if (!sameMemory(expected.memoryBytes(), actual.memoryBytes())) {
            drift.add("memory " + differs(declared.memoryBytes().map(Sizes::format),
                    actual.memoryBytes().map(Sizes::format)));
        }
        if (!sameCpus(expected.cpus(), actual.cpus())) {
            drift.add("cpus " + differs(declared.cpus().map(LimitCheck::cpus), actual.cpus().map(LimitCheck::cpus)));
        }
        if (!expected.pids().equals(actual.pids())) {
            drift.add("pids " + differs(declared.pids().map(String::valueOf), actual.pids().map(String::valueOf)));
        }
        if (!drift.isEmpty()) {
            return new Verdict.Drift(drift);
        }
        List<Limit> missing = required.stream().sorted().filter(limit -> switch (limit) {
            case MEMORY -> declared.memoryBytes().isEmpty();
            case CPUS -> declared.cpus().isEmpty();
            case PIDS -> declared.pids().isEmpty();
        }).toList();
        return missing.isEmpty() ? new Verdict.Ok() : new Verdict.Missing(missing);
    }

    private static String differs(Optional<String> declared, Optional<String> actual) {
        return "declared " + declared.orElse("none") + ", actual " + actual.orElse("none");
    }

    private static boolean sameMemory(Optional<Long> declared, Optional<Long> actual) {
        if (declared.isEmpty() || actual.isEmpty()) {
            return declared.isEmpty() && actual.isEmpty();
        }
        return Math.abs(declared.get() - actual.get()) < PAGE;
    }

    private static boolean sameCpus(Optional<Double> declared, Optional<Double> actual) {
        if (declared.isEmpty() || actual.isEmpty()) {
            return declared.isEmpty() && actual.isEmpty();
        }
        return Math.abs(declared.get() - actual.get()) < CPU_TOLERANCE;
    }

    /** {@code 0.5}, {@code 2}: as a person writes a number of CPUs. */
    public static String cpus(double value) {
        return BigDecimal.valueOf(value).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /** MemTotal from a /proc/meminfo-formatted file, in bytes; empty when it cannot be read. */
    public static OptionalLong hostMemory(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024); // the kernel writes kB
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    private static Optional<Long> positive(Long value) {
        return value == null || value <= 0 ? Optional.empty() : Optional.of(value);
    }
}

package dev.vigil.alerting.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The alerting rules Vigil ships, over the series it writes itself ({@code vigil_events_total},
 * {@code vigil_service_state}, {@code vigil_finding_open}, the host series): a rule file in Prometheus's format,
 * read with the same {@link RuleFiles} as a user's. Every rule has a stable name, so a user can switch it off or
 * replace it by that name.
 */
public final class BuiltinRules {

    /** The resource holding the rules; {@code promtool check rules} accepts it as it is. */
    public static final String RESOURCE = "/dev/vigil/alerting/builtin-rules.yml";

    /** The file name the groups carry: no user file can have it, so alert state kept by it is never mixed up. */
    public static final Path FILE = Path.of("vigil:builtin-rules.yml");

    public static final String SERVICE_GAVE_UP = "VigilServiceGaveUp";
    public static final String SERVICE_CRASH_LOOPING = "VigilServiceCrashLooping";
    public static final String SERVICE_FLAPPING = "VigilServiceFlapping";
    public static final String SERVICE_UNHEALTHY = "VigilServiceUnhealthy";
    public static final String FINDING_OPEN = "VigilFindingOpen";
    public static final String HOST_MEMORY_PRESSURE = "VigilHostMemoryPressure";
    public static final String HOST_DISK_PRESSURE = "VigilHostDiskPressure";
    public static final String OVERRIDE_USED_IN_FREEZE = "VigilOverrideUsedInFreeze";

    /** Every built-in rule's name, in the order of the file. */
    public static final List<String> NAMES = List.of(SERVICE_GAVE_UP, SERVICE_CRASH_LOOPING, SERVICE_FLAPPING,
            SERVICE_UNHEALTHY, FINDING_OPEN, HOST_MEMORY_PRESSURE, HOST_DISK_PRESSURE, OVERRIDE_USED_IN_FREEZE);

    private BuiltinRules() {
    }

    /** The rule file's text. */
    public static String text() {
        try (InputStream in = BuiltinRules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in rules " + RESOURCE + " are missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in rules " + RESOURCE, e);
        }
    }

    /**
     * The built-in groups as {@code files} reads them: the daemon's reader, whose templates can query the store.
     *
     * @throws IllegalStateException when the file has a problem, which is a bug in Vigil and not the user's
     */
    public static List<RuleGroup> groups(RuleFiles files) {
        RuleFiles.Loaded loaded = files.parse(FILE, text());
        if (!loaded.ok()) {
            throw new IllegalStateException("the built-in rules have problems: " + String.join("; ", loaded.problems()));
        }
        return loaded.groups();
    }

    /** The built-in groups read for checking alone ({@link RuleChecks#files()}). */
    public static List<RuleGroup> groups() {
        return groups(RuleChecks.files());
    }

    /** The groups without the rules named in {@code off}; a group left empty is left out. */
    public static List<RuleGroup> without(List<RuleGroup> groups, Set<String> off) {
        return groups.stream()
                .map(g -> new RuleGroup(g.file(), g.name(), g.interval(), g.limit(),
                        g.rules().stream().filter(r -> !off.contains(name(r))).toList()))
                .filter(g -> !g.rules().isEmpty())
                .toList();
    }

    static String name(RuleDefinition rule) {
        return switch (rule) {
            case RuleDefinition.Alerting a -> a.alert();
            case RuleDefinition.Recording r -> r.record();
        };
    }
}

package dev.vigil.change;

import dev.vigil.change.ServiceChange.Added;
import dev.vigil.change.ServiceChange.Changed;
import dev.vigil.change.ServiceChange.Removed;
import dev.vigil.change.ServiceChange.Unchanged;

import java.util.List;

/**
 * The text {@code vigil diff} prints for a plan (docs/change-control.md): one block per service that changes,
 * {@code +} new, {@code -} removed, {@code ~} changed with one line per key, then a count of the unchanged ones and
 * a summary line. ASCII apart from what users wrote themselves.
 */
public final class PlanText {

    private static final String INDENT = "    ";

    private PlanText() {
    }

    public static String render(Plan plan) {
        int unchanged = plan.unchanged().size();
        if (plan.isEmpty()) {
            return "No changes: " + services(unchanged) + " unchanged.\n";
        }
        StringBuilder out = new StringBuilder();
        plan.stackName().ifPresent(name -> out.append("~ ").append(line(name)).append('\n'));
        plan.settings().forEach(key -> out.append("~ ").append(line(key)).append('\n'));
        sections("window", plan.windows(), out);
        sections("profile", plan.profiles(), out);
        for (ServiceChange change : plan.services()) {
            switch (change) {
                case Added a -> out.append("+ ").append(a.name()).append(" (new)\n");
                case Removed r -> out.append("- ").append(r.name()).append(" (removed)\n");
                case Changed c -> changed(c, out);
                case Unchanged u -> { } // counted below
            }
        }
        if (unchanged > 0) {
            out.append(services(unchanged)).append(" unchanged.\n");
        }
        return out.append('\n').append("Plan: ").append(summary(plan)).append(".\n").toString();
    }

    /** {@code 1 to start, 1 to replace, 0 to change live, 0 to stop, 3 unchanged} (and the windows, when they change). */
    public static String summary(Plan plan) {
        return new StringBuilder()
                .append(plan.toStart().size()).append(" to start, ")
                .append(plan.toReplace().size()).append(" to replace, ")
                .append(plan.toChangeLive().size()).append(" to change live, ")
                .append(plan.toStop().size()).append(" to stop, ")
                .append(plan.unchanged().size()).append(" unchanged")
                .append(plan.windows().isEmpty() ? "" : "; windows: " + windows(plan, WindowChange.Kind.ADDED) + " new, "
                        + windows(plan, WindowChange.Kind.CHANGED) + " changed, "
                        + windows(plan, WindowChange.Kind.REMOVED) + " removed")
                .append(plan.profiles().isEmpty() ? "" : "; profiles: " + count(plan.profiles(), WindowChange.Kind.ADDED)
                        + " new, " + count(plan.profiles(), WindowChange.Kind.CHANGED) + " changed, "
                        + count(plan.profiles(), WindowChange.Kind.REMOVED) + " removed")
                .append(plan.settings().isEmpty() ? "" : "; settings: " + plan.settings().size() + " changed")
                .toString();
    }

    /** {@code + window peak (new)}, {@code ~ profile peak (live: profiles.peak.set)} with one line per key. */
    private static void sections(String kind, List<WindowChange> changes, StringBuilder out) {
        for (WindowChange change : changes) {
            out.append(switch (change.kind()) {
                case ADDED -> "+ " + kind + " " + change.name() + " (new)";
                case REMOVED -> "- " + kind + " " + change.name() + " (removed)";
                case CHANGED -> "~ " + kind + " " + change.name() + " (live: "
                        + String.join(", ", change.keys().stream().map(KeyChange::key).toList()) + ")";
            }).append('\n');
            for (KeyChange key : change.keys()) {
                out.append(INDENT).append(line(key)).append('\n');
            }
        }
    }

    /** {@code ~ api (replace: command, env.PORT)} naming the keys that force the replacement, then every key. */
    private static void changed(Changed change, StringBuilder out) {
        List<KeyChange> named = change.effect() == Effect.REPLACE ? change.replacing() : change.keys();
        out.append("~ ").append(change.name()).append(" (")
                .append(change.effect() == Effect.REPLACE ? "replace: " : "live: ")
                .append(String.join(", ", named.stream().map(KeyChange::key).toList()))
                .append(")\n");
        for (KeyChange key : change.keys()) {
            out.append(INDENT).append(line(key)).append('\n');
        }
    }

    /** {@code env.PORT: "8080" -> "8081"}, or {@code env.DB_PASSWORD: *** (secret changed)} when masking hides it. */
    private static String line(KeyChange key) {
        return key.key() + ": " + (key.hidden() ? key.before() + " (secret changed)" : key.before() + " -> " + key.after());
    }

    private static long windows(Plan plan, WindowChange.Kind kind) {
        return count(plan.windows(), kind);
    }

    private static long count(List<WindowChange> changes, WindowChange.Kind kind) {
        return changes.stream().filter(w -> w.kind() == kind).count();
    }

    private static String services(int count) {
        return count + (count == 1 ? " service" : " services");
    }
}

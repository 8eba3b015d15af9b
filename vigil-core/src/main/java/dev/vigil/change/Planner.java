package dev.vigil.change;

import dev.vigil.change.ServiceChange.Added;
import dev.vigil.change.ServiceChange.Changed;
import dev.vigil.change.ServiceChange.Removed;
import dev.vigil.change.ServiceChange.Unchanged;
import dev.vigil.stack.MetricsSettings;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.supervise.StartOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compares the running stack with an edited stack file: what {@code vigil apply} would start, stop, replace or change live. */
public final class Planner {

    private Planner() {
    }

    /**
     * Services are matched by name: a renamed service is one removed and one added. The plan lists the new file's
     * services in its declaration order, then the removed ones in the order they stop (the reverse of the running
     * stack's start order).
     */
    public static Plan plan(Stack current, Stack next) {
        Optional<KeyChange> name = current.name().equals(next.name()) ? Optional.empty()
                : Optional.of(new KeyChange("name", Shown.string(current.name()), Shown.string(next.name()), Effect.LIVE));
        List<ServiceChange> changes = new ArrayList<>();
        for (ServiceSpec after : next.services()) {
            changes.add(current.service(after.name())
                    .map(before -> compare(before, after, next, name))
                    .orElseGet(() -> new Added(after)));
        }
        List<ServiceSpec> stopOrder = new ArrayList<>(StartOrder.of(current.services()));
        for (ServiceSpec before : stopOrder.reversed()) {
            if (next.service(before.name()).isEmpty()) {
                changes.add(new Removed(before));
            }
        }
        return new Plan(name, changes, WindowDiff.between(current, next), WindowDiff.profiles(current, next),
                settings(current.metrics(), next.metrics()));
    }

    /** The top-level {@code metrics} keys that change. */
    private static List<KeyChange> settings(MetricsSettings was, MetricsSettings is) {
        List<KeyChange> changes = new ArrayList<>();
        setting(changes, "metrics.interval", was.interval(), is.interval(), Shown::duration);
        setting(changes, "metrics.retention.raw", was.raw(), is.raw(), Shown::duration);
        setting(changes, "metrics.retention.minute", was.minute(), is.minute(), Shown::duration);
        setting(changes, "metrics.retention.hour", was.hour(), is.hour(), Shown::duration);
        setting(changes, "metrics.max_disk", was.maxDiskBytes(), is.maxDiskBytes(), Shown::size);
        return changes;
    }

    private static <T> void setting(List<KeyChange> changes, String key, T was, T is, java.util.function.Function<T, String> show) {
        if (!was.equals(is)) {
            changes.add(new KeyChange(key, show.apply(was), show.apply(is), Effect.LIVE));
        }
    }

    private static ServiceChange compare(ServiceSpec before, ServiceSpec after, Stack next, Optional<KeyChange> name) {
        List<KeyChange> keys = ServiceDiff.between(before, after, next.directory(), name);
        return keys.isEmpty() ? new Unchanged(after) : new Changed(before, after, keys);
    }
}

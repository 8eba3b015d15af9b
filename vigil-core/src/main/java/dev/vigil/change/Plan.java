package dev.vigil.change;

import dev.vigil.change.ServiceChange.Added;
import dev.vigil.change.ServiceChange.Changed;
import dev.vigil.change.ServiceChange.Removed;
import dev.vigil.change.ServiceChange.Unchanged;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.supervise.StartOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What applying a stack file to the running stack does, made by {@link Planner}.
 *
 * @param stackName the change of the stack's {@code name}, if any
 * @param services every service of both stacks: the new file's in its declaration order, then the removed ones in
 *                 the order they stop
 * @param windows the windows added, removed or changed, by name
 * @param profiles the profiles added, removed or changed, by name (what they do to services while active is in
 *                 {@code services})
 * @param settings the stack's own keys that change, e.g. {@code metrics.interval}: all live
 */
public record Plan(Optional<KeyChange> stackName, List<ServiceChange> services, List<WindowChange> windows,
                   List<WindowChange> profiles, List<KeyChange> settings) {

    public Plan {
        settings = List.copyOf(settings);
        services = List.copyOf(services);
        windows = List.copyOf(windows);
        profiles = List.copyOf(profiles);
    }

    /** True when applying changes nothing. */
    public boolean isEmpty() {
        return stackName.isEmpty() && windows.isEmpty() && profiles.isEmpty() && settings.isEmpty()
                && services.stream().allMatch(Unchanged.class::isInstance);
    }

    /** The new services, in the order they start: each after what it depends on. */
    public List<Added> toStart() {
        return inStartOrder(of(Added.class));
    }

    /** The services whose instance is replaced, in the order the new stack starts them. */
    public List<Changed> toReplace() {
        return inStartOrder(of(Changed.class).stream().filter(c -> c.effect() == Effect.REPLACE).toList());
    }

    /** The services changed without a new instance, in the order the new stack starts them. */
    public List<Changed> toChangeLive() {
        return inStartOrder(of(Changed.class).stream().filter(c -> c.effect() == Effect.LIVE).toList());
    }

    /** The removed services, in the order they stop: each before what it depends on. */
    public List<Removed> toStop() {
        return of(Removed.class);
    }

    public List<Unchanged> unchanged() {
        return of(Unchanged.class);
    }

    private <T extends ServiceChange> List<T> inStartOrder(List<T> changes) {
        List<ServiceSpec> next = new ArrayList<>();
        for (ServiceChange change : services) {
            switch (change) {
                case Added a -> next.add(a.spec());
                case Changed c -> next.add(c.after());
                case Unchanged u -> next.add(u.spec());
                case Removed r -> { } // not in the new stack
            }
        }
        return StartOrder.of(next).stream()
                .flatMap(spec -> changes.stream().filter(c -> c.name().equals(spec.name())))
                .toList();
    }

    private <T extends ServiceChange> List<T> of(Class<T> kind) {
        return services.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}

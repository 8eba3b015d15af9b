package dev.vigil.runtime;

import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The runtime of a stack that may mix kinds of services: each one goes to the first provider that runs it, whose
 * runtime is opened only then. A stack of processes therefore never looks for a container engine.
 */
public final class RuntimeRouter implements Runtime {

    private final List<RuntimeProvider> providers;
    /** The provider each service was last sent to, for the calls that name only the service. */
    private final Map<String, RuntimeProvider> routed = new ConcurrentHashMap<>();

    public RuntimeRouter(List<RuntimeProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a router needs at least one runtime provider");
        }
        this.providers = List.copyOf(providers);
    }

    /** The provider that runs the service (and from now on answers for its name). */
    private RuntimeProvider providerOf(ServiceSpec spec) {
        for (RuntimeProvider provider : providers) {
            if (provider.runs(spec)) {
                routed.put(spec.name(), provider);
                return provider;
            }
        }
        throw new StartFailure("no runtime runs service " + spec.name() + " (there are "
                + providers.stream().map(RuntimeProvider::name).collect(Collectors.joining(", ")) + ")");
    }

    /** The names of the runtimes the stack's services have gone to, e.g. {@code process+docker}. */
    @Override
    public String name() {
        Set<String> used = new LinkedHashSet<>();
        for (RuntimeProvider provider : providers) {
            if (routed.containsValue(provider)) {
                used.add(provider.name());
            }
        }
        return used.isEmpty() ? providers.getFirst().name() : String.join("+", used);
    }

    @Override
    public Instance start(ServiceSpec spec, Slot slot) {
        return providerOf(spec).runtime().start(spec, slot);
    }

    /**
     * Readies the service through its runtime; the spec as declared when that runtime cannot be opened (no engine
     * answers), which the service's first start then reports.
     */
    @Override
    public ServiceSpec prepare(ServiceSpec spec) {
        Runtime runtime;
        try {
            runtime = providerOf(spec).runtime();
        } catch (RuntimeException e) {
            return spec;
        }
        return runtime.prepare(spec);
    }

    /** The stack with every service {@linkplain #prepare readied}. */
    public Stack prepared(Stack stack) {
        return stack.withServices(stack.services().stream().map(this::prepare).toList());
    }

    @Override
    public Adoption adopt(ServiceSpec spec) {
        return providerOf(spec).runtime().adopt(spec);
    }

    @Override
    public Optional<Path> logFile(String service) {
        RuntimeProvider provider = routed.get(service);
        return provider == null ? Optional.empty() : provider.runtime().logFile(service);
    }

    /** Only the runtimes that were opened: a stack that never needed an engine has nothing there to clean. */
    @Override
    public void stackStopped() {
        for (RuntimeProvider provider : providers) {
            if (provider.isOpen()) {
                provider.runtime().stackStopped();
            }
        }
    }

    @Override
    public void close() {
        for (RuntimeProvider provider : providers) {
            if (provider.isOpen()) {
                provider.runtime().close();
            }
        }
    }
}

package dev.vigil.runtime;

import dev.vigil.stack.ServiceSpec;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A provider that opens its runtime with {@code open} on the first call of {@link #runtime()} and keeps it; typed,
 * so that an adapter can reach its own runtime's extras (a container runtime's exec) without a cast.
 */
public final class LazyRuntimeProvider<R extends Runtime> implements RuntimeProvider {

    private final String name;
    private final Predicate<ServiceSpec> runs;
    private final Supplier<R> open;
    private R runtime;

    public LazyRuntimeProvider(String name, Predicate<ServiceSpec> runs, Supplier<R> open) {
        this.name = name;
        this.runs = runs;
        this.open = open;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean runs(ServiceSpec spec) {
        return runs.test(spec);
    }

    @Override
    public synchronized R runtime() {
        if (runtime == null) {
            runtime = open.get();
        }
        return runtime;
    }

    @Override
    public synchronized boolean isOpen() {
        return runtime != null;
    }
}

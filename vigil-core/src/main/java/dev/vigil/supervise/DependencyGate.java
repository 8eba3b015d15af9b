package dev.vigil.supervise;

import dev.vigil.stack.ServiceSpec;

import java.util.Optional;

/** Says whether a service's dependencies are where it needs them before it (re)starts. */
@FunctionalInterface
public interface DependencyGate {

    /** The first unmet dependency, described for people ({@code db (healthy)}); empty when all are met. */
    Optional<String> unmet(ServiceSpec service);

    DependencyGate NONE = service -> Optional.empty();
}

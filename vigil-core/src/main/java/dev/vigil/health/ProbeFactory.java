package dev.vigil.health;

import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;

/** Chooses the probe implementation for a probe spec; tests substitute scripted probes. */
@FunctionalInterface
public interface ProbeFactory {
    Probe create(ServiceSpec service, ProbeSpec spec);
}

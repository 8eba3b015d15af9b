package dev.vigil.docker;

import dev.vigil.runtime.Slot;
import dev.vigil.stack.ContainerSpec.Resources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The labels by which Vigil knows its own containers and networks, and the limits it declared for them. */
final class VigilLabels {

    static final String STACK = "dev.vigil.stack";
    static final String SERVICE = "dev.vigil.service";
    static final String MEMORY = "dev.vigil.limit.memory";
    static final String CPUS = "dev.vigil.limit.cpus";
    static final String PIDS = "dev.vigil.limit.pids";
    /** A hash of everything the container was created from: a container whose hash differs is recreated. */
    static final String DEFINITION = "dev.vigil.definition";
    /** The slot of a container that is not its service's primary instance; the primary has none. */
    static final String SLOT = "dev.vigil.slot";

    private VigilLabels() {
    }

    static String containerName(String stack, String service) {
        return containerName(stack, service, Slot.PRIMARY);
    }

    /** {@code vigil-<stack>-<service>}, and {@code _<slot>} after it for an instance in another slot. */
    static String containerName(String stack, String service, Slot slot) {
        return "vigil-" + stack + "-" + service + (slot.isPrimary() ? "" : "_" + slot.name());
    }

    static String networkName(String stack) {
        return "vigil-" + stack;
    }

    /** The spec's own labels, then Vigil's, which win: ownership must not be forged by a stack file. */
    static Map<String, String> of(String stack, String service, Slot slot, Map<String, String> extra,
                                  Resources limits, String definition) {
        Map<String, String> labels = new LinkedHashMap<>(extra);
        labels.remove(SLOT);
        labels.put(STACK, stack);
        labels.put(SERVICE, service);
        if (!slot.isPrimary()) {
            labels.put(SLOT, slot.name());
        }
        labels.put(DEFINITION, definition);
        limits.memoryBytes().ifPresent(m -> labels.put(MEMORY, Long.toString(m)));
        limits.cpus().ifPresent(c -> labels.put(CPUS, Double.toString(c)));
        limits.pids().ifPresent(p -> labels.put(PIDS, Long.toString(p)));
        return labels;
    }

    static boolean owns(Map<String, String> labels, String stack, String service) {
        return owns(labels, stack, service, Slot.PRIMARY);
    }

    /** Vigil's container of that service in that slot (a primary one carries no slot label). */
    static boolean owns(Map<String, String> labels, String stack, String service, Slot slot) {
        return labels != null && stack.equals(labels.get(STACK)) && service.equals(labels.get(SERVICE))
                && (slot.isPrimary() ? !labels.containsKey(SLOT) : slot.name().equals(labels.get(SLOT)));
    }

    static Resources declared(Map<String, String> labels) {
        return new Resources(
                Optional.ofNullable(labels.get(MEMORY)).map(Long::parseLong),
                Optional.ofNullable(labels.get(CPUS)).map(Double::parseDouble),
                Optional.ofNullable(labels.get(PIDS)).map(Long::parseLong));
    }
}

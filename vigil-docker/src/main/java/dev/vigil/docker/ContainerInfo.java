package dev.vigil.docker;

import dev.vigil.stack.ContainerSpec.Resources;

/**
 * One of a stack's containers as the engine sees it.
 *
 * @param id the short container id
 * @param state the engine's state word: {@code running}, {@code exited}, {@code created}, ...
 * @param declared the limits Vigil asked for when it created the container (from its labels)
 * @param actual the limits the engine applies (HostConfig.Memory, NanoCpus, PidsLimit; 0 means none)
 */
public record ContainerInfo(String id, String name, String service, String state, String image,
                            Resources declared, Resources actual) {
}

package dev.vigil.stack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a service runs as a container (the {@code docker} runtime): a service with an {@code image} is one. Its
 * {@link ServiceSpec#command()} overrides the image's CMD when not empty; env, health, restart and stop work as
 * for processes.
 *
 * @param entrypoint overrides the image's ENTRYPOINT when present
 * @param network the network to join; empty means the stack's own network ({@code vigil-<stack>})
 * @param labels extra labels; Vigil adds its own ownership labels ({@code dev.vigil.stack}, {@code dev.vigil.service})
 * @param imageHealthcheck when the service declares no exec probe, the image's own HEALTHCHECK (if it has one)
 *                         becomes its exec probe; false (compose {@code healthcheck: {disable: true}}) leaves it out
 * @param pull when the image is pulled from its registry
 */
public record ContainerSpec(String image, Optional<List<String>> entrypoint, List<PortMapping> ports,
                            List<VolumeMount> volumes, Optional<String> network, Resources resources,
                            Map<String, String> labels, boolean imageHealthcheck, PullPolicy pull) {

    /** Vigil marks the containers it owns with labels under this prefix; a stack file must not set them. */
    public static final String RESERVED_LABEL_PREFIX = "dev.vigil.";

    public ContainerSpec {
        entrypoint = entrypoint.map(List::copyOf);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        labels = Map.copyOf(labels);
    }

    /**
     * A container that uses its image's HEALTHCHECK when the service declares no exec probe, and pulls its image
     * when the engine does not have it.
     */
    public ContainerSpec(String image, Optional<List<String>> entrypoint, List<PortMapping> ports,
                         List<VolumeMount> volumes, Optional<String> network, Resources resources,
                         Map<String, String> labels) {
        this(image, entrypoint, ports, volumes, network, resources, labels, true, PullPolicy.MISSING);
    }

    public static ContainerSpec of(String image) {
        return new ContainerSpec(image, Optional.empty(), List.of(), List.of(), Optional.empty(), Resources.NONE,
                Map.of());
    }

    public ContainerSpec withImageHealthcheck(boolean value) {
        return new ContainerSpec(image, entrypoint, ports, volumes, network, resources, labels, value, pull);
    }

    public ContainerSpec withPull(PullPolicy value) {
        return new ContainerSpec(image, entrypoint, ports, volumes, network, resources, labels, imageHealthcheck, value);
    }

    /**
     * A published port: {@code hostIp:hostPort -> containerPort/protocol}.
     *
     * @param hostIp the host address to bind; Vigil's default is 127.0.0.1 (never all interfaces unless written)
     * @param hostPort 0 lets the engine pick one
     * @param protocol {@code tcp} or {@code udp}
     */
    public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    }

    /**
     * A volume or bind mount.
     *
     * @param source a volume name ({@link Kind#VOLUME}) or an absolute host path ({@link Kind#BIND})
     */
    public record VolumeMount(Kind kind, String source, String target, boolean readOnly) {

        public enum Kind { VOLUME, BIND }
    }

    /** Limits the engine enforces (cgroups); empty means none declared. */
    public record Resources(Optional<Long> memoryBytes, Optional<Double> cpus, Optional<Long> pids) {

        public static final Resources NONE = new Resources(Optional.empty(), Optional.empty(), Optional.empty());
    }
}

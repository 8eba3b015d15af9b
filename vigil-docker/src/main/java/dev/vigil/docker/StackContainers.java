package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.vigil.stack.ContainerSpec.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A stack's containers as the engine lists them by Vigil's labels: what they are, and clearing the stopped ones. */
final class StackContainers {

    private final DockerClient client;

    StackContainers(DockerClient client) {
        this.client = client;
    }

    /** Every container of the stack (running or not), with the limits declared and those the engine applies. */
    List<ContainerInfo> list(String stack) {
        List<ContainerInfo> result = new ArrayList<>();
        for (Container c : all(stack)) {
            InspectContainerResponse inspect;
            try {
                inspect = client.inspectContainerCmd(c.getId()).exec();
            } catch (NotFoundException e) {
                continue;
            }
            Map<String, String> labels = inspect.getConfig().getLabels() == null ? Map.of()
                    : inspect.getConfig().getLabels();
            HostConfig host = inspect.getHostConfig();
            Resources actual = new Resources(
                    positive(host.getMemory()),
                    positive(host.getNanoCPUs()).map(n -> n / 1e9),
                    positive(host.getPidsLimit()));
            String name = inspect.getName() == null ? "" : inspect.getName().replaceFirst("^/", "");
            result.add(new ContainerInfo(inspect.getId().substring(0, 12), name,
                    labels.getOrDefault(VigilLabels.SERVICE, ""), inspect.getState().getStatus(),
                    inspect.getConfig().getImage(), VigilLabels.declared(labels), actual));
        }
        return result;
    }

    /**
     * Removes every container of the stack that no longer runs, as {@code docker compose down} does: stopped
     * containers are kept for an in-place restart until the stack itself goes down.
     */
    void removeExited(String stack) {
        for (Container c : all(stack)) {
            if (!"running".equals(c.getState())) {
                EngineCalls.removeQuietly(client, c.getId());
            }
        }
    }

    private List<Container> all(String stack) {
        return client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(VigilLabels.STACK, stack)).exec();
    }

    private static Optional<Long> positive(Long value) {
        return value == null || value <= 0 ? Optional.empty() : Optional.of(value);
    }
}

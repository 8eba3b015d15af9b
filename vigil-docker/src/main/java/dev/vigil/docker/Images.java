package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.PullPolicy;
import dev.vigil.stack.ServiceSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A stack's images: pulled as each service's policy says, and asked for the HEALTHCHECK they bring. */
final class Images {

    /** The longest a pull may take. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClient client;
    private final String engineHost;
    private final String stack;
    private final Set<String> justPulled = ConcurrentHashMap.newKeySet();

    Images(DockerClient client, String engineHost, String stack) {
        this.client = client;
        this.engineHost = engineHost;
        this.stack = stack;
    }

    /**
     * Readies a service before the stack is supervised: its image pulled as its policy says (a failure is left to
     * the start, which names it), then its image's HEALTHCHECK taken over ({@link #withImageHealthcheck}).
     */
    ServiceSpec prepare(ServiceSpec spec) {
        spec.container().ifPresent(c -> {
            try {
                pull(c);
                if (c.pull() == PullPolicy.ALWAYS) {
                    // Just pulled: the container created next need not pull it again.
                    justPulled.add(c.image());
                }
            } catch (StartFailure e) {
                // The start tries again and fails with this message.
            }
        });
        return withImageHealthcheck(spec);
    }

    /**
     * Pulls the container's image from its registry when its policy says so: {@code missing} when the engine does
     * not have it, {@code always} every time (going on with the engine's copy when the registry fails, so healing
     * never waits on a registry), {@code never} not at all.
     */
    void pull(ContainerSpec container) {
        String image = container.image();
        if (justPulled.remove(image)) {
            return;
        }
        boolean present = present(image);
        if (container.pull() == PullPolicy.NEVER || (container.pull() == PullPolicy.MISSING && present)) {
            return;
        }
        int at = image.indexOf('@');
        int colon = image.lastIndexOf(':');
        String repository = at >= 0 ? image.substring(0, at)
                : colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
        String tag = at >= 0 ? image.substring(at + 1) : colon > image.lastIndexOf('/') ? image.substring(colon + 1)
                : "latest";
        try {
            boolean done = client.pullImageCmd(repository).withTag(tag).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
            if (!done) {
                throw new StartFailure("pulling " + image + " took longer than " + PULL_TIMEOUT.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            if (present) {
                return;
            }
            String reason = e instanceof DockerException d ? EngineCalls.message(d) : e.getMessage();
            throw new StartFailure("could not pull " + image + " (pull: " + container.pull().yamlName() + ") through "
                    + engineHost + ": " + reason, e);
        }
    }

    private boolean present(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * The service with its image's own HEALTHCHECK as its exec probe, when it is a container that declares no exec
     * probe, allows it ({@link ContainerSpec#imageHealthcheck()}) and its image has one; else the service as it is.
     * Docker runs an image's HEALTHCHECK whether or not a compose file mentions it, so Vigil supervises it too.
     * An image the engine does not have is left to the start, which names it.
     */
    ServiceSpec withImageHealthcheck(ServiceSpec spec) {
        Optional<ContainerSpec> container = spec.container();
        if (container.isEmpty() || !container.get().imageHealthcheck() || Healthchecks.healthcheck(spec).isPresent()) {
            return spec;
        }
        Optional<HealthCheck> own;
        try {
            own = imageHealthcheck(container.get().image());
        } catch (NotFoundException e) {
            return spec;
        }
        return own.flatMap(Healthchecks::probeOf).map(probe -> {
            List<ProbeSpec> health = new ArrayList<>(spec.health());
            health.add(probe);
            return spec.withHealth(health);
        }).orElse(spec);
    }

    private Optional<HealthCheck> imageHealthcheck(String image) {
        var config = client.inspectImageCmd(image).exec().getConfig();
        if (config != null && config.getHealthcheck() != null && config.getHealthcheck().getTest() != null) {
            return Optional.of(config.getHealthcheck());
        }
        // Podman 4 leaves it out of an image's inspect, but gives it to each container created from the image: ask
        // one that is never started.
        String id = client.createContainerCmd(image).withCmd("true").withLabels(Map.of(VigilLabels.STACK, stack))
                .exec().getId();
        try {
            return Optional.ofNullable(client.inspectContainerCmd(id).exec().getConfig().getHealthcheck());
        } finally {
            EngineCalls.removeQuietly(client, id);
        }
    }
}

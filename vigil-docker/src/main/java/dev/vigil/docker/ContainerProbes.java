package dev.vigil.docker;

import dev.vigil.health.Probe;
import dev.vigil.health.ProbeFactory;
import dev.vigil.health.ProbeResult;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;

import java.util.function.Supplier;

/**
 * Probes for a stack with containers: an exec probe of a container service runs inside its container, through
 * the engine (as a compose healthcheck would; Podman without systemd never runs HEALTHCHECKs itself). Every
 * other probe — http and tcp from outside, exec of process services — is the delegate's.
 */
public final class ContainerProbes implements ProbeFactory {

    private static final int OUTPUT_CHARS = 200;

    private final ProbeFactory delegate;
    private final Supplier<DockerRuntime> runtime;

    /** @param runtime the container runtime, asked for only when a container's exec probe runs */
    public ContainerProbes(ProbeFactory delegate, Supplier<DockerRuntime> runtime) {
        this.delegate = delegate;
        this.runtime = runtime;
    }

    @Override
    public Probe create(ServiceSpec service, ProbeSpec spec) {
        if (service.isContainer() && spec instanceof ExecProbeSpec exec) {
            return () -> check(service, exec);
        }
        return delegate.create(service, spec);
    }

    private ProbeResult check(ServiceSpec service, ExecProbeSpec exec) {
        DockerRuntime docker = runtime.get();
        String container = VigilLabels.containerName(docker.stack(), service.name());
        ExecResult result;
        try {
            result = docker.exec(container, exec.command(), exec.timing().timeout());
        } catch (RuntimeException e) {
            // The engine could not run the check: not the service's failure, never counted.
            return new ProbeResult.Unknown("could not exec in " + container + ": " + e.getMessage());
        }
        if (result.timedOut()) {
            return new ProbeResult.Unhealthy("timed out after " + dev.vigil.stack.Durations.format(exec.timing().timeout()));
        }
        if (result.success()) {
            return new ProbeResult.Healthy("exit 0");
        }
        return new ProbeResult.Unhealthy("exit " + result.exitCode() + tail(result.output()));
    }

    private static String tail(String output) {
        String text = output.strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > OUTPUT_CHARS ? "…" + text.substring(text.length() - OUTPUT_CHARS) : text);
    }
}

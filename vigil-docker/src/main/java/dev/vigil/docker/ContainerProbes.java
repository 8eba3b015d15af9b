package dev.vigil.docker;

import dev.vigil.health.Probe;
import dev.vigil.health.ProbeFactory;
import dev.vigil.health.ProbeResult;
import dev.vigil.stack.Durations;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Probes for a stack with containers: an exec probe of a container service runs inside its container, through
 * the engine, as a compose healthcheck would. The service's first exec probe is also the container's HEALTHCHECK
 * ({@link Healthchecks#healthcheck}): where the engine runs it (Docker; Podman with systemd), each check the
 * engine ran is one result of this probe and Vigil does not run the command again; where it does not (Podman
 * without systemd never does), Vigil runs it. Every other probe — http and tcp from outside, exec of process
 * services — is the delegate's.
 */
public final class ContainerProbes implements ProbeFactory {

    private static final int OUTPUT_CHARS = 200;
    /** How long past what a check itself may take the engine may be silent before the check is given up. */
    static final Duration ENGINE_SLACK = Duration.ofSeconds(5);
    /** Engine calls of checks run here, so a hung one holds a virtual thread, not the probe. */
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final ProbeFactory delegate;
    private final Supplier<? extends ProbeTarget> runtime;
    private final Scheduler scheduler;

    /**
     * @param runtime the container runtime, asked for only when a container's exec probe runs
     * @param scheduler the time the engine's checks are waited for by, and a silent engine given up on
     */
    public ContainerProbes(ProbeFactory delegate, Supplier<? extends ProbeTarget> runtime, Scheduler scheduler) {
        this.delegate = delegate;
        this.runtime = runtime;
        this.scheduler = scheduler;
    }

    @Override
    public Probe create(ServiceSpec service, ProbeSpec spec) {
        if (service.isContainer() && spec instanceof ExecProbeSpec exec) {
            ProbeTiming t = exec.timing();
            if (Healthchecks.healthcheck(service).filter(exec::equals).isPresent()) {
                EngineChecks engine = new EngineChecks(t);
                // It may wait out the engine's next check (interval + timeout + slack), then run the command.
                Duration limit = t.interval().plus(t.timeout()).plus(EngineChecks.SLACK).plus(t.timeout())
                        .plus(ENGINE_SLACK);
                return () -> bounded(limit, () -> checkWithEngine(service, exec, engine));
            }
            return () -> bounded(t.timeout().plus(ENGINE_SLACK), () -> check(service, exec));
        }
        return delegate.create(service, spec);
    }

    /**
     * The check, or {@code Unknown} when the engine has not answered within {@code limit}: the calls to the engine
     * have no timeout of their own, and a hung engine must not silently stop a service's probing. Unknown results
     * never count toward a verdict; the first one is reported as the checker's error.
     */
    private ProbeResult bounded(Duration limit, Supplier<ProbeResult> check) {
        CompletableFuture<ProbeResult> result = CompletableFuture.supplyAsync(check, CALLS);
        Scheduler.Cancellable timeout = scheduler.schedule(limit, () -> result.complete(
                new ProbeResult.Unknown("the container engine did not answer within " + Durations.format(limit))));
        try {
            return result.get();
        } catch (ExecutionException e) {
            return new ProbeResult.Unknown("could not check through the engine: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult.Unknown("interrupted");
        } finally {
            timeout.cancel();
        }
    }

    private ProbeResult checkWithEngine(ServiceSpec service, ExecProbeSpec exec, EngineChecks engine) {
        ProbeTarget docker = runtime.get();
        String container = VigilLabels.containerName(docker.stack(), service.name());
        while (true) {
            Optional<EngineHealth> health;
            try {
                health = docker.engineHealth(container);
            } catch (RuntimeException e) {
                health = Optional.empty();
            }
            switch (engine.next(health, scheduler.now())) {
                case EngineChecks.Next.Use use -> {
                    return fromEngine(use.check());
                }
                case EngineChecks.Next.RunItself ignored -> {
                    return check(service, exec);
                }
                case EngineChecks.Next.WaitUntil wait -> {
                    try {
                        Duration left = Duration.between(scheduler.now(), wait.time());
                        scheduler.pause(left.isNegative() ? Duration.ZERO : left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new ProbeResult.Unknown("interrupted");
                    }
                }
            }
        }
    }

    private static ProbeResult fromEngine(EngineHealth.Check check) {
        if (check.exitCode() == 0) {
            return new ProbeResult.Healthy("engine's healthcheck: exit 0");
        }
        return new ProbeResult.Unhealthy("engine's healthcheck: exit " + check.exitCode() + tail(check.output()));
    }

    private ProbeResult check(ServiceSpec service, ExecProbeSpec exec) {
        ProbeTarget docker = runtime.get();
        String container = VigilLabels.containerName(docker.stack(), service.name());
        ExecResult result;
        try {
            result = docker.exec(container, exec.command(), exec.timing().timeout());
        } catch (RuntimeException e) {
            // The engine could not run the check: not the service's failure, never counted.
            return new ProbeResult.Unknown("could not exec in " + container + ": " + e.getMessage());
        }
        if (result.timedOut()) {
            return new ProbeResult.Unhealthy("timed out after " + Durations.format(exec.timing().timeout()));
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

package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.vigil.runtime.StartFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What exec probes of containers need from the engine: a command run inside, and the checks the engine ran. */
final class ContainerExec {

    private final DockerClient client;

    ContainerExec(DockerClient client) {
        this.client = client;
    }

    /** Runs a command inside a running container and waits for it (at most {@code timeout}). */
    ExecResult exec(String containerId, List<String> cmd, Duration timeout) {
        String execId = client.execCreateCmd(containerId).withCmd(cmd.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder output = new StringBuilder();
        try (var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }) {
            boolean finished = client.execStartCmd(execId).exec(callback)
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (output) {
                if (!finished) {
                    return new ExecResult(-1, output.toString(), true);
                }
                Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
                return new ExecResult(code == null ? -1 : code.intValue(), output.toString(), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(-1, output.toString(), true);
        } catch (IOException e) {
            throw new StartFailure("exec in " + containerId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The healthcheck results the engine itself recorded for a container since it started; empty when there is no
     * such container. A container whose healthchecks the engine never runs has no checks.
     */
    Optional<EngineHealth> engineHealth(String container) {
        InspectContainerResponse inspect;
        try {
            inspect = client.inspectContainerCmd(container).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        var state = inspect.getState();
        List<EngineHealth.Check> checks = new ArrayList<>();
        HealthState health = state.getHealth();
        if (health != null && health.getLog() != null) {
            for (HealthStateLog log : health.getLog()) {
                Optional<Instant> start = EngineCalls.instant(log.getStart());
                Optional<Instant> end = EngineCalls.instant(log.getEnd());
                if (start.isPresent() && end.isPresent()) {
                    Long code = log.getExitCodeLong();
                    checks.add(new EngineHealth.Check(start.get(), end.get(), code == null ? -1 : code.intValue(),
                            log.getOutput() == null ? "" : log.getOutput()));
                }
            }
        }
        return Optional.of(new EngineHealth(inspect.getId(),
                EngineCalls.instant(state.getStartedAt()).orElseGet(Instant::now), checks));
    }
}

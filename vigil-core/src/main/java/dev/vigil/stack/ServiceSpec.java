package dev.vigil.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired state of one service.
 *
 * @param cwd absolute working directory (the stack file's directory when not given)
 * @param env the variables added to Vigil's own environment: env_file entries overlaid by env
 */
public record ServiceSpec(
        String name,
        List<String> command,
        Path cwd,
        Map<String, String> env,
        List<Dependency> dependsOn,
        List<ProbeSpec> health,
        RestartSpec restart,
        StopSpec stop,
        Optional<MemoryLimit> memoryLimit,
        Optional<RecoverySpec> recovery,
        LogSpec logs) {

    public ServiceSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        dependsOn = List.copyOf(dependsOn);
        health = List.copyOf(health);
    }

    public boolean hasProbes() {
        return !health.isEmpty();
    }

    /** A spec with every default applied, for code (and tests) that builds services without YAML. */
    public static ServiceSpec of(String name, List<String> command, Path cwd) {
        return new ServiceSpec(name, command, cwd, Map.of(), List.of(), List.of(),
                RestartSpec.DEFAULT, StopSpec.DEFAULT, Optional.empty(), Optional.empty(), LogSpec.DEFAULT);
    }

    public ServiceSpec withDependsOn(List<Dependency> deps) {
        return new ServiceSpec(name, command, cwd, env, deps, health, restart, stop, memoryLimit, recovery, logs);
    }

    public ServiceSpec withHealth(List<ProbeSpec> probes) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, probes, restart, stop, memoryLimit, recovery, logs);
    }

    public ServiceSpec withRestart(RestartSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, value, stop, memoryLimit, recovery, logs);
    }

    public ServiceSpec withStop(StopSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, value, memoryLimit, recovery, logs);
    }

    public ServiceSpec withMemoryLimit(MemoryLimit value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, Optional.of(value), recovery, logs);
    }

    public ServiceSpec withRecovery(RecoverySpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, Optional.of(value), logs);
    }

    public ServiceSpec withEnv(Map<String, String> value) {
        return new ServiceSpec(name, command, cwd, value, dependsOn, health, restart, stop, memoryLimit, recovery, logs);
    }

    public ServiceSpec withLogs(LogSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, recovery, value);
    }
}

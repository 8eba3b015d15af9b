package dev.vigil.stack;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The desired state of one service.
 *
 * @param cwd absolute working directory (the stack file's directory when not given)
 * @param env the variables added to Vigil's own environment: env_file entries overlaid by env
 * @param secrets env keys declared secret besides those that look secret (see {@link Secrets#isSecret})
 * @param container present when the service runs as a container (it has an {@code image})
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
        LogSpec logs,
        Set<String> secrets,
        Optional<ContainerSpec> container,
        FreezeSpec freeze,
        ServiceMetricsSpec metrics) {

    public ServiceSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        dependsOn = List.copyOf(dependsOn);
        health = List.copyOf(health);
        secrets = Collections.unmodifiableSet(new LinkedHashSet<>(secrets));
    }

    public boolean hasProbes() {
        return !health.isEmpty();
    }

    /** A spec with every default applied, for code (and tests) that builds services without YAML. */
    public static ServiceSpec of(String name, List<String> command, Path cwd) {
        return new ServiceSpec(name, command, cwd, Map.of(), List.of(), List.of(),
                RestartSpec.DEFAULT, StopSpec.DEFAULT, Optional.empty(), Optional.empty(), LogSpec.DEFAULT, Set.of(),
                Optional.empty(), FreezeSpec.DEFAULT, ServiceMetricsSpec.DEFAULT);
    }

    public ServiceSpec withDependsOn(List<Dependency> deps) {
        return new ServiceSpec(name, command, cwd, env, deps, health, restart, stop, memoryLimit, recovery, logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withHealth(List<ProbeSpec> probes) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, probes, restart, stop, memoryLimit, recovery, logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withRestart(RestartSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, value, stop, memoryLimit, recovery, logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withStop(StopSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, value, memoryLimit, recovery, logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withMemoryLimit(MemoryLimit value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, Optional.of(value), recovery, logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withRecovery(RecoverySpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, Optional.of(value), logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withEnv(Map<String, String> value) {
        return new ServiceSpec(name, command, cwd, value, dependsOn, health, restart, stop, memoryLimit, recovery, logs, secrets, container, freeze, metrics);
    }

    public ServiceSpec withContainer(ContainerSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, recovery, logs, secrets,
                Optional.of(value), freeze, metrics);
    }

    public ServiceSpec withFreeze(FreezeSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, recovery, logs, secrets,
                container, value, metrics);
    }

    public ServiceSpec withMetrics(ServiceMetricsSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, recovery, logs, secrets,
                container, freeze, value);
    }

    /** True when the service runs as a container. */
    public boolean isContainer() {
        return container.isPresent();
    }

    public ServiceSpec withLogs(LogSpec value) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, recovery, value, secrets, container, freeze, metrics);
    }

    public ServiceSpec withSecrets(Set<String> keys) {
        return new ServiceSpec(name, command, cwd, env, dependsOn, health, restart, stop, memoryLimit, recovery, logs, keys, container, freeze, metrics);
    }

    /** As a record shows itself, with every secret env value masked: specs end up in logs and error messages. */
    @Override
    public String toString() {
        return "ServiceSpec[name=" + name + ", command=" + Secrets.maskedCommand(command) + ", cwd=" + cwd + ", env=" + Secrets.redactedEnv(this)
                + ", dependsOn=" + dependsOn + ", health=" + health + ", restart=" + restart + ", stop=" + stop
                + ", memoryLimit=" + memoryLimit + ", recovery=" + recovery + ", logs=" + logs + ", secrets=" + secrets
                + ", container=" + container + ", freeze=" + freeze + "]";
    }
}

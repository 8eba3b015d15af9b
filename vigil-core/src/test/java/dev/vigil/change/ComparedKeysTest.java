package dev.vigil.change;

import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.LogSpec;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.RecoverySpec;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Profile;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StopSpec;
import dev.vigil.stack.TcpProbeSpec;
import dev.vigil.window.Window;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner compares services and windows field by field. A field added to the stack model is one the planner
 * does not compare yet, so an apply would miss its changes: this names it, until ServiceDiff or WindowDiff (and
 * PlannerTest) handle it.
 */
class ComparedKeysTest {

    record Compared(Class<? extends Record> type, List<String> fields) {
        @Override
        public String toString() {
            return type.getSimpleName();
        }
    }

    static Stream<Compared> modelTypes() {
        return Stream.of(
                new Compared(Stack.class, List.of("name", "file", "services", "windows", "profiles", "activeProfiles",
                        "envFiles", "metrics", "alerting", "statusPage")),
                new Compared(dev.vigil.stack.StatusPageSettings.class, List.of("enabled", "title", "services", "open")),
                new Compared(dev.vigil.alerting.AlertingSettings.class, List.of("ruleFiles", "rules",
                        "evaluationInterval", "route", "receivers", "inhibitRules", "timeIntervals", "escalations",
                        "holdDependents", "builtinRules", "disabledBuiltins", "responses")),
                new Compared(dev.vigil.stack.MetricsSettings.class, List.of("interval", "raw", "minute", "hour",
                        "maxDiskBytes")),
                new Compared(dev.vigil.stack.ServiceMetricsSpec.class, List.of("interval", "scrape", "timeout",
                        "maxSeries")),
                new Compared(Profile.class, List.of("name", "window", "services", "settings", "digest")),
                new Compared(Window.class, List.of("name", "kind", "schedule", "zone", "services", "reason", "origin")),
                new Compared(ServiceSpec.class, List.of("name", "command", "cwd", "env", "dependsOn", "health",
                        "restart", "stop", "memoryLimit", "recovery", "logs", "secrets", "container", "freeze", "metrics")),
                new Compared(ContainerSpec.class, List.of("image", "entrypoint", "ports", "volumes", "network",
                        "resources", "labels", "imageHealthcheck", "pull")),
                new Compared(ContainerSpec.PortMapping.class, List.of("hostIp", "hostPort", "containerPort", "protocol")),
                new Compared(ContainerSpec.VolumeMount.class, List.of("kind", "source", "target", "readOnly")),
                new Compared(ContainerSpec.Resources.class, List.of("memoryBytes", "cpus", "pids")),
                new Compared(Dependency.class, List.of("service", "condition")),
                new Compared(HttpProbeSpec.class, List.of("url", "expectStatus", "bodyContains", "timing")),
                new Compared(TcpProbeSpec.class, List.of("host", "port", "timing")),
                new Compared(ExecProbeSpec.class, List.of("command", "timing")),
                new Compared(ProbeTiming.class, List.of("interval", "timeout", "startPeriod", "failureThreshold",
                        "successThreshold")),
                new Compared(RestartSpec.class, List.of("policy", "backoff", "resetAfter", "limit")),
                new Compared(RestartSpec.Backoff.class, List.of("initial", "max", "multiplier", "jitter")),
                new Compared(RestartSpec.RestartLimit.class, List.of("count", "window")),
                new Compared(StopSpec.class, List.of("signal", "grace")),
                new Compared(MemoryLimit.class, List.of("maxBytes", "consecutiveSamples", "sampleInterval", "predict",
                        "actBefore")),
                new Compared(RecoverySpec.SignalRecovery.class, List.of("signal", "waitFor")),
                new Compared(RecoverySpec.HttpRecovery.class, List.of("url", "method", "timeout", "waitFor")),
                new Compared(LogSpec.class, List.of("maxBytes", "keep")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelTypes")
    void everyFieldOfTheStackModelIsCompared(Compared compared) {
        assertThat(Arrays.stream(compared.type().getRecordComponents()).map(RecordComponent::getName).toList())
                .as("the fields of %s that ServiceDiff compares", compared.type().getSimpleName())
                .containsExactlyElementsOf(compared.fields());
    }
}

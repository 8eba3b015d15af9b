package dev.vigil.server;

import dev.vigil.audit.AuditLog;
import dev.vigil.auth.TokenStore;
import dev.vigil.event.EventBus;
import dev.vigil.change.Applier;
import dev.vigil.change.MemoryVersionStore;
import dev.vigil.change.StackFileWriter;
import dev.vigil.change.VersionStore;
import dev.vigil.collect.LatestUsage;
import dev.vigil.event.EventStore;
import dev.vigil.finding.Findings;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateControl;
import dev.vigil.gate.MemoryGateStore;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.MetricStore;
import dev.vigil.runtime.Runtime;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.time.Scheduler;

import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the API operates on, handed in by the daemon.
 *
 * @param metrics the Prometheus text exposition of the daemon's meters
 * @param clock the time for audit records, rate limits and uptimes
 * @param shutdown stops the stack, then the daemon; called after the request that asked for it is answered, with
 *     true when the services are to be left running (a restart of Vigil itself: the next one adopts them)
 * @param gates the windows and overrides; {@code gate} decides by them (the supervisors ask the same one)
 * @param applier applies changed stack files; {@code versions} is its history; {@code stackFile} writes the file on a
 *     rollback
 * @param metricStore the services' and the host's series, read by the metric queries
 * @param usage the latest collected usage, for the live table
 * @param findings the detectors' open findings
 * @param alerting alerts, silences, acknowledgements, receivers and dead letters; empty where none runs (tests)
 */
public record ControlPlane(StackSupervisor stack, EventStore events, EventBus bus, Runtime runtime,
                           TokenStore tokens, AuditLog audit, Supplier<String> metrics, Scheduler clock,
                           Consumer<Boolean> shutdown, String version, GateControl gates, DisruptionGate gate,
                           Applier applier, VersionStore versions, StackFileWriter stackFile,
                           MetricStore metricStore, LatestUsage usage, Findings findings,
                           java.util.Optional<AlertingPlane> alerting) {

    /** With the stack file's windows only, none added at run time kept anywhere. */
    public ControlPlane(StackSupervisor stack, EventStore events, EventBus bus, Runtime runtime, TokenStore tokens,
                        AuditLog audit, Supplier<String> metrics, Scheduler clock, Consumer<Boolean> shutdown,
                        String version) {
        this(stack, events, bus, runtime, tokens, audit, metrics, clock, shutdown, version,
                new GateControl(stack.stack().windows(), new MemoryGateStore(), clock));
    }

    public ControlPlane(StackSupervisor stack, EventStore events, EventBus bus, Runtime runtime, TokenStore tokens,
                        AuditLog audit, Supplier<String> metrics, Scheduler clock, Consumer<Boolean> shutdown,
                        String version, GateControl gates) {
        this(stack, events, bus, runtime, tokens, audit, metrics, clock, shutdown, version, gates, gates.gate(bus),
                new MemoryVersionStore());
    }

    private ControlPlane(StackSupervisor stack, EventStore events, EventBus bus, Runtime runtime, TokenStore tokens,
                         AuditLog audit, Supplier<String> metrics, Scheduler clock, Consumer<Boolean> shutdown,
                         String version, GateControl gates, DisruptionGate gate, VersionStore versions) {
        this(stack, events, bus, runtime, tokens, audit, metrics, clock, shutdown, version, gates, gate,
                new Applier(stack, gate, versions, bus, clock, Executors.newVirtualThreadPerTaskExecutor(), next -> { }),
                versions, StackFileWriter.NONE, new InMemoryMetricStore(), LatestUsage.NONE, Findings.NONE,
                java.util.Optional.empty());
    }

    /** The same, reading series, usage and findings from these. */
    public ControlPlane withObservations(MetricStore store, LatestUsage latest, Findings open) {
        return new ControlPlane(stack, events, bus, runtime, tokens, audit, metrics, clock, shutdown, version, gates,
                gate, applier, versions, stackFile, store, latest, open, alerting);
    }

    /** The same, with alerting. */
    public ControlPlane withAlerting(AlertingPlane plane) {
        return new ControlPlane(stack, events, bus, runtime, tokens, audit, metrics, clock, shutdown, version, gates,
                gate, applier, versions, stackFile, metricStore, usage, findings, java.util.Optional.of(plane));
    }
}

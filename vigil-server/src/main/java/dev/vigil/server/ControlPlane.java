package dev.vigil.server;

import dev.vigil.audit.AuditLog;
import dev.vigil.auth.TokenStore;
import dev.vigil.event.EventBus;
import dev.vigil.event.EventStore;
import dev.vigil.runtime.Runtime;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.time.Scheduler;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the API operates on, handed in by the daemon.
 *
 * @param metrics the Prometheus text exposition of the daemon's meters
 * @param clock the time for audit records, rate limits and uptimes
 * @param shutdown stops the stack, then the daemon; called after the request that asked for it is answered, with
 *     true when the services are to be left running (a restart of Vigil itself: the next one adopts them)
 */
public record ControlPlane(StackSupervisor stack, EventStore events, EventBus bus, Runtime runtime,
                           TokenStore tokens, AuditLog audit, Supplier<String> metrics, Scheduler clock,
                           Consumer<Boolean> shutdown, String version) {
}

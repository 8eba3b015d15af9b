package dev.vigil.server.metrics;

import dev.vigil.supervise.ServiceState;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Scheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;

/**
 * The per-service gauges, read from the supervisors' status snapshots at scrape time: nothing is recorded on the
 * supervisors' lanes, and a scrape never waits for one.
 */
final class ServiceMetrics {

    static final String STATE = "vigil.service.state";
    static final String HEALTHY = "vigil.service.healthy";
    static final String RESTARTS = "vigil.service.restarts";
    static final String UPTIME = "vigil.service.uptime";

    private ServiceMetrics() {
    }

    /** Registers the meters of every service of the stack; the meters hold the supervisors weakly. */
    static void register(MeterRegistry registry, StackSupervisor stack, Scheduler clock) {
        for (ServiceStatus status : stack.statuses()) {
            stack.supervisor(status.name()).ifPresent(s -> register(registry, s, clock));
        }
    }

    private static void register(MeterRegistry registry, Supervisor supervisor, Scheduler clock) {
        String service = supervisor.name();
        // One series per state, 1 for the current one: a state is then a plain label to filter and alert on
        // (vigil_service_state{state="failed"} == 1), and a change shows even between two scrapes' values.
        for (ServiceState state : ServiceState.values()) {
            Gauge.builder(STATE, supervisor, s -> s.status().state() == state ? 1 : 0)
                    .description("1 for the state the service is in, 0 for the others")
                    .tags("service", service, "state", state.label())
                    .register(registry);
        }
        Gauge.builder(HEALTHY, supervisor, s -> s.status().state().isReady() ? 1 : 0)
                .description("1 when the service is healthy (or running, if it has no probes), else 0")
                .tag("service", service)
                .register(registry);
        FunctionCounter.builder(RESTARTS, supervisor, s -> s.status().restarts())
                .description("Restarts since Vigil began supervising the service")
                .tag("service", service)
                .register(registry);
        Gauge.builder(UPTIME, supervisor, s -> uptimeSeconds(s.status(), clock.now()))
                .description("How long the current instance has run; 0 when none runs")
                .tag("service", service)
                .baseUnit("seconds")
                .register(registry);
    }

    static double uptimeSeconds(ServiceStatus status, Instant now) {
        if (!status.state().hasInstance() || status.startedAt().isEmpty()) {
            return 0;
        }
        Duration up = Duration.between(status.startedAt().get(), now);
        return up.isNegative() ? 0 : up.toNanos() / 1e9;
    }
}

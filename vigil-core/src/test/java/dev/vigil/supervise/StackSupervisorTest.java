package dev.vigil.supervise;

import dev.vigil.event.ServiceEvent.InstanceAdopted;
import dev.vigil.event.ServiceEvent.InstanceExited;
import dev.vigil.event.ServiceEvent.InstanceStarted;
import dev.vigil.event.StackEvent;
import dev.vigil.stack.Dependency;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.vigil.supervise.Specs.aProbedService;
import static dev.vigil.supervise.Specs.aService;
import static dev.vigil.supervise.Specs.dependingOn;
import static org.assertj.core.api.Assertions.assertThat;

class StackSupervisorTest {

    private final Harness h = new Harness(Harness.midpoint());

    private ServiceState state(StackSupervisor stack, String name) {
        return stack.supervisor(name).orElseThrow().status().state();
    }

    @Test
    void servicesStartAfterWhatTheyDependOnIsHealthy() {
        StackSupervisor stack = h.stack(
                dependingOn(aService("api"), Dependency.healthy("db")),
                aProbedService("db"));
        stack.start();
        h.drain();

        assertThat(state(stack, "db")).isEqualTo(ServiceState.STARTING);
        assertThat(state(stack, "api")).isEqualTo(ServiceState.PENDING);
        assertThat(stack.supervisor("api").orElseThrow().status().reason())
                .isEqualTo("waiting for db (healthy, now starting)");

        h.healthy("db");
        h.advanceMillis(100);

        assertThat(state(stack, "api")).isEqualTo(ServiceState.RUNNING);
        assertThat(h.events(InstanceStarted.class)).extracting(InstanceStarted::service).containsExactly("db", "api");
        assertThat(stack.started()).isDone();
        assertThat(h.events(StackEvent.StackStarted.class)).hasSize(1);
    }

    @Test
    void aStartedDependencyIsEnoughForTheStartedCondition() {
        StackSupervisor stack = h.stack(dependingOn(aService("api"), Dependency.started("db")), aProbedService("db"));
        stack.start();
        h.drain();

        assertThat(state(stack, "db")).isEqualTo(ServiceState.STARTING);
        assertThat(state(stack, "api")).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void startsAtMostTheParallelLimitAtOnce() {
        StackSupervisor stack = h.stack(2, aProbedService("a"), aProbedService("b"), aProbedService("c"),
                aProbedService("d"));
        stack.start();
        h.drain();

        assertThat(stack.statuses()).extracting(ServiceStatus::state).containsExactly(
                ServiceState.STARTING, ServiceState.STARTING, ServiceState.PENDING, ServiceState.PENDING);

        h.healthy("a");
        h.advanceMillis(100);
        assertThat(state(stack, "c")).isEqualTo(ServiceState.STARTING);
        assertThat(state(stack, "d")).isEqualTo(ServiceState.PENDING);
    }

    @Test
    void aDependentWaitsForItsRestartingDependencyToBeHealthyAgain() {
        StackSupervisor stack = h.stack(aProbedService("db"), dependingOn(aService("api"), Dependency.healthy("db")));
        h.healthy("db");
        stack.start();
        h.advanceMillis(100);
        assertThat(state(stack, "api")).isEqualTo(ServiceState.RUNNING);

        h.unhealthy("db");
        h.runtime.current("db").crash(1);
        h.drain();
        h.runtime.current("api").crash(1);
        h.drain();

        assertThat(state(stack, "db")).isEqualTo(ServiceState.STARTING);
        assertThat(state(stack, "api")).isEqualTo(ServiceState.PENDING);
        assertThat(h.runtime.started("api")).hasSize(1);

        h.healthy("db");
        h.advanceMillis(100);
        assertThat(state(stack, "api")).isEqualTo(ServiceState.RUNNING);
        assertThat(h.runtime.started("api")).hasSize(2);
    }

    @Test
    void stopGoesInReverseDependencyOrder() {
        StackSupervisor stack = h.stack(aService("db"), dependingOn(aService("api"), Dependency.started("db")),
                dependingOn(aService("web"), Dependency.started("api")));
        stack.start();
        h.drain();

        CompletableFuture<Void> stopped = stack.stop("test");
        h.drain();

        assertThat(stopped).isDone();
        assertThat(h.events(InstanceExited.class)).extracting(InstanceExited::service)
                .containsExactly("web", "api", "db");
        assertThat(stack.statuses()).extracting(ServiceStatus::state).containsOnly(ServiceState.STOPPED);
        assertThat(h.events(StackEvent.StackStopped.class)).hasSize(1);
        h.advance(Duration.ofMinutes(1));
        assertThat(h.runtime.started("db")).hasSize(1);
    }

    @Test
    void startOrderPutsDependenciesFirst() {
        List<String> order = StartOrder.of(List.of(
                dependingOn(aService("web"), Dependency.started("api")),
                dependingOn(aService("api"), Dependency.started("db"), Dependency.started("cache")),
                aService("cache"),
                aService("db"))).stream().map(s -> s.name()).toList();

        assertThat(order).containsExactly("db", "cache", "api", "web");
    }

    @Test
    void adoptedServicesAreNotStartedAgainAndTheirDependentsStillStartInOrder() {
        h.runtime.leaveRunning("db", h.scheduler.now(), Optional.empty());
        StackSupervisor stack = h.stack(
                dependingOn(aService("web"), Dependency.started("api")),
                dependingOn(aService("api"), Dependency.healthy("db")),
                aProbedService("db"));
        stack.start();
        h.drain();

        assertThat(h.runtime.adoptions()).containsExactlyInAnyOrder("db", "api", "web");
        assertThat(state(stack, "db")).isEqualTo(ServiceState.STARTING); // its probes resumed
        assertThat(state(stack, "api")).isEqualTo(ServiceState.PENDING);
        assertThat(state(stack, "web")).isEqualTo(ServiceState.PENDING);

        h.healthy("db");
        h.advanceMillis(100);

        assertThat(stack.statuses()).extracting(ServiceStatus::state)
                .containsExactly(ServiceState.HEALTHY, ServiceState.RUNNING, ServiceState.RUNNING);
        assertThat(h.runtime.started("db")).isEmpty();
        assertThat(h.events(InstanceAdopted.class)).extracting(InstanceAdopted::service).containsExactly("db");
        assertThat(h.events(InstanceStarted.class)).extracting(InstanceStarted::service).containsExactly("api", "web");
        assertThat(stack.started()).isDone();
    }

    @Test
    void anAdoptedDependentIsKeptWhileWhatItDependsOnStarts() {
        h.runtime.leaveRunning("api", h.scheduler.now(), Optional.empty());
        StackSupervisor stack = h.stack(aService("db"), dependingOn(aService("api"), Dependency.started("db")));
        stack.start();
        h.drain();

        assertThat(stack.statuses()).extracting(ServiceStatus::state)
                .containsExactly(ServiceState.RUNNING, ServiceState.RUNNING);
        assertThat(h.runtime.started("api")).isEmpty();
        assertThat(h.runtime.started("db")).hasSize(1);
        assertThat(h.events(InstanceStarted.class)).extracting(InstanceStarted::service).containsExactly("db");
    }
}

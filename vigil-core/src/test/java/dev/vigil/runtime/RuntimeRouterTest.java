package dev.vigil.runtime;

import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeRouterTest {

    private final List<String> calls = new ArrayList<>();
    private final ServiceSpec web = ServiceSpec.of("web", List.of("/bin/web"), Path.of("/tmp"));
    private final ServiceSpec db = ServiceSpec.of("db", List.of(), Path.of("/tmp"))
            .withContainer(ContainerSpec.of("postgres:16"));

    private LazyRuntimeProvider<Recording> containers(Supplier<Recording> open) {
        return new LazyRuntimeProvider<>("docker", ServiceSpec::isContainer, open);
    }

    private LazyRuntimeProvider<Recording> processes() {
        return new LazyRuntimeProvider<>("process", s -> !s.isContainer(), () -> new Recording("process"));
    }

    @Test
    void aStackOfProcessesNeverOpensTheContainerRuntime() {
        var docker = containers(() -> new Recording("docker"));
        RuntimeRouter router = new RuntimeRouter(List.of(docker, processes()));

        router.prepare(web);
        router.start(web);
        router.stackStopped();
        router.close();

        assertThat(docker.isOpen()).isFalse();
        assertThat(calls).containsExactly("process prepare web", "process start web", "process stackStopped",
                "process close");
        assertThat(router.name()).isEqualTo("process");
    }

    @Test
    void eachServiceGoesToTheFirstProviderThatRunsIt() {
        RuntimeRouter router = new RuntimeRouter(List.of(containers(() -> new Recording("docker")), processes()));

        router.start(db);
        router.adopt(web);

        assertThat(calls).containsExactly("docker start db", "process adopt web");
        assertThat(router.logFile("db")).contains(Path.of("/logs/docker/db"));
        assertThat(router.logFile("web")).contains(Path.of("/logs/process/web"));
        assertThat(router.logFile("unknown")).isEmpty();
        assertThat(router.name()).isEqualTo("docker+process");
    }

    @Test
    void aRuntimeThatCannotOpenLeavesTheSpecAsDeclaredAndFailsItsStart() {
        RuntimeRouter router = new RuntimeRouter(List.of(containers(() -> {
            throw new StartFailure("no container engine answers");
        }), processes()));

        assertThat(router.prepare(db)).isSameAs(db);
        assertThatThrownBy(() -> router.start(db)).isInstanceOf(StartFailure.class)
                .hasMessage("no container engine answers");
    }

    @Test
    void aServiceNoProviderRunsCannotStart() {
        RuntimeRouter router = new RuntimeRouter(List.of(processes()));

        assertThatThrownBy(() -> router.start(db)).isInstanceOf(StartFailure.class)
                .hasMessage("no runtime runs service db (there are process)");
    }

    /** Records what it was asked, by its name. */
    private final class Recording implements Runtime {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Instance start(ServiceSpec spec, Slot slot) {
            calls.add(name + " start " + spec.name());
            return new Ended(spec.name());
        }

        @Override
        public ServiceSpec prepare(ServiceSpec spec) {
            calls.add(name + " prepare " + spec.name());
            return spec;
        }

        @Override
        public Adoption adopt(ServiceSpec spec) {
            calls.add(name + " adopt " + spec.name());
            return Adoption.none();
        }

        @Override
        public java.util.Optional<Path> logFile(String service) {
            return java.util.Optional.of(Path.of("/logs", name, service));
        }

        @Override
        public void stackStopped() {
            calls.add(name + " stackStopped");
        }

        @Override
        public void close() {
            calls.add(name + " close");
        }
    }

    private record Ended(String service) implements Instance {
        @Override
        public String id() {
            return service + "-1";
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public Instant startedAt() {
            return Instant.EPOCH;
        }

        @Override
        public CompletableFuture<ExitStatus> onExit() {
            return CompletableFuture.completedFuture(ExitStatus.exited(0));
        }

        @Override
        public boolean isAlive() {
            return false;
        }

        @Override
        public void signal(Signal signal) {
        }

        @Override
        public CompletableFuture<ExitStatus> stop(StopSpec stop) {
            return onExit();
        }

        @Override
        public OptionalLong memoryBytes() {
            return OptionalLong.empty();
        }

        @Override
        public List<String> lastLogLines(int max) {
            return List.of();
        }
    }
}

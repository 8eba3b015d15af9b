package dev.vigil.docker;

import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.RuntimeContract;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ServiceSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** The runtime contract, run against a real engine with a busybox image. */
class DockerRuntimeContractTest extends RuntimeContract {

    private static final String STACK = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();

    @AfterAll
    static void cleanUp() {
        TestEngine.removeStack(ENGINE.engine(), STACK);
    }

    @Override
    protected Runtime runtime(Path tempDir) {
        return new DockerRuntime(STACK, tempDir.resolve("logs"), ENGINE.engine());
    }

    /** PID 1 of a container ignores signals it has no handler for, so the shell turns TERM into 128+15 itself. */
    @Override
    protected ServiceSpec sleeper(String name) {
        return busybox(name, "trap 'exit 143' TERM; sleep 1000 & wait");
    }

    @Override
    protected ServiceSpec exitingWith(String name, int code) {
        return busybox(name, "exit " + code);
    }

    @Override
    protected ServiceSpec ignoringTerm(String name) {
        return busybox(name, "trap '' TERM; echo ready; while :; do sleep 1; done");
    }

    @Override
    protected ServiceSpec printing(String name, List<String> lines) {
        return busybox(name, "printf '%s\\n' " + lines.stream().map(l -> "'" + l + "'")
                .collect(Collectors.joining(" ")) + "; sleep 1000");
    }

    private ServiceSpec busybox(String name, String script) {
        return ServiceSpec.of(name, TestEngine.sh(script), tempDir)
                .withContainer(ContainerSpec.of(TestEngine.IMAGE));
    }
}

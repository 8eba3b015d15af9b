package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLoaderTest {

    @Test
    void loadsEveryKeyOfAFullFile() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/stacks/full/vigil.yaml").toURI());
        Path dir = file.getParent();

        Stack stack = StackLoader.load(file);

        assertThat(stack.name()).isEqualTo("shop");
        assertThat(stack.file()).isEqualTo(file);
        assertThat(stack.services()).extracting(ServiceSpec::name).containsExactly("db", "cache", "api", "worker");

        ServiceSpec db = stack.service("db").orElseThrow();
        assertThat(db.command()).containsExactly("postgres", "-D", "/var/lib/pg");
        assertThat(db.cwd()).isEqualTo(dir);
        assertThat(db.env()).isEmpty();
        assertThat(db.dependsOn()).isEmpty();
        assertThat(db.health()).containsExactly(new ExecProbeSpec(List.of("pg_isready", "-h", "127.0.0.1"),
                new ProbeTiming(Duration.ofSeconds(2), ProbeTiming.DEFAULT_TIMEOUT, ProbeTiming.DEFAULT_START_PERIOD,
                        ProbeTiming.DEFAULT_FAILURE_THRESHOLD, ProbeTiming.DEFAULT_SUCCESS_THRESHOLD)));
        assertThat(db.restart()).isEqualTo(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ON_FAILURE));
        assertThat(db.stop()).isEqualTo(new StopSpec(Signal.INT, Duration.ofSeconds(30)));
        assertThat(db.memoryLimit()).contains(MemoryLimit.of(512L << 20));
        assertThat(db.recovery()).isEmpty();
        assertThat(db.logs()).isEqualTo(LogSpec.DEFAULT);

        ServiceSpec cache = stack.service("cache").orElseThrow();
        assertThat(cache.command()).containsExactly("redis-server", "--port", "6380");
        assertThat(cache.health()).containsExactly(
                new TcpProbeSpec("127.0.0.1", 6380, ProbeTiming.DEFAULT),
                new TcpProbeSpec("localhost", 6380, new ProbeTiming(ProbeTiming.DEFAULT_INTERVAL, Duration.ofMillis(250),
                        ProbeTiming.DEFAULT_START_PERIOD, ProbeTiming.DEFAULT_FAILURE_THRESHOLD,
                        ProbeTiming.DEFAULT_SUCCESS_THRESHOLD)));
        assertThat(cache.restart()).isEqualTo(RestartSpec.DEFAULT.withPolicy(RestartPolicy.NEVER).withLimit(Optional.empty()));
        assertThat(cache.stop()).isEqualTo(StopSpec.DEFAULT);
        assertThat(cache.memoryLimit()).isEmpty();

        ServiceSpec api = stack.service("api").orElseThrow();
        assertThat(api.command()).containsExactly("java", "-Dgreeting=hello world", "-jar", "app one.jar");
        assertThat(api.cwd()).isEqualTo(dir.resolve("web"));
        assertThat(api.env()).isEqualTo(Map.of(
                "DB_URL", "postgres://127.0.0.1/shop",
                "QUOTED", "a \"b\" c",
                "SINGLE", "$NOT_EXPANDED # kept",
                "INLINE", "value",
                "LOCAL", "1",
                "PORT", "08080",
                "DEBUG", "yes",
                "EMPTY", ""));
        assertThat(api.dependsOn()).containsExactly(Dependency.healthy("db"), Dependency.started("cache"));
        assertThat(api.health()).containsExactly(new HttpProbeSpec(URI.create("http://127.0.0.1:8080/health"),
                new HttpProbeSpec.StatusRange(200, 299), Optional.of("ok"),
                new ProbeTiming(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMinutes(1), 5, 2)));
        assertThat(api.restart()).isEqualTo(new RestartSpec(RestartPolicy.ALWAYS,
                new RestartSpec.Backoff(Duration.ofMillis(500), Duration.ofMinutes(1), 1.5, 0.1),
                Duration.ofMinutes(2), Optional.of(new RestartSpec.RestartLimit(5, Duration.ofMinutes(1)))));
        assertThat(api.memoryLimit()).contains(new MemoryLimit(3L << 29, 4, Duration.ofSeconds(2)));
        assertThat(api.recovery()).contains(new RecoverySpec.HttpRecovery(URI.create("http://127.0.0.1:8080/admin/flush"),
                "PUT", Duration.ofSeconds(1), Duration.ofSeconds(10)));
        assertThat(api.logs()).isEqualTo(new LogSpec(64L << 20, 0));

        ServiceSpec worker = stack.service("worker").orElseThrow();
        assertThat(worker.command()).containsExactly("python3", "worker.py");
        assertThat(worker.dependsOn()).containsExactly(Dependency.started("api"), Dependency.healthy("db"));
        assertThat(worker.health()).containsExactly(new HttpProbeSpec(URI.create("https://example.test/ready"),
                new HttpProbeSpec.StatusRange(204, 204), Optional.empty(), ProbeTiming.DEFAULT));
        assertThat(worker.restart()).isEqualTo(RestartSpec.DEFAULT.withLimit(
                Optional.of(new RestartSpec.RestartLimit(3, Duration.ofSeconds(30)))));
        assertThat(worker.recovery()).contains(new RecoverySpec.SignalRecovery(Signal.HUP, Duration.ofSeconds(3)));
    }

    @Test
    void appliesEveryDefaultToAMinimalService(@TempDir Path dir) {
        Path file = dir.resolve("vigil.yaml");

        Stack stack = StackLoader.parse("services:\n  api:\n    command: ./api\n", file);

        assertThat(stack.name()).isEqualTo(dir.getFileName().toString());
        assertThat(stack.directory()).isEqualTo(dir);
        assertThat(stack.services()).containsExactly(ServiceSpec.of("api", List.of("./api"), dir));
    }

    @Test
    void readsAProbeGivenAsAUrlStringAndDependenciesAsPlainNames(@TempDir Path dir) {
        Stack stack = StackLoader.parse("""
                services:
                  db:
                    command: ./db
                    health: {http: "http://127.0.0.1:5432/"}
                  api:
                    command: ./api
                    depends_on: [db]
                """, dir.resolve("vigil.yaml"));

        assertThat(stack.service("db").orElseThrow().health())
                .containsExactly(HttpProbeSpec.of(URI.create("http://127.0.0.1:5432/"), ProbeTiming.DEFAULT));
        assertThat(stack.service("api").orElseThrow().dependsOn()).containsExactly(Dependency.started("db"));
    }

    @Test
    void aZeroBackoffMeansEveryRestartIsImmediate(@TempDir Path dir) {
        Stack stack = StackLoader.parse("""
                services:
                  api:
                    command: ["true"]
                    restart: {backoff: {initial: 0s, max: 0ms, jitter: 0}, limit: none}
                """, dir.resolve("vigil.yaml"));

        RestartSpec restart = stack.services().get(0).restart();
        assertThat(restart.backoff().initial()).isZero();
        assertThat(restart.backoff().max()).isZero();
        assertThat(restart.limit()).isEmpty();
    }

    @Test
    void missingFileIsAProblem(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> StackLoader.load(file))
                .isInstanceOfSatisfying(InvalidStackException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem(file.toString(), 1, 1, "", "file not found")));
    }

    @Test
    void problemTextIsFileLineColumnKeyMessage() {
        assertThat(new Problem("vigil.yaml", 3, 5, "services.api.cwd", "directory `x` does not exist"))
                .hasToString("vigil.yaml:3:5: services.api.cwd: directory `x` does not exist");
        assertThat(new Problem("vigil.yaml", 1, 1, "", "file not found")).hasToString("vigil.yaml:1:1: file not found");
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() {
        InvalidStackException e = new InvalidStackException(List.of(
                new Problem("f", 1, 1, "a", "one"), new Problem("f", 2, 3, "b", "two")));

        assertThat(e.getMessage()).isEqualTo("f:1:1: a: one\nf:2:3: b: two");
    }
}

package dev.vigil.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.RestartPolicy;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.stack.StackWriter;
import dev.vigil.stack.StopSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Compose fixtures as Vigil stacks: every converted key, and every warning word for word. */
class ComposeLoaderTest {

    private static final Map<String, String> SHELL = Map.of("TAG", "1.4.2", "FROM_SHELL", "shell value");

    static Path fixture(String name) throws Exception {
        return Path.of(ComposeLoaderTest.class.getResource("/compose/" + name).toURI());
    }

    @Test
    void convertsEverySupportedKey() throws Exception {
        Path file = fixture("full/compose.yaml");
        Path dir = file.getParent();

        ComposeResult result = ComposeLoader.load(file, Set.of(), SHELL);
        Stack stack = result.stack();

        assertThat(stack.name()).isEqualTo("shop");
        assertThat(stack.file()).isEqualTo(file);
        assertThat(stack.services()).extracting(ServiceSpec::name).containsExactly("db", "cache", "api", "worker");

        ServiceSpec db = stack.service("db").orElseThrow();
        assertThat(db.command()).isEmpty();
        assertThat(db.cwd()).isEqualTo(dir);
        assertThat(db.env()).isEqualTo(Map.of(
                "POSTGRES_PASSWORD", "from-dotenv",
                "POSTGRES_USER", "shop",
                "PGDATA", "/var/lib/postgresql/data",
                "FROM_SHELL", "shell value"));
        assertThat(db.health()).containsExactly(new ExecProbeSpec(List.of("pg_isready", "-U", "postgres"),
                new ProbeTiming(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(10), 5, 1)));
        assertThat(db.restart()).isEqualTo(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ALWAYS));
        assertThat(db.stop()).isEqualTo(new StopSpec(Signal.INT, Duration.ofSeconds(90)));
        assertThat(db.container()).contains(new ContainerSpec("postgres:16", Optional.empty(), List.of(),
                List.of(new VolumeMount(VolumeMount.Kind.VOLUME, "pgdata", "/var/lib/postgresql/data", false),
                        new VolumeMount(VolumeMount.Kind.BIND, dir.resolve("init").toString(),
                                "/docker-entrypoint-initdb.d", true)),
                Optional.of("backend"),
                new Resources(Optional.of(512L << 20), Optional.of(1.5), Optional.of(200L)), Map.of()));

        ServiceSpec cache = stack.service("cache").orElseThrow();
        assertThat(cache.command()).containsExactly("redis-server", "--save", "", "--appendonly", "no");
        assertThat(cache.health()).containsExactly(new ExecProbeSpec(List.of("/bin/sh", "-c", "redis-cli ping | grep PONG"),
                new ProbeTiming(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO, 3, 1)));
        assertThat(cache.restart()).isEqualTo(RestartSpec.DEFAULT.withPolicy(RestartPolicy.NEVER));
        assertThat(cache.container().orElseThrow().ports()).containsExactly(new PortMapping("127.0.0.1", 6379, 6379, "tcp"));
        assertThat(cache.container().orElseThrow().labels()).isEqualTo(Map.of("com.example.tier", "cache"));

        ServiceSpec api = stack.service("api").orElseThrow();
        assertThat(api.command()).containsExactly("serve", "--port", "8080");
        assertThat(api.env()).isEqualTo(Map.of("PORT", "8080", "PRICE", "$5", "HOME_DIR", "/home/dotenv", "EMPTY", ""));
        assertThat(api.dependsOn()).containsExactly(Dependency.healthy("db"), Dependency.started("cache"));
        assertThat(api.health()).containsExactly(new ExecProbeSpec(
                List.of("/bin/sh", "-c", "curl -fsS http://localhost:8080/health || exit 1"),
                new ProbeTiming(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ZERO, 3, 1)));
        assertThat(api.restart()).isEqualTo(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ON_FAILURE));
        assertThat(api.stop()).isEqualTo(new StopSpec(Signal.TERM, Duration.ofSeconds(5)));
        assertThat(api.container()).contains(new ContainerSpec("registry.example/shop-api:1.4.2",
                Optional.of(List.of("/app/run", "--config", "/etc/app/my config.yaml")),
                List.of(new PortMapping("0.0.0.0", 8080, 8080, "tcp"), new PortMapping("0.0.0.0", 9091, 9090, "udp")),
                List.of(new VolumeMount(VolumeMount.Kind.BIND, dir.resolve("config").toString(), "/etc/app", true),
                        new VolumeMount(VolumeMount.Kind.VOLUME, "shop-uploads", "/srv/uploads", false)),
                Optional.of("backend"),
                new Resources(Optional.of(1L << 30), Optional.of(0.5), Optional.of(100L)),
                Map.of("com.example.team", "shop")));

        ServiceSpec worker = stack.service("worker").orElseThrow();
        assertThat(worker.dependsOn()).containsExactly(Dependency.started("api"), Dependency.started("cache"));
        assertThat(worker.health()).isEmpty();
        // test: [NONE] turns the image's own HEALTHCHECK off too.
        assertThat(worker.container()).contains(ContainerSpec.of("registry.example/shop-worker:1")
                .withImageHealthcheck(false));

        assertThat(result.warnings()).extracting(Warning::toString).containsExactly(
                file + ": services.debug.profiles: profile debug not active; service not imported");
    }

    @Test
    void anActiveProfileImportsItsServices() throws Exception {
        ComposeResult result = ComposeLoader.load(fixture("full/compose.yaml"), Set.of("debug"), SHELL);

        assertThat(result.stack().service("debug").orElseThrow().dependsOn()).containsExactly(Dependency.started("api"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void everyWarningNamesServiceKeyAndWhatChanged() throws Exception {
        Path file = fixture("warnings/compose.yaml");

        ComposeResult result = ComposeLoader.load(file, Set.of(), Map.of());

        assertThat(result.stack().name()).isEqualTo("warnings");
        assertThat(result.stack().services()).extracting(ServiceSpec::name).containsExactly("app", "job", "db");
        ServiceSpec app = result.stack().service("app").orElseThrow();
        assertThat(app.command()).containsExactly("echo");
        assertThat(app.env()).isEmpty();
        assertThat(app.dependsOn()).containsExactly(Dependency.started("job"), Dependency.started("db"));
        assertThat(app.restart()).isEqualTo(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ON_FAILURE)
                .withLimit(Optional.of(new RestartSpec.RestartLimit(3, Duration.ofMinutes(5)))));
        assertThat(app.container()).contains(new ContainerSpec("app:dev", Optional.empty(),
                List.of(new PortMapping("127.0.0.1", 8080, 80, "tcp"), new PortMapping("127.0.0.1", 0, 81, "tcp")),
                List.of(new VolumeMount(VolumeMount.Kind.BIND, file.getParent().resolve("src").toString(), "/src", true)),
                Optional.of("front"), Resources.NONE, Map.of("keep", "yes")));
        assertThat(result.warnings().get(1).service()).isEmpty();
        assertThat(result.warnings()).extracting(w -> w.key() + ": " + w.message()).containsExactly(
                "services.app.command: variable `MISSING` is not set; using an empty string",
                "version: obsolete; ignored",
                "secrets: not supported by Vigil; dropped",
                "volumes.data.external: not checked; Vigil creates the volume when it does not exist",
                "volumes.data.driver: not supported by Vigil; the volume is created with the engine's defaults",
                "networks.front.driver: not supported by Vigil; the network is created with the engine's defaults",
                "services.web.build: not supported (Vigil does not build images); the service needs an image",
                "services.app.user: not supported by Vigil; dropped",
                "services.app.enviroment: unknown key (did you mean `environment`?); dropped",
                "services.app.build: not supported (Vigil does not build images); the image `app:dev` is used as it is",
                "services.app.environment[0]: `UNSET_VAR` is not set in the environment; left out",
                "services.app.environment[1]: `my.var` is not a variable name Vigil accepts (letters, digits, `_`); dropped",
                "services.app.ports[0]: `8080:80` is published on 127.0.0.1 only (Compose publishes on all interfaces); write `0.0.0.0:8080:80` to publish beyond this machine",
                "services.app.ports[1]: published on 127.0.0.1 only (Compose publishes on all interfaces); set `host_ip: 0.0.0.0` to publish beyond this machine",
                "services.app.volumes[0]: anonymous volume `/anonymous` is not supported; dropped (name it: `name:/anonymous`)",
                "services.app.volumes[1]: volume option `z` is not supported by Vigil; dropped",
                "services.app.volumes[2].type: `tmpfs` mounts are not supported by Vigil; dropped",
                "services.app.networks: a container joins one network in Vigil: `front`; `back` dropped",
                "services.app.deploy.replicas: not supported by Vigil; dropped",
                "services.app.deploy.resources.reservations: not enforced by Vigil; dropped",
                "services.app.labels.dev.vigil.stack: labels starting with `dev.vigil.` are reserved for Vigil; dropped",
                "services.app.healthcheck.start_interval: Vigil probes every 100ms during `start_period`; dropped",
                "services.app.restart: at most 3 restarts in 5m, then the service is given up (Compose counts retries over the container's life)",
                "services.app.container_name: Vigil names containers itself; dropped",
                "services.app.depends_on.job.condition: Vigil has no one-shot services; waits for it to be started",
                "services.app.depends_on.job.restart: not supported by Vigil; dropped",
                "services.app.depends_on.db.required: Vigil waits for every dependency; `required: false` dropped",
                "services.app.depends_on.web: `web` is not imported (see its warning); dependency dropped",
                "services.app.depends_on.db: `db` has no healthcheck; waits for it to be started");
        assertThat(result.warnings().get(6).service()).contains("web");
        assertThat(result.warnings().get(6).toString()).isEqualTo(file + ": services.web.build: not supported"
                + " (Vigil does not build images); the service needs an image");
    }

    @Test
    void theImagesOwnHealthcheckStandsInUnlessTheCheckIsDisabled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, """
                services:
                  plain: {image: "app:1"}
                  timing-only:
                    image: "app:1"
                    healthcheck: {interval: 5s}
                  disabled:
                    image: "app:1"
                    healthcheck: {test: ["CMD", "true"], disable: true}
                """);

        ComposeResult result = ComposeLoader.load(file, Set.of(), Map.of());

        assertThat(result.stack().services()).extracting(s -> s.name() + ": "
                        + s.container().orElseThrow().imageHealthcheck() + " " + s.health())
                .containsExactly("plain: true []", "timing-only: true []", "disabled: false []");
        assertThat(result.warnings()).extracting(w -> w.key() + ": " + w.message()).containsExactly(
                "services.timing-only.healthcheck: no `test`: the image's own HEALTHCHECK is used as the image "
                        + "defines it; the values given here are dropped");
    }

    @Test
    void pullPolicyMapsToVigilsAndTheRestWarn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, """
                services:
                  a: {image: "app:1", pull_policy: always}
                  b: {image: "app:1", pull_policy: never}
                  c: {image: "app:1", pull_policy: if_not_present}
                  d: {image: "app:1"}
                  e: {image: "app:1", pull_policy: daily}
                """);

        ComposeResult result = ComposeLoader.load(file, Set.of(), Map.of());

        assertThat(result.stack().services()).extracting(s -> s.name() + ": " + s.container().orElseThrow().pull())
                .containsExactly("a: ALWAYS", "b: NEVER", "c: MISSING", "d: MISSING", "e: MISSING");
        assertThat(result.warnings()).extracting(w -> w.key() + ": " + w.message()).containsExactly(
                "services.e.pull_policy: `daily` is not supported (always, never, missing); pulls when missing");
        Stack again = StackLoader.parse(StackWriter.write(result.stack()), dir.resolve("vigil.yaml"));
        assertThat(again.services()).containsExactlyElementsOf(result.stack().services());
    }

    @Test
    void convertedStackWrittenAsVigilYamlLoadsToTheSameSpecs() throws Exception {
        for (String name : List.of("full/compose.yaml", "warnings/compose.yaml")) {
            Stack stack = ComposeLoader.load(fixture(name), Set.of("debug"), SHELL).stack();

            Stack again = StackLoader.parse(StackWriter.write(stack), stack.file().resolveSibling("vigil.yaml"));

            assertThat(again.name()).isEqualTo(stack.name());
            assertThat(again.services()).containsExactlyElementsOf(stack.services());
        }
    }
}

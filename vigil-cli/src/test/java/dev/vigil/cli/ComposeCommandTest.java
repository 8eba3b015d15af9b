package dev.vigil.cli;

import dev.vigil.compose.ComposeLoader;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil convert} and {@code -f compose.yaml}, run as a user runs them: a separate JVM, exit codes, output. */
class ComposeCommandTest {

    private static final String COMPOSE = """
            name: shop
            services:
              db:
                image: postgres:16
                environment: {POSTGRES_PASSWORD: "${VIGIL_TEST_UNSET_VARIABLE:-secret}"}
                volumes: [pgdata:/var/lib/postgresql/data]
                healthcheck:
                  test: [CMD, pg_isready]
                  interval: 2s
              web:
                build: .
              api:
                image: shop/api:1
                command: serve --port 8080
                ports: ["8080:8080"]
                depends_on:
                  db: {condition: service_healthy}
                restart: on-failure
            volumes:
              pgdata:
            """;

    @TempDir
    Path dir;

    private Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("vigil %s finished", List.of(args)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void convertPrintsAVigilYamlWithTheSameServicesAndWarnsOnStderr() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), COMPOSE);

        Result r = run("convert", "compose.yaml");

        assertThat(r.code()).isEqualTo(0);
        assertThat(r.err().lines()).containsExactly(
                "compose.yaml: services.web.build: not supported (Vigil does not build images); the service needs an image",
                "compose.yaml: services.api.ports[0]: `8080:8080` is published on 127.0.0.1 only (Compose publishes on"
                        + " all interfaces); write `0.0.0.0:8080:8080` to publish beyond this machine");
        Stack converted = StackLoader.parse(r.out(), dir.resolve("vigil.yaml"));
        Stack imported = ComposeLoader.load(dir.resolve("compose.yaml")).stack();
        assertThat(converted.name()).isEqualTo("shop");
        assertThat(converted.services()).containsExactlyElementsOf(imported.services());
        assertThat(converted.services()).extracting(s -> s.name()).containsExactly("db", "api");
    }

    @Test
    void convertOfAMalformedFileReportsProblemsAndExits2() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  api:
                    image: x
                    restart: sometimes
                """);

        Result r = run("convert", "compose.yaml");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("compose.yaml:4:14: services.api.restart: unknown restart policy `sometimes`;"
                + " expected one of no, always, unless-stopped, on-failure[:N]");
    }

    @Test
    void validateWithDashFLoadsAComposeFileAndPrintsItsWarnings() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), COMPOSE);

        Result r = run("validate", "-f", "docker-compose.yml");

        assertThat(r.code()).isEqualTo(0);
        assertThat(r.out()).contains("docker-compose.yml: ok, stack shop with 2 services");
        assertThat(r.err()).contains("services.web.build: not supported (Vigil does not build images)");
    }

    @Test
    void aFileThatReadsLikeComposeIsLoadedAsComposeWhateverItsName() throws Exception {
        Files.writeString(dir.resolve("stack.yaml"), COMPOSE);
        Files.writeString(dir.resolve("vigil.yaml"), "services:\n  api:\n    image: shop/api:1\n    env: {A: \"1\"}\n");

        Result compose = run("validate", "stack.yaml");
        Result vigil = run("validate", "vigil.yaml");

        assertThat(compose.code()).isEqualTo(0);
        assertThat(compose.err()).contains("services.web.build");
        assertThat(vigil.code()).isEqualTo(0);
        assertThat(vigil.err()).isEmpty();
    }

    @Test
    void upWithDashFLoadsThroughTheComposeLoader() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: x\n    depends_on: [dbb]\n  db:\n    image: y\n");

        Result r = run("up", "-f", "compose.yaml", "--for", "1s");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("compose.yaml:4:18: services.api.depends_on[0]: unknown service `dbb`; did you mean `db`?");
    }

    @Test
    void aFileGivenTwiceDifferentlyIsRefused() throws Exception {
        Result r = run("validate", "-f", "a.yaml", "b.yaml");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("give the stack file once: either FILE or -f FILE, not both");
    }
}

package dev.vigil.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compose files that cannot be used, and the exact problems each one reports. */
class ComposeProblemsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactly(String name, String yaml, List<String> expected) throws Exception {
        Path file = dir.resolve("compose.yaml");
        Files.writeString(file, yaml);

        InvalidStackException e = catchThrowableOfType(InvalidStackException.class,
                () -> ComposeLoader.load(file, Set.of(), Map.of("SET", "1")));

        assertThat(e).as("expected the file to be rejected").isNotNull();
        assertThat(e.problems().stream().map(Problem::toString).map(p -> p.replace(file.toString(), "compose.yaml")))
                .containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("not YAML", """
                        services:
                          web: [
                        """, List.of("compose.yaml:3:1: invalid YAML: while parsing a flow node at line 3,"
                        + " expected the node content, but found '<stream end>'")),
                Arguments.of("empty", "", List.of("compose.yaml:1:1: the file is empty; it needs at least `services`")),
                Arguments.of("no services", "name: x\n", List.of("compose.yaml:1:1: missing required key `services`")),
                Arguments.of("services is a list", "services: [web]\n",
                        List.of("compose.yaml:1:11: services: expected a map, found a list")),
                Arguments.of("a service that is not a map, one without an image", """
                        services:
                          web: nginx
                          api:
                            command: ./api
                        """, List.of("compose.yaml:2:8: services.web: expected a map, found `nginx`",
                        "compose.yaml:3:3: services.api: missing `image`")),
                Arguments.of("bad values", """
                        services:
                          web:
                            image: ${SET:?}${UNSET:?needs UNSET}
                            ports: ["70000:80", "8000-8001:80"]
                            volumes: [undeclared:/data, "data:/x:ro:extra"]
                            restart: sometimes
                            stop_signal: SIGWHAT
                            stop_grace_period: 10
                            healthcheck: {test: [RUN, x], interval: 0s, retries: many}
                            depends_on: [web, apii, api]
                            networks: [missing]
                            command: echo "unclosed
                          api:
                            image: api
                            depends_on:
                              web: {condition: service_healthyy}
                        volumes:
                          data:
                        """, List.of(
                        "compose.yaml:3:12: services.web.image: required variable `UNSET` is not set: needs UNSET",
                        "compose.yaml:4:13: services.web.ports[0]: port must be between 0 and 65535, found 70000",
                        "compose.yaml:4:25: services.web.ports[1]: port ranges are not supported (`8000-8001:80`);"
                                + " publish each port",
                        "compose.yaml:5:15: services.web.volumes[0]: volume `undeclared` is not declared under"
                                + " top-level `volumes`",
                        "compose.yaml:5:33: services.web.volumes[1]: `data:/x:ro:extra` is not a volume; write e.g."
                                + " `data:/var/lib/data`",
                        "compose.yaml:6:14: services.web.restart: unknown restart policy `sometimes`; expected one of"
                                + " no, always, unless-stopped, on-failure[:N]",
                        "compose.yaml:7:18: services.web.stop_signal: unknown signal `SIGWHAT`; Vigil knows HUP, INT,"
                                + " QUIT, KILL, USR1, USR2, TERM, CONT, STOP",
                        "compose.yaml:8:24: services.web.stop_grace_period: `10` is not a duration; write e.g."
                                + " `500ms`, `10s`, `1m30s`",
                        "compose.yaml:9:25: services.web.healthcheck.test: a test list starts with CMD, CMD-SHELL"
                                + " or NONE, found `RUN`",
                        "compose.yaml:9:45: services.web.healthcheck.interval: must be more than 0s",
                        "compose.yaml:9:58: services.web.healthcheck.retries: expected a whole number of at least 1,"
                                + " found `many`",
                        "compose.yaml:10:18: services.web.depends_on[0]: a service cannot depend on itself",
                        "compose.yaml:10:23: services.web.depends_on[1]: unknown service `apii`; did you mean `api`?",
                        "compose.yaml:10:29: services.web.depends_on[2]: dependency cycle: web -> api -> web",
                        "compose.yaml:11:15: services.web.networks: network `missing` is not declared under"
                                + " top-level `networks`",
                        "compose.yaml:12:14: services.web.command: cannot split the command: unclosed double quote",
                        "compose.yaml:16:24: services.api.depends_on.web.condition: unknown condition"
                                + " `service_healthyy`; did you mean `service_healthy`?")),
                Arguments.of("a dependency cycle", """
                        services:
                          a: {image: x, depends_on: [b]}
                          b: {image: x, depends_on: [c]}
                          c: {image: x, depends_on: [a]}
                        """, List.of("compose.yaml:2:30: services.a.depends_on[0]: dependency cycle: a -> b -> c -> a")));
    }
}

package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken container services and the exact problems each one reports. */
class ContainerProblemsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactly(String name, String yaml, List<String> expected) {
        InvalidStackException e = catchThrowableOfType(InvalidStackException.class,
                () -> StackLoader.parse(yaml, Path.of("vigil.yaml")));
        assertThat(e).as("expected the stack to be invalid").isNotNull();
        assertThat(e.problems().stream().map(Problem::toString)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("cwd on a container", """
                        services:
                          web:
                            image: nginx:1.27
                            cwd: /srv
                        """, List.of("vigil.yaml:4:5: services.web.cwd: not for a container service (use volumes)")),
                Arguments.of("container keys without an image", """
                        services:
                          web:
                            command: ./web
                            ports: ["8080:80"]
                            network: back
                        """, List.of(
                        "vigil.yaml:4:5: services.web.ports: only for a container service (add `image`)",
                        "vigil.yaml:5:5: services.web.network: only for a container service (add `image`)")),
                Arguments.of("unknown pull policy", """
                        services:
                          web:
                            image: nginx:1.27
                            pull: sometimes
                        """, List.of("vigil.yaml:4:11: services.web.pull: unknown pull policy `sometimes`;"
                        + " expected one of missing, always, never")),
                Arguments.of("neither command nor image", """
                        services:
                          web:
                            env: {A: "1"}
                        """, List.of("vigil.yaml:2:3: services.web: missing required key `command`")),
                Arguments.of("misspelt image", """
                        services:
                          web:
                            imag: nginx
                        """, List.of("vigil.yaml:2:3: services.web: missing required key `command`",
                        "vigil.yaml:3:5: services.web.imag: unknown key; did you mean `image`?")),
                Arguments.of("bad ports", """
                        services:
                          web:
                            image: nginx
                            ports:
                              - "8080:80/sctp"
                              - "70000:80"
                              - "8000-8010:80"
                              - "eighty"
                              - "1.2.3:80:80"
                              - "udpp:80"
                              - "8080:80/udpp"
                              - {target: 80, publised: 8080}
                              - {published: 8080}
                        """, List.of(
                        "vigil.yaml:5:9: services.web.ports[0]: unknown protocol `sctp`; did you mean `tcp`?",
                        "vigil.yaml:6:9: services.web.ports[1]: port must be between 0 and 65535, found 70000",
                        "vigil.yaml:7:9: services.web.ports[2]: port ranges are not supported (`8000-8010:80`);"
                                + " publish each port",
                        "vigil.yaml:8:9: services.web.ports[3]: `eighty` is not a port mapping; write e.g. `8080:80`,"
                                + " `127.0.0.1:8080:80` or `8080:80/udp`",
                        "vigil.yaml:9:9: services.web.ports[4]: `1.2.3` is not an IP address; write e.g. `127.0.0.1`,"
                                + " `0.0.0.0` or `[::1]`",
                        "vigil.yaml:10:9: services.web.ports[5]: `udpp:80` is not a port mapping; write e.g."
                                + " `8080:80`, `127.0.0.1:8080:80` or `8080:80/udp`",
                        "vigil.yaml:11:9: services.web.ports[6]: unknown protocol `udpp`; did you mean `udp`?",
                        "vigil.yaml:12:22: services.web.ports[7].publised: unknown key; did you mean `published`?",
                        "vigil.yaml:13:9: services.web.ports[8]: missing required key `target`")),
                Arguments.of("bad volumes", """
                        services:
                          web:
                            image: nginx
                            volumes:
                              - /data
                              - data:relative
                              - data:/x:rx
                              - "bad name!:/x"
                              - {type: tmpfs, source: x, target: /x}
                              - {type: volume, source: ./x, target: /x}
                              - {type: bind, sorce: ./x, target: /x}
                        """, List.of(
                        "vigil.yaml:5:9: services.web.volumes[0]: `/data` has no source; write e.g."
                                + " `data:/var/lib/data`, `./conf:/etc/app:ro` or `/srv/x:/x`",
                        "vigil.yaml:6:9: services.web.volumes[1]: the target `relative` must be an absolute path in"
                                + " the container",
                        "vigil.yaml:7:9: services.web.volumes[2]: unknown volume mode `rx`; expected ro or rw",
                        "vigil.yaml:8:9: services.web.volumes[3]: invalid volume name `bad name!`; use letters,"
                                + " digits, `_`, `.` and `-`, or a path starting with `/` or `./` for a bind mount",
                        "vigil.yaml:9:16: services.web.volumes[4].type: unknown volume type `tmpfs`; expected one of"
                                + " volume, bind",
                        "vigil.yaml:10:32: services.web.volumes[5].source: a volume's source is a name; a host path"
                                + " needs `type: bind`",
                        "vigil.yaml:11:9: services.web.volumes[6]: missing required key `source`",
                        "vigil.yaml:11:22: services.web.volumes[6].sorce: unknown key; did you mean `source`?")),
                Arguments.of("bad resources", """
                        services:
                          web:
                            image: nginx
                            resources: {memory: lots, cpus: 0, pids: 0, cpu: 1}
                        """, List.of(
                        "vigil.yaml:4:25: services.web.resources.memory: `lots` is not a size; write e.g. `512K`,"
                                + " `64M`, `1G`",
                        "vigil.yaml:4:37: services.web.resources.cpus: must be more than 0, e.g. `0.5` for half a CPU",
                        "vigil.yaml:4:46: services.web.resources.pids: must be at least 1, found 0",
                        "vigil.yaml:4:49: services.web.resources.cpu: unknown key; did you mean `cpus`?")),
                Arguments.of("reserved and blank labels", """
                        services:
                          web:
                            image: nginx
                            labels: ["dev.vigil.stack=fake", "=x", "team=web"]
                          api:
                            image: api
                            labels: {dev.vigil.service: fake}
                        """, List.of(
                        "vigil.yaml:4:14: services.web.labels[0]: labels starting with `dev.vigil.` are reserved for"
                                + " Vigil",
                        "vigil.yaml:4:38: services.web.labels[1]: a label needs a name",
                        "vigil.yaml:7:14: services.api.labels.dev.vigil.service: labels starting with `dev.vigil.`"
                                + " are reserved for Vigil")),
                Arguments.of("blank image and empty entrypoint", """
                        services:
                          web:
                            image: " "
                            entrypoint: []
                        """, List.of(
                        "vigil.yaml:3:12: services.web.image: must not be blank",
                        "vigil.yaml:4:17: services.web.entrypoint: must not be empty")));
    }
}

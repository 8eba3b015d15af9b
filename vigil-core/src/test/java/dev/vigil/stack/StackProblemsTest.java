package dev.vigil.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken stack files and the exact problems each one reports, in file order. */
class StackProblemsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactly(String name, String yaml, List<String> expected) {
        assertThat(problems(yaml, "vigil.yaml")).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFixtures")
    void reportsExactlyForFixture(String fixture, List<String> expected) throws IOException {
        assertThat(problems(resource(fixture), fixture)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> brokenFixtures() {
        return Stream.of(
                Arguments.of("several-problems.yaml", List.of(
                        "several-problems.yaml:4:5: services.api.helth: unknown key; did you mean `health`?",
                        "several-problems.yaml:6:14: services.api.restart: unknown restart policy `sometimes`;"
                                + " expected one of always, on-failure, never",
                        "several-problems.yaml:8:14: services.worker.command: must not be empty",
                        "several-problems.yaml:9:18: services.worker.depends_on[0]: unknown service `apii`;"
                                + " did you mean `api`?",
                        "several-problems.yaml:11:14: services.worker.stop.grace: `10` has no unit;"
                                + " write e.g. `10s` or `10ms`")),
                Arguments.of("syntax-error.yaml", List.of(
                        "syntax-error.yaml:4:11: invalid YAML: mapping values are not allowed here")),
                Arguments.of("missing-env-file.yaml", List.of(
                        "missing-env-file.yaml:4:15: services.api.env_file: env file `does-not-exist.env` not found")),
                Arguments.of("cycle.yaml", List.of(
                        "cycle.yaml:4:18: services.web.depends_on[0]: dependency cycle: web -> api -> db -> web")));
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                // keys
                Arguments.of("unknown key with a suggestion", """
                        services:
                          api:
                            command: ./api
                            helth: {exec: "true"}
                        """, List.of("vigil.yaml:4:5: services.api.helth: unknown key; did you mean `health`?")),
                Arguments.of("unknown key suggested by prefix", """
                        services:
                          api:
                            command: ./api
                            health: {exec: "true", start: 5s}
                        """, List.of("vigil.yaml:4:28: services.api.health.start: unknown key; did you mean `start_period`?")),
                Arguments.of("unknown key without a close match lists the valid keys", """
                        services:
                          api:
                            command: ./api
                            colour: red
                        """, List.of("vigil.yaml:4:5: services.api.colour: unknown key; expected one of command, cwd, env,"
                        + " env_file, secrets, depends_on, health, restart, stop, memory_limit, recovery, logs, freeze, metrics, image,"
                        + " entrypoint, ports, volumes, network, resources, labels, image_healthcheck, pull")),
                Arguments.of("misspelt services is unknown and services is missing", """
                        servces:
                          api:
                            command: ./api
                        """, List.of("vigil.yaml:1:1: servces: unknown key; did you mean `services`?",
                        "vigil.yaml:1:1: missing required key `services`")),
                Arguments.of("duplicate key inside a service", """
                        services:
                          api:
                            command: ./api
                            command: ./other
                        """, List.of("vigil.yaml:4:5: services.api.command: duplicate key; first defined at line 3")),
                Arguments.of("duplicate service names", """
                        services:
                          api:
                            command: ./api
                          api:
                            command: ./api2
                        """, List.of("vigil.yaml:4:3: services.api: duplicate key; first defined at line 2")),

                // types
                Arguments.of("a list where a map is wanted", """
                        services:
                          api:
                            command: ./api
                            stop: [TERM]
                        """, List.of("vigil.yaml:4:11: services.api.stop: expected a map, found a list")),
                Arguments.of("a string where an integer is wanted", """
                        services:
                          api:
                            command: ./api
                            health:
                              exec: "true"
                              failure_threshold: three
                        """, List.of("vigil.yaml:6:26: services.api.health.failure_threshold: expected an integer,"
                        + " found `three`")),
                Arguments.of("an integer below its minimum", """
                        services:
                          api:
                            command: ./api
                            health: [{exec: "true", success_threshold: 0}]
                        """, List.of("vigil.yaml:4:48: services.api.health[0].success_threshold: must be at least 1,"
                        + " found 0")),
                Arguments.of("the file is a list", """
                        - api
                        """, List.of("vigil.yaml:1:1: expected a map, found a list")),
                Arguments.of("an empty file", "", List.of("vigil.yaml:1:1: the file is empty; it needs at least `services`")),
                Arguments.of("an empty services map", """
                        services: {}
                        """, List.of("vigil.yaml:1:11: services: no services defined; add at least one")),
                Arguments.of("services with no value", """
                        name: shop
                        services:
                        """, List.of("vigil.yaml:2:10: services: no services defined; add at least one")),

                // durations and sizes
                Arguments.of("bad duration", """
                        services:
                          api:
                            command: ./api
                            health: {exec: "true", interval: 5x}
                        """, List.of("vigil.yaml:4:38: services.api.health.interval: `5x` is not a duration;"
                        + " write e.g. `250ms`, `5s`, `2m`, `1h`")),
                Arguments.of("duration without a unit", """
                        services:
                          api:
                            command: ./api
                            health: {exec: "true", interval: 5}
                        """, List.of("vigil.yaml:4:38: services.api.health.interval: `5` has no unit;"
                        + " write e.g. `5s` or `5ms`")),
                Arguments.of("zero timeout", """
                        services:
                          api:
                            command: ./api
                            health: {exec: "true", timeout: 0s}
                        """, List.of("vigil.yaml:4:37: services.api.health.timeout: must be more than 0s")),
                Arguments.of("bad size", """
                        services:
                          api:
                            command: ./api
                            memory_limit: 64X
                        """, List.of("vigil.yaml:4:19: services.api.memory_limit: `64X` is not a size;"
                        + " write e.g. `512K`, `64M`, `1G`")),
                Arguments.of("memory limit map without max", """
                        services:
                          api:
                            command: ./api
                            memory_limit: {samples: 2}
                        """, List.of("vigil.yaml:4:5: services.api.memory_limit: missing required key `size`")),
                Arguments.of("memory limit with both names of its size", """
                        services:
                          api:
                            command: ./api
                            memory_limit: {size: 1G, max: 2G}
                        """, List.of("vigil.yaml:4:30: services.api.memory_limit.max: `size` and `max` are the same"
                        + " key; give one")),
                Arguments.of("act_before without predict", """
                        services:
                          api:
                            command: ./api
                            memory_limit: {size: 1G, act_before: 5m}
                        """, List.of("vigil.yaml:4:30: services.api.memory_limit.act_before: acts on a prediction;"
                        + " add `predict: true` or leave it out")),
                Arguments.of("metrics of a service", """
                        services:
                          api:
                            command: ./api
                            metrics: {interval: 500ms, scrape: ftp://x/metrics, max_series: 0}
                          web:
                            command: ./web
                            metrics: {timeout: 5s}
                          db:
                            command: ./db
                            metrics: {scrape: "http://127.0.0.1:9187/metrics", interval: 5s, timeout: 10s}
                        """, List.of(
                        "vigil.yaml:4:25: services.api.metrics.interval: must be at least 1s",
                        "vigil.yaml:4:40: services.api.metrics.scrape: `ftp://x/metrics` is not an http:// or https:// URL",
                        "vigil.yaml:4:69: services.api.metrics.max_series: must be between 1 and 1000000, found 0",
                        "vigil.yaml:7:15: services.web.metrics.timeout: applies to a scrape; give"
                                + " `scrape: http://…/metrics` or leave it out",
                        "vigil.yaml:10:70: services.db.metrics.timeout: must not be longer than the scrape interval (5s):"
                                + " scrapes would overlap")),
                Arguments.of("metrics of the stack", """
                        metrics:
                          interval: 0s
                          retention: {raw: 2x, weekly: 1d}
                          max_disk: 1M
                        services:
                          api: {command: ./api}
                        """, List.of(
                        "vigil.yaml:2:13: metrics.interval: must be more than 0s",
                        "vigil.yaml:3:20: metrics.retention.raw: `2x` is not a duration; write e.g. `250ms`, `5s`, `2m`, `1h`",
                        "vigil.yaml:3:24: metrics.retention.weekly: unknown key; expected one of raw, minute, hour",
                        "vigil.yaml:4:13: metrics.max_disk: must be at least 16M; the store needs room for a day of samples")),

                // dependencies
                Arguments.of("unknown dependency with a suggestion", """
                        services:
                          db:
                            command: ./db
                          api:
                            command: ./api
                            depends_on: [dbb]
                        """, List.of("vigil.yaml:6:18: services.api.depends_on[0]: unknown service `dbb`;"
                        + " did you mean `db`?")),
                Arguments.of("unknown dependency without a close match", """
                        services:
                          db:
                            command: ./db
                          api:
                            command: ./api
                            depends_on:
                              queue: started
                        """, List.of("vigil.yaml:7:7: services.api.depends_on.queue: unknown service `queue`;"
                        + " services are db, api")),
                Arguments.of("self-dependency", """
                        services:
                          api:
                            command: ./api
                            depends_on: [api]
                        """, List.of("vigil.yaml:4:18: services.api.depends_on[0]: a service cannot depend on itself")),
                Arguments.of("two-service cycle", """
                        services:
                          a:
                            command: ./a
                            depends_on: [b]
                          b:
                            command: ./b
                            depends_on: [a]
                        """, List.of("vigil.yaml:4:18: services.a.depends_on[0]: dependency cycle: a -> b -> a")),
                Arguments.of("healthy dependency on a service without probes", """
                        services:
                          db:
                            command: ./db
                          api:
                            command: ./api
                            depends_on: [{db: healthy}]
                        """, List.of("vigil.yaml:6:19: services.api.depends_on[0]: `db` has no health probes,"
                        + " so it can never be healthy; add `health` to it or use `started`")),
                Arguments.of("unknown condition", """
                        services:
                          db:
                            command: ./db
                          api:
                            command: ./api
                            depends_on:
                              db: {condition: helthy}
                        """, List.of("vigil.yaml:7:23: services.api.depends_on.db.condition: unknown condition `helthy`;"
                        + " did you mean `healthy`?")),

                // command
                Arguments.of("missing command", """
                        services:
                          api:
                            cwd: .
                        """, List.of("vigil.yaml:2:3: services.api: missing required key `command`")),
                Arguments.of("empty command list", """
                        services:
                          api:
                            command: []
                        """, List.of("vigil.yaml:3:14: services.api.command: must not be empty")),
                Arguments.of("empty command string", """
                        services:
                          api:
                            command: "  "
                        """, List.of("vigil.yaml:3:14: services.api.command: must not be empty")),
                Arguments.of("command with an unclosed quote", """
                        services:
                          api:
                            command: ./api --name "x
                        """, List.of("vigil.yaml:3:14: services.api.command: cannot split the command:"
                        + " unclosed double quote")),
                Arguments.of("command that is a map", """
                        services:
                          api:
                            command: {run: ./api}
                        """, List.of("vigil.yaml:3:14: services.api.command: expected a command"
                        + " (a list of strings or a string), found a map")),

                // names, paths, env
                Arguments.of("bad service name", """
                        services:
                          -api:
                            command: ./api
                        """, List.of("vigil.yaml:2:3: services.-api: invalid service name `-api`; use letters, digits,"
                        + " `_`, `.` and `-`, starting with a letter or digit, at most 63 characters")),
                Arguments.of("cwd that does not exist", """
                        services:
                          api:
                            command: ./api
                            cwd: no/such/dir
                        """, List.of("vigil.yaml:4:10: services.api.cwd: directory `no/such/dir` does not exist")),
                Arguments.of("env value that is a list and a bad variable name", """
                        services:
                          api:
                            command: ./api
                            env:
                              PATHS: [a, b]
                              1X: one
                        """, List.of("vigil.yaml:5:14: services.api.env.PATHS: expected a string, number or boolean,"
                        + " found a list",
                        "vigil.yaml:6:7: services.api.env.1X: not a variable name; use letters, digits and `_`,"
                        + " not starting with a digit")),

                // stop, restart
                Arguments.of("bad signal", """
                        services:
                          api:
                            command: ./api
                            stop: {signal: TERMINATE}
                        """, List.of("vigil.yaml:4:20: services.api.stop.signal: unknown signal `TERMINATE`;"
                        + " did you mean `TERM`?")),
                Arguments.of("bad policy", """
                        services:
                          api:
                            command: ./api
                            restart: sometimes
                        """, List.of("vigil.yaml:4:14: services.api.restart: unknown restart policy `sometimes`;"
                        + " expected one of always, on-failure, never")),
                Arguments.of("bad freeze policy", """
                        services:
                          api:
                            command: ./api
                            freeze: {unhealthy: wait, until: later}
                        """, List.of("vigil.yaml:4:25: services.api.freeze.unhealthy: unknown unhealthy policy `wait`;"
                        + " expected one of restart, hold",
                        "vigil.yaml:4:31: services.api.freeze.until: unknown key; expected one of unhealthy")),
                Arguments.of("policy with an underscore", """
                        services:
                          api:
                            command: ./api
                            restart: {policy: on_failure}
                        """, List.of("vigil.yaml:4:23: services.api.restart.policy: unknown restart policy `on_failure`;"
                        + " did you mean `on-failure`?")),
                Arguments.of("backoff out of range", """
                        services:
                          api:
                            command: ./api
                            restart:
                              backoff: {initial: 5s, max: 1s, multiplier: 0.5, jitter: 2}
                        """, List.of("vigil.yaml:5:35: services.api.restart.backoff.max: must not be less than `initial`"
                                + " (5s), found 1s",
                        "vigil.yaml:5:51: services.api.restart.backoff.multiplier: must be at least 1.0, found 0.5",
                        "vigil.yaml:5:64: services.api.restart.backoff.jitter: must be between 0.0 and 1.0, found 2")),
                Arguments.of("bad restart limit", """
                        services:
                          api:
                            command: ./api
                            restart: {limit: 5 per minute}
                        """, List.of("vigil.yaml:4:22: services.api.restart.limit: `5 per minute` is not a restart limit;"
                        + " write e.g. `5 in 1m`, a map with `count` and `window`, or `none`")),

                // probes
                Arguments.of("bad status range", """
                        services:
                          api:
                            command: ./api
                            health:
                              http: {url: "http://127.0.0.1:8080/", status: 299-200}
                        """, List.of("vigil.yaml:5:53: services.api.health.http.status: `299-200` is not a status"
                        + " or a range of statuses; write e.g. `200` or `200-299` (codes 100-599)")),
                Arguments.of("bad URL", """
                        services:
                          api:
                            command: ./api
                            health:
                              - http: ftp://127.0.0.1/
                        """, List.of("vigil.yaml:5:15: services.api.health[0].http: `ftp://127.0.0.1/`"
                        + " is not an http:// or https:// URL")),
                Arguments.of("http map without url", """
                        services:
                          api:
                            command: ./api
                            health:
                              http: {status: 200}
                        """, List.of("vigil.yaml:5:7: services.api.health.http: missing required key `url`")),
                Arguments.of("port out of range", """
                        services:
                          api:
                            command: ./api
                            health:
                              - tcp: localhost:70000
                              - tcp: {host: localhost, port: 0}
                        """, List.of("vigil.yaml:5:14: services.api.health[0].tcp: port must be between 1 and 65535,"
                                + " found 70000",
                        "vigil.yaml:6:38: services.api.health[1].tcp.port: must be between 1 and 65535, found 0")),
                Arguments.of("tcp without a port", """
                        services:
                          api:
                            command: ./api
                            health: {tcp: localhost}
                        """, List.of("vigil.yaml:4:19: services.api.health.tcp: `localhost` is not host:port,"
                        + " e.g. `127.0.0.1:5432`")),
                Arguments.of("probe with two kinds", """
                        services:
                          api:
                            command: ./api
                            health:
                              - http: http://127.0.0.1:8080/
                                tcp: 127.0.0.1:8080
                        """, List.of("vigil.yaml:5:9: services.api.health[0]: a probe has exactly one of `http`, `tcp`"
                        + " or `exec`, found `http` and `tcp`")),
                Arguments.of("probe with no kind", """
                        services:
                          api:
                            command: ./api
                            health:
                              interval: 1s
                        """, List.of("vigil.yaml:5:7: services.api.health: a probe needs one of `http`, `tcp` or `exec`")),
                Arguments.of("health that is a string", """
                        services:
                          api:
                            command: ./api
                            health: http://127.0.0.1/
                        """, List.of("vigil.yaml:4:13: services.api.health: expected a probe (a map) or a list of probes,"
                        + " found `http://127.0.0.1/`")),

                // recovery, logs
                Arguments.of("recovery with both signal and http", """
                        services:
                          api:
                            command: ./api
                            recovery: {signal: HUP, http: "http://127.0.0.1/flush"}
                        """, List.of("vigil.yaml:4:5: services.api.recovery: recovery has exactly one of `signal`"
                        + " or `http`, found both")),
                Arguments.of("http-only keys on signal recovery", """
                        services:
                          api:
                            command: ./api
                            recovery: {signal: HUP, method: GET}
                        """, List.of("vigil.yaml:4:29: services.api.recovery.method: applies only to `http` recovery")),
                Arguments.of("negative log keep", """
                        services:
                          api:
                            command: ./api
                            logs: {max_size: 1M, keep: -1}
                        """, List.of("vigil.yaml:4:32: services.api.logs.keep: must be at least 0, found -1")),

                // YAML itself
                Arguments.of("unclosed flow sequence", """
                        services:
                          api:
                            command: [./api
                        """, List.of("vigil.yaml:4:1: invalid YAML: while parsing a flow sequence at line 3,"
                        + " expected ',' or ']', but got <stream end>")),
                Arguments.of("two documents", """
                        services: {api: {command: ./api}}
                        ---
                        services: {}
                        """, List.of("vigil.yaml:2:1: invalid YAML: expected a single document in the stream at line 1,"
                        + " but found another document")),
                Arguments.of("merge keys", """
                        x: &base {command: ./api}
                        services:
                          api:
                            <<: *base
                        """, List.of("vigil.yaml:1:1: x: unknown key; expected one of name, services, windows, profiles, metrics, alerting, status_page",
                        "vigil.yaml:3:3: services.api: missing required key `command`",
                        "vigil.yaml:4:5: services.api.<<: merge keys (`<<`) are not supported; write the keys out")));
    }

    private static List<String> problems(String yaml, String file) {
        InvalidStackException e = catchThrowableOfType(InvalidStackException.class,
                () -> StackLoader.parse(yaml, Path.of(file)));
        assertThat(e).as("expected the stack to be invalid").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StackProblemsTest.class.getResourceAsStream("/stacks/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

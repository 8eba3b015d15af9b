package dev.vigil.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code profiles}: how their settings are laid over services, and every bad input with its exact problem. */
class ProfilesTest {

    private static final Path FILE = Path.of("vigil.yaml");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String STACK = """
            services:
              api:
                command: ./api
                health:
                  - http: http://127.0.0.1:8080/health
                    interval: 5s
                  - tcp: 127.0.0.1:8080
                    failure_threshold: 2
                restart: on-failure
                memory_limit: 512M
                env: {DB_PASSWORD: hunter2, MODE: calm}
              web-1: {command: ./web}
            windows:
              season: {kind: period, months: {from: may, to: sep}, zone: UTC}
            profiles:
              peak:
                window: season
                services: [api]
                set:
                  health: {interval: 1s, failure_threshold: 1}
                  restart: {limit: 3 in 1m}
                  memory_limit: {samples: 2}
                  env: {MODE: busy, DB_PASSWORD: s3cret}
            """;

    private static Stack parse(String yaml, Set<String> active) {
        return StackLoader.parse(yaml, FILE, UTC, active);
    }

    @Test
    void inactiveProfilesChangeNothingAndAreListed() {
        Stack stack = parse(STACK, Set.of());

        assertThat(stack.activeProfiles()).isEmpty();
        assertThat(stack.profiles()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("peak");
            assertThat(p.window()).isEqualTo("season");
            assertThat(p.services()).containsExactly("api");
            assertThat(p.settings()).isEqualTo("{health: {interval: 1s, failure_threshold: 1}, restart: {limit: 3 in 1m},"
                    + " memory_limit: {samples: 2}, env: {MODE: busy, DB_PASSWORD: ***}}");
        });
        assertThat(stack.service("api").orElseThrow().health().getFirst().timing().interval())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(stack.service("api").orElseThrow().env()).containsEntry("MODE", "calm");
    }

    @Test
    void anActiveProfileTightensEveryProbeAndWidensShorthandsKeepingTheirValue() {
        ServiceSpec api = parse(STACK, Set.of("peak")).service("api").orElseThrow();

        assertThat(api.health()).extracting(p -> p.timing().interval())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(api.health()).extracting(p -> p.timing().failureThreshold()).containsExactly(1, 1);
        assertThat(api.health()).extracting(ProbeSpec::getClass).containsExactly(HttpProbeSpec.class, TcpProbeSpec.class);
        assertThat(api.restart().policy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(api.restart().limit().orElseThrow().count()).isEqualTo(3);
        assertThat(api.memoryLimit().orElseThrow().maxBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(api.memoryLimit().orElseThrow().consecutiveSamples()).isEqualTo(2);
        assertThat(api.env()).containsEntry("MODE", "busy").containsEntry("DB_PASSWORD", "s3cret");
    }

    @Test
    void aHealthWithAProbeReplacesTheProbesAndLaterProfilesWin() {
        String yaml = STACK.replace("  peak:\n", """
                  other:
                    window: season
                    set: {health: {exec: ./check}}
                  peak:
                """);
        Stack stack = parse(yaml, Set.of("peak", "other"));

        assertThat(stack.activeProfiles()).as("the file's order").containsExactly("other", "peak");
        assertThat(stack.service("api").orElseThrow().health()).singleElement().satisfies(p -> {
            assertThat(p).isInstanceOf(ExecProbeSpec.class);
            assertThat(p.timing().interval()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThat(stack.service("web-1").orElseThrow().health()).singleElement().isInstanceOf(ExecProbeSpec.class);
    }

    @Test
    void theProfilesOpenAtAnInstantFollowTheirWindow() {
        Stack stack = parse(STACK, Set.of());

        assertThat(stack.profilesOpenAt(Instant.parse("2026-07-01T12:00:00Z"))).containsExactly("peak");
        assertThat(stack.profilesOpenAt(Instant.parse("2026-12-01T12:00:00Z"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenProfiles")
    void reportsExactly(String name, String profiles, List<String> expected) {
        String head = """
                services:
                  api: {command: ./api, health: {http: "http://127.0.0.1:1/"}}
                  web-1: {command: ./web}
                windows:
                  season: {kind: period, months: {from: may, to: sep}}
                profiles:
                """;
        InvalidStackException e = catchThrowableOfType(InvalidStackException.class,
                () -> parse(head + profiles, Set.of()));

        assertThat(e).as("no problem reported").isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> brokenProfiles() {
        return Stream.of(
                Arguments.of("unknown window with a suggestion", """
                          peak: {window: seasn, set: {memory_limit: 1G}}
                        """, List.of("vigil.yaml:7:18: profiles.peak.window: unknown window `seasn`; did you mean `season`?")),
                Arguments.of("missing window and set", """
                          peak: {services: [api]}
                        """, List.of("vigil.yaml:7:3: profiles.peak: missing required key `window`",
                        "vigil.yaml:7:3: profiles.peak: missing required key `set`")),
                Arguments.of("unknown service", """
                          peak: {window: season, services: [apo], set: {memory_limit: 1G}}
                        """, List.of("vigil.yaml:7:37: profiles.peak.services[0]: unknown service `apo`; did you mean `api`?")),
                Arguments.of("dependencies cannot change", """
                          peak: {window: season, set: {depends_on: [web-1]}}
                        """, List.of("vigil.yaml:7:32: profiles.peak.set.depends_on: a profile cannot change dependencies;"
                        + " write them on the service")),
                Arguments.of("an unknown key in set", """
                          peak: {window: season, set: {helth: {interval: 1s}}}
                        """, List.of("vigil.yaml:7:32: profiles.peak.set.helth: unknown key; did you mean `health`?")),
                Arguments.of("sets nothing", """
                          peak: {window: season, set: {}}
                        """, List.of("vigil.yaml:7:31: profiles.peak.set: sets nothing; give service keys such as"
                        + " `health` or `memory_limit`")),
                Arguments.of("a bad value, for each service it covers", """
                          peak:
                            window: season
                            set:
                              health: {interval: 0s}
                              memory_limit: {samples: 2}
                        """, List.of(
                        "vigil.yaml:10:15: profiles.peak.set.health: a probe needs one of `http`, `tcp` or `exec`"
                                + " (for service `web-1`)",
                        "vigil.yaml:10:26: profiles.peak.set.health.interval: must be more than 0s (for service `api`)",
                        "vigil.yaml:10:26: profiles.peak.set.health.interval: must be more than 0s (for service `web-1`)",
                        "vigil.yaml:11:7: profiles.peak.set.memory_limit: missing required key `size` (for service `api`)",
                        "vigil.yaml:11:7: profiles.peak.set.memory_limit: missing required key `size` (for service `web-1`)")),
                Arguments.of("invalid name", """
                          "peak season": {window: season, set: {memory_limit: 1G}}
                        """, List.of("vigil.yaml:7:3: profiles.peak season: invalid profile name `peak season`; use letters,"
                        + " digits, `_`, `.` and `-`, starting with a letter or digit, at most 63 characters")));
    }
}

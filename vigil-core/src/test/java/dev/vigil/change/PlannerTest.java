package dev.vigil.change;

import dev.vigil.change.ServiceChange.Changed;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.vigil.change.Effect.LIVE;
import static dev.vigil.change.Effect.REPLACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Pairs of stack files, the plan between them and the text {@code vigil diff} prints for it. */
class PlannerTest {

    @TempDir
    Path dir;

    /**
     * @param order what the plan does, in its own order: {@code start=[..] replace=[..] live=[..] stop=[..]}
     */
    record Case(String name, String before, String after, String order, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String SHOP = """
            name: shop
            services:
              db:
                command: postgres -D ./data
                health:
                  tcp: 127.0.0.1:5432
              api:
                command: ./api
                env:
                  PORT: 8080
                  DB_PASSWORD: hunter2
                depends_on:
                  db: healthy
                health:
                  http: http://127.0.0.1:8080/health
                  interval: 5s
              web:
                image: nginx:1.27
                ports: ["8080:80"]
                resources: {memory: 256M}
                depends_on: [api]
            """;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no change", SHOP, SHOP, "start=[] replace=[] live=[] stop=[]", """
                        No changes: 3 services unchanged.
                        """),
                new Case("command change", SHOP, SHOP.replace("command: ./api", "command: ./api --v2"),
                        "start=[] replace=[api] live=[] stop=[]", """
                        ~ api (replace: command)
                            command: ["./api"] -> ["./api", "--v2"]
                        2 services unchanged.

                        Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("thresholds only: live", SHOP, SHOP.replace("interval: 5s", "interval: 2s\n      failure_threshold: 5"),
                        "start=[] replace=[] live=[api] stop=[]", """
                        ~ api (live: health[0].interval, health[0].failure_threshold)
                            health[0].interval: 5s -> 2s
                            health[0].failure_threshold: 3 -> 5
                        2 services unchanged.

                        Plan: 0 to start, 0 to replace, 1 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("env change", SHOP, SHOP.replace("PORT: 8080", "PORT: 8081\n      DEBUG: yes"),
                        "start=[] replace=[api] live=[] stop=[]", """
                        ~ api (replace: env.DEBUG, env.PORT)
                            env.DEBUG: (none) -> "yes"
                            env.PORT: "8080" -> "8081"
                        2 services unchanged.

                        Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("secret env change: masked", SHOP,
                        SHOP.replace("DB_PASSWORD: hunter2", "DB_PASSWORD: hunter3\n      API_TOKEN: tok_123"),
                        "start=[] replace=[api] live=[] stop=[]", """
                        ~ api (replace: env.API_TOKEN, env.DB_PASSWORD)
                            env.API_TOKEN: (none) -> ***
                            env.DB_PASSWORD: *** (secret changed)
                        2 services unchanged.

                        Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("added", SHOP, SHOP + """
                          worker:
                            command: python3 worker.py
                            depends_on: [api]
                        """,
                        "start=[worker] replace=[] live=[] stop=[]", """
                        + worker (new)
                        3 services unchanged.

                        Plan: 1 to start, 0 to replace, 0 to change live, 0 to stop, 3 unchanged.
                        """),
                new Case("removed with a dependency: dependents stop first", SHOP, """
                        name: shop
                        services:
                          web:
                            image: nginx:1.27
                            ports: ["8080:80"]
                            resources: {memory: 256M}
                        """,
                        "start=[] replace=[] live=[web] stop=[api, db]", """
                        ~ web (live: depends_on)
                            depends_on: [api: started] -> []
                        - api (removed)
                        - db (removed)

                        Plan: 0 to start, 0 to replace, 1 to change live, 2 to stop, 0 unchanged.
                        """),
                new Case("container image change", SHOP, SHOP.replace("nginx:1.27", "nginx:1.28"),
                        "start=[] replace=[web] live=[] stop=[]", """
                        ~ web (replace: image)
                            image: "nginx:1.27" -> "nginx:1.28"
                        2 services unchanged.

                        Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("container memory limit change", SHOP, SHOP.replace("memory: 256M", "memory: 512M"),
                        "start=[] replace=[web] live=[] stop=[]", """
                        ~ web (replace: resources.memory)
                            resources.memory: 256M -> 512M
                        2 services unchanged.

                        Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("probe added", SHOP, SHOP.replace("""
                                health:
                                  tcp: 127.0.0.1:5432
                            """, """
                                health:
                                  - tcp: 127.0.0.1:5432
                                  - exec: pg_isready -h 127.0.0.1
                            """),
                        "start=[] replace=[] live=[db] stop=[]", """
                        ~ db (live: health[1])
                            health[1]: (none) -> exec ["pg_isready", "-h", "127.0.0.1"]
                        2 services unchanged.

                        Plan: 0 to start, 0 to replace, 1 to change live, 0 to stop, 2 unchanged.
                        """),
                new Case("rename: one removed, one added", SHOP, SHOP.replace("  db:", "  pg:").replace("db: healthy", "pg: healthy"),
                        "start=[pg] replace=[] live=[api] stop=[db]", """
                        + pg (new)
                        ~ api (live: depends_on)
                            depends_on: [db: healthy] -> [pg: healthy]
                        - db (removed)
                        1 service unchanged.

                        Plan: 1 to start, 0 to replace, 1 to change live, 1 to stop, 1 unchanged.
                        """),
                new Case("several at once", SHOP, """
                        name: shop-eu
                        services:
                          cache:
                            command: redis-server --port 6380 --requirepass=s3cret
                          db:
                            command: postgres -D ./data
                            health:
                              tcp: 127.0.0.1:5432
                            restart:
                              policy: on-failure
                              limit: 3 in 1m
                            memory_limit: 1G
                          api:
                            command: ./api --password=hunter4
                            env:
                              PORT: 8080
                              DB_PASSWORD: hunter2
                            depends_on:
                              db: healthy
                              cache: started
                            health:
                              http: http://127.0.0.1:8080/health
                              interval: 5s
                            stop: {signal: INT, grace: 30s}
                            recovery: {signal: HUP}
                          web:
                            image: nginx:1.27
                            ports: ["0.0.0.0:8080:80"]
                            resources: {memory: 256M, cpus: 0.5}
                            labels: {team: web}
                            pull: always
                            depends_on: [api]
                        """,
                        "start=[cache] replace=[api, web] live=[db] stop=[]", """
                        ~ name: "shop" -> "shop-eu"
                        + cache (new)
                        ~ db (live: restart.policy, restart.limit.count, restart.limit.window, memory_limit)
                            restart.policy: always -> on-failure
                            restart.limit.count: 10 -> 3
                            restart.limit.window: 5m -> 1m
                            memory_limit: (none) -> {size: 1G, samples: 3, interval: 1s}
                        ~ api (replace: command)
                            command: ["./api"] -> ["./api", "--password=***"]
                            depends_on: [db: healthy] -> [db: healthy, cache: started]
                            stop.signal: SIGTERM -> SIGINT
                            stop.grace: 10s -> 30s
                            recovery: (none) -> {signal: SIGHUP, wait: 5s}
                        ~ web (replace: name, ports, resources.cpus, labels.team)
                            name: "shop" -> "shop-eu"
                            ports: ["127.0.0.1:8080:80"] -> ["0.0.0.0:8080:80"]
                            resources.cpus: (none) -> 0.5
                            labels.team: (none) -> "web"
                            pull: missing -> always

                        Plan: 1 to start, 2 to replace, 1 to change live, 0 to stop, 0 unchanged.
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachPairGivesItsPlanAndText(Case c) {
        Plan plan = Planner.plan(stack(c.before()), stack(c.after()));

        assertThat(order(plan)).isEqualTo(c.order());
        assertThat(PlanText.render(plan)).isEqualTo(c.text());
        assertThat(plan.isEmpty()).isEqualTo(c.text().startsWith("No changes"));
    }

    @Test
    void theKeysOfAChangeSayWhatEachNeeds() {
        Plan plan = Planner.plan(stack(SHOP), stack(SHOP
                .replace("DB_PASSWORD: hunter2", "DB_PASSWORD: hunter3")
                .replace("interval: 5s", "interval: 2s")));

        Changed api = plan.toReplace().getFirst();
        assertThat(api.keys()).containsExactly(
                new KeyChange("env.DB_PASSWORD", "***", "***", REPLACE),
                new KeyChange("health[0].interval", "5s", "2s", LIVE));
        assertThat(api.effect()).isEqualTo(REPLACE);
        assertThat(api.replacing()).extracting(KeyChange::key).containsExactly("env.DB_PASSWORD");
        assertThat(api.keys().getFirst().hidden()).isTrue();
        assertThat(api.before().env().get("DB_PASSWORD")).isEqualTo("hunter2");
        assertThat(api.after().env().get("DB_PASSWORD")).isEqualTo("hunter3");
    }

    @Test
    void anEnvFileWhoseContentChangedReplacesItsServices() throws IOException {
        Files.writeString(dir.resolve("api.env"), "LEVEL=info\nSTRIPE_KEY=rk_live_1\nREGION=eu\n");
        String yaml = """
                services:
                  api:
                    command: ./api
                    env_file: api.env
                  worker:
                    command: ./worker
                """;
        Stack before = stack(yaml);
        Files.writeString(dir.resolve("api.env"), "LEVEL=debug\nSTRIPE_KEY=rk_live_2\nREGION=eu\n");
        Stack after = stack(yaml);

        Plan plan = Planner.plan(before, after);

        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ api (replace: env.LEVEL, env.STRIPE_KEY)
                    env.LEVEL: "info" -> "debug"
                    env.STRIPE_KEY: *** (secret changed)
                1 service unchanged.

                Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 1 unchanged.
                """);
    }

    @Test
    void aValueDeclaredSecretOnEitherSideIsMasked() {
        String before = """
                services:
                  api:
                    command: ./api
                    env: {DB_URL: "postgres://shop:hunter2@db/shop", SENTRY: "https://k@o1.ingest/1"}
                    secrets: [DB_URL]
                """;
        String after = before.replace("hunter2", "hunter3").replace("secrets: [DB_URL]", "")
                .replace("k@o1", "k2@o1");

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ api (replace: env.DB_URL, env.SENTRY)
                    env.DB_URL: *** (secret changed)
                    env.SENTRY: "https://***@o1.ingest/1" (secret changed)
                    secrets: [DB_URL] -> []

                Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 0 unchanged.
                """);
    }

    @Test
    void newServicesStartAfterWhatTheyDependOnAndRemovedOnesStopBeforeIt() {
        String before = """
                services:
                  app: {command: ./app, depends_on: [queue]}
                  queue: {command: ./queue, depends_on: [store]}
                  store: {command: ./store}
                  keep: {command: ./keep}
                """;
        String after = """
                services:
                  keep: {command: ./keep}
                  front: {command: ./front, depends_on: [back]}
                  back: {command: ./back}
                """;

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(plan.toStart()).extracting(ServiceChange::name).containsExactly("back", "front");
        assertThat(plan.toStop()).extracting(ServiceChange::name).containsExactly("app", "queue", "store");
        assertThat(plan.services()).extracting(ServiceChange::name)
                .containsExactly("keep", "front", "back", "app", "queue", "store");
    }

    @Test
    void replacementsAndLiveChangesComeInStartOrder() {
        String before = """
                services:
                  web: {command: ./web, depends_on: [api]}
                  api: {command: ./api, depends_on: [db]}
                  db: {command: ./db}
                """;
        String after = before.replace("./web", "./web2").replace("./db", "./db2")
                .replace("api: {command: ./api, depends_on: [db]}", "api: {command: ./api, depends_on: [db], stop: {grace: 1s}}");

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(plan.toReplace()).extracting(ServiceChange::name).containsExactly("db", "web");
        assertThat(plan.toChangeLive()).extracting(ServiceChange::name).containsExactly("api");
    }

    @Test
    void aProcessServiceKeysAndTheirEffects() throws IOException {
        Files.createDirectories(dir.resolve("svc"));
        String before = """
                services:
                  api:
                    command: ./api
                    health:
                      - http: {url: "http://127.0.0.1:8080/health", status: 200, body_contains: UP}
                      - exec: ./check --token=abc
                      - tcp: 127.0.0.1:8080
                    restart:
                      backoff: {initial: 1s, max: 30s, multiplier: 2, jitter: 0.2}
                      reset_after: 30s
                      limit: 10 in 5m
                    memory_limit: {max: 512M, samples: 3, interval: 1s}
                    recovery: {http: "http://127.0.0.1:8080/flush", timeout: 2s}
                    logs: {max_size: 10M, keep: 5}
                """;
        String after = """
                services:
                  api:
                    command: ./api
                    cwd: svc
                    health:
                      - http: {url: "http://127.0.0.1:8081/health", status: 200-299}
                      - exec: ./check --token=abd
                      - http: http://127.0.0.1:8080/
                    restart:
                      backoff: {initial: 500ms, max: 1m, multiplier: 1.5, jitter: 0.1}
                      reset_after: 2m
                      limit: none
                    memory_limit: {max: 1.5G, samples: 5, interval: 2s}
                    recovery: {http: "http://127.0.0.1:8080/flush", method: PUT, timeout: 1s, wait: 10s}
                    logs: {max_size: 64M, keep: 3}
                """;

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ api (replace: cwd)
                    cwd: "." -> "svc"
                    health[0].http: http://127.0.0.1:8080/health -> http://127.0.0.1:8081/health
                    health[0].http.status: 200 -> 200-299
                    health[0].http.body_contains: "UP" -> (none)
                    health[1].exec: ["./check", "--token=***"] (secret changed)
                    health[2]: tcp 127.0.0.1:8080 -> http http://127.0.0.1:8080/
                    restart.backoff.initial: 1s -> 500ms
                    restart.backoff.max: 30s -> 1m
                    restart.backoff.multiplier: 2 -> 1.5
                    restart.backoff.jitter: 0.2 -> 0.1
                    restart.reset_after: 30s -> 2m
                    restart.limit: 10 in 5m -> none
                    memory_limit.max: 512M -> 1.5G
                    memory_limit.samples: 3 -> 5
                    memory_limit.interval: 1s -> 2s
                    recovery.method: POST -> PUT
                    recovery.timeout: 2s -> 1s
                    recovery.wait: 5s -> 10s
                    logs.max_size: 10M -> 64M
                    logs.keep: 5 -> 3

                Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 0 unchanged.
                """);
        assertThat(plan.toReplace().getFirst().replacing()).extracting(KeyChange::key).containsExactly("cwd");
    }

    @Test
    void aContainerKeysAndTheirEffects() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        String before = """
                services:
                  web:
                    image: nginx:1.27
                    volumes: [data:/data]
                    health:
                      - exec: curl -f http://127.0.0.1/
                      - exec: ./second
                """;
        String after = """
                services:
                  web:
                    image: nginx:1.27
                    command: nginx -g 'daemon off;'
                    entrypoint: [/docker-entrypoint.sh]
                    volumes: [data:/data, ./conf:/etc/nginx/conf.d:ro]
                    network: front
                    resources: {pids: 100}
                    image_healthcheck: false
                    memory_limit: 200M
                    health:
                      - exec: curl -f http://127.0.0.1/
                        interval: 10s
                      - exec: ./second
                        interval: 10s
                """;

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ web (replace: entrypoint, command, health[0].interval, volumes, network, resources.pids, image_healthcheck)
                    entrypoint: (none) -> ["/docker-entrypoint.sh"]
                    command: (none) -> ["nginx", "-g", "daemon off;"]
                    health[0].interval: 5s -> 10s
                    health[1].interval: 5s -> 10s
                    memory_limit: (none) -> {size: 200M, samples: 3, interval: 1s}
                    volumes: ["data:/data"] -> ["data:/data", "./conf:/etc/nginx/conf.d:ro"]
                    network: (none) -> "front"
                    resources.pids: (none) -> 100
                    image_healthcheck: true -> false

                Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 0 unchanged.
                """);
    }

    @Test
    void onlyAContainersHealthcheckAndDefinitionNeedANewContainer() {
        String before = """
                services:
                  web:
                    image: nginx:1.27
                    health:
                      - exec: ./check
                      - exec: ./deep-check
                """;
        String after = """
                services:
                  web:
                    image: nginx:1.27
                    pull: always
                    memory_limit: 200M
                    stop: {grace: 30s}
                    health:
                      - http: http://127.0.0.1:8080/
                      - exec: ./check
                      - exec: ./deep-check
                        timeout: 5s
                """;

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ web (live: health[0], health[1].exec, health[2], stop.grace, memory_limit, pull)
                    health[0]: exec ["./check"] -> http http://127.0.0.1:8080/
                    health[1].exec: ["./deep-check"] -> ["./check"]
                    health[2]: (none) -> exec ["./deep-check"]
                    stop.grace: 10s -> 30s
                    memory_limit: (none) -> {size: 200M, samples: 3, interval: 1s}
                    pull: missing -> always

                Plan: 0 to start, 0 to replace, 1 to change live, 0 to stop, 0 unchanged.
                """);
    }

    @Test
    void aServiceThatBecomesAContainerIsReplaced() {
        Plan plan = Planner.plan(stack("services: {cache: {command: redis-server}}"),
                stack("services: {cache: {image: \"redis:7\", command: redis-server, ports: [\"6379:6379\"]}}"));

        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ cache (replace: image, ports)
                    image: (none) -> "redis:7"
                    ports: [] -> ["127.0.0.1:6379:6379"]

                Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 0 unchanged.
                """);
    }

    @Test
    void aRenamedStackChangesProcessesLive() {
        Plan plan = Planner.plan(stack("name: a\nservices: {api: {command: ./api}}"),
                stack("name: b\nservices: {api: {command: ./api}}"));

        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.stackName()).contains(new KeyChange("name", "\"a\"", "\"b\"", LIVE));
        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ name: "a" -> "b"
                1 service unchanged.

                Plan: 0 to start, 0 to replace, 0 to change live, 0 to stop, 1 unchanged.
                """);
    }

    @Test
    void windowsAreComparedByName() {
        String before = """
                services:
                  api: {command: ./api}
                windows:
                  weekend:
                    kind: freeze
                    from: Fri 18:00
                    to: Mon 06:00
                    zone: Europe/Berlin
                  holidays:
                    kind: freeze
                    from: "2026-12-24 12:00"
                    to: "2026-12-27 08:00"
                    zone: Europe/Berlin
                """;
        String after = """
                services:
                  api: {command: ./api}
                windows:
                  weekend:
                    kind: maintenance
                    from: Fri 20:00
                    to: Mon 06:00
                    zone: Europe/Berlin
                    services: [api]
                    reason: on-call is thin
                  db-move:
                    kind: maintenance
                    from: "2026-12-21 22:00"
                    to: "2026-12-22 02:00"
                    zone: UTC
                """;

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.windows()).extracting(WindowChange::name, WindowChange::kind).containsExactly(
                tuple("weekend", WindowChange.Kind.CHANGED),
                tuple("db-move", WindowChange.Kind.ADDED),
                tuple("holidays", WindowChange.Kind.REMOVED));
        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ window weekend (live: windows.weekend.kind, windows.weekend, windows.weekend.services, windows.weekend.reason)
                    windows.weekend.kind: freeze -> maintenance
                    windows.weekend: Fri 18:00 to Mon 06:00 -> Fri 20:00 to Mon 06:00
                    windows.weekend.services: [] -> [api]
                    windows.weekend.reason: (none) -> "on-call is thin"
                + window db-move (new)
                - window holidays (removed)
                1 service unchanged.

                Plan: 0 to start, 0 to replace, 0 to change live, 0 to stop, 1 unchanged; windows: 1 new, 1 changed, 1 removed.
                """);
        assertThat(Planner.plan(stack(after), stack(after)).isEmpty()).isTrue();
    }

    @Test
    void profilesAreComparedByNameAndASecretInThemIsNeverShown() {
        String before = """
                services:
                  api: {command: ./api}
                windows:
                  season: {kind: period, months: {from: may, to: sep}}
                profiles:
                  peak: {window: season, set: {memory_limit: 1G, env: {API_TOKEN: old}}}
                  quiet: {window: season, set: {memory_limit: 256M}}
                """;
        String after = """
                services:
                  api: {command: ./api}
                windows:
                  season: {kind: period, months: {from: may, to: sep}}
                profiles:
                  peak: {window: season, services: [api], set: {memory_limit: 2G, env: {API_TOKEN: new}}}
                  night: {window: season, set: {memory_limit: 128M}}
                """;

        Plan plan = Planner.plan(stack(before), stack(after));

        assertThat(plan.isEmpty()).as("no profile is active, and still the file changed").isFalse();
        assertThat(PlanText.render(plan)).isEqualTo("""
                ~ profile peak (live: profiles.peak.services, profiles.peak.set)
                    profiles.peak.services: [] -> [api]
                    profiles.peak.set: {memory_limit: 1G, env: {API_TOKEN: ***}} -> {memory_limit: 2G, env: {API_TOKEN: ***}}
                + profile night (new)
                - profile quiet (removed)
                1 service unchanged.

                Plan: 0 to start, 0 to replace, 0 to change live, 0 to stop, 1 unchanged; profiles: 1 new, 1 changed, 1 removed.
                """);
        String secretOnly = before.replace("API_TOKEN: old", "API_TOKEN: rotated");
        assertThat(PlanText.render(Planner.plan(stack(before), stack(secretOnly))))
                .contains("profiles.peak.set: {memory_limit: 1G, env: {API_TOKEN: ***}} (secret changed)");
    }

    private static String order(Plan plan) {
        return "start=" + names(plan.toStart()) + " replace=" + names(plan.toReplace()) + " live="
                + names(plan.toChangeLive()) + " stop=" + names(plan.toStop());
    }

    private static List<String> names(List<? extends ServiceChange> changes) {
        return changes.stream().map(ServiceChange::name).toList();
    }

    @Test
    void alertingChangesAreLiveAndAnEditedRuleFileIsAChange() throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/a.yml"), "groups: []\n");
        String alerting = SHOP + """
                alerting:
                  rule_files: [rules/*.yml]
                  route: {receiver: team}
                  receivers:
                    - name: team
                """;
        Stack before = stack(alerting);
        Files.writeString(dir.resolve("rules/a.yml"), "groups: [{name: g, rules: []}]\n");
        Plan plan = Planner.plan(before, stack(alerting.replace("route: {receiver: team}",
                "route: {receiver: team, group_wait: 1s}\n  evaluation_interval: 30s\n  builtin_rules: {VigilServiceFlapping: false}")));

        assertThat(plan.settings()).containsExactly(
                new KeyChange("alerting.rules[rules/a.yml]", "(loaded)", "(edited)", LIVE),
                new KeyChange("alerting.evaluation_interval", "15s", "30s", LIVE),
                new KeyChange("alerting.route", "(set)", "(changed)", LIVE),
                new KeyChange("alerting.builtin_rules", "on", "on except [VigilServiceFlapping]", LIVE));
        assertThat(Planner.plan(before, stack(alerting)).settings()).hasSize(1);
    }

    private Stack stack(String yaml) {
        return StackLoader.parse(yaml, dir.resolve("vigil.yaml"));
    }
}

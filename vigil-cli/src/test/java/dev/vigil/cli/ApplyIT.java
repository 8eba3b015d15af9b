package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil diff}, {@code vigil apply} and {@code vigil config history} through the launcher, on a daemon
 * running real processes: only what changed is touched.
 */
class ApplyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STACK = """
            services:
              a: {command: ["sleep", "1000"]}
              b: {command: ["sleep", "1000"]}
              c: {command: ["sleep", "1000"]}
              d: {command: ["sleep", "1000"]}
              e: {command: ["sleep", "1000"], depends_on: [d]}
            """;

    @TempDir
    Path dir;

    private LauncherCopy vigil;

    private Map<String, Long> pids() throws Exception {
        LauncherCopy.Result status = vigil.run("status", "--json");
        assertThat(status.code()).as(status.err()).isZero();
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode s : JSON.readTree(status.out()).path("services")) {
            pids.put(s.path("name").asText(), s.path("pid").asLong());
        }
        return pids;
    }

    private void edit(String text) throws Exception {
        Files.writeString(vigil.root().resolve("vigil.yaml"), text);
    }

    @Test
    void onlyTheDifferenceIsAppliedAndEveryApplyIsAVersion() throws Exception {
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        edit(STACK);
        try {
            LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();
            Map<String, Long> before = pids();

            String changed = STACK.replace("c: {command: [\"sleep\", \"1000\"]}", "c: {command: [\"sleep\", \"1001\"]}");
            edit(changed);
            LauncherCopy.Result diff = vigil.run("diff");
            assertThat(diff.code()).as(diff.err()).isZero();
            assertThat(diff.out()).isEqualTo("""
                    ~ c (replace: command)
                        command: ["sleep", "1000"] -> ["sleep", "1001"]
                    4 services unchanged.

                    Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 4 unchanged.
                    """);
            assertThat(pids()).isEqualTo(before);
            assertThat(vigil.run("status").out()).contains("drift: vigil.yaml has changed since version 1 was applied;"
                    + " see vigil diff, then vigil apply");

            LauncherCopy.Result applied = vigil.run("apply", "--reason", "c takes 1001");
            assertThat(applied.code()).as(applied.err()).isZero();
            assertThat(applied.out()).endsWith("Applied as version 2.\n");
            assertThat(vigil.run("status").out()).doesNotContain("drift:");
            Map<String, Long> after = pids();
            assertThat(after.get("c")).isNotEqualTo(before.get("c"));
            for (String same : new String[] {"a", "b", "d", "e"}) {
                assertThat(after.get(same)).as("%s keeps its process", same).isEqualTo(before.get(same));
            }

            edit(changed.replace("d: {command: [\"sleep\", \"1000\"]}",
                    "d: {command: [\"sleep\", \"1000\"], restart: {limit: {count: 5, window: 1m}}}"));
            LauncherCopy.Result live = vigil.run("apply");
            assertThat(live.code()).as(live.err()).isZero();
            assertThat(live.out()).startsWith("~ d (live: restart.limit.count, restart.limit.window)")
                    .contains("Plan: 0 to start, 0 to replace, 1 to change live, 0 to stop, 4 unchanged.");
            assertThat(pids()).isEqualTo(after);

            String current = Files.readString(vigil.root().resolve("vigil.yaml"));
            edit(current.replace("a: {command:", "a: {comand:"));
            LauncherCopy.Result invalid = vigil.run("apply");
            assertThat(invalid.code()).isEqualTo(2);
            assertThat(invalid.err()).contains(vigil.root().resolve("vigil.yaml") + ":2:")
                    .contains("services.a.comand: unknown key; did you mean `command`?");

            edit(current + "  f:\n    command: [\"sleep\", \"1000\"]\n"
                    + "    health: {exec: \"false\", interval: 300ms, start_period: 1s, failure_threshold: 2}\n");
            LauncherCopy.Result rolledBack = vigil.run("apply", "--reason", "f is new");
            assertThat(rolledBack.code()).isEqualTo(1);
            assertThat(rolledBack.out()).contains("+ f (new)");
            assertThat(rolledBack.err()).isEqualTo("vigil: rolled back: f not ready in time; version 4 is recorded as"
                    + " rolled back\n");
            assertThat(pids()).isEqualTo(after).doesNotContainKey("f");

            LauncherCopy.Result history = vigil.run("config", "history");
            assertThat(history.code()).as(history.err()).isZero();
            assertThat(history.out().lines().toList()).hasSize(5);
            assertThat(history.out()).contains("rolled back (f not ready in time)", "f is new", "c takes 1001",
                    "vigil up", "local-cli", "local");

            assertThat(vigil.run("config", "show", "1").out()).isEqualTo(STACK);
            LauncherCopy.Result versionDiff = vigil.run("config", "diff", "1", "2");
            assertThat(versionDiff.code()).as(versionDiff.err()).isZero();
            assertThat(versionDiff.out()).startsWith("--- version 1\n+++ version 2\n")
                    .contains("\n-  c: {command: [\"sleep\", \"1000\"]}\n+  c: {command: [\"sleep\", \"1001\"]}\n");
            String onDisk = Files.readString(vigil.root().resolve("vigil.yaml"));
            LauncherCopy.Result back = vigil.run("config", "rollback", "1", "--reason", "back to the start");
            assertThat(back.code()).as(back.err()).isZero();
            assertThat(back.out()).contains("~ c (replace: command)").endsWith("Rolled back to version 1 (recorded as version 5).\n");
            assertThat(Files.readString(vigil.root().resolve("vigil.yaml"))).isEqualTo(STACK);
            assertThat(Files.readString(vigil.root().resolve("vigil.yaml.~1~"))).isEqualTo(onDisk);
            assertThat(pids().get("c")).isNotEqualTo(after.get("c"));
            assertThat(vigil.run("status").out()).doesNotContain("drift:");
            assertThat(vigil.run("events", "--cause", "rollback").out()).contains("c", "replace: command");
            LauncherCopy.Result unknown = vigil.run("config", "rollback", "99");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err()).isEqualTo("vigil: no version 99; the latest is 5\n");
        } finally {
            LauncherCopy.Result down = vigil.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    @Test
    void aProfileWhoseWindowIsOpenAppliesFromTheStartIsShownAndGoesWhenAnApplyClosesIt() throws Exception {
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        String stack = """
                services:
                  a: {command: ["sleep", "1000"]}
                  b: {command: ["sleep", "1000"], env: {MODE: calm}, env_file: b.env, secrets: [REGION]}
                windows:
                  season: {kind: period, from: "2020-01-01 00:00", to: "2099-01-01 00:00", zone: UTC}
                  past: {kind: period, from: "2020-01-01 00:00", to: "2020-01-02 00:00", zone: UTC}
                profiles:
                  busy:
                    window: season
                    services: [b]
                    set: {env: {MODE: busy, API_TOKEN: t0ps3cret}, restart: {limit: 3 in 1m}}
                """;
        edit(stack);
        Files.writeString(vigil.root().resolve("b.env"), "LEVEL=debug\nDB_PASSWORD=hunter2 # rotated monthly\nREGION=eu\n");
        try {
            LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();
            Map<String, Long> before = pids();
            assertThat(environ(before.get("b"))).contains("MODE=busy", "API_TOKEN=t0ps3cret");
            assertThat(environ(before.get("a"))).doesNotContain("MODE=busy");

            LauncherCopy.Result windows = vigil.run("windows");
            assertThat(windows.code()).as(windows.err()).isZero();
            assertThat(windows.out()).contains("profile busy (active, window season, b): {env: {MODE: busy,"
                    + " API_TOKEN: ***}, restart: {limit: 3 in 1m}}\n").doesNotContain("t0ps3cret");
            assertThat(vigil.run("status").out()).contains("profiles: busy (window season)\n");
            JsonNode status = JSON.readTree(vigil.root().resolve(".vigil/status.json").toFile());
            assertThat(status.path("active_profiles").toString()).isEqualTo("[\"busy\"]");
            LauncherCopy.Result events = vigil.run("events", "--type", "ProfileActivated");
            assertThat(events.out()).contains("profile busy active (window season) for b: {env: {MODE: busy,"
                    + " API_TOKEN: ***}, restart: {limit: 3 in 1m}}").doesNotContain("t0ps3cret");

            LauncherCopy.Result recorded = vigil.run("config", "show", "1", "--env-files");
            assertThat(recorded.code()).as(recorded.err()).isZero();
            assertThat(recorded.out()).isEqualTo("==> b.env <==\nLEVEL=debug\nDB_PASSWORD=*** # rotated monthly\n"
                    + "REGION=***\n");

            edit(stack.replace("window: season", "window: past"));
            LauncherCopy.Result diff = vigil.run("diff");
            assertThat(diff.out()).isEqualTo("""
                    ~ profile busy (live: profiles.busy.window)
                        profiles.busy.window: "season" -> "past"
                    ~ b (replace: env.API_TOKEN, env.MODE)
                        env.API_TOKEN: *** -> (none)
                        env.MODE: "busy" -> "calm"
                        restart.limit.count: 3 -> 10
                        restart.limit.window: 1m -> 5m
                    1 service unchanged.

                    Plan: 0 to start, 1 to replace, 0 to change live, 0 to stop, 1 unchanged; profiles: 0 new, 1 changed, 0 removed.
                    """);
            Files.writeString(vigil.root().resolve("b.env"), "LEVEL=info\nDB_PASSWORD=hunter3\nREGION=eu\n");
            LauncherCopy.Result applied = vigil.run("apply", "--reason", "season over");
            assertThat(applied.code()).as(applied.err()).isZero();
            assertThat(applied.out()).contains("~ b (replace: env.API_TOKEN, env.DB_PASSWORD, env.LEVEL, env.MODE)");
            Map<String, Long> after = pids();
            assertThat(after.get("a")).isEqualTo(before.get("a"));
            assertThat(environ(after.get("b"))).contains("MODE=calm", "LEVEL=info", "DB_PASSWORD=hunter3")
                    .doesNotContain("API_TOKEN=");
            assertThat(vigil.run("config", "show", "2", "--env-files").out())
                    .isEqualTo("==> b.env <==\nLEVEL=info\nDB_PASSWORD=***\nREGION=***\n");
            assertThat(vigil.run("status").out()).doesNotContain("profiles:");
            assertThat(vigil.run("events", "--type", "ProfileDeactivated").out())
                    .contains("profile busy inactive (window season)");
        } finally {
            LauncherCopy.Result down = vigil.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    @Test
    void aKill9OfTheDaemonDuringAnApplyLeavesAConsistentHistoryAndTheNextStartReconciles() throws Exception {
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        String stack = """
                services:
                  a: {command: ["sleep", "1000"]}
                  b:
                    command: ["sleep", "1000"]
                    health: {exec: ["test", "-f", "ready"], interval: 200ms, start_period: 1s}
                """;
        edit(stack);
        Files.writeString(vigil.root().resolve("ready"), "");
        long daemon = 0;
        try {
            LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();
            Map<String, Long> before = pids();
            daemon = JSON.readTree(vigil.run("status", "--json").out()).path("stack").path("pid").asLong();

            // The new b waits for a file that is not there yet: the apply waits for it, up to its start period.
            String edited = stack.replace("[\"sleep\", \"1000\"]\n    health", "[\"sleep\", \"1001\"]\n    health")
                    .replace("\"ready\"], interval: 200ms, start_period: 1s", "\"ready-2\"], interval: 200ms, start_period: 2m");
            assertThat(edited).isNotEqualTo(stack);
            edit(edited);
            LauncherCopy.Started apply = vigil.start(Map.of(), "apply", "--reason", "b takes 1001");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> pids().get("b") != before.get("b").longValue());
            long replaced = pids().get("b");
            assertThat(new String(Files.readAllBytes(Path.of("/proc/" + replaced + "/cmdline")))).contains("1001");

            ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
            LauncherCopy.Result cut = apply.await(30);
            assertThat(cut.code()).as("the apply lost its daemon").isNotZero();
            assertThat(ProcessHandle.of(before.get("b"))).as("the old b was stopped before the new one started")
                    .isEmpty();
            assertThat(ProcessHandle.of(replaced).map(ProcessHandle::isAlive)).as("the new b outlives the daemon")
                    .hasValue(true);

            Files.writeString(vigil.root().resolve("ready-2"), "");
            LauncherCopy.Result again = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(again.code()).as(again.err()).isZero();
            daemon = JSON.readTree(vigil.run("status", "--json").out()).path("stack").path("pid").asLong();

            assertThat(pids()).as("both adopted: a as it ran, b as the apply left it, which is the file")
                    .isEqualTo(Map.of("a", before.get("a"), "b", replaced));
            LauncherCopy.Result history = vigil.run("config", "history", "--json");
            assertThat(history.code()).as(history.err()).isZero();
            JsonNode versions = JSON.readTree(history.out()).path("versions");
            assertThat(versions).hasSize(2);
            assertThat(versions.get(0).path("reason").asText()).isEqualTo("vigil up");
            assertThat(versions.get(1).path("reason").asText()).isEqualTo("vigil up");
            assertThat(vigil.run("config", "show", "1").out()).as("the apply cut short left no version").isEqualTo(stack);
            assertThat(vigil.run("config", "show", "2").out()).isEqualTo(edited);
            assertThat(vigil.run("status").out()).doesNotContain("drift:");
            assertThat(vigil.run("events", "--type", "InstanceAdopted").out()).contains("a", "b");
        } finally {
            LauncherCopy.Result down = vigil.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    /** The environment a process runs with, as the kernel has it. */
    private static String environ(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ"))).replace('\0', '\n');
    }

    @Test
    void sighupAppliesTheFileAsItIsOnDisk() throws Exception {
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        edit(STACK);
        try {
            LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();
            Map<String, Long> before = pids();
            long daemon = JSON.readTree(vigil.run("status", "--json").out()).path("stack").path("pid").asLong();

            edit(STACK.replace("b: {command: [\"sleep\", \"1000\"]}", "b: {command: [\"sleep\", \"1002\"]}"));
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(daemon)).start();
            assertThat(hup.waitFor()).isZero();

            Path log = vigil.root().resolve(".vigil/vigil.log");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("vigil: reload: applied as version 2: 0 to start, 1 to"
                            + " replace, 0 to change live, 0 to stop, 4 unchanged"));
            Map<String, Long> after = pids();
            assertThat(after.get("b")).isNotEqualTo(before.get("b"));
            assertThat(after).containsAllEntriesOf(Map.of("a", before.get("a"), "c", before.get("c"),
                    "d", before.get("d"), "e", before.get("e")));
            assertThat(ProcessHandle.of(daemon)).as("the daemon lives on").hasValueSatisfying(p ->
                    assertThat(p.isAlive()).isTrue());
            assertThat(vigil.run("events", "--type", "ConfigApplied").out())
                    .contains("version 2 applied by local (SIGHUP): 0 to start, 1 to replace");

            edit(STACK.replace("a: {command:", "a: {comand:"));
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(daemon)).start().waitFor()).isZero();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("vigil: reload: nothing applied, 2 problems:"));
            assertThat(Files.readString(log)).contains("services.a.comand: unknown key; did you mean `command`?");
        } finally {
            LauncherCopy.Result down = vigil.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }
}

package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil top}, {@code vigil metrics} and {@code vigil findings} through the launcher, against a daemon started
 * with {@code vigil up -d}: what they print, their JSON and their exit codes, whether or not usage has been collected.
 */
class TopCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STACK = """
            name: observed
            services:
              web:
                command: ["sleep", "1000"]
              worker:
                command: ["sleep", "1000"]
                depends_on: [web]
            """;

    @TempDir
    static Path dir;

    private static LauncherCopy vigil;

    @BeforeAll
    static void up() throws Exception {
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Files.writeString(vigil.root().resolve("vigil.yaml"), STACK);
        LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
        assertThat(up.code()).as(up.err()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        LauncherCopy.Result down = vigil.run("down");
        assertThat(down.code()).as(down.err()).isZero();
    }

    @Test
    void topNoStreamPrintsTheHostLineAndARowPerService() throws Exception {
        LauncherCopy.Result r = vigil.run("top", "--no-stream");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("host: ");
        assertThat(lines[1]).matches("SERVICE +STATE +CPU % +MEM +MEM % +FDS +THREADS +RESTARTS +TREND");
        assertThat(lines[2]).matches("web +running .*");
        assertThat(lines[3]).matches("worker +running .*");
        assertThat(lines).hasSize(4);
    }

    @Test
    void topJsonIsOneSnapshotOfTheApi() throws Exception {
        LauncherCopy.Result r = vigil.run("top", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode usage = JSON.readTree(r.out());
        assertThat(usage.path("at").asText()).isNotEmpty();
        assertThat(usage.has("host")).isTrue();
        assertThat(usage.path("services")).extracting(s -> s.path("service").asText() + " " + s.path("state").asText())
                .containsExactly("web running", "worker running");
        assertThat(usage.path("services").get(0).has("rss_bytes")).isTrue();
    }

    @Test
    void metricsOfAServiceAsJsonSaysWhichResolutionItRead() throws Exception {
        LauncherCopy.Result r = vigil.run("metrics", "web", "--since", "5m", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode answer = JSON.readTree(r.out());
        assertThat(answer.path("resolution").asText()).isEqualTo("raw");
        assertThat(answer.path("step").asLong()).isEqualTo(5);
        assertThat(answer.path("agg")).extracting(JsonNode::asText)
                .containsExactly("min", "max", "sum", "count", "last");
        assertThat(answer.path("result").isArray()).isTrue();
        answer.path("result").forEach(e -> assertThat(e.path("metric").path("service").asText()).isEqualTo("web"));
    }

    @Test
    void metricsRefusesWhatItCannotAnswerWithExit2() throws Exception {
        LauncherCopy.Result ghost = vigil.run("metrics", "ghost");
        assertThat(ghost.code()).isEqualTo(2);
        assertThat(ghost.err()).isEqualTo("vigil: no service named 'ghost' in this stack\n");

        LauncherCopy.Result tooMany = vigil.run("metrics", "web", "--since", "2d", "--step", "1s");
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.out()).isEmpty();
        assertThat(tooMany.err()).startsWith("vigil: a step of 1s over this range gives ")
                .contains("more than the limit of 11000 points per series; use a step of at least 16s");

        LauncherCopy.Result both = vigil.run("metrics", "web", "--host");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("vigil: give a SERVICE or --host, not both\n");
    }

    @Test
    void findingsPrintsWhatIsOpenAndItsJson() throws Exception {
        LauncherCopy.Result table = vigil.run("findings");
        LauncherCopy.Result json = vigil.run("findings", "--json");

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).satisfiesAnyOf(
                out -> assertThat(out).isEqualTo("no open findings (those of the past: vigil events --type "
                        + "FindingOpened,FindingResolved)\n"),
                out -> assertThat(out).startsWith("SUBJECT  "));
        assertThat(json.code()).isZero();
        assertThat(JSON.readTree(json.out()).path("findings").isArray()).isTrue();
    }
}

package dev.vigil.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's own paths on a copy of the repository with no build output, in the order a user meets them: the
 * first run builds, the next does not, a changed source is rebuilt once however many launches start together, a
 * broken source shows the build's log. The steps share one copy because each build takes half a minute.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherBuildIT {

    private static final String BUILDING = "vigil: building (first run, or the sources changed) ...\n";
    private static final String COMMAND_SOURCE = "vigil-cli/src/main/java/dev/vigil/cli/VigilCommand.java";
    private static final String HEADLINE = "Keeps an application stack up";

    @TempDir
    static Path shared;

    private static LauncherCopy vigil;

    @BeforeAll
    static void copy() throws Exception {
        vigil = LauncherCopy.ofRepository(shared.resolve("repo"));
        assertThat(vigil.jar()).doesNotExist();
    }

    @Test
    @Order(1)
    void theFirstRunBuildsVigilThenRunsTheCommand() throws Exception {
        LauncherCopy.Result r = vigil.run(300, Map.of(), "version");

        assertThat(r.err()).isEqualTo(BUILDING);
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("vigil " + System.getProperty("vigil.version") + " (Java ");
        assertThat(vigil.jar()).isRegularFile();
        assertThat(vigil.root().resolve("vigil-cli/target/vigil.jsa")).as("class-data archive").isRegularFile();
    }

    @Test
    @Order(2)
    void theNextRunUsesThatBuild() throws Exception {
        FileTime built = Files.getLastModifiedTime(vigil.jar());

        LauncherCopy.Result r = vigil.run("version");

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.getLastModifiedTime(vigil.jar())).isEqualTo(built);
    }

    @Test
    @Order(3)
    void aChangedSourceIsRebuiltOnceWhileASecondLaunchWaitsForIt() throws Exception {
        Path source = vigil.root().resolve(COMMAND_SOURCE);
        String text = Files.readString(source);
        assertThat(text).contains(HEADLINE);
        Files.writeString(source, text.replace(HEADLINE, "Keeps a rebuilt stack up"));

        LauncherCopy.Started first = vigil.start(Map.of(), "--help");
        LauncherCopy.Started second = vigil.start(Map.of(), "--help");
        List<LauncherCopy.Result> both = List.of(first.await(300), second.await(300));

        for (LauncherCopy.Result r : both) {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).as("the new build's help").contains("Keeps a rebuilt stack up");
        }
        assertThat(both).extracting(LauncherCopy.Result::err).containsExactlyInAnyOrder(BUILDING, "");
    }

    @Test
    @Order(4)
    void aFailedBuildShowsItsLogAndExits1() throws Exception {
        Path broken = vigil.root().resolve("vigil-core/src/main/java/dev/vigil/Broken.java");
        Files.writeString(broken, "package dev.vigil;\nclass Broken { int x = ; }\n");

        LauncherCopy.Result r = vigil.run(300, Map.of(), "version");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(BUILDING)
                .contains("COMPILATION ERROR", "Broken.java:[2,24] illegal start of expression")
                .endsWith("vigil: build failed (log above, also in " + vigil.root().resolve(".build.log") + ")\n");
    }
}

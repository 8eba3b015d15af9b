package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's chromium through chromedriver), against a daemon started with the
 * launcher: {@code vigil open}'s link logs in, the overview lists the services, and a crash changes its row live,
 * without a reload. Screenshots go to {@code target/screenshots/}.
 */
class DashboardIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHROMIUM = System.getenv().getOrDefault("VIGIL_TEST_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("VIGIL_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver");

    @TempDir
    static Path dir;
    private static LauncherCopy vigil;
    private static WebDriver browser;

    @BeforeAll
    static void up() throws Exception {
        assertThat(Path.of(CHROMIUM)).as("chromium (Debian's chromium package; .ci/run installs it)").exists();
        assertThat(Path.of(CHROMEDRIVER)).as("chromedriver (Debian's chromium-driver package)").exists();
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Files.writeString(vigil.root().resolve("vigil.yaml"), """
                name: dashboard-it
                services:
                  web:
                    command: [sleep, "3600"]
                  worker:
                    command: [sleep, "3600"]
                    restart: {policy: always}
                """);
        LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "60s");
        assertThat(up.code()).as(up.err()).isZero();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .build(), options);
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (vigil != null) {
                LauncherCopy.Result down = vigil.run("down");
                assertThat(down.code()).as(down.err()).isZero();
            }
        }
    }

    private static void screenshot(String name) throws Exception {
        Path to = Path.of("target/screenshots/" + name + ".png");
        Files.createDirectories(to.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), to,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebElement row(String service) {
        return browser.findElement(By.cssSelector("tr[data-service='" + service + "']"));
    }

    @Test
    void theOneTimeLinkLogsInAndACrashChangesItsRowLive() throws Exception {
        LauncherCopy.Result open = vigil.run("open", "--no-browser");
        assertThat(open.code()).as(open.err()).isZero();
        browser.get(open.out().strip());

        await("the overview, live").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                "live".equals(browser.findElement(By.cssSelector("[data-connection]")).getAttribute("data-connection")));
        assertThat(browser.getTitle()).isEqualTo("Vigil · dashboard-it");
        List<String> services = browser.findElements(By.cssSelector("tbody tr th")).stream().map(WebElement::getText)
                .toList();
        assertThat(services).containsExactly("web", "worker");
        await().atMost(Duration.ofSeconds(20)).until(() -> row("worker").getText().contains("running"));
        screenshot("overview");

        String before = browser.getCurrentUrl();
        JsonNode status = JSON.readTree(vigil.run("status", "--json").out());
        long pid = java.util.stream.StreamSupport.stream(status.path("services").spliterator(), false)
                .filter(s -> s.path("name").asText().equals("worker")).findFirst().orElseThrow().path("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        // Within a second of the crash the row says so (restarted once), with no reload of the page.
        await("worker's row shows the restart").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> row("worker").findElements(By.tagName("td")).get(2).getText().equals("1"));
        assertThat(browser.getCurrentUrl()).isEqualTo(before);
        screenshot("overview-after-crash");
    }
}

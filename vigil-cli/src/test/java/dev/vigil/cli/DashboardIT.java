package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
                    command: [sh, -c, "echo '<script>window.pwned = 1</script> hello'; exec sleep 3600"]
                  worker:
                    command: [sleep, "3600"]
                    restart: {policy: always}
                status_page: {title: "Shop <status>", services: [web], open: true}
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

    /** Follows the overview's link to a service's page once the live table has it. */
    private static void openService(String name) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            browser.findElement(By.linkText(name)).click();
            return browser.getTitle().equals("Vigil · " + name);
        });
    }

    private static WebElement row(String service) {
        return browser.findElement(By.cssSelector("tr[data-service='" + service + "']"));
    }

    @Test
    @Order(1)
    void theOneTimeLinkLogsInAndACrashChangesItsRowLive() throws Exception {
        LauncherCopy.Result open = vigil.run("open", "--no-browser");
        assertThat(open.code()).as(open.err()).isZero();
        browser.get(open.out().strip());

        await("the overview, live").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                "live".equals(browser.findElement(By.cssSelector("[data-connection]")).getAttribute("data-connection")));
        assertThat(browser.getTitle()).isEqualTo("Vigil · dashboard-it");
        // The live table replaces its rows whenever an event comes: an element read a moment ago may be gone (stale).
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("tbody tr th")).stream()
                        .map(WebElement::getText).toList()).containsExactly("web", "worker"));
        await().atMost(Duration.ofSeconds(20)).ignoreException(StaleElementReferenceException.class)
                .until(() -> row("worker").getText().contains("running"));
        screenshot("overview");

        String before = browser.getCurrentUrl();
        JsonNode status = JSON.readTree(vigil.run("status", "--json").out());
        long pid = java.util.stream.StreamSupport.stream(status.path("services").spliterator(), false)
                .filter(s -> s.path("name").asText().equals("worker")).findFirst().orElseThrow().path("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        // Within a second of the crash the row says so (restarted once), with no reload of the page.
        await("worker's row shows the restart").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> row("worker").findElements(By.tagName("td")).get(2).getText().equals("1"));
        assertThat(browser.getCurrentUrl()).isEqualTo(before);
        screenshot("overview-after-crash");
    }

    @Test
    @Order(2)
    void aLogLineWithHtmlIsTextAndARestartWithAReasonIsAuditedAndAnEvent() throws Exception {
        browser.get(vigil.run("open", "--no-browser").out().strip());
        openService("web");
        await("the log tail").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> browser.findElement(By.cssSelector("[data-logs]")).getText().contains("hello"));
        assertThat(browser.findElement(By.cssSelector("[data-logs]")).getText())
                .contains("<script>window.pwned = 1</script> hello");
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.pwned"))
                .as("the log line was shown, not run").isNull();
        // Charts from the store: drawn again (1 hour) until the collector's samples are there.
        await("memory and CPU charts with data").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    browser.findElement(By.cssSelector("button[data-range='3600']")).click();
                    return Integer.parseInt(java.util.Objects.requireNonNullElse(browser.findElement(
                            By.cssSelector("[data-chart=memory]")).getAttribute("data-points"), "0")) > 0;
                });
        assertThat(browser.findElements(By.cssSelector("[data-chart=memory] canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-chart=cpu] canvas"))).isNotEmpty();
        screenshot("service");

        browser.findElement(By.id("reason")).sendKeys("from the dashboard");
        browser.findElement(By.cssSelector("button[value=restart]")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.cssSelector("[data-result]")).getText()
                .startsWith("restart requested"));
        assertThat(vigil.run("events", "--type", "ActionRequested", "--service", "web").out())
                .contains("from the dashboard");
        assertThat(vigil.run("audit", "list").out()).contains("service.restart").contains("from the dashboard");
    }

    @Test
    @Order(3)
    void insideAFreezeARestartIsRefusedWithTheWindowAndAnAdminOverridesIt() throws Exception {
        LauncherCopy.Result freeze = vigil.run("freeze", "add", "--name", "release", "--from", "2020-01-01 00:00",
                "--to", "2099-01-01 00:00", "--reason", "release week");
        assertThat(freeze.code()).as(freeze.err()).isZero();
        browser.get(vigil.run("open", "--no-browser").out().strip());
        openService("web");
        browser.findElement(By.id("reason")).sendKeys("try in a freeze");
        browser.findElement(By.cssSelector("button[value=restart]")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.cssSelector("[data-result]"))
                .getAttribute("data-status") != null);
        WebElement result = browser.findElement(By.cssSelector("[data-result]"));
        assertThat(result.getAttribute("data-status")).isEqualTo("423");
        assertThat(result.getText()).contains("refused", "release");
        screenshot("service-frozen");

        browser.findElement(By.name("override")).click();
        browser.findElement(By.cssSelector("button[value=restart]")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.cssSelector("[data-result]"))
                .getText().startsWith("restart requested"));
        assertThat(vigil.run("events", "--type", "OverrideUsed", "--service", "web").out()).contains("try in a freeze");
        assertThat(vigil.run("freeze", "end", "release").code()).isZero();
    }

    @Test
    @Order(4)
    void aViewerSeesNoActionsAndAForgedRequestIsRefusedAnyway() throws Exception {
        LauncherCopy.Result token = vigil.run("token", "create", "--role", "viewer", "--name", "watcher");
        assertThat(token.code()).as(token.err()).isZero();
        browser.manage().deleteAllCookies();
        browser.get(browser.getCurrentUrl().replaceAll("(https?://[^/]+).*", "$1") + "/login");
        browser.findElement(By.id("token")).sendKeys(token.out().strip());
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.getPageSource().contains("(viewer)"));
        openService("web");
        await().atMost(Duration.ofSeconds(5)).until(() -> !browser.findElements(By.cssSelector("[data-logs]")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("form[data-action]"))).isEmpty();

        Object status = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const csrf = document.querySelector('main[data-service]').dataset.csrf;
                fetch('/api/v1/services/web/restart', {method: 'POST', headers: {'Content-Type': 'application/json',
                  'X-Vigil-CSRF': csrf}, body: '{"reason":"forged"}'}).then(r => done(r.status));
                """);
        assertThat(((Number) status).intValue()).as("the API refuses a viewer, whatever the page shows").isEqualTo(403);
        screenshot("service-viewer");
    }

    @Test
    @Order(5)
    void theOpenStatusPageAndItsBadgesNeedNoSession() throws Exception {
        browser.manage().deleteAllCookies();
        String base = browser.getCurrentUrl().replaceAll("(https?://[^/]+).*", "$1");
        browser.get(base + "/status");
        assertThat(browser.getTitle()).isEqualTo("Shop <status>");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Shop <status>");
        List<String> rows = browser.findElements(By.cssSelector("tbody tr")).stream().map(WebElement::getText).toList();
        assertThat(rows).singleElement().asString().startsWith("web up ").containsPattern("\\d+\\.\\d\\d%");
        screenshot("status");

        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> uptime = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/badge/web/uptime?window=30d")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(uptime.statusCode()).isEqualTo(200);
        assertThat(uptime.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(uptime.body()).startsWith("<svg").contains("uptime 30d").containsPattern("\\d+\\.\\d\\d%");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/badge/web/state"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains(">up<");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/badge/worker/state"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("a service the page does not list").isEqualTo(404);
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                + "/badge/web/uptime?window=1y")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
    }
}

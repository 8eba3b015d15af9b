package dev.vigil.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's login over real HTTP: a pasted token or a one-time link becomes an HttpOnly, SameSite=Strict
 * session cookie; the overview needs it; the API takes it only with the session's CSRF token for changes; logout
 * and a revoked token end it; every page is under a strict Content-Security-Policy.
 */
class DashboardLoginTest {

    @TempDir
    Path dir;
    private TestDaemon d;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        d = TestDaemon.start(dir);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(d.uri(path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    private HttpResponse<String> form(String path, String cookie, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(d.uri(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    /** {@code vigil_session=...} from a Set-Cookie header. */
    private static String session(HttpResponse<String> r) {
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private static String csrf(String page) {
        int at = page.indexOf("name=\"csrf\" value=\"") + "name=\"csrf\" value=\"".length();
        return page.substring(at, page.indexOf('"', at));
    }

    @Test
    void aPastedTokenBecomesASessionCookieAndTheOverviewListsTheServices() throws Exception {
        HttpResponse<String> anonymous = get("/", null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");

        HttpResponse<String> loginPage = get("/login", null);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(loginPage.body()).contains("<form method=\"post\" action=\"/login\">").doesNotContain("<script>");

        HttpResponse<String> bad = form("/login", null, "token=nope");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("Unknown or revoked token.");
        assertThat(bad.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> in = form("/login", null, "token=" + d.operator);
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("vigil_session=")
                .contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
        String cookie = session(in);

        HttpResponse<String> overview = get("/", cookie);
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<h1>shop</h1>", "signed in as oncall (operator)",
                "<th scope=\"row\"><a href=\"/services/db\">db</a></th>", "<a href=\"/services/web\">web</a>");
        String css = overview.body().replaceAll("(?s).*href=\"(/assets/[^\"]+/vigil.css)\".*", "$1");
        HttpResponse<String> stylesheet = get(css, null);
        assertThat(stylesheet.statusCode()).isEqualTo(200);
        assertThat(stylesheet.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
    }

    @Test
    void theApiTakesTheSessionForReadsAndForChangesOnlyWithItsCsrfToken() throws Exception {
        String cookie = session(form("/login", null, "token=" + d.operator));
        String token = csrf(get("/", cookie).body());

        assertThat(get("/api/v1/services", cookie).statusCode()).isEqualTo(200);
        HttpRequest.Builder forged = HttpRequest.newBuilder(d.uri("/api/v1/services/web/restart"))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"forged\"}"));
        HttpResponse<String> refused = send(forged);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("CSRF");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(d.uri("/api/v1/services/web/restart"))
                .header("Cookie", cookie).header("X-Vigil-CSRF", token + "x").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"forged\"}")));
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> real = send(HttpRequest.newBuilder(d.uri("/api/v1/services/web/restart"))
                .header("Cookie", cookie).header("X-Vigil-CSRF", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"from the dashboard\"}")));
        assertThat(real.statusCode()).as(real.body()).isLessThan(300);
    }

    @Test
    void logoutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
        String cookie = session(form("/login", null, "token=" + d.viewer));
        String token = csrf(get("/", cookie).body());

        assertThat(form("/logout", cookie, "csrf=forged").statusCode()).isEqualTo(403);
        assertThat(get("/", cookie).statusCode()).isEqualTo(200);

        HttpResponse<String> out = form("/logout", cookie, "csrf=" + token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Expires=Thu, 01 Jan 1970");
        assertThat(get("/", cookie).statusCode()).isEqualTo(303);
        assertThat(get("/api/v1/services", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedTokensSessionEndsAtItsNextRequest() throws Exception {
        var issued = d.plane.tokens().create("temp", dev.vigil.auth.Role.VIEWER);
        String cookie = session(form("/login", null, "token=" + issued.secret()));
        assertThat(get("/", cookie).statusCode()).isEqualTo(200);

        d.plane.tokens().revoke("temp");
        assertThat(get("/", cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void aOneTimeLinkLogsInOnceAsTheTokenThatAskedForIt() throws Exception {
        TestDaemon.Response made = d.post("/api/v1/dashboard/links", d.admin, "");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        URI link = URI.create(made.json().path("url").asText());
        assertThat(link.getPath()).isEqualTo("/login");

        HttpResponse<String> first = get(link.getPath() + "?" + link.getQuery(), null);
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(get("/", session(first)).body()).contains("(admin)");

        HttpResponse<String> again = get(link.getPath() + "?" + link.getQuery(), null);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("used already or has expired");
    }

    @Test
    void failedLoginsAreRateLimitedAsTheApisAre() throws Exception {
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(form("/login", null, "token=guess" + i).statusCode());
        }
        assertThat(statuses).contains(401, 429);
    }

    @Test
    void aServiceThatDoesNotExistIsA404PageWithItsNameAsText() throws Exception {
        String cookie = session(form("/login", null, "token=" + d.viewer));
        HttpResponse<String> page = get("/services/%3Cscript%3Ex%3C%2Fscript%3E", cookie);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x");

        HttpResponse<String> web = get("/services/web", cookie);
        assertThat(web.statusCode()).isEqualTo(200);
        assertThat(web.body()).as("a viewer gets no actions").doesNotContain("data-action").contains("data-logs");
        String operator = session(form("/login", null, "token=" + d.operator));
        assertThat(get("/services/web", operator).body()).contains("<form data-action>")
                .doesNotContain("name=\"override\"");
        String admin = session(form("/login", null, "token=" + d.admin));
        assertThat(get("/services/web", admin).body()).contains("name=\"override\"");
    }

    @Test
    void textIsEscapedInPages() {
        assertThat(Html.text("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }
}

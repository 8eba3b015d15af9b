package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends, the answer is never a server error and never leaks internals: random and hostile
 * bodies to every POST endpoint, random query parameters to every GET endpoint.
 */
class MalformedRequestPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Path dir;
    private static AlertingFixture alerting;
    private static TestDaemon d;
    private static List<Route> posts;
    private static List<Route> gets;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("vigil-fuzz");
        // With alerting, so that its endpoints see the bodies too (the fixture's daemon has no rate limit to speak of).
        alerting = new AlertingFixture(dir);
        d = alerting.d;
        posts = d.server.routes().stream().filter(r -> r.method().equals("POST")).toList();
        gets = d.server.routes().stream().filter(r -> r.method().equals("GET")).toList();
    }

    @AfterContainer
    static void stop() throws IOException {
        alerting.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 400)
    void anyBodyToAnyPostEndpoint(@ForAll("postRoutes") Route route, @ForAll("pathValues") String name,
                                  @ForAll("bodies") byte[] body) throws Exception {
        String path = route.path().replace("{name}", name).replace("{idOrName}", name).replace("{number}", name)
                .replace("{fingerprint}", name).replace("{id}", name).replace("{silenceID}", name);
        HttpRequest request = d.request(path, d.admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = d.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertWellFormed(route, r.statusCode(), r.body());
    }

    @Property(tries = 400)
    void anyQueryToAnyGetEndpoint(@ForAll("getRoutes") Route route, @ForAll("queries") Map<String, String> query)
            throws Exception {
        String q = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String path = route.path().replace("{name}", "db").replace("{idOrName}", "root").replace("{number}", "1")
                .replace("{silenceID}", "abc")
                + (q.isEmpty() ? "" : "?" + q);
        HttpRequest request = d.request(path, d.admin).GET().build();
        HttpResponse<InputStream> r = d.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() == 200 && r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
                return; // a stream was opened as asked: nothing to check in its body
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (r.statusCode() == 200 && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                assertThat(body).doesNotContain("Exception");
                return; // openapi.yaml, metrics
            }
            assertWellFormed(route, r.statusCode(), body);
        }
    }

    private static void assertWellFormed(Route route, int status, String body) throws IOException {
        assertThat(status).as(route.key() + " -> " + body).isLessThan(500);
        assertThat(body).doesNotContain("Exception").doesNotContain("at dev.vigil").doesNotContain("at io.javalin");
        if (status == 204) {
            return;
        }
        if (route.dialect() == Route.Dialect.ALERTMANAGER) {
            // Alertmanager's answers: JSON (an array, an object, or nothing) and errors as a JSON string.
            JsonNode json = MAPPER.readTree(body.isEmpty() ? "null" : body);
            assertThat(status >= 400 ? json.isTextual() : json.isContainerNode() || body.isEmpty()).as(body).isTrue();
            return;
        }
        JsonNode json = MAPPER.readTree(body);
        assertThat(json.isObject()).as(body).isTrue();
        if (status >= 400 && route.dialect() == Route.Dialect.PROMETHEUS) {
            assertThat(json.path("status").asText()).as(body).isEqualTo("error");
            assertThat(json.path("errorType").isTextual()).as(body).isTrue();
            assertThat(json.path("error").isTextual()).as(body).isTrue();
        } else if (status >= 400) {
            assertThat(json.path("error").isTextual()).as(body).isTrue();
            assertThat(json.path("message").isTextual()).as(body).isTrue();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<Route> postRoutes() {
        return Arbitraries.of(posts);
    }

    @Provide
    Arbitrary<Route> getRoutes() {
        return Arbitraries.of(gets);
    }

    @Provide
    Arbitrary<String> pathValues() {
        return Arbitraries.oneOf(Arbitraries.of("db", "web", "ghost"),
                Arbitraries.strings().alpha().numeric().withChars('.', '-', '_').ofMinLength(1).ofMaxLength(80));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.oneOf(
                json(3).map(MalformedRequestPropertiesTest::utf8),
                knownFieldsWithAnyValues().map(MalformedRequestPropertiesTest::utf8),
                Arbitraries.integers().between(1, 5000).map(n -> utf8("[".repeat(n) + "]".repeat(n))),
                Arbitraries.integers().between(1, 3000).map(n -> utf8("{\"reason\":".repeat(n) + "1" + "}".repeat(n))),
                Arbitraries.integers().between(400, 200_000).map(n -> utf8("{\"reason\":\"" + "x".repeat(n) + "\"}")),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().all().ofMaxLength(200).map(MalformedRequestPropertiesTest::utf8),
                Arbitraries.of("", "null", "{}", "{", "}", "[]", "\"text\"", "42", "{\"reason\":null}",
                        "{\"reason\":\"ok\"}{}", "{\"reason\":\"a\",\"reason\":\"b\"}", "{\"name\":\"x\",\"role\":\"viewer\"}",
                        "{\"reason\":NaN}", "{'reason':'single'}", "\u0000").map(MalformedRequestPropertiesTest::utf8),
                Arbitraries.of(new byte[]{'{', '"', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                        new byte[]{(byte) 0xFF, (byte) 0xFE, '{', '}'},
                        new byte[]{'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xED, (byte) 0xA0,
                                (byte) 0x80, '"', '}'}));
    }

    private Arbitrary<String> knownFieldsWithAnyValues() {
        Arbitrary<String> field = Arbitraries.of("reason", "name", "role", "force", "");
        return Combinators.combine(field, json(2), field, json(1))
                .as((k1, v1, k2, v2) -> "{" + quote(k1) + ":" + v1 + (k1.equals(k2) ? "" : "," + quote(k2) + ":" + v2) + "}");
    }

    private Arbitrary<String> json(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(MalformedRequestPropertiesTest::quote),
                Arbitraries.longs().map(Object::toString),
                Arbitraries.doubles().map(Object::toString),
                Arbitraries.of("true", "false", "null", "\"viewer\"", "\"admin\"", "\"grafana\""));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = json(depth - 1).list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
        Arbitrary<String> object = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(10), json(depth - 1))
                .ofMaxSize(4)
                .map(m -> m.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
        return Arbitraries.oneOf(leaf, array, object);
    }

    @Provide
    Arbitrary<Map<String, String>> queries() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("since", "until", "service", "type", "limit", "before", "after", "tail", "match",
                        "series", "start", "end", "step", "agg", "query", "time", "timeout", "match[]"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.longs().map(Object::toString),
                Arbitraries.of("", "0", "-1", "1001", "10001", "99999999999999999999", "10m", "1h30m", "999999999d",
                        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00", "InstanceExited", "Nope", "1e9", " 5 ",
                        "up", "up{a=\"b\"}", "{a=~\"(\"}", "{}", "now", "-2h", "now-1d", "60s", "0.001", "-0",
                        "1e300", "9999999999999", "avg", "count", "0.0000001", "rate(up[5m])", "sum by (a) (up)",
                        "up[5m]", "1 +", "\"text\""));
        return Arbitraries.maps(names, values).ofMaxSize(4);
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

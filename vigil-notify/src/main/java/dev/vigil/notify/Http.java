package dev.vigil.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** JSON over HTTP for the senders, and how an answer maps to an {@link Outcome}. */
public final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Enough of an answer to see why it failed; the rest is usually an HTML error page. */
    static final int MAX_ANSWER = 500;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Supplier<Instant> now;
    private final Duration timeout;

    /** @param now the time a {@code Retry-After} date is measured from */
    public Http(HttpClient client, Supplier<Instant> now, Duration timeout) {
        this.client = client;
        this.now = now;
        this.timeout = timeout;
    }

    /** An answer: status, body, the {@code Retry-After} header if any. */
    record Answer(int status, String body, Optional<String> retryAfter) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    Answer post(URI url, JsonNode body, HttpConfig auth, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send(url, "POST", json(body), auth, headers);
    }

    Answer get(URI url, HttpConfig auth) throws IOException, InterruptedException {
        return send(url, "GET", null, auth, Map.of());
    }

    private Answer send(URI url, String method, String body, HttpConfig auth, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("User-Agent", "Vigil")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        auth.header().ifPresent(h -> request.header("Authorization", h));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    static String json(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }

    /** 2xx delivered; 408, 429 and 5xx worth another try (when the receiver says); any other answer refused. */
    Outcome outcome(Answer answer) {
        if (answer.ok()) {
            return new Outcome.Delivered();
        }
        String said = "HTTP " + answer.status() + shown(answer.body());
        if (answer.status() == 408 || answer.status() == 429 || answer.status() >= 500) {
            return new Outcome.Failed(said, answer.retryAfter().flatMap(this::retryAfter));
        }
        return new Outcome.Rejected(said);
    }

    static Outcome failed(IOException e) {
        return new Outcome.Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                Optional.empty());
    }

    private static String shown(String body) {
        String b = body == null ? "" : body.strip();
        if (b.isEmpty()) {
            return "";
        }
        return ": " + (b.length() > MAX_ANSWER ? b.substring(0, MAX_ANSWER) + "…" : b);
    }

    /** Seconds, or an HTTP date. */
    Optional<Duration> retryAfter(String header) {
        String h = header.strip();
        if (h.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
        }
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now.get(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Talks to a running Vigil's HTTP API with the local admin token from its state directory. */
final class ApiClient {

    /** One server-sent event. */
    record SseEvent(Optional<String> id, String event, String data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static ApiClient forDaemon(DaemonInfo info) {
        return new ApiClient(info.api(), readToken(info.stateDir()));
    }

    static String readToken(Path stateDir) {
        Path file = LocalToken.file(stateDir);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new DaemonUnavailable("no API token at " + file + " (it is written when Vigil first starts)");
        } catch (IOException e) {
            throw new DaemonUnavailable("cannot read the API token " + file + ": " + e.getMessage());
        }
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    /** Posts a text body (a stack file); {@code timeout} for requests that answer when their work is done. */
    JsonNode postText(String path, String contentType, String text, Duration timeout) {
        return send(request(path).timeout(timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(text)).build());
    }

    JsonNode post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    /**
     * Reads a server-sent event stream until it ends or the consumer throws; returns the id of the last event
     * received, so a caller can resume with {@code Last-Event-ID}.
     */
    Optional<String> stream(String path, Optional<String> lastEventId, Consumer<SseEvent> consumer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET();
        lastEventId.ifPresent(id -> builder.header("Last-Event-ID", id));
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lastEventId;
        }
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw unreachable(e);
            }
        }
        Optional<String> last = lastEventId;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = "message";
            StringBuilder data = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        data.setLength(data.length() - 1);
                        consumer.accept(new SseEvent(Optional.ofNullable(id), event, data.toString()));
                        if (id != null) {
                            last = Optional.of(id);
                        }
                    }
                    id = null;
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    data.append(field(line, 5)).append('\n');
                } else if (line.startsWith("id:")) {
                    id = field(line, 3);
                } else if (line.startsWith("event:")) {
                    event = field(line, 6);
                }
                // lines starting with ':' are keep-alive comments
            }
        } catch (IOException e) {
            // the daemon went away or the connection broke: the caller decides whether to resume
        }
        return last;
    }

    private static String field(String line, int from) {
        String value = line.substring(from);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonUnavailable("interrupted while waiting for " + base);
        }
        if (response.statusCode() >= 300) {
            throw failure(response.statusCode(), response.body());
        }
        if (response.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the daemon answered something that is not JSON: " + e.getMessage(), e);
        }
    }

    private DaemonUnavailable unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
        return new DaemonUnavailable("cannot reach the Vigil daemon at " + base + ": " + why);
    }

    private static ApiFailure failure(int status, String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return new ApiFailure(status, error.path("error").asText("http_" + status),
                    error.path("message").asText(body));
        } catch (IOException e) {
            return new ApiFailure(status, "http_" + status, body);
        }
    }

    /** The daemon refused a request; its message is meant for the user. */
    static final class ApiFailure extends RuntimeException {
        final int status;
        final String code;

        ApiFailure(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}

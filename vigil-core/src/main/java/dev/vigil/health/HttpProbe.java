package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * GETs a URL through the JDK client, blocking; healthy on an expected status (and body text, if asked). {@link
 * Probes} makes a {@link PlainHttpProbe} for plain {@code http://} URLs, judged the same way.
 */
public final class HttpProbe implements Probe {

    static final int MAX_BODY_CHARS = 64 * 1024;

    private final HttpProbeSpec spec;
    private final HttpClient client;

    /** @param client used for the GETs ({@code https://} URLs) */
    public HttpProbe(HttpProbeSpec spec, HttpClient client) {
        this.spec = spec;
        this.client = client;
    }

    /** A client suitable for probes: HTTP/1.1, no redirects, short connect timeout. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public ProbeResult check() {
        Duration timeout = spec.timing().timeout();
        HttpRequest request = BasicAuth.request(spec.url()).timeout(timeout).GET()
                .header("User-Agent", "vigil-probe").build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            return judge(spec, response.statusCode(), response.body(), ms);
        } catch (HttpTimeoutException e) {
            return failure(spec, new PlainHttpCheck.TimedOut());
        } catch (IOException e) {
            return failure(spec, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult.Unknown("interrupted");
        }
    }

    /** What a GET that did not get an answer comes to. */
    static ProbeResult failure(HttpProbeSpec spec, Exception e) {
        return switch (e) {
            case PlainHttpCheck.TimedOut t ->
                    new ProbeResult.Unhealthy("timed out after " + spec.timing().timeout().toMillis() + "ms");
            case ConnectException c -> new ProbeResult.Unhealthy("connection refused");
            default -> new ProbeResult.Unhealthy(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        };
    }

    /** What an answer comes to. */
    static ProbeResult judge(HttpProbeSpec spec, int status, String body, long ms) {
        if (!spec.expectStatus().contains(status)) {
            return new ProbeResult.Unhealthy(status + " in " + ms + "ms (expected " + spec.expectStatus() + ")");
        }
        if (spec.bodyContains().isPresent()) {
            String text = body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
            if (!text.contains(spec.bodyContains().get())) {
                return new ProbeResult.Unhealthy(status + " in " + ms + "ms but body lacks \""
                        + spec.bodyContains().get() + "\"");
            }
        }
        return new ProbeResult.Healthy(status + " in " + ms + "ms");
    }
}

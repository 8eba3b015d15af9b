package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** GETs a URL; healthy on an expected status (and body text, if asked). */
public final class HttpProbe implements Probe {

    private static final int MAX_BODY_CHARS = 64 * 1024;

    private final HttpProbeSpec spec;
    private final HttpClient client;
    private final PlainHttpCheck plain;

    /** @param client used for {@code https://} URLs; plain {@code http://} needs no client */
    public HttpProbe(HttpProbeSpec spec, HttpClient client) {
        this.spec = spec;
        this.client = client;
        this.plain = "http".equalsIgnoreCase(spec.url().getScheme()) ? new PlainHttpCheck(spec.url()) : null;
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
        return plain != null ? checkPlain() : checkWithClient();
    }

    private ProbeResult checkPlain() {
        Duration timeout = spec.timing().timeout();
        long start = System.nanoTime();
        try {
            PlainHttpCheck.Response response = plain.get(timeout.toNanos(),
                    spec.bodyContains().isPresent() ? MAX_BODY_CHARS : 0);
            return judge(response.status(), response.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (PlainHttpCheck.TimedOut e) {
            return new ProbeResult.Unhealthy("timed out after " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            return new ProbeResult.Unhealthy("connection refused");
        } catch (IOException | RuntimeException e) {
            return new ProbeResult.Unhealthy(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Closes the connection kept for the next run. */
    @Override
    public void close() {
        if (plain != null) {
            plain.close();
        }
    }

    private ProbeResult judge(int status, String body, long ms) {
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

    private ProbeResult checkWithClient() {
        Duration timeout = spec.timing().timeout();
        HttpRequest request = BasicAuth.request(spec.url()).timeout(timeout).GET()
                .header("User-Agent", "vigil-probe").build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            return judge(response.statusCode(), response.body(), ms);
        } catch (HttpTimeoutException e) {
            return new ProbeResult.Unhealthy("timed out after " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            return new ProbeResult.Unhealthy("connection refused");
        } catch (IOException e) {
            return new ProbeResult.Unhealthy(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult.Unknown("interrupted");
        }
    }
}

package dev.vigil.scrape;

import dev.vigil.collect.MetricNames;
import dev.vigil.health.BasicAuth;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.stack.Durations;
import dev.vigil.stack.Sizes;
import dev.vigil.time.Scheduler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One scrape of one target: GET its exposition within the target's timeout, read it whole, and label every sample
 * with the target's service. A target that is slow, answers an error, sends something that is not an exposition,
 * sends more than {@link #MAX_BODY_BYTES} or more series than its {@code max_series} gives a {@link
 * ScrapeResult.Failure} with a one-line reason and nothing else: no sample of a refused scrape is kept.
 *
 * <p>A {@code service} label the target exposes itself is kept as {@code exported_service}, as Prometheus does
 * with {@code honor_labels: false}. Extra request headers (a bearer token for Vigil's own {@code /metrics}) are sent
 * with every scrape and never shown; a user and password in the URL become a Basic Authorization header.
 */
public final class Scraper {

    /**
     * The most a scrape reads, after gzip: 32 MiB, several times what an exposition of {@code max_series}' largest
     * allowed value takes. The connection is closed at the first byte over it, so a target that sends without end
     * costs at most this much memory.
     */
    public static final int MAX_BODY_BYTES = 32 << 20;

    /** As Prometheus asks: OpenMetrics first, then the text format 0.0.4, then whatever the target has. */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static final String EXPORTED = "exported_";

    private final HttpClient http;
    private final ScrapeTarget target;
    private final Scheduler clock;
    private final int maxBodyBytes;
    private final HttpRequest request;
    private final ScrapeSeries own;

    /**
     * @param http shared by every target (its connect timeout applies)
     * @param clock the scrape's start time (every sample without a timestamp gets it) and its duration
     * @param headers sent with every request, e.g. {@code Authorization: Bearer …}; their values are never shown
     * @throws IllegalArgumentException for a header Java's HTTP client does not let a caller set ({@code Host},
     *                                  {@code Connection}, …)
     */
    public Scraper(HttpClient http, ScrapeTarget target, Scheduler clock, Map<String, String> headers) {
        this(http, target, clock, headers, MAX_BODY_BYTES);
    }

    Scraper(HttpClient http, ScrapeTarget target, Scheduler clock, Map<String, String> headers, int maxBodyBytes) {
        this.http = http;
        this.target = target;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.own = ScrapeSeries.of(target.service());
        HttpRequest.Builder builder = BasicAuth.request(target.url()).timeout(target.timeout()).GET()
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "Vigil")
                .header("X-Prometheus-Scrape-Timeout-Seconds",
                        BigDecimal.valueOf(target.timeout().toMillis(), 3).stripTrailingZeros().toPlainString());
        headers.forEach(builder::setHeader);
        this.request = builder.build();
    }

    public ScrapeTarget target() {
        return target;
    }

    /** Scrapes once, on the calling thread, which it blocks for at most the target's timeout. */
    public ScrapeResult scrape() {
        Instant at = clock.now();
        long start = clock.nanoTime();
        try {
            HttpResponse<byte[]> response = fetch();
            String body = decode(response);
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            return read(at, start, body, contentType);
        } catch (Refused e) {
            return new ScrapeResult.Failure(at, since(start), e.getMessage());
        }
    }

    private HttpResponse<byte[]> fetch() throws Refused {
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, CappedBody.handler(maxBodyBytes));
        try {
            // The request's own timeout ends at the response's headers; this one covers the body as well.
            HttpResponse<byte[]> response = call.get(target.timeout().toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() != 200) {
                throw new Refused("HTTP " + response.statusCode());
            }
            return response;
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new Refused(timedOut());
        } catch (ExecutionException e) {
            throw new Refused(describe(e.getCause()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new Refused("interrupted (Vigil is stopping)");
        }
    }

    private String decode(HttpResponse<byte[]> response) throws Refused {
        String encoding = response.headers().firstValue("Content-Encoding").orElse("identity").strip()
                .toLowerCase(Locale.ROOT);
        byte[] bytes = response.body();
        if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readNBytes(maxBodyBytes + 1);
            } catch (ZipException e) {
                throw new Refused("not valid gzip: " + e.getMessage());
            } catch (IOException e) {
                throw new Refused("gzip body cut short: " + e.getMessage());
            }
            if (bytes.length > maxBodyBytes) {
                throw new Refused(tooLarge());
            }
        } else if (!encoding.equals("identity") && !encoding.isEmpty()) {
            throw new Refused("unsupported Content-Encoding " + encoding + " (Vigil accepts gzip)");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private ScrapeResult read(Instant at, long start, String body, String contentType) throws Refused {
        Exposition.Result exposition;
        try {
            exposition = Exposition.parse(body, contentType, target.maxSeries());
        } catch (ExpositionException e) {
            if (e.overLimit()) {
                throw new Refused(sampleLines(body) + " samples over the limit of " + target.maxSeries()
                        + " series (max_series)");
            }
            throw new Refused("not a valid exposition" + unusual(contentType) + ": " + printable(e.getMessage()));
        }
        List<Reading> current = new ArrayList<>();
        TreeMap<Long, List<Reading>> timestamped = new TreeMap<>();
        Set<Labels> seen = new HashSet<>();
        for (ScrapedSample s : exposition.samples()) {
            Labels labels;
            try {
                labels = labels(s);
            } catch (IllegalArgumentException e) {
                throw new Refused("not a valid exposition: " + e.getMessage());
            }
            // A label with an empty value is no label: two samples the exposition told apart can be one series.
            if (own.reserves(labels) || !seen.add(labels)) {
                continue;
            }
            Reading reading = new Reading(labels, s.value());
            if (s.timestampMillis().isPresent()) {
                timestamped.computeIfAbsent(s.timestampMillis().getAsLong(), t -> new ArrayList<>()).add(reading);
            } else {
                current.add(reading);
            }
        }
        return new ScrapeResult.Success(at, since(start), current, timestamped, exposition.samples().size());
    }

    /** The sample's series in the store: its labels, its name, the target's service; the target's own kept aside. */
    private Labels labels(ScrapedSample s) {
        Map<String, String> map = new HashMap<>(s.labels());
        String exposed = map.remove(MetricNames.SERVICE);
        if (exposed != null && !exposed.isEmpty()) {
            String name = EXPORTED + MetricNames.SERVICE;
            while (map.containsKey(name)) {
                name = EXPORTED + name;
            }
            map.put(name, exposed);
        }
        map.put(MetricNames.SERVICE, target.service());
        map.put(Labels.METRIC_NAME, s.name());
        return Labels.of(map);
    }

    private String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return switch (t) {
            case CappedBody.TooLarge tooLarge -> tooLarge();
            case HttpConnectTimeoutException e -> "could not connect within "
                    + http.connectTimeout().map(Durations::format).orElse("the connect timeout");
            case HttpTimeoutException e -> timedOut();
            case ConnectException e -> e.getMessage() == null || e.getMessage().toLowerCase(Locale.ROOT)
                    .contains("refused") ? "connection refused" : "cannot connect: " + e.getMessage();
            case IOException e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            default -> t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        };
    }

    private String timedOut() {
        return "timed out after " + Durations.format(target.timeout());
    }

    private String tooLarge() {
        return "response larger than " + Sizes.format(maxBodyBytes) + " (cut off there)";
    }

    private static String unusual(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/plain") || Exposition.isOpenMetrics(type) ? ""
                : " (Content-Type " + contentType.split(";", 2)[0].strip() + ")";
    }

    /** What a target sent, fit for an event: control characters written as {@code \\u0000}. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Lines that are neither comments nor blank: the samples a refused exposition offered. */
    private static long sampleLines(String body) {
        return body.lines().filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#")).count();
    }

    private Duration since(long start) {
        return Duration.ofNanos(clock.nanoTime() - start);
    }

    /** A scrape that ends in a failure, and its reason. */
    private static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}

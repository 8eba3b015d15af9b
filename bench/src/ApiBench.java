import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load and latency probes for the benchmark scripts (run with `java bench/src/ApiBench.java MODE ...`).
 *
 *   rate URL TOKEN|- RATE SECONDS [xmlrpc]
 *       Open-loop: one request every 1/RATE s whatever the answers do; latency counts from the moment a request
 *       was due, so a stall shows up in the tail (no coordinated omission). "xmlrpc" POSTs supervisord's
 *       supervisor.getAllProcessInfo instead of a GET. Prints n, errors, p50, p90, p99, max in ms.
 *   sse BASE TOKEN CLIENTS SERVICE EVENTS
 *       Connects CLIENTS to BASE/api/v1/events/stream, then asks for EVENTS restarts of SERVICE (0.5 s apart) and
 *       measures, per client and event, the time from the event's own timestamp ("at") to its arrival.
 */
public class ApiBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "rate" -> rate(URI.create(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 && args[5].equals("xmlrpc"));
            case "sse" -> sse(args[1], args[2], Integer.parseInt(args[3]), args[4], Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("mode: rate | sse");
        }
    }

    static void rate(URI url, String token, int rate, int seconds, boolean xmlrpc) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
        if (!token.equals("-")) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = xmlrpc
                ? b.header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(
                        "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.getAllProcessInfo</methodName>"
                                + "<params></params></methodCall>")).build()
                : b.GET().build();
        // warm-up: connections, JIT on both sides
        for (int i = 0; i < rate; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        int total = rate * seconds;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 50_000_000;
        long periodNanos = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            ticker.schedule(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            latencies.add(System.nanoTime() - due);
                        }
                        done.countDown();
                    }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        done.await(seconds + 60L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        report("requests", new ArrayList<>(latencies), errors.get());
        System.exit(0);
    }

    static void sse(String base, String token, int clients, String service, int events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern at = Pattern.compile("\"at\":\"([^\"]+)\"");
        Pattern type = Pattern.compile("\"type\":\"([^\"]+)\"");
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(clients);
        AtomicInteger measuring = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            readers.add(Thread.ofVirtual().start(() -> {
                try {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/events/stream?service=" + service))
                            .header("Authorization", "Bearer " + token).build();
                    HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                    connected.countDown();
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            if (line.startsWith("data:") && measuring.get() == 1) {
                                Instant received = Instant.now();
                                long now = received.getEpochSecond() * 1_000_000 + received.getNano() / 1000;
                                Matcher m = at.matcher(line);
                                Matcher t = type.matcher(line);
                                if (m.find() && t.find() && t.group(1).equals("StateChanged")) {
                                    Instant sent = Instant.parse(m.group(1));
                                    long sentMicros = sent.getEpochSecond() * 1_000_000 + sent.getNano() / 1000;
                                    latencies.add((now - sentMicros) * 1000);
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("client: " + e);
                }
            }));
        }
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not all clients connected");
        }
        Thread.sleep(500);
        measuring.set(1);
        HttpRequest restart = HttpRequest.newBuilder(URI.create(base + "/api/v1/services/" + service + "/restart"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"bench\"}")).build();
        for (int i = 0; i < events; i++) {
            HttpResponse<String> r = http.send(restart, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                System.err.println("restart: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(500);
        }
        Thread.sleep(1000);
        report("deliveries (StateChanged events x clients)", new ArrayList<>(latencies), 0);
        System.exit(0);
    }

    static void report(String what, List<Long> nanos, int errors) {
        Collections.sort(nanos);
        int n = nanos.size();
        System.out.printf("%s: n=%d errors=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms%n", what, n, errors,
                pct(nanos, 50), pct(nanos, 90), pct(nanos, 99), n == 0 ? 0 : nanos.get(n - 1) / 1e6);
    }

    static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
    }
}

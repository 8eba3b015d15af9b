import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vigil quickstart: the five sample services in one file, so the JDK's source
 * launcher (Java 17 runs single files only) needs nothing else.
 *
 * <pre>java services/Sample.java MODE PORT [UPSTREAM_PORT]</pre>
 *
 * <ul>
 * <li>{@code web PORT}: a healthy web service.</li>
 * <li>{@code flaky PORT}: crashes (exit status 1) 15-30 s after start.</li>
 * <li>{@code hang PORT}: deadlocks 20-35 s after start while staying alive.</li>
 * <li>{@code leak PORT}: leaks 8 MB/s of resident heap (run it with -Xmx512m).</li>
 * <li>{@code api PORT UPSTREAM_PORT}: healthy only while the upstream is.</li>
 * <li>{@code inbox PORT}: a webhook receiver that logs each notification it is sent.</li>
 * </ul>
 *
 * Every mode binds to 127.0.0.1 only, answers GET /health and GET /, and logs
 * one line per notable event to stdout, prefixed with the mode name. Bad
 * arguments print a usage line to stderr and exit with status 2. Each mode is
 * one nested class below; the helpers they share come last.
 */
public class Sample {
    static final String LAUNCHER = "java services/Sample.java";
    static final String USAGE = LAUNCHER + " MODE PORT [UPSTREAM_PORT]\n"
            + "  web PORT                 a healthy web service\n"
            + "  flaky PORT               crashes (exit 1) at a random time; env FLAKY_MIN_SECONDS, FLAKY_MAX_SECONDS\n"
            + "  hang PORT                deadlocks while staying alive; env HANG_AFTER_SECONDS, HANG_BLOCK_SHUTDOWN=1\n"
            + "  leak PORT                leaks heap (run with java -Xmx512m); env LEAK_MB_PER_SECOND\n"
            + "  api PORT UPSTREAM_PORT   healthy only while 127.0.0.1:UPSTREAM_PORT/health answers 200\n"
            + "  inbox PORT               logs each webhook notification POSTed to /hook (the alerting example)";

    /** The log prefix and the usage line: the whole program's until a mode is chosen, then the mode's. */
    static volatile String name = "sample";
    static volatile String usage = USAGE;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("expected a mode (web, flaky, hang, leak, api or inbox) and its arguments");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "web" -> Web.run(rest);
            case "flaky" -> Flaky.run(rest);
            case "hang" -> Hang.run(rest);
            case "leak" -> Leak.run(rest);
            case "api" -> Api.run(rest);
            case "inbox" -> Inbox.run(rest);
            default -> usage("unknown mode: " + args[0]);
        }
    }

    /**
     * inbox: POST /hook takes an Alertmanager webhook notification (what Vigil's webhook receiver sends) and logs
     * one line for it: its status, each alert's name and service, and the dependents it names as affected.
     */
    static final class Inbox {
        static final AtomicLong healthChecks = new AtomicLong();
        static final java.util.regex.Pattern LABELS = java.util.regex.Pattern.compile("\"labels\":\\{([^}]*)}");
        static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("^\\{\"receiver\":\"[^\"]*\",\"status\":\"(\\w+)\"");
        static final java.util.regex.Pattern AFFECTED = java.util.regex.Pattern.compile("\"affectedServices\":\\[([^]]*)]");

        static void run(String[] args) throws Exception {
            mode("inbox", LAUNCHER + " inbox PORT", args, 1);
            HttpServer server = bind(parsePort(args[0]));
            serveHealth(server, healthChecks);
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                List<String> alerts = new ArrayList<>();
                java.util.regex.Matcher m = LABELS.matcher(body);
                while (m.find()) {
                    String service = label(m.group(1), "service");
                    alerts.add(label(m.group(1), "alertname") + (service.isEmpty() ? "" : "{service=" + service + "}"));
                }
                java.util.regex.Matcher status = STATUS.matcher(body);
                java.util.regex.Matcher affected = AFFECTED.matcher(body);
                log("notified: " + (status.find() ? status.group(1) : "?") + " " + String.join(", ", alerts)
                        + (affected.find() ? "; affected: " + affected.group(1).replace("\"", "") : ""));
                respond(exchange, 200, "ok\n");
            });
            server.start();
            log("listening on http://127.0.0.1:" + args[0] + "/hook (" + pidAndJava() + ")");
            new CountDownLatch(1).await();
        }

        /** A label's value in a JSON object's text; empty when it is not there. */
        static String label(String labels, String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(labels);
            return m.find() ? m.group(1) : "";
        }
    }

    /**
     * web: GET /health answers 200 "ok"; GET / answers 200 with a short text.
     * Logs every non-health request, the first health check, then one summary
     * line per minute instead of one line per health check.
     */
    static final class Web {
        static final AtomicLong healthChecks = new AtomicLong();
        static final AtomicLong requests = new AtomicLong();

        static void run(String[] args) throws Exception {
            mode("web", LAUNCHER + " web PORT", args, 1);
            int port = parsePort(args[0]);
            HttpServer server = bind(port);
            serveHealth(server, healthChecks);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!"/".equals(path)) {
                    log(exchange.getRequestMethod() + " " + path + " -> 404");
                    respond(exchange, 404, "not found\n");
                    return;
                }
                long n = requests.incrementAndGet();
                log(exchange.getRequestMethod() + " / -> 200 (request #" + n + ")");
                respond(exchange, 200, "Hello from the Vigil quickstart web service ("
                        + pidAndJava() + ").\n");
            });
            server.setExecutor(Executors.newFixedThreadPool(4, daemonThreads("http")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log("stopping on signal after " + healthChecks.get() + " health checks");
                server.stop(0);
            }, "shutdown"));
            log("listening on http://127.0.0.1:" + port + " (" + pidAndJava() + ")");
            server.start(); // the port is already bound (HttpServer.create)

            long last = 0;
            while (true) {
                Thread.sleep(60_000);
                long now = healthChecks.get();
                log("healthy: " + (now - last) + " health checks answered in the last minute");
                last = now;
            }
        }
    }

    /**
     * flaky: healthy until a random moment between FLAKY_MIN_SECONDS (default
     * 15) and FLAKY_MAX_SECONDS (default 30) after start, when it logs
     * "simulated crash" and exits with status 1. Each start draws a new moment.
     */
    static final class Flaky {
        static final AtomicLong healthChecks = new AtomicLong();

        static void run(String[] args) throws Exception {
            mode("flaky", LAUNCHER + " flaky PORT"
                    + "   (env FLAKY_MIN_SECONDS, FLAKY_MAX_SECONDS; defaults 15 and 30)", args, 1);
            int port = parsePort(args[0]);
            double min = envNumber("FLAKY_MIN_SECONDS", 15);
            double max = envNumber("FLAKY_MAX_SECONDS", Math.max(30, min));
            if (max < min) {
                usage("FLAKY_MAX_SECONDS (" + max + ") is less than FLAKY_MIN_SECONDS (" + min + ")");
            }
            double crashAfter = max == min ? min : ThreadLocalRandom.current().nextDouble(min, max);
            long startNanos = System.nanoTime();

            HttpServer server = bind(port);
            serveHealth(server, healthChecks);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!"/".equals(path)) {
                    respond(exchange, 404, "not found\n");
                    return;
                }
                double up = (System.nanoTime() - startNanos) / 1e9;
                log(exchange.getRequestMethod() + " / -> 200");
                respond(exchange, 200, String.format(
                        "Flaky service (%s), up %.1f s; it will crash %.1f s after start.%n",
                        pidAndJava(), up, crashAfter));
            });
            server.setExecutor(Executors.newFixedThreadPool(4, daemonThreads("http")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> log("stopping"), "shutdown"));
            log(String.format("listening on http://127.0.0.1:%d (%s); will crash %.1f s after start",
                    port, pidAndJava(), crashAfter));
            server.start(); // the port is already bound (HttpServer.create)

            long remainingMillis = (long) (crashAfter * 1000) - (System.nanoTime() - startNanos) / 1_000_000;
            if (remainingMillis > 0) {
                Thread.sleep(remainingMillis);
            }
            log(String.format("simulated crash after %.1f s (%d health checks answered), exiting with status 1",
                    (System.nanoTime() - startNanos) / 1e9, healthChecks.get()));
            System.exit(1);
        }
    }

    /**
     * hang: healthy until a random moment 20-35 s after start (or exactly
     * HANG_AFTER_SECONDS), when two worker threads take two locks in opposite
     * order: a real Java-level deadlock (jstack reports it). The request
     * handlers need one of those locks, so from then on /health and / never
     * answer while the process stays alive and keeps its port. Only a restart
     * cures it.
     *
     * With HANG_BLOCK_SHUTDOWN=1 the shutdown hook also waits for the
     * deadlocked lock, so once hung the process ignores SIGTERM and must be
     * killed (SIGKILL), which exercises a supervisor's stop grace period and
     * escalation.
     */
    static final class Hang {
        static final Object stateLock = new Object();   // guards the "application state"
        static final Object journalLock = new Object(); // taken in the opposite order by the other worker
        static final AtomicBoolean hung = new AtomicBoolean();
        static final AtomicLong healthChecks = new AtomicLong();
        static final AtomicLong stuckRequests = new AtomicLong();

        static void run(String[] args) throws Exception {
            mode("hang", LAUNCHER + " hang PORT"
                    + "   (env HANG_AFTER_SECONDS, default random 20-35; HANG_BLOCK_SHUTDOWN=1)", args, 1);
            int port = parsePort(args[0]);
            double hangAfter = System.getenv("HANG_AFTER_SECONDS") == null
                    || System.getenv("HANG_AFTER_SECONDS").isBlank()
                    ? ThreadLocalRandom.current().nextDouble(20, 35)
                    : envNumber("HANG_AFTER_SECONDS", 0);
            boolean blockShutdown = "1".equals(System.getenv("HANG_BLOCK_SHUTDOWN"))
                    || "true".equalsIgnoreCase(System.getenv("HANG_BLOCK_SHUTDOWN"));
            long startNanos = System.nanoTime();

            HttpServer server = bind(port);
            server.createContext("/health", exchange -> {
                if (hung.get()) {
                    long n = stuckRequests.incrementAndGet();
                    if (n == 1 || n % 10 == 0) {
                        log("health check #" + n + " since the deadlock is stuck waiting for the state lock");
                    }
                }
                synchronized (stateLock) { // blocks forever once the workers have deadlocked
                    if (healthChecks.incrementAndGet() == 1) {
                        log("first health check answered (200 ok)");
                    }
                }
                respond(exchange, 200, "ok\n");
            });
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!"/".equals(path)) {
                    respond(exchange, 404, "not found\n");
                    return;
                }
                synchronized (stateLock) {
                    log(exchange.getRequestMethod() + " / -> 200");
                }
                respond(exchange, 200, String.format(
                        "Hang service (%s); it will deadlock %.1f s after start.%n", pidAndJava(), hangAfter));
            });
            // A bounded pool: once hung, new requests queue up behind the stuck handlers.
            server.setExecutor(Executors.newFixedThreadPool(8, daemonThreads("http")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (hung.get() && blockShutdown) {
                    log("stopping: shutdown hook waits for the state lock (HANG_BLOCK_SHUTDOWN=1), "
                            + "so only SIGKILL ends this process");
                    synchronized (stateLock) {
                        log("unreachable");
                    }
                }
                log("stopping" + (hung.get() ? " (was deadlocked)" : ""));
            }, "shutdown"));
            log(String.format("listening on http://127.0.0.1:%d (%s); will deadlock %.1f s after start%s",
                    port, pidAndJava(), hangAfter, blockShutdown ? ", then ignore SIGTERM" : ""));
            server.start(); // the port is already bound (HttpServer.create)

            long remainingMillis = (long) (hangAfter * 1000) - (System.nanoTime() - startNanos) / 1_000_000;
            if (remainingMillis > 0) {
                Thread.sleep(remainingMillis);
            }
            deadlock();
            log(String.format("simulated deadlock after %.1f s (%d health checks answered): threads "
                    + "'state-writer' and 'journal-flusher' wait on each other; /health will never answer again",
                    (System.nanoTime() - startNanos) / 1e9, healthChecks.get()));
            while (true) {
                Thread.sleep(Long.MAX_VALUE); // the process stays alive
            }
        }

        /** Two threads take the two locks in opposite order; returns once both are stuck. */
        static void deadlock() throws InterruptedException {
            CountDownLatch bothHoldOne = new CountDownLatch(2);
            Thread a = new Thread(() -> {
                synchronized (stateLock) {
                    bothHoldOne.countDown();
                    awaitQuietly(bothHoldOne);
                    synchronized (journalLock) {
                        log("unreachable");
                    }
                }
            }, "state-writer");
            Thread b = new Thread(() -> {
                synchronized (journalLock) {
                    bothHoldOne.countDown();
                    awaitQuietly(bothHoldOne);
                    synchronized (stateLock) {
                        log("unreachable");
                    }
                }
            }, "journal-flusher");
            a.setDaemon(true);
            b.setDaemon(true);
            a.start();
            b.start();
            bothHoldOne.await();
            hung.set(true);
        }

        static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * leak: GET /health keeps answering 200 "ok" (health checks do not see a
     * leak). Every 500 ms it allocates LEAK_MB_PER_SECOND / 2 MB (default
     * 8 MB/s, i.e. 4 MB per tick), writes to every page of it so the memory is
     * resident (counts in RSS), and keeps a reference to it forever. Every 5 s
     * it logs what it retains, the heap usage and its RSS. Run it with
     * -Xmx512m (or more) so that a supervisor's memory limit (e.g. 200M RSS)
     * fires before the heap cap; if the heap does run out it logs the
     * OutOfMemoryError and exits with status 3.
     */
    static final class Leak {
        static final int TICK_MILLIS = 500;
        static final int PAGE = 4096;
        static final List<byte[]> retained = new ArrayList<>();
        static volatile long retainedBytes;

        static void run(String[] args) throws Exception {
            mode("leak", "java -Xmx512m services/Sample.java leak PORT   (env LEAK_MB_PER_SECOND, default 8)",
                    args, 1);
            int port = parsePort(args[0]);
            double mbPerSecond = envNumber("LEAK_MB_PER_SECOND", 8);
            int bytesPerTick = (int) Math.min(Integer.MAX_VALUE - 64, mbPerSecond * 1024 * 1024 * TICK_MILLIS / 1000);
            long startNanos = System.nanoTime();

            HttpServer server = bind(port);
            server.createContext("/health", exchange -> respond(exchange, 200, "ok\n"));
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!"/".equals(path)) {
                    respond(exchange, 404, "not found\n");
                    return;
                }
                log(exchange.getRequestMethod() + " / -> 200");
                respond(exchange, 200, "Leak service (" + pidAndJava() + "): " + memoryReport() + "\n");
            });
            server.setExecutor(Executors.newFixedThreadPool(4, daemonThreads("http")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> log("stopping: " + memoryReport()), "shutdown"));
            log(String.format("listening on http://127.0.0.1:%d (%s); leaking %.1f MB/s (%d KB every %d ms); %s",
                    port, pidAndJava(), mbPerSecond, bytesPerTick / 1024, TICK_MILLIS, memoryReport()));
            server.start(); // the port is already bound (HttpServer.create)

            long nextTick = System.nanoTime();
            long nextReport = System.nanoTime() + 5_000_000_000L;
            while (true) {
                nextTick += TICK_MILLIS * 1_000_000L;
                long sleepMillis = (nextTick - System.nanoTime()) / 1_000_000;
                if (sleepMillis > 0) {
                    Thread.sleep(sleepMillis);
                }
                if (bytesPerTick > 0) {
                    try {
                        byte[] chunk = new byte[bytesPerTick];
                        for (int i = 0; i < chunk.length; i += PAGE) {
                            chunk[i] = (byte) (i >>> 12 | 1); // dirty every page so it is resident
                        }
                        chunk[chunk.length - 1] = 1;
                        retained.add(chunk);
                        retainedBytes += chunk.length;
                    } catch (OutOfMemoryError e) {
                        retained.clear(); // free enough to log and exit cleanly
                        log("java.lang.OutOfMemoryError: " + e.getMessage() + " after leaking "
                                + mb(retainedBytes) + " MB; exiting with status 3");
                        System.exit(3);
                    }
                }
                if (System.nanoTime() - nextReport >= 0) {
                    nextReport += 5_000_000_000L;
                    log(String.format("up %.0f s: %s", (System.nanoTime() - startNanos) / 1e9, memoryReport()));
                }
            }
        }

        static String memoryReport() {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long rssKb = rssKb();
            return "retained " + mb(retainedBytes) + " MB, heap used " + mb(heap.getUsed())
                    + " MB / committed " + mb(heap.getCommitted()) + " MB / max " + mb(heap.getMax()) + " MB"
                    + (rssKb >= 0 ? ", RSS " + rssKb / 1024 + " MB" : "");
        }

        static long mb(long bytes) {
            return bytes / (1024 * 1024);
        }

        /** Resident set size from /proc (Linux); -1 elsewhere. */
        static long rssKb() {
            try (BufferedReader in = new BufferedReader(new FileReader("/proc/self/status"))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return -1;
        }
    }

    /**
     * api: GET /health answers 200 "ok" only while the upstream service on
     * 127.0.0.1:UPSTREAM_PORT answers its own /health with 200 (checked on
     * every request, 200 ms connect and read timeouts); otherwise 503 with the
     * reason. GET / relays the upstream's GET /. Logs only when the upstream
     * goes down or comes back.
     */
    static final class Api {
        static final int TIMEOUT_MILLIS = 200;
        static volatile Boolean upstreamWasUp; // null until the first check

        static void run(String[] args) throws Exception {
            mode("api", LAUNCHER + " api PORT UPSTREAM_PORT", args, 2);
            int port = parsePort(args[0]);
            int upstreamPort = parsePort(args[1]);
            String upstream = "http://127.0.0.1:" + upstreamPort;

            HttpServer server = bind(port);
            server.createContext("/health", exchange -> {
                String problem = null;
                try {
                    int status = get(upstream + "/health").status();
                    if (status != 200) {
                        problem = "upstream " + upstream + "/health answered " + status;
                    }
                } catch (IOException e) {
                    problem = "upstream " + upstream + " unreachable: " + e;
                }
                noteUpstream(problem);
                if (problem == null) {
                    respond(exchange, 200, "ok\n");
                } else {
                    respond(exchange, 503, problem + "\n");
                }
            });
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!"/".equals(path)) {
                    respond(exchange, 404, "not found\n");
                    return;
                }
                try {
                    Reply reply = get(upstream + "/");
                    log(exchange.getRequestMethod() + " / -> 200 (upstream answered " + reply.status() + ")");
                    respond(exchange, 200, "Api service (" + pidAndJava() + "); upstream said: " + reply.body());
                } catch (IOException e) {
                    log(exchange.getRequestMethod() + " / -> 502 (" + e + ")");
                    respond(exchange, 502, "upstream " + upstream + " unreachable: " + e + "\n");
                }
            });
            server.setExecutor(Executors.newFixedThreadPool(4, daemonThreads("http")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> log("stopping"), "shutdown"));
            log("listening on http://127.0.0.1:" + port + " (" + pidAndJava() + "); upstream " + upstream);
            server.start(); // the port is already bound (HttpServer.create)
            while (true) {
                Thread.sleep(Long.MAX_VALUE);
            }
        }

        static synchronized void noteUpstream(String problem) {
            boolean up = problem == null;
            if (upstreamWasUp == null || upstreamWasUp != up) {
                log(up ? "upstream is up: health checks answer 200" : problem + "; health checks answer 503");
                upstreamWasUp = up;
            }
        }

        record Reply(int status, String body) {
        }

        static Reply get(String url) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setUseCaches(false);
            try {
                int status = connection.getResponseCode();
                InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Reply(status, body);
            } finally {
                connection.disconnect();
            }
        }
    }

    // ---- helpers shared by every mode

    /** Makes {@code mode} the log prefix and {@code modeUsage} the usage line; checks the argument count. */
    static void mode(String mode, String modeUsage, String[] args, int expectedArgs) {
        name = mode;
        usage = modeUsage;
        if (args.length != expectedArgs) {
            usage("expected " + expectedArgs + (expectedArgs == 1 ? " argument" : " arguments")
                    + ", got " + args.length);
        }
    }

    static int parsePort(String arg) {
        try {
            int port = Integer.parseInt(arg);
            if (port < 1 || port > 65535) {
                usage("port out of range: " + arg);
            }
            return port;
        } catch (NumberFormatException e) {
            usage("port is not a number: " + arg);
            return -1;
        }
    }

    /** A non-negative number from the environment, or the default when unset/blank. */
    static double envNumber(String name, double defaultValue) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                usage(name + " must be a non-negative number, got: " + value);
            }
            return d;
        } catch (NumberFormatException e) {
            usage(name + " must be a number, got: " + value);
            return -1;
        }
    }

    /** Reports a bad argument or setting and exits with status 2. */
    static void usage(String problem) {
        System.err.println(name + ": " + problem);
        System.err.println("usage: " + usage);
        System.err.flush();
        System.exit(2);
    }

    static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            log("cannot listen on 127.0.0.1:" + port + ": " + e);
            System.exit(1);
            return null;
        }
    }

    static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** GET /health answers 200 "ok", counted; the first answer is logged. */
    static void serveHealth(HttpServer server, AtomicLong healthChecks) {
        server.createContext("/health", exchange -> {
            if (healthChecks.incrementAndGet() == 1) {
                log("first health check answered (200 ok)");
            }
            respond(exchange, 200, "ok\n");
        });
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String pidAndJava() {
        return "pid " + ProcessHandle.current().pid() + ", java " + Runtime.version().feature();
    }

    /** One line per notable thing, flushed at once so a supervisor sees it immediately. */
    static synchronized void log(String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + name + ": " + message);
        System.out.flush();
    }
}

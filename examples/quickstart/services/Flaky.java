import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vigil quickstart: a web service that crashes.
 *
 * <pre>java services/Flaky.java PORT</pre>
 *
 * Healthy (GET /health answers 200 "ok") until a random moment between
 * FLAKY_MIN_SECONDS (default 15) and FLAKY_MAX_SECONDS (default 30) after
 * start, when it logs "simulated crash" and exits with status 1. Each start
 * draws a new moment. Binds to 127.0.0.1 only.
 */
public class Flaky {
    static final String NAME = "flaky";
    static final String USAGE = "java services/Flaky.java PORT"
            + "   (env FLAKY_MIN_SECONDS, FLAKY_MAX_SECONDS; defaults 15 and 30)";
    static final AtomicLong healthChecks = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            usage("expected 1 argument, got " + args.length);
        }
        int port = parsePort(args[0]);
        double min = envNumber("FLAKY_MIN_SECONDS", 15);
        double max = envNumber("FLAKY_MAX_SECONDS", Math.max(30, min));
        if (max < min) {
            usage("FLAKY_MAX_SECONDS (" + max + ") is less than FLAKY_MIN_SECONDS (" + min + ")");
        }
        double crashAfter = max == min ? min : ThreadLocalRandom.current().nextDouble(min, max);
        long startNanos = System.nanoTime();

        HttpServer server = bind(port);
        server.createContext("/health", exchange -> {
            if (healthChecks.incrementAndGet() == 1) {
                log("first health check answered (200 ok)");
            }
            respond(exchange, 200, "ok\n");
        });
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

    // ---- helpers: each quickstart service is one self-contained file (the source
    // ---- launcher of Java 17 runs single files only), so this block is repeated.

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

    static void usage(String problem) {
        System.err.println(NAME + ": " + problem);
        System.err.println("usage: " + USAGE);
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
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + NAME + ": " + message);
        System.out.flush();
    }
}

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vigil quickstart: a healthy web service.
 *
 * <pre>java services/Web.java PORT</pre>
 *
 * GET /health answers 200 "ok"; GET / answers 200 with a short text. Binds to
 * 127.0.0.1 only. Logs every non-health request, the first health check, then
 * one summary line per minute instead of one line per health check.
 */
public class Web {
    static final String NAME = "web";
    static final String USAGE = "java services/Web.java PORT";
    static final AtomicLong healthChecks = new AtomicLong();
    static final AtomicLong requests = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            usage("expected 1 argument, got " + args.length);
        }
        int port = parsePort(args[0]);
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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Vigil quickstart: a service that depends on another one.
 *
 * <pre>java services/Api.java PORT UPSTREAM_PORT</pre>
 *
 * GET /health answers 200 "ok" only while the upstream service on
 * 127.0.0.1:UPSTREAM_PORT answers its own /health with 200 (checked on every
 * request, 200 ms connect and read timeouts); otherwise 503 with the reason.
 * GET / relays the upstream's GET /. Logs only when the upstream goes down or
 * comes back. Binds to 127.0.0.1 only.
 */
public class Api {
    static final String NAME = "api";
    static final String USAGE = "java services/Api.java PORT UPSTREAM_PORT";
    static final int TIMEOUT_MILLIS = 200;
    static volatile Boolean upstreamWasUp; // null until the first check

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            usage("expected 2 arguments, got " + args.length);
        }
        int port = parsePort(args[0]);
        int upstreamPort = parsePort(args[1]);
        String upstream = "http://127.0.0.1:" + upstreamPort;

        HttpServer server = bind(port);
        server.createContext("/health", exchange -> {
            String problem = null;
            try {
                int status = get(upstream + "/health").status;
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
                log(exchange.getRequestMethod() + " / -> 200 (upstream answered " + reply.status + ")");
                respond(exchange, 200, "Api service (" + pidAndJava() + "); upstream said: " + reply.body);
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

    static final class Reply {
        final int status;
        final String body;

        Reply(int status, String body) {
            this.status = status;
            this.body = body;
        }
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

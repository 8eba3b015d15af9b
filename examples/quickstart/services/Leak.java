import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Vigil quickstart: a web service that leaks memory.
 *
 * <pre>java -Xmx512m services/Leak.java PORT</pre>
 *
 * GET /health keeps answering 200 "ok" (health checks do not see a leak).
 * Every 500 ms it allocates LEAK_MB_PER_SECOND / 2 MB (default 8 MB/s, i.e.
 * 4 MB per tick), writes to every page of it so the memory is resident (counts
 * in RSS), and keeps a reference to it forever. Every 5 s it logs what it
 * retains, the heap usage and its RSS. Run it with -Xmx512m (or more) so that
 * a supervisor's memory limit (e.g. 200M RSS) fires before the heap cap; if
 * the heap does run out it logs the OutOfMemoryError and exits with status 3.
 */
public class Leak {
    static final String NAME = "leak";
    static final String USAGE = "java -Xmx512m services/Leak.java PORT   (env LEAK_MB_PER_SECOND, default 8)";
    static final int TICK_MILLIS = 500;
    static final int PAGE = 4096;
    static final List<byte[]> retained = new ArrayList<>();
    static volatile long retainedBytes;

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            usage("expected 1 argument, got " + args.length);
        }
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

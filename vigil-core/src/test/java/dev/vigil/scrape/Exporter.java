package dev.vigil.scrape;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on loopback that answers scrapes as a test tells it to: an exposition, a status, nothing (a
 * hang), or a body without end. It keeps the headers of every request.
 */
final class Exporter implements AutoCloseable {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    private final List<Headers> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    /** Bytes an endless body got onto the wire before the client hung up. */
    final AtomicLong endlessWritten = new AtomicLong();
    final CountDownLatch endlessEnded = new CountDownLatch(1);

    Exporter() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestHeaders());
                HttpHandler handler = routes.get(exchange.getRequestURI().getPath());
                if (handler == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    handler.handle(exchange);
                }
            }
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Headers> requests() {
        return List.copyOf(requests);
    }

    Exporter serve(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        routes.put(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        return this;
    }

    Exporter status(String path, int status) {
        routes.put(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            byte[] bytes = ("error " + status + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        });
        return this;
    }

    Exporter handle(String path, HttpHandler handler) {
        routes.put(path, handler);
        return this;
    }

    /** Answers nothing until the server closes. */
    Exporter hang(String path) {
        routes.put(path, exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return this;
    }

    /** A valid text exposition that goes on and on (up to 1 GiB), one series a line. */
    Exporter endless(String path) {
        routes.put(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", TEXT);
            exchange.sendResponseHeaders(200, 0);
            StringBuilder block = new StringBuilder();
            for (int i = 0; block.length() < 64 * 1024; i++) {
                block.append("endless_series_total{n=\"").append(i).append("\"} 1\n");
            }
            byte[] bytes = block.toString().getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                while (endlessWritten.get() < (1L << 30)) {
                    out.write(bytes);
                    endlessWritten.addAndGet(bytes.length);
                }
            } catch (IOException e) {
                // the scraper hung up: what it was meant to do
            } finally {
                endlessEnded.countDown();
            }
        });
        return this;
    }

    static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}

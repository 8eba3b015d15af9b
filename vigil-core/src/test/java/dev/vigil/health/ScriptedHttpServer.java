package dev.vigil.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server at the level of bytes, for what a keep-alive client must cope with: each request is
 * answered by a script that sees which connection it came on and its number there, and may write anything, pause,
 * or close the connection. Each write leaves at once (no Nagle delay). Records the connections it accepted and those
 * their client closed.
 */
final class ScriptedHttpServer implements AutoCloseable {

    /** What the server does with one request. */
    @FunctionalInterface
    interface Script {
        /** @return false to close the connection after this request */
        boolean answer(int connection, int request, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Integer> closedByClient = new CopyOnWriteArrayList<>();

    ScriptedHttpServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    /** Requests read so far, on all connections. */
    int requests() {
        return requests.get();
    }

    /** The connections (numbered from 1) whose client closed them. */
    List<Integer> closedByClient() {
        return List.copyOf(closedByClient);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int connection = accepted.incrementAndGet();
                threads.execute(() -> serve(socket, connection));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            socket.setTcpNoDelay(true); // each send() leaves at once, not after the client's delayed ACK
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int request = 1; ; request++) {
                if (!readRequest(in)) {
                    closedByClient.add(connection);
                    return;
                }
                requests.incrementAndGet();
                if (!script.answer(connection, request, out)) {
                    return;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away mid-answer: nothing to do
        }
    }

    /** Reads a request's head (a GET has no body); false when the client closed the connection instead. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            head.write(c);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return true;
            }
        }
    }

    /** Writes text as ISO-8859-1 and flushes it, so that separate calls leave as separate segments. */
    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A complete HTTP/1.1 answer with a length. */
    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}

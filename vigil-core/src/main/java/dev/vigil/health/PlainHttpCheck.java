package dev.vigil.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plain-HTTP GETs of one URL, each within an overall deadline, over a connection kept open between them. Probes of
 * plain {@code http://} URLs use this instead of {@link java.net.http.HttpClient}: a supervisor runs a hundred probes
 * a second, and the JDK client's per-request machinery cost about 1 ms of CPU each (10% of a core); opening and
 * closing a connection per probe was still about half of what a probe cost (docs/benchmarks.md).
 *
 * <p>A GET returns as soon as the check has what it needs (the status line; the start of the body when the probe
 * looks for a text in it). The rest of that answer is read at the start of the next GET, when it has long arrived:
 * so no run waits for bytes it does not need. A connection is used again when the answer allowed it (HTTP/1.1
 * without {@code Connection: close}, a body of known length read to its end), and for at most
 * {@link #MAX_CONNECTION_AGE}, so that a server that stops accepting connections is still seen. A kept connection
 * that the server closed while it was idle (its keep-alive timeout) fails before any byte of an answer: then the
 * GET is sent again on a new connection, as HTTP clients do for a GET, and that is the result. Kubelet gave up
 * keep-alive over exactly that stale-connection failure (kubernetes#15643); the retry is what it lacked.
 */
final class PlainHttpCheck {

    /** The outcome of a GET: its status and (when asked for) up to {@code maxBody} bytes of its body. */
    record Response(int status, String body) {
    }

    /** The deadline passed before the response was complete. */
    static final class TimedOut extends IOException {
        TimedOut() {
            super("timed out");
        }
    }

    /** A kept connection found closed by the server before it answered: no answer, ask again. */
    private static final class Stale extends IOException {
        Stale(String why) {
            super(why);
        }
    }

    /** How long one connection is used at most. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofSeconds(30);
    /** How much of a body is read past what the check needs, to keep the connection; a longer body closes it. */
    private static final int MAX_DRAIN = 64 * 1024;
    /** How long the next GET waits for the rest of the last answer before it takes a new connection instead. */
    private static final long LEFTOVER_WAIT_NANOS = Duration.ofMillis(10).toNanos();
    private static final int MAX_LINE = 8192;

    private final String host;
    private final int port;
    private final byte[] request;
    private final long maxAgeNanos;
    private final AtomicReference<Connection> idle = new AtomicReference<>();
    private volatile boolean closed;

    PlainHttpCheck(URI url) {
        this(url, MAX_CONNECTION_AGE);
    }

    /** @param maxAge how long one connection is used at most; zero opens one per GET */
    PlainHttpCheck(URI url, Duration maxAge) {
        this.host = url.getHost();
        this.port = url.getPort() == -1 ? 80 : url.getPort();
        this.maxAgeNanos = maxAge.toNanos();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String hostHeader = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        String authorization = BasicAuth.header(url).map(value -> "Authorization: " + value + "\r\n").orElse("");
        this.request = ("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: vigil-probe\r\nAccept: */*\r\n" + authorization + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * One GET; never called concurrently with itself.
     *
     * @param maxBody how much of the body to return; 0 returns none
     */
    Response get(long timeoutNanos, int maxBody) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        Connection kept = idle.getAndSet(null);
        if (kept != null) {
            if (System.nanoTime() - kept.openedNanos < maxAgeNanos && kept.finishLastAnswer()) {
                try {
                    return exchange(kept, deadline, maxBody);
                } catch (Stale e) {
                    // closed while idle: a new connection below
                }
            } else {
                kept.close();
            }
        }
        return exchange(open(deadline), deadline, maxBody);
    }

    /** Closes the kept connection, and any a GET running now would keep. */
    void close() {
        closed = true;
        Connection kept = idle.getAndSet(null);
        if (kept != null) {
            kept.close();
        }
    }

    private Connection open(long deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            return new Connection(socket);
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new TimedOut();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Response exchange(Connection c, long deadline, int maxBody) throws IOException {
        boolean keep = false;
        boolean reused = c.used;
        c.used = true;
        c.received = 0;
        try {
            Response response;
            try {
                c.socket.getOutputStream().write(request);
                response = read(c, deadline, maxBody);
            } catch (SocketTimeoutException e) {
                throw new TimedOut();
            } catch (TimedOut e) {
                throw e;
            } catch (IOException e) {
                if (reused && c.received == 0) {
                    throw new Stale(String.valueOf(e.getMessage()));
                }
                throw e;
            }
            keep = c.mayKeep;
            return response;
        } finally {
            if (keep) {
                keep(c);
            } else {
                c.close();
            }
        }
    }

    private void keep(Connection c) {
        idle.set(c);
        // close() may have run meanwhile and found nothing to close.
        if (closed) {
            Connection kept = idle.getAndSet(null);
            if (kept != null) {
                kept.close();
            }
        }
    }

    /** Reads what the check needs of an answer; what is left of it stays for {@link Connection#finishLastAnswer}. */
    private static Response read(Connection c, long deadline, int maxBody) throws IOException {
        String statusLine = c.readLine(deadline);
        int status = parseStatus(statusLine);
        boolean http10 = statusLine.startsWith("HTTP/1.0 ");
        if (maxBody == 0) {
            c.lastStatus = status;
            c.lastHttp10 = http10;
            c.rest = null;
            c.mayKeep = !http10 && status >= 200;
            return new Response(status, "");
        }
        Body body = new Body(c, status, http10, deadline);
        ByteArrayOutputStream text = new ByteArrayOutputStream(256);
        body.read(deadline, text, maxBody);
        c.rest = body;
        c.mayKeep = !body.closesConnection();
        return new Response(status, text.toString(StandardCharsets.UTF_8));
    }

    private static boolean isHeader(String line, String name) {
        return line.length() > name.length() && line.charAt(name.length()) == ':'
                && line.regionMatches(true, 0, name, 0, name.length());
    }

    private static String value(String header) {
        return header.substring(header.indexOf(':') + 1).trim();
    }

    private static boolean containsToken(String value, String token) {
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static int parseStatus(String statusLine) throws IOException {
        // "HTTP/1.1 200 OK"
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + abbreviate(statusLine));
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + abbreviate(statusLine));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static int remainingMillis(long deadline) throws TimedOut {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new TimedOut();
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** One open connection and what has been read from it but not yet used. */
    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final long openedNanos = System.nanoTime();
        final byte[] buffer = new byte[4096];
        int position;
        int limit;
        /** Bytes of the current answer read so far: none means the server never began to answer. */
        long received;
        /** A GET was sent on it before. */
        boolean used;
        /** Nothing read so far of the last answer says the server closes the connection after it. */
        boolean mayKeep;
        /** The last answer, read up to its headers ({@code rest} null) or into its body. */
        int lastStatus;
        boolean lastHttp10;
        Body rest;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        /**
         * Reads what is left of the last answer, which has had a whole probe interval to arrive; true when the
         * connection can carry another GET (the answer ended where its framing said, and the server keeps it).
         */
        boolean finishLastAnswer() {
            long until = System.nanoTime() + LEFTOVER_WAIT_NANOS;
            try {
                Body body = rest != null ? rest : new Body(this, lastStatus, lastHttp10, until);
                rest = null;
                body.read(until, null, MAX_DRAIN);
                return body.keepsConnection() && position == limit;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /** False at the end of the stream. */
        private boolean fill(long deadline) throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            received += n;
            return true;
        }

        String readLine(long deadline) throws IOException {
            StringBuilder line = null;
            while (true) {
                if (position == limit && !fill(deadline)) {
                    throw new IOException("connection closed before the response was complete");
                }
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int length = position - start + (line == null ? 0 : line.length());
                if (length > MAX_LINE) {
                    throw new IOException("response line longer than 8 KiB");
                }
                if (position < limit) {
                    position++; // the '\n'
                    int end = position - 1;
                    if (line == null) { // the whole line was in the buffer: the usual case
                        return new String(buffer, start, end > start && buffer[end - 1] == '\r' ? end - start - 1
                                : end - start, StandardCharsets.ISO_8859_1);
                    }
                    line.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
                    int last = line.length() - 1;
                    return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
                }
                if (line == null) {
                    line = new StringBuilder(128);
                }
                line.append(new String(buffer, start, position - start, StandardCharsets.ISO_8859_1));
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    /** The body of one answer, framed as its headers say; read in parts, each with its own deadline. */
    private static final class Body {
        private final Connection c;
        private final boolean chunked;
        private final boolean toClose;
        private final boolean closeAfter;
        /** Bytes left: of the body (by length) or of the current chunk (chunked); unused when it ends at the close. */
        private long left;
        private boolean chunkEnds;
        private boolean ended;

        /** Reads the headers. */
        Body(Connection c, int status, boolean http10, long deadline) throws IOException {
            this.c = c;
            long contentLength = -1;
            boolean isChunked = false;
            boolean close = http10;
            for (String header = c.readLine(deadline); !header.isEmpty(); header = c.readLine(deadline)) {
                if (isHeader(header, "content-length")) {
                    contentLength = Long.parseLong(value(header));
                } else if (isHeader(header, "transfer-encoding")) {
                    isChunked = containsToken(value(header), "chunked");
                } else if (isHeader(header, "connection")) {
                    String value = value(header);
                    close = containsToken(value, "close") || (http10 && !containsToken(value, "keep-alive"));
                }
            }
            // An interim (1xx) answer is not one to build on; 204 and 304 have no body.
            boolean none = status < 200 || status == 204 || status == 304;
            this.closeAfter = close || status < 200;
            this.chunked = !none && isChunked;
            this.toClose = !none && !isChunked && contentLength < 0;
            this.left = none || isChunked ? 0 : contentLength;
            this.ended = none || (!isChunked && contentLength == 0);
        }

        /** Reads up to {@code max} bytes of the body, into {@code sink} unless it is null; stops at its end. */
        void read(long deadline, ByteArrayOutputStream sink, long max) throws IOException {
            long budget = max;
            while (!ended && budget > 0) {
                if (chunked && left == 0 && !nextChunk(deadline)) {
                    return;
                }
                if (c.position == c.limit && !c.fill(deadline)) {
                    if (toClose) {
                        ended = true;
                        return;
                    }
                    if (chunked) {
                        throw new IOException("connection closed before the response was complete");
                    }
                    return; // shorter than its length said: what came is the body, the connection is not kept
                }
                int n = (int) Math.min(c.limit - c.position, toClose ? budget : Math.min(left, budget));
                if (sink != null) {
                    sink.write(c.buffer, c.position, n);
                }
                c.position += n;
                budget -= n;
                if (!toClose) {
                    left -= n;
                    ended = !chunked && left == 0;
                }
            }
        }

        /** Reads the next chunk's size line; false after the last chunk (and its trailer fields). */
        private boolean nextChunk(long deadline) throws IOException {
            if (chunkEnds) {
                c.readLine(deadline); // the CRLF after the chunk before
            }
            String sizeLine = c.readLine(deadline);
            int semicolon = sizeLine.indexOf(';');
            left = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            chunkEnds = true;
            if (left > 0) {
                return true;
            }
            while (!c.readLine(deadline).isEmpty()) {
                // trailer fields: nothing a probe needs
            }
            ended = true;
            return false;
        }

        /** Read to its end, and the server keeps the connection. */
        boolean keepsConnection() {
            return ended && !closesConnection();
        }

        /** The server closes the connection after this answer, or its end is the connection's. */
        boolean closesConnection() {
            return toClose || closeAfter;
        }
    }
}

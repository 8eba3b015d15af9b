package dev.vigil.health;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One plain-HTTP GET over a fresh connection, within an overall deadline. Probes of plain {@code http://}
 * URLs use this instead of {@link java.net.http.HttpClient}: a supervisor runs a hundred probes a second,
 * and the JDK client's per-request machinery cost about 1 ms of CPU each (10% of a core, see
 * docs/benchmarks.md). A probe needs only the status line and, sometimes, the start of the body.
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

    private final String host;
    private final int port;
    private final byte[] request;

    PlainHttpCheck(URI url) {
        this.host = url.getHost();
        this.port = url.getPort() == -1 ? 80 : url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String hostHeader = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        String authorization = BasicAuth.header(url).map(value -> "Authorization: " + value + "\r\n").orElse("");
        this.request = ("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: vigil-probe\r\nAccept: */*\r\n" + authorization + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @param maxBody how much of the body to read; 0 reads only the status line */
    Response get(long timeoutNanos, int maxBody) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            socket.getOutputStream().write(request);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 2048);
            String statusLine = readLine(in, socket, deadline);
            int status = parseStatus(statusLine);
            if (maxBody == 0) {
                return new Response(status, "");
            }
            long contentLength = -1;
            boolean chunked = false;
            for (String header = readLine(in, socket, deadline); !header.isEmpty(); header = readLine(in, socket, deadline)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                readChunked(in, socket, deadline, body, maxBody);
            } else {
                copy(in, socket, deadline, body, contentLength < 0 ? maxBody : Math.min(contentLength, maxBody));
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new TimedOut();
        }
    }

    private static void readChunked(InputStream in, Socket socket, long deadline, ByteArrayOutputStream body,
                                    int maxBody) throws IOException {
        while (body.size() < maxBody) {
            String sizeLine = readLine(in, socket, deadline);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                return;
            }
            copy(in, socket, deadline, body, Math.min(size, maxBody - body.size()));
            if (body.size() >= maxBody) {
                return;
            }
            readLine(in, socket, deadline); // the CRLF after the chunk
        }
    }

    private static void copy(InputStream in, Socket socket, long deadline, ByteArrayOutputStream body, long count)
            throws IOException {
        byte[] buffer = new byte[2048];
        long left = count;
        while (left > 0) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            body.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String readLine(InputStream in, Socket socket, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the response was complete");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 8192) {
                throw new IOException("response line longer than 8 KiB");
            }
            line.append((char) c);
        }
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
}

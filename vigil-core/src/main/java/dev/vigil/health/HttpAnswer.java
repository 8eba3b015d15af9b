package dev.vigil.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.x answer, read from a buffer as its bytes come: the status line, the headers, then the body as they
 * frame it (a length, chunks, or the end of the connection). Each call reads what the buffer holds and stops where
 * it needs more; the caller fills the buffer and calls again. Reading the status line and headers allocates nothing.
 */
final class HttpAnswer {

    /** The longest status, header or chunk line read. */
    static final int MAX_LINE = 8192;

    private enum Stage { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private Stage stage = Stage.STATUS;
    private int status;
    private boolean http10;
    // From the headers, as they come.
    private long contentLength;
    private boolean chunkedHeader;
    private boolean closeHeader;
    // How the body is framed, once the headers are read.
    private boolean chunked;
    private boolean toClose;
    private boolean closeAfter;
    /** Bytes left: of the body (by length) or of the current chunk. */
    private long left;
    private boolean cutShort;

    /** Starts over, for the next answer on the connection. */
    void reset() {
        stage = Stage.STATUS;
        status = 0;
        http10 = false;
        contentLength = -1;
        chunkedHeader = false;
        closeHeader = false;
        chunked = false;
        toClose = false;
        closeAfter = false;
        left = 0;
        cutShort = false;
    }

    int status() {
        return status;
    }

    boolean http10() {
        return http10;
    }

    boolean hasStatus() {
        return stage != Stage.STATUS;
    }

    /** Read to its end. */
    boolean ended() {
        return stage == Stage.DONE;
    }

    /** The connection ended inside a body framed by its length: what came is the body, the connection is done. */
    boolean cutShort() {
        return cutShort;
    }

    /** The server closes the connection after this answer, or its end is the connection's; once headers are read. */
    boolean closesConnection() {
        return toClose || closeAfter;
    }

    /** Read to its end, and the server keeps the connection. */
    boolean keepsConnection() {
        return ended() && !closesConnection();
    }

    /** Reads the status line; false when {@code in} does not hold all of it yet. */
    boolean readStatus(ByteBuffer in) throws IOException {
        if (stage != Stage.STATUS) {
            return true;
        }
        int end = lineEnd(in);
        if (end < 0) {
            return false;
        }
        int start = in.position();
        int contentEnd = contentEnd(in, start, end);
        // "HTTP/1.1 200 OK"
        int space = indexOf(in, start, contentEnd, (byte) ' ');
        if (space < 0 || !startsWith(in, start, contentEnd, "HTTP/")) {
            throw new IOException("not an HTTP response: " + abbreviate(in, start, contentEnd));
        }
        int codeEnd = indexOf(in, space + 1, contentEnd, (byte) ' ');
        codeEnd = codeEnd < 0 ? contentEnd : codeEnd;
        int code = digits(in, space + 1, codeEnd);
        if (code < 0) {
            throw new IOException("not an HTTP status: " + abbreviate(in, start, contentEnd));
        }
        status = code;
        http10 = startsWith(in, start, contentEnd, "HTTP/1.0 ");
        closeHeader = http10;
        in.position(end + 1);
        stage = Stage.HEADERS;
        return true;
    }

    /**
     * Reads the headers, then up to {@code budget} bytes of the body, into {@code sink} unless it is null; stops at
     * the body's end, or where {@code in} runs out.
     *
     * @return the budget left
     */
    long readBody(ByteBuffer in, ByteArrayOutputStream sink, long budget) throws IOException {
        if (!readStatus(in)) {
            return budget;
        }
        while (stage == Stage.HEADERS) {
            if (!readHeader(in)) {
                return budget;
            }
        }
        while (budget > 0 && stage != Stage.DONE) {
            switch (stage) {
                case BODY, CHUNK_DATA -> {
                    if (!in.hasRemaining()) {
                        return budget;
                    }
                    int n = (int) Math.min(in.remaining(), toClose ? budget : Math.min(left, budget));
                    if (sink != null) {
                        byte[] bytes = new byte[n];
                        in.get(bytes);
                        sink.write(bytes, 0, n);
                    } else {
                        in.position(in.position() + n);
                    }
                    budget -= n;
                    if (!toClose) {
                        left -= n;
                        if (left == 0) {
                            stage = chunked ? Stage.CHUNK_END : Stage.DONE;
                        }
                    }
                }
                case CHUNK_END -> { // the CRLF after a chunk
                    int end = lineEnd(in);
                    if (end < 0) {
                        return budget;
                    }
                    in.position(end + 1);
                    stage = Stage.CHUNK_SIZE;
                }
                case CHUNK_SIZE -> {
                    int end = lineEnd(in);
                    if (end < 0) {
                        return budget;
                    }
                    String sizeLine = ascii(in, in.position(), contentEnd(in, in.position(), end));
                    in.position(end + 1);
                    int semicolon = sizeLine.indexOf(';');
                    left = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                    stage = left > 0 ? Stage.CHUNK_DATA : Stage.TRAILERS;
                }
                case TRAILERS -> { // nothing a probe needs
                    int end = lineEnd(in);
                    if (end < 0) {
                        return budget;
                    }
                    boolean empty = contentEnd(in, in.position(), end) == in.position();
                    in.position(end + 1);
                    if (empty) {
                        stage = Stage.DONE;
                    }
                }
                case STATUS, HEADERS, DONE -> throw new IllegalStateException("not in the body: " + stage);
            }
        }
        return budget;
    }

    /** The connection ended here: ends a body that ends with it; throws where the answer is not complete. */
    void endOfStream() throws IOException {
        if (stage == Stage.DONE) {
            return;
        }
        if (stage == Stage.BODY && toClose) {
            stage = Stage.DONE;
        } else if (stage == Stage.BODY) {
            cutShort = true;
        } else {
            throw new IOException("connection closed before the response was complete");
        }
    }

    private boolean readHeader(ByteBuffer in) throws IOException {
        int end = lineEnd(in);
        if (end < 0) {
            return false;
        }
        int start = in.position();
        int contentEnd = contentEnd(in, start, end);
        in.position(end + 1);
        if (contentEnd == start) {
            bodyFraming();
            return true;
        }
        if (isHeader(in, start, contentEnd, "content-length")) {
            int from = valueStart(in, start + "content-length".length() + 1, contentEnd);
            int to = valueEnd(in, from, contentEnd);
            long length = to - from <= 18 ? digits(in, from, to) : -1;
            contentLength = length >= 0 ? length : Long.parseLong(ascii(in, from, to));
        } else if (isHeader(in, start, contentEnd, "transfer-encoding")) {
            chunkedHeader = containsToken(in, start + "transfer-encoding".length() + 1, contentEnd, "chunked");
        } else if (isHeader(in, start, contentEnd, "connection")) {
            int from = start + "connection".length() + 1;
            closeHeader = containsToken(in, from, contentEnd, "close")
                    || (http10 && !containsToken(in, from, contentEnd, "keep-alive"));
        }
        return true;
    }

    private void bodyFraming() {
        // An interim (1xx) answer is not one to build on; 204 and 304 have no body.
        boolean none = status < 200 || status == 204 || status == 304;
        closeAfter = closeHeader || status < 200;
        chunked = !none && chunkedHeader;
        toClose = !none && !chunkedHeader && contentLength < 0;
        left = none || chunkedHeader ? 0 : contentLength;
        if (none || (!chunkedHeader && contentLength == 0)) {
            stage = Stage.DONE;
        } else {
            stage = chunked ? Stage.CHUNK_SIZE : Stage.BODY;
        }
    }

    /** The index of the '\n' that ends the line at the buffer's position; -1 when it has not come yet. */
    private static int lineEnd(ByteBuffer in) throws IOException {
        int end = indexOf(in, in.position(), in.limit(), (byte) '\n');
        if (end < 0 ? in.remaining() > MAX_LINE : end - in.position() > MAX_LINE) {
            throw new IOException("response line longer than 8 KiB");
        }
        return end;
    }

    /** Where a line's content ends: before its '\r', if it has one. */
    private static int contentEnd(ByteBuffer in, int start, int newline) {
        return newline > start && in.get(newline - 1) == '\r' ? newline - 1 : newline;
    }

    private static int indexOf(ByteBuffer in, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(ByteBuffer in, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (in.get(from + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number that is all of [from, to), or -1 when it is none (or too long for an int). */
    private static int digits(ByteBuffer in, int from, int to) {
        if (from >= to || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = in.get(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static boolean isHeader(ByteBuffer in, int from, int to, String name) {
        return to - from > name.length() && in.get(from + name.length()) == ':' && equalsIgnoreCase(in, from,
                from + name.length(), name);
    }

    private static boolean equalsIgnoreCase(ByteBuffer in, int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            int c = in.get(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            int t = Character.toLowerCase(text.charAt(i));
            if (c != t) {
                return false;
            }
        }
        return true;
    }

    /** As String.trim(): past the leading bytes up to and including ' '. */
    private static int valueStart(ByteBuffer in, int from, int to) {
        while (from < to && (in.get(from) & 0xff) <= ' ') {
            from++;
        }
        return from;
    }

    private static int valueEnd(ByteBuffer in, int from, int to) {
        while (to > from && (in.get(to - 1) & 0xff) <= ' ') {
            to--;
        }
        return to;
    }

    /** Whether the comma-separated list in [from, to) holds {@code token}, ignoring case and spaces. */
    private static boolean containsToken(ByteBuffer in, int from, int to, String token) {
        int part = from;
        while (part <= to) {
            int comma = indexOf(in, part, to, (byte) ',');
            int partEnd = comma < 0 ? to : comma;
            int start = valueStart(in, part, partEnd);
            if (equalsIgnoreCase(in, start, valueEnd(in, start, partEnd), token)) {
                return true;
            }
            part = partEnd + 1;
        }
        return false;
    }

    private static String ascii(ByteBuffer in, int from, int to) {
        byte[] bytes = new byte[to - from];
        in.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(ByteBuffer in, int from, int to) {
        String s = ascii(in, from, to);
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}

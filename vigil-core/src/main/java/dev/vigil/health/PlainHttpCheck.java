package dev.vigil.health;

import dev.vigil.time.Scheduler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Plain-HTTP GETs of one URL, each within an overall deadline, over a connection kept open between them, run on a
 * {@link ProbeLoop} without blocking it. Probes of plain {@code http://} URLs use this instead of
 * {@link java.net.http.HttpClient}: a supervisor runs a hundred probes a second, and the JDK client's per-request
 * machinery cost about 1 ms of CPU each (10% of a core); opening and closing a connection per probe was still about
 * half of what a probe cost, and a thread per probe blocked in its reads most of the rest (docs/benchmarks.md).
 *
 * <p>A GET is answered as soon as the check has what it needs (the status line; the start of the body when the
 * probe looks for a text in it). The rest of that answer is read at the start of the next GET, when it has long
 * arrived: so no run waits for bytes it does not need. A connection is used again when the answer allowed it
 * (HTTP/1.1 without {@code Connection: close}, a body of known length read to its end), and for at most
 * {@link #MAX_CONNECTION_AGE}, so that a server that stops accepting connections is still seen. A kept connection
 * that the server closed while it was idle (its keep-alive timeout) fails before any byte of an answer: then the
 * GET is sent again on a new connection, as HTTP clients do for a GET, and that is the result. Kubelet gave up
 * keep-alive over exactly that stale-connection failure (kubernetes#15643); the retry is what it lacked.
 *
 * <p>All but {@link #close()} and {@link #get} run on the loop's thread; a GET is never started while one runs.
 */
final class PlainHttpCheck {

    /** What one GET comes to; told exactly once per {@link #start}, on the loop's thread. */
    interface Outcome {
        /** @param body up to the GET's {@code maxBody} bytes of the body; empty when none was asked for */
        void answered(int status, String body);

        /** {@link TimedOut}, a {@link java.net.ConnectException}, another I/O error or a malformed answer. */
        void failed(Exception e);
    }

    /** The outcome of a blocking {@link #get}. */
    record Response(int status, String body) {
    }

    /** The deadline passed before the response was complete. */
    static final class TimedOut extends IOException {
        TimedOut() {
            super("timed out");
        }
    }

    /** How long one connection is used at most. */
    static final Duration MAX_CONNECTION_AGE = Duration.ofSeconds(30);
    /** How much of a body is read past what the check needs, to keep the connection; a longer body closes it. */
    private static final int MAX_DRAIN = 64 * 1024;
    /** How long the next GET waits for the rest of the last answer before it takes a new connection instead. */
    private static final long LEFTOVER_WAIT_NANOS = Duration.ofMillis(10).toNanos();

    private enum Phase { CONNECTING, WRITING, READING, DRAINING, IDLE }

    private final String host;
    private final int port;
    private final byte[] request;
    private final long maxAgeNanos;
    private final boolean ipLiteral;
    private final Runnable onTimeout = this::timedOut;
    private final Runnable onLeftoverWait = this::leftoverWaitOver;
    private volatile boolean closed;
    /** The loop its GETs run on: the one of its first GET. */
    private volatile ProbeLoop loop;
    // Confined to the loop's thread.
    /** GETs started: a lookup that ends after its GET did is dropped. */
    private long runs;
    private Connection kept;
    private Connection current;
    private Outcome outcome;
    private int maxBody;
    private long bodyBudget;
    private ByteArrayOutputStream body;
    private Scheduler.Cancellable deadline;
    private Scheduler.Cancellable leftoverWait;
    /** The buffer of the last connection closed, for the next one: one buffer per check, not one per connection. */
    private ByteBuffer spare;

    PlainHttpCheck(URI url) {
        this(url, MAX_CONNECTION_AGE);
    }

    /** @param maxAge how long one connection is used at most; zero opens one per GET */
    PlainHttpCheck(URI url, Duration maxAge) {
        this.host = url.getHost();
        this.port = url.getPort() == -1 ? 80 : url.getPort();
        this.maxAgeNanos = maxAge.toNanos();
        this.ipLiteral = isIpLiteral(host);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String hostHeader = url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
        String authorization = BasicAuth.header(url).map(value -> "Authorization: " + value + "\r\n").orElse("");
        this.request = ("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nUser-Agent: vigil-probe\r\nAccept: */*\r\n" + authorization + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Starts one GET on {@code loop}'s thread; {@code outcome} is told how it went, on that thread.
     *
     * @param maxBody how much of the body to return; 0 returns none
     */
    void start(ProbeLoop loop, long timeoutNanos, int maxBody, Outcome outcome) {
        if (this.outcome != null) {
            throw new IllegalStateException("a GET of " + host + ":" + port + " is still running");
        }
        if (this.loop != loop) {
            dropKept(); // registered with the other loop's selector
            this.loop = loop;
        }
        if (closed) {
            outcome.failed(new IOException("the probe was closed"));
            return;
        }
        runs++;
        this.outcome = outcome;
        this.maxBody = maxBody;
        this.bodyBudget = maxBody;
        this.body = maxBody > 0 ? new ByteArrayOutputStream(256) : null;
        this.deadline = loop.scheduleExact(timeoutNanos, onTimeout);
        Connection c = kept;
        kept = null;
        if (c != null && System.nanoTime() - c.openedNanos < maxAgeNanos) {
            current = c;
            c.phase = Phase.DRAINING;
            finishLastAnswer(c);
        } else {
            if (c != null) {
                c.close();
            }
            open();
        }
    }

    /** One GET on {@code loop}, the calling thread waiting for it: for callers that may block. */
    Response get(ProbeLoop loop, long timeoutNanos, int maxBody) throws IOException {
        CompletableFuture<Response> done = new CompletableFuture<>();
        Outcome waiting = new Outcome() {
            @Override
            public void answered(int status, String text) {
                done.complete(new Response(status, text));
            }

            @Override
            public void failed(Exception e) {
                done.completeExceptionally(e);
            }
        };
        loop.execute(() -> start(loop, timeoutNanos, maxBody, waiting));
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Closes the kept connection, and the one of a GET running now, whose outcome is then a failure; any thread. */
    void close() {
        closed = true;
        ProbeLoop on = loop;
        if (on == null) {
            return;
        }
        if (on.inLoop()) {
            closeNow();
        } else {
            on.execute(this::closeNow);
        }
    }

    private void closeNow() {
        dropKept();
        if (outcome != null) {
            fail(new IOException("the probe was closed"));
        }
    }

    private void dropKept() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }

    /** Opens a new connection for the GET running now: at once for an IP address, after a lookup for a name. */
    private void open() {
        current = null;
        if (ipLiteral) {
            connect(new InetSocketAddress(host, port));
            return;
        }
        // A lookup may block (a slow DNS server): on a thread of its own, not the loop's, which every probe needs.
        long run = runs;
        ProbeLoop on = loop;
        Thread.ofVirtual().name("vigil-probe-lookup").start(() -> {
            InetSocketAddress address = new InetSocketAddress(host, port);
            on.execute(() -> {
                if (run == runs && outcome != null && current == null) {
                    connect(address);
                }
            });
        });
    }

    private void connect(InetSocketAddress address) {
        SocketChannel channel = null;
        try {
            if (address.isUnresolved()) {
                throw new UnknownHostException(host);
            }
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(channel, request.length);
            current = c;
            if (channel.connect(address)) {
                send(c);
            } else {
                c.phase = Phase.CONNECTING;
                c.interest(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            if (channel != null && current == null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            fail(e);
        }
    }

    /** An IPv4 or bracketed IPv6 address, which needs no lookup. */
    private static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    /** On the loop's thread: a channel of this check is ready. */
    private void ready(Connection c) {
        if (c.phase == Phase.IDLE) {
            readWhileIdle(c);
            return;
        }
        if (c != current) {
            return; // given up on meanwhile
        }
        try {
            switch (c.phase) {
                case CONNECTING -> {
                    if (c.channel.finishConnect()) {
                        send(c);
                    }
                }
                case WRITING -> write(c);
                case READING -> read(c);
                case DRAINING -> finishLastAnswer(c);
                case IDLE -> throw new IllegalStateException("an idle connection is read by readWhileIdle");
            }
        } catch (IOException | RuntimeException e) {
            if (c.phase == Phase.READING || c.phase == Phase.WRITING) {
                failedExchange(c, e);
            } else {
                fail(e);
            }
        }
    }

    /**
     * Reads what is left of the last answer on a kept connection, which has had a whole probe interval to arrive,
     * waiting for it a little at most; then the GET goes on that connection, if the answer ended where its framing
     * said and the server keeps it, or on a new one.
     */
    private void finishLastAnswer(Connection c) {
        boolean reusable;
        try {
            while (true) {
                c.drainBudget = c.answer.readBody(c.buffer, null, c.drainBudget);
                if (c.answer.ended() || c.drainBudget == 0) {
                    reusable = c.answer.keepsConnection() && !c.buffer.hasRemaining();
                    break;
                }
                int n = c.fill();
                if (n < 0) {
                    reusable = false;
                    break;
                }
                if (n == 0) {
                    if (leftoverWait == null) {
                        leftoverWait = loop.scheduleExact(LEFTOVER_WAIT_NANOS, onLeftoverWait);
                        c.interest(SelectionKey.OP_READ);
                    }
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            reusable = false;
        }
        cancelLeftoverWait();
        if (reusable) {
            try {
                send(c);
            } catch (IOException | RuntimeException e) {
                failedExchange(c, e);
            }
        } else {
            c.close();
            open();
        }
    }

    /**
     * A kept connection stays registered for reading: the rest of the last answer is read as it comes, and one the
     * server closed is let go of at once. Cheaper than asking the selector to stop watching it after every answer and
     * to watch it again at the next GET (two system calls per run).
     */
    private void readWhileIdle(Connection c) {
        if (c != kept) {
            c.close();
            return;
        }
        boolean keep;
        try {
            int n = c.fill();
            c.drainBudget = c.answer.readBody(c.buffer, null, c.drainBudget);
            keep = n >= 0 && (c.answer.ended() ? c.answer.keepsConnection() && !c.buffer.hasRemaining()
                    : c.drainBudget > 0);
        } catch (IOException | RuntimeException e) {
            keep = false;
        }
        if (!keep) {
            kept = null;
            c.close();
        }
    }

    private void leftoverWaitOver() {
        leftoverWait = null;
        Connection c = current;
        if (outcome != null && c != null && c.phase == Phase.DRAINING) {
            c.close();
            open();
        }
    }

    private void cancelLeftoverWait() {
        if (leftoverWait != null) {
            leftoverWait.cancel();
            leftoverWait = null;
        }
    }

    private void send(Connection c) throws IOException {
        c.reused = c.used;
        c.used = true;
        c.received = 0;
        c.answer.reset();
        c.buffer.clear();
        c.buffer.put(request).flip();
        c.phase = Phase.WRITING;
        write(c);
    }

    private void write(Connection c) throws IOException {
        c.channel.write(c.buffer);
        if (c.buffer.hasRemaining()) {
            c.interest(SelectionKey.OP_WRITE);
            return;
        }
        c.buffer.clear().limit(0);
        c.phase = Phase.READING;
        c.interest(SelectionKey.OP_READ);
    }

    private void read(Connection c) throws IOException {
        int n = c.fill();
        if (n == 0) {
            return;
        }
        if (n < 0) {
            if (c.reused && c.received == 0) {
                stale(c);
                return;
            }
            c.answer.endOfStream(); // throws unless what came is the answer
            answer(c, false);
            return;
        }
        c.received += n;
        if (!c.answer.readStatus(c.buffer)) {
            return;
        }
        if (maxBody == 0) {
            answer(c, !c.answer.http10() && c.answer.status() >= 200);
            return;
        }
        bodyBudget = c.answer.readBody(c.buffer, body, bodyBudget);
        if (c.answer.ended() || bodyBudget == 0) {
            answer(c, !c.answer.closesConnection());
        }
    }

    /** An exchange on {@code c} failed: on a kept connection before any byte of an answer, it is asked again. */
    private void failedExchange(Connection c, Exception e) {
        if (c.reused && c.received == 0 && e instanceof IOException) {
            stale(c);
        } else {
            fail(e);
        }
    }

    /** A kept connection found closed by the server before it answered: no answer, ask again on a new one. */
    private void stale(Connection c) {
        c.close();
        current = null;
        open();
    }

    private void answer(Connection c, boolean mayKeep) {
        Outcome told = outcome;
        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        int status = c.answer.status();
        endRun();
        current = null;
        if (mayKeep && !closed && !c.answer.cutShort()) {
            c.phase = Phase.IDLE;
            c.drainBudget = MAX_DRAIN;
            kept = c;
        } else {
            c.close();
        }
        told.answered(status, text);
    }

    private void timedOut() {
        if (outcome != null) {
            fail(new TimedOut());
        }
    }

    private void fail(Exception e) {
        Outcome told = outcome;
        if (current != null) {
            current.close();
            current = null;
        }
        endRun();
        if (told != null) {
            told.failed(e);
        }
    }

    private void endRun() {
        outcome = null;
        body = null;
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        cancelLeftoverWait();
    }

    /** One open connection, its buffer, and what has been read of its current answer. */
    private final class Connection implements ProbeLoop.Handler {
        final SocketChannel channel;
        /** Requests go out of it, answers come into it; between reads it holds what is not yet used. */
        final ByteBuffer buffer;
        final long openedNanos = System.nanoTime();
        final HttpAnswer answer = new HttpAnswer();
        SelectionKey key;
        Phase phase = Phase.IDLE;
        /** A GET was sent on it before this one. */
        boolean used;
        boolean reused;
        /** Bytes of the current answer read so far: none means the server never began to answer. */
        long received;
        /** How much more of the last answer's body is read to keep the connection. */
        long drainBudget;

        Connection(SocketChannel channel, int requestBytes) {
            this.channel = channel;
            this.buffer = spare != null ? spare : ByteBuffer.allocateDirect(Math.max(HttpAnswer.MAX_LINE + 1,
                    requestBytes));
            spare = null;
            buffer.clear().limit(0);
        }

        @Override
        public void ready(SelectionKey k) {
            PlainHttpCheck.this.ready(this);
        }

        void interest(int ops) throws IOException {
            if (key == null) {
                if (ops != 0) {
                    key = loop.register(channel, ops, this);
                }
            } else if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        /** Reads into the buffer after what it holds; the bytes read, -1 at the end of the stream. */
        int fill() throws IOException {
            buffer.compact();
            try {
                return channel.read(buffer);
            } finally {
                buffer.flip();
            }
        }

        /** Closes the channel; its buffer goes to the next connection. */
        void close() {
            if (!channel.isOpen()) {
                return;
            }
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
            if (loop.inLoop()) {
                spare = buffer;
            }
        }
    }
}

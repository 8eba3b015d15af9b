package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A service's output: the last lines, and a stream that follows the file. */
final class LogEndpoints {

    static final int DEFAULT_TAIL = 100;
    static final int MAX_TAIL = 10_000;
    static final Duration POLL = Duration.ofMillis(200);

    private final ControlPlane plane;
    private final ServiceEndpoints services;
    private final Streams streams;

    LogEndpoints(ControlPlane plane, ServiceEndpoints services, Streams streams) {
        this.plane = plane;
        this.services = services;
        this.streams = streams;
    }

    Reply tail(Call call) throws IOException {
        String name = call.path("name");
        Path file = logFile(name);
        int n = call.intQuery("tail", DEFAULT_TAIL, 0, MAX_TAIL);
        LogTail tail = LogTail.read(file, n);
        List<String> lines = new ArrayList<>(tail.lines());
        if (!tail.partial().isEmpty()) {
            lines.add(tail.partial());
        }
        ObjectNode node = Json.object();
        node.put("service", name);
        node.put("file", file.toString());
        ArrayNode array = node.putArray("lines");
        lines.subList(Math.max(0, lines.size() - n), lines.size()).forEach(array::add);
        return Reply.ok(node);
    }

    /** Sends the last lines, then what is appended, polling the file; runs until the client or server leaves. */
    Reply stream(Call call) throws IOException {
        String name = call.path("name");
        Path file = logFile(name);
        int n = call.intQuery("tail", DEFAULT_TAIL, 0, MAX_TAIL);
        Mailbox<Void> closing = new Mailbox<>(0);
        Runnable closer = closing::close;
        streams.add(closer);
        try {
            SseOutput sse = SseOutput.open(call.ctx);
            LogTail tail = LogTail.read(file, n);
            for (String line : tail.lines()) {
                sse.event(null, "log", line);
            }
            sse.flush();
            LogFilePoller poller = new LogFilePoller(file, tail.end());
            long quietSince = System.nanoTime();
            while (!closing.awaitClosed(POLL)) {
                List<String> lines = poller.poll();
                for (String line : lines) {
                    sse.event(null, "log", line);
                }
                if (!lines.isEmpty()) {
                    sse.flush();
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince >= EventEndpoints.KEEP_ALIVE.toNanos()) {
                    sse.comment("keep-alive");
                    sse.flush();
                    quietSince = System.nanoTime();
                }
            }
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(closer);
        }
        return Reply.written();
    }

    private Path logFile(String name) {
        services.supervisor(name);
        return plane.runtime().logFile(name).orElseThrow(() -> ApiError.notFound(
                "service '" + name + "' has no log file: the " + plane.runtime().name() + " runtime does not write one"));
    }
}

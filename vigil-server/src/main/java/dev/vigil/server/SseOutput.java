package dev.vigil.server;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes Server-Sent Events frames to a response; the caller flushes once per batch. */
final class SseOutput {

    private final OutputStream out;

    private SseOutput(OutputStream out) {
        this.out = out;
    }

    /** Commits the response as an event stream and tells the client it is connected. */
    static SseOutput open(Context ctx) throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        SseOutput sse = new SseOutput(res.getOutputStream());
        sse.comment("connected");
        sse.flush();
        return sse;
    }

    void event(String id, String type, String data) throws IOException {
        StringBuilder frame = new StringBuilder(data.length() + 64);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(type).append('\n');
        // A frame ends at a blank line: every line of the data gets its own field, carriage returns go.
        for (String line : data.replace("\r", "").split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        frame.append('\n');
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
    }

    void comment(String text) throws IOException {
        out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    void flush() throws IOException {
        out.flush();
    }
}

package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.EventListener;
import dev.vigil.event.EventQuery;
import dev.vigil.event.StoredEvent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/** The event history, paged, and the live stream that resumes where a client left off. */
final class EventEndpoints {

    /** Events a stream client may fall behind by before it is disconnected (it can resume with Last-Event-ID). */
    static final int CLIENT_QUEUE = 4096;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int REPLAY_WINDOW = 1000;

    private final ControlPlane plane;
    private final Streams streams;

    EventEndpoints(ControlPlane plane, Streams streams) {
        this.plane = plane;
        this.streams = streams;
    }

    Reply query(Call call) {
        Instant now = plane.clock().now();
        EventQuery q = EventFilter.from(call).applyTo(EventQuery.all())
                .limit(call.intQuery("limit", 100, 1, 1000));
        var since = EventFilter.instant(call, "since", now);
        var until = EventFilter.instant(call, "until", now);
        if (since.isPresent()) {
            q = q.since(since.get());
        }
        if (until.isPresent()) {
            q = q.until(until.get());
        }
        OptionalLong before = call.idQuery("before");
        OptionalLong after = call.idQuery("after");
        if (before.isPresent()) {
            q = q.beforeId(before.getAsLong());
        }
        if (after.isPresent()) {
            q = q.afterId(after.getAsLong());
        }
        List<StoredEvent> page = plane.events().query(q);
        ObjectNode node = Json.object();
        ArrayNode events = node.putArray("events");
        page.forEach(e -> events.add(EventJson.of(e)));
        // A full page may have older events before it; a short one is the last.
        if (page.size() == q.limit()) {
            node.put("next_before", page.get(0).id());
        } else {
            node.putNull("next_before");
        }
        return Reply.ok(node);
    }

    /**
     * Subscribes first and buffers, replays what is stored after the client's last id, then drains the buffer
     * skipping what the replay already sent: no gap, no duplicate. This request's thread is the client's writer,
     * so a slow client holds up only itself; the event writer only ever offers to a bounded mailbox.
     */
    Reply stream(Call call) throws IOException {
        EventFilter filter = EventFilter.from(call);
        OptionalLong resumeFrom = resumePoint(call);
        Mailbox<StoredEvent> mailbox = new Mailbox<>(CLIENT_QUEUE);
        Connection connection = Connection.of(call.ctx);
        EventListener listener = e -> {
            if (filter.matches(e) && !mailbox.offer(e) && !mailbox.isClosed()) {
                // Too far behind: drop the client rather than buffer without bound; it resumes by id.
                mailbox.close();
                connection.abort();
            }
        };
        Runnable closer = mailbox::close;
        plane.bus().subscribe(listener);
        streams.add(closer);
        try {
            SseOutput sse = SseOutput.open(call.ctx);
            long last = resumeFrom.isPresent() ? replay(sse, filter, resumeFrom.getAsLong()) : -1;
            sse.flush();
            while (!mailbox.isClosed()) {
                List<StoredEvent> batch = mailbox.take(KEEP_ALIVE);
                if (batch.isEmpty()) {
                    if (!mailbox.isClosed()) {
                        sse.comment("keep-alive");
                        sse.flush();
                    }
                    continue;
                }
                for (StoredEvent e : batch) {
                    if (e.id() > last) {
                        send(sse, e);
                        last = e.id();
                    }
                }
                sse.flush();
            }
        } catch (IOException e) {
            // The client went away or was dropped.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            plane.bus().unsubscribe(listener);
            streams.remove(closer);
        }
        return Reply.written();
    }

    private static OptionalLong resumePoint(Call call) {
        String header = call.ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            try {
                long id = Long.parseLong(header.trim());
                if (id >= 0) {
                    return OptionalLong.of(id);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw ApiError.invalid("header 'Last-Event-ID' must be an event id (a whole number), got '"
                    + Json.clip(header) + "'");
        }
        return call.idQuery("after");
    }

    // Pages forward through id windows: the store's limit keeps the newest events of a query, so a window of
    // ids holds at most a limit's worth and nothing is skipped.
    private long replay(SseOutput sse, EventFilter filter, long after) throws IOException {
        List<StoredEvent> newest = plane.events().query(EventQuery.all().limit(1));
        if (newest.isEmpty()) {
            return after;
        }
        long end = newest.get(0).id();
        for (long from = after; from < end; from += REPLAY_WINDOW) {
            // Never past `end`: what is stored after it reaches the client through the live buffer, and a window
            // open at the top would send those events twice (once here, once from the buffer).
            EventQuery window = filter.applyTo(EventQuery.all()).afterId(from)
                    .beforeId(Math.min(from + REPLAY_WINDOW, end) + 1).limit(REPLAY_WINDOW);
            for (StoredEvent e : plane.events().query(window)) {
                send(sse, e);
            }
        }
        // Everything up to the newest id stored before the replay began has been sent, if it matched.
        return Math.max(after, end);
    }

    private static void send(SseOutput sse, StoredEvent e) throws IOException {
        sse.event(Long.toString(e.id()), e.event().type(), EventJson.line(e));
    }
}

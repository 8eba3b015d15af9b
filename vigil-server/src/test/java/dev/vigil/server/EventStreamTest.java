package dev.vigil.server;

import dev.vigil.event.Cause;
import dev.vigil.event.EventQuery;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StoredEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live event stream: delivery, resume without gap or duplicate, isolation of slow clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestDaemon d;

    @BeforeAll
    void start(@TempDir Path dir) {
        d = TestDaemon.start(dir);
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private void publish(String service, String reason) {
        d.bus.publish(new ServiceEvent.ActionRequested(Instant.now(), service, "restart", "test", reason, Cause.OPERATOR));
    }

    private List<StoredEvent> stored(String service) {
        d.flush();
        return d.store.query(EventQuery.all().services(Set.of(service)).limit(100_000));
    }

    @Test
    void deliversLiveEventsAsEventJson() throws Exception {
        try (SseReader sse = SseReader.open(d, "/api/v1/events/stream?service=live", d.viewer, Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            publish("other", "filtered out");
            publish("live", "hello");
            SseReader.Frame f = sse.next(WAIT);
            StoredEvent e = stored("live").get(0);
            assertThat(f.id()).isEqualTo(Long.toString(e.id()));
            assertThat(f.event()).isEqualTo("ActionRequested");
            assertThat(f.data()).isEqualTo(EventJson.line(e));
        }
    }

    @Test
    void resumesFromLastEventIdWithNoGapAndNoDuplicate() throws Exception {
        for (int i = 0; i < 20; i++) {
            publish("resume", "before " + i);
        }
        long resumeAfter = stored("resume").get(9).id();
        // Events keep arriving while the client reconnects: the replay and the live feed overlap.
        Thread publisher = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 300; i++) {
                publish("resume", "during " + i);
            }
        });
        try (SseReader sse = SseReader.open(d, "/api/v1/events/stream?service=resume", d.viewer,
                Map.of("Last-Event-ID", Long.toString(resumeAfter)))) {
            publisher.join();
            for (int i = 0; i < 5; i++) {
                publish("resume", "after " + i);
            }
            List<Long> expected = stored("resume").stream().map(StoredEvent::id).filter(id -> id > resumeAfter).toList();
            List<Long> got = sse.take(expected.size(), WAIT).stream().map(f -> Long.parseLong(f.id())).toList();
            assertThat(got).isEqualTo(expected);
            assertThat(sse.drain()).isEmpty();
        }
    }

    @Test
    void afterParameterResumesLikeTheHeader() throws Exception {
        publish("param", "a");
        publish("param", "b");
        publish("param", "c");
        List<StoredEvent> all = stored("param");
        try (SseReader sse = SseReader.open(d, "/api/v1/events/stream?service=param&after=" + all.get(0).id(),
                d.viewer, Map.of())) {
            assertThat(sse.take(2, WAIT).stream().map(SseReader.Frame::id).toList())
                    .containsExactly(Long.toString(all.get(1).id()), Long.toString(all.get(2).id()));
        }
        assertThat(d.get("/api/v1/events/stream?type=Bogus", d.viewer).error()).isEqualTo("invalid_request");
        TestDaemon.Response badId = d.send(d.request("/api/v1/events/stream", d.viewer)
                .header("Last-Event-ID", "yesterday").GET().build());
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("message").asText()).contains("Last-Event-ID");
    }

    @Test
    void aClientThatDoesNotReadHoldsUpNobodyAndIsDisconnected(@TempDir Path dir) throws Exception {
        // A daemon of its own, so that the count of open streams is this test's alone.
        try (TestDaemon d = TestDaemon.start(dir)) {
            flood(d);
        }
    }

    private static void flood(TestDaemon d) throws Exception {
        int before = 0;
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress(d.server.address().getHost(), d.server.address().getPort()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /api/v1/events/stream?service=flood HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + d.viewer + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(WAIT).until(() -> d.server.openStreams() == before + 1);
            try (SseReader fast = SseReader.open(d, "/api/v1/events/stream?service=flood", d.viewer, Map.of())) {
                String padding = "p".repeat(3000);
                int count = EventEndpoints.CLIENT_QUEUE + 2000;
                long begin = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    d.bus.publish(new ServiceEvent.ActionRequested(Instant.now(), "flood", "restart", "test", i + padding, Cause.OPERATOR));
                }
                d.flush();
                long storedAndDelivered = System.nanoTime() - begin;
                List<SseReader.Frame> got = fast.take(count, Duration.ofSeconds(60));
                assertThat(got).hasSize(count);
                // The writer handed every event to the listeners while the slow client read nothing.
                assertThat(Duration.ofNanos(storedAndDelivered)).isLessThan(Duration.ofSeconds(30));
                // The slow client fell more than a queue behind and was cut off; the fast one is still there.
                await().atMost(WAIT).until(() -> d.server.openStreams() == before + 1);
                InputStream in = slow.getInputStream();
                byte[] buf = new byte[65536];
                slow.setSoTimeout(10_000);
                while (in.read(buf) >= 0) {
                    // drain what was sent before the cut
                }
            }
        }
    }

    @Test
    void fiftyClientsGetEachEventQuickly() throws Exception {
        int clients = 50;
        List<SseReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                readers.add(SseReader.open(d, "/api/v1/events/stream?service=fanout", d.viewer, Map.of()));
            }
            int events = 40;
            long[] latencies = new long[clients * events];
            int n = 0;
            for (int e = 0; e < events; e++) {
                long sent = System.nanoTime();
                publish("fanout", "tick " + e);
                for (SseReader r : readers) {
                    latencies[n++] = r.next(WAIT).receivedNanos() - sent;
                }
            }
            Arrays.sort(latencies);
            long p99 = latencies[(int) (latencies.length * 0.99) - 1] / 1_000_000;
            long p50 = latencies[latencies.length / 2] / 1_000_000;
            System.out.println("SSE delivery to " + clients + " clients: p50 " + p50 + " ms, p99 " + p99 + " ms");
            // The target is 50 ms; the bound here leaves room for a loaded CI machine.
            assertThat(p99).isLessThan(500);
        } finally {
            for (SseReader r : readers) {
                r.close();
            }
        }
    }

    @Test
    void closingTheServerEndsItsStreams(@TempDir Path dir) throws Exception {
        try (TestDaemon other = TestDaemon.start(dir)) {
            SseReader events = SseReader.open(other, "/api/v1/events/stream", other.viewer, Map.of());
            SseReader logs = SseReader.open(other, "/api/v1/services/db/logs/stream", other.viewer, Map.of());
            await().atMost(WAIT).until(() -> other.server.openStreams() == 2);
            long begin = System.nanoTime();
            other.server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> events.ended() && logs.ended());
        }
    }
}

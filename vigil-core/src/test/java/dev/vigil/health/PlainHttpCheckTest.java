package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeTiming;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static dev.vigil.health.ScriptedHttpServer.ok;
import static dev.vigil.health.ScriptedHttpServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain-HTTP GETs on a probe loop over a kept connection, against a server that answers byte by byte as each test
 * scripts.
 */
class PlainHttpCheckTest {

    private static final long PATIENT = Duration.ofSeconds(5).toNanos();
    private static final int WHOLE_BODY = 64 * 1024;

    private final ProbeLoop loop = new ProbeLoop("test-probe-loop", Duration.ZERO);
    private ScriptedHttpServer server;
    private PlainHttpCheck check;

    @AfterEach
    void close() throws IOException {
        if (check != null) {
            check.close();
        }
        loop.close();
        if (server != null) {
            server.close();
        }
    }

    private PlainHttpCheck.Response get(PlainHttpCheck check, long timeoutNanos, int maxBody) throws IOException {
        return check.get(loop, timeoutNanos, maxBody);
    }

    private PlainHttpCheck check(String path) {
        check = new PlainHttpCheck(URI.create(server.url(path)));
        return check;
    }

    @Test
    void keepsTheConnectionBetweenGets() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok("ok " + request));
            return true;
        });
        PlainHttpCheck check = check("/health");
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThat(get(check, PATIENT, WHOLE_BODY).body()).isEqualTo("ok 2");
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);

        assertThat(server.requests()).isEqualTo(3);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void answersOnTheStatusLineAndReadsTheRestOfTheAnswerBeforeTheNextGet() throws IOException {
        CountDownLatch firstAnswered = new CountDownLatch(1);
        CountDownLatch bodySent = new CountDownLatch(1);
        // Headers and body in separate writes, the body only once the client has its result: as Python's
        // http.server answers, and as a slow body would come.
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 11\r\n\r\n");
            await(firstAnswered);
            send(out, "maintenance");
            bodySent.countDown();
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(503);
        firstAnswered.countDown();
        await(bodySent); // a probe interval later, in the daemon
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(503);

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void readsChunkedBodiesToTheirEndAndKeepsTheConnection() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5;ext=1\r\npedia\r\n");
            send(out, "0\r\nChecked-By: test\r\n\r\n");
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThat(get(check, PATIENT, WHOLE_BODY).body()).isEqualTo("wikipedia");
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThat(get(check, PATIENT, 6).body()).isEqualTo("wikipe");
        assertThat(get(check, PATIENT, WHOLE_BODY).body()).isEqualTo("wikipedia");

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void readsOnlyTheStartOfABodyItNeedsAndTheRestBeforeTheNextGet() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok("{\"status\": \"UP\", \"checks\": [\"db\", \"disk\"]}"));
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThat(get(check, PATIENT, 16).body()).isEqualTo("{\"status\": \"UP\",");
        assertThat(get(check, PATIENT, 16).body()).isEqualTo("{\"status\": \"UP\",");

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void asksAgainOnANewConnectionWhenTheServerClosedTheKeptOneUnanswered() throws IOException {
        // The server's keep-alive timeout ran out just as the next GET came: it closes without an answer.
        server = new ScriptedHttpServer((connection, request, out) -> {
            if (connection == 1 && request == 2) {
                return false;
            }
            send(out, ok("connection " + connection));
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThat(get(check, PATIENT, WHOLE_BODY).body()).isEqualTo("connection 1");
        assertThat(get(check, PATIENT, WHOLE_BODY).body()).isEqualTo("connection 2");

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void anAnswerCutOffOnAKeptConnectionIsAFailureNotARetry() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, request == 1 ? ok("ok") : "HTTP/1.1 20");
            return request == 1;
        });
        PlainHttpCheck check = check("/");
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThatThrownBy(() -> get(check, PATIENT, 0))
                .isInstanceOf(IOException.class)
                .hasMessage("connection closed before the response was complete");

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void anAnswerThatCameTooLateIsNeverTakenForTheNextOne() throws IOException {
        CountDownLatch late = new CountDownLatch(1);
        server = new ScriptedHttpServer((connection, request, out) -> {
            if (connection == 1) {
                await(late);
                send(out, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
            } else {
                send(out, ok("ok"));
            }
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThatThrownBy(() -> get(check, Duration.ofMillis(300).toNanos(), 0))
                .isInstanceOf(PlainHttpCheck.TimedOut.class);
        late.countDown();
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void opensANewConnectionWhenTheAnswerEndsTheOldOne() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, switch (request % 3) {
                case 1 -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
                case 2 -> "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok";
                default -> "HTTP/1.1 200 OK\r\n\r\nok"; // no length: the body ends with the connection
            });
            return false;
        });
        PlainHttpCheck check = check("/");
        for (int i = 0; i < 3; i++) {
            assertThat(get(check, PATIENT, WHOLE_BODY).body()).isEqualTo("ok");
        }

        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aBodyTooLongToReadThroughCostsTheConnection() throws IOException {
        String big = "x".repeat(200_000);
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok(big));
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);

        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionIsUsedNoLongerThanItsMaximumAge() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok("ok"));
            return true;
        });
        check = new PlainHttpCheck(URI.create(server.url("/")), Duration.ZERO);
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);

        assertThat(server.connections()).isEqualTo(2);
        Awaitility.await().until(() -> server.closedByClient().contains(1));
    }

    @Test
    void aProbeKeepsItsConnectionUntilItIsClosed() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok("ok"));
            return true;
        });
        PlainHttpProbe probe = new PlainHttpProbe(HttpProbeSpec.of(URI.create(server.url("/")),
                new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO, 3, 1)));
        assertThat(probe.check()).isInstanceOf(ProbeResult.Healthy.class);
        assertThat(probe.check()).isInstanceOf(ProbeResult.Healthy.class);
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.closedByClient()).isEmpty();

        probe.close();

        Awaitility.await().until(() -> server.closedByClient().equals(java.util.List.of(1)));
    }

    @Test
    void aHostNameIsLookedUpAndItsConnectionKept() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, ok("ok"));
            return true;
        });
        check = new PlainHttpCheck(URI.create(server.url("/").replace("127.0.0.1", "localhost")));
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAtTheDeadline() throws IOException {
        CountDownLatch never = new CountDownLatch(1);
        server = new ScriptedHttpServer((connection, request, out) -> {
            await(never);
            return true; // then sees the client's close
        });
        PlainHttpCheck check = check("/");
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> get(check, Duration.ofMillis(200).toNanos(), 0))
                    .isInstanceOf(PlainHttpCheck.TimedOut.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        } finally {
            never.countDown();
        }
        Awaitility.await().until(() -> server.closedByClient().contains(1));
    }

    @Test
    void aBodyTooSlowForTheDeadlineTimesOut() throws IOException {
        CountDownLatch timedOut = new CountDownLatch(1);
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nst");
            await(timedOut);
            return false;
        });
        PlainHttpCheck check = check("/");
        try {
            assertThatThrownBy(() -> get(check, Duration.ofMillis(200).toNanos(), WHOLE_BODY))
                    .isInstanceOf(PlainHttpCheck.TimedOut.class);
        } finally {
            timedOut.countDown();
        }
    }

    @Test
    void aPortNobodyListensOnIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        check = new PlainHttpCheck(URI.create("http://127.0.0.1:" + port + "/"));
        assertThatThrownBy(() -> get(check, PATIENT, 0)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aServerThatClosesInTheHeadersFailsTheCheckThatNeedsThem() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, "HTTP/1.1 200 OK\r\nContent-Le");
            return false;
        });
        PlainHttpCheck check = check("/");
        assertThatThrownBy(() -> get(check, PATIENT, WHOLE_BODY))
                .isInstanceOf(IOException.class)
                .hasMessage("connection closed before the response was complete");
        // The status line is all a check without a body needs; the connection is not kept.
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
        assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);

        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void somethingElseThanHttpIsNotAnAnswer() throws IOException {
        server = new ScriptedHttpServer((connection, request, out) -> {
            send(out, switch (connection) {
                case 1 -> "SSH-2.0-OpenSSH_9.6\r\n";
                case 2 -> "HTTP/1.1 OK 200\r\n\r\n";
                default -> "HTTP/1.1 200 OK\r\nX-Long: " + "x".repeat(9000) + "\r\n\r\n";
            });
            return true;
        });
        PlainHttpCheck check = check("/");
        assertThatThrownBy(() -> get(check, PATIENT, 0))
                .isInstanceOf(IOException.class).hasMessage("not an HTTP response: SSH-2.0-OpenSSH_9.6");
        assertThatThrownBy(() -> get(check, PATIENT, 0))
                .isInstanceOf(IOException.class).hasMessage("not an HTTP status: HTTP/1.1 OK 200");
        assertThatThrownBy(() -> get(check, PATIENT, WHOLE_BODY))
                .isInstanceOf(IOException.class).hasMessage("response line longer than 8 KiB");
    }

    @Test
    void sendsTheRequestAPlainClientWould() throws IOException {
        List<String> heads = new CopyOnWriteArrayList<>();
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon(true).start(() -> {
                try (Socket s = raw.accept()) {
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) s.getInputStream().read());
                    }
                    heads.add(head.toString());
                    s.getOutputStream().write(ok("ok").getBytes(StandardCharsets.ISO_8859_1));
                    s.getInputStream().read(); // until the client closes
                } catch (IOException e) {
                    // the test fails on what it did not see
                }
            });
            check = new PlainHttpCheck(URI.create("http://monitor:p%40ss@127.0.0.1:" + raw.getLocalPort()
                    + "/health?deep=1"));
            assertThat(get(check, PATIENT, 0).status()).isEqualTo(200);
            assertThat(heads).containsExactly("GET /health?deep=1 HTTP/1.1\r\nHost: 127.0.0.1:" + raw.getLocalPort()
                    + "\r\nUser-Agent: vigil-probe\r\nAccept: */*\r\nAuthorization: Basic "
                    + java.util.Base64.getEncoder().encodeToString("monitor:p@ss".getBytes(StandardCharsets.UTF_8))
                    + "\r\n\r\n");
        }
    }

    @Test
    void closingDuringAGetEndsItAndItsConnection() throws IOException {
        CountDownLatch closed = new CountDownLatch(1);
        server = new ScriptedHttpServer((connection, request, out) -> {
            await(closed);
            return true; // then sees the client's close
        });
        PlainHttpCheck check = check("/");
        CompletableFuture<Exception> outcome = new CompletableFuture<>();
        loop.execute(() -> check.start(loop, PATIENT, 0, new PlainHttpCheck.Outcome() {
            @Override
            public void answered(int status, String body) {
                outcome.complete(null);
            }

            @Override
            public void failed(Exception e) {
                outcome.complete(e);
            }
        }));
        Awaitility.await().until(() -> server.requests() == 1);
        check.close();
        try {
            assertThat(outcome.join()).hasMessage("the probe was closed");
        } finally {
            closed.countDown();
        }
        Awaitility.await().until(() -> server.closedByClient().contains(1));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

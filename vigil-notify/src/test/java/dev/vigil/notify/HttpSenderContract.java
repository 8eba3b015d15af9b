package dev.vigil.notify;

import static dev.vigil.notify.Notifications.aFiringGroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.notify.ReceiverServer.Reply;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP sender does with the receiver's answers; each sender's test subclasses it. The secret a config
 * holds is {@link #SECRET}, and the receiver quotes it back in its errors to check that no outcome shows it.
 */
abstract class HttpSenderContract {

    static final String SECRET = "s3cr3t-t0k3n-value";

    protected final ReceiverServer server;
    private final Senders senders = new Senders(new Http(HttpClient.newHttpClient(),
            () -> Instant.parse("2026-01-01T10:00:00Z"), Duration.ofSeconds(5)), Duration.ofSeconds(5), Instant::now);

    protected HttpSenderContract() {
        try {
            server = new ReceiverServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A config of this kind that sends to {@code server} and holds {@link #SECRET}. */
    protected abstract ReceiverConfig config(ReceiverServer server);

    /** The answer of a receiver that took the notification, e.g. Jira's search finding nothing. */
    protected Reply accepted() {
        return Reply.of(200, "{}");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Outcome send() throws InterruptedException {
        return senders.of(config(server)).send(aFiringGroup("ops"), Texts.quiet());
    }

    private String masked(ReceiverConfig config, String text) {
        String shown = text;
        for (Secret s : config.secrets()) {
            shown = s.maskIn(shown);
        }
        return shown;
    }

    @Test
    void a2xxIsDelivered() throws Exception {
        server.otherwise(accepted());

        assertThat(send()).isEqualTo(new Outcome.Delivered());
        assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.headers())
                .containsEntry("user-agent", "Vigil"));
    }

    @Test
    void a400IsRefusedWithTheAnswerAndTheSecretMasked() throws Exception {
        server.otherwise(Reply.of(400, "bad request for " + SECRET));

        Outcome outcome = send();

        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        String answer = ((Outcome.Rejected) outcome).answer();
        assertThat(answer).startsWith("HTTP 400: bad request for ");
        assertThat(masked(config(server), answer)).isEqualTo("HTTP 400: bad request for ***");
    }

    @Test
    void a429IsWorthAnotherTryAfterWhatTheReceiverAsked() throws Exception {
        server.otherwise(new Reply(429, "", Map.of("Retry-After", "12")));

        assertThat(send()).isEqualTo(new Outcome.Failed("HTTP 429", Optional.of(Duration.ofSeconds(12))));
    }

    @Test
    void a5xxIsWorthAnotherTry() throws Exception {
        server.otherwise(Reply.of(502, "bad gateway"));

        assertThat(send()).isEqualTo(new Outcome.Failed("HTTP 502: bad gateway", Optional.empty()));
    }

    @Test
    void aReceiverThatIsDownIsWorthAnotherTry() throws Exception {
        ReceiverConfig config = config(server);
        server.close();

        Outcome outcome = senders.of(config).send(aFiringGroup("ops"), Texts.quiet());

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).reason()).doesNotContain(SECRET);
    }
}

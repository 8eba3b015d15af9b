package dev.vigil.notify;

import static dev.vigil.notify.Notifications.aFiringGroup;
import static dev.vigil.notify.Notifications.aResolvedGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.event.Event;
import dev.vigil.event.StackEvent.NotificationProblem;
import dev.vigil.notify.ReceiverServer.Reply;
import dev.vigil.time.ManualScheduler;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the manual clock: retries with backoff, dead letters, Retry-After, the circuit breaker, full queues, and
 * one receiver never holding up another. The jitter is fixed at 0, so each wait is half the full backoff.
 */
class NotifierTest {

    static final String TOKEN = "t0k3n-SECRET";
    /** Three tries, 1 s doubling (waits of 0.5 s and 1 s with no jitter), a breaker that never judges. */
    static final DeliverySettings SETTINGS = new DeliverySettings(4, 3, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofSeconds(5), 100, 100, 50f, Duration.ofSeconds(30));

    private final ManualScheduler clock = new ManualScheduler();
    private final ReceiverServer server = new ReceiverServer();
    private final ReceiverServer other = new ReceiverServer();
    private final MemoryDeadLetters deadLetters = new MemoryDeadLetters();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private Notifier notifier;

    NotifierTest() throws IOException {
    }

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        server.close();
        other.close();
    }

    private Notifier start(DeliverySettings settings, Receiver... receivers) {
        Http http = new Http(HttpClient.newHttpClient(), clock::now, Duration.ofSeconds(5));
        notifier = new Notifier(List.of(receivers), new Senders(http, Duration.ofSeconds(5), clock::now), settings,
                clock, deadLetters, events::add, "shop", () -> 0.0);
        return notifier;
    }

    private ReceiverConfig webhook(ReceiverServer to) {
        return new ReceiverConfig.Webhook(Secret.of(to.url("/hook?token=" + TOKEN), "env HOOK"), false, 0,
                HttpConfig.NONE);
    }

    /** Waits until the worker has made {@code requests} requests and sleeps in a backoff. */
    private void awaitBackoff(int requests) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == requests
                && clock.pendingTimers() == 1);
    }

    private List<String> problems(String kind) {
        return events.stream().filter(e -> e instanceof NotificationProblem p && p.kind().equals(kind))
                .map(Event::message).toList();
    }

    @Test
    void aReceiverThatStaysDownIsRetriedWithBackoffThenDeadLettered() {
        server.otherwise(Reply.of(503, "no backend for " + TOKEN));
        start(SETTINGS, new Receiver("ops", List.of(webhook(server))));

        notifier.submit(aFiringGroup("ops"));
        awaitBackoff(1);
        clock.advance(Duration.ofMillis(499));
        assertThat(server.requests()).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        awaitBackoff(2);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(notifier::idle);

        assertThat(server.requests()).hasSize(3);
        assertThat(deadLetters.list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.receiver()).isEqualTo("ops");
            assertThat(letter.configIndex()).isZero();
            assertThat(letter.kind()).isEqualTo("webhook");
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.error()).isEqualTo("gave up after 3 attempts: HTTP 503: no backend for ***");
            assertThat(letter.summary()).isEqualTo("firing " + Notifications.GROUP_KEY + " alerts=2 [HighLatency]");
            assertThat(letter.at()).isEqualTo(clock.now());
        });
        assertThat(problems("dead_lettered")).singleElement().asString()
                .startsWith("receiver ops: dead lettered: webhook[0] firing").doesNotContain(TOKEN);
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(TOKEN));
    }

    @Test
    void aReceiverThatComesBackGetsTheNotification() {
        server.then(Reply.of(502), Reply.of(500)).otherwise(Reply.of(200));
        start(SETTINGS, new Receiver("ops", List.of(webhook(server))));

        notifier.submit(aFiringGroup("ops"));
        awaitBackoff(1);
        clock.advance(Duration.ofMillis(500));
        awaitBackoff(2);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(notifier::idle);

        assertThat(server.requests()).hasSize(3);
        assertThat(deadLetters.list(10)).isEmpty();
    }

    @Test
    void anAnswerOf400IsDeadLetteredAtOnceWithTheAnswer() {
        server.then(Reply.of(400, "unknown field 'x'"));
        start(SETTINGS, new Receiver("ops", List.of(webhook(server))));

        notifier.submit(aFiringGroup("ops"));
        await().atMost(Duration.ofSeconds(5)).until(notifier::idle);

        assertThat(server.requests()).hasSize(1);
        assertThat(deadLetters.list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.error()).isEqualTo("rejected: HTTP 400: unknown field 'x'");
        });
    }

    @Test
    void retryAfterIsHonoured() {
        server.then(new Reply(429, "", Map.of("Retry-After", "30"))).otherwise(Reply.of(200));
        start(SETTINGS, new Receiver("ops", List.of(webhook(server))));

        notifier.submit(aFiringGroup("ops"));
        awaitBackoff(1);
        clock.advance(Duration.ofSeconds(29));
        assertThat(server.requests()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(notifier::idle);

        assertThat(server.requests()).hasSize(2);
        assertThat(deadLetters.list(10)).isEmpty();
    }

    @Test
    void theCircuitOpensAfterFailuresAndHalfOpensAfterItsWait() {
        // One try per notification; the breaker judges the last two tries and opens at 50% failed.
        DeliverySettings settings = new DeliverySettings(4, 1, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofSeconds(5), 2, 2, 50f, Duration.ofSeconds(30));
        server.otherwise(Reply.of(503));
        start(settings, new Receiver("ops", List.of(webhook(server))));

        for (int i = 0; i < 2; i++) {
            notifier.submit(aFiringGroup("ops"));
            await().atMost(Duration.ofSeconds(5)).until(notifier::idle);
        }
        assertThat(notifier.breakerState("ops", 0)).isEqualTo("OPEN");
        assertThat(problems("circuit_opened")).hasSize(1);
        assertThat(deadLetters.list(10)).hasSize(2);

        notifier.submit(aFiringGroup("ops"));
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.pendingTimers() == 1);
        clock.advance(Duration.ofSeconds(29));
        assertThat(server.requests()).as("an open circuit sends nothing").hasSize(2);

        server.otherwise(Reply.of(200));
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(notifier::idle);

        assertThat(server.requests()).as("the half-open try").hasSize(3);
        assertThat(notifier.breakerState("ops", 0)).isEqualTo("CLOSED");
        assertThat(problems("circuit_half_open")).hasSize(1);
        assertThat(problems("circuit_closed")).hasSize(1);
        assertThat(deadLetters.list(10)).as("waiting for the breaker used up none of the tries").hasSize(2);
    }

    @Test
    void aFullQueueDeadLettersInsteadOfBlockingTheCaller() {
        DeliverySettings settings = new DeliverySettings(1, 3, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofSeconds(5), 100, 100, 50f, Duration.ofSeconds(30));
        server.otherwise(Reply.of(503));
        start(settings, new Receiver("ops", List.of(webhook(server))));

        assertThat(notifier.submit(aFiringGroup("ops"))).isTrue();
        awaitBackoff(1);
        assertThat(notifier.submit(aFiringGroup("ops"))).isTrue();
        assertThat(notifier.submit(aFiringGroup("ops"))).as("the queue was full: the caller hears it").isFalse();

        assertThat(deadLetters.list(10)).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isZero();
            assertThat(letter.error()).startsWith("queue full (1 waiting)");
        });
    }

    @Test
    void aDeadReceiverDoesNotHoldUpAnotherOfTheSameGroup() {
        server.otherwise(Reply.of(503));
        other.otherwise(Reply.of(200));
        start(SETTINGS, new Receiver("ops", List.of(webhook(server), webhook(other))));

        notifier.submit(aFiringGroup("ops"));

        await().atMost(Duration.ofSeconds(5)).until(() -> other.requests().size() == 1);
        assertThat(clock.pendingTimers()).as("the dead one waits in its backoff").isEqualTo(1);
    }

    @Test
    void resolvedNotificationsGoOnlyWhereSendResolvedIsOn() {
        start(SETTINGS, new Receiver("ops", List.of(webhook(server),
                new ReceiverConfig.Webhook(Secret.of(other.url("/hook"), "inline url"), true, 0, HttpConfig.NONE))));

        notifier.submit(aResolvedGroup("ops"));
        await().atMost(Duration.ofSeconds(5)).until(() -> other.requests().size() == 1 && notifier.idle());

        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aFailedTemplateSendsTheRawTextAndSaysWhy() {
        start(SETTINGS, new Receiver("ops", List.of(new ReceiverConfig.Slack(Secret.of(server.url("/s"), "env S"),
                Optional.empty(), Optional.empty(), Optional.of("{{ template \"slack.title\" . }}"), Optional.empty(),
                false, HttpConfig.NONE))));

        notifier.submit(aFiringGroup("ops"));
        await().atMost(Duration.ofSeconds(5)).until(notifier::idle);

        assertThat(server.only().body()).contains("\"text\":\"{{ template \\\"slack.title\\\" . }}\"");
        assertThat(problems("template_failed")).singleElement().asString()
                .startsWith("receiver ops: template failed: slack[0] title: ").endsWith("; sent the raw text");
    }

    @Test
    void notifyTestSendsOnceAndSaysWhatEachConfigAnswered() throws Exception {
        server.then(Reply.of(403, "bad token " + TOKEN));
        start(SETTINGS, new Receiver("ops", List.of(webhook(server), webhook(other))));

        assertThat(notifier.test(aFiringGroup("ops"))).containsExactly(
                "ops/webhook[0]: rejected: HTTP 403: bad token ***", "ops/webhook[1]: delivered");
        assertThat(deadLetters.list(10)).isEmpty();
    }

    @Test
    void anUnknownReceiverIsTheCallersMistake() {
        start(SETTINGS, new Receiver("ops", List.of(webhook(server))));

        assertThatThrownBy(() -> notifier.submit(aFiringGroup("dev")))
                .isInstanceOf(NotifyException.class).hasMessage("no receiver named `dev`; there are: ops");
    }
}

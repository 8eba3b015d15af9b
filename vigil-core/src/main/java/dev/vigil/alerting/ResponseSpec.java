package dev.vigil.alerting;

import dev.vigil.metrics.Matcher;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An automated response: when an alert named {@code alert} (whose labels also match {@code matchers}) starts firing,
 * Vigil takes {@code action}, at most {@code limit} times per {@code window} for each service (or each alert, when
 * it has no {@code service} label). Voluntary actions go through the disruption gate; every one is audited, is an
 * event, and is attached to the alert's notifications with its outcome.
 */
public record ResponseSpec(String alert, List<Matcher> matchers, Action action, int limit, Duration window) {

    public static final int DEFAULT_LIMIT = 3;
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ResponseSpec {
        matchers = List.copyOf(matchers);
    }

    /** What the response does. */
    public sealed interface Action {
        /** Its name in the stack file: {@code restart}, {@code command}, {@code webhook}. */
        String kind();
    }

    /** Restarts the alert's service (its {@code service} label), with the cause {@code alert}. */
    public record Restart() implements Action {
        @Override
        public String kind() {
            return "restart";
        }
    }

    /** Runs a command in the stack file's directory, with the alert's labels in the environment. */
    public record Command(List<String> command, Duration timeout) implements Action {
        public Command {
            command = List.copyOf(command);
        }

        @Override
        public String kind() {
            return "command";
        }
    }

    /** POSTs the alert as JSON (Alertmanager's webhook payload for one alert) to a URL. */
    public record Webhook(URI url, Duration timeout) implements Action {
        @Override
        public String kind() {
            return "webhook";
        }
    }

    /** Whether an alert with these labels is one this response is for. */
    public boolean matches(Map<String, String> labels) {
        return alert.equals(labels.get("alertname")) && Matchers.matchAll(matchers, labels);
    }
}

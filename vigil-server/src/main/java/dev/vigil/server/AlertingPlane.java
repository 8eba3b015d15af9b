package dev.vigil.server;

import dev.vigil.alerting.run.Alerting;
import dev.vigil.notify.DeadLetters;

import java.util.List;
import java.util.Optional;

/**
 * What the alerting endpoints operate on, handed in by the daemon.
 *
 * @param alerting the stack's running alerting: alerts, silences, acknowledgements, the intake
 * @param deadLetters the notifications given up on
 * @param receivers sends a test notification through every config of a receiver
 */
public record AlertingPlane(Alerting alerting, DeadLetters deadLetters, ReceiverTest receivers) {

    /** {@code vigil notify test}: what each config of the receiver answered, secrets masked. */
    @FunctionalInterface
    public interface ReceiverTest {
        /** Empty when there is no receiver with that name. */
        Optional<List<String>> test(String receiver) throws InterruptedException;

        /** The receiver names, for errors. */
        default List<String> names() {
            return List.of();
        }
    }
}

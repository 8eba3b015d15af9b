package dev.vigil.event;

import java.time.Instant;
import java.util.Optional;

/** Events about the stack as a whole. */
public sealed interface StackEvent extends Event {

    @Override
    default Optional<String> serviceName() {
        return Optional.empty();
    }

    /** Supervision of a stack began. */
    record StackStarting(Instant at, String stack, String file, int services) implements StackEvent {
        @Override
        public String message() {
            return "supervising stack " + stack + " (" + services + " services) from " + file;
        }
    }

    /** Every service reached its first running or healthy state, or gave up. */
    record StackStarted(Instant at, String stack, long millis) implements StackEvent {
        @Override
        public String message() {
            return "stack " + stack + " started in " + millis + " ms";
        }
    }

    /** A stop of the whole stack began. */
    record StackStopping(Instant at, String stack, String reason) implements StackEvent {
        @Override
        public String message() {
            return "stopping stack " + stack + ": " + reason;
        }
    }

    /** Every service is stopped; Vigil is about to exit. */
    record StackStopped(Instant at, String stack, long millis) implements StackEvent {
        @Override
        public String message() {
            return "stack " + stack + " stopped in " + millis + " ms";
        }
    }
}

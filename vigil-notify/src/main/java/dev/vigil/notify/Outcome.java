package dev.vigil.notify;

import java.time.Duration;
import java.util.Optional;

/** What one attempt to deliver came to. */
public sealed interface Outcome {

    /** The receiver took it. */
    record Delivered() implements Outcome {
    }

    /** The receiver refused it for good (a 400, a rejected address): trying again would not help. */
    record Rejected(String answer) implements Outcome {
    }

    /** It may work later (a 429, a 5xx, no connection); {@code retryAfter} is the receiver's own wish, if it said. */
    record Failed(String reason, Optional<Duration> retryAfter) implements Outcome {
    }
}

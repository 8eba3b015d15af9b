package dev.vigil.notify;

import java.util.List;
import java.util.Optional;

/** The dead-letter list: notifications given up on, kept for an operator to look at, retry or drop. */
public interface DeadLetters {

    /** Stores a dead letter and returns it with its id. */
    DeadLetter add(DeadLetter letter);

    /** Newest first, at most {@code limit}. */
    List<DeadLetter> list(int limit);

    Optional<DeadLetter> get(long id);

    /** Drops one; false when there was none with that id. */
    boolean remove(long id);
}

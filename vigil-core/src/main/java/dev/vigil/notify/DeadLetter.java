package dev.vigil.notify;

import java.time.Instant;

/**
 * A notification that could not be delivered and will not be tried again.
 *
 * @param id assigned by the store; 0 before it is stored
 * @param configIndex which of the receiver's configs, counted from 0 in file order
 * @param kind the config's kind, e.g. {@code slack}
 * @param summary what was sent, without secrets: status, group key, alert names
 * @param error why it failed, with the receiver's answer when there was one; without secrets
 * @param attempts how many times it was tried (0 when it never got to the receiver, e.g. a full queue)
 */
public record DeadLetter(long id, String receiver, int configIndex, String kind, String summary, String error,
                         int attempts, Instant at) {

    public DeadLetter withId(long newId) {
        return new DeadLetter(newId, receiver, configIndex, kind, summary, error, attempts, at);
    }
}

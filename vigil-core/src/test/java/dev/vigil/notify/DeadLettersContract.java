package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every dead-letter store does; each store's test subclasses it. */
public abstract class DeadLettersContract {

    protected abstract DeadLetters store();

    public static DeadLetter aDeadLetter(String receiver) {
        return new DeadLetter(0, receiver, 0, "webhook", "firing group={} alerts=1 [Down]", "400: bad payload", 1,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void storesWithIdsAndListsNewestFirst() {
        DeadLetters store = store();
        DeadLetter first = store.add(aDeadLetter("ops"));
        DeadLetter second = store.add(aDeadLetter("dev"));

        assertThat(first.id()).isPositive();
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(store.list(10)).extracting(DeadLetter::receiver).containsExactly("dev", "ops");
        assertThat(store.list(1)).extracting(DeadLetter::receiver).containsExactly("dev");
        assertThat(store.get(first.id())).contains(first);
    }

    @Test
    void removesOne() {
        DeadLetters store = store();
        DeadLetter letter = store.add(aDeadLetter("ops"));

        assertThat(store.remove(letter.id())).isTrue();
        assertThat(store.remove(letter.id())).isFalse();
        assertThat(store.get(letter.id())).isEmpty();
        assertThat(store.list(10)).isEmpty();
    }
}

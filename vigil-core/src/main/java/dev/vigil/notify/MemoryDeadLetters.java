package dev.vigil.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Dead letters kept in memory, for tests and for a Vigil run without a database. */
public final class MemoryDeadLetters implements DeadLetters {

    private final List<DeadLetter> letters = new ArrayList<>();
    private long nextId = 1;

    @Override
    public synchronized DeadLetter add(DeadLetter letter) {
        DeadLetter stored = letter.withId(nextId++);
        letters.add(stored);
        return stored;
    }

    @Override
    public synchronized List<DeadLetter> list(int limit) {
        return letters.stream().sorted(Comparator.comparingLong(DeadLetter::id).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized Optional<DeadLetter> get(long id) {
        return letters.stream().filter(l -> l.id() == id).findFirst();
    }

    @Override
    public synchronized boolean remove(long id) {
        return letters.removeIf(l -> l.id() == id);
    }
}

package dev.vigil.store;

import dev.vigil.notify.DeadLetter;
import dev.vigil.notify.DeadLetters;
import dev.vigil.notify.DeadLettersContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteDeadLettersTest extends DeadLettersContract {

    @TempDir
    Path dir;

    private SqliteDeadLetters store;

    @Override
    protected DeadLetters store() {
        if (store == null) {
            store = SqliteDeadLetters.open(dir.resolve("vigil.db"));
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Test
    void deadLettersSurviveARestart() {
        DeadLetter kept = store().add(aDeadLetter("ops"));
        close();
        assertThat(store().get(kept.id())).contains(kept);
        assertThat(store().list(10)).containsExactly(kept);
    }
}

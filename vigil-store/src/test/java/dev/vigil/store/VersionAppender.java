package dev.vigil.store;

import dev.vigil.change.NewVersion;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A process that appends versions to a database until it is killed, printing each number once stored: the other
 * side of {@link SqliteVersionStoreTest#aProcessKilledWhileAppendingLeavesOnlyWholeVersions}.
 */
public final class VersionAppender {

    private VersionAppender() {
    }

    /** Large enough that a kill often lands while SQLite writes it. */
    static String text(long number) {
        return "# version " + number + "\nservices:\n" + ("  svc:\n    command: ./svc --n " + number + "\n").repeat(20_000);
    }

    static NewVersion version(long number) {
        return new NewVersion(Instant.EPOCH.plusSeconds(number), "appender", "crash test", "/srv/vigil.yaml",
                text(number), Map.of("/srv/api.env", "N=" + number + "\nTOKEN=***\n"));
    }

    public static void main(String[] args) {
        try (SqliteVersionStore store = SqliteVersionStore.open(Path.of(args[0]))) {
            for (long expected = store.latest().map(v -> v.number() + 1).orElse(1L); ; expected++) {
                long number = store.append(version(expected)).number();
                System.out.println(number);
                System.out.flush();
            }
        }
    }
}

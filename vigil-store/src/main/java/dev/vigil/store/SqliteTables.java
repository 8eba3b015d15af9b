package dev.vigil.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;

/**
 * A store's own connection to {@code vigil.db}: opened as a writer (schema brought up to date), guarded by itself,
 * refused once closed.
 */
abstract class SqliteTables implements AutoCloseable {

    protected final Path file;
    protected final Connection db;
    private final String what;
    private volatile boolean closed;

    protected SqliteTables(Path dbFile, String what) {
        this.file = dbFile.toAbsolutePath();
        this.db = Database.openWriter(file, Clock.systemUTC());
        this.what = what;
    }

    /** Call holding {@code db}'s lock. */
    protected final void ensureOpen() {
        if (closed) {
            throw new StoreException(what + " " + file + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (db) {
            if (closed) {
                return;
            }
            closed = true;
            Database.closeAll(file, db);
        }
    }
}

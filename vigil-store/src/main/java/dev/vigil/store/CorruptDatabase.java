package dev.vigil.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Recognises a database file SQLite cannot read and moves it, with its side files, out of the way. */
final class CorruptDatabase {

    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String[] SIDE_FILES = {"-wal", "-shm", "-journal"};

    private CorruptDatabase() {
    }

    // Only "not a database" and "malformed" mean the file itself is bad. Anything else (locked by another
    // process, permission denied, disk full) says nothing about the file, and moving it would hide good history.
    static boolean isCorruption(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                int primary = s.getErrorCode() & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Renames {@code file} to {@code <name>.corrupt-<UTC time>} and its side files likewise (the WAL keeps the
     * "-wal" suffix, so the pair still opens together in the sqlite3 shell). Returns where the file went.
     */
    static Path moveAside(Path file, Instant now) throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(now);
        Path target = file.resolveSibling(base);
        for (int n = 2; exists(target); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        Files.move(file, target);
        for (String suffix : SIDE_FILES) {
            Path side = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(side)) {
                Files.move(side, target.resolveSibling(target.getFileName() + suffix));
            }
        }
        return target;
    }

    private static boolean exists(Path target) {
        if (Files.exists(target)) {
            return true;
        }
        for (String suffix : SIDE_FILES) {
            if (Files.exists(target.resolveSibling(target.getFileName() + suffix))) {
                return true;
            }
        }
        return false;
    }
}

-- The history of applied stack files (dev.vigil.change.ConfigVersion). number is given by the writer, one more
-- than the last, inside the (immediate) transaction that inserts the row, so two processes never share one and
-- there is no gap. A version is this one row: it is stored whole or not at all. env_files is a JSON array of
-- {"path", "text"} in the order the stack file names them, with secret values already masked.
CREATE TABLE versions (
    number     INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    actor      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    file       TEXT NOT NULL,
    text       TEXT NOT NULL,
    env_files  TEXT NOT NULL CHECK (json_valid(env_files)),
    hash       TEXT NOT NULL,
    result     TEXT NOT NULL CHECK (result IN ('applied', 'rolled_back', 'failed')),
    detail     TEXT
);

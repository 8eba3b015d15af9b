-- The audit trail: one row per mutating request, hash-chained (see dev.vigil.audit.AuditChain). seq is given
-- by the writer, one more than the last, inside the transaction that reads the last hash, so the chain cannot
-- fork. Times are ISO-8601 text exactly as hashed, so a stored entry re-hashes to the same value.
CREATE TABLE audit (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    result        TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL
);

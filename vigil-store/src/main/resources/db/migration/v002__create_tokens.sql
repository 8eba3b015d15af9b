-- API tokens. Only the SHA-256 of a secret is kept (hash); the secret itself is shown once and never stored.
-- A revoked token keeps its row (revoked_at set), so the audit trail's actors stay explainable, and its name is
-- free again: names are unique among live tokens only.
CREATE TABLE tokens (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE UNIQUE INDEX tokens_live_name ON tokens (name) WHERE revoked_at IS NULL;

-- What alerting keeps across restarts. Silences and acknowledgements as made (matchers as Alertmanager writes
-- them, one per line of a JSON list); what each alert group last told each receiver, so that a restart neither
-- repeats a notification nor loses a resolution; and each alerting rule's alerts, so that `for` does not start over.
CREATE TABLE silences (
    id         TEXT PRIMARY KEY,
    matchers   TEXT NOT NULL CHECK (json_valid(matchers)),
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    comment    TEXT NOT NULL
);

CREATE TABLE acks (
    fingerprint TEXT PRIMARY KEY,
    until_at    TEXT NOT NULL,
    acked_by    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    acked_at    TEXT NOT NULL
);

CREATE TABLE notification_log (
    group_key         TEXT NOT NULL,
    receiver          TEXT NOT NULL,
    firing            TEXT NOT NULL CHECK (json_valid(firing)),
    notified_at       TEXT NOT NULL,
    first_notified_at TEXT,
    escalated         INTEGER NOT NULL,
    PRIMARY KEY (group_key, receiver)
);

CREATE TABLE rule_alerts (
    rule              TEXT NOT NULL,
    labels            TEXT NOT NULL CHECK (json_valid(labels)),
    annotations       TEXT NOT NULL CHECK (json_valid(annotations)),
    state             TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'inactive')),
    value             TEXT NOT NULL,
    active_at         TEXT NOT NULL,
    fired_at          TEXT,
    resolved_at       TEXT,
    keep_firing_since TEXT,
    PRIMARY KEY (rule, labels)
);

-- Notifications given up on (a receiver that refused them, retries used up, a full queue): kept for an operator
-- to look at, retry or drop. Summaries and errors carry no secrets.
CREATE TABLE dead_letters (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    receiver     TEXT NOT NULL,
    config_index INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    summary      TEXT NOT NULL,
    error        TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    at           TEXT NOT NULL
);

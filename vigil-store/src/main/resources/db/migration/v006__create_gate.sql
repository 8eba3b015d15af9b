-- What the disruption gate keeps beyond the stack file. Windows added at run time (vigil freeze add) are one-off:
-- local date-times in a zone, as the user gave them, so that a window stays what was meant across zone rule
-- updates. An ended window keeps its row (ended_at, ended_by): the history of who froze and unfroze what.
CREATE TABLE added_windows (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('freeze', 'maintenance')),
    from_local TEXT NOT NULL,
    to_local   TEXT NOT NULL,
    zone       TEXT NOT NULL,
    services   TEXT NOT NULL CHECK (json_valid(services)),
    reason     TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    ended_by   TEXT,
    ended_at   TEXT
);

CREATE UNIQUE INDEX added_windows_live_name ON added_windows (name) WHERE ended_at IS NULL;

-- Timed overrides (vigil freeze override --for 30m): every freeze is lifted for operators until until_at.
CREATE TABLE timed_overrides (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    opened_by TEXT NOT NULL,
    reason    TEXT NOT NULL,
    from_at   TEXT NOT NULL,
    until_at  TEXT NOT NULL
);

-- Every event Vigil records. The columns are what queries filter on; payload is the whole record as JSON
-- (see EventCodec), so a record that gains a field needs no new column. message is kept for people reading
-- the database with the sqlite3 shell; Vigil itself rebuilds it from the payload.
-- AUTOINCREMENT so an id is never handed out twice, even after old events are pruned: readers page by id.
CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms   INTEGER NOT NULL,
    service TEXT,
    type    TEXT    NOT NULL,
    message TEXT    NOT NULL,
    payload TEXT    NOT NULL CHECK (json_valid(payload))
);

CREATE INDEX events_at ON events (at_ms);
CREATE INDEX events_service_at ON events (service, at_ms);
CREATE INDEX events_type ON events (type);

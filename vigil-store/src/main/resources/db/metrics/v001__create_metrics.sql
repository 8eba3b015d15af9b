-- Series by id; labels encoded by LabelsCodec. rolled_*_ms: rollups up to (not including) this bucket start are
-- stored as chunks; later ones are computed again from raw samples after a restart.
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  labels BLOB NOT NULL UNIQUE,
  rolled_minute_ms INTEGER NOT NULL DEFAULT -9223372036854775808,
  rolled_hour_ms INTEGER NOT NULL DEFAULT -9223372036854775808
);

-- One compressed chunk (XorChunk with its CRC32C) of one series at one resolution (0 raw, 1 minute, 2 hour).
CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL,
  resolution INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  data BLOB NOT NULL
);

CREATE INDEX chunks_by_series ON chunks (series_id, resolution, start_ms);

-- Retention and the disk budget delete oldest first.
CREATE INDEX chunks_by_end ON chunks (end_ms);

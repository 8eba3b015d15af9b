-- Causes became a closed set (crash, unhealthy, memory, drift, operator, ...). A RestartScheduled kept its
-- free-text cause; it is now the reason, and the cause is derived from how Vigil worded each kind of restart.
-- Every ActionRequested so far came from an operator.
UPDATE events SET payload = json_set(payload,
        '$.reason', json_extract(payload, '$.cause'),
        '$.cause', CASE
            WHEN json_extract(payload, '$.cause') LIKE 'unhealthy%'
                OR json_extract(payload, '$.cause') LIKE 'still unhealthy%' THEN 'unhealthy'
            WHEN json_extract(payload, '$.cause') LIKE 'memory limit%' THEN 'memory'
            WHEN json_extract(payload, '$.cause') LIKE 'definition changed%' THEN 'drift'
            ELSE 'crash'
        END)
    WHERE type = 'RestartScheduled' AND json_extract(payload, '$.reason') IS NULL;

UPDATE events SET payload = json_set(payload, '$.cause', 'operator')
    WHERE type = 'ActionRequested' AND json_extract(payload, '$.cause') IS NULL;

-- vigil events --cause C selects on it.
CREATE INDEX events_cause ON events (json_extract(payload, '$.cause')) WHERE json_extract(payload, '$.cause') IS NOT NULL;

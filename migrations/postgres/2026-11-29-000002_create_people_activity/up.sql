-- Last activity per person: "active since …" up to now reads this (one row per person)
-- instead of the event log (one row per action). Kept by every activity write; the event
-- log stays the record, and answers for past dates (baselines).
CREATE TABLE people_activity (
    user_id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    last_active_at TIMESTAMP NOT NULL
);
CREATE INDEX people_activity_recent_idx ON people_activity (organisation_id, last_active_at);

INSERT INTO people_activity (user_id, organisation_id, last_active_at)
SELECT actor_id, organisation_id, MAX(occurred_at)
FROM activity_events
WHERE actor_id IS NOT NULL
GROUP BY actor_id, organisation_id;

CREATE TABLE people_activity (
    user_id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    last_active_at TIMESTAMP NOT NULL
);
CREATE INDEX people_activity_recent_idx ON people_activity (organisation_id, last_active_at, user_id);
INSERT INTO people_activity (user_id, organisation_id, last_active_at)
SELECT actor_id, organisation_id, MAX(occurred_at)
FROM activity_events
WHERE actor_id IS NOT NULL
GROUP BY actor_id, organisation_id;
DROP TABLE rollup_event_days;
DROP TABLE rollup_last_active_days;
DROP TABLE rollup_accounts;
DROP TABLE rollup_people;
DROP TABLE event_consumers;

-- Consumers of the outbox (`activity_events`): each keeps its position, the id of the last
-- event it applied, and moves it in the same transaction as its effects.
CREATE TABLE event_consumers (
    name TEXT PRIMARY KEY NOT NULL,
    position TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Roll-ups kept by the `rollups` consumer, so that dashboards never read raw events.
-- Each person as the roll-ups last counted them: role, active account, day of last activity.
CREATE TABLE rollup_people (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    last_active_day DATE,
    PRIMARY KEY (organisation_id, user_id)
);
-- Active accounts per role.
CREATE TABLE rollup_accounts (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    accounts INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, role)
);
-- Active accounts per role and day of last activity: "active in the last N days" is the
-- sum of at most N rows, whatever the size of the history.
CREATE TABLE rollup_last_active_days (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    day DATE NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, role, day)
);
-- Events per kind and day.
CREATE TABLE rollup_event_days (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    day DATE NOT NULL,
    kind TEXT NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, day, kind)
);

-- The roll-ups replace the per-person last-activity table that every event write kept.
DROP TABLE people_activity;

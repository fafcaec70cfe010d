-- A closed programme's dashboard as it stood when it closed: its figures stay what they were
-- at closing, whatever happens afterwards (new people, raw activity deleted after the
-- retention period). JSON of the API's `ProgrammeDashboard`.
CREATE TABLE programme_closings (
    programme_id TEXT PRIMARY KEY NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    dashboard TEXT NOT NULL,
    closed_at TIMESTAMP NOT NULL
);

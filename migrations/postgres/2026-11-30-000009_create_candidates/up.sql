-- Step 2 — Who, finding ambassadors (C2–C5): the pipeline of each programme with its
-- history and the sites an ambassador covers, nominations and applications, admins' field
-- observations, and each programme's scoring weights.

CREATE TABLE candidacies (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL CHECK (state IN ('suggested', 'shortlisted', 'invited', 'accepted', 'declined', 'active', 'alumni')),
    role_description TEXT,
    decline_reason TEXT,
    invited_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX candidacies_person_idx ON candidacies (programme_id, person_id);
CREATE INDEX candidacies_person_state_idx ON candidacies (person_id, state);

-- Every move, kept: who, when, why.
CREATE TABLE candidacy_changes (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    candidacy_id TEXT NOT NULL REFERENCES candidacies (id) ON DELETE CASCADE,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id TEXT,
    note TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX candidacy_changes_candidacy_idx ON candidacy_changes (candidacy_id, occurred_at);

-- The sites an ambassador covers (named in the invitation).
CREATE TABLE ambassador_sites (
    candidacy_id TEXT NOT NULL REFERENCES candidacies (id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (candidacy_id, site_id)
);
CREATE INDEX ambassador_sites_site_idx ON ambassador_sites (site_id);

CREATE TABLE nominations (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('nomination', 'application')),
    nominator_id TEXT NOT NULL REFERENCES users (id),
    nominee_id TEXT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'retained', 'dismissed')),
    created_at TIMESTAMP NOT NULL,
    reviewed_at TIMESTAMP
);
-- One open nomination per nominator and nominee in a programme.
CREATE UNIQUE INDEX nominations_open_idx ON nominations (programme_id, nominator_id, nominee_id) WHERE status = 'open';
CREATE INDEX nominations_programme_idx ON nominations (organisation_id, programme_id, status, id);

CREATE TABLE field_observations (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    person_id TEXT NOT NULL REFERENCES users (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX field_observations_person_idx ON field_observations (organisation_id, person_id);

-- A programme's scoring weights, JSON of the API's `Weights`; defaults when absent.
CREATE TABLE candidate_weights (
    programme_id TEXT PRIMARY KEY NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    weights TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

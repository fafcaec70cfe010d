-- Step 3 — Value, contests (V3): a contest's settings (its windows, mode and audience), the
-- jury's criteria and jurors, the tips entered, the public's votes (one per entry and
-- voter), each juror's scores for an entry, and the results written when voting ends.

CREATE TABLE contests (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    rules TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('public', 'jury', 'mixed')),
    audience TEXT NOT NULL CHECK (audience IN ('organisation', 'regions', 'sites')),
    votes_per_voter INTEGER NOT NULL,
    public_weight INTEGER NOT NULL CHECK (public_weight BETWEEN 0 AND 100),
    winners INTEGER NOT NULL,
    submissions_open_at TIMESTAMP NOT NULL,
    submissions_close_at TIMESTAMP NOT NULL,
    voting_close_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Set once the results are final (the closing job ran).
    closed_at TIMESTAMP,
    CHECK (submissions_open_at < submissions_close_at AND submissions_close_at < voting_close_at)
);
CREATE INDEX contests_organisation_idx ON contests (organisation_id, voting_close_at);

-- The regions or sites of the audience (none for the whole organisation).
CREATE TABLE contest_places (
    contest_id TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    place_id TEXT NOT NULL,
    PRIMARY KEY (contest_id, place_id)
);

CREATE TABLE contest_criteria (
    contest_id TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    PRIMARY KEY (contest_id, position)
);

CREATE TABLE contest_jurors (
    contest_id TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (contest_id, person_id)
);

CREATE TABLE contest_entries (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    contest_id TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    entrant_id TEXT NOT NULL REFERENCES users (id),
    entered_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX contest_entries_tip_idx ON contest_entries (contest_id, tip_id);
CREATE INDEX contest_entries_entrant_idx ON contest_entries (entrant_id);

CREATE TABLE contest_votes (
    entry_id TEXT NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,
    voter_id TEXT NOT NULL REFERENCES users (id),
    contest_id TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    voted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, voter_id)
);
CREATE INDEX contest_votes_voter_idx ON contest_votes (contest_id, voter_id);

-- A juror's scores for an entry, one per criterion in the criteria's order ("8,6,9").
CREATE TABLE contest_scores (
    entry_id TEXT NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,
    juror_id TEXT NOT NULL REFERENCES users (id),
    scores TEXT NOT NULL,
    scored_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, juror_id)
);

-- Written once, when voting ends: what the winner badges and the candidates' scoring read.
CREATE TABLE contest_results (
    contest_id TEXT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    entry_id TEXT NOT NULL REFERENCES contest_entries (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id),
    rank INTEGER NOT NULL,
    winner INTEGER NOT NULL,
    PRIMARY KEY (contest_id, entry_id)
);
CREATE INDEX contest_results_person_idx ON contest_results (person_id, winner);

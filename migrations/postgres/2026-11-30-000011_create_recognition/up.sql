-- Step 3 — Value, recognition (V5): custom badges and every badge given (automatic ones at
-- most once per person), kudos, the points ledger the leaderboards sum (one row per event
-- that earned points), and who left leaderboards.

CREATE TABLE badges (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX badges_name_idx ON badges (organisation_id, name);

CREATE TABLE badge_awards (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    person_id TEXT NOT NULL REFERENCES users (id),
    automatic TEXT CHECK (automatic IN ('first_tip', 'ten_useful', 'contest_winner', 'appointed_ambassador', 'helpful_answerer')),
    badge_id TEXT REFERENCES badges (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    awarded_by TEXT REFERENCES users (id),
    awarded_at TIMESTAMP NOT NULL,
    CHECK ((automatic IS NULL) <> (badge_id IS NULL))
);
CREATE UNIQUE INDEX badge_awards_automatic_idx ON badge_awards (person_id, automatic) WHERE automatic IS NOT NULL;
CREATE UNIQUE INDEX badge_awards_custom_idx ON badge_awards (person_id, badge_id) WHERE badge_id IS NOT NULL;

CREATE TABLE kudos (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    from_id TEXT NOT NULL REFERENCES users (id),
    to_id TEXT NOT NULL REFERENCES users (id),
    message TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK (from_id <> to_id)
);
CREATE INDEX kudos_to_idx ON kudos (to_id, created_at);

CREATE TABLE points_ledger (
    event_id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    person_id TEXT NOT NULL REFERENCES users (id),
    earned_for TEXT NOT NULL CHECK (earned_for IN ('tip_published', 'reaction_received', 'comment_written', 'kudos_received', 'badge_earned')),
    points INTEGER NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX points_ledger_period_idx ON points_ledger (organisation_id, occurred_at);

CREATE TABLE recognition_preferences (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    leaderboard_opt_out INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

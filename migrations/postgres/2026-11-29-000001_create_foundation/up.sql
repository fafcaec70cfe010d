-- Foundation: tenants, people, sessions, signing keys, step 1 (programmes, needs,
-- objectives) and the append-only activity log. Portable SQL: ids are UUIDv7 text made in
-- Rust, flags are integers, timestamps are UTC without zone.

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    -- k of the privacy rule (T2); never below 5, enforced in the domain and here.
    k_threshold INTEGER NOT NULL DEFAULT 5 CHECK (k_threshold >= 5),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- Sign-in is by e-mail alone, so an address names one account across all tenants.
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'ambassador', 'learner')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_organisation_idx ON users (organisation_id, id);

-- A sign-in: the family of rotating refresh tokens. Revoking it ends the session.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    -- SHA-256 of the token; the token itself is never stored.
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    -- Set when rotated; presenting a used token again revokes the session.
    used_at TIMESTAMP
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Server secrets generated on first start, shared by every process on the database.
CREATE TABLE server_keys (
    id TEXT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX server_keys_purpose_idx ON server_keys (purpose, created_at);

CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    context TEXT NOT NULL CHECK (context IN ('engagement_deficit', 'tool_launch', 'skills_gap', 'onboarding', 'other')),
    description TEXT NOT NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('organisation')),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    activated_at TIMESTAMP,
    closed_at TIMESTAMP,
    retrospective TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on > starts_on)
);
CREATE INDEX programmes_organisation_idx ON programmes (organisation_id, id);

CREATE TABLE needs (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    evidence TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX needs_programme_idx ON needs (programme_id);

CREATE TABLE objectives (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    need_id TEXT NOT NULL REFERENCES needs (id),
    title TEXT NOT NULL,
    metric TEXT NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    due_on DATE NOT NULL,
    baseline DOUBLE PRECISION,
    baseline_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX objectives_programme_idx ON objectives (programme_id);
CREATE INDEX objectives_need_idx ON objectives (need_id);

-- Append-only: what happened, by whom, when. W3 metrics and step 5 analytics read it.
-- No foreign key on actor_id: erasure (T4) and roll-ups keep anonymous rows.
CREATE TABLE activity_events (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    actor_id TEXT,
    kind TEXT NOT NULL,
    object_type TEXT,
    object_id TEXT,
    community_id TEXT,
    site_id TEXT,
    occurred_at TIMESTAMP NOT NULL,
    value DOUBLE PRECISION
);
-- actor_id included: counting distinct active people in a window reads the index alone.
CREATE INDEX activity_events_time_idx ON activity_events (organisation_id, occurred_at, actor_id);
CREATE INDEX activity_events_actor_idx ON activity_events (organisation_id, actor_id, occurred_at);

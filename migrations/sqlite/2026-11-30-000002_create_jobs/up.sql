-- Durable background jobs, in the same database (see README: why not a queue crate).
CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    -- The organisation the job works for; none for the installation's own jobs.
    organisation_id TEXT REFERENCES organisations (id),
    kind TEXT NOT NULL,
    -- The job's input, JSON.
    payload TEXT NOT NULL,
    -- At most one pending job per key (a second enqueue with the key is a no-op).
    unique_key TEXT,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead')),
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    -- The worker holding the job, until when: an expired lease lets another worker take it.
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
-- Workers look for the next due job.
CREATE INDEX jobs_due_idx ON jobs (state, run_at);
CREATE UNIQUE INDEX jobs_pending_key_idx ON jobs (unique_key) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_organisation_idx ON jobs (organisation_id, state, id);

-- What probe jobs did: one row per run, so a test can count exactly-once effects.
CREATE TABLE job_probes (
    id TEXT PRIMARY KEY NOT NULL,
    job_id TEXT NOT NULL,
    worker TEXT NOT NULL,
    ran_at TIMESTAMP NOT NULL
);

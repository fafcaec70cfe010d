-- Creations sent with an `Idempotency-Key` header: the first answer, replayed for 24 hours
-- to the same person sending the same key again (a double click, a retry after a lost
-- answer), instead of creating twice.
CREATE TABLE idempotent_requests (
    user_id TEXT NOT NULL REFERENCES users (id),
    idempotency_key TEXT NOT NULL,
    -- SHA-256 of method, path and body: the same key for another request is refused.
    request_hash TEXT NOT NULL,
    -- Empty while the first request is being answered.
    status INTEGER,
    location TEXT,
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX idempotent_requests_created_idx ON idempotent_requests (created_at);

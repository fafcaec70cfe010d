-- A one-time link to set one's password: how an imported person gets a sign-in.
CREATE TABLE account_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    -- SHA-256 of the token; the token itself is only in the link.
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_invitations_user_idx ON account_invitations (user_id);

-- Security events admins can read: failed and throttled sign-ins, refresh-token re-use,
-- deactivations, sign-outs. Kept apart from the domain events: they are about access, not
-- about the programme, and some concern no organisation (an unknown e-mail).
CREATE TABLE security_events (
    id TEXT PRIMARY KEY NOT NULL,
    -- The organisation of the account concerned; none when the e-mail is no account.
    organisation_id TEXT REFERENCES organisations (id),
    kind TEXT NOT NULL,
    -- The e-mail typed, or the account's.
    account TEXT,
    user_id TEXT,
    -- The client's address (see trusted_proxies).
    address TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX security_events_organisation_idx ON security_events (organisation_id, id);

-- Step 3 — Value, tips (V1): a tip's image. The file, decoded and re-encoded by the server
-- (so no metadata or payload of the upload survives), lives under the data directory; this
-- row says which file, its type and size, and who may see it (the tip's organisation).

CREATE TABLE tip_images (
    tip_id TEXT PRIMARY KEY NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    alt TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL
);

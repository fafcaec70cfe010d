-- Step 3 — Value (V1, V2): tips with their tags and edit history, reactions, comments and
-- saves. The creator spotlight and the candidates' sharing signals are read from these.

CREATE TABLE tips (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    -- The Markdown as written, and its HTML rendered and sanitised when it was saved.
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    domain_id TEXT REFERENCES expertise_domains (id) ON DELETE SET NULL,
    -- Communities arrive with step 4; until then always empty.
    community_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    -- Title, body and tags as the search reads them: accents folded, French words stemmed.
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX tips_feed_idx ON tips (organisation_id, status, published_at);
CREATE INDEX tips_author_idx ON tips (author_id, updated_at);

CREATE TABLE tip_tags (
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (tip_id, tag)
);
CREATE INDEX tip_tags_tag_idx ON tip_tags (organisation_id, tag);

-- Each edit keeps what the tip was before it.
CREATE TABLE tip_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    editor_id TEXT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL,
    edited_at TIMESTAMP NOT NULL
);
CREATE INDEX tip_revisions_tip_idx ON tip_revisions (tip_id, edited_at);

-- At most one reaction of each kind per person and tip; never on one's own tip.
CREATE TABLE tip_reactions (
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('useful', 'bravo', 'insightful')),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tip_id, person_id, kind)
);
CREATE INDEX tip_reactions_person_idx ON tip_reactions (person_id);

CREATE TABLE tip_comments (
    id TEXT PRIMARY KEY NOT NULL,
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    author_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX tip_comments_tip_idx ON tip_comments (tip_id, created_at);

CREATE TABLE tip_saves (
    person_id TEXT NOT NULL REFERENCES users (id),
    tip_id TEXT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, tip_id)
);
CREATE INDEX tip_saves_tip_idx ON tip_saves (tip_id);

-- Full-text search (SQLite): an FTS5 index of search_text, kept by triggers, its rows numbered
-- as the tips' rows so that a search joins on row numbers (reading 60,000 matching ids
-- instead cost 60 ms over 100,000 tips). A manual VACUUM may renumber the tips' rows: the
-- search then checks each row's tip id (a stale entry finds nothing, never a wrong tip), and
-- `DELETE FROM tips_fts; INSERT INTO tips_fts (rowid, tip_id, search_text) SELECT rowid, id,
-- search_text FROM tips;` rebuilds it. Entries are removed by the tip's id, a phrase of its own
-- column, which holds whatever the numbering. PostgreSQL has a GIN index instead.
CREATE VIRTUAL TABLE tips_fts USING fts5 (tip_id, search_text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER tips_fts_insert AFTER INSERT ON tips BEGIN
    INSERT OR REPLACE INTO tips_fts (rowid, tip_id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER tips_fts_update AFTER UPDATE OF search_text ON tips BEGIN
    DELETE FROM tips_fts WHERE rowid IN (SELECT rowid FROM tips_fts WHERE tips_fts MATCH 'tip_id : "' || old.id || '"');
    INSERT OR REPLACE INTO tips_fts (rowid, tip_id, search_text) VALUES (new.rowid, new.id, new.search_text);
END;
CREATE TRIGGER tips_fts_delete AFTER DELETE ON tips BEGIN
    DELETE FROM tips_fts WHERE rowid IN (SELECT rowid FROM tips_fts WHERE tips_fts MATCH 'tip_id : "' || old.id || '"');
END;

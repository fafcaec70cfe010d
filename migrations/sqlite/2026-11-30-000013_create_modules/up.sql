-- Step 3 — Value, modules with featured experts (V4): the catalogue of training modules
-- (internal, or living in the LMS with its URL and xAPI activity id), the colleagues
-- credited as their experts, and completions (said in the app, or reported by the LMS).

CREATE TABLE modules (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    domain_id TEXT REFERENCES expertise_domains (id) ON DELETE SET NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 6000),
    delivery TEXT NOT NULL CHECK (delivery IN ('internal', 'lms')),
    description TEXT NOT NULL,
    url TEXT,
    xapi_activity_id TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((delivery = 'lms') = (url IS NOT NULL))
);
CREATE INDEX modules_organisation_idx ON modules (organisation_id, title);
-- The LMS reports completions by activity id: one module per id in an organisation.
CREATE UNIQUE INDEX modules_activity_idx ON modules (organisation_id, xapi_activity_id) WHERE xapi_activity_id IS NOT NULL;

CREATE TABLE module_experts (
    module_id TEXT NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (module_id, person_id)
);
CREATE INDEX module_experts_person_idx ON module_experts (person_id);

CREATE TABLE module_completions (
    module_id TEXT NOT NULL REFERENCES modules (id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    source TEXT NOT NULL CHECK (source IN ('app', 'lms')),
    completed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (module_id, person_id)
);
CREATE INDEX module_completions_person_idx ON module_completions (person_id);

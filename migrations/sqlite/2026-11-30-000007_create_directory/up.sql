-- Step 2 — Who, the people directory (C1): regions, sites, expertise domains, each person's
-- work facts, and HR file imports. Work facts extend an account one to one (a person and an
-- account are one thing); an account without a row has the defaults (no site, no level).

CREATE TABLE regions (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    -- Names compare case-insensitively (the import matches them so): lower-cased here.
    name_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX regions_name_idx ON regions (organisation_id, name_key);

CREATE TABLE sites (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    region_id TEXT NOT NULL REFERENCES regions (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('store', 'agency', 'plant', 'office', 'field_team')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sites_name_idx ON sites (organisation_id, name_key);
CREATE INDEX sites_region_idx ON sites (region_id);

CREATE TABLE expertise_domains (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX expertise_domains_name_idx ON expertise_domains (organisation_id, name_key);

CREATE TABLE work_facts (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- The HR system's key: unique in the organisation, the import's upsert key.
    hr_id TEXT,
    job_title TEXT NOT NULL,
    management_level TEXT NOT NULL CHECK (management_level IN ('none', 'team_lead', 'manager', 'site_manager', 'regional_director', 'executive')),
    manager_id TEXT REFERENCES users (id),
    site_id TEXT REFERENCES sites (id),
    work_pattern TEXT NOT NULL CHECK (work_pattern IN ('office', 'field', 'itinerant')),
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX work_facts_hr_id_idx ON work_facts (organisation_id, hr_id);
CREATE INDEX work_facts_manager_idx ON work_facts (manager_id);
CREATE INDEX work_facts_site_idx ON work_facts (site_id);

CREATE TABLE person_domains (
    user_id TEXT NOT NULL REFERENCES users (id),
    domain_id TEXT NOT NULL REFERENCES expertise_domains (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (user_id, domain_id)
);
CREATE INDEX person_domains_domain_idx ON person_domains (domain_id);

-- An HR file sent for import: kept with its preview and result, so the screen can show
-- them and applying reads the very file that was previewed.
CREATE TABLE directory_imports (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    created_by TEXT REFERENCES users (id),
    file_name TEXT NOT NULL,
    content TEXT NOT NULL,
    deactivate_missing INTEGER NOT NULL CHECK (deactivate_missing IN (0, 1)),
    state TEXT NOT NULL CHECK (state IN ('previewing', 'previewed', 'applying', 'applied', 'rejected')),
    -- JSON of the API's ImportReport.
    preview TEXT,
    result TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    applied_at TIMESTAMP
);
CREATE INDEX directory_imports_organisation_idx ON directory_imports (organisation_id, id);

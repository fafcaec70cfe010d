DROP INDEX people_activity_recent_idx;
CREATE INDEX people_activity_recent_idx ON people_activity (organisation_id, last_active_at);
DROP INDEX users_role_idx;

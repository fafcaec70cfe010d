-- Counting people by role, and who was active since a date, read these indexes alone
-- (measured on 50,000 people: 45 ms → 4 ms and 157 ms → 60 ms on SQLite).
CREATE INDEX users_role_idx ON users (organisation_id, role, active, created_at, id);
DROP INDEX people_activity_recent_idx;
CREATE INDEX people_activity_recent_idx ON people_activity (organisation_id, last_active_at, user_id);

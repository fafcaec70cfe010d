-- One value a day of each objective's metric while its programme is active, recorded by a
-- daily job (and at activation, the baseline): the trend line beside the pacing bar. Days
-- without a value (no data yet, or hidden below k) have no row.
CREATE TABLE objective_readings (
    objective_id TEXT NOT NULL REFERENCES objectives (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    value DOUBLE PRECISION NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (objective_id, day)
);

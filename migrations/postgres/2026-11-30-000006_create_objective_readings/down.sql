DROP TABLE objective_readings;

DROP TABLE people_activity;

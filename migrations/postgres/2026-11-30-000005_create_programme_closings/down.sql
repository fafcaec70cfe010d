DROP TABLE programme_closings;

DROP TABLE contest_results;
DROP TABLE contest_scores;
DROP TABLE contest_votes;
DROP TABLE contest_entries;
DROP TABLE contest_jurors;
DROP TABLE contest_criteria;
DROP TABLE contest_places;
DROP TABLE contests;

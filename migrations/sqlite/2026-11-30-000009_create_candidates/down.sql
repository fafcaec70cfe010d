DROP TABLE candidate_weights;
DROP TABLE field_observations;
DROP TABLE nominations;
DROP TABLE ambassador_sites;
DROP TABLE candidacy_changes;
DROP TABLE candidacies;

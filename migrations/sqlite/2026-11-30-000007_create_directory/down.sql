DROP TABLE directory_imports;
DROP TABLE person_domains;
DROP TABLE work_facts;
DROP TABLE expertise_domains;
DROP TABLE sites;
DROP TABLE regions;

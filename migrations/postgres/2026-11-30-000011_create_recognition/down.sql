DROP TABLE recognition_preferences;
DROP TABLE points_ledger;
DROP TABLE kudos;
DROP TABLE badge_awards;
DROP TABLE badges;

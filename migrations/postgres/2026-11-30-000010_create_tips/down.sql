DROP TABLE tip_saves;
DROP TABLE tip_comments;
DROP TABLE tip_reactions;
DROP TABLE tip_revisions;
DROP TABLE tip_tags;
DROP TABLE tips;

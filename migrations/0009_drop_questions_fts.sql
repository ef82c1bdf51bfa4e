-- Search is answered by the in-memory index each process builds from the questions (src/search/):
-- the full-text table is no longer read or written.
DROP TABLE IF EXISTS `questions_fts`;

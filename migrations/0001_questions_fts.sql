-- Full-text index over questions, kept in step by the seed loader (rowid = questions.id).
-- Porter stemming so "regularize" finds "regularization"; unicode61 folds case and diacritics.
CREATE VIRTUAL TABLE `questions_fts` USING fts5(
  `title`,
  `tags`,
  `body`,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

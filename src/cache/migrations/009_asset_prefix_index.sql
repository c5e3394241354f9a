-- 9: the asset search index also indexes the first one and two characters of every token,
-- so the prefix of a short last word (`24`, or the `g` of `24-G`) is one lookup in the
-- index instead of a merge of every token that starts with it (`24-G` is `"24 g"*`: the
-- tokens starting with `g` are thousands of product codes). Ranking is unchanged: BM25
-- reads the same token counts.
--
-- FTS5 fixes its options when the table is created, so the index is made again, from the
-- live assets alone, as the triggers and the page writer keep it: `rebuild` would also index
-- the assets gone from PhotoShelter. The triggers of 8 name the table and keep working.

DROP TABLE assets_fts;

CREATE VIRTUAL TABLE assets_fts USING fts5 (
    file_name, title, caption, keywords,
    content = 'assets', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
);

INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
SELECT id, file_name, title, caption, keywords FROM assets WHERE deleted_at IS NULL;

-- 8: a sync writes the search index of a page of images once for the page, not once per
-- image. While `fts_deferred` holds its row (only ever inside one page's transaction, see
-- `cache::catalog::asset_index`), the asset triggers leave `assets_fts` alone and the page
-- writer deletes and re-inserts the index rows of its images itself, in two statements:
-- FTS5 writes its pending index to disk at every statement that changes it, which per image
-- was a fifth of a cold sync.

CREATE TABLE fts_deferred (
    one INTEGER PRIMARY KEY CHECK (one = 1)
) STRICT;

DROP TRIGGER assets_fts_insert;
DROP TRIGGER assets_fts_delete;
DROP TRIGGER assets_fts_update;

CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets
WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
    INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
    VALUES (new.id, new.file_name, new.title, new.caption, new.keywords);
END;

CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets
WHEN old.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
    INSERT INTO assets_fts (assets_fts, rowid, file_name, title, caption, keywords)
    VALUES ('delete', old.id, old.file_name, old.title, old.caption, old.keywords);
END;

CREATE TRIGGER assets_fts_update
AFTER UPDATE OF file_name, title, caption, keywords, deleted_at ON assets
WHEN NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
    INSERT INTO assets_fts (assets_fts, rowid, file_name, title, caption, keywords)
    SELECT 'delete', old.id, old.file_name, old.title, old.caption, old.keywords
    WHERE old.deleted_at IS NULL;
    INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
    SELECT new.id, new.file_name, new.title, new.caption, new.keywords
    WHERE new.deleted_at IS NULL;
END;

-- The rights JSON of each asset moves out of `assets` into a table of its own. The two JSON
-- columns made up most of an asset row (about 1.5 KB each), so every row filled its own
-- page and any scan of `assets` that no index answers (search filters, the verdict filter)
-- read the whole table. The small columns derived from the rights (`licence_*`, `regions`,
-- `channels`, the releases) stay in `assets`: the verdict is computed in SQL from them.

CREATE TABLE asset_rights (
    asset_id            INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    rights              TEXT NOT NULL DEFAULT '{}', -- JSON rights::Rights in force (PhotoShelter first, then the 4ALLPORTAL file)
    rights_photoshelter TEXT NOT NULL DEFAULT '{}'  -- JSON rights::Rights as PhotoShelter gives them
) STRICT;

INSERT INTO asset_rights (asset_id, rights, rights_photoshelter)
SELECT id, rights, rights_photoshelter FROM assets;

ALTER TABLE assets DROP COLUMN rights;
ALTER TABLE assets DROP COLUMN rights_photoshelter;

-- Dropping the columns rewrites each row in place and leaves the old rows' pages mostly
-- empty: a cache that held assets is compacted (VACUUM) right after its migrations ran
-- (`open.rs`), outside their transaction.
INSERT INTO workspace_meta (key, value)
SELECT 'compact_pending', 'asset_rights moved out of assets' WHERE EXISTS (SELECT 1 FROM assets)
ON CONFLICT (key) DO NOTHING;

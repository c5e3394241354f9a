-- Verdict filters over the whole cache read plain columns instead of computing each
-- asset's days left (`verdict_sql::condition`).
--
-- `licence_ok_until`: the first instant at which the licence is no longer plainly valid by
-- time alone: the first instant of the policy's widest warning window (the verdict turns
-- `expiring` then), or the end itself when the policy warns of none; NULL without an end.
-- Like the other licence instants it depends on the zone licence days are read in, and on
-- the warning windows too: `rights_columns::ensure_zone` computes it again when either
-- changes, and for every asset with a licence end the first time it runs on this schema
-- (it finds no record of the windows the column was computed for).
ALTER TABLE assets ADD COLUMN licence_ok_until TEXT;

-- Every column a verdict filter reads, so counting the matches of `ok` (most assets) or
-- `expiring` reads this index alone. `deleted_at` is listed for SQLite to treat the index
-- as covering: the partial index's own condition does not count as holding the column.
CREATE INDEX assets_verdict ON assets
    (licence_ok_until, licence_end_at, licence_start_at, licence_terms, deleted_at)
    WHERE deleted_at IS NULL;

-- The licence-end sort (`AssetSort::LicenceEnd`) also carries what a verdict filter reads,
-- so a page of `ok` read in that order skips the ended and ending licences at its start
-- in the index, without looking each of their rows up.
DROP INDEX assets_licence_end_sort;
CREATE INDEX assets_licence_end_sort ON assets
    ((licence_end IS NULL), licence_end, id,
     licence_ok_until, licence_end_at, licence_start_at, licence_terms)
    WHERE deleted_at IS NULL;

-- Newest first (`AssetSort::Relevance` without search words) orders by upload time
-- descending and then by id ascending: SQLite answers such an ORDER BY from an index only
-- when the index runs the same directions, so without this one it sorted every asset.
CREATE INDEX assets_newest_first ON assets (uploaded_at DESC, id) WHERE deleted_at IS NULL;

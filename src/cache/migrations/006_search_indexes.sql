-- Indexes for the searches and sorts the panes run on a large catalog, each matching a
-- query in cache::search exactly (an ORDER BY is answered from an index only when it names
-- the same terms in the same order).

-- Assets by licence end, soonest first and those without an end last
-- (`AssetSort::LicenceEnd`).
CREATE INDEX assets_licence_end_sort ON assets ((licence_end IS NULL), licence_end, id)
    WHERE deleted_at IS NULL;
-- Assets by last change in PhotoShelter (`AssetSort::Updated`).
CREATE INDEX assets_updated_at ON assets (updated_at) WHERE deleted_at IS NULL;
-- The rows a verdict filter can match (`verdict_sql::narrowing`): not yet valid, and
-- without licence terms (unknown). Expired and expiring use the licence end indexes of 2.
CREATE INDEX assets_licence_start_at ON assets (licence_start_at) WHERE deleted_at IS NULL;
CREATE INDEX assets_without_terms ON assets (licence_terms) WHERE deleted_at IS NULL;

-- Products by SKU (the list's default order) and by name, and their count, without
-- reading the product rows.
CREATE INDEX products_live_sku ON products (sku COLLATE NOCASE, id) WHERE deleted_at IS NULL;
CREATE INDEX products_live_name ON products (name COLLATE NOCASE, id) WHERE deleted_at IS NULL;

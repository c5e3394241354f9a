-- 2: the catalog. Both systems as last synced (PhotoShelter collections, galleries and
-- assets; 4ALLPORTAL products, files, categories and users), the links between them,
-- version groups, sync cursors and progress, what Shelflink wrote itself, and the
-- activity log.
--
-- Times are RFC 3339 UTC text with milliseconds (`2025-01-15T09:00:00.000Z`), so they sort
-- and compare as text; days are `YYYY-MM-DD`. JSON columns hold JSON text. Remote objects
-- that disappear are kept with `deleted_at` set, so links to them can say so.

-- PhotoShelter ------------------------------------------------------------------------

CREATE TABLE collections (
    id          TEXT PRIMARY KEY NOT NULL,  -- PhotoShelter collection id (C…)
    parent_id   TEXT,                       -- the collection it is in; NULL at the top
    name        TEXT NOT NULL,
    path        TEXT NOT NULL,              -- names from the top down to it, ' / ' between
    modified_at TEXT,                       -- PhotoShelter modified_at
    synced_at   TEXT NOT NULL
) STRICT;

CREATE TABLE galleries (
    id                 TEXT PRIMARY KEY NOT NULL, -- PhotoShelter gallery id (G…)
    collection_id      TEXT,                      -- the collection it is in; NULL at the top
    name               TEXT NOT NULL,
    path               TEXT NOT NULL,             -- collection names / gallery name
    modified_at        TEXT,                      -- PhotoShelter modified_at, as of the last tree walk
    synced_modified_at TEXT,                      -- modified_at when its images were last read to the end; NULL = never
    image_count        INTEGER NOT NULL DEFAULT 0,
    synced_at          TEXT NOT NULL
) STRICT;

CREATE TABLE assets (
    id                  INTEGER PRIMARY KEY,   -- links point here; rowid of assets_fts
    ps_id               TEXT NOT NULL UNIQUE,  -- PhotoShelter image id (I…)
    file_name           TEXT NOT NULL,
    file_size           INTEGER,
    width               INTEGER,
    height              INTEGER,
    title               TEXT,                  -- IPTC
    caption             TEXT,
    headline            TEXT,
    credit              TEXT,
    copyright           TEXT,
    author              TEXT,
    keywords            TEXT NOT NULL DEFAULT '[]', -- JSON array, in PhotoShelter's order
    rating              INTEGER,               -- 0–5
    flagged             INTEGER NOT NULL DEFAULT 0,
    rights              TEXT NOT NULL DEFAULT '{}', -- JSON rights::Rights in force (PhotoShelter first, then the 4ALLPORTAL file)
    rights_photoshelter TEXT NOT NULL DEFAULT '{}', -- JSON rights::Rights as PhotoShelter gives them
    -- Columns derived from `rights` so the verdict can be computed in SQL:
    licence_start       TEXT,                  -- first usable day, as written
    licence_end         TEXT,                  -- last usable day, as written
    licence_start_at    TEXT,                  -- first usable instant (licence zone applied)
    licence_end_at      TEXT,                  -- first instant no longer usable
    licence_end_offset  INTEGER,               -- minutes east of UTC of the end's own zone; NULL = the licence zone
    licence_zone        TEXT,                  -- the zone the two instants were computed in
    licence_terms       INTEGER NOT NULL DEFAULT 0, -- 1 when anything says on what terms it may be used
    model_release       TEXT,                  -- rights::ReleaseStatus, snake_case
    property_release    TEXT,
    regions             TEXT,                  -- JSON array of ISO codes; NULL = worldwide
    channels            TEXT,                  -- JSON array of channel names; NULL = any
    approval            TEXT NOT NULL DEFAULT 'open'
                        CHECK (approval IN ('open', 'approved', 'rejected')),
    approval_source     TEXT CHECK (approval_source IN ('shelflink', 'photoshelter')),
    approved_at         TEXT,
    uploaded_at         TEXT,
    updated_at          TEXT,                  -- PhotoShelter updated_at
    fingerprint         TEXT,                  -- changes when the pixels change (rendition token, file size, updated_at)
    thumb_base          TEXT,                  -- ImageLink base and token: rendition URLs of any size
    thumb_token         TEXT,
    record_hash         TEXT,                  -- hash of the record last stored (unchanged records are skipped)
    deleted_at          TEXT,                  -- gone from PhotoShelter
    synced_at           TEXT NOT NULL
) STRICT;
CREATE INDEX assets_licence_end ON assets (licence_end) WHERE deleted_at IS NULL;
CREATE INDEX assets_licence_end_at ON assets (licence_end_at) WHERE deleted_at IS NULL;
CREATE INDEX assets_approval ON assets (approval);
CREATE INDEX assets_file_name ON assets (file_name COLLATE NOCASE);
CREATE INDEX assets_uploaded_at ON assets (uploaded_at);

CREATE TABLE gallery_assets (
    gallery_id TEXT NOT NULL REFERENCES galleries (id) ON DELETE CASCADE,
    asset_id   INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,               -- place in the gallery, 0 first
    pass       TEXT,                           -- sync bookkeeping: the listing that last saw it
    PRIMARY KEY (gallery_id, asset_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX gallery_assets_asset ON gallery_assets (asset_id);

-- 4ALLPORTAL --------------------------------------------------------------------------

CREATE TABLE products (
    id           INTEGER PRIMARY KEY,          -- links point here; rowid of products_fts
    ap_id        TEXT NOT NULL UNIQUE,         -- 4ALLPORTAL object id
    sku          TEXT,                         -- unique among live products
    name         TEXT NOT NULL DEFAULT '',
    description  TEXT,
    category     TEXT,                         -- path (else name) of the first category
    category_ids TEXT NOT NULL DEFAULT '[]',   -- JSON array of category object ids
    campaigns    TEXT NOT NULL DEFAULT '[]',   -- JSON array
    campaign     TEXT,                         -- the first campaign
    owner        TEXT,                         -- 4ALLPORTAL user id of the product owner
    owner_name   TEXT,                         -- the owner's display name
    parent_ap_id TEXT,                         -- the parent product of a variant
    has_children INTEGER NOT NULL DEFAULT 0,
    colour       TEXT,
    size         TEXT,
    status       TEXT,
    mod_time     TEXT,                         -- 4ALLPORTAL mod_time
    mod_time_img TEXT,
    fields       TEXT NOT NULL DEFAULT '{}',   -- the raw object as 4ALLPORTAL sent it
    record_hash  TEXT,
    deleted_at   TEXT,                         -- gone from 4ALLPORTAL
    synced_at    TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX products_sku ON products (sku) WHERE deleted_at IS NULL AND sku IS NOT NULL;
CREATE INDEX products_campaign ON products (campaign);
CREATE INDEX products_owner ON products (owner);
CREATE INDEX products_parent ON products (parent_ap_id);
CREATE INDEX products_name ON products (name COLLATE NOCASE);

-- The product's image relation as 4ALLPORTAL has it (A5), one row per position.
CREATE TABLE product_images (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,               -- place in `images`, 0 first
    ap_file_id TEXT NOT NULL,
    role       TEXT,                           -- `image_roles` at the same place, as written
    is_main    INTEGER NOT NULL DEFAULT 0,     -- it is the `main_image`
    PRIMARY KEY (product_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX product_images_file ON product_images (ap_file_id);

-- 4ALLPORTAL files that carry a PhotoShelter image (A7).
CREATE TABLE ap_files (
    ap_id           TEXT PRIMARY KEY NOT NULL,
    ps_id           TEXT,                      -- photoshelter_id
    name            TEXT,
    approval_status TEXT,                      -- open | approved | rejected
    rights_flag     TEXT,                      -- ok | expiring | expired | restricted
    rights          TEXT NOT NULL DEFAULT '{}', -- JSON rights::Rights from the file's fields
    fields          TEXT NOT NULL DEFAULT '{}', -- the raw object
    mod_time        TEXT,
    mod_time_img    TEXT,
    record_hash     TEXT,
    deleted_at      TEXT,
    synced_at       TEXT NOT NULL
) STRICT;
CREATE INDEX ap_files_ps_id ON ap_files (ps_id);

CREATE TABLE ap_categories (
    ap_id        TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    path         TEXT,                         -- e.g. `Men/Tops/Hoodies & Sweatshirts`
    parent_ap_id TEXT,
    mod_time     TEXT,
    deleted_at   TEXT,
    synced_at    TEXT NOT NULL
) STRICT;

CREATE TABLE ap_users (
    ap_id        TEXT PRIMARY KEY NOT NULL,
    username     TEXT,
    display_name TEXT,
    email        TEXT,
    mod_time     TEXT,
    deleted_at   TEXT,
    synced_at    TEXT NOT NULL
) STRICT;

-- Shelflink ---------------------------------------------------------------------------

CREATE TABLE links (
    id           INTEGER PRIMARY KEY,
    product_id   INTEGER NOT NULL REFERENCES products (id),
    asset_id     INTEGER NOT NULL REFERENCES assets (id),
    role         TEXT NOT NULL DEFAULT 'gallery'
                 CHECK (role IN ('hero', 'gallery', 'detail', 'swatch')),
    position     INTEGER NOT NULL DEFAULT 0,   -- place in the product's images, 0 first
    state        TEXT NOT NULL DEFAULT 'draft'
                 CHECK (state IN ('draft', 'queued', 'pushed', 'confirmed', 'failed')),
    state_reason TEXT,                         -- why it failed, and what to do
    origin       TEXT NOT NULL CHECK (origin IN ('user', 'suggestion', 'remote', 'version')),
    ap_file_id   TEXT,                         -- the 4ALLPORTAL file that carries the asset
    flag         TEXT CHECK (flag IN ('expired', 'expiring', 'restricted', 'remote_deleted')),
    flag_reason  TEXT,
    flagged_at   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (product_id, asset_id)
) STRICT;
CREATE INDEX links_asset ON links (asset_id);
CREATE INDEX links_flag ON links (flag) WHERE flag IS NOT NULL;

CREATE TABLE version_groups (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,     -- model::GroupId: the shot key of a found group, a generated id of a hand-made one
    origin           TEXT NOT NULL CHECK (origin IN ('rule', 'hand')),
    current_asset_id INTEGER REFERENCES assets (id),
    updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE version_members (
    group_id   INTEGER NOT NULL REFERENCES version_groups (id) ON DELETE CASCADE,
    asset_id   INTEGER NOT NULL UNIQUE REFERENCES assets (id),
    version_no INTEGER NOT NULL,
    view       TEXT,
    PRIMARY KEY (group_id, asset_id)
) STRICT, WITHOUT ROWID;

-- Sync bookkeeping --------------------------------------------------------------------

-- Where each change feed stands: the last event id of a connector, the last mod_time read…
CREATE TABLE sync_cursors (
    service    TEXT NOT NULL CHECK (service IN ('photoshelter', 'allportal')),
    scope      TEXT NOT NULL,                  -- e.g. `events:shelflink_product`, `mod_time:category`
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (service, scope)
) STRICT, WITHOUT ROWID;

-- How far an unfinished listing came, committed with each page, so a killed sync resumes
-- without reading finished pages again. Rows of a finished sync are removed.
CREATE TABLE sync_progress (
    service    TEXT NOT NULL CHECK (service IN ('photoshelter', 'allportal')),
    scope      TEXT NOT NULL,                  -- e.g. `gallery:G0000…`, `list:product`
    page       INTEGER NOT NULL DEFAULT 0,     -- pages finished
    done       INTEGER NOT NULL DEFAULT 0,     -- 1 = read to the end in this round
    state      TEXT,                           -- JSON: what a resume needs to check
    updated_at TEXT NOT NULL,
    PRIMARY KEY (service, scope)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
    state       TEXT NOT NULL CHECK (state IN ('running', 'finished', 'cancelled', 'failed')),
    error       TEXT,
    report      TEXT                           -- JSON sync::SyncReport
) STRICT;

-- What Shelflink itself wrote, so that sync recognises its own change coming back.
CREATE TABLE own_writes (
    id         INTEGER PRIMARY KEY,
    service    TEXT NOT NULL CHECK (service IN ('photoshelter', 'allportal')),
    object_id  TEXT NOT NULL,                  -- PhotoShelter image id or 4ALLPORTAL object id
    field      TEXT NOT NULL,                  -- cache::own_writes::Field
    value_hash TEXT NOT NULL,                  -- hash of the normalised value written
    written_at TEXT NOT NULL,
    job_id     INTEGER                         -- the job that wrote it (the jobs table comes later)
) STRICT;
CREATE INDEX own_writes_object ON own_writes (service, object_id, field);

CREATE TABLE activity (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL,                  -- e.g. `asset_added`, `link_flagged`, `sync_finished`
    summary    TEXT NOT NULL,                  -- one line for a person
    product_id INTEGER REFERENCES products (id),
    asset_id   INTEGER REFERENCES assets (id),
    job_id     INTEGER,
    details    TEXT                            -- JSON
) STRICT;
CREATE INDEX activity_at ON activity (at);

-- Search ------------------------------------------------------------------------------

CREATE VIRTUAL TABLE assets_fts USING fts5 (
    file_name, title, caption, keywords,
    content = 'assets', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
    VALUES (new.id, new.file_name, new.title, new.caption, new.keywords);
END;

CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets WHEN old.deleted_at IS NULL BEGIN
    INSERT INTO assets_fts (assets_fts, rowid, file_name, title, caption, keywords)
    VALUES ('delete', old.id, old.file_name, old.title, old.caption, old.keywords);
END;

CREATE TRIGGER assets_fts_update
AFTER UPDATE OF file_name, title, caption, keywords, deleted_at ON assets BEGIN
    INSERT INTO assets_fts (assets_fts, rowid, file_name, title, caption, keywords)
    SELECT 'delete', old.id, old.file_name, old.title, old.caption, old.keywords
    WHERE old.deleted_at IS NULL;
    INSERT INTO assets_fts (rowid, file_name, title, caption, keywords)
    SELECT new.id, new.file_name, new.title, new.caption, new.keywords
    WHERE new.deleted_at IS NULL;
END;

CREATE VIRTUAL TABLE products_fts USING fts5 (
    sku, name, category, campaigns,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER products_fts_insert AFTER INSERT ON products WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO products_fts (rowid, sku, name, category, campaigns)
    VALUES (new.id, new.sku, new.name, new.category, new.campaigns);
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products WHEN old.deleted_at IS NULL BEGIN
    INSERT INTO products_fts (products_fts, rowid, sku, name, category, campaigns)
    VALUES ('delete', old.id, old.sku, old.name, old.category, old.campaigns);
END;

CREATE TRIGGER products_fts_update
AFTER UPDATE OF sku, name, category, campaigns, deleted_at ON products BEGIN
    INSERT INTO products_fts (products_fts, rowid, sku, name, category, campaigns)
    SELECT 'delete', old.id, old.sku, old.name, old.category, old.campaigns
    WHERE old.deleted_at IS NULL;
    INSERT INTO products_fts (rowid, sku, name, category, campaigns)
    SELECT new.id, new.sku, new.name, new.category, new.campaigns
    WHERE new.deleted_at IS NULL;
END;

-- 3: the transfer queue. Every remote write Shelflink makes is a job, committed here before
-- it runs (the outbox), carried out by the worker in `transfer/`, effect exactly once.
--
-- States: queued → running → done | failed | needs_attention | cancelled.
--   queued           waits for its turn (`next_try_at`, its dependencies, its lock);
--   running          a worker is carrying it out; left so by a crash, it is resumed on the
--                    next start (every job looks up the remote state before it writes);
--   failed           the last attempt failed: tried again at `next_try_at`, or, with no
--                    `next_try_at`, given up (attempts used up) until a person retries it;
--   needs_attention  cannot go on until a person acts (`attention_reason` says on what:
--                    expired rights, an image no longer approved, a deleted product…);
--   cancelled        stopped by a person, or because a job it depended on was cancelled.
-- Times are RFC 3339 UTC text with milliseconds, like the catalog.

CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: keys and tasks derive from it
    kind             TEXT NOT NULL CHECK (kind IN (
                         'upload_file', 'relate', 'write_back', 'tag_keywords',
                         'replace_version', 'unlink', 'share', 'notify_owner',
                         'flag_rights', 'approval_signal')),
    service          TEXT NOT NULL CHECK (service IN ('photoshelter', 'allportal')), -- the system it writes to
    idempotency_key  TEXT NOT NULL UNIQUE,  -- kind|source|target|version: the same intent is queued once
    payload          TEXT NOT NULL,         -- JSON transfer::Payload: everything the job needs
    summary          TEXT NOT NULL,         -- one line for a person: what the job does
    lock_key         TEXT,                  -- jobs with the same lock never run at once (one remote object read-modify-written)
    -- Catalog rows the job is about (no foreign keys: sync may remove a row meanwhile, and the
    -- payload names the remote objects by their own ids anyway).
    asset_id         INTEGER,               -- assets.id of the asset it carries, checked again before each attempt
    product_id       INTEGER,               -- products.id of the product it changes
    link_id          INTEGER,               -- links.id of the link whose state follows this job
    state            TEXT NOT NULL DEFAULT 'queued' CHECK (state IN (
                         'queued', 'running', 'done', 'failed', 'needs_attention', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0, -- attempts started (an offline wait does not count)
    max_attempts     INTEGER NOT NULL,      -- then it is given up ('failed' without next_try_at)
    next_try_at      TEXT,                  -- not before this instant (backoff, Retry-After, offline); NULL = at once
    last_error       TEXT,                  -- what went wrong last, and what to do
    attention_reason TEXT,                  -- why it needs a person, with the date that matters
    cancel_requested INTEGER NOT NULL DEFAULT 0, -- a person cancelled it while it ran
    result           TEXT,                  -- JSON of what it made or found (file id, gallery, share URL…)
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    started_at       TEXT,                  -- the last attempt's start
    finished_at      TEXT                   -- when it reached done, needs_attention or cancelled, or was given up
) STRICT;
CREATE INDEX jobs_state ON jobs (state, next_try_at);
CREATE INDEX jobs_link ON jobs (link_id) WHERE link_id IS NOT NULL;
CREATE INDEX jobs_asset ON jobs (asset_id) WHERE asset_id IS NOT NULL;

-- A job runs only once every job it depends on is done (upload before relate).
CREATE TABLE job_deps (
    job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    depends_on INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    PRIMARY KEY (job_id, depends_on)
) STRICT, WITHOUT ROWID;
CREATE INDEX job_deps_on ON job_deps (depends_on);

-- Every attempt, for the job history and to bound retries. An attempt a crash cut short
-- keeps outcome NULL until the next start marks it 'interrupted'.
CREATE TABLE job_attempts (
    id          INTEGER PRIMARY KEY,
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,           -- jobs.attempts when it started
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT CHECK (outcome IN (
                    'done', 'retry', 'failed', 'offline', 'needs_attention', 'cancelled', 'interrupted')),
    error       TEXT
) STRICT;
CREATE INDEX job_attempts_job ON job_attempts (job_id);

-- Suggested links a person rejected, so they are not proposed again. Keyed by the remote
-- ids (PhotoShelter image id, 4ALLPORTAL product id), which outlive any re-sync.

CREATE TABLE suggestion_rejections (
    asset_ps_id   TEXT NOT NULL,  -- PhotoShelter image id (I…)
    product_ap_id TEXT NOT NULL,  -- 4ALLPORTAL product object id
    rule          TEXT NOT NULL,  -- the rule that proposed it (suggest::SuggestRule, snake_case)
    rejected_at   TEXT NOT NULL,
    PRIMARY KEY (asset_ps_id, product_ap_id)
) STRICT;

//! Linking an image to a product: checked (approved, rights allow it today), recorded as a
//! queued link, and carried by four jobs — upload the original into 4ALLPORTAL (or reuse
//! the file there), relate it with role and position, write the PhotoShelter id and URL
//! back onto the product, tag the image with the product's SKU, category and campaigns.

use super::{LinkError, Rules, db, intent};
use crate::cache::Cache;
use crate::model::Role;
use crate::rights::{IntendedUse, Verdict, verdict};
use crate::transfer::catalog::{self, AssetRow, LinkStateText, ProductRow};
use crate::transfer::clock::to_db;
use crate::transfer::gate::{self};
use crate::transfer::job::{
    Gate, NewJob, Payload, Relate, TagKeywords, UploadFile, WriteBack, role_word,
};
use crate::transfer::queue;
use chrono::Utc;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Link the image `asset` (PhotoShelter id) to the product `product` (4ALLPORTAL id).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct LinkRequest {
    pub asset: String,
    pub product: String,
    pub role: Role,
    /// Place among the product's images, 0 first (past the end = last).
    pub position: u32,
    /// True when a person accepted a suggestion (kept as the link's origin).
    #[serde(default)]
    pub from_suggestion: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Linked {
    pub link_id: i64,
    /// The jobs carrying it (none new when it was linked already).
    pub jobs: Vec<i64>,
    /// True when the image was linked to the product already (nothing was queued).
    pub already_linked: bool,
    /// The verdict's warning when the rights allow the link but end soon or are unknown.
    pub warning: Option<String>,
}

/// The keywords a product gives its images: SKU, category (its last part) and campaigns.
pub(crate) fn product_keywords(product: &ProductRow) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(product.sku.clone());
    if let Some(category) = &product.category {
        let leaf = category.rsplit('/').next().unwrap_or(category).trim();
        if !leaf.is_empty() {
            out.push(leaf.to_owned());
        }
    }
    out.extend(product.campaigns.iter().cloned());
    out
}

pub(crate) fn product_label(product: &ProductRow) -> String {
    product
        .sku
        .clone()
        .unwrap_or_else(|| format!("product {}", product.ap_id))
}

/// The link row a set of jobs carries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinkPlace {
    pub id: i64,
    pub role: Role,
    pub position: u32,
}

/// The jobs that carry a new link (upload → relate → write back, tag after relate).
pub(crate) fn queue_link_jobs(
    conn: &Connection,
    rules: &Rules,
    asset: &AssetRow,
    product: &ProductRow,
    place: LinkPlace,
    version: &str,
) -> rusqlite::Result<Vec<i64>> {
    let LinkPlace {
        id: link_id,
        role,
        position,
    } = place;
    let now = Utc::now();
    let label = product_label(product);
    let max = rules.max_attempts;
    let upload = queue::enqueue(
        conn,
        &NewJob::new(
            Payload::UploadFile(UploadFile {
                asset: asset.ps_id.clone(),
                file_name: asset.file_name.clone(),
            }),
            format!("Put {} into 4ALLPORTAL", asset.file_name),
            version,
        )
        .asset(asset.id)
        .link(link_id),
        max,
        now,
    )?;
    let relate = queue::enqueue(
        conn,
        &NewJob::new(
            Payload::Relate(Relate {
                asset: asset.ps_id.clone(),
                product: product.ap_id.clone(),
                role,
                position,
                reorder: false,
            }),
            format!(
                "Relate {} to {label} as {} image at position {}",
                asset.file_name,
                role_word(role),
                position + 1
            ),
            version,
        )
        .asset(asset.id)
        .product(product.id)
        .link(link_id)
        .after([upload.id]),
        max,
        now,
    )?;
    let write_back = queue::enqueue(
        conn,
        &NewJob::new(
            Payload::WriteBack(WriteBack {
                asset: asset.ps_id.clone(),
                product: product.ap_id.clone(),
            }),
            format!(
                "Write the PhotoShelter link of {} onto {label}",
                asset.file_name
            ),
            version,
        )
        .asset(asset.id)
        .product(product.id)
        .link(link_id)
        .after([relate.id]),
        max,
        now,
    )?;
    let keywords = product_keywords(product);
    let mut jobs = vec![upload.id, relate.id, write_back.id];
    if !keywords.is_empty() {
        let tag = queue::enqueue(
            conn,
            &NewJob::new(
                Payload::TagKeywords(TagKeywords {
                    asset: asset.ps_id.clone(),
                    product: product.ap_id.clone(),
                    keywords: keywords.clone(),
                }),
                format!(
                    "Add the keywords {} to {} in PhotoShelter",
                    keywords.join(", "),
                    asset.file_name
                ),
                version,
            )
            .asset(asset.id)
            .product(product.id)
            .link(link_id)
            .after([relate.id]),
            max,
            now,
        )?;
        jobs.push(tag.id);
    }
    Ok(jobs)
}

/// Links the image to the product, or says why it may not be.
pub fn link(cache: &Cache, rules: &Rules, request: &LinkRequest) -> Result<Linked, LinkError> {
    let today = (rules.today)();
    cache
        .with_conn(|conn| {
            let tx = conn.unchecked_transaction()?;
            let outcome = link_in(&tx, rules, request, &today)?;
            tx.commit()?;
            Ok(outcome)
        })
        .map_err(db("link an image"))?
}

fn link_in(
    conn: &Connection,
    rules: &Rules,
    request: &LinkRequest,
    today: &chrono::DateTime<chrono::FixedOffset>,
) -> rusqlite::Result<Result<Linked, LinkError>> {
    let Some(asset) = catalog::asset_by_ps_id(conn, &request.asset)? else {
        return Ok(Err(LinkError::UnknownAsset(request.asset.clone())));
    };
    let Some(product) = catalog::product_by_ap_id(conn, &request.product)? else {
        return Ok(Err(LinkError::UnknownProduct(request.product.clone())));
    };
    if product.deleted {
        return Ok(Err(LinkError::ProductDeleted(product_label(&product))));
    }
    let any = IntendedUse::any();
    if let Err(refusal) =
        gate::check_asset(&asset, Gate::ApprovalAndRights, today, &any, &rules.policy)
    {
        return Ok(Err(LinkError::Refused(refusal)));
    }
    let warning = asset
        .rights
        .as_ref()
        .map(|r| verdict(r, today, &any, &rules.policy))
        .filter(|v| matches!(v, Verdict::Expiring { .. } | Verdict::Unknown))
        .map(|v| v.reason());
    let now = to_db(Utc::now());
    let role = role_word(request.role);
    let origin = if request.from_suggestion {
        "suggestion"
    } else {
        "user"
    };
    let link_id = match catalog::link_between(conn, product.id, asset.id)? {
        Some(existing)
            if existing.state != LinkStateText::Failed
                && existing.state != LinkStateText::Draft =>
        {
            let jobs = queue::open_jobs_of_link(conn, existing.id)?
                .into_iter()
                .map(|j| j.id)
                .collect();
            return Ok(Ok(Linked {
                link_id: existing.id,
                jobs,
                already_linked: true,
                warning,
            }));
        }
        Some(existing) => {
            conn.execute(
                "UPDATE links SET role = ?2, position = ?3, state = 'queued', state_reason = NULL,
                                  updated_at = ?4
                 WHERE id = ?1",
                params![existing.id, role, request.position, now],
            )?;
            existing.id
        }
        None => {
            conn.execute(
                "INSERT INTO links (product_id, asset_id, role, position, state, origin,
                                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?6)",
                params![product.id, asset.id, role, request.position, origin, now],
            )?;
            conn.last_insert_rowid()
        }
    };
    let jobs = queue_link_jobs(
        conn,
        rules,
        &asset,
        &product,
        LinkPlace {
            id: link_id,
            role: request.role,
            position: request.position,
        },
        &intent(),
    )?;
    Ok(Ok(Linked {
        link_id,
        jobs,
        already_linked: false,
        warning,
    }))
}

#[cfg(test)]
#[path = "link_tests.rs"]
mod tests;

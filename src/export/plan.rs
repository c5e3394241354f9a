//! The plan of an export, a pure function of what the cache holds: which linked images of
//! the chosen products go into the folder (approved, rights allowing the chosen use, in
//! 4ALLPORTAL, still in PhotoShelter), under which file names, and which are left out and
//! why.
//!
//! Order: products by SKU; each product's images by role (hero, gallery, detail, swatch),
//! then position. File names are `{SKU}_{NN}_{role}.{ext}` (`NN` = position + 1, two
//! digits; characters a file system refuses become `-`), made unique case-insensitively
//! against each other and against names already taken in the folder (`-2`, `-3`, … before
//! the extension).

use crate::model::{ApprovalState, Role};
use crate::rights::{Blocked, IntendedUse, Rights, RightsPolicy, allows, verdict};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// What is downloaded for each image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ImageSize {
    /// The original file, as uploaded.
    Original,
    /// A JPEG rendition fitting inside `width`×`height` (never larger than the original).
    Fit { width: u32, height: u32 },
}

impl ImageSize {
    /// The part of the fingerprint that tells sizes apart.
    pub fn key(&self) -> String {
        match self {
            ImageSize::Original => "original".into(),
            ImageSize::Fit { width, height } => format!("fit={width}x{height}"),
        }
    }

    /// Reads `WxH` (e.g. `1600x1600`).
    pub fn parse_box(text: &str) -> Result<ImageSize, String> {
        let bad =
            || format!("{text:?} is not a size: write WIDTHxHEIGHT in pixels, e.g. 1600x1600");
        let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
        let width: u32 = w.trim().parse().map_err(|_| bad())?;
        let height: u32 = h.trim().parse().map_err(|_| bad())?;
        if width == 0 || height == 0 || width > 8000 || height > 8000 {
            return Err(format!(
                "{text:?}: each side must be between 1 and 8000 pixels"
            ));
        }
        Ok(ImageSize::Fit { width, height })
    }
}

/// Reads an intended use `CHANNEL[:REGION]` (e.g. `print:DE`, `web`); `:REGION` alone
/// names only the region.
pub fn parse_use(text: &str) -> Result<IntendedUse, String> {
    let (channel, region) = match text.trim().split_once(':') {
        Some((c, r)) => (c.trim(), r.trim()),
        None => (text.trim(), ""),
    };
    if channel.is_empty() && region.is_empty() {
        return Err(format!(
            "{text:?} is not a use: write CHANNEL or CHANNEL:REGION, e.g. print:DE"
        ));
    }
    let country = region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic());
    if !region.is_empty() && !country {
        return Err(format!(
            "{region:?} is not a region: use a two-letter country code such as DE or US"
        ));
    }
    Ok(IntendedUse {
        channel: (!channel.is_empty()).then(|| crate::rights::Channel::new(channel)),
        region: (!region.is_empty()).then(|| crate::rights::Region::new(region)),
    })
}

/// A chosen product as the cache has it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductInfo {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub category: Option<String>,
    pub campaign: Option<String>,
}

/// One image linked to a chosen product, as the cache has it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Candidate {
    pub product: ProductInfo,
    pub asset_id: i64,
    pub ps_id: String,
    pub file_name: String,
    pub credit: Option<String>,
    pub copyright: Option<String>,
    pub approval: ApprovalState,
    /// `None` when the stored rights cannot be read.
    pub rights: Option<Rights>,
    /// The licence's last usable day, as written.
    pub licence_end: Option<String>,
    pub deleted: bool,
    /// Changes when the pixels change (the cache's `assets.fingerprint`).
    pub fingerprint: Option<String>,
    pub file_size: Option<u64>,
    pub role: Role,
    pub position: u32,
    /// The link's state: `confirmed` / `pushed` links are in 4ALLPORTAL.
    pub link_state: String,
}

/// One image that goes into the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub candidate: Candidate,
    /// The file name in the folder.
    pub file_name: String,
    /// What the state file compares: the pixels' fingerprint and the size asked for.
    pub fingerprint: String,
}

/// Why an image was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LeftOutReason {
    /// The link is not in 4ALLPORTAL yet (draft, queued or failed).
    NotTransferred { state: String },
    /// The image is not approved.
    NotApproved { state: String },
    /// Its rights do not allow the chosen use.
    Rights { blocked: Blocked },
    /// The rights recorded for it cannot be read.
    UnreadableRights,
    /// It was deleted in PhotoShelter: there is no original to download.
    MissingOriginal,
}

impl std::fmt::Display for LeftOutReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotTransferred { state } => write!(
                f,
                "the link is {state}, not in 4ALLPORTAL yet: run the transfer queue, then export again"
            ),
            Self::NotApproved { state } => write!(
                f,
                "the image is {state}, not approved: only approved images are exported. Approve it first"
            ),
            Self::Rights { blocked } => write!(f, "{blocked}"),
            Self::UnreadableRights => write!(
                f,
                "the rights recorded for it cannot be read: sync PhotoShelter again"
            ),
            Self::MissingOriginal => write!(
                f,
                "the image was deleted in PhotoShelter: there is no original to download"
            ),
        }
    }
}

/// One image left out, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeftOut {
    pub sku: String,
    pub name: String,
    pub role: Role,
    /// 1 = first.
    pub position: u32,
    pub photoshelter_id: String,
    /// The image's name in PhotoShelter.
    pub original_file_name: String,
    pub reason: LeftOutReason,
    /// The reason in words, with what to do.
    pub reason_text: String,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub images: Vec<Planned>,
    pub left_out: Vec<LeftOut>,
    /// SKUs of chosen products without any linked image.
    pub without_images: Vec<String>,
}

/// What the plan is made for: the size, the use and the rules of today.
pub struct PlanInput<'a> {
    pub size: ImageSize,
    pub intended: &'a IntendedUse,
    pub now: DateTime<FixedOffset>,
    pub policy: &'a RightsPolicy,
    /// File names already in the folder that are not this export's (compared lower case).
    pub taken: &'a HashSet<String>,
}

fn role_rank(role: Role) -> u8 {
    match role {
        Role::Hero => 0,
        Role::Gallery => 1,
        Role::Detail => 2,
        Role::Swatch => 3,
    }
}

pub fn role_text(role: Role) -> &'static str {
    match role {
        Role::Hero => "hero",
        Role::Gallery => "gallery",
        Role::Detail => "detail",
        Role::Swatch => "swatch",
    }
}

fn approval_text(state: ApprovalState) -> &'static str {
    match state {
        ApprovalState::Open => "not reviewed yet",
        ApprovalState::Approved => "approved",
        ApprovalState::Rejected => "rejected",
    }
}

/// A SKU as a file-name part: characters file systems refuse, and spaces, become `-`.
pub fn safe_part(text: &str) -> String {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_whitespace() || c.is_control() => '-',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_matches('.').to_owned();
    if cleaned.is_empty() {
        "product".into()
    } else {
        cleaned
    }
}

fn extension(size: ImageSize, original: &str) -> String {
    match size {
        ImageSize::Fit { .. } => "jpg".into(),
        ImageSize::Original => std::path::Path::new(original)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .filter(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_else(|| "jpg".into()),
    }
}

fn why_left_out(c: &Candidate, input: &PlanInput) -> Option<LeftOutReason> {
    if !matches!(c.link_state.as_str(), "confirmed" | "pushed") {
        return Some(LeftOutReason::NotTransferred {
            state: c.link_state.clone(),
        });
    }
    if c.deleted {
        return Some(LeftOutReason::MissingOriginal);
    }
    if c.approval != ApprovalState::Approved {
        return Some(LeftOutReason::NotApproved {
            state: approval_text(c.approval).into(),
        });
    }
    let Some(rights) = &c.rights else {
        return Some(LeftOutReason::UnreadableRights);
    };
    allows(
        &verdict(rights, &input.now, input.intended, input.policy),
        input.policy,
    )
    .err()
    .map(|blocked| LeftOutReason::Rights { blocked })
}

/// The plan for `candidates` (any order).
pub fn plan(mut candidates: Vec<Candidate>, products: &[ProductInfo], input: &PlanInput) -> Plan {
    candidates.sort_by(|a, b| {
        (&a.product.sku, role_rank(a.role), a.position, &a.ps_id).cmp(&(
            &b.product.sku,
            role_rank(b.role),
            b.position,
            &b.ps_id,
        ))
    });
    let mut out = Plan::default();
    let linked: HashSet<i64> = candidates.iter().map(|c| c.product.id).collect();
    let mut skus: Vec<&ProductInfo> = products
        .iter()
        .filter(|p| !linked.contains(&p.id))
        .collect();
    skus.sort_by(|a, b| a.sku.cmp(&b.sku));
    out.without_images = skus.into_iter().map(|p| p.sku.clone()).collect();
    let mut used: HashSet<String> = input.taken.clone();
    for c in candidates {
        if let Some(reason) = why_left_out(&c, input) {
            out.left_out.push(LeftOut {
                sku: c.product.sku.clone(),
                name: c.product.name.clone(),
                role: c.role,
                position: c.position + 1,
                photoshelter_id: c.ps_id.clone(),
                original_file_name: c.file_name.clone(),
                reason_text: reason.to_string(),
                reason,
            });
            continue;
        }
        let stem = format!(
            "{}_{:02}_{}",
            safe_part(&c.product.sku),
            c.position + 1,
            role_text(c.role)
        );
        let ext = extension(input.size, &c.file_name);
        let mut name = format!("{stem}.{ext}");
        let mut n = 2;
        while used.contains(&name.to_lowercase()) {
            name = format!("{stem}-{n}.{ext}");
            n += 1;
        }
        used.insert(name.to_lowercase());
        let pixels = c
            .fingerprint
            .clone()
            .unwrap_or_else(|| format!("{}:{}", c.ps_id, c.file_size.unwrap_or(0)));
        out.images.push(Planned {
            fingerprint: format!("{pixels}|{}", input.size.key()),
            file_name: name,
            candidate: c,
        });
    }
    out
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;

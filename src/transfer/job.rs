//! What a job is: its kind, state and payload, and the idempotency key and lock derived from
//! them. Plain data; `queue` stores it, `exec` carries it out.

use crate::model::Role;
use crate::net::Service;
use crate::rights::IntendedUse;
use crate::versions::SignalChange;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kinds of remote write, each carried out by one unit in `exec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Put a PhotoShelter original into 4ALLPORTAL as a file (or find the one already there).
    UploadFile,
    /// Relate the file to a product with role and position.
    Relate,
    /// Write the PhotoShelter image id and URL onto the product.
    WriteBack,
    /// Add the product's SKU, category and campaigns to the image's keywords.
    TagKeywords,
    /// Point a product's image at a newly approved version, same role and position.
    ReplaceVersion,
    /// Take an image off a product.
    Unlink,
    /// Put 4ALLPORTAL files into a PhotoShelter gallery and share it.
    Share,
    /// Tell a product owner (a 4ALLPORTAL task, an activity entry, a desktop notification).
    NotifyOwner,
    /// Mark a linked file whose rights expired or are restricted.
    FlagRights,
    /// Show an approval in PhotoShelter (keyword or gallery membership).
    ApprovalSignal,
}

pub const ALL_KINDS: [JobKind; 10] = [
    JobKind::UploadFile,
    JobKind::Relate,
    JobKind::WriteBack,
    JobKind::TagKeywords,
    JobKind::ReplaceVersion,
    JobKind::Unlink,
    JobKind::Share,
    JobKind::NotifyOwner,
    JobKind::FlagRights,
    JobKind::ApprovalSignal,
];

/// What the worker checks again just before an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Nothing: the job carries no asset (or is about a blocked one, like a rights flag).
    None,
    /// The asset must still be approved.
    Approval,
    /// The asset must still be approved and its rights must allow the use.
    ApprovalAndRights,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::UploadFile => "upload_file",
            JobKind::Relate => "relate",
            JobKind::WriteBack => "write_back",
            JobKind::TagKeywords => "tag_keywords",
            JobKind::ReplaceVersion => "replace_version",
            JobKind::Unlink => "unlink",
            JobKind::Share => "share",
            JobKind::NotifyOwner => "notify_owner",
            JobKind::FlagRights => "flag_rights",
            JobKind::ApprovalSignal => "approval_signal",
        }
    }

    pub fn parse(text: &str) -> Option<JobKind> {
        ALL_KINDS.into_iter().find(|k| k.as_str() == text)
    }

    /// The system the job writes to.
    pub fn service(self) -> Service {
        match self {
            JobKind::TagKeywords | JobKind::Share | JobKind::ApprovalSignal => {
                Service::PhotoShelter
            }
            _ => Service::Allportal,
        }
    }

    pub fn gate(self) -> Gate {
        match self {
            JobKind::UploadFile
            | JobKind::Relate
            | JobKind::WriteBack
            | JobKind::TagKeywords
            | JobKind::ReplaceVersion
            | JobKind::Share => Gate::ApprovalAndRights,
            JobKind::ApprovalSignal => Gate::Approval,
            JobKind::Unlink | JobKind::NotifyOwner | JobKind::FlagRights => Gate::None,
        }
    }
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    /// Tried again at `next_try_at`, or given up when there is none.
    Failed,
    NeedsAttention,
    Cancelled,
}

pub const ALL_STATES: [JobState; 6] = [
    JobState::Queued,
    JobState::Running,
    JobState::Done,
    JobState::Failed,
    JobState::NeedsAttention,
    JobState::Cancelled,
];

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::NeedsAttention => "needs_attention",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<JobState> {
        ALL_STATES.into_iter().find(|s| s.as_str() == text)
    }
}

/// The 4ALLPORTAL `image_roles` word of a role.
pub fn role_word(role: Role) -> &'static str {
    match role {
        Role::Hero => "hero",
        Role::Gallery => "gallery",
        Role::Detail => "detail",
        Role::Swatch => "swatch",
    }
}

/// The rights flag written on a 4ALLPORTAL file (A7 `rights_flag`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RightsFlag {
    Ok,
    Expiring,
    Expired,
    Restricted,
}

impl RightsFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            RightsFlag::Ok => "ok",
            RightsFlag::Expiring => "expiring",
            RightsFlag::Expired => "expired",
            RightsFlag::Restricted => "restricted",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadFile {
    /// PhotoShelter image id.
    pub asset: String,
    pub file_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relate {
    pub asset: String,
    /// 4ALLPORTAL product id.
    pub product: String,
    pub role: Role,
    pub position: u32,
    /// A reorder: a file already on the product moves to `position` (a plain relate keeps
    /// its place and only sets the role).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reorder: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteBack {
    pub asset: String,
    pub product: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagKeywords {
    pub asset: String,
    pub product: String,
    /// SKU, category and campaigns, as keywords (no commas).
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplaceVersion {
    pub product: String,
    /// PhotoShelter ids of the old and the new version.
    pub from: String,
    pub to: String,
    pub role: Role,
    pub position: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unlink {
    pub product: String,
    pub asset: String,
    /// The 4ALLPORTAL file carrying the asset, when known (else found by PhotoShelter id).
    pub file: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// 4ALLPORTAL file ids, in the order to show them.
    pub files: Vec<String>,
    /// The PhotoShelter gallery (found by name at the top of the library, made if missing).
    pub gallery: String,
    pub recipients: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub message: Option<String>,
    /// What the recipients will use the images for (checked against the rights).
    pub intended: IntendedUse,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotifyOwner {
    /// 4ALLPORTAL user id of the owner.
    pub owner: String,
    pub title: String,
    pub body: String,
    /// The product the task is about (the first, when several).
    pub about: Option<String>,
    /// Every product the message concerns (4ALLPORTAL ids).
    pub products: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRights {
    /// 4ALLPORTAL file id.
    pub file: String,
    pub flag: RightsFlag,
    /// `rights_note`: the verdict's reason, with the date.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalSignal {
    pub change: SignalChange,
}

/// Everything a job needs to run, by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    UploadFile(UploadFile),
    Relate(Relate),
    WriteBack(WriteBack),
    TagKeywords(TagKeywords),
    ReplaceVersion(ReplaceVersion),
    Unlink(Unlink),
    Share(Share),
    NotifyOwner(NotifyOwner),
    FlagRights(FlagRights),
    ApprovalSignal(ApprovalSignal),
}

fn short_hash(parts: &[&str]) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(&hasher.finalize()[..8])
}

impl Payload {
    pub fn kind(&self) -> JobKind {
        match self {
            Payload::UploadFile(_) => JobKind::UploadFile,
            Payload::Relate(_) => JobKind::Relate,
            Payload::WriteBack(_) => JobKind::WriteBack,
            Payload::TagKeywords(_) => JobKind::TagKeywords,
            Payload::ReplaceVersion(_) => JobKind::ReplaceVersion,
            Payload::Unlink(_) => JobKind::Unlink,
            Payload::Share(_) => JobKind::Share,
            Payload::NotifyOwner(_) => JobKind::NotifyOwner,
            Payload::FlagRights(_) => JobKind::FlagRights,
            Payload::ApprovalSignal(_) => JobKind::ApprovalSignal,
        }
    }

    /// (source, target) of the idempotency key.
    fn source_target(&self) -> (String, String) {
        match self {
            Payload::UploadFile(p) => (p.asset.clone(), "allportal:file".into()),
            Payload::Relate(p) => (p.asset.clone(), p.product.clone()),
            Payload::WriteBack(p) => (p.asset.clone(), p.product.clone()),
            Payload::TagKeywords(p) => (p.asset.clone(), p.product.clone()),
            Payload::ReplaceVersion(p) => (format!("{}>{}", p.from, p.to), p.product.clone()),
            Payload::Unlink(p) => (p.asset.clone(), p.product.clone()),
            Payload::Share(p) => {
                let files: Vec<&str> = p.files.iter().map(String::as_str).collect();
                let mut recipients: Vec<String> =
                    p.recipients.iter().map(|r| r.to_lowercase()).collect();
                recipients.sort();
                (
                    format!("files:{}", short_hash(&files)),
                    format!("{}:{}", p.gallery, recipients.join(",")),
                )
            }
            Payload::NotifyOwner(p) => (
                format!("message:{}", short_hash(&[&p.title, &p.body])),
                p.owner.clone(),
            ),
            Payload::FlagRights(p) => (p.file.clone(), p.flag.as_str().into()),
            Payload::ApprovalSignal(p) => match &p.change {
                SignalChange::AddKeyword { asset, keyword } => (
                    asset.to_string(),
                    format!("keyword:{}", keyword.to_lowercase()),
                ),
                SignalChange::AddToGallery { asset, gallery } => {
                    (asset.to_string(), format!("gallery:{gallery}"))
                }
            },
        }
    }

    /// The idempotency key `kind|source|target|version`: the same intent is queued once,
    /// whatever clicks and retries ask for it again. `version` names the intent (the
    /// action that queued it, or for rights flags the note, so a daily scan queues a flag
    /// once per change).
    pub fn idempotency_key(&self, version: &str) -> String {
        let (source, target) = self.source_target();
        format!("{}|{source}|{target}|{version}", self.kind().as_str())
    }

    /// Jobs holding the same lock never run at the same time: each reads, changes and
    /// writes back one remote object (a product's image lists, an image's keywords), or
    /// looks for an object before creating it (a file, a gallery).
    pub fn lock_key(&self) -> Option<String> {
        match self {
            Payload::UploadFile(p) => Some(format!("allportal:file-of:{}", p.asset)),
            Payload::Relate(Relate { product, .. })
            | Payload::WriteBack(WriteBack { product, .. })
            | Payload::ReplaceVersion(ReplaceVersion { product, .. })
            | Payload::Unlink(Unlink { product, .. }) => {
                Some(format!("allportal:product:{product}"))
            }
            Payload::TagKeywords(p) => Some(format!("photoshelter:keywords:{}", p.asset)),
            Payload::Share(p) => Some(format!("photoshelter:gallery:{}", p.gallery)),
            Payload::NotifyOwner(_) => None,
            Payload::FlagRights(p) => Some(format!("allportal:file:{}", p.file)),
            Payload::ApprovalSignal(p) => Some(match &p.change {
                SignalChange::AddKeyword { asset, .. } => format!("photoshelter:keywords:{asset}"),
                SignalChange::AddToGallery { gallery, .. } => {
                    format!("photoshelter:gallery:{gallery}")
                }
            }),
        }
    }

    /// The PhotoShelter asset the gate checks, if the job carries one.
    pub fn gated_asset(&self) -> Option<&str> {
        match self {
            Payload::UploadFile(p) => Some(&p.asset),
            Payload::Relate(p) => Some(&p.asset),
            Payload::WriteBack(p) => Some(&p.asset),
            Payload::TagKeywords(p) => Some(&p.asset),
            Payload::ReplaceVersion(p) => Some(&p.to),
            Payload::ApprovalSignal(p) => Some(match &p.change {
                SignalChange::AddKeyword { asset, .. }
                | SignalChange::AddToGallery { asset, .. } => asset.as_str(),
            }),
            Payload::Unlink(_)
            | Payload::Share(_)
            | Payload::NotifyOwner(_)
            | Payload::FlagRights(_) => None,
        }
    }
}

/// A job to queue: its payload, one line for a person, the intent it belongs to, the
/// catalog rows it concerns and the jobs it waits for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub payload: Payload,
    pub summary: String,
    /// The version part of the idempotency key (see [`Payload::idempotency_key`]).
    pub version: String,
    pub asset_id: Option<i64>,
    pub product_id: Option<i64>,
    pub link_id: Option<i64>,
    pub depends_on: Vec<i64>,
}

impl NewJob {
    pub fn new(payload: Payload, summary: impl Into<String>, version: impl Into<String>) -> Self {
        Self {
            payload,
            summary: summary.into(),
            version: version.into(),
            asset_id: None,
            product_id: None,
            link_id: None,
            depends_on: Vec::new(),
        }
    }

    pub fn asset(mut self, id: i64) -> Self {
        self.asset_id = Some(id);
        self
    }

    pub fn product(mut self, id: i64) -> Self {
        self.product_id = Some(id);
        self
    }

    pub fn link(mut self, id: i64) -> Self {
        self.link_id = Some(id);
        self
    }

    pub fn after(mut self, jobs: impl IntoIterator<Item = i64>) -> Self {
        self.depends_on.extend(jobs);
        self
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: JobKind,
    pub payload: Payload,
    pub summary: String,
    pub idempotency_key: String,
    pub lock_key: Option<String>,
    pub asset_id: Option<i64>,
    pub product_id: Option<i64>,
    pub link_id: Option<i64>,
    pub state: JobState,
    pub attempts: u32,
    pub max_attempts: u32,
    pub next_try_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub attention_reason: Option<String>,
    pub cancel_requested: bool,
    pub result: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub depends_on: Vec<i64>,
}

impl Job {
    pub fn service(&self) -> Service {
        self.kind.service()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relate() -> Payload {
        Payload::Relate(Relate {
            asset: "I0001".into(),
            product: "p1".into(),
            role: Role::Hero,
            position: 0,
            reorder: false,
        })
    }

    #[test]
    fn the_key_names_kind_source_target_and_version() {
        assert_eq!(relate().idempotency_key("link-7"), "relate|I0001|p1|link-7");
        let upload = Payload::UploadFile(UploadFile {
            asset: "I0001".into(),
            file_name: "a.jpg".into(),
        });
        assert_eq!(
            upload.idempotency_key("link-7"),
            "upload_file|I0001|allportal:file|link-7"
        );
    }

    #[test]
    fn a_share_has_the_same_key_whatever_the_order_or_case_of_its_recipients() {
        let share = |recipients: &[&str]| {
            Payload::Share(Share {
                files: vec!["f1".into(), "f2".into()],
                gallery: "Press kit".into(),
                recipients: recipients.iter().map(|r| r.to_string()).collect(),
                expires_at: None,
                message: None,
                intended: IntendedUse::any(),
            })
        };
        assert_eq!(
            share(&["b@x.org", "A@x.org"]).idempotency_key("v"),
            share(&["a@x.org", "b@x.org"]).idempotency_key("v")
        );
        assert_ne!(
            share(&["a@x.org"]).idempotency_key("v"),
            share(&["a@x.org", "b@x.org"]).idempotency_key("v")
        );
    }

    #[test]
    fn jobs_changing_one_product_share_its_lock() {
        let unlink = Payload::Unlink(Unlink {
            product: "p1".into(),
            asset: "I0002".into(),
            file: None,
        });
        assert_eq!(relate().lock_key(), unlink.lock_key());
        assert_eq!(relate().lock_key().unwrap(), "allportal:product:p1");
    }

    #[test]
    fn payloads_round_trip_through_json_tagged_by_kind() {
        let json = serde_json::to_value(relate()).unwrap();
        assert_eq!(json["kind"], "relate");
        assert_eq!(json["role"], "hero");
        assert_eq!(serde_json::from_value::<Payload>(json).unwrap(), relate());
        for kind in ALL_KINDS {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn only_jobs_that_carry_an_asset_out_are_gated_by_its_rights() {
        assert_eq!(JobKind::Relate.gate(), Gate::ApprovalAndRights);
        assert_eq!(JobKind::ApprovalSignal.gate(), Gate::Approval);
        assert_eq!(JobKind::FlagRights.gate(), Gate::None);
        assert_eq!(JobKind::Unlink.gate(), Gate::None);
    }
}

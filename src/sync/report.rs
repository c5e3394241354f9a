//! What a sync did, for the CLI (`--json`), the UI and the run record.

use crate::cache::catalog::Change;
use crate::cache::catalog::flags::FlagChange;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Full: nothing had been read before (or a full sync was asked for); incremental: only
/// what changed since the last sync was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    Full,
    Incremental,
}

impl SyncKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncKind::Full => "full",
            SyncKind::Incremental => "incremental",
        }
    }
}

/// Counts of records read, by what changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Changes {
    /// Not in the cache before.
    pub new: u32,
    /// Changed by someone else.
    pub changed: u32,
    /// Shelflink's own write coming back: not new work.
    pub echoes: u32,
    /// Read and found as they were.
    pub unchanged: u32,
    /// Gone remotely.
    pub deleted: u32,
}

impl Changes {
    pub fn count(&mut self, change: &Change) {
        match change {
            Change::New => self.new += 1,
            Change::Changed(_) => self.changed += 1,
            Change::Echo => self.echoes += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }

    /// Anything a person did not know yet.
    pub fn any_news(&self) -> bool {
        self.new + self.changed + self.deleted > 0
    }

    pub fn any_write(&self) -> bool {
        self.any_news() || self.echoes > 0
    }
}

/// What was read from PhotoShelter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PhotoShelterReport {
    pub collections: u32,
    pub galleries: u32,
    /// Galleries whose images were read (changed since the last sync, or never read).
    pub galleries_read: u32,
    /// Galleries skipped because they had not changed.
    pub galleries_skipped: u32,
    /// Pages of gallery images read.
    pub pages: u32,
    pub assets: Changes,
    /// Approvals made (or withdrawn) in PhotoShelter through the approval signal.
    pub approvals: u32,
    pub withdrawn_approvals: u32,
}

/// How 4ALLPORTAL changes were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Feed {
    /// The connector events feed (A12).
    Events,
    /// Lists filtered by `mod_time` (accounts without a password, modules without a connector).
    ModTime,
}

/// What was read from 4ALLPORTAL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AllportalReport {
    pub products: Changes,
    pub files: Changes,
    pub categories: Changes,
    pub users: Changes,
    /// How product changes were found.
    pub product_feed: Option<Feed>,
    /// Pages read (lists and event batches).
    pub pages: u32,
}

/// How links changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LinkReport {
    /// Links made in 4ALLPORTAL that Shelflink did not know.
    pub added: u32,
    /// Links Shelflink pushed, now seen in 4ALLPORTAL.
    pub confirmed: u32,
    /// Links whose role or position changed in 4ALLPORTAL.
    pub moved: u32,
    /// Links removed in 4ALLPORTAL.
    pub removed: u32,
}

/// Everything one sync did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    pub run_id: i64,
    pub kind: SyncKind,
    /// The sync before it stopped before it finished (cancelled, failed, or the app was
    /// closed): this one continued from where that one stopped.
    pub resumed: bool,
    pub photoshelter: Option<PhotoShelterReport>,
    pub allportal: Option<AllportalReport>,
    pub links: LinkReport,
    /// Version groups found by the file-name rule (after this sync).
    pub version_groups: u32,
    /// Links whose rights flag changed.
    pub flags: Vec<FlagChange>,
    pub duration_ms: u64,
}

impl SyncReport {
    /// One line for people.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(ps) = &self.photoshelter {
            parts.push(format!(
                "PhotoShelter: {} galleries ({} read, {} unchanged), images {} new, {} changed, {} deleted",
                ps.galleries,
                ps.galleries_read,
                ps.galleries_skipped,
                ps.assets.new,
                ps.assets.changed,
                ps.assets.deleted
            ));
        }
        if let Some(ap) = &self.allportal {
            parts.push(format!(
                "4ALLPORTAL: products {} new, {} changed, {} deleted; files {} new, {} changed, {} deleted",
                ap.products.new,
                ap.products.changed,
                ap.products.deleted,
                ap.files.new,
                ap.files.changed,
                ap.files.deleted
            ));
        }
        parts.push(format!(
            "links {} added, {} confirmed, {} removed; {} flag changes",
            self.links.added,
            self.links.confirmed,
            self.links.removed,
            self.flags.len()
        ));
        format!(
            "{} sync in {:.1} s — {}",
            match self.kind {
                SyncKind::Full => "Full",
                SyncKind::Incremental => "Incremental",
            },
            self.duration_ms as f64 / 1000.0,
            parts.join("; ")
        )
    }
}

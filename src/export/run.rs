//! One export run: plan from the cache, download what is missing or changed (one file at a
//! time, the state file rewritten after each), write the manifests, log one activity entry.
//! Progress goes to a callback after every file; a cancelled run stops between files (a
//! download under way is dropped, its temporary file removed) and resumes next time.

use super::download::download;
use super::manifest::{self, Manifest, ManifestRow};
use super::plan::{ImageSize, LeftOut, LeftOutReason, Plan, PlanInput, Planned, plan};
use super::selection::{self, Selection, SelectionError};
use super::state::{ExportState, STATE_FILE, StateError, Written};
use crate::cache::catalog::activity::{self, Entry};
use crate::cache::{Cache, CacheError};
use crate::net::ApiError;
use crate::photoshelter::PhotoShelterClient;
use crate::rights::{IntendedUse, RightsPolicy};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// What to export, how and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportRequest {
    pub selection: Selection,
    pub size: ImageSize,
    /// The use the images are exported for (checked against their rights).
    #[serde(rename = "use")]
    pub intended: IntendedUse,
    /// The target folder (made when missing).
    pub target: String,
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportPhase {
    Running,
    Finished,
    Cancelled,
    Failed,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExportReport {
    pub target: String,
    pub phase: ExportPhase,
    /// Products chosen.
    pub products: u32,
    /// The images in the folder (all of them when finished; the ones done so far otherwise).
    pub images: Vec<ManifestRow>,
    pub left_out: Vec<LeftOut>,
    /// SKUs of chosen products without any linked image.
    pub without_images: Vec<String>,
    /// Files downloaded in this run.
    pub downloaded: u32,
    /// Files already in the folder as they are now, not downloaded again.
    pub unchanged: u32,
    pub bytes_downloaded: u64,
}

/// Progress after each file (and once at the start and the end).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExportProgress {
    /// The id `export_start` gave.
    pub export: String,
    pub phase: ExportPhase,
    /// Images to put into the folder.
    pub total: u32,
    /// Images done (downloaded or unchanged).
    pub done: u32,
    pub downloaded: u32,
    pub bytes: u64,
    /// The file just finished.
    pub current: Option<String>,
    /// Why the run stopped, when it failed.
    pub error: Option<String>,
    /// The whole report, once the run is over.
    pub report: Option<ExportReport>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Selection(#[from] SelectionError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("cannot use the folder {}: {source}. Choose a folder you can write to", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    State(#[from] StateError),
    #[error(
        "downloading {file} from PhotoShelter failed: {source}. Run the export again: finished files are kept"
    )]
    Download {
        file: String,
        #[source]
        source: ApiError,
    },
}

/// An export planned and ready to run.
pub struct Prepared {
    pub request: ExportRequest,
    pub dir: PathBuf,
    pub plan: Plan,
    pub products: u32,
    state: ExportState,
}

fn db(action: &'static str) -> impl FnOnce(rusqlite::Error) -> CacheError {
    CacheError::query(action)
}

/// Names in `dir` this export did not write (they are the user's: never overwritten).
fn taken_names(dir: &Path, state: &ExportState) -> Result<HashSet<String>, ExportError> {
    let ours: HashSet<String> = state.files.keys().map(|k| k.to_lowercase()).collect();
    let entries = std::fs::read_dir(dir).map_err(|source| ExportError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_lowercase())
        .filter(|n| !ours.contains(n))
        .filter(|n| {
            ![
                STATE_FILE,
                manifest::MANIFEST_CSV,
                manifest::MANIFEST_JSON,
                manifest::LEFT_OUT_CSV,
            ]
            .contains(&n.as_str())
        })
        .collect())
}

/// Plans `request` against the cache and the folder (made when missing).
pub fn prepare(
    cache: &Cache,
    request: ExportRequest,
    now: DateTime<FixedOffset>,
    policy: &RightsPolicy,
) -> Result<Prepared, ExportError> {
    let (products, candidates) = cache
        .with_conn(|c| {
            let products = match selection::products(c, &request.selection)? {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let candidates = selection::candidates(c, &products)?;
            Ok(Ok((products, candidates)))
        })
        .map_err(db("read the products to export"))??;
    let dir = PathBuf::from(request.target.trim());
    std::fs::create_dir_all(&dir).map_err(|source| ExportError::Folder {
        path: dir.clone(),
        source,
    })?;
    let state = ExportState::load(&dir)?;
    let taken = taken_names(&dir, &state)?;
    let plan = plan(
        candidates,
        &products,
        &PlanInput {
            size: request.size,
            intended: &request.intended,
            now,
            policy,
            taken: &taken,
        },
    );
    Ok(Prepared {
        request,
        dir,
        products: products.len() as u32,
        plan,
        state,
    })
}

fn row(p: &Planned, bytes: u64) -> ManifestRow {
    let c = &p.candidate;
    ManifestRow {
        sku: c.product.sku.clone(),
        name: c.product.name.clone(),
        category: c.product.category.clone(),
        campaign: c.product.campaign.clone(),
        role: c.role,
        position: c.position + 1,
        file_name: p.file_name.clone(),
        photoshelter_id: c.ps_id.clone(),
        original_file_name: c.file_name.clone(),
        credit: c.credit.clone(),
        copyright: c.copyright.clone(),
        rights_expiry: c.licence_end.clone(),
        bytes,
    }
}

fn missing(p: &Planned) -> LeftOut {
    let reason = LeftOutReason::MissingOriginal;
    LeftOut {
        sku: p.candidate.product.sku.clone(),
        name: p.candidate.product.name.clone(),
        role: p.candidate.role,
        position: p.candidate.position + 1,
        photoshelter_id: p.candidate.ps_id.clone(),
        original_file_name: p.candidate.file_name.clone(),
        reason_text: reason.to_string(),
        reason,
    }
}

impl Prepared {
    /// Runs the export; `progress` hears after every file. `cache` gets the activity entry.
    pub async fn run(
        mut self,
        cache: &Cache,
        ps: &PhotoShelterClient,
        export_id: &str,
        cancel: &CancellationToken,
        progress: &(dyn Fn(&ExportProgress) + Send + Sync),
    ) -> Result<ExportReport, ExportError> {
        let total = self.plan.images.len() as u32;
        let mut report = ExportReport {
            target: self.dir.display().to_string(),
            phase: ExportPhase::Running,
            products: self.products,
            images: Vec::new(),
            left_out: self.plan.left_out.clone(),
            without_images: self.plan.without_images.clone(),
            downloaded: 0,
            unchanged: 0,
            bytes_downloaded: 0,
        };
        let tell = |report: &ExportReport, current: Option<String>, error: Option<String>| {
            let over = report.phase != ExportPhase::Running;
            progress(&ExportProgress {
                export: export_id.to_owned(),
                phase: report.phase,
                total,
                done: report.downloaded + report.unchanged,
                downloaded: report.downloaded,
                bytes: report.bytes_downloaded,
                current,
                error,
                report: over.then(|| report.clone()),
            });
        };
        tell(&report, None, None);
        let images = std::mem::take(&mut self.plan.images);
        let mut failure = None;
        for planned in &images {
            if cancel.is_cancelled() {
                report.phase = ExportPhase::Cancelled;
                break;
            }
            if self
                .state
                .is_current(&self.dir, &planned.file_name, &planned.fingerprint)
            {
                let bytes = self.state.files[&planned.file_name].bytes;
                report.images.push(row(planned, bytes));
                report.unchanged += 1;
                tell(&report, Some(planned.file_name.clone()), None);
                continue;
            }
            let stored = match self.request.size {
                ImageSize::Original => None,
                ImageSize::Fit { .. } => cache
                    .with_conn(|c| selection::rendition_link(c, planned.candidate.asset_id))
                    .map_err(db("read an image's rendition link"))?,
            };
            let saved = tokio::select! {
                biased;
                () = cancel.cancelled() => {
                    report.phase = ExportPhase::Cancelled;
                    break;
                }
                saved = download(ps, planned, self.request.size, stored, &self.dir) => saved,
            };
            let saved = match saved {
                Ok(s) => s,
                Err(e) if e.is_not_found() => {
                    report.left_out.push(missing(planned));
                    continue;
                }
                Err(source) => {
                    failure = Some(ExportError::Download {
                        file: planned.candidate.file_name.clone(),
                        source,
                    });
                    break;
                }
            };
            self.state.files.insert(
                planned.file_name.clone(),
                Written {
                    photoshelter_id: planned.candidate.ps_id.clone(),
                    fingerprint: planned.fingerprint.clone(),
                    bytes: saved.bytes,
                    sha256: saved.sha256.clone(),
                    downloaded_at: Utc::now(),
                },
            );
            if let Err(e) = self.state.save(&self.dir) {
                failure = Some(e.into());
                break;
            }
            report.images.push(row(planned, saved.bytes));
            report.downloaded += 1;
            report.bytes_downloaded += saved.bytes;
            tell(&report, Some(planned.file_name.clone()), None);
        }
        if failure.is_none() && report.phase == ExportPhase::Running {
            let manifest = Manifest {
                exported_at: Utc::now(),
                selection: self.request.selection.clone(),
                size: self.request.size,
                intended: self.request.intended.clone(),
                images: report.images.clone(),
                left_out: report.left_out.clone(),
            };
            if let Err(e) = manifest::write(&self.dir, &manifest) {
                failure = Some(e.into());
            } else {
                report.phase = ExportPhase::Finished;
            }
        }
        if failure.is_some() {
            report.phase = ExportPhase::Failed;
        }
        self.log(cache, &report, failure.as_ref())?;
        tell(&report, None, failure.as_ref().map(ToString::to_string));
        match failure {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    fn log(
        &self,
        cache: &Cache,
        report: &ExportReport,
        failure: Option<&ExportError>,
    ) -> Result<(), CacheError> {
        let what = format!(
            "{} image(s) of {} product(s) ({}) to {}",
            report.images.len(),
            report.products,
            self.request.selection,
            report.target
        );
        let summary = match report.phase {
            ExportPhase::Finished => format!(
                "Exported {what}: {} downloaded, {} unchanged, {} left out",
                report.downloaded,
                report.unchanged,
                report.left_out.len()
            ),
            ExportPhase::Cancelled => {
                format!("Export cancelled after {what}; running it again resumes")
            }
            _ => format!(
                "Export stopped after {what}: {}",
                failure.map(ToString::to_string).unwrap_or_default()
            ),
        };
        let details = serde_json::json!({
            "target": report.target,
            "selection": self.request.selection,
            "size": self.request.size,
            "use": self.request.intended,
            "phase": report.phase,
            "images": report.images.len(),
            "downloaded": report.downloaded,
            "unchanged": report.unchanged,
            "bytes_downloaded": report.bytes_downloaded,
            "left_out": report.left_out.iter().map(|l| serde_json::json!({
                "sku": l.sku, "photoshelter_id": l.photoshelter_id, "reason": l.reason,
            })).collect::<Vec<_>>(),
        });
        cache
            .with_conn(|c| {
                activity::log(
                    c,
                    Utc::now(),
                    &Entry::new("exported", summary).details(details),
                )
            })
            .map_err(db("log the export"))?;
        Ok(())
    }
}

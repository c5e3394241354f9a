//! Catalog pull: the approved, rights-clear images of chosen products (a campaign, a
//! category or SKUs), downloaded from PhotoShelter — originals or a chosen size — into a
//! folder with readable file names and manifests of their product data, for brochures and
//! sell sheets.
//!
//! - `selection`: which products, and their linked images, from the cache;
//! - `plan`: pure — which images go, under which names, which are left out and why;
//! - `download`: one file, to a temporary name and renamed;
//! - `state`: the folder's state file, so a run resumes and a re-run downloads only what
//!   changed;
//! - `manifest`: `manifest.csv`, `left-out.csv`, `manifest.json`;
//! - `run`: one run with progress, cancel and the activity entry;
//! - `running`: the runs the app started, by id, so the UI can cancel them.

pub mod download;
pub mod manifest;
pub mod plan;
pub mod run;
pub mod running;
pub mod selection;
pub mod state;

pub use manifest::{LEFT_OUT_CSV, MANIFEST_CSV, MANIFEST_JSON, Manifest, ManifestRow};
pub use plan::{ImageSize, LeftOut, LeftOutReason, Plan};
pub use run::{
    ExportError, ExportPhase, ExportProgress, ExportReport, ExportRequest, Prepared, prepare,
};
pub use selection::{Selection, SelectionError};
pub use state::STATE_FILE;

//! The export's state file in the target folder (`.shelflink-export.json`): every file this
//! export wrote, with the fingerprint it was downloaded for. It is rewritten atomically (a
//! temporary file beside it, then renamed) after each downloaded file, so an export that is
//! stopped at any point resumes with what it finished. Files it does not list are the
//! user's: an export never overwrites or removes them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The state file's name in the target folder.
pub const STATE_FILE: &str = ".shelflink-export.json";
const VERSION: u32 = 1;

/// One file the export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    pub photoshelter_id: String,
    /// The pixels' fingerprint and the size asked for (see `plan`).
    pub fingerprint: String,
    pub bytes: u64,
    pub sha256: String,
    pub downloaded_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportState {
    pub version: u32,
    /// By file name in the folder.
    pub files: BTreeMap<String, Written>,
}

impl Default for ExportState {
    fn default() -> Self {
        Self {
            version: VERSION,
            files: BTreeMap::new(),
        }
    }
}

/// Why the state file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read the export state {}: {source}. Remove it to export everything again", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the export state {} is damaged ({source}): remove it to export everything again",
        path.display()
    )]
    Damaged {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "the export state {} was written by a newer Shelflink (version {found}): update Shelflink or export into another folder",
        path.display()
    )]
    Newer { path: PathBuf, found: u32 },
    #[error("cannot write {}: {source}. Check that the folder is writable and the disk has room", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ExportState {
    /// The state in `dir` (empty when there is none yet).
    pub fn load(dir: &Path) -> Result<ExportState, StateError> {
        let path = dir.join(STATE_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(StateError::Read { path, source }),
        };
        let state: ExportState =
            serde_json::from_str(&text).map_err(|source| StateError::Damaged {
                path: path.clone(),
                source,
            })?;
        if state.version > VERSION {
            return Err(StateError::Newer {
                path,
                found: state.version,
            });
        }
        Ok(state)
    }

    /// Writes the state into `dir` atomically.
    pub fn save(&self, dir: &Path) -> Result<(), StateError> {
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        write_atomically(&dir.join(STATE_FILE), &bytes)
    }

    /// Whether `file_name` in `dir` is what this export wrote for `fingerprint`, unchanged.
    pub fn is_current(&self, dir: &Path, file_name: &str, fingerprint: &str) -> bool {
        let Some(w) = self.files.get(file_name) else {
            return false;
        };
        w.fingerprint == fingerprint
            && std::fs::metadata(dir.join(file_name))
                .is_ok_and(|m| m.is_file() && m.len() == w.bytes)
    }
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StateError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let err = |source| StateError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".shelflink-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(err)?;
    temp.write_all(bytes).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    temp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_written_reads_back_and_tells_current_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = ExportState::load(dir.path()).unwrap();
        assert!(state.files.is_empty());
        std::fs::write(dir.path().join("A_01_hero.jpg"), b"12345").unwrap();
        state.files.insert(
            "A_01_hero.jpg".into(),
            Written {
                photoshelter_id: "I1".into(),
                fingerprint: "f1|original".into(),
                bytes: 5,
                sha256: "x".into(),
                downloaded_at: chrono::Utc::now(),
            },
        );
        state.save(dir.path()).unwrap();
        let back = ExportState::load(dir.path()).unwrap();
        assert_eq!(back, state);
        assert!(back.is_current(dir.path(), "A_01_hero.jpg", "f1|original"));
        assert!(
            !back.is_current(dir.path(), "A_01_hero.jpg", "f2|original"),
            "new pixels"
        );
        std::fs::write(dir.path().join("A_01_hero.jpg"), b"123").unwrap();
        assert!(
            !back.is_current(dir.path(), "A_01_hero.jpg", "f1|original"),
            "file changed"
        );
        std::fs::remove_file(dir.path().join("A_01_hero.jpg")).unwrap();
        assert!(
            !back.is_current(dir.path(), "A_01_hero.jpg", "f1|original"),
            "file missing"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn a_damaged_state_says_how_to_start_over() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), b"{ not json").unwrap();
        let err = ExportState::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("remove it to export everything again"),
            "{err}"
        );
    }
}

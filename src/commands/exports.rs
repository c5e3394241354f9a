//! Where exports written by commands go: the user's Downloads folder, or `exports/` in the
//! data folder when the system names none. A file never replaces an earlier one: a second
//! export of the same name gets ` (2)`, ` (3)`… before its extension.

use super::CommandError;
use crate::workspace::Workspace;
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A file an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Exported {
    /// The full path of the file, as the operating system names it.
    pub path: String,
    /// Rows written (without the header).
    pub rows: u32,
}

/// The folder exports go to.
pub fn export_dir(workspace: &Workspace) -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| d.download_dir().map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| workspace.data_dir().join("exports"))
}

/// A path in `dir` for `file_name` that no file has yet.
fn free_path(dir: &Path, file_name: &str) -> PathBuf {
    let first = dir.join(file_name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (file_name, String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Writes `text` as `file_name` into `dir` (created when missing).
pub fn write_into(
    dir: &Path,
    file_name: &str,
    text: &str,
    rows: usize,
) -> Result<Exported, CommandError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CommandError::internal(format!(
            "cannot create the export folder {}: {e}; check that it can be written",
            dir.display()
        ))
    })?;
    let path = free_path(dir, file_name);
    std::fs::write(&path, text).map_err(|e| {
        CommandError::internal(format!(
            "cannot write {}: {e}; check the free space and that the folder can be written",
            path.display()
        ))
    })?;
    Ok(Exported {
        path: path.display().to_string(),
        rows: u32::try_from(rows).unwrap_or(u32::MAX),
    })
}

/// Writes `text` as `file_name` into `folder`, or the workspace's export folder.
pub fn write(
    workspace: &Workspace,
    folder: Option<&str>,
    file_name: &str,
    text: &str,
    rows: usize,
) -> Result<Exported, CommandError> {
    let dir = match folder.map(str::trim).filter(|f| !f.is_empty()) {
        Some(folder) => PathBuf::from(folder),
        None => export_dir(workspace),
    };
    write_into(&dir, file_name, text, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_never_replaces_an_earlier_one() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_into(dir.path(), "activity-2026-12-04.csv", "a\n", 0).unwrap();
        let second = write_into(dir.path(), "activity-2026-12-04.csv", "b\n", 0).unwrap();
        assert_eq!(
            first.path,
            dir.path()
                .join("activity-2026-12-04.csv")
                .display()
                .to_string()
        );
        assert_eq!(
            second.path,
            dir.path()
                .join("activity-2026-12-04 (2).csv")
                .display()
                .to_string()
        );
        assert_eq!(std::fs::read_to_string(&first.path).unwrap(), "a\n");
        assert_eq!(std::fs::read_to_string(&second.path).unwrap(), "b\n");
    }

    #[test]
    fn the_export_folder_is_made_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("exports");
        let out = write_into(&nested, "x.csv", "x\n", 1).unwrap();
        assert_eq!(out.rows, 1);
        assert!(nested.join("x.csv").is_file());
    }
}

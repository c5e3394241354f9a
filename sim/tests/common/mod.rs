//! Helpers shared by the simulator's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared fixtures folder: `SHELFLINK_FIXTURES`, else `<repo root>/../shared/fixtures`.
pub fn fixtures() -> PathBuf {
    let dir = match std::env::var_os("SHELFLINK_FIXTURES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"),
    };
    assert!(
        dir.join("catalog/products.csv").is_file(),
        "fixtures not found at {}: set SHELFLINK_FIXTURES to the shared fixtures folder",
        dir.display()
    );
    dir
}

pub fn fixture(rel: &str) -> PathBuf {
    fixtures().join(rel)
}

pub fn read_fixture(rel: &str) -> Vec<u8> {
    let path = fixture(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

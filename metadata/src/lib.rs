//! Reads the metadata embedded in image files — IPTC IIM datasets (inside Photoshop image
//! resources, or stored directly in TIFF) and XMP packets including Extended XMP — from
//! JPEG, PNG and TIFF, and gives them decoded but uninterpreted: XMP as `prefix:Name`
//! properties, IIM as datasets per block, whether the IIM digest matches, and notes on
//! anything damaged. Which of IIM and XMP wins, and what a value means, is for the caller
//! (Shelflink's rights, the simulator's PhotoShelter). `img-parts`, `png` and `tiff` split
//! the containers and `roxmltree` parses XMP; the small binary layouts (Photoshop resources,
//! IIM) are read here with every length checked. Reading never panics, never reads past the
//! image headers nor more than `MAX_HEADER_BYTES` of a file, and never assembles an
//! Extended XMP over `MAX_EXTENDED_XMP`.

mod container;
pub mod iim;
mod irb;
mod read;
pub mod xmp;

pub use container::{FileFormat, MAX_EXTENDED_XMP, MAX_HEADER_BYTES};
pub use iim::Iim;
pub use read::{DigestState, Metadata, read_bytes, read_from};
pub use xmp::Xmp;

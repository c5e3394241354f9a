//! The local thumbnail pipeline: the bytes of a local file (an upload, an import) → a small
//! JPEG (or PNG when the image has transparency) that fits a square box.
//!
//! JPEGs are decoded at a reduced scale (the inverse DCT makes 1, 2 or 4 pixels per 8×8
//! block instead of 8) and progressive ones skip the scans such a decode never reads (at
//! 2×2 pixels per block and below also the refinement scans, and only the corner
//! coefficients of each block are kept: see `jpeg_corner`); then
//! `fast_image_resize` makes the exact size. PNG and TIFF go through the `image` crate. Every
//! path checks the header against [`Limits`] before any pixel buffer is allocated, honours the
//! EXIF orientation, and ends in a [`ThumbError`] that says what is wrong — never a panic.

mod jpeg;
mod jpeg_bits;
mod jpeg_corner;
mod jpeg_corner_picture;
mod jpeg_corner_scan;
pub mod jpeg_markers;
mod other;
mod resize;

use super::error::ThumbError;
use image::metadata::Orientation;
use std::path::Path;

pub use resize::{Channels, Pixels, fit_size};

/// How much one thumbnail decode may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest image accepted, in pixels (width × height). Default 200 megapixels: above
    /// any camera (150 MP medium format) and below any decompression bomb worth the name.
    pub max_pixels: u64,
    /// Most memory one decode may take, the file's bytes included, estimated from the header
    /// before decoding. Default 1 GiB.
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pixels: 200_000_000,
            max_memory: 1 << 30,
        }
    }
}

impl Limits {
    /// Refuses `width`×`height` above the pixel limit.
    pub(crate) fn check_pixels(&self, width: u32, height: u32) -> Result<(), ThumbError> {
        if u64::from(width) * u64::from(height) > self.max_pixels {
            return Err(ThumbError::TooLarge {
                width,
                height,
                limit_mp: self.max_pixels / 1_000_000,
            });
        }
        Ok(())
    }

    /// Refuses a decode that needs `bytes` of memory above the limit.
    pub(crate) fn check_memory(&self, bytes: u64) -> Result<(), ThumbError> {
        if bytes > self.max_memory {
            return Err(ThumbError::TooMuchMemory {
                needed_mib: Some(bytes.div_ceil(1 << 20)),
                limit_mib: self.max_memory >> 20,
            });
        }
        Ok(())
    }
}

/// An encoded thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// `image/jpeg` or `image/png`.
    pub content_type: &'static str,
}

/// The thumbnail of the file at `path`, fitting `box_px`×`box_px`.
pub fn thumbnail_of_file(
    path: &Path,
    box_px: u32,
    limits: &Limits,
) -> Result<Thumbnail, ThumbError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ThumbError::file("read", path, e))?
        .len();
    // The file is read whole; it must fit the memory limit by itself.
    limits.check_memory(size)?;
    let data = std::fs::read(path).map_err(|e| ThumbError::file("read", path, e))?;
    thumbnail_of_bytes(&data, box_px, limits)
}

/// The thumbnail of an image file's `data`, fitting `box_px`×`box_px`.
pub fn thumbnail_of_bytes(
    data: &[u8],
    box_px: u32,
    limits: &Limits,
) -> Result<Thumbnail, ThumbError> {
    let pixels = pixels_of_bytes(data, box_px, limits)?;
    resize::encode(&pixels)
}

/// Decodes and resizes `data` to fit `box_px`×`box_px`, upright, without encoding (what the
/// benchmark measures).
pub fn pixels_of_bytes(data: &[u8], box_px: u32, limits: &Limits) -> Result<Pixels, ThumbError> {
    limits.check_memory(data.len() as u64)?;
    let decoded = guard(|| match sniff(data)? {
        Format::Jpeg => jpeg::decode(data, box_px, limits),
        Format::Png => other::decode(data, image::ImageFormat::Png, box_px, limits),
        Format::Tiff => other::decode(data, image::ImageFormat::Tiff, box_px, limits),
    })?;
    let fitted = resize::fit_box(&decoded, box_px)?;
    Ok(resize::orient(fitted, decoded.orientation))
}

/// What a decoder hands to the resize step: pixels at or above the target size, as stored
/// in the file, and how to turn them upright.
pub(crate) struct Decoded {
    pub pixels: Pixels,
    pub orientation: Orientation,
    /// The full size of the image as stored (the decoded pixels may be a reduced scale).
    pub source_size: (u32, u32),
}

#[derive(Debug, PartialEq, Eq)]
enum Format {
    Jpeg,
    Png,
    Tiff,
}

/// The format from the first bytes (never from the file name: a PNG named `.jpg` is a PNG).
fn sniff(data: &[u8]) -> Result<Format, ThumbError> {
    let unsupported = |format: &str, hint: &str| ThumbError::Unsupported {
        format: format.into(),
        hint: hint.into(),
    };
    match data {
        [] => Err(ThumbError::Empty),
        [0xFF, 0xD8, 0xFF, ..] => Ok(Format::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Ok(Format::Png),
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => Ok(Format::Tiff),
        [b'I', b'I', 43, 0, ..] | [b'M', b'M', 0, 43, ..] => Ok(Format::Tiff),
        [_, _, _, _, b'f', b't', b'y', b'p', brand @ ..] if brand.starts_with(b"avi") => Err(
            unsupported("AVIF", "export the photo as JPEG to see it in Shelflink"),
        ),
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Err(unsupported(
            "HEIC",
            "export the photo as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)",
        )),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Err(unsupported(
            "WebP",
            "export the image as JPEG or PNG to see it in Shelflink",
        )),
        [b'G', b'I', b'F', b'8', ..] => Err(unsupported(
            "GIF",
            "export the image as PNG to see it in Shelflink",
        )),
        [0xFF, 0xD8, ..] => Err(ThumbError::damaged(
            "the JPEG header is cut off after two bytes",
        )),
        _ => Err(ThumbError::NotAnImage),
    }
}

/// Runs a decoder; a panic inside one (a decoder bug on a hostile file) becomes an error.
fn guard<T>(decode: impl FnOnce() -> Result<T, ThumbError>) -> Result<T, ThumbError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)).unwrap_or_else(|_| {
        tracing::error!("an image decoder panicked; the file is treated as damaged");
        Err(ThumbError::damaged("the decoder stopped on malformed data"))
    })
}

/// The largest box edge that the thumbnail sizes use; larger boxes are refused.
pub const MAX_BOX_PX: u32 = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_bytes_not_the_name() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Ok(Format::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Ok(Format::Png));
        assert_eq!(sniff(b"II*\0\x08\0"), Ok(Format::Tiff));
        assert_eq!(sniff(b""), Err(ThumbError::Empty));
        assert_eq!(sniff(b"hello world"), Err(ThumbError::NotAnImage));
        let heic = sniff(b"\0\0\0\x18ftypheic\0\0\0\0").unwrap_err();
        assert!(
            heic.to_string().starts_with("HEIC images get no thumbnail"),
            "{heic}"
        );
        let webp = sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap_err();
        assert!(webp.to_string().starts_with("WebP images"), "{webp}");
    }
}

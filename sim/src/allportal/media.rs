//! File binaries and their derivates (A10): the original as uploaded or seeded (seed images
//! drawn on first request), and JPEG previews `small` (200 px long edge), `medium` (800 px)
//! and `large` (1600 px), made on demand and kept in a cache bounded by bytes.

use crate::seed::bytes::image_bytes;
use crate::seed::model::ImageSource;
use anyhow::Context;
use bytes::Bytes;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer, images::Image};
use image::ExtendedColorType;
use md5::{Digest, Md5};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The derivate usages and their long edge in pixels (A10).
pub const DERIVATES: &[(&str, u32)] = &[("small", 200), ("medium", 800), ("large", 1600)];
pub const ORIGINAL: &str = "Original";

/// Where the original bytes of a file are.
#[derive(Debug)]
pub enum Origin {
    Bytes(Bytes),
    Path(PathBuf),
    /// A seed image drawn on first request; kept once drawn.
    Drawn(ImageSource, OnceLock<Bytes>),
}

impl Origin {
    /// The original bytes (reads or draws them; call off the async threads).
    pub fn bytes(&self) -> anyhow::Result<Bytes> {
        match self {
            Origin::Bytes(b) => Ok(b.clone()),
            Origin::Path(p) => std::fs::read(p)
                .map(Bytes::from)
                .with_context(|| format!("reading the original {}", p.display())),
            Origin::Drawn(source, cell) => {
                if let Some(b) = cell.get() {
                    return Ok(b.clone());
                }
                let drawn = Bytes::from(image_bytes(source)?);
                Ok(cell.get_or_init(|| drawn).clone())
            }
        }
    }

    /// Whether the bytes exist without drawing them.
    pub fn is_materialised(&self) -> bool {
        !matches!(self, Origin::Drawn(_, cell) if cell.get().is_none())
    }
}

/// The binary of one file object.
#[derive(Debug, Clone)]
pub struct Binary {
    pub origin: Arc<Origin>,
    pub mime_type: String,
    pub file_name: String,
    /// Pixel size when the binary is an image the simulator can read.
    pub dimensions: Option<(u32, u32)>,
    pub version: u32,
    /// Derivates are served from this instant on (upload time plus the derivate delay).
    pub derivates_ready_at: Instant,
}

impl Binary {
    pub fn has_derivates(&self) -> bool {
        self.dimensions.is_some()
    }
}

/// What the simulator reads from a binary (the technical fields of A7).
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub mime_type: String,
    pub extension: String,
    pub dimensions: Option<(u32, u32)>,
    pub size: u64,
    pub md5: String,
}

/// Reads type, pixel size, byte size and MD5 of `bytes` named `file_name`.
pub fn probe(bytes: &[u8], file_name: &str, declared_mime: Option<&str>) -> Probe {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let format = image::guess_format(bytes).ok();
    let dimensions = format.and_then(|f| {
        image::ImageReader::with_format(std::io::Cursor::new(bytes), f)
            .into_dimensions()
            .ok()
    });
    let mime_type = match format {
        Some(f) if dimensions.is_some() => f.to_mime_type().to_owned(),
        _ => declared_mime
            .filter(|m| !m.is_empty() && *m != "application/octet-stream")
            .map(str::to_owned)
            .unwrap_or_else(|| mime_from_extension(&extension).to_owned()),
    };
    Probe {
        mime_type,
        extension,
        dimensions,
        size: bytes.len() as u64,
        md5: hex::encode(Md5::digest(bytes)),
    }
}

fn mime_from_extension(ext: &str) -> &'static str {
    match ext {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "tif" | "tiff" => "image/tiff",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// The pixel size of a derivate with `long_edge` of an image `w`×`h` (never enlarged).
pub fn derivate_size((w, h): (u32, u32), long_edge: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= long_edge {
        return (w, h);
    }
    let scale = f64::from(long_edge) / f64::from(long);
    let side = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    if w >= h {
        (long_edge, side(h))
    } else {
        (side(w), long_edge)
    }
}

/// Decodes `original`, resizes it to `long_edge` and encodes a JPEG (call off the async
/// threads).
pub fn make_derivate(original: &[u8], long_edge: u32) -> anyhow::Result<Bytes> {
    let img = image::load_from_memory(original).context("decoding the original for a derivate")?;
    let rgb = img.to_rgb8();
    let (w, h) = rgb.dimensions();
    let (tw, th) = derivate_size((w, h), long_edge);
    let pixels = if (tw, th) == (w, h) {
        rgb.into_raw()
    } else {
        let src = Image::from_vec_u8(w, h, rgb.into_raw(), PixelType::U8x3)
            .context("preparing the original for resizing")?;
        let mut dst = Image::new(tw, th, PixelType::U8x3);
        let options =
            ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
        Resizer::new()
            .resize(&src, &mut dst, &options)
            .context("resizing the original")?;
        dst.into_vec()
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode(&pixels, tw, th, ExtendedColorType::Rgb8)
        .context("encoding the derivate")?;
    Ok(Bytes::from(out))
}

/// A cache of derivates keyed by file, version and usage, bounded by total bytes; the
/// least recently used entries go first.
#[derive(Debug)]
pub struct DerivateCache {
    budget: usize,
    used: usize,
    tick: u64,
    entries: HashMap<(String, u32, &'static str), (Bytes, u64)>,
    order: BTreeMap<u64, (String, u32, &'static str)>,
}

impl DerivateCache {
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            used: 0,
            tick: 0,
            entries: HashMap::new(),
            order: BTreeMap::new(),
        }
    }

    pub fn get(&mut self, file: &str, version: u32, usage: &'static str) -> Option<Bytes> {
        let key = (file.to_owned(), version, usage);
        let (bytes, at) = self.entries.get_mut(&key)?;
        self.tick += 1;
        self.order.remove(at);
        *at = self.tick;
        self.order.insert(self.tick, key);
        Some(bytes.clone())
    }

    pub fn put(&mut self, file: &str, version: u32, usage: &'static str, bytes: Bytes) {
        let key = (file.to_owned(), version, usage);
        if let Some((old, at)) = self.entries.remove(&key) {
            self.used -= old.len();
            self.order.remove(&at);
        }
        if bytes.len() > self.budget {
            return;
        }
        self.tick += 1;
        self.used += bytes.len();
        self.order.insert(self.tick, key.clone());
        self.entries.insert(key, (bytes, self.tick));
        while self.used > self.budget {
            let Some((_, oldest)) = self.order.pop_first() else {
                break;
            };
            if let Some((b, _)) = self.entries.remove(&oldest) {
                self.used -= b.len();
            }
        }
    }

    /// Drops every derivate of `file` (after a replace or delete).
    pub fn forget(&mut self, file: &str) {
        let keys: Vec<_> = self
            .entries
            .keys()
            .filter(|k| k.0 == file)
            .cloned()
            .collect();
        for k in keys {
            if let Some((b, at)) = self.entries.remove(&k) {
                self.used -= b.len();
                self.order.remove(&at);
            }
        }
    }

    #[cfg(test)]
    fn used_bytes(&self) -> usize {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 60]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn derivates_keep_the_aspect_ratio_and_never_enlarge() {
        assert_eq!(derivate_size((1080, 1340), 200), (161, 200));
        assert_eq!(derivate_size((4000, 3000), 1600), (1600, 1200));
        assert_eq!(derivate_size((150, 100), 800), (150, 100));
        let small = make_derivate(&jpeg(1080, 1340), 200).unwrap();
        let p = probe(&small, "x_small.jpg", None);
        assert_eq!(
            (p.mime_type.as_str(), p.dimensions),
            ("image/jpeg", Some((161, 200)))
        );
    }

    #[test]
    fn probe_reads_type_size_and_checksum() {
        let bytes = jpeg(64, 32);
        let p = probe(&bytes, "Shot.JPG", Some("application/octet-stream"));
        assert_eq!(p.extension, "jpg");
        assert_eq!(p.dimensions, Some((64, 32)));
        assert_eq!(p.size, bytes.len() as u64);
        assert_eq!(p.md5, hex::encode(Md5::digest(&bytes)));
        let pdf = probe(b"%PDF-1.4 not an image", "sheet.pdf", None);
        assert_eq!(
            (pdf.mime_type.as_str(), pdf.dimensions),
            ("application/pdf", None)
        );
    }

    #[test]
    fn cache_stays_within_its_budget_dropping_the_least_recently_used() {
        let mut c = DerivateCache::new(10);
        c.put("a", 1, "small", Bytes::from_static(b"12345"));
        c.put("b", 1, "small", Bytes::from_static(b"12345"));
        assert!(c.get("a", 1, "small").is_some());
        c.put("c", 1, "small", Bytes::from_static(b"12345"));
        assert!(
            c.get("b", 1, "small").is_none(),
            "b was least recently used"
        );
        assert!(c.get("a", 1, "small").is_some());
        assert_eq!(c.used_bytes(), 10);
    }
}

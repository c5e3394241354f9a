//! Original files and renditions. Seed originals are read or drawn on first request and
//! kept in a byte-bounded cache; renditions are resized from the original with
//! fast_image_resize and cached the same way (ASSUMPTIONS P15).

use super::model::Original;
use crate::seed::bytes::image_bytes;
use anyhow::Context;
use axum::body::Bytes;
use fast_image_resize::images::Image as FirImage;
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use lru::LruCache;
use parking_lot::Mutex;
use std::hash::Hash;

/// The largest rendition edge the simulator draws.
pub const MAX_EDGE: u32 = 8000;
const RENDITION_QUALITY: u8 = 85;

/// The bytes of an original: a seed's file or drawing (drawn seeds come padded to the size
/// `seed::bytes::byte_len` promised), or uploaded bytes.
pub fn load_original(original: &Original) -> anyhow::Result<Bytes> {
    match original {
        Original::Bytes(bytes) => Ok(bytes.clone()),
        Original::Seed(source) => Ok(Bytes::from(image_bytes(source)?)),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fit {
    /// Scale to fit inside the box.
    Fit,
    /// Scale and centre-crop to fill the box exactly.
    Fill,
}

/// The pixel size of a rendition of a `w`×`h` original in a `bw`×`bh` box. Renditions are
/// never larger than the original: a `fill` box too large is scaled down to fit inside it.
pub fn rendition_size(fit: Fit, bw: u32, bh: u32, w: u32, h: u32) -> (u32, u32) {
    let (w, h, bw, bh) = (f64::from(w), f64::from(h), f64::from(bw), f64::from(bh));
    let scale = match fit {
        Fit::Fit => (bw / w).min(bh / h).min(1.0),
        Fit::Fill => (w / bw).min(h / bh).min(1.0),
    };
    let (tw, th) = match fit {
        Fit::Fit => (w * scale, h * scale),
        Fit::Fill => (bw * scale, bh * scale),
    };
    ((tw.round() as u32).max(1), (th.round() as u32).max(1))
}

/// Draws a rendition of `original` (any format the `image` crate reads) as a JPEG.
pub fn render(original: &[u8], fit: Fit, bw: u32, bh: u32) -> anyhow::Result<Bytes> {
    let src = image::load_from_memory(original)
        .context("decoding the original")?
        .to_rgb8();
    let (w, h) = src.dimensions();
    let (tw, th) = rendition_size(fit, bw, bh, w, h);
    let src = FirImage::from_vec_u8(w, h, src.into_raw(), PixelType::U8x3)
        .context("preparing the original for resizing")?;
    let mut dst = FirImage::new(tw, th, PixelType::U8x3);
    let options = match fit {
        Fit::Fit => ResizeOptions::new(),
        Fit::Fill => ResizeOptions::new().fit_into_destination(Some((0.5, 0.5))),
    };
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .context("resizing")?;
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, RENDITION_QUALITY)
        .encode(dst.buffer(), tw, th, image::ExtendedColorType::Rgb8)
        .context("encoding the rendition")?;
    Ok(Bytes::from(out))
}

/// A least-recently-used cache bounded by the total size of its values.
pub struct ByteCache<K: Hash + Eq> {
    inner: Mutex<(LruCache<K, Bytes>, usize)>,
    budget: usize,
}

impl<K: Hash + Eq> ByteCache<K> {
    pub fn new(budget: usize) -> Self {
        Self {
            inner: Mutex::new((LruCache::unbounded(), 0)),
            budget,
        }
    }

    pub fn get(&self, key: &K) -> Option<Bytes> {
        self.inner.lock().0.get(key).cloned()
    }

    pub fn put(&self, key: K, value: Bytes) {
        if value.len() > self.budget {
            return;
        }
        let mut guard = self.inner.lock();
        let (cache, used) = &mut *guard;
        *used += value.len();
        if let Some(old) = cache.put(key, value) {
            *used -= old.len();
        }
        while *used > self.budget {
            match cache.pop_lru() {
                Some((_, v)) => *used -= v.len(),
                None => break,
            }
        }
    }

    /// Total bytes held (for tests of the bound).
    pub fn used(&self) -> usize {
        self.inner.lock().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::seed::bytes::byte_len;
    use crate::seed::model::ImageSource;

    fn drawn(w: u32, h: u32) -> ImageSource {
        ImageSource::Generated {
            seed: 42,
            width: w,
            height: h,
            label: "test".into(),
            embedded: None,
        }
    }

    #[test]
    fn drawn_originals_have_their_promised_size_and_stay_decodable() {
        let source = drawn(320, 200);
        let bytes = load_original(&Original::Seed(source.clone())).unwrap();
        assert_eq!(bytes.len() as u64, byte_len(&source).unwrap());
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (320, 200));
    }

    #[test]
    fn fit_keeps_aspect_and_never_upscales() {
        assert_eq!(rendition_size(Fit::Fit, 300, 300, 1080, 1340), (242, 300));
        assert_eq!(
            rendition_size(Fit::Fit, 4000, 4000, 1080, 1340),
            (1080, 1340)
        );
        assert_eq!(rendition_size(Fit::Fill, 250, 250, 1080, 1340), (250, 250));
        assert_eq!(
            rendition_size(Fit::Fill, 2000, 1000, 1080, 1340),
            (1080, 540)
        );
    }

    #[test]
    fn renders_a_jpeg_of_the_computed_size() {
        let original = image_bytes(&drawn(400, 300)).unwrap();
        let out = render(&original, Fit::Fill, 100, 100).unwrap();
        let img = image::load_from_memory(&out).unwrap();
        assert_eq!((img.width(), img.height()), (100, 100));
    }

    #[test]
    fn cache_evicts_least_recently_used_beyond_its_budget() {
        let cache = ByteCache::new(10);
        cache.put(1, Bytes::from_static(b"aaaa"));
        cache.put(2, Bytes::from_static(b"bbbb"));
        assert!(cache.get(&1).is_some());
        cache.put(3, Bytes::from_static(b"cccc"));
        assert!(cache.get(&2).is_none(), "2 was least recently used");
        assert!(cache.get(&1).is_some() && cache.get(&3).is_some());
        assert_eq!(cache.used(), 8);
    }
}

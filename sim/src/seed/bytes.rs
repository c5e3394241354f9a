//! The bytes of a seed image: read from its file, or drawn on first request.
//!
//! A generated original is drawn, encoded as JPEG, given its IPTC/XMP (`embedded`) and padded
//! to `byte_len`, so its size is known without drawing it. Both services serve the same
//! bytes for the same `ImageSource`, so checksums agree across them.

use super::model::ImageSource;
use super::{draw, embed};
use anyhow::Context;

/// JPEG quality of generated originals.
const QUALITY: u8 = 88;

/// Returns the JPEG bytes of `source`.
pub fn image_bytes(source: &ImageSource) -> anyhow::Result<Vec<u8>> {
    match source {
        ImageSource::File(path) => {
            std::fs::read(path).with_context(|| format!("reading seed image {}", path.display()))
        }
        ImageSource::Generated {
            seed,
            width,
            height,
            label,
            embedded,
        } => {
            let img = draw::draw(*seed, *width, *height, label);
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
                .encode_image(&img)
                .context("encoding a generated image")?;
            embed::finish(
                jpeg,
                embedded.as_deref(),
                embed::target_len(*width, *height, *seed),
            )
        }
    }
}

/// The size in bytes of `source` without reading or drawing it.
pub fn byte_len(source: &ImageSource) -> anyhow::Result<u64> {
    match source {
        ImageSource::File(path) => Ok(std::fs::metadata(path)
            .with_context(|| format!("reading the size of seed image {}", path.display()))?
            .len()),
        ImageSource::Generated {
            seed,
            width,
            height,
            ..
        } => Ok(embed::target_len(*width, *height, *seed)),
    }
}

/// Pixel width and height of `source` (the JPEG header of a file; the promise of a drawing).
pub fn dimensions(source: &ImageSource) -> anyhow::Result<(u32, u32)> {
    match source {
        ImageSource::File(path) => image::image_dimensions(path)
            .with_context(|| format!("reading the pixel size of seed image {}", path.display())),
        ImageSource::Generated { width, height, .. } => Ok((*width, *height)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::metadata;
    use crate::seed::model::SeedMetadata;
    use std::sync::Arc;

    #[test]
    fn a_generated_original_has_its_promised_size_and_metadata() {
        let mut meta = SeedMetadata {
            title: Some("MH02 main v2".into()),
            keywords: vec!["MH02".into(), "hoodie & sweatshirt".into()],
            licence_end: chrono::NaiveDate::from_ymd_opt(2031, 3, 1),
            expiration_date: chrono::NaiveDate::from_ymd_opt(2031, 3, 1),
            regions: vec!["DE".into(), "AT".into()],
            model_release: Some(true),
            ..SeedMetadata::default()
        };
        meta.xmp = embed::properties(&meta).into_iter().collect();
        for seed in [1u64, 0xDEAD_BEEF_0000_0102, u64::MAX] {
            let source = ImageSource::Generated {
                seed,
                width: 300,
                height: 375,
                label: "MH02_MAIN_V2".into(),
                embedded: Some(Arc::new(meta.clone())),
            };
            let bytes = image_bytes(&source).expect("drawn");
            assert_eq!(
                bytes.len() as u64,
                byte_len(&source).unwrap(),
                "seed {seed}"
            );
            assert_eq!(
                image::load_from_memory(&bytes).expect("decodes").width(),
                300
            );
            assert_eq!(metadata::read(&bytes), meta);
        }
    }
}

//! The bytes of a seed image: read from its file, or drawn on first request.

use super::model::ImageSource;
use anyhow::Context;

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
            ..
        } => {
            let [r, g, b, ..] = seed.to_le_bytes();
            let img = image::RgbImage::from_pixel(*width, *height, image::Rgb([r, g, b]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Jpeg)
                .context("encoding generated image")?;
            Ok(out.into_inner())
        }
    }
}

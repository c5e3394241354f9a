//! The last steps of the pipeline: the exact size (`fast_image_resize`, Lanczos3), the EXIF
//! orientation, and the encoded file.

use super::super::error::ThumbError;
use super::{Decoded, Thumbnail};
use fast_image_resize as fir;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageBuffer, ImageEncoder};

/// JPEG quality of the thumbnails: small files, no visible blocks at grid sizes.
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    Luma,
    Rgb,
    Rgba,
}

impl Channels {
    pub fn count(self) -> usize {
        match self {
            Channels::Luma => 1,
            Channels::Rgb => 3,
            Channels::Rgba => 4,
        }
    }

    fn pixel_type(self) -> fir::PixelType {
        match self {
            Channels::Luma => fir::PixelType::U8,
            Channels::Rgb => fir::PixelType::U8x3,
            Channels::Rgba => fir::PixelType::U8x4,
        }
    }
}

/// 8-bit pixels, rows top to bottom, channels interleaved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub channels: Channels,
    pub data: Vec<u8>,
}

/// The size of `width`×`height` fitted inside a `box_px` square, keeping the aspect ratio and
/// never enlarging.
pub fn fit_size(width: u32, height: u32, box_px: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= box_px || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(box_px) / f64::from(long);
    let edge = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, box_px);
    (edge(width), edge(height))
}

/// True when the orientation turns the picture by a quarter (width and height swap).
pub(crate) fn swaps_axes(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The thumbnail size in the file's stored orientation, for an image stored as
/// `width`×`height` that shows turned by `orientation`.
pub(crate) fn stored_target(
    width: u32,
    height: u32,
    orientation: Orientation,
    box_px: u32,
) -> (u32, u32) {
    if swaps_axes(orientation) {
        let (w, h) = fit_size(height, width, box_px);
        (h, w)
    } else {
        fit_size(width, height, box_px)
    }
}

/// Resizes the decoded pixels to the thumbnail size of the full image.
pub(crate) fn fit_box(decoded: &Decoded, box_px: u32) -> Result<Pixels, ThumbError> {
    let (full_w, full_h) = decoded.source_size;
    let (tw, th) = stored_target(full_w, full_h, decoded.orientation, box_px);
    let src = &decoded.pixels;
    if (tw, th) == (src.width, src.height) {
        return Ok(src.clone());
    }
    let kind = src.channels.pixel_type();
    let from = fir::images::ImageRef::new(src.width, src.height, &src.data, kind)
        .map_err(|e| ThumbError::damaged(format!("decoded pixels do not match their size: {e}")))?;
    let mut to = fir::images::Image::new(tw, th, kind);
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    fir::Resizer::new()
        .resize(&from, &mut to, &options)
        .map_err(|e| ThumbError::damaged(format!("cannot resize the decoded pixels: {e}")))?;
    Ok(Pixels {
        width: tw,
        height: th,
        channels: src.channels,
        data: to.into_vec(),
    })
}

/// Turns the pixels upright.
pub(crate) fn orient(pixels: Pixels, orientation: Orientation) -> Pixels {
    if orientation == Orientation::NoTransforms {
        return pixels;
    }
    let mut image = match to_dynamic(pixels) {
        Ok(image) => image,
        Err(pixels) => return pixels,
    };
    image.apply_orientation(orientation);
    from_dynamic(image)
}

/// JPEG for opaque pixels, PNG for pixels with transparency.
pub(crate) fn encode(pixels: &Pixels) -> Result<Thumbnail, ThumbError> {
    let mut bytes = Vec::with_capacity(pixels.data.len() / 8 + 1024);
    let failed =
        |e: image::ImageError| ThumbError::damaged(format!("cannot encode the thumbnail: {e}"));
    let content_type = match pixels.channels {
        Channels::Rgba => {
            image::codecs::png::PngEncoder::new(&mut bytes)
                .write_image(
                    &pixels.data,
                    pixels.width,
                    pixels.height,
                    ExtendedColorType::Rgba8,
                )
                .map_err(failed)?;
            "image/png"
        }
        Channels::Luma | Channels::Rgb => {
            let color = if pixels.channels == Channels::Luma {
                ExtendedColorType::L8
            } else {
                ExtendedColorType::Rgb8
            };
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
                .encode(&pixels.data, pixels.width, pixels.height, color)
                .map_err(failed)?;
            "image/jpeg"
        }
    };
    Ok(Thumbnail {
        bytes,
        width: pixels.width,
        height: pixels.height,
        content_type,
    })
}

fn to_dynamic(pixels: Pixels) -> Result<DynamicImage, Pixels> {
    let Pixels {
        width,
        height,
        channels,
        data,
    } = pixels;
    let image = match channels {
        Channels::Luma => ImageBuffer::from_raw(width, height, data).map(DynamicImage::ImageLuma8),
        Channels::Rgb => ImageBuffer::from_raw(width, height, data).map(DynamicImage::ImageRgb8),
        Channels::Rgba => ImageBuffer::from_raw(width, height, data).map(DynamicImage::ImageRgba8),
    };
    image.ok_or(Pixels {
        width,
        height,
        channels,
        data: Vec::new(),
    })
}

fn from_dynamic(image: DynamicImage) -> Pixels {
    let (width, height) = (image.width(), image.height());
    let (channels, data) = match image {
        DynamicImage::ImageLuma8(b) => (Channels::Luma, b.into_raw()),
        DynamicImage::ImageRgba8(b) => (Channels::Rgba, b.into_raw()),
        other => (Channels::Rgb, other.into_rgb8().into_raw()),
    };
    Pixels {
        width,
        height,
        channels,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbnails_fit_the_box_and_never_grow() {
        assert_eq!(fit_size(1080, 1340, 160), (129, 160));
        assert_eq!(fit_size(1340, 1080, 160), (160, 129));
        assert_eq!(fit_size(100, 80, 160), (100, 80));
        assert_eq!(fit_size(65500, 1, 160), (160, 1));
    }

    #[test]
    fn a_quarter_turn_fits_the_box_after_turning() {
        // Stored 1340 wide, 1080 high, shown turned: 1080 wide, 1340 high.
        assert_eq!(
            stored_target(1340, 1080, Orientation::Rotate90, 160),
            (160, 129)
        );
        assert_eq!(
            stored_target(1340, 1080, Orientation::Rotate180, 160),
            (160, 129)
        );
    }
}

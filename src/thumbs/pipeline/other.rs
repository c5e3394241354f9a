//! PNG and TIFF through the `image` crate: the header checked against the limits first, then a
//! full decode (these formats have no reduced-scale decode), 16-bit samples brought to 8 bits
//! on purpose, transparency kept.

use super::resize::{Channels, Pixels};
use super::{Decoded, Limits};
use crate::thumbs::error::ThumbError;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat};

pub(crate) fn decode(
    data: &[u8],
    format: ImageFormat,
    _box_px: u32,
    limits: &Limits,
) -> Result<Decoded, ThumbError> {
    let name = format_name(format);
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut image_limits = image::Limits::default();
    image_limits.max_alloc = Some(limits.max_memory);
    reader.limits(image_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| image_error(e, name, limits))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(ThumbError::damaged(format!(
            "the {name} header gives no image size"
        )));
    }
    limits.check_pixels(width, height)?;
    let decoded_bytes = decoder.total_bytes();
    // The decoded image, and its 8-bit copy.
    limits.check_memory(data.len() as u64 + decoded_bytes + decoded_bytes / 2)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(|e| image_error(e, name, limits))?;
    Ok(Decoded {
        pixels: eight_bit(image),
        orientation,
        source_size: (width, height),
    })
}

fn eight_bit(image: DynamicImage) -> Pixels {
    let (width, height) = (image.width(), image.height());
    let color = image.color();
    let (channels, data) = if color.has_alpha() {
        (Channels::Rgba, image.into_rgba8().into_raw())
    } else if color.has_color() {
        (Channels::Rgb, image.into_rgb8().into_raw())
    } else {
        (Channels::Luma, image.into_luma8().into_raw())
    };
    Pixels {
        width,
        height,
        channels,
        data,
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Tiff => "TIFF",
        _ => "image",
    }
}

fn image_error(err: ImageError, name: &'static str, limits: &Limits) -> ThumbError {
    match err {
        ImageError::Unsupported(e) => ThumbError::Unsupported {
            format: format!("this kind of {name} ({e})"),
            hint: format!("save the image again as an 8- or 16-bit RGB {name} or as JPEG"),
        },
        ImageError::Limits(_) => ThumbError::TooMuchMemory {
            needed_mib: None,
            limit_mib: limits.max_memory >> 20,
        },
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            ThumbError::damaged(format!("the {name} file is cut short"))
        }
        other => ThumbError::damaged(other.to_string()),
    }
}

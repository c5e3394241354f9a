//! JPEG: the header checked against the limits, then the smallest DCT scale (1/8, 1/4, 1/2
//! or 1) that still covers the thumbnail. A progressive file at 1/8 or 1/4 scale is read from
//! the few coefficients per block that scale shows ([`jpeg_corner`]); everything else goes
//! to `jpeg-decoder` at that scale, fed only the scans it reads. Greyscale, YCbCr/RGB,
//! CMYK/YCCK and 12/16-bit lossless greyscale files.

use super::jpeg_corner;
use super::jpeg_markers::{Coding, JpegMarkers, MarkerError};
use super::resize::{Channels, Pixels, stored_target};
use super::{Decoded, Limits};
use crate::thumbs::error::ThumbError;
use image::metadata::Orientation;
use jpeg_decoder::PixelFormat;

pub(crate) fn decode(data: &[u8], box_px: u32, limits: &Limits) -> Result<Decoded, ThumbError> {
    let markers = JpegMarkers::read(data).map_err(marker_error)?;
    let (width, height) = (markers.width, markers.height);
    if width == 0 || height == 0 {
        return Err(ThumbError::damaged(
            "the JPEG header gives no image size (a height set by a later DNL marker is not supported)",
        ));
    }
    check_components(&markers)?;
    if markers.truncated && !markers.scans.iter().any(|scan| scan.bytes.end < data.len()) {
        return Err(ThumbError::damaged(
            "the file is cut short before the end of its first scan: it holds no picture",
        ));
    }
    limits.check_pixels(width, height)?;
    let orientation = markers
        .exif
        .clone()
        .and_then(|range| Orientation::from_exif_chunk(&data[range]))
        .unwrap_or(Orientation::NoTransforms);
    let (tw, th) = stored_target(width, height, orientation, box_px);
    let block = if markers.coding == Coding::Lossless {
        8
    } else {
        block_px(width, height, tw, th)
    };
    let (out_w, out_h) = (scaled(width, block), scaled(height, block));
    limits.check_memory(memory_needed(&markers, data.len(), out_w, out_h))?;
    if block <= 2 && markers.coding == Coding::Progressive {
        match jpeg_corner::decode(data, block) {
            Ok(Some(pixels)) => {
                return Ok(Decoded {
                    pixels,
                    orientation,
                    source_size: (width, height),
                });
            }
            Ok(None) => {}
            // The general decoder is more forgiving; its verdict stands.
            Err(err) => {
                tracing::debug!("the corner decode gave up ({err}); decoding in full");
            }
        }
    }

    let source = markers.stream_for(data, block);
    if markers.truncated {
        tracing::debug!("the JPEG has no end marker; its thumbnail shows what the file holds");
    }
    let mut decoder = jpeg_decoder::Decoder::new(&*source);
    decoder.set_max_decoding_buffer_size(usize::try_from(limits.max_memory).unwrap_or(usize::MAX));
    if block < 8 {
        // Asking for exactly the scaled size makes the decoder pick `block`.
        let (w, h) = (
            out_w.min(u32::from(u16::MAX)),
            out_h.min(u32::from(u16::MAX)),
        );
        decoder
            .scale(w as u16, h as u16)
            .map_err(|e| decode_error(e, &markers))?;
    }
    let raw = decoder.decode().map_err(|e| decode_error(e, &markers))?;
    let info = decoder
        .info()
        .ok_or_else(|| ThumbError::damaged("the decoder gave no image size"))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let pixels = match info.pixel_format {
        PixelFormat::L8 => pixels(w, h, Channels::Luma, raw)?,
        PixelFormat::RGB24 => pixels(w, h, Channels::Rgb, raw)?,
        PixelFormat::CMYK32 => pixels(w, h, Channels::Rgb, cmyk_to_rgb(&raw))?,
        PixelFormat::L16 => pixels(w, h, Channels::Luma, l16_to_l8(&raw, markers.precision))?,
    };
    Ok(Decoded {
        pixels,
        orientation,
        source_size: (width, height),
    })
}

/// Pixels per 8×8 block of the smallest DCT scale whose output still covers `tw`×`th`.
fn block_px(width: u32, height: u32, tw: u32, th: u32) -> u8 {
    [1u8, 2, 4]
        .into_iter()
        .find(|&b| scaled(width, b) >= tw && scaled(height, b) >= th)
        .unwrap_or(8)
}

fn scaled(len: u32, block: u8) -> u32 {
    (len * u32::from(block)).div_ceil(8)
}

/// Memory of one decode: the file, the coefficients of every block when progressive (kept
/// until the last scan), and the planes plus the interleaved output at the decoded scale.
fn memory_needed(markers: &JpegMarkers, file_len: usize, out_w: u32, out_h: u32) -> u64 {
    let comps = markers.components.len() as u64;
    let bytes_per_sample = if markers.precision > 8 { 2 } else { 1 };
    let output = u64::from(out_w) * u64::from(out_h) * comps * bytes_per_sample * 2;
    let coefficients = if markers.coding == Coding::Progressive {
        let blocks =
            u64::from(markers.width.div_ceil(8) + 1) * u64::from(markers.height.div_ceil(8) + 1);
        blocks * 64 * 2 * comps
    } else {
        0
    };
    file_len as u64 + output + coefficients
}

fn check_components(markers: &JpegMarkers) -> Result<(), ThumbError> {
    match (markers.components.len(), markers.precision) {
        (1, 2..=16) | (3 | 4, 8) => Ok(()),
        (3 | 4, 12 | 16) => Err(ThumbError::Unsupported {
            format: format!("{}-bit colour JPEG", markers.precision),
            hint: "export the image as an 8-bit JPEG or a 16-bit PNG/TIFF".into(),
        }),
        (count, precision) => Err(ThumbError::damaged(format!(
            "the frame header declares {count} components of {precision} bits"
        ))),
    }
}

fn pixels(
    width: u32,
    height: u32,
    channels: Channels,
    data: Vec<u8>,
) -> Result<Pixels, ThumbError> {
    let expected = width as usize * height as usize * channels.count();
    if data.len() != expected {
        return Err(ThumbError::damaged(format!(
            "the decoder gave {} bytes for {width}×{height} pixels",
            data.len()
        )));
    }
    Ok(Pixels {
        width,
        height,
        channels,
        data,
    })
}

/// `jpeg-decoder` gives ink amounts (0 = no ink); a plain conversion without an ICC profile.
fn cmyk_to_rgb(cmyk: &[u8]) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        let white = 255 - u32::from(px[3]);
        for &ink in &px[..3] {
            rgb.push(((255 - u32::from(ink)) * white / 255) as u8);
        }
    }
    rgb
}

/// 12/16-bit samples (native byte order) to 8 bits.
fn l16_to_l8(samples: &[u8], precision: u8) -> Vec<u8> {
    let shift = u32::from(precision.saturating_sub(8));
    samples
        .chunks_exact(2)
        .map(|s| (u16::from_ne_bytes([s[0], s[1]]) >> shift).min(255) as u8)
        .collect()
}

fn marker_error(err: MarkerError) -> ThumbError {
    match err {
        MarkerError::NotJpeg => ThumbError::NotAnImage,
        MarkerError::NoFrame => ThumbError::damaged("the file ends before the JPEG frame header"),
        MarkerError::Malformed(reason) => ThumbError::damaged(reason),
        MarkerError::Unsupported(what) => ThumbError::Unsupported {
            format: what.to_string(),
            hint: "export the image as a baseline or progressive JPEG".into(),
        },
    }
}

fn decode_error(err: jpeg_decoder::Error, markers: &JpegMarkers) -> ThumbError {
    match err {
        jpeg_decoder::Error::Unsupported(feature) => ThumbError::Unsupported {
            format: format!("JPEG ({feature:?})"),
            hint: "export the image as a baseline JPEG".into(),
        },
        jpeg_decoder::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            ThumbError::damaged("the file is cut short inside the image data")
        }
        jpeg_decoder::Error::Format(reason) if markers.truncated => {
            ThumbError::damaged(format!("the file is cut short ({reason})"))
        }
        other => ThumbError::damaged(other.to_string()),
    }
}

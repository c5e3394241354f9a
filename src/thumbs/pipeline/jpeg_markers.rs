//! One walk over a JPEG's marker segments, before any pixel is decoded: the frame header
//! (size, components, coding process) for the limit checks, the EXIF block for the
//! orientation, and the scans of a progressive file.
//!
//! A progressive file sends its coefficients in several scans, the DC terms first. A decode
//! at 1/8 scale uses only the DC terms, so [`JpegMarkers::without_unused_scans`] copies the
//! file without the scans whose coefficients that decode never reads: the result is the same
//! picture, from a fraction of the entropy-coded data.

use std::borrow::Cow;
use std::ops::Range;

/// What the header walk found.
#[derive(Debug, Clone)]
pub struct JpegMarkers {
    pub width: u32,
    pub height: u32,
    /// Component ids in frame order.
    pub components: Vec<u8>,
    /// Bits per sample (8, or 12/16 for extended and lossless files).
    pub precision: u8,
    pub coding: Coding,
    /// The EXIF payload (from its TIFF header on) of the first APP1 `Exif` segment.
    pub exif: Option<Range<usize>>,
    /// Scans in file order (progressive files; sequential ones have one or a few).
    pub scans: Vec<Scan>,
    /// The data ended before the EOI marker.
    pub truncated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Baseline or extended sequential DCT, Huffman coded (SOF0, SOF1).
    Sequential,
    /// Progressive DCT, Huffman coded (SOF2).
    Progressive,
    /// Lossless, Huffman coded (SOF3).
    Lossless,
}

/// One scan: its header and entropy-coded data.
#[derive(Debug, Clone)]
pub struct Scan {
    /// From the SOS marker to the end of the entropy-coded data.
    pub bytes: Range<usize>,
    /// Component ids in the scan.
    pub components: Vec<u8>,
    /// Spectral selection start and end (zig-zag indices).
    pub ss: u8,
    pub se: u8,
    /// Successive approximation: high bit position (0 = first pass over these coefficients).
    pub ah: u8,
}

/// Why a file is not a JPEG this pipeline reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerError {
    /// The file does not start with SOI.
    NotJpeg,
    /// The data ends before the frame header.
    NoFrame,
    /// A segment is malformed (its reason).
    Malformed(String),
    /// A coding process the decoder does not implement (its name).
    Unsupported(&'static str),
}

/// One marker segment: where its marker starts, its body (after the length), and for a scan
/// the entropy-coded data that follows.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub marker: u8,
    pub at: usize,
    pub body: Range<usize>,
    pub entropy: Option<Range<usize>>,
}

/// The marker segments of a JPEG in file order (standalone markers skipped).
pub(crate) struct Segments<'a> {
    data: &'a [u8],
    pos: usize,
    done: bool,
    /// Set when the walk ended at the end of the data instead of at EOI.
    pub truncated: bool,
}

impl<'a> Segments<'a> {
    pub fn new(data: &'a [u8]) -> Result<Segments<'a>, MarkerError> {
        if data.len() < 2 || data[0] != 0xFF || data[1] != 0xD8 {
            return Err(MarkerError::NotJpeg);
        }
        Ok(Segments {
            data,
            pos: 2,
            done: false,
            truncated: false,
        })
    }

    /// The next segment; `None` at EOI or at the end of the data.
    pub fn next_segment(&mut self) -> Result<Option<Segment>, MarkerError> {
        let data = self.data;
        while !self.done {
            let Some((marker, at)) = next_marker(data, self.pos) else {
                return Ok(self.end(true));
            };
            self.pos = at + 2;
            match marker {
                0xD9 => return Ok(self.end(false)),
                0x01 | 0xD0..=0xD7 => continue,
                0x02..=0xBF => {
                    return Err(MarkerError::Malformed(format!(
                        "an unknown marker FF{marker:02X} at byte {at}"
                    )));
                }
                _ => {}
            }
            let pos = self.pos;
            let Some(len) = data
                .get(pos..pos + 2)
                .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            else {
                return Ok(self.end(true));
            };
            if len < 2 {
                return Err(MarkerError::Malformed(format!(
                    "segment FF{marker:02X} has the impossible length {len}"
                )));
            }
            if pos + len > data.len() {
                return Ok(self.end(true));
            }
            let body = pos + 2..pos + len;
            let entropy = (marker == 0xDA).then(|| pos + len..entropy_end(data, pos + len));
            self.pos = entropy.as_ref().map_or(pos + len, |e| e.end);
            return Ok(Some(Segment {
                marker,
                at,
                body,
                entropy,
            }));
        }
        Ok(None)
    }

    fn end(&mut self, truncated: bool) -> Option<Segment> {
        self.done = true;
        self.truncated = truncated;
        None
    }
}

impl JpegMarkers {
    /// Walks `data` from SOI to EOI (or its end).
    pub fn read(data: &[u8]) -> Result<JpegMarkers, MarkerError> {
        let mut segments = Segments::new(data)?;
        let mut found = Frame::default();
        let mut scans = Vec::new();
        let mut exif = None;
        while let Some(segment) = segments.next_segment()? {
            let body = &data[segment.body.clone()];
            match segment.marker {
                0xC0..=0xCF if !matches!(segment.marker, 0xC4 | 0xC8 | 0xCC) => {
                    found.read_sof(segment.marker, body)?;
                }
                0xE1 if exif.is_none() && body.starts_with(b"Exif\0\0") => {
                    exif = Some(segment.body.start + 6..segment.body.end);
                }
                0xDA => {
                    if found.coding.is_none() {
                        return Err(MarkerError::Malformed(
                            "a scan comes before the frame header".into(),
                        ));
                    }
                    let end = segment.entropy.map_or(segment.body.end, |e| e.end);
                    scans.push(read_sos(body, segment.at..end)?);
                }
                _ => {}
            }
        }
        let coding = found.coding.ok_or(MarkerError::NoFrame)?;
        Ok(JpegMarkers {
            width: u32::from(found.width),
            height: u32::from(found.height),
            components: found.components,
            precision: found.precision,
            coding,
            exif,
            scans,
            truncated: segments.truncated,
        })
    }

    /// What to hand the decoder for a decode making `block_px`×`block_px` pixels per block:
    /// the file without the scans that decode never reads, and with an EOI marker when the
    /// file lacks one (a cut or carelessly written file then shows what it holds).
    pub fn stream_for<'a>(&self, data: &'a [u8], block_px: u8) -> Cow<'a, [u8]> {
        if let Some(reduced) = self.without_unused_scans(data, block_px) {
            return Cow::Owned(reduced);
        }
        if self.truncated {
            let mut whole = Vec::with_capacity(data.len() + 2);
            whole.extend_from_slice(data);
            whole.extend_from_slice(&[0xFF, 0xD9]);
            return Cow::Owned(whole);
        }
        Cow::Borrowed(data)
    }

    /// A copy of `data` without the scans that a decode producing `block_px`×`block_px`
    /// pixels per 8×8 block (1, 2, 4 or 8) does not read, or `None` when every scan is needed.
    pub fn without_unused_scans(&self, data: &[u8], block_px: u8) -> Option<Vec<u8>> {
        if self.coding != Coding::Progressive || block_px >= 8 || self.scans.is_empty() {
            return None;
        }
        let used = used_coefficients(block_px);
        let keep = if block_px <= 2 {
            self.first_scans_to_keep(used)
        } else {
            self.scans_to_keep(used)
        };
        if keep.iter().all(|k| *k) {
            return None;
        }
        let mut out = Vec::with_capacity(data.len() / 2);
        let mut copied = 0;
        for (scan, keep) in self.scans.iter().zip(keep) {
            out.extend_from_slice(&data[copied..scan.bytes.start]);
            if keep {
                out.extend_from_slice(&data[scan.bytes.clone()]);
            }
            copied = scan.bytes.end;
        }
        out.extend_from_slice(&data[copied..]);
        if self.truncated || !out.ends_with(&[0xFF, 0xD9]) {
            out.extend_from_slice(&[0xFF, 0xD9]);
        }
        Some(out)
    }

    /// Which scans to keep when the decode reads the coefficients in `used` (a zig-zag bit
    /// mask). Walked from the last scan back: a kept refinement scan needs every earlier scan
    /// of its band, or its correction bits would be read against the wrong coefficients.
    fn scans_to_keep(&self, used: u64) -> Vec<bool> {
        let mut needed: Vec<u64> = vec![used; self.components.len()];
        let mut keep = vec![false; self.scans.len()];
        for (i, scan) in self.scans.iter().enumerate().rev() {
            let band = band_mask(scan.ss, scan.se);
            let indices: Vec<usize> = scan
                .components
                .iter()
                .filter_map(|id| self.components.iter().position(|c| c == id))
                .collect();
            // A scan naming no known component is left for the decoder to reject.
            let wanted = indices.is_empty() || indices.iter().any(|&c| needed[c] & band != 0);
            if wanted {
                keep[i] = true;
                if scan.ah != 0 {
                    for &c in &indices {
                        needed[c] |= band;
                    }
                }
            }
        }
        keep
    }
}

impl JpegMarkers {
    /// Which scans to keep for a decode making at most 2×2 pixels per block: the DC scans,
    /// and the first scan of every AC band holding a coefficient in `used`; AC refinement
    /// scans are left out. They only add the lowest bits of coefficients, which a picture a
    /// quarter of the size (or smaller) does not show (a test holds the thumbnails of the
    /// catalog photos to within a few levels of a full decode), while decoding them is most
    /// of the work: they revisit every coefficient of the band, including those the decode
    /// then drops.
    fn first_scans_to_keep(&self, used: u64) -> Vec<bool> {
        self.scans
            .iter()
            .map(|scan| {
                let known = scan
                    .components
                    .iter()
                    .any(|id| self.components.contains(id));
                let band = band_mask(scan.ss, scan.se);
                !known || scan.ss == 0 || (scan.ah == 0 && band & used != 0)
            })
            .collect()
    }
}

#[derive(Default)]
struct Frame {
    width: u16,
    height: u16,
    precision: u8,
    components: Vec<u8>,
    coding: Option<Coding>,
}

impl Frame {
    fn read_sof(&mut self, marker: u8, body: &[u8]) -> Result<(), MarkerError> {
        let coding = match marker {
            0xC0 | 0xC1 => Coding::Sequential,
            0xC2 => Coding::Progressive,
            0xC3 => Coding::Lossless,
            0xC5..=0xC7 => return Err(MarkerError::Unsupported("hierarchical JPEG")),
            _ => return Err(MarkerError::Unsupported("arithmetic-coded JPEG")),
        };
        if self.coding.is_some() {
            return Err(MarkerError::Malformed(
                "the file has two frame headers".into(),
            ));
        }
        if body.len() < 6 {
            return Err(MarkerError::Malformed(
                "the frame header is cut short".into(),
            ));
        }
        let count = usize::from(body[5]);
        if count == 0 || body.len() < 6 + 3 * count {
            return Err(MarkerError::Malformed(format!(
                "the frame header lists {count} components in {} bytes",
                body.len()
            )));
        }
        self.precision = body[0];
        self.height = u16::from_be_bytes([body[1], body[2]]);
        self.width = u16::from_be_bytes([body[3], body[4]]);
        self.components = (0..count).map(|i| body[6 + 3 * i]).collect();
        self.coding = Some(coding);
        Ok(())
    }
}

fn read_sos(body: &[u8], bytes: Range<usize>) -> Result<Scan, MarkerError> {
    let count = usize::from(*body.first().unwrap_or(&0));
    if count == 0 || body.len() < 1 + 2 * count + 3 {
        return Err(MarkerError::Malformed("a scan header is cut short".into()));
    }
    let components = (0..count).map(|i| body[1 + 2 * i]).collect();
    let rest = &body[1 + 2 * count..];
    Ok(Scan {
        bytes,
        components,
        ss: rest[0],
        se: rest[1],
        ah: rest[2] >> 4,
    })
}

/// The next marker at or after `pos`: `(marker, offset of its 0xFF)`. Fill bytes (0xFF runs)
/// and stray bytes between segments are skipped, as common decoders do.
fn next_marker(data: &[u8], mut pos: usize) -> Option<(u8, usize)> {
    loop {
        let ff = pos + memchr::memchr(0xFF, data.get(pos..)?)?;
        let mut at = ff;
        while data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        match data.get(at + 1) {
            None => return None,
            Some(0x00) => pos = at + 2,
            Some(&marker) => return Some((marker, at)),
        }
    }
}

/// Where the entropy-coded data that starts at `pos` ends: at the first marker that is not
/// a stuffed 0xFF00 or a restart marker (or at the end of the data).
fn entropy_end(data: &[u8], mut pos: usize) -> usize {
    loop {
        let Some(offset) = data.get(pos..).and_then(|rest| memchr::memchr(0xFF, rest)) else {
            return data.len();
        };
        let ff = pos + offset;
        match data.get(ff + 1) {
            None => return data.len(),
            Some(0x00 | 0xD0..=0xD7 | 0xFF) => pos = ff + 1,
            Some(_) => return ff,
        }
    }
}

/// Bits `ss..=se` (zig-zag indices); an impossible band counts as every coefficient.
fn band_mask(ss: u8, se: u8) -> u64 {
    if ss > se || se > 63 {
        return u64::MAX;
    }
    let upto = if se == 63 {
        u64::MAX
    } else {
        (1u64 << (se + 1)) - 1
    };
    upto & !((1u64 << ss) - 1)
}

/// The zig-zag positions of the coefficients a `block_px`×`block_px` inverse DCT reads: the
/// top-left `block_px`×`block_px` corner of the 8×8 block.
fn used_coefficients(block_px: u8) -> u64 {
    let n = usize::from(block_px.clamp(1, 8));
    UNZIGZAG
        .iter()
        .enumerate()
        .filter(|(_, natural)| **natural / 8 < n && **natural % 8 < n)
        .fold(0, |mask, (zz, _)| mask | 1 << zz)
}

/// Natural (row-major) index of each zig-zag position.
const UNZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

#[cfg(test)]
#[path = "jpeg_markers_tests.rs"]
mod tests;

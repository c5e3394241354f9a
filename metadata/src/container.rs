//! Finding the metadata blocks in a file: XMP packets, Extended XMP, Photoshop image
//! resources (which hold IPTC IIM) and raw IIM. JPEG and PNG through `img-parts` and `png`,
//! TIFF through `tiff`. Only the part of a file before the image data is read, and never
//! more than `MAX_HEADER_BYTES`, so a huge or hostile file costs bounded memory.

use bytes::Bytes;
use img_parts::jpeg::{Jpeg, markers};
use serde::{Deserialize, Serialize};
use std::io::{BufReader, Read, Seek, SeekFrom};

/// The most bytes read from one file to find its metadata.
pub const MAX_HEADER_BYTES: u64 = 64 * 1024 * 1024;
/// The largest Extended XMP accepted (its declared full length).
pub const MAX_EXTENDED_XMP: usize = 16 * 1024 * 1024;
const FIRST_READ: u64 = 256 * 1024;

const XMP_SIG: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const EXT_XMP_SIG: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const PHOTOSHOP_SIG: &[u8] = b"Photoshop 3.0\0";

/// What the content (not the file name) says the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Jpeg,
    Png,
    Tiff,
    /// Empty file.
    Empty,
    /// A format whose metadata is not read (HEIC, PSD, raw, …).
    Other,
}

pub fn sniff(head: &[u8]) -> FileFormat {
    match head {
        [] => FileFormat::Empty,
        [0xFF, 0xD8, ..] => FileFormat::Jpeg,
        [0x89, b'P', b'N', b'G', ..] => FileFormat::Png,
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => FileFormat::Tiff,
        [b'I', b'I', 43, 0, ..] | [b'M', b'M', 0, 43, ..] => FileFormat::Tiff,
        _ => FileFormat::Other,
    }
}

/// The metadata blocks of one file, still undecoded.
#[derive(Debug, Default)]
pub struct Blocks {
    /// Standard XMP packets in file order (a conforming file has at most one).
    pub xmp: Vec<Vec<u8>>,
    /// Extended XMP chunks in file order.
    pub extended_xmp: Vec<ExtendedChunk>,
    /// Photoshop image resource data, the APP13 payloads joined in file order.
    pub photoshop: Vec<u8>,
    /// IPTC IIM stored directly (TIFF tag 33723).
    pub iim: Vec<Vec<u8>>,
    /// Problems met while reading, in words for the user.
    pub notes: Vec<String>,
}

/// One APP1 chunk of an Extended XMP packet.
#[derive(Debug)]
pub struct ExtendedChunk {
    /// The 32 hex digits that the main packet's `xmpNote:HasExtendedXMP` names.
    pub guid: String,
    /// The length of the whole Extended XMP, as the chunk declares it.
    pub full_len: u32,
    /// Where this chunk's data starts in the whole.
    pub offset: u32,
    pub data: Vec<u8>,
}

/// Reads the metadata blocks of a JPEG from a reader, growing the read only until the
/// first scan starts (the image data is never read).
pub fn jpeg_blocks<R: Read + Seek>(reader: &mut R) -> Blocks {
    let mut want = FIRST_READ;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if reader.seek(SeekFrom::Start(0)).is_err()
            || reader.by_ref().take(want).read_to_end(&mut buf).is_err()
        {
            return note("the file could not be read to its end of headers");
        }
        let complete = (buf.len() as u64) < want;
        match Jpeg::from_bytes(Bytes::from(std::mem::take(&mut buf))) {
            Ok(jpeg) => return jpeg_segments(&jpeg),
            Err(img_parts::Error::Truncated) if !complete && want < MAX_HEADER_BYTES => {
                want = (want * 4).min(MAX_HEADER_BYTES);
            }
            Err(img_parts::Error::Truncated) if complete => {
                return note("the file ends before its image data: metadata not read");
            }
            Err(img_parts::Error::Truncated) => {
                return note("the metadata blocks exceed 64 MiB: metadata not read");
            }
            Err(e) => return note(&format!("not a readable JPEG ({e}): metadata not read")),
        }
    }
}

fn note(text: &str) -> Blocks {
    Blocks {
        notes: vec![text.to_owned()],
        ..Blocks::default()
    }
}

fn jpeg_segments(jpeg: &Jpeg) -> Blocks {
    let mut out = Blocks::default();
    for seg in jpeg.segments() {
        let c = seg.contents();
        match seg.marker() {
            markers::APP1 if c.starts_with(XMP_SIG) => out.xmp.push(c[XMP_SIG.len()..].to_vec()),
            markers::APP1 if c.starts_with(EXT_XMP_SIG) => {
                let rest = &c[EXT_XMP_SIG.len()..];
                if rest.len() < 40 {
                    out.notes
                        .push("an Extended XMP segment is too short and was skipped".into());
                    continue;
                }
                let guid = String::from_utf8_lossy(&rest[..32]).into_owned();
                let full = u32::from_be_bytes([rest[32], rest[33], rest[34], rest[35]]);
                let offset = u32::from_be_bytes([rest[36], rest[37], rest[38], rest[39]]);
                out.extended_xmp.push(ExtendedChunk {
                    guid,
                    full_len: full,
                    offset,
                    data: rest[40..].to_vec(),
                });
            }
            markers::APP13 if c.starts_with(PHOTOSHOP_SIG) => {
                out.photoshop.extend_from_slice(&c[PHOTOSHOP_SIG.len()..]);
            }
            _ => {}
        }
    }
    out
}

/// XMP from a PNG's `iTXt` chunk `XML:com.adobe.xmp` (chunks before the image data).
pub fn png_blocks<R: Read + Seek>(reader: R) -> Blocks {
    let limits = png::Limits {
        bytes: MAX_HEADER_BYTES as usize,
    };
    let decoder = png::Decoder::new_with_limits(BufReader::new(reader), limits);
    let reader = match decoder.read_info() {
        Ok(r) => r,
        Err(e) => return note(&format!("not a readable PNG ({e}): metadata not read")),
    };
    let mut out = Blocks::default();
    for chunk in &reader.info().utf8_text {
        if chunk.keyword == "XML:com.adobe.xmp" {
            match chunk.get_text() {
                Ok(text) => out.xmp.push(text.into_bytes()),
                Err(e) => out
                    .notes
                    .push(format!("the PNG's XMP could not be unpacked ({e})")),
            }
        }
    }
    out
}

/// XMP (tag 700), IPTC IIM (tag 33723) and Photoshop resources (tag 34377) from the first
/// TIFF directory.
pub fn tiff_blocks<R: Read + Seek>(reader: R) -> Blocks {
    use tiff::tags::Tag;
    let mut decoder = match tiff::decoder::Decoder::new(BufReader::new(reader)) {
        Ok(d) => d,
        Err(e) => return note(&format!("not a readable TIFF ({e}): metadata not read")),
    };
    let mut out = Blocks::default();
    let mut bytes_of = |tag: u16| -> Option<Vec<u8>> {
        match decoder.find_tag(Tag::Unknown(tag)) {
            Ok(Some(v)) => match v.clone().into_u8_vec() {
                Ok(b) => Some(b),
                Err(_) => v.into_u32_vec().ok().map(|longs| {
                    // Some writers store IIM as LONGs; the bytes are what counts.
                    longs.iter().flat_map(|l| l.to_be_bytes()).collect()
                }),
            },
            _ => None,
        }
    };
    if let Some(xmp) = bytes_of(700) {
        out.xmp.push(xmp);
    }
    if let Some(iim) = bytes_of(33723) {
        out.iim.push(iim);
    }
    if let Some(ps) = bytes_of(34377) {
        out.photoshop = ps;
    }
    out
}

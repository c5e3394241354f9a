//! One file's metadata from its blocks: every XMP packet parsed (the first sets each
//! property, later ones only fill gaps), Extended XMP joined, the Photoshop resources split
//! into IIM blocks and the IIM digest checked. Problems become notes, never errors.

use crate::container::{self, Blocks, ExtendedChunk, FileFormat, MAX_EXTENDED_XMP};
use crate::iim::Iim;
use crate::irb;
use crate::xmp::Xmp;
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::io::{Cursor, Read, Seek, SeekFrom};

/// What the IIM digest (Photoshop resource 0x0425) says about the first IIM block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestState {
    /// No digest stored (or no IIM).
    #[default]
    Absent,
    /// The digest is that of the IIM: unchanged since a program that keeps XMP and IIM in
    /// step last wrote them.
    Matches,
    /// The IIM was changed after the digest was written, by a program that ignores XMP.
    Differs,
}

/// The embedded metadata of one file, decoded but not interpreted.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// What the content says the file is; `None` when it could not be read at all.
    pub format: Option<FileFormat>,
    /// Every XMP packet and the Extended XMP, as properties.
    pub xmp: Xmp,
    /// The IIM blocks in file order: every Photoshop 0x0404 resource, then IIM stored
    /// directly (TIFF). The first is the standard one.
    pub iim: Vec<Iim>,
    pub digest: DigestState,
    /// Problems met while reading, in words for the user, in the order they were met.
    pub notes: Vec<String>,
}

/// Reads the embedded metadata of a file's bytes.
pub fn read_bytes(bytes: &[u8]) -> Metadata {
    read_from(&mut Cursor::new(bytes))
}

/// Reads the embedded metadata from any seekable reader; only the part before the image
/// data is read, and never more than `MAX_HEADER_BYTES`.
pub fn read_from<R: Read + Seek>(reader: &mut R) -> Metadata {
    let mut head = Vec::with_capacity(8);
    let sniffed = reader
        .by_ref()
        .take(8)
        .read_to_end(&mut head)
        .and_then(|_| reader.seek(SeekFrom::Start(0)));
    if let Err(e) = sniffed {
        return Metadata {
            notes: vec![format!("the file could not be read ({e})")],
            ..Metadata::default()
        };
    }
    let format = container::sniff(&head);
    let blocks = match format {
        FileFormat::Jpeg => container::jpeg_blocks(reader),
        FileFormat::Png => container::png_blocks(reader),
        FileFormat::Tiff => container::tiff_blocks(reader),
        FileFormat::Empty => Blocks {
            notes: vec!["the file is empty".into()],
            ..Default::default()
        },
        FileFormat::Other => Blocks {
            notes: vec!["metadata of this file format is not read (JPEG, PNG and TIFF are)".into()],
            ..Default::default()
        },
    };
    let mut meta = decode(blocks);
    meta.format = Some(format);
    meta
}

fn decode(blocks: Blocks) -> Metadata {
    let mut notes = blocks.notes;
    let mut xmp = Xmp::default();
    for (i, packet) in blocks.xmp.iter().enumerate() {
        if let Err(e) = xmp.add_packet(packet) {
            notes.push(format!(
                "XMP packet {} is not well-formed and was skipped ({e})",
                i + 1
            ));
        }
    }
    if blocks.xmp.len() > 1 {
        notes.push(format!(
            "{} XMP packets found: the first sets each property, later ones fill gaps",
            blocks.xmp.len()
        ));
    }
    join_extended(&mut xmp, &blocks.extended_xmp, &mut notes);

    let resources = irb::parse(&blocks.photoshop);
    if resources.damaged {
        notes.push(
            "the Photoshop resource data is damaged; what precedes the damage was read".into(),
        );
    }
    let mut raw: Vec<Vec<u8>> = resources.iim;
    raw.extend(blocks.iim);
    let iim: Vec<Iim> = raw.iter().map(|b| Iim::parse(b)).collect();
    if iim.iter().any(|b| b.damaged) {
        notes.push("an IPTC IIM block is damaged; the datasets before the damage were read".into());
    }
    let digest = match (resources.digest, raw.first()) {
        (Some(stored), Some(first)) if Md5::digest(first).as_slice() == stored => {
            DigestState::Matches
        }
        (Some(_), Some(_)) => DigestState::Differs,
        _ => DigestState::Absent,
    };
    Metadata {
        format: None,
        xmp,
        iim,
        digest,
        notes,
    }
}

/// Joins the Extended XMP chunks (in any order) when their GUID is the one the main packet
/// names, they all declare the same length and every byte is present.
fn join_extended(xmp: &mut Xmp, chunks: &[ExtendedChunk], notes: &mut Vec<String>) {
    if chunks.is_empty() {
        return;
    }
    let Some(guid) = xmp.text("xmpNote:HasExtendedXMP") else {
        notes.push("Extended XMP found but the main XMP does not name it: ignored".into());
        return;
    };
    let mut parts: Vec<&ExtendedChunk> = chunks.iter().filter(|c| c.guid == guid).collect();
    let Some(full) = parts.first().map(|c| c.full_len as usize) else {
        notes.push("the Extended XMP named by the main XMP is missing".into());
        return;
    };
    if full > MAX_EXTENDED_XMP {
        notes.push(format!(
            "the Extended XMP declares {full} bytes, over the 16 MiB limit: ignored"
        ));
        return;
    }
    parts.sort_by_key(|c| c.offset);
    // Never reserve more than the chunks hold, whatever length they declare.
    let present: usize = parts.iter().map(|c| c.data.len()).sum();
    let mut joined = Vec::with_capacity(full.min(present));
    for part in parts {
        if part.full_len as usize != full || part.offset as usize != joined.len() {
            notes.push("the Extended XMP chunks do not fit together: ignored".into());
            return;
        }
        joined.extend_from_slice(&part.data);
    }
    if joined.len() != full {
        notes.push("the Extended XMP is incomplete: ignored".into());
        return;
    }
    if let Err(e) = xmp.add_packet(&joined) {
        notes.push(format!(
            "the Extended XMP is not well-formed and was skipped ({e})"
        ));
    }
}

//! Reading the metadata of every fixture file: nothing panics, damaged files give notes,
//! and the IIM/XMP precedence rules decide the values the documents describe.

use shelflink::rights::Origin;
use shelflink::rights::embedded::{self, DigestState, FileFormat, MAX_HEADER_BYTES};
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
}

fn read(rel: &str) -> embedded::EmbeddedMetadata {
    embedded::read_path(&fixtures().join(rel)).expect("fixture readable")
}

#[test]
fn every_metadata_and_edge_file_is_read_without_panicking() {
    let mut count = 0;
    for dir in ["metadata", "edge", "edge/orientation"] {
        for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let meta = embedded::read_path(&path).unwrap();
                assert!(meta.format.is_some(), "{}", path.display());
                count += 1;
            }
        }
    }
    assert!(count >= 45, "read {count} files");
}

#[test]
fn content_decides_the_format_not_the_name() {
    assert_eq!(
        read("edge/made-png-named-jpg.jpg").format,
        Some(FileFormat::Png)
    );
    assert_eq!(
        read("edge/made-zero-bytes.jpg").notes,
        ["the file is empty"]
    );
    assert_eq!(read("edge/iphone.heic").format, Some(FileFormat::Other));
    assert_eq!(
        read("edge/ExifTool.tif").credit.unwrap().value,
        "Phil Harvey"
    );
}

#[test]
fn an_iim_credit_cut_at_32_bytes_gives_way_to_the_complete_xmp_credit() {
    let meta = read("metadata/iptc-independent-photographer-example.jpg");
    let credit = meta.credit.unwrap();
    assert_eq!(credit.value, "©1985 David Riecks: www.riecks.com");
    assert_eq!(credit.source.origin, Origin::FileXmp);
    assert_eq!(meta.iim_digest, DigestState::Matches);
    assert_eq!(
        meta.conflicts[0].other.value,
        "©1985 David Riecks: www.riecks.c"
    );
}

#[test]
fn xmp_wins_over_disagreeing_iim_when_no_digest_says_otherwise() {
    let meta = read("metadata/MWG.jpg");
    assert_eq!(meta.iim_digest, DigestState::Absent);
    assert_eq!(meta.copyright.unwrap().value, "RIGHT-XMP-Copyright");
    assert_eq!(
        meta.keywords.unwrap().value,
        ["RIGHT1of2-XMP-Keywords", "RIGHT2of2-XMP-Keywords"]
    );
    assert!(
        meta.conflicts
            .iter()
            .any(|c| c.field == "copyright" && c.other.value == "WRONG-IPTC-Copyright")
    );
}

#[test]
fn iim_edited_after_the_xmp_wins_when_the_digest_does_not_match() {
    let meta = read("metadata/metadata_demo_iim_and_xmp_only.jpg");
    assert_eq!(meta.iim_digest, DigestState::Differs);
    let copyright = meta.copyright.unwrap();
    assert!(copyright.value.ends_with("(IIM)"), "{}", copyright.value);
    assert_eq!(copyright.source.origin, Origin::FileIim);
}

#[test]
fn the_first_of_two_photoshop_iptc_blocks_is_used_and_the_second_noted() {
    let meta = read("edge/iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg");
    assert_eq!(meta.credit.unwrap().value, "This is credit number one");
    let second = meta.conflicts.iter().find(|c| c.field == "credit").unwrap();
    assert_eq!(second.other.value, "This is credit number two");
}

#[test]
fn extended_xmp_chunks_are_joined_in_offset_order() {
    let meta = read("edge/ExtendedXMP.jpg");
    assert_eq!(meta.xmp["pdf:Author"], ["PhilToo"]);
    assert_eq!(meta.xmp["pdf:Creator"], ["Guess Who"]);
}

#[test]
fn utf16_xmp_and_the_product_shown_structure_are_read() {
    let exiftool = read("metadata/ExifTool.jpg");
    assert_eq!(exiftool.xmp["dc:subject"], ["ExifTool", "Test", "XMP"]);
    let reference = read("metadata/IPTC-PhotometadataRef-Std2024.1.jpg");
    assert_eq!(reference.products_shown.len(), 1);
    assert_eq!(
        reference.products_shown[0].id.as_deref(),
        Some("Product ID 1 (ref2024.1)")
    );
}

/// A 1 GiB JPEG that is all image data after a small header, produced on the fly.
struct HugeJpeg {
    header: Vec<u8>,
    len: u64,
    pos: u64,
    served: u64,
}

impl Read for HugeJpeg {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        let n = (buf.len() as u64).min(left) as usize;
        let at = self.pos as usize;
        let from_header = self.header.len().saturating_sub(at).min(n);
        buf[..from_header]
            .copy_from_slice(&self.header[at.min(self.header.len())..][..from_header]);
        buf[from_header..n].fill(0x55);
        self.pos += n as u64;
        self.served += n as u64;
        Ok(n)
    }
}

impl Seek for HugeJpeg {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = match to {
            SeekFrom::Start(p) => p,
            SeekFrom::End(d) => (self.len as i64 + d) as u64,
            SeekFrom::Current(d) => (self.pos as i64 + d) as u64,
        };
        Ok(self.pos)
    }
}

#[test]
fn a_huge_file_is_read_only_up_to_its_image_data() {
    let xmp = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" plus:LicenseEndDate="2030-01-31"/></rdf:RDF></x:xmpmeta>"#;
    let mut header = vec![0xFF, 0xD8, 0xFF, 0xE1];
    let payload = [&b"http://ns.adobe.com/xap/1.0/\0"[..], &xmp[..]].concat();
    header.extend(((payload.len() + 2) as u16).to_be_bytes());
    header.extend(payload);
    header.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
    let mut file = HugeJpeg {
        header,
        len: 1 << 30,
        pos: 0,
        served: 0,
    };
    let meta = embedded::read_from(&mut file);
    assert_eq!(meta.licence_end.unwrap().value.to_string(), "2030-01-31");
    assert!(
        file.served < 1 << 20,
        "read {} bytes of a 1 GiB file",
        file.served
    );
}

#[test]
fn headers_without_end_stop_at_the_read_limit() {
    // APP15 segments forever and no image data.
    let mut header = vec![0xFF, 0xD8];
    while header.len() < (MAX_HEADER_BYTES as usize) + 200_000 {
        header.extend([0xFF, 0xEF, 0xFF, 0xFF]);
        header.extend(std::iter::repeat_n(0u8, 0xFFFD));
    }
    let len = header.len() as u64 * 2;
    let mut file = HugeJpeg {
        header,
        len,
        pos: 0,
        served: 0,
    };
    let meta = embedded::read_from(&mut file);
    assert_eq!(
        meta.notes,
        ["the metadata blocks exceed 64 MiB: metadata not read"]
    );
}

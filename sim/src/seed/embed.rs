//! Writes IPTC IIM (APP13) and XMP (APP1) into a drawn JPEG, and pads the file with comment
//! segments to the size promised by `target_len`, so the size of a generated original is
//! known before it is drawn (PhotoShelter lists `file_size` for every image).
//!
//! `properties` is the single list of XMP properties both the packet and
//! `SeedMetadata.xmp` are built from, so reading a generated file back with
//! `metadata::read` gives the metadata it was made from.

use super::model::{SeedMetadata, XmpValue};
use bytes::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use std::fmt::Write as _;

const PLUS_VOCAB: &str = "http://ns.useplus.org/ldf/vocab/";
/// The largest payload of one JPEG segment.
const MAX_PAYLOAD: u64 = 65_533;

/// The XMP properties `meta` is written as (keyed like `SeedMetadata.xmp`).
pub fn properties(meta: &SeedMetadata) -> Vec<(String, XmpValue)> {
    let mut out = Vec::new();
    let mut text = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            out.push((key.to_owned(), XmpValue::Text(value)));
        }
    };
    text("dc:title", meta.title.clone());
    text("dc:description", meta.caption.clone());
    text("dc:rights", meta.copyright.clone());
    text("photoshop:Headline", meta.headline.clone());
    text("photoshop:Credit", meta.credit.clone());
    text(
        "photoshop:TransmissionReference",
        meta.job_identifier.clone(),
    );
    text("xmpRights:UsageTerms", meta.usage_terms.clone());
    text(
        "plus:LicenseStartDate",
        meta.licence_start.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    text(
        "plus:LicenseEndDate",
        meta.licence_end.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    let release = |kind: &str, yes: &str, value: Option<bool>| {
        value.map(|v| format!("{PLUS_VOCAB}{kind}-{}", if v { yes } else { "NON" }))
    };
    text(
        "plus:ModelReleaseStatus",
        release("MR", "UMR", meta.model_release),
    );
    text(
        "plus:PropertyReleaseStatus",
        release("PR", "UPR", meta.property_release),
    );
    text("plus:RegionConstraints", Some(meta.regions.join(", ")));
    text("plus:MediaConstraints", Some(meta.channels.join(", ")));
    if let Some(author) = meta.author.clone() {
        out.push(("dc:creator".to_owned(), XmpValue::List(vec![author])));
    }
    if !meta.keywords.is_empty() {
        out.push((
            "dc:subject".to_owned(),
            XmpValue::List(meta.keywords.clone()),
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The file size a generated original of `width`×`height` with `seed` is padded to.
pub fn target_len(width: u32, height: u32, seed: u64) -> u64 {
    let area = u64::from(width) * u64::from(height);
    area / 4 + 16_384 + (seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48)
}

/// `jpeg` with `meta` embedded (when given) and padded to `target` bytes where possible.
pub fn finish(jpeg: Vec<u8>, meta: Option<&SeedMetadata>, target: u64) -> anyhow::Result<Vec<u8>> {
    let mut parsed = Jpeg::from_bytes(Bytes::from(jpeg))
        .map_err(|e| anyhow::anyhow!("re-reading a drawn JPEG: {e}"))?;
    let mut inserted = Vec::new();
    if let Some(meta) = meta {
        let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
        xmp.extend_from_slice(packet(meta).as_bytes());
        inserted.push(JpegSegment::new_with_contents(
            markers::APP1,
            Bytes::from(xmp),
        ));
        inserted.push(JpegSegment::new_with_contents(
            markers::APP13,
            Bytes::from(iim(meta)),
        ));
    }
    let current = parsed.len() as u64 + inserted.iter().map(|s| s.len() as u64).sum::<u64>();
    let mut remaining = target.saturating_sub(current);
    if remaining >= 4 {
        while remaining > 0 {
            let take = if remaining <= MAX_PAYLOAD + 4 {
                remaining
            } else if remaining - (MAX_PAYLOAD + 4) < 4 {
                remaining - 8
            } else {
                MAX_PAYLOAD + 4
            };
            let payload = vec![b' '; (take - 4) as usize];
            inserted.push(JpegSegment::new_with_contents(
                markers::COM,
                Bytes::from(payload),
            ));
            remaining -= take;
        }
    }
    let at = parsed
        .segments()
        .iter()
        .position(|s| s.marker() != markers::APP0)
        .unwrap_or(0);
    parsed.segments_mut().splice(at..at, inserted);
    let mut out = Vec::with_capacity(target as usize);
    parsed
        .encoder()
        .write_to(&mut out)
        .map_err(|e| anyhow::anyhow!("writing a drawn JPEG: {e}"))?;
    Ok(out)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An XMP packet holding `properties(meta)`.
fn packet(meta: &SeedMetadata) -> String {
    let mut body = String::new();
    for (key, value) in properties(meta) {
        let alt = matches!(
            key.as_str(),
            "dc:title" | "dc:description" | "dc:rights" | "xmpRights:UsageTerms"
        );
        let _ = match (&value, alt) {
            (XmpValue::Text(t), true) => write!(
                body,
                "<{key}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{key}>",
                escape(t)
            ),
            (XmpValue::Text(t), false) => write!(body, "<{key}>{}</{key}>", escape(t)),
            (XmpValue::List(items), _) => {
                let kind = if key == "dc:creator" { "Seq" } else { "Bag" };
                let lis: String = items
                    .iter()
                    .map(|i| format!("<rdf:li>{}</rdf:li>", escape(i)))
                    .collect();
                write!(body, "<{key}><rdf:{kind}>{lis}</rdf:{kind}></{key}>")
            }
        };
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\" xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\" \
xmlns:plus=\"http://ns.useplus.org/ldf/xmp/1.0/\">{body}</rdf:Description></rdf:RDF></x:xmpmeta>\
<?xpacket end=\"w\"?>"
    )
}

/// A Photoshop APP13 segment with the IIM datasets of `meta` (UTF-8 declared).
fn iim(meta: &SeedMetadata) -> Vec<u8> {
    let mut block = Vec::new();
    let mut put = |record: u8, dataset: u8, value: &[u8]| {
        let value = &value[..value.len().min(0x7FFF)];
        block.extend_from_slice(&[0x1C, record, dataset]);
        block.extend_from_slice(&(value.len() as u16).to_be_bytes());
        block.extend_from_slice(value);
    };
    put(1, 90, b"\x1b%G");
    let fields: [(u8, &Option<String>); 7] = [
        (5, &meta.title),
        (105, &meta.headline),
        (120, &meta.caption),
        (80, &meta.author),
        (116, &meta.copyright),
        (110, &meta.credit),
        (103, &meta.job_identifier),
    ];
    for (dataset, value) in fields {
        if let Some(value) = value {
            put(2, dataset, value.as_bytes());
        }
    }
    for keyword in &meta.keywords {
        put(2, 25, keyword.as_bytes());
    }
    if let Some(date) = meta.expiration_date {
        put(2, 37, date.format("%Y%m%d").to_string().as_bytes());
    }
    let mut out = b"Photoshop 3.0\08BIM\x04\x04\x00\x00".to_vec();
    out.extend_from_slice(&(block.len() as u32).to_be_bytes());
    if block.len() % 2 == 1 {
        block.push(0);
    }
    out.extend_from_slice(&block);
    out
}

//! Reads the IPTC IIM and XMP a JPEG or PNG carries into `SeedMetadata`, as PhotoShelter does
//! when a file is uploaded. Used by catalog seeding and by the simulated upload endpoint.
//!
//! The file is read with `shelflink-metadata`: IIM from the first IIM block of the Photoshop
//! resources (later blocks are ignored, as Photoshop and PhotoShelter read the first), XMP
//! from every packet plus any Extended XMP. Only the formats PhotoShelter accepts for upload
//! are read (JPEG: APP13 and APP1; PNG: the `iTXt` XMP); anything else (TIFF, HEIC, an empty,
//! cut or unreadable file) gives the empty default. Nothing here panics.
//!
//! Where IIM and XMP disagree, **XMP wins unless it is absent or empty** (the Metadata
//! Working Group's reading rule for files whose IIM digest is missing or matches; that is
//! also what keeps a complete XMP credit over an IIM copy cut at the dataset's 32-byte
//! limit). EXIF is not read: PhotoShelter's `Iptc` fields come from IIM and XMP.
//!
//! Field sources (XMP first, IIM fallback):
//! - `title` dc:title / 2:05, `headline` photoshop:Headline / 2:105, `caption`
//!   dc:description / 2:120, `author` dc:creator / 2:80 (several joined with `", "`),
//!   `keywords` dc:subject / 2:25, `copyright` dc:rights / 2:116, `credit`
//!   photoshop:Credit / 2:110, `job_identifier` photoshop:TransmissionReference / 2:103;
//! - `usage_terms` xmpRights:UsageTerms (XMP only);
//! - `licence_start` plus:LicenseStartDate / 2:30 Release Date; `licence_end`
//!   plus:LicenseEndDate / 2:37 Expiration Date; `expiration_date` is 2:37 alone;
//! - `model_release` / `property_release` from plus:ModelReleaseStatus /
//!   plus:PropertyReleaseStatus: unlimited releases = yes, none or limited/incomplete = no,
//!   not applicable or absent = unknown;
//! - `regions` from plus:RegionConstraints and `channels` from plus:MediaConstraints, only
//!   when the whole value is a list (comma, semicolon or space separated) of ISO 3166-1
//!   alpha-2 codes, respectively of the channel words web, print, social, marketplace,
//!   press; free text stays in `xmp` only;
//! - `licence_type` is never in a file (left empty).

use super::model::{SeedMetadata, XmpValue};
use chrono::NaiveDate;
use shelflink_metadata::iim::{Iim, ds};
use shelflink_metadata::{FileFormat, Xmp, xmp::Value};
use std::collections::BTreeMap;

/// The usage channels the simulator knows (PhotoShelter `Usage Channels`, P12).
pub const CHANNELS: &[&str] = &["web", "print", "social", "marketplace", "press"];

/// The metadata embedded in `bytes` (a JPEG or PNG); a file without metadata gives the
/// default.
pub fn read(bytes: &[u8]) -> SeedMetadata {
    let read = shelflink_metadata::read_bytes(bytes);
    if !matches!(read.format, Some(FileFormat::Jpeg | FileFormat::Png)) {
        return SeedMetadata::default();
    }
    let iim = read.iim.into_iter().next().unwrap_or_default();
    merge(&iim, xmp_values(&read.xmp))
}

/// The XMP properties as PhotoShelter's `Xmp` record holds them: alternatives as their
/// `x-default` (or first) text, structures left out.
fn xmp_values(xmp: &Xmp) -> BTreeMap<String, XmpValue> {
    xmp.props
        .iter()
        .filter_map(|(key, value)| {
            let value = match value {
                Value::Text(t) => XmpValue::Text(t.clone()),
                Value::List(items) => XmpValue::List(items.clone()),
                Value::Alt(items) => XmpValue::Text(items.first()?.clone()),
                Value::Structs(_) => return None,
            };
            Some((key.clone(), value))
        })
        .collect()
}

fn merge(iim: &Iim, xmp: BTreeMap<String, XmpValue>) -> SeedMetadata {
    let text = |key: &str| match xmp.get(key) {
        Some(XmpValue::Text(t)) => non_empty(t),
        Some(XmpValue::List(items)) => non_empty(&items.join(", ")),
        None => None,
    };
    let list = |key: &str| match xmp.get(key) {
        Some(XmpValue::List(items)) => items.iter().filter_map(|s| non_empty(s)).collect(),
        Some(XmpValue::Text(t)) => non_empty(t).into_iter().collect(),
        None => Vec::new(),
    };
    let first = |dataset: u8| iim.first(dataset).map(|(value, _)| value);
    let date_of = |dataset: u8| iim.all(dataset).iter().find_map(|d| iim_date(d));
    let expiration_date = date_of(ds::EXPIRATION_DATE);
    let keywords = Some(list("dc:subject"))
        .filter(|k: &Vec<String>| !k.is_empty())
        .unwrap_or_else(|| iim.all(ds::KEYWORDS));
    let by_line = Some(iim.all(ds::BYLINE))
        .filter(|b| !b.is_empty())
        .map(|b| b.join(", "));
    SeedMetadata {
        title: text("dc:title").or_else(|| first(ds::OBJECT_NAME)),
        headline: text("photoshop:Headline").or_else(|| first(ds::HEADLINE)),
        caption: text("dc:description").or_else(|| first(ds::CAPTION)),
        author: text("dc:creator").or(by_line),
        keywords,
        copyright: text("dc:rights").or_else(|| first(ds::COPYRIGHT)),
        credit: text("photoshop:Credit").or_else(|| first(ds::CREDIT)),
        usage_terms: text("xmpRights:UsageTerms"),
        job_identifier: text("photoshop:TransmissionReference").or_else(|| first(ds::JOB_ID)),
        licence_start: text("plus:LicenseStartDate")
            .and_then(|d| xmp_date(&d))
            .or_else(|| date_of(ds::RELEASE_DATE)),
        licence_end: text("plus:LicenseEndDate")
            .and_then(|d| xmp_date(&d))
            .or(expiration_date),
        expiration_date,
        licence_type: None,
        model_release: text("plus:ModelReleaseStatus").and_then(|s| release(&s, "MR")),
        property_release: text("plus:PropertyReleaseStatus").and_then(|s| release(&s, "PR")),
        regions: text("plus:RegionConstraints")
            .and_then(|s| {
                codes(&s, |t| {
                    t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic())
                })
            })
            .map(|c| c.into_iter().map(|t| t.to_ascii_uppercase()).collect())
            .unwrap_or_default(),
        channels: text("plus:MediaConstraints")
            .and_then(|s| codes(&s, |t| CHANNELS.contains(&t.to_ascii_lowercase().as_str())))
            .map(|c| c.into_iter().map(|t| t.to_ascii_lowercase()).collect())
            .unwrap_or_default(),
        xmp,
    }
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// An XMP date (`YYYY-MM-DD`, optionally with a time; ExifTool-style `YYYY:MM:DD` too).
fn xmp_date(text: &str) -> Option<NaiveDate> {
    let day = text.get(..10)?.replace(':', "-");
    NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()
}

/// An IIM date, `CCYYMMDD`.
fn iim_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..8)?, "%Y%m%d").ok()
}

/// PLUS release status (a vocabulary URI such as `…/MR-UMR`, or its code alone).
fn release(status: &str, kind: &str) -> Option<bool> {
    let code = status.rsplit('/').next().unwrap_or(status);
    let code = code.strip_prefix(kind).and_then(|c| c.strip_prefix('-'))?;
    match code {
        "UMR" | "UPR" => Some(true),
        "NON" | "LMR" | "LPR" => Some(false),
        _ => None,
    }
}

/// The tokens of `text` when every one of them passes `valid`.
fn codes(text: &str, valid: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    let tokens: Vec<String> = text
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    (!tokens.is_empty() && tokens.iter().all(|t| valid(t))).then_some(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_release_codes_map_to_yes_no_or_unknown() {
        let vocab = "http://ns.useplus.org/ldf/vocab/";
        assert_eq!(release(&format!("{vocab}MR-UMR"), "MR"), Some(true));
        assert_eq!(release(&format!("{vocab}MR-LMR"), "MR"), Some(false));
        assert_eq!(release(&format!("{vocab}PR-NAP"), "PR"), None);
        assert_eq!(release("PR-NON", "PR"), Some(false));
    }

    #[test]
    fn only_whole_lists_of_country_codes_restrict_regions() {
        let country = |t: &str| t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic());
        assert_eq!(
            codes("DE, AT;CH", country),
            Some(vec!["DE".into(), "AT".into(), "CH".into()])
        );
        assert_eq!(codes("in the US only", country), None);
    }

    #[test]
    fn non_jpeg_bytes_give_nothing() {
        assert_eq!(read(b"\x89PNG\r\n\x1a\n"), SeedMetadata::default());
        assert_eq!(read(&[]), SeedMetadata::default());
        assert_eq!(read(&[0xFF, 0xD8, 0xFF]), SeedMetadata::default());
    }

    /// A 1×1 PNG carrying `packet` as its XMP.
    fn png_with_xmp(packet: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, 1, 1);
        encoder.set_color(png::ColorType::Grayscale);
        encoder
            .add_itxt_chunk("XML:com.adobe.xmp".into(), packet.into())
            .expect("XMP chunk");
        let mut writer = encoder.write_header().expect("PNG header");
        writer.write_image_data(&[0]).expect("PNG data");
        writer.finish().expect("PNG end");
        bytes
    }

    #[test]
    fn an_uploaded_png_gives_its_xmp_without_structures() {
        let packet = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" plus:LicenseEndDate="2030-01-31"
             xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Swatch</rdf:li></rdf:Alt></dc:title>
            <dc:subject><rdf:Bag><rdf:li>red</rdf:li><rdf:li>swatch</rdf:li></rdf:Bag></dc:subject>
            <Iptc4xmpExt:ProductInImage><rdf:Bag><rdf:li rdf:parseType="Resource">
              <Iptc4xmpExt:ProductId>MH02-M-Black</Iptc4xmpExt:ProductId>
            </rdf:li></rdf:Bag></Iptc4xmpExt:ProductInImage>
          </rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let meta = read(&png_with_xmp(packet));
        assert_eq!(meta.title.as_deref(), Some("Swatch"));
        assert_eq!(meta.keywords, ["red", "swatch"]);
        assert_eq!(meta.licence_end, NaiveDate::from_ymd_opt(2030, 1, 31));
        assert_eq!(meta.xmp["dc:title"], XmpValue::Text("Swatch".into()));
        assert!(!meta.xmp.contains_key("Iptc4xmpExt:ProductInImage"));
    }
}

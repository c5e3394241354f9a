//! Reads the IPTC IIM and XMP a JPEG carries into `SeedMetadata`, as PhotoShelter does when a
//! file is uploaded. Used by catalog seeding and by the simulated upload endpoint.
//!
//! The JPEG is split into segments with `img-parts`; IIM comes from the first Photoshop APP13
//! block that holds one (`iim`), XMP from the standard APP1 packet plus any Extended XMP
//! (`xmp`, parsed with `roxmltree`). Anything that is not a readable JPEG (PNG, TIFF, HEIC,
//! an empty or cut file) gives the empty default; nothing here panics, and no allocation is
//! larger than the input.
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

mod iim;
mod xmp;

use super::model::{SeedMetadata, XmpValue};
use chrono::NaiveDate;
use img_parts::jpeg::{Jpeg, markers};
use std::collections::BTreeMap;

/// The usage channels the simulator knows (PhotoShelter `Usage Channels`, P12).
pub const CHANNELS: &[&str] = &["web", "print", "social", "marketplace", "press"];

/// The metadata embedded in `bytes` (a JPEG); a file without metadata gives the default.
pub fn read(bytes: &[u8]) -> SeedMetadata {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return SeedMetadata::default();
    }
    let Ok(jpeg) = Jpeg::from_bytes(bytes::Bytes::copy_from_slice(bytes)) else {
        return SeedMetadata::default();
    };
    let contents = |marker: u8| {
        jpeg.segments()
            .iter()
            .filter(move |s| s.marker() == marker)
            .map(|s| s.contents().as_ref())
    };
    let iim = iim::from_app13_segments(contents(markers::APP13)).unwrap_or_default();
    let xmp = xmp::from_app1_segments(contents(markers::APP1));
    merge(iim, xmp)
}

fn merge(iim: iim::Iim, xmp: BTreeMap<String, XmpValue>) -> SeedMetadata {
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
    let keywords = Some(list("dc:subject"))
        .filter(|k: &Vec<String>| !k.is_empty())
        .unwrap_or(iim.keywords);
    let by_line = (!iim.by_line.is_empty()).then(|| iim.by_line.join(", "));
    SeedMetadata {
        title: text("dc:title").or(iim.object_name),
        headline: text("photoshop:Headline").or(iim.headline),
        caption: text("dc:description").or(iim.caption),
        author: text("dc:creator").or(by_line),
        keywords,
        copyright: text("dc:rights").or(iim.copyright),
        credit: text("photoshop:Credit").or(iim.credit),
        usage_terms: text("xmpRights:UsageTerms"),
        job_identifier: text("photoshop:TransmissionReference").or(iim.job_identifier),
        licence_start: text("plus:LicenseStartDate")
            .and_then(|d| xmp_date(&d))
            .or(iim.release_date),
        licence_end: text("plus:LicenseEndDate")
            .and_then(|d| xmp_date(&d))
            .or(iim.expiration_date),
        expiration_date: iim.expiration_date,
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
}

//! From the metadata a file carries (as `seed::metadata::read` finds it) to PhotoShelter's
//! records: `Iptc` (P9), `License` (P10), `Xmp` (P11) and `CustomMetadata` (P12).

use super::model::{ImageMeta, Iptc, License, XmpValue};
use crate::seed::model::SeedMetadata;
use chrono::{NaiveDate, TimeZone, Utc};
use std::collections::BTreeMap;

pub const USAGE_REGIONS: &str = "Usage Regions";
pub const USAGE_CHANNELS: &str = "Usage Channels";

const PLUS_VOCAB: &str = "http://ns.useplus.org/ldf/vocab/";

fn text(value: &Option<String>) -> String {
    value.as_deref().map(str::trim).unwrap_or("").to_owned()
}

/// Start of the licence: the first day at 00:00:00 UTC.
fn start_of(day: NaiveDate) -> super::model::Time {
    Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// End of the licence: the licence holds through the whole last day, to 23:59:59 UTC.
fn end_of(day: NaiveDate) -> super::model::Time {
    Utc.from_utc_datetime(&day.and_hms_opt(23, 59, 59).expect("23:59:59 exists"))
}

pub fn image_meta(seed: &SeedMetadata) -> ImageMeta {
    let keywords: Vec<String> = seed
        .keywords
        .iter()
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    let iptc = Iptc {
        keyword: keywords.join(","),
        caption: text(&seed.caption),
        credit: text(&seed.credit),
        copyright: text(&seed.copyright),
        headline: text(&seed.headline),
        title: text(&seed.title),
        author: text(&seed.author),
        display_caption: text(&seed.caption),
        usage_terms: text(&seed.usage_terms),
        expiration_date: seed
            .expiration_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        job_identifier: text(&seed.job_identifier),
    };
    let restricted = !seed.regions.is_empty() || !seed.channels.is_empty();
    let known = seed
        .licence_type
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    let kind = if let Some(kind) = known {
        kind
    } else if seed.licence_end.is_some() || restricted {
        "rights_managed"
    } else if seed.licence_start.is_some() || !iptc.usage_terms.is_empty() {
        "royalty_free"
    } else {
        ""
    };
    let license = License {
        start: seed.licence_start.map(start_of),
        end: seed.licence_end.map(end_of),
        kind: kind.to_owned(),
    };
    let mut custom = Vec::new();
    if !seed.regions.is_empty() {
        let regions: Vec<String> = seed
            .regions
            .iter()
            .map(|r| r.trim().to_uppercase())
            .collect();
        custom.push((USAGE_REGIONS.to_owned(), regions.join(",")));
    }
    if !seed.channels.is_empty() {
        let channels: Vec<String> = seed
            .channels
            .iter()
            .map(|c| c.trim().to_lowercase())
            .collect();
        custom.push((USAGE_CHANNELS.to_owned(), channels.join(",")));
    }
    // The file's own XMP when it has some; otherwise the same facts in XMP terms.
    let xmp = if seed.xmp.is_empty() {
        xmp_of(seed, &iptc, &keywords)
    } else {
        seed.xmp.clone()
    };
    ImageMeta {
        xmp,
        iptc,
        license,
        custom,
        model_released: seed.model_release == Some(true),
        property_released: seed.property_release == Some(true),
    }
}

fn xmp_of(seed: &SeedMetadata, iptc: &Iptc, keywords: &[String]) -> BTreeMap<String, XmpValue> {
    let mut xmp = BTreeMap::new();
    let mut put = |name: &str, value: &str| {
        if !value.is_empty() {
            xmp.insert(name.to_owned(), XmpValue::Text(value.to_owned()));
        }
    };
    put("dc:title", &iptc.title);
    put("dc:description", &iptc.caption);
    put("dc:rights", &iptc.copyright);
    put("photoshop:Credit", &iptc.credit);
    put("photoshop:Headline", &iptc.headline);
    put("photoshop:TransmissionReference", &iptc.job_identifier);
    put("xmpRights:UsageTerms", &iptc.usage_terms);
    if let Some(day) = seed.licence_start {
        put("plus:LicenseStartDate", &day.to_string());
    }
    if let Some(day) = seed.licence_end {
        put("plus:LicenseEndDate", &day.to_string());
    }
    let release = |value: Option<bool>, yes: &str, no: &str| {
        value.map(|v| format!("{PLUS_VOCAB}{}", if v { yes } else { no }))
    };
    if let Some(status) = release(seed.model_release, "MR-UMR", "MR-NON") {
        put("plus:ModelReleaseStatus", &status);
    }
    if let Some(status) = release(seed.property_release, "PR-UPR", "PR-NON") {
        put("plus:PropertyReleaseStatus", &status);
    }
    if !iptc.author.is_empty() {
        xmp.insert(
            "dc:creator".to_owned(),
            XmpValue::List(vec![iptc.author.clone()]),
        );
    }
    if !keywords.is_empty() {
        xmp.insert("dc:subject".to_owned(), XmpValue::List(keywords.to_vec()));
    }
    xmp
}

/// Keeps the XMP view in step after an IPTC update (P8), as the service shows one image.
pub fn sync_xmp(meta: &mut ImageMeta) {
    let iptc = meta.iptc.clone();
    let pairs = [
        ("dc:title", &iptc.title),
        ("dc:description", &iptc.caption),
        ("dc:rights", &iptc.copyright),
        ("photoshop:Credit", &iptc.credit),
        ("photoshop:Headline", &iptc.headline),
        ("xmpRights:UsageTerms", &iptc.usage_terms),
    ];
    for (name, value) in pairs {
        if value.is_empty() {
            meta.xmp.remove(name);
        } else {
            meta.xmp
                .insert(name.to_owned(), XmpValue::Text(value.clone()));
        }
    }
    let keywords: Vec<String> = split_keywords(&iptc.keyword);
    if keywords.is_empty() {
        meta.xmp.remove("dc:subject");
    } else {
        meta.xmp
            .insert("dc:subject".to_owned(), XmpValue::List(keywords));
    }
    if iptc.author.is_empty() {
        meta.xmp.remove("dc:creator");
    } else {
        meta.xmp
            .insert("dc:creator".to_owned(), XmpValue::List(vec![iptc.author]));
    }
}

/// The keyword list of a comma-separated `keyword` string, trimmed, empties dropped.
pub fn split_keywords(keyword: &str) -> Vec<String> {
    keyword
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn rights_land_in_license_custom_metadata_and_xmp() {
        let seed = SeedMetadata {
            keywords: vec!["MH02".into(), " hoodie ".into()],
            caption: Some("Teton hoodie, front".into()),
            usage_terms: Some("Web and print in the EU".into()),
            licence_start: Some(day("2024-01-01")),
            licence_end: Some(day("2025-06-30")),
            expiration_date: Some(day("2025-06-30")),
            model_release: Some(true),
            regions: vec!["de".into(), "FR".into()],
            channels: vec!["Web".into(), "print".into()],
            ..Default::default()
        };
        let meta = image_meta(&seed);
        assert_eq!(meta.iptc.keyword, "MH02,hoodie");
        assert_eq!(meta.iptc.expiration_date, "2025-06-30");
        assert_eq!(meta.license.kind, "rights_managed");
        assert_eq!(
            super::super::clock::format_ts(meta.license.end.unwrap()),
            "2025-06-30 23:59:59 UTC"
        );
        assert_eq!(
            meta.custom,
            vec![
                (USAGE_REGIONS.to_owned(), "DE,FR".to_owned()),
                (USAGE_CHANNELS.to_owned(), "web,print".to_owned())
            ]
        );
        assert!(meta.model_released && !meta.property_released);
        assert_eq!(
            meta.xmp.get("plus:ModelReleaseStatus"),
            Some(&XmpValue::Text(format!("{PLUS_VOCAB}MR-UMR")))
        );
        assert_eq!(
            meta.xmp.get("dc:subject"),
            Some(&XmpValue::List(vec!["MH02".into(), "hoodie".into()]))
        );
    }

    #[test]
    fn a_file_without_metadata_has_empty_records() {
        let meta = image_meta(&SeedMetadata::default());
        assert_eq!(meta.iptc, Iptc::default());
        assert_eq!(meta.license, License::default());
        assert!(meta.custom.is_empty() && meta.xmp.is_empty());
    }
}

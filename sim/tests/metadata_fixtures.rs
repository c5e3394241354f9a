//! Reading IPTC/XMP from real files as PhotoShelter does on upload: every fixture in
//! `metadata/` gives the values ExifTool reports (XMP winning over IIM), and every broken
//! or unusual file in `edge/` gives metadata or nothing, never a panic.

mod common;

use chrono::NaiveDate;
use common::{fixture, read_fixture};
use serde_json::Value;
use shelflink_sim::seed::metadata::read;
use shelflink_sim::seed::model::SeedMetadata;

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn text_list(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect(),
        Value::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    }
}

/// The summary value ExifTool gives for `field`, XMP preferred over IIM.
fn expected(summary: &Value, field: &str, xmp: &str, iim: &str) -> Option<Vec<String>> {
    let group = summary.get(field)?;
    group.get(xmp).or_else(|| group.get(iim)).map(text_list)
}

#[test]
fn every_metadata_fixture_reads_as_exiftool_reports_it() {
    let listing: Value =
        serde_json::from_slice(&read_fixture("metadata/metadata.json")).expect("metadata.json");
    let files = listing["files"].as_array().expect("files");
    assert_eq!(files.len(), 16);
    for entry in files {
        let name = entry["file"].as_str().unwrap();
        let meta = read(&read_fixture(&format!("metadata/{name}")));
        let summary = &entry["summary"];
        let keywords = expected(summary, "keywords", "XMP-dc:Subject", "IPTC:Keywords");
        assert_eq!(
            Some(meta.keywords.clone()).filter(|k| !k.is_empty()),
            keywords,
            "{name}: keywords"
        );
        let single = |field, xmp, iim| expected(summary, field, xmp, iim).map(|v| v.join(", "));
        let copyright = single("copyright_notice", "XMP-dc:Rights", "IPTC:CopyrightNotice");
        assert_eq!(meta.copyright, copyright, "{name}: copyright");
        let credit = single("credit", "XMP-photoshop:Credit", "IPTC:Credit");
        assert_eq!(meta.credit, credit, "{name}: credit");
        let title = single("title", "XMP-dc:Title", "IPTC:ObjectName");
        assert_eq!(meta.title, title, "{name}: title");
        let headline = single("headline", "XMP-photoshop:Headline", "IPTC:Headline");
        assert_eq!(meta.headline, headline, "{name}: headline");
        let caption = single("caption", "XMP-dc:Description", "IPTC:Caption-Abstract");
        assert_eq!(meta.caption, caption, "{name}: caption");
        let terms = single("usage_terms", "XMP-xmpRights:UsageTerms", "-");
        assert_eq!(meta.usage_terms, terms, "{name}: usage terms");
    }
}

#[test]
fn the_complete_xmp_credit_wins_over_the_iim_copy_cut_at_32_bytes() {
    let meta = read(&read_fixture(
        "metadata/iptc-independent-photographer-example.jpg",
    ));
    assert_eq!(
        meta.credit.as_deref(),
        Some("©1985 David Riecks: www.riecks.com")
    );
    assert_eq!(meta.licence_start, date(2010, 4, 1));
    assert_eq!(meta.licence_end, date(2015, 4, 1));
    assert_eq!(meta.expiration_date, None);
    assert_eq!(meta.model_release, None, "PLUS says not applicable");
    assert_eq!(meta.keywords.len(), 26);
    assert_eq!(meta.keywords[0], "environment");
}

#[test]
fn an_iim_expiration_date_ends_the_licence_when_xmp_has_none() {
    let meta = read(&read_fixture("edge/made-iim-expiration-2020.jpg"));
    assert_eq!(meta.licence_end, date(2020, 6, 30));
    assert_eq!(meta.expiration_date, date(2020, 6, 30));
    assert_eq!(meta.licence_start, None);
    assert_eq!(
        meta.model_release,
        Some(false),
        "limited or incomplete model releases"
    );
    assert_eq!(meta.credit.as_deref(), Some("Big Newspaper"));
}

#[test]
fn a_plus_licence_end_in_2099_is_read_from_xmp() {
    let meta = read(&read_fixture("edge/made-plus-license-end-2099.jpg"));
    assert_eq!(meta.licence_start, date(2010, 4, 1));
    assert_eq!(meta.licence_end, date(2099, 12, 31));
}

#[test]
fn where_iim_and_xmp_disagree_xmp_wins() {
    let meta = read(&read_fixture("metadata/MWG.jpg"));
    assert_eq!(
        meta.keywords,
        ["RIGHT1of2-XMP-Keywords", "RIGHT2of2-XMP-Keywords"]
    );
    assert_eq!(meta.copyright.as_deref(), Some("RIGHT-XMP-Copyright"));
    let meta = read(&read_fixture("metadata/metadata_demo_iim_and_xmp_only.jpg"));
    assert_eq!(meta.author.as_deref(), Some("Carl Seibert (XMP)"));
    assert_eq!(meta.model_release, Some(false));
    assert_eq!(
        meta.property_release,
        Some(true),
        "unlimited property releases"
    );
}

#[test]
fn utf16_xmp_and_iim_only_files_are_read() {
    let meta = read(&read_fixture("metadata/ExifTool.jpg"));
    assert_eq!(
        meta.caption.as_deref(),
        Some("UTF-16 (big-endian) encoded XMP")
    );
    assert_eq!(meta.keywords, ["ExifTool", "Test", "XMP"]);
    let meta = read(&read_fixture("metadata/IPTC.jpg"));
    assert_eq!(meta.keywords, ["ExifTool", "Test", "IPTC"]);
    assert_eq!(meta.author.as_deref(), Some("Phil Harvey"));
    assert!(meta.xmp.is_empty());
}

#[test]
fn the_raw_xmp_properties_are_kept_for_the_xmp_endpoint() {
    let meta = read(&read_fixture(
        "metadata/iptc-independent-photographer-example.jpg",
    ));
    let text = |k: &str| match meta.xmp.get(k) {
        Some(shelflink_sim::seed::model::XmpValue::Text(t)) => Some(t.clone()),
        _ => None,
    };
    assert_eq!(
        text("plus:LicenseEndDate").as_deref().map(|d| &d[..10]),
        Some("2015-04-01")
    );
    assert!(
        text("xmpRights:UsageTerms")
            .unwrap()
            .starts_with("Licensed to Big Larch")
    );
}

#[test]
fn an_exif_only_file_has_no_iptc_or_xmp() {
    assert_eq!(
        read(&read_fixture("metadata/metadata_demo_exif_only.jpg")),
        SeedMetadata::default()
    );
}

#[test]
fn extended_xmp_chunks_are_joined_in_offset_order() {
    let meta = read(&read_fixture("edge/ExtendedXMP.jpg"));
    let title = meta.xmp.get("pdf:Title");
    assert_eq!(
        title,
        Some(&shelflink_sim::seed::model::XmpValue::Text(
            "PDF Title".into()
        ))
    );
    assert!(meta.xmp.contains_key("pdf:Producer"));
}

#[test]
fn of_two_iim_blocks_the_first_is_read() {
    let meta = read(&read_fixture("edge/iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg"));
    assert_eq!(meta.credit.as_deref(), Some("This is credit number one"));
}

#[test]
fn every_edge_file_gives_metadata_or_nothing_without_panicking() {
    let mut files = Vec::new();
    for dir in ["edge", "edge/orientation"] {
        for entry in std::fs::read_dir(fixture(dir)).expect("edge folder") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 30, "only {} edge files", files.len());
    for path in files {
        let bytes = std::fs::read(&path).expect("edge file");
        let meta = std::panic::catch_unwind(|| read(&bytes))
            .unwrap_or_else(|_| panic!("reading {} panicked", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let carries_metadata = name.starts_with("made-plus")
            || name.starts_with("made-iim")
            || name.starts_with("iptc-ps")
            || name == "ExtendedXMP.jpg"
            || name == "issue_1847_poc.jpg";
        if !carries_metadata {
            assert!(
                meta.keywords.is_empty() && meta.credit.is_none(),
                "{name}: {meta:?}"
            );
        }
    }
}

#[test]
fn every_prefix_of_a_metadata_file_reads_without_panicking() {
    let bytes = read_fixture("metadata/iptc-staff-photographer-example.jpg");
    for len in (0..bytes.len()).step_by(97) {
        let _ = read(&bytes[..len]);
    }
}

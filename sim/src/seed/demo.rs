//! The built-in demo workspace: a synthetic catalog of 200 generated images and 60 products
//! (seed 2025, rights relative to the day the simulator starts), no third-party photos.
//!
//! Beyond the generated spread it always holds these, which UI and end-to-end tests rely on
//! (dates relative to today, D = days):
//!
//! | product | file | state |
//! |---|---|---|
//! | `SL1001` Alder Sweatshirt (Men/Tops/Hoodies & Sweatshirts; variants `SL1001-RED-M`, `SL1001-RED-L`) | `SL1001-RED_main_v1.jpg` | linked hero of `SL1001`, flagged, rating 5, uploaded 40 D ago; licence valid for a year |
//! | | `SL1001-RED_main_v2.jpg` | newer version of the same shot (uploaded 3 D ago), not linked, not flagged, rating 0 |
//! | | `SL1001-RED_back_v1.jpg` | linked gallery image (position 1) of `SL1001` |
//! | `24-GB1002` Drift Duffle Bag (Gear/Bags) | `24-gb1002_main.jpg` | linked hero, licence **expired** 10 D ago |
//! | `24-GW1003` Lumen Sport Watch (Gear/Watches) | `24-gw1003_main.jpg` | linked hero, licence **expires in 10 D** |
//! | `SL1004` Fjord Rain Jacket (Women/Tops/Jackets; variants `SL1004-BLUE-S`, `-M`) | `sl1004-blue_main.jpg` | not linked, **restricted to DE, AT, CH** |
//! | | `sl1004-blue_back.jpg` | not linked, royalty-free without end |
//! | `SL1005` Iris Jogger (Men/Bottoms/Pants; variants `SL1005-GREEN-M`, `-L`) | `SL1005-GREEN_main_v1.jpg` | not linked, licence **not yet valid** (starts in 20 D) |
//!
//! All other styles are numbered from `SL1101` / `24-G?1101` on, with the rights spread of
//! `rights::SPREAD` and about a quarter of their colours linked.

use super::embed;
use super::model::{SeedCatalog, SeedImage, SeedLink};
use super::synthetic::{PinnedStyle, Plan, generate};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use std::sync::Arc;

/// Seed number of the demo workspace.
pub const DEMO_SEED: u64 = 2025;
/// Number of images in the demo workspace.
pub const DEMO_IMAGES: usize = 200;
/// Number of products (parents, variants and simple products) in the demo workspace.
pub const DEMO_PRODUCTS: usize = 60;

/// The demo workspace, rights relative to today.
pub fn demo() -> SeedCatalog {
    demo_at(Utc::now().date_naive())
}

fn pin(
    number: u32,
    category: usize,
    adjective: usize,
    colour: usize,
    sizes: &[usize],
    shots: &[(u8, u8)],
    upper: bool,
) -> PinnedStyle {
    PinnedStyle {
        number,
        category,
        adjective,
        colours: vec![colour],
        sizes: sizes.to_vec(),
        shots: shots.to_vec(),
        upper_case_names: upper,
    }
}

/// The demo workspace with rights relative to `today`.
pub fn demo_at(today: NaiveDate) -> SeedCatalog {
    let pinned = vec![
        pin(1001, 0, 0, 2, &[2, 3], &[(0, 1), (0, 2), (1, 1)], true),
        pin(1002, 8, 3, 0, &[], &[(0, 1)], false),
        pin(1003, 9, 11, 8, &[], &[(0, 1)], false),
        pin(1004, 6, 5, 3, &[1, 2], &[(0, 1), (1, 1)], false),
        pin(1005, 3, 8, 4, &[2, 3], &[(0, 1)], true),
    ];
    let mut catalog = generate(&Plan {
        images: DEMO_IMAGES,
        products: DEMO_PRODUCTS,
        seed: DEMO_SEED,
        today,
        pinned,
        link_share: 0.25,
    });
    let day = |n: i64| today + Duration::days(n);
    let noon = |n: i64| Utc.from_utc_datetime(&day(n).and_hms_opt(11, 30, 0).unwrap_or_default());
    type Rights = (
        Option<NaiveDate>,
        Option<NaiveDate>,
        &'static [&'static str],
    );
    let fixed: [(&str, Rights, i64, bool); 8] = [
        (
            "SL1001-RED_main_v1.jpg",
            (Some(day(-120)), Some(day(365)), &[]),
            -40,
            true,
        ),
        (
            "SL1001-RED_main_v2.jpg",
            (Some(day(-120)), Some(day(365)), &[]),
            -3,
            false,
        ),
        (
            "SL1001-RED_back_v1.jpg",
            (Some(day(-120)), Some(day(365)), &[]),
            -40,
            true,
        ),
        (
            "24-gb1002_main.jpg",
            (Some(day(-375)), Some(day(-10)), &[]),
            -400,
            true,
        ),
        (
            "24-gw1003_main.jpg",
            (Some(day(-355)), Some(day(10)), &[]),
            -300,
            true,
        ),
        (
            "sl1004-blue_main.jpg",
            (Some(day(-30)), Some(day(200)), &["DE", "AT", "CH"]),
            -25,
            false,
        ),
        (
            "sl1004-blue_back.jpg",
            (Some(day(-30)), None, &[]),
            -25,
            false,
        ),
        (
            "SL1005-GREEN_main_v1.jpg",
            (Some(day(20)), Some(day(385)), &[]),
            -5,
            false,
        ),
    ];
    for (file_name, (start, end, regions), uploaded, approved) in fixed {
        if let Some(image) = catalog.images.iter_mut().find(|i| i.file_name == file_name) {
            set_rights(image, start, end, regions);
            image.uploaded_at = noon(uploaded);
            image.flagged = approved;
            image.rating = if approved { 5 } else { 0 };
        }
    }
    let links = [
        ("SL1001", "SL1001-RED_main_v1.jpg", "hero", 0),
        ("SL1001", "SL1001-RED_back_v1.jpg", "gallery", 1),
        ("24-GB1002", "24-gb1002_main.jpg", "hero", 0),
        ("24-GW1003", "24-gw1003_main.jpg", "hero", 0),
    ];
    for (sku, file_name, role, position) in links {
        catalog.links.push(SeedLink {
            sku: sku.to_owned(),
            file_name: file_name.to_owned(),
            role: role.to_owned(),
            position,
        });
    }
    catalog
}

fn set_rights(
    image: &mut SeedImage,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    regions: &[&str],
) {
    let meta = &mut image.metadata;
    meta.licence_start = start;
    meta.licence_end = end;
    meta.expiration_date = end;
    meta.regions = regions.iter().map(|r| (*r).to_owned()).collect();
    meta.channels = Vec::new();
    meta.licence_type = Some(
        if end.is_some() {
            "rights_managed"
        } else {
            "royalty_free"
        }
        .to_owned(),
    );
    meta.usage_terms = Some(match end {
        Some(end) => format!("Catalog, e-commerce and marketing use until {end}; no resale."),
        None => "Royalty-free for catalog, e-commerce and marketing use; no resale.".to_owned(),
    });
    meta.xmp = embed::properties(meta).into_iter().collect();
    if let super::model::ImageSource::Generated { embedded, .. } = &mut image.source {
        *embedded = Some(Arc::new(meta.clone()));
    }
}

//! Synthetic catalogs: products with colour/size variants and their procedurally drawn shots,
//! generated from a seed number. Only the plan is built up front; an image's bytes are drawn
//! when first asked for (`seed::bytes`), so 50,000 images start in well under a second.
//!
//! What a catalog holds:
//! - styles in apparel categories (a parent SKU `SL1234` with variants `SL1234-RED-M`) and
//!   gear (simple products `24-GB1234`), owners from the fixed owner list, campaigns;
//! - shots per style colour: views `main`, `back`, `side`, `detail`, `alt1`, each in one to
//!   three versions, dealt round-robin so every colour gets its `main` v1 first;
//! - file names in two real conventions, alternating per style: `SL1234-RED_main_v2.jpg`
//!   and `sl1234-red_main.jpg` / `sl1234-red_main_v2.jpg`;
//! - IPTC/XMP embedded in every file: title, headline, caption, keywords (SKU, colour,
//!   category, view), credit, copyright, author and the rights of `rights::SPREAD`;
//! - about a quarter of the colours already linked: their oldest `main` shot is the hero of
//!   the parent (or simple) product, flagged and rated 5 in PhotoShelter; newer versions stay
//!   unflagged.

use super::draw::{PALETTE, shot_seed};
use super::embed;
use super::model::{ImageSource, SeedCatalog, SeedImage, SeedLink, SeedMetadata, SeedProduct};
use super::owners::{owner_for, owners, stable_hash};
use super::rights::{self, RightsKind};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::sync::Arc;
use vocabulary::{ADJECTIVES, CAMPAIGNS, CATEGORIES, PHOTOGRAPHERS, SHOT_ORDER, SIZES, VIEWS};

mod vocabulary;

/// A style the generator must produce exactly (the demo pins a few).
#[derive(Debug, Clone)]
pub struct PinnedStyle {
    pub number: u32,
    pub category: usize,
    pub adjective: usize,
    pub colours: Vec<usize>,
    pub sizes: Vec<usize>,
    /// Shots per colour as (view, version); empty = dealt like any other style.
    pub shots: Vec<(u8, u8)>,
    /// true = `SL1234-RED_main_v2.jpg`, false = `sl1234-red_main.jpg`.
    pub upper_case_names: bool,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub images: usize,
    pub products: usize,
    pub seed: u64,
    /// The day rights are relative to.
    pub today: NaiveDate,
    pub pinned: Vec<PinnedStyle>,
    /// Share of colours whose oldest main shot is already linked.
    pub link_share: f64,
}

/// `n` images and about `n / 2.5` products for seed number `seed`, rights relative to today.
pub fn synthetic(n: usize, seed: u64) -> SeedCatalog {
    generate(&Plan {
        images: n,
        products: ((n as f64 / 2.5).round() as usize).max(1),
        seed,
        today: Utc::now().date_naive(),
        pinned: Vec::new(),
        link_share: 0.25,
    })
}

struct Unit {
    style: usize,
    parent_sku: String,
    stem: String,
    colour: usize,
    shots: Vec<(u8, u8)>,
    pinned: bool,
}

struct Style {
    name: String,
    category: usize,
    key: u32,
    upper: bool,
}

/// Generates the catalog of `plan`; the same plan always gives the same catalog.
pub fn generate(plan: &Plan) -> SeedCatalog {
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
    let mut catalog = SeedCatalog {
        owners: owners(),
        ..SeedCatalog::default()
    };
    let mut styles: Vec<Style> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut pinned = plan.pinned.iter();
    // Random styles are numbered from 1101 on, leaving 1001–1100 to pinned styles.
    let mut number = 1100u32;
    while catalog.products.len() < plan.products {
        let spec = pinned
            .next()
            .cloned()
            .unwrap_or_else(|| random_style(&mut rng, &mut number));
        let (path, _, nouns, has_variants) = CATEGORIES[spec.category];
        let noun = nouns[spec.number as usize % nouns.len()];
        let sku = if has_variants {
            format!("SL{}", spec.number)
        } else {
            format!("24-{}{}", gear_code(spec.category), spec.number)
        };
        let campaigns: Vec<String> = (0..rng.random_range(0..=2usize))
            .map(|_| CAMPAIGNS[rng.random_range(0..CAMPAIGNS.len())].to_owned())
            .fold(Vec::new(), |mut acc, c| {
                if !acc.contains(&c) {
                    acc.push(c);
                }
                acc
            });
        let parent = SeedProduct {
            sku: sku.clone(),
            name: format!("{} {noun}", ADJECTIVES[spec.adjective % ADJECTIVES.len()]),
            category: path.to_owned(),
            campaign: campaigns.first().cloned(),
            campaigns,
            description: format!(
                "<p>The {} {noun}: made for training and everyday wear.</p>",
                ADJECTIVES[spec.adjective % ADJECTIVES.len()]
            ),
            owner: Some(owner_for(&sku, plan.seed)),
            ..SeedProduct::default()
        };
        let style_index = styles.len();
        styles.push(Style {
            name: parent.name.clone(),
            category: spec.category,
            key: stable_hash(&sku) as u32,
            upper: spec.upper_case_names,
        });
        catalog.products.push(parent.clone());
        for &colour in &spec.colours {
            let colour_name = PALETTE[colour % PALETTE.len()].0;
            if has_variants {
                for &size in &spec.sizes {
                    if catalog.products.len() >= plan.products {
                        break;
                    }
                    catalog.products.push(SeedProduct {
                        sku: format!(
                            "{sku}-{}-{}",
                            colour_name.to_ascii_uppercase(),
                            SIZES[size % SIZES.len()]
                        ),
                        name: format!(
                            "{}-{}-{}",
                            parent.name,
                            SIZES[size % SIZES.len()],
                            capitalise(colour_name)
                        ),
                        colour: Some(capitalise(colour_name)),
                        size: Some(SIZES[size % SIZES.len()].to_owned()),
                        parent_sku: Some(sku.clone()),
                        campaign: parent.campaign.clone(),
                        campaigns: parent.campaigns.clone(),
                        ..parent.clone()
                    });
                }
            }
            let stem = if has_variants {
                format!("{sku}-{}", colour_name.to_ascii_uppercase())
            } else {
                sku.clone()
            };
            units.push(Unit {
                style: style_index,
                parent_sku: sku.clone(),
                stem,
                colour,
                shots: spec.shots.clone(),
                pinned: !spec.shots.is_empty(),
            });
        }
    }
    deal_shots(&mut units, plan.images);
    let start = Utc.from_utc_datetime(&plan.today.and_hms_opt(9, 0, 0).unwrap_or_default());
    for unit in &units {
        let style = &styles[unit.style];
        let link = !unit.shots.is_empty() && !unit.pinned && rng.random_bool(plan.link_share);
        let oldest_main = unit
            .shots
            .iter()
            .filter(|(view, _)| *view == 0)
            .map(|(_, v)| *v)
            .min();
        for &(view, version) in &unit.shots {
            let kind = rights::pick(&mut rng);
            let image = shot(plan, &mut rng, style, unit, view, version, kind, start);
            let linked = link && view == 0 && Some(version) == oldest_main;
            if linked {
                catalog.links.push(SeedLink {
                    sku: unit.parent_sku.clone(),
                    file_name: image.file_name.clone(),
                    role: "hero".to_owned(),
                    position: 0,
                });
            }
            catalog.images.push(SeedImage {
                rating: if linked { 5 } else { 0 },
                flagged: linked,
                ..image
            });
        }
    }
    // A style can be linked through several colours: keep one hero, the rest gallery images.
    let mut positions: HashMap<String, u32> = HashMap::new();
    for link in &mut catalog.links {
        let position = positions.entry(link.sku.clone()).or_insert(0);
        link.position = *position;
        if *position > 0 {
            link.role = "gallery".to_owned();
        }
        *position += 1;
    }
    catalog
}

fn random_style(rng: &mut ChaCha8Rng, number: &mut u32) -> PinnedStyle {
    *number += 1 + rng.random_range(0..3u32);
    let category = rng.random_range(0..CATEGORIES.len());
    let colours_wanted = if CATEGORIES[category].3 {
        rng.random_range(1..=3)
    } else {
        1
    };
    let mut colours: Vec<usize> = Vec::new();
    while colours.len() < colours_wanted {
        let c = rng.random_range(0..PALETTE.len());
        if !colours.contains(&c) {
            colours.push(c);
        }
    }
    let first = rng.random_range(0..SIZES.len() - 1);
    PinnedStyle {
        number: *number,
        category,
        adjective: rng.random_range(0..ADJECTIVES.len()),
        colours,
        sizes: vec![first, first + 1],
        shots: Vec::new(),
        upper_case_names: number.is_multiple_of(2),
    }
}

/// Gives every unpinned unit shots in `SHOT_ORDER`, round-robin, until `total` images exist.
fn deal_shots(units: &mut [Unit], total: usize) {
    let mut count: usize = units.iter().map(|u| u.shots.len()).sum();
    let open: Vec<usize> = (0..units.len()).filter(|&i| !units[i].pinned).collect();
    'rounds: for round in 0..SHOT_ORDER.len() * 64 {
        if open.is_empty() {
            break;
        }
        for &i in &open {
            if count >= total {
                break 'rounds;
            }
            let (view, version) = SHOT_ORDER[round % SHOT_ORDER.len()];
            let version = version + (round / SHOT_ORDER.len()) as u8 * 3;
            units[i].shots.push((view, version));
            count += 1;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn shot(
    plan: &Plan,
    rng: &mut ChaCha8Rng,
    style: &Style,
    unit: &Unit,
    view: u8,
    version: u8,
    kind: RightsKind,
    start: DateTime<Utc>,
) -> SeedImage {
    let (category, shape, _, _) = CATEGORIES[style.category];
    let view_name = VIEWS[usize::from(view) % VIEWS.len()];
    let colour_name = PALETTE[unit.colour % PALETTE.len()].0;
    let file_name = if style.upper {
        format!("{}_{view_name}_v{version}.jpg", unit.stem)
    } else if version == 1 {
        format!("{}_{view_name}.jpg", unit.stem.to_ascii_lowercase())
    } else {
        format!(
            "{}_{view_name}_v{version}.jpg",
            unit.stem.to_ascii_lowercase()
        )
    };
    let leaf = category
        .rsplit('/')
        .next()
        .unwrap_or(category)
        .to_ascii_lowercase();
    let mut meta = SeedMetadata {
        title: Some(file_name.trim_end_matches(".jpg").to_owned()),
        headline: Some(style.name.clone()),
        caption: Some(format!(
            "{} in {colour_name}, {view_name} view (version {version}).",
            style.name
        )),
        author: Some(PHOTOGRAPHERS[(style.key as usize) % PHOTOGRAPHERS.len()].to_owned()),
        keywords: vec![
            unit.parent_sku.clone(),
            colour_name.to_owned(),
            leaf,
            view_name.to_owned(),
        ],
        copyright: Some("© 2025 Shelflink Demo Studio".to_owned()),
        credit: Some("Shelflink Demo Studio".to_owned()),
        model_release: (shape <= 1).then_some(version != 2 || view != 3),
        ..SeedMetadata::default()
    };
    rights::apply(kind, plan.today, rng, &mut meta);
    meta.xmp = embed::properties(&meta).into_iter().collect();
    let (width, height) = if shape <= 1 {
        (1000, 1250)
    } else {
        (1000, 1000)
    };
    let age_days = i64::from(style.key % 240) + 60;
    let uploaded_at = start - Duration::days(age_days)
        + Duration::days(i64::from(version - 1) * 6)
        + Duration::minutes(i64::from(view) * 7);
    SeedImage {
        source: ImageSource::Generated {
            seed: shot_seed(style.key, shape, unit.colour as u8, view, version),
            width,
            height,
            label: format!(
                "{} {} V{version}",
                unit.stem,
                view_name.to_ascii_uppercase()
            ),
            embedded: Some(Arc::new(meta.clone())),
        },
        gallery_path: super::catalog::gallery_path(category),
        metadata: meta,
        file_name,
        uploaded_at: uploaded_at.min(start),
        rating: 0,
        flagged: false,
    }
}

fn gear_code(category: usize) -> &'static str {
    match CATEGORIES[category].1 {
        2 => "GB",
        3 => "GW",
        _ => "GF",
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

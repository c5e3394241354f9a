//! `shelflink rights [--expiring DAYS] [--json|--csv]`: the expiry review of the cache —
//! licences ending within DAYS, ended licences still linked with the products affected,
//! by campaign and by product owner.

use super::out::{self, outln};
use super::table;
use crate::cache::review::{ReviewAsset, review_csv};
use crate::cache::{RightsClock, rights_columns};
use crate::settings::Settings;
use clap::Args;

#[derive(Debug, Args)]
pub struct RightsArgs {
    /// Licences ending within this many days (default: the longest warning window, 30).
    #[arg(long, value_name = "DAYS")]
    pub expiring: Option<u32>,
    /// Print the review as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print the review as CSV (one row per asset and product).
    #[arg(long)]
    pub csv: bool,
}

fn rows(assets: &[ReviewAsset]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for a in assets {
        let products: Vec<String> = a
            .products
            .iter()
            .map(|p| p.sku.clone().unwrap_or_else(|| p.id.clone()))
            .collect();
        rows.push(vec![
            a.file_name.clone(),
            a.licence_end.clone(),
            a.days_left.to_string(),
            if products.is_empty() {
                "-".into()
            } else {
                products.join(", ")
            },
        ]);
    }
    rows
}

pub fn run(args: RightsArgs) -> anyhow::Result<()> {
    let workspace = super::live_workspace()?;
    let settings = Settings::load(&workspace.settings_file())?;
    let clock = RightsClock::local(settings.section("rights")?);
    let days = args
        .expiring
        .or_else(|| clock.policy.warning_windows.iter().copied().max())
        .unwrap_or(30);
    workspace
        .cache()
        .with_conn(|c| rights_columns::ensure_zone(c, &clock))?;
    let review = workspace.cache().expiry_review(days, &clock)?;
    if args.json {
        return out::emit(&format!("{}\n", serde_json::to_string_pretty(&review)?));
    }
    if args.csv {
        return out::emit(&review_csv(&review)?);
    }
    let mut out = String::new();
    outln!(
        out,
        "Licences ending within {days} days (today is {}): {}",
        review.today,
        review.expiring.len()
    );
    if !review.expiring.is_empty() {
        table::write(
            &mut out,
            &["FILE", "LAST DAY", "DAYS LEFT", "LINKED TO"],
            &rows(&review.expiring),
        );
    }
    outln!(out);
    outln!(
        out,
        "Licences that ended, still linked: {}",
        review.expired_linked.len()
    );
    if !review.expired_linked.is_empty() {
        table::write(
            &mut out,
            &["FILE", "LAST DAY", "DAYS LEFT", "LINKED TO"],
            &rows(&review.expired_linked),
        );
    }
    for (title, groups) in [
        ("By campaign", &review.by_campaign),
        ("By product owner", &review.by_owner),
    ] {
        if groups.is_empty() {
            continue;
        }
        outln!(out);
        outln!(out, "{title}:");
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                vec![
                    g.label.clone(),
                    g.expired.to_string(),
                    g.expiring.to_string(),
                    g.products.join(", "),
                ]
            })
            .collect();
        table::write(&mut out, &["", "ENDED", "ENDING", "PRODUCTS"], &rows);
    }
    out::emit(&out)
}

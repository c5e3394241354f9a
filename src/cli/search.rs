//! `shelflink search QUERY [--json]`: assets and products in the cache by words, with the
//! filters of the app's search.

use super::out::{self, outln};
use super::table;
use crate::cache::rights_columns;
use crate::cache::search::{AssetQuery, ProductQuery, search_assets, search_products};
use crate::cache::{RightsClock, VerdictKind};
use crate::settings::Settings;
use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerdictArg {
    Ok,
    Expiring,
    Expired,
    NotYetValid,
    Restricted,
    Unknown,
}

impl From<VerdictArg> for VerdictKind {
    fn from(v: VerdictArg) -> Self {
        match v {
            VerdictArg::Ok => VerdictKind::Ok,
            VerdictArg::Expiring => VerdictKind::Expiring,
            VerdictArg::Expired => VerdictKind::Expired,
            VerdictArg::NotYetValid => VerdictKind::NotYetValid,
            VerdictArg::Restricted => VerdictKind::Restricted,
            VerdictArg::Unknown => VerdictKind::Unknown,
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (file names, titles, captions, keywords; SKUs, names, categories,
    /// campaigns); none = everything.
    pub query: Vec<String>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
    /// Results of each kind at most.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Only assets (no products).
    #[arg(long, conflicts_with = "products")]
    pub assets: bool,
    /// Only products (no assets).
    #[arg(long)]
    pub products: bool,
    /// Only assets in this gallery (PhotoShelter gallery id).
    #[arg(long, conflicts_with = "products")]
    pub gallery: Option<String>,
    /// Only assets with this rights verdict.
    #[arg(long, value_enum, conflicts_with = "products")]
    pub verdict: Option<VerdictArg>,
    /// Only linked assets and products.
    #[arg(long, conflicts_with = "unlinked")]
    pub linked: bool,
    /// Only unlinked assets and products.
    #[arg(long)]
    pub unlinked: bool,
}

pub fn run(args: SearchArgs) -> anyhow::Result<()> {
    let workspace = super::live_workspace()?;
    let settings = Settings::load(&workspace.settings_file())?;
    let clock = RightsClock::local(settings.section("rights")?);
    workspace
        .cache()
        .with_conn(|c| rights_columns::ensure_zone(c, &clock))?;
    let text = args.query.join(" ");
    let linked = match (args.linked, args.unlinked) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let assets = (!args.products)
        .then(|| {
            search_assets(
                workspace.cache(),
                &AssetQuery {
                    text: text.clone(),
                    gallery: args.gallery.clone(),
                    verdict: args.verdict.map(Into::into),
                    linked,
                    limit: args.limit,
                    ..AssetQuery::default()
                },
                &clock,
            )
        })
        .transpose()?;
    let products = (!args.assets && args.gallery.is_none() && args.verdict.is_none())
        .then(|| {
            search_products(
                workspace.cache(),
                &ProductQuery {
                    text: text.clone(),
                    linked,
                    limit: args.limit,
                    ..ProductQuery::default()
                },
            )
        })
        .transpose()?;
    if args.json {
        let out = serde_json::json!({ "assets": assets, "products": products });
        return out::emit(&format!("{}\n", serde_json::to_string_pretty(&out)?));
    }
    let mut out = String::new();
    if let Some(page) = &assets {
        outln!(
            out,
            "Assets: {} found{}",
            page.total,
            shown(page.items.len(), page.total)
        );
        let rows: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|a| {
                vec![
                    a.file_name.clone(),
                    a.id.clone(),
                    format!("{:?}", a.approval).to_lowercase(),
                    a.verdict.as_str().to_owned(),
                    a.licence_end.clone().unwrap_or_default(),
                    a.links.to_string(),
                ]
            })
            .collect();
        table::write(
            &mut out,
            &[
                "FILE",
                "IMAGE ID",
                "APPROVAL",
                "VERDICT",
                "LICENCE END",
                "LINKS",
            ],
            &rows,
        );
    }
    if let Some(page) = &products {
        if assets.is_some() {
            outln!(out);
        }
        outln!(
            out,
            "Products: {} found{}",
            page.total,
            shown(page.items.len(), page.total)
        );
        let rows: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|p| {
                vec![
                    p.sku.clone().unwrap_or_default(),
                    p.name.clone(),
                    p.category.clone().unwrap_or_default(),
                    p.campaigns.join(", "),
                    p.links.to_string(),
                ]
            })
            .collect();
        table::write(
            &mut out,
            &["SKU", "NAME", "CATEGORY", "CAMPAIGNS", "LINKS"],
            &rows,
        );
    }
    out::emit(&out)
}

fn shown(shown: usize, total: u64) -> String {
    if (shown as u64) < total {
        format!(" (the first {shown} shown; --limit shows more)")
    } else {
        String::new()
    }
}

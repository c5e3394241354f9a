//! The SKU index and the rules that use it.

use super::config::SuggestConfig;
use super::{SuggestRule, Suggestion};
use crate::model::{Asset, AssetId, Link, Product, ProductId};
use std::collections::{HashMap, HashSet};

/// Lower-case runs of letters and digits.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn stem(file_name: &str) -> &str {
    match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 5 => stem,
        _ => file_name,
    }
}

/// Products indexed by SKU tokens. Build once per catalog, ask per asset.
pub struct SkuIndex<'a> {
    products: &'a [Product],
    config: SuggestConfig,
    /// Whole SKU (tokens joined by `-`) → products.
    full: HashMap<String, Vec<usize>>,
    longest: usize,
    /// Distinctive part of a multi-part SKU → the one product that has it.
    part: HashMap<String, usize>,
    /// Parent → its variants.
    children: HashMap<usize, Vec<usize>>,
}

impl<'a> SkuIndex<'a> {
    pub fn new(products: &'a [Product], config: &SuggestConfig) -> Self {
        let mut full: HashMap<String, Vec<usize>> = HashMap::new();
        let mut longest = 1;
        let by_id: HashMap<&ProductId, usize> = products
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.id, i))
            .collect();
        let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut part_owners: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, p) in products.iter().enumerate() {
            let t = tokens(p.sku.as_str());
            if t.is_empty() {
                continue;
            }
            longest = longest.max(t.len());
            full.entry(t.join("-")).or_default().push(i);
            if let Some(parent) = p.parent.as_ref().and_then(|id| by_id.get(id)) {
                children.entry(*parent).or_default().push(i);
                continue;
            }
            for tok in &t {
                part_owners.entry(tok.clone()).or_default().insert(i);
            }
        }
        let part = part_owners
            .into_iter()
            .filter(|(tok, owners)| {
                owners.len() == 1
                    && tok.len() >= 3
                    && tok.chars().any(|c| c.is_alphabetic())
                    && tok.chars().any(|c| c.is_ascii_digit())
            })
            .filter_map(|(tok, owners)| {
                let only = *owners.iter().next()?;
                (tokens(products[only].sku.as_str()).len() >= 2).then_some((tok, only))
            })
            .collect();
        Self {
            products,
            config: config.clone(),
            full,
            longest,
            part,
            children,
        }
    }

    fn lookup(&self, toks: &[String]) -> &[usize] {
        self.full
            .get(&toks.join("-"))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Suggestions for one asset, strongest first.
    pub fn suggest(&self, asset: &Asset) -> Vec<Suggestion> {
        let mut found: HashMap<usize, Suggestion> = HashMap::new();
        let conf = &self.config.confidence;
        let mut add = |product: usize, rule: SuggestRule, evidence: &str| {
            let c = conf.of(rule);
            if c <= 0.0 || c < self.config.min_confidence {
                return;
            }
            let p = &self.products[product];
            let entry = found.entry(product).or_insert_with(|| Suggestion {
                asset: asset.id.clone(),
                product: p.id.clone(),
                sku: p.sku.clone(),
                confidence: c,
                rule,
                rules: Vec::new(),
                evidence: evidence.to_owned(),
            });
            if !entry.rules.contains(&rule) {
                entry.rules.push(rule);
            }
            if c > entry.confidence {
                entry.confidence = c;
                entry.rule = rule;
                entry.evidence = evidence.to_owned();
            }
        };

        for shown in &asset.products_shown {
            for &i in self.lookup(&tokens(shown)) {
                add(i, SuggestRule::ProductShownNamesSku, shown);
            }
        }
        for keyword in &asset.keywords {
            let mut t = tokens(keyword);
            if t.len() > 1
                && self
                    .config
                    .keyword_prefixes
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&t[0]))
            {
                t.remove(0);
            }
            for &i in self.lookup(&t) {
                add(i, SuggestRule::KeywordNamesSku, keyword.trim());
            }
        }

        let name = tokens(stem(&asset.file_name));
        let mut covered = vec![false; name.len()];
        // Longest SKUs first, so `MH02-XS-Black` wins over the `MH02` inside it.
        for len in (1..=self.longest.min(name.len())).rev() {
            for start in 0..=name.len() - len {
                if covered[start..start + len].iter().any(|c| *c) {
                    continue;
                }
                let window = &name[start..start + len];
                let hits = self.lookup(window);
                if hits.is_empty() {
                    continue;
                }
                covered[start..start + len]
                    .iter_mut()
                    .for_each(|c| *c = true);
                let evidence = window.join("-");
                for &i in hits {
                    match self.children.get(&i) {
                        None => add(i, SuggestRule::SkuInFileName, &evidence),
                        Some(kids) => {
                            add(i, SuggestRule::ParentSkuInFileName, &evidence);
                            let words: HashSet<&str> = name
                                .iter()
                                .enumerate()
                                .filter(|(k, _)| *k < start || *k >= start + len)
                                .map(|(_, w)| w.as_str())
                                .collect();
                            for &kid in kids {
                                let colour = self.products[kid]
                                    .colour
                                    .as_deref()
                                    .map(tokens)
                                    .unwrap_or_default();
                                if !colour.is_empty()
                                    && colour.iter().all(|w| words.contains(w.as_str()))
                                {
                                    add(
                                        kid,
                                        SuggestRule::ParentSkuAndColourInFileName,
                                        &colour.join(" "),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        for (k, word) in name.iter().enumerate() {
            if covered[k] {
                continue;
            }
            if let Some(&i) = self.part.get(word) {
                add(i, SuggestRule::SkuPartInFileName, word);
            }
        }

        let mut out: Vec<Suggestion> = found.into_values().collect();
        for s in &mut out {
            s.rules.sort_by(|a, b| conf.of(*b).total_cmp(&conf.of(*a)));
        }
        out.sort_by(|a, b| {
            b.confidence
                .total_cmp(&a.confidence)
                .then_with(|| a.sku.cmp(&b.sku))
        });
        out
    }

    /// Suggestions for many assets, leaving out pairs that are already linked.
    pub fn suggest_all(&self, assets: &[Asset], existing: &[Link]) -> Vec<Suggestion> {
        let linked: HashSet<(&AssetId, &ProductId)> =
            existing.iter().map(|l| (&l.asset, &l.product)).collect();
        assets
            .iter()
            .flat_map(|a| self.suggest(a))
            .filter(|s| !linked.contains(&(&s.asset, &s.product)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Vec<Product> {
        let variant = |sku: &str, colour: &str| Product {
            parent: Some("P-MH02".into()),
            colour: Some(colour.into()),
            ..Product::new(format!("P-{sku}"), sku)
        };
        vec![
            Product::new("P-MH02", "MH02"),
            variant("MH02-XS-Black", "Black"),
            variant("MH02-M-Black", "Black"),
            variant("MH02-M-Red", "Red"),
            Product::new("P-24-MB01", "24-MB01"),
        ]
    }

    fn rules_of(s: &[Suggestion]) -> Vec<(&str, SuggestRule)> {
        s.iter().map(|s| (s.sku.as_str(), s.rule)).collect()
    }

    #[test]
    fn a_parent_sku_with_a_colour_proposes_the_product_and_its_variants_of_that_colour() {
        let products = catalog();
        let index = SkuIndex::new(&products, &SuggestConfig::default());
        let s = index.suggest(&Asset::named("I1", "mh02-black_main.jpg"));
        assert_eq!(
            rules_of(&s),
            [
                ("MH02", SuggestRule::ParentSkuInFileName),
                ("MH02-M-Black", SuggestRule::ParentSkuAndColourInFileName),
                ("MH02-XS-Black", SuggestRule::ParentSkuAndColourInFileName),
            ]
        );
        assert_eq!(
            s[1].reason(),
            "The file name contains the product SKU and the colour of variant MH02-M-Black (black)"
        );
    }

    #[test]
    fn a_whole_variant_sku_wins_over_the_parent_inside_it() {
        let products = catalog();
        let index = SkuIndex::new(&products, &SuggestConfig::default());
        let s = index.suggest(&Asset::named("I1", "MH02-M-Red_front_v2.tif"));
        assert_eq!(rules_of(&s), [("MH02-M-Red", SuggestRule::SkuInFileName)]);
    }

    #[test]
    fn the_distinctive_part_of_a_sku_finds_gear_named_without_its_prefix() {
        let products = catalog();
        let index = SkuIndex::new(&products, &SuggestConfig::default());
        let s = index.suggest(&Asset::named("I1", "mb01-blue-0.jpg"));
        assert_eq!(rules_of(&s), [("24-MB01", SuggestRule::SkuPartInFileName)]);
        assert!((s[0].confidence - 0.8).abs() < 1e-6);
    }

    #[test]
    fn keywords_and_product_shown_name_skus_and_already_linked_pairs_are_left_out() {
        let products = catalog();
        let index = SkuIndex::new(&products, &SuggestConfig::default());
        let asset = Asset {
            keywords: vec!["hoodie".into(), "SKU: mh02-m-red".into()],
            products_shown: vec!["24-MB01".into()],
            ..Asset::named("I1", "DSC_0042.jpg")
        };
        let s = index.suggest(&asset);
        assert_eq!(
            rules_of(&s),
            [
                ("24-MB01", SuggestRule::ProductShownNamesSku),
                ("MH02-M-Red", SuggestRule::KeywordNamesSku)
            ]
        );
        let linked = [Link::draft("I1", "P-24-MB01", crate::model::Role::Hero, 0)];
        let rest = index.suggest_all(std::slice::from_ref(&asset), &linked);
        assert_eq!(
            rules_of(&rest),
            [("MH02-M-Red", SuggestRule::KeywordNamesSku)]
        );
    }

    #[test]
    fn a_rule_set_to_zero_is_off() {
        let products = catalog();
        let mut config = SuggestConfig::default();
        config.confidence.sku_part_in_file_name = 0.0;
        let index = SkuIndex::new(&products, &config);
        assert!(
            index
                .suggest(&Asset::named("I1", "mb01-blue-0.jpg"))
                .is_empty()
        );
    }
}

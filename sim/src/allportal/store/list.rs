//! Listing with filter, sort and paging (A2, A3). Id and `mod_time` order come straight
//! from the ordered indexes, so a page costs what it returns plus the filter scan; other
//! sorts collect the matches once.

use super::{ModuleStore, Store};
use crate::allportal::object::Object;
use crate::allportal::query::{Key, Query, Sort, Values, compare_values};
use std::cmp::Ordering;

#[derive(Debug, Clone)]
pub struct ListParams {
    pub offset: usize,
    pub limit: usize,
    pub total_count: bool,
    pub query: Query,
    pub sort: Sort,
}

impl Store {
    /// One page of `module`'s objects and, when asked for, the number of all matches.
    pub fn list(&self, module: &str, p: &ListParams) -> (Option<usize>, Vec<&Object>) {
        let Some(m) = self.modules.get(module) else {
            return (p.total_count.then_some(0), Vec::new());
        };
        let filter = |o: &&Object| p.query.matches(*o, self);
        match p.sort.key {
            Key::Id => {
                let it = m.objects.values();
                if p.sort.descending {
                    self.page(it.rev().filter(filter), m, p)
                } else {
                    self.page(it.filter(filter), m, p)
                }
            }
            Key::ModTime => {
                let floor = p.query.mod_time_floor();
                let range = match floor {
                    Some(t) => m.by_mod_time.range((t, String::new())..),
                    None => m.by_mod_time.range(..),
                };
                let objects = |(_, id): &(chrono::DateTime<chrono::Utc>, String)| &m.objects[id];
                if p.sort.descending {
                    self.page(range.rev().map(objects).filter(filter), m, p)
                } else {
                    self.page(range.map(objects).filter(filter), m, p)
                }
            }
            Key::Field(def) => {
                let numeric = def.ty.is_numeric();
                let mut keyed: Vec<(Option<String>, &Object)> = m
                    .objects
                    .values()
                    .filter(filter)
                    .map(|o| (self.values(o, p.sort.key).into_iter().min(), o))
                    .collect();
                keyed.sort_by(|(a, oa), (b, ob)| {
                    let ord = match (a, b) {
                        (Some(a), Some(b)) => compare_values(a, b, numeric),
                        (None, Some(_)) => Ordering::Less,
                        (Some(_), None) => Ordering::Greater,
                        (None, None) => Ordering::Equal,
                    };
                    let ord = if p.sort.descending {
                        ord.reverse()
                    } else {
                        ord
                    };
                    ord.then_with(|| oa.id.cmp(&ob.id))
                });
                let total = p.total_count.then_some(keyed.len());
                let page = keyed
                    .into_iter()
                    .skip(p.offset)
                    .take(p.limit)
                    .map(|(_, o)| o)
                    .collect();
                (total, page)
            }
        }
    }

    fn page<'a>(
        &self,
        mut matches: impl Iterator<Item = &'a Object>,
        m: &ModuleStore,
        p: &ListParams,
    ) -> (Option<usize>, Vec<&'a Object>) {
        if !p.total_count {
            return (None, matches.skip(p.offset).take(p.limit).collect());
        }
        if p.query.conds.is_empty() {
            return (
                Some(m.objects.len()),
                matches.skip(p.offset).take(p.limit).collect(),
            );
        }
        let page: Vec<&Object> = matches.by_ref().skip(p.offset).take(p.limit).collect();
        let seen = if page.is_empty() {
            0
        } else {
            p.offset + page.len()
        };
        let rest = matches.count();
        // When the offset is beyond the end, `skip` consumed every match: count them again.
        let total = if page.is_empty() {
            self.count_skipped(p, m)
        } else {
            seen + rest
        };
        (Some(total), page)
    }

    fn count_skipped(&self, p: &ListParams, m: &ModuleStore) -> usize {
        m.objects
            .values()
            .filter(|o| p.query.matches(*o, self))
            .count()
    }
}

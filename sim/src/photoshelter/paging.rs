//! `page`/`per_page` paging and `data.Paging` (ASSUMPTIONS P2).

use super::error::{ApiError, ApiResult};
use serde_json::{Value, json};

pub const DEFAULT_PER_PAGE: u64 = 100;
pub const MAX_PER_PAGE: u64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub page: u64,
    pub per_page: u64,
}

impl Page {
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> ApiResult<Page> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(ApiError::param("page starts at 1"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ApiError::param(format!(
                "per_page must be 1 to {MAX_PER_PAGE}, not {per_page}"
            )));
        }
        Ok(Page { page, per_page })
    }

    /// The items of this page.
    pub fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start =
            ((self.page - 1).saturating_mul(self.per_page)).min(items.len() as u64) as usize;
        let end = (start as u64 + self.per_page).min(items.len() as u64) as usize;
        &items[start..end]
    }

    /// `{"page","per_page","total","pages","next"}`; `next` only when a later page has items.
    pub fn paging(&self, total: usize) -> Value {
        let total = total as u64;
        let pages = total.div_ceil(self.per_page);
        let mut paging = json!({
            "page": self.page, "per_page": self.per_page, "total": total, "pages": pages,
        });
        if self.page < pages {
            paging["next"] = json!(self.page + 1);
        }
        paging
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_absent_on_the_last_page() {
        let items: Vec<u32> = (0..250).collect();
        let first = Page::new(Some(1), Some(100)).unwrap();
        assert_eq!(first.slice(&items).len(), 100);
        assert_eq!(first.paging(250)["next"], json!(2));
        let last = Page::new(Some(3), Some(100)).unwrap();
        assert_eq!(last.slice(&items), &items[200..]);
        assert!(last.paging(250).get("next").is_none());
        assert_eq!(last.paging(250)["pages"], json!(3));
        let beyond = Page::new(Some(9), Some(100)).unwrap();
        assert!(beyond.slice(&items).is_empty());
    }

    #[test]
    fn bounds_are_checked() {
        assert!(Page::new(Some(0), None).is_err());
        assert!(Page::new(None, Some(1001)).is_err());
        assert_eq!(
            Page::new(None, None).unwrap(),
            Page {
                page: 1,
                per_page: 100
            }
        );
    }
}

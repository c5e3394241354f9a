//! Best match first: the full-text matches of an asset search ranked by BM25 with the
//! column weights of the asset index (file name 10, title 4, caption 1, keywords 4), ties
//! by id, exactly as `ORDER BY bm25(…), id` orders them.
//!
//! Ranking is most of the cost of a search for a word most file names share (thousands of
//! matches, each ranked): the matches are read once with their rank, which counts them and
//! gives the page together, instead of one query counting them and another ranking them.

use super::Params;
use rusqlite::Connection;
use std::cmp::Ordering;

/// The rank of a match of `assets_fts` (lower is better).
pub(super) const BM25: &str = "bm25(assets_fts, 10.0, 4.0, 1.0, 4.0)";

/// How many rows `from_where` (`FROM … WHERE …`, naming `assets_fts` and its `MATCH`)
/// selects, and the ids (`id`, an SQL expression) of the page `offset`, `limit` in rank
/// order (reversed when `descending`).
pub(super) fn page(
    conn: &Connection,
    params: &Params,
    id: &str,
    from_where: &str,
    descending: bool,
    (offset, limit): (u32, u32),
) -> rusqlite::Result<(u64, Vec<i64>)> {
    let sql = format!("SELECT {id}, {BM25} {from_where}");
    let scored = params.all(conn, &sql, |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
    })?;
    let total = scored.len() as u64;
    Ok((total, window(scored, descending, offset, limit)))
}

/// The ids of the page `offset`, `limit` of `scored` (id, rank) in rank order, ties by id;
/// both reversed when `descending`. Only the page and what comes before it are sorted.
fn window(mut scored: Vec<(i64, f64)>, descending: bool, offset: u32, limit: u32) -> Vec<i64> {
    // SQLite compares ranks as numbers (never NaN: BM25 gives a finite rank to every match).
    let ascending = |a: &(i64, f64), b: &(i64, f64)| {
        a.1.partial_cmp(&b.1)
            .unwrap_or(Ordering::Equal)
            .then(a.0.cmp(&b.0))
    };
    let order = |a: &(i64, f64), b: &(i64, f64)| {
        let o = ascending(a, b);
        if descending { o.reverse() } else { o }
    };
    let start = offset as usize;
    let end = (start + limit as usize).min(scored.len());
    if start >= end {
        return Vec::new();
    }
    if end < scored.len() {
        scored.select_nth_unstable_by(end - 1, order);
    }
    let head = &mut scored[..end];
    head.sort_unstable_by(order);
    head[start..].iter().map(|(id, _)| *id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_ranked_matches_is_the_same_slice_a_full_sort_gives() {
        // Ranks with ties (equal ranks order by id), negative zero equal to zero as in SQL.
        let scored: Vec<(i64, f64)> = (1..=40)
            .map(|id| (id, f64::from(((id * 7) % 5) as i32) * -1.5))
            .chain([(41, -0.0), (42, 0.0)])
            .collect();
        let mut sorted = scored.clone();
        sorted.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap().then(a.0.cmp(&b.0)));
        let all: Vec<i64> = sorted.iter().map(|(id, _)| *id).collect();
        let reversed: Vec<i64> = all.iter().rev().copied().collect();
        for (offset, limit) in [
            (0, 10),
            (5, 10),
            (35, 10),
            (0, 100),
            (41, 1),
            (42, 5),
            (50, 5),
        ] {
            let end = (offset + limit).min(all.len());
            let want = all.get(offset..end).unwrap_or_default();
            assert_eq!(
                window(scored.clone(), false, offset as u32, limit as u32),
                want,
                "ascending, offset {offset}, limit {limit}"
            );
            let want = reversed.get(offset..end).unwrap_or_default();
            assert_eq!(
                window(scored.clone(), true, offset as u32, limit as u32),
                want,
                "descending, offset {offset}, limit {limit}"
            );
        }
        assert_eq!(
            window(scored.clone(), false, 0, 100)[..2],
            [2, 7],
            "the best rank first, ties by id"
        );
    }
}

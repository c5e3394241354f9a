//! Reading the assets of one page, once the search has chosen them and their order: the
//! shown columns, the verdict and the days left are computed for those assets alone. (Had
//! the query that orders the matches selected them, SQLite would compute them for every
//! match before its sort keeps a page of them.)

use super::Params;
use super::assets::{AssetHit, approval_of};
use crate::cache::verdict_sql::{self, RightsClock, VerdictKind};
use crate::rights::IntendedUse;
use rusqlite::Connection;

/// The assets `ids` (cache row ids), in that order, with their verdicts for `clock` and
/// `intended` use.
pub(super) fn read(
    conn: &Connection,
    clock: &RightsClock,
    intended: &IntendedUse,
    ids: &[i64],
) -> rusqlite::Result<Vec<AssetHit>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let verdict = verdict_sql::expression("a");
    let days = verdict_sql::days_left("a");
    let sql = format!(
        "SELECT a.ps_id, a.file_name, a.title, a.caption, a.keywords, a.width, a.height,
                a.approval, {verdict}, a.licence_end, {days},
                (SELECT count(*) FROM links l WHERE l.asset_id = a.id),
                a.thumb_base, a.thumb_token, a.fingerprint, a.uploaded_at
         FROM json_each(:page_ids) page CROSS JOIN assets a ON a.id = page.value
         ORDER BY page.key"
    );
    let mut params = Params::from(verdict_sql::params(clock, intended));
    params.add(
        ":page_ids",
        serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()),
    );
    params.all(conn, &sql, |r| {
        let keywords: String = r.get(4)?;
        let approval: String = r.get(7)?;
        let verdict: String = r.get(8)?;
        Ok(AssetHit {
            id: r.get(0)?,
            file_name: r.get(1)?,
            title: r.get(2)?,
            caption: r.get(3)?,
            keywords: serde_json::from_str(&keywords).unwrap_or_default(),
            width: r.get(5)?,
            height: r.get(6)?,
            approval: approval_of(&approval),
            verdict: VerdictKind::parse(&verdict).unwrap_or(VerdictKind::Unknown),
            licence_end: r.get(9)?,
            days_left: r.get(10)?,
            links: r.get(11)?,
            thumb_base: r.get(12)?,
            thumb_token: r.get(13)?,
            fingerprint: r.get(14)?,
            uploaded_at: r.get(15)?,
        })
    })
}

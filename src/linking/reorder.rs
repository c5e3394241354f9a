//! Reordering a product's images: the links take their new places at once (the first one
//! becomes the hero when the product has one), and each moved image is carried by a
//! relate job that moves it to its place in 4ALLPORTAL (its back-links move with it), then
//! a write-back that reads the product again and confirms the link. The jobs run one after
//! the other in the new order, after whatever of each link is still running.

use super::link::product_label;
use super::{LinkError, Rules, db, intent};
use crate::cache::Cache;
use crate::model::Role;
use crate::transfer::catalog::{self, LinkStateText, role_of};
use crate::transfer::clock::to_db;
use crate::transfer::job::{NewJob, Payload, Relate, WriteBack, role_word};
use crate::transfer::queue;
use chrono::Utc;
use rusqlite::{Connection, params};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reordered {
    /// Images whose place or role changed.
    pub moved: u32,
    /// The jobs carrying the new order.
    pub jobs: Vec<i64>,
}

struct Current {
    link: i64,
    asset_row: i64,
    asset: String,
    file_name: String,
    role: Role,
    position: u32,
}

fn current(conn: &Connection, product: i64) -> rusqlite::Result<Vec<Current>> {
    let mut stmt = conn.prepare(
        "SELECT l.id, a.id, a.ps_id, a.file_name, l.role, l.position FROM links l
         JOIN assets a ON a.id = l.asset_id WHERE l.product_id = ?1 ORDER BY l.position, l.id",
    )?;
    stmt.query_map([product], |r| {
        Ok(Current {
            link: r.get(0)?,
            asset_row: r.get(1)?,
            asset: r.get(2)?,
            file_name: r.get(3)?,
            role: role_of(&r.get::<_, String>(4)?),
            position: r.get(5)?,
        })
    })?
    .collect()
}

/// Puts the images of the product `product` (4ALLPORTAL id) in the order of `order`
/// (PhotoShelter ids: every image linked to it, each once).
pub fn reorder(
    cache: &Cache,
    rules: &Rules,
    product: &str,
    order: &[String],
) -> Result<Reordered, LinkError> {
    cache
        .with_conn(|conn| {
            let tx = conn.unchecked_transaction()?;
            let outcome = reorder_in(&tx, rules, product, order)?;
            tx.commit()?;
            Ok(outcome)
        })
        .map_err(db("reorder a product's images"))?
}

fn reorder_in(
    conn: &Connection,
    rules: &Rules,
    product: &str,
    order: &[String],
) -> rusqlite::Result<Result<Reordered, LinkError>> {
    let Some(product_row) = catalog::product_by_ap_id(conn, product)? else {
        return Ok(Err(LinkError::UnknownProduct(product.to_owned())));
    };
    if product_row.deleted {
        return Ok(Err(LinkError::ProductDeleted(product_label(&product_row))));
    }
    let links = current(conn, product_row.id)?;
    let mut sorted_order: Vec<&str> = order.iter().map(String::as_str).collect();
    sorted_order.sort_unstable();
    let mut linked: Vec<&str> = links.iter().map(|l| l.asset.as_str()).collect();
    linked.sort_unstable();
    if sorted_order != linked {
        return Ok(Err(LinkError::NotTheProductsImages {
            product: product_label(&product_row),
        }));
    }
    let has_hero = links.iter().any(|l| l.role == Role::Hero);
    let label = product_label(&product_row);
    let version = intent();
    let now = Utc::now();
    let at = to_db(now);
    let mut jobs = Vec::new();
    let mut moved = 0;
    let mut previous: Option<i64> = None;
    for (place, asset) in order.iter().enumerate() {
        let Some(link) = links.iter().find(|l| &l.asset == asset) else {
            continue;
        };
        let position = place as u32;
        let role = match (place, link.role) {
            (0, _) if has_hero => Role::Hero,
            (_, Role::Hero) => Role::Gallery,
            (_, role) => role,
        };
        if role == link.role && position == link.position {
            continue;
        }
        moved += 1;
        conn.execute(
            "UPDATE links SET position = ?2, role = ?3, updated_at = ?4 WHERE id = ?1",
            params![link.link, position, role_word(role), at],
        )?;
        catalog::set_link_state(conn, link.link, LinkStateText::Queued, None, None, now)?;
        let mut after: Vec<i64> = queue::open_jobs_of_link(conn, link.link)?
            .into_iter()
            .map(|j| j.id)
            .collect();
        after.extend(previous);
        let relate = queue::enqueue(
            conn,
            &NewJob::new(
                Payload::Relate(Relate {
                    asset: link.asset.clone(),
                    product: product_row.ap_id.clone(),
                    role,
                    position,
                    reorder: true,
                }),
                format!(
                    "Move {} to place {} on {label} as {} image",
                    link.file_name,
                    position + 1,
                    role_word(role)
                ),
                version.as_str(),
            )
            .asset(link.asset_row)
            .product(product_row.id)
            .link(link.link)
            .after(after),
            rules.max_attempts,
            now,
        )?;
        let confirm = queue::enqueue(
            conn,
            &NewJob::new(
                Payload::WriteBack(WriteBack {
                    asset: link.asset.clone(),
                    product: product_row.ap_id.clone(),
                }),
                format!("Confirm the place of {} on {label}", link.file_name),
                version.as_str(),
            )
            .asset(link.asset_row)
            .product(product_row.id)
            .link(link.link)
            .after([relate.id]),
            rules.max_attempts,
            now,
        )?;
        previous = Some(relate.id);
        jobs.extend([relate.id, confirm.id]);
    }
    Ok(Ok(Reordered { moved, jobs }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linking::testing::{self, rules, until};
    use crate::linking::{LinkRequest, link};
    use crate::transfer::queue::{JobFilter, list};

    fn product_with_three(cache: &Cache) {
        testing::product(cache, "p1", "MH02-S-Black", None);
        for (i, ps) in ["I1", "I2", "I3"].into_iter().enumerate() {
            testing::asset(
                cache,
                ps,
                &format!("{ps}.jpg"),
                "approved",
                &until((2027, 1, 1)),
            );
            let role = if i == 0 { Role::Hero } else { Role::Gallery };
            let request = LinkRequest {
                asset: ps.into(),
                product: "p1".into(),
                role,
                position: i as u32,
                from_suggestion: false,
            };
            link(cache, &rules(), &request).unwrap();
        }
    }

    fn places(cache: &Cache) -> Vec<(String, String, i64, String)> {
        cache
            .with_conn(|c| {
                let mut stmt = c.prepare(
                    "SELECT a.ps_id, l.role, l.position, l.state FROM links l
                     JOIN assets a ON a.id = l.asset_id ORDER BY l.position",
                )?;
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .unwrap()
    }

    #[test]
    fn moving_an_image_first_makes_it_the_hero_and_queues_the_moves_in_order() {
        let cache = Cache::open_in_memory().unwrap();
        product_with_three(&cache);
        let order = ["I3".to_string(), "I1".into(), "I2".into()];

        let reordered = reorder(&cache, &rules(), "p1", &order).unwrap();

        assert_eq!(reordered.moved, 3);
        let got: Vec<(String, String, i64)> = places(&cache)
            .into_iter()
            .map(|(a, r, p, _)| (a, r, p))
            .collect();
        assert_eq!(
            got,
            [
                ("I3".into(), "hero".into(), 0),
                ("I1".into(), "gallery".into(), 1),
                ("I2".into(), "gallery".into(), 2),
            ]
        );
        let jobs = cache.with_conn(|c| list(c, &JobFilter::default())).unwrap();
        let moves: Vec<&crate::transfer::Job> = jobs
            .iter()
            .filter(|j| reordered.jobs.contains(&j.id))
            .filter(|j| matches!(&j.payload, Payload::Relate(r) if r.reorder))
            .collect();
        let summaries: Vec<&str> = moves.iter().map(|j| j.summary.as_str()).collect();
        assert_eq!(
            summaries,
            [
                "Move I3.jpg to place 1 on MH02-S-Black as hero image",
                "Move I1.jpg to place 2 on MH02-S-Black as gallery image",
                "Move I2.jpg to place 3 on MH02-S-Black as gallery image",
            ]
        );
        assert!(
            moves[1].depends_on.contains(&moves[0].id),
            "one after the other"
        );
        assert_eq!(reordered.jobs.len(), 6, "a move and a confirmation each");
    }

    #[test]
    fn the_same_order_again_queues_nothing() {
        let cache = Cache::open_in_memory().unwrap();
        product_with_three(&cache);
        let order = ["I1".to_string(), "I2".into(), "I3".into()];

        let reordered = reorder(&cache, &rules(), "p1", &order).unwrap();

        assert_eq!(
            reordered,
            Reordered {
                moved: 0,
                jobs: Vec::new()
            }
        );
    }

    #[test]
    fn an_order_that_is_not_the_products_images_is_refused() {
        let cache = Cache::open_in_memory().unwrap();
        product_with_three(&cache);
        let order = ["I1".to_string(), "I2".into()];

        let err = reorder(&cache, &rules(), "p1", &order).unwrap_err();

        assert!(err.to_string().contains("MH02-S-Black"), "{err}");
        assert_eq!(places(&cache)[0].0, "I1", "nothing moved");
    }
}

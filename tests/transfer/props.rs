//! Random sequences of linking, approving, rights and approval changes (as a sync would
//! store them), crashes mid-attempt, "retry all failed" and worker runs: no blocked image is
//! ever linked, and the worker never carries a blocked image anywhere — no upload of it, no
//! keyword tag on it, no product given it — however the operations interleave.

use crate::support::{Rig, catalog, fast_worker};
use proptest::prelude::*;
use shelflink::linking::{self, LinkError, LinkRequest};
use shelflink::model::Role;
use shelflink::transfer::{RetryScope, status};
use std::collections::{BTreeMap, BTreeSet};

const FILES: [&str; 4] = [
    "pp_main.jpg",
    "pp_main_v2.jpg",
    "pp_back.jpg",
    "pp_side.jpg",
];
const SKUS: [&str; 2] = ["PP-100", "PP-200"];

#[derive(Debug, Clone)]
enum Op {
    Link {
        asset: usize,
        product: usize,
        hero: bool,
    },
    Unlink {
        asset: usize,
        product: usize,
    },
    Approve(usize),
    /// Someone withdrew the approval (a sync stores it).
    Unapprove(usize),
    /// The licence ended yesterday's year (a sync stores it).
    Expire(usize),
    Renew(usize),
    /// A worker claimed the oldest waiting job and died before finishing it.
    Crash,
    RetryFailed,
    Run,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..FILES.len(), 0..SKUS.len(), any::<bool>())
            .prop_map(|(asset, product, hero)| Op::Link { asset, product, hero }),
        1 => (0..FILES.len(), 0..SKUS.len()).prop_map(|(asset, product)| Op::Unlink { asset, product }),
        1 => (0..FILES.len()).prop_map(Op::Approve),
        2 => (0..FILES.len()).prop_map(Op::Unapprove),
        2 => (0..FILES.len()).prop_map(Op::Expire),
        1 => (0..FILES.len()).prop_map(Op::Renew),
        1 => Just(Op::Crash),
        1 => Just(Op::RetryFailed),
        2 => Just(Op::Run),
    ]
}

/// What the cache says of each image, kept alongside.
#[derive(Default)]
struct Model {
    unapproved: BTreeSet<usize>,
    expired: BTreeSet<usize>,
}

impl Model {
    fn blocked(&self, asset: usize) -> bool {
        self.unapproved.contains(&asset) || self.expired.contains(&asset)
    }
}

/// What the write log showed so far: the files uploaded (file id → image) and, per object,
/// the list it last held (keywords per image, back-links per product).
#[derive(Default)]
struct Seen {
    seq: u64,
    file_image: BTreeMap<String, String>,
    lists: BTreeMap<String, BTreeSet<String>>,
}

fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.extend(s.split(',').map(|p| p.trim().to_owned())),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Checks the writes since the last look against what was blocked during the run.
fn check_run(rig: &Rig, seen: &mut Seen, blocked: &BTreeSet<String>) -> Result<(), TestCaseError> {
    let writes = rig.writes();
    for w in writes.iter().filter(|w| w.seq > seen.seq) {
        if w.method == "POST" && w.path.ends_with("/file/upload") {
            let mut ps = Vec::new();
            strings(&w.fields["fields"]["photoshelter_id"], &mut ps);
            for image in &ps {
                prop_assert!(
                    !blocked.contains(image),
                    "uploaded blocked image {image}: {w:?}"
                );
            }
            if let (Some(file), Some(image)) = (w.object_ids.first(), ps.first()) {
                seen.file_image.insert(file.clone(), image.clone());
            }
        }
        if w.path.ends_with("/iptc/update") {
            let image = w.object_ids.first().cloned().unwrap_or_default();
            let mut now = Vec::new();
            strings(&w.fields["keyword"], &mut now);
            let now: BTreeSet<String> = now.into_iter().collect();
            let before = seen
                .lists
                .insert(format!("kw:{image}"), now.clone())
                .unwrap_or_default();
            let tagged = now.difference(&before).any(|k| SKUS.contains(&k.as_str()));
            prop_assert!(
                !(tagged && blocked.contains(&image)),
                "tagged blocked image {image}: {w:?}"
            );
        }
        if w.method == "PATCH" && w.fields["module"] == "product" {
            for item in w.fields["items"].as_array().into_iter().flatten() {
                let product = item["id"].as_str().unwrap_or("?");
                let mut given = Vec::new();
                if let Some(ids) = item["fields"].get("photoshelter_ids") {
                    strings(ids, &mut given);
                }
                if let Some(files) = item["fields"].get("images") {
                    let mut ids = Vec::new();
                    strings(files, &mut ids);
                    given.extend(ids.iter().filter_map(|f| seen.file_image.get(f).cloned()));
                }
                let now: BTreeSet<String> = given.into_iter().filter(|s| !s.is_empty()).collect();
                let key = format!("product:{product}");
                let before = seen.lists.get(&key).cloned().unwrap_or_default();
                for image in now.difference(&before) {
                    prop_assert!(
                        !blocked.contains(image),
                        "product {product} given blocked image {image}: {w:?}"
                    );
                }
                seen.lists.insert(key, now);
            }
        }
    }
    seen.seq = writes.last().map_or(seen.seq, |w| w.seq);
    Ok(())
}

async fn play(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let rig = Rig::start(catalog(&SKUS, &FILES), Vec::new()).await;
    rig.workspace
        .cache()
        .with_conn(|c| {
            c.execute_batch(&format!(
                "INSERT INTO version_groups (key, origin, current_asset_id, updated_at)
                 VALUES ('pp||main', 'rule', (SELECT id FROM assets WHERE file_name = '{0}'), 'x');
                 INSERT INTO version_members (group_id, asset_id, version_no)
                 SELECT 1, id, 1 FROM assets WHERE file_name = '{0}';
                 INSERT INTO version_members (group_id, asset_id, version_no)
                 SELECT 1, id, 2 FROM assets WHERE file_name = '{1}';
                 UPDATE assets SET approval = 'open' WHERE file_name = '{1}';",
                FILES[0], FILES[1]
            ))
        })
        .unwrap();
    let mut model = Model::default();
    model.unapproved.insert(1);
    let mut seen = Seen::default();
    let ps: Vec<String> = FILES.iter().map(|f| rig.ps_id(f)).collect();
    let set_approval = |file: &str, approval: &str| {
        rig.workspace
            .cache()
            .with_conn(|c| {
                c.execute(
                    "UPDATE assets SET approval = ?2 WHERE file_name = ?1",
                    [file, approval],
                )
            })
            .unwrap();
    };
    for op in ops.into_iter().chain([Op::Run]) {
        match op {
            Op::Link {
                asset,
                product,
                hero,
            } => {
                let role = if hero { Role::Hero } else { Role::Gallery };
                let result = linking::link(
                    rig.workspace.cache(),
                    &rig.rules,
                    &LinkRequest {
                        asset: ps[asset].clone(),
                        product: rig.ap_id(SKUS[product]),
                        role,
                        position: 0,
                        from_suggestion: false,
                    },
                );
                let refused = matches!(result, Err(LinkError::Refused(_)));
                prop_assert_eq!(
                    refused,
                    model.blocked(asset),
                    "link {} → {}: {:?}",
                    FILES[asset],
                    SKUS[product],
                    result.err()
                );
            }
            Op::Unlink { asset, product } => {
                let _ = linking::unlink(
                    rig.workspace.cache(),
                    &rig.rules,
                    &rig.ap_id(SKUS[product]),
                    &ps[asset],
                );
            }
            Op::Approve(asset) => {
                linking::approve(rig.workspace.cache(), &rig.rules, &ps[asset]).unwrap();
                model.unapproved.remove(&asset);
            }
            Op::Unapprove(asset) => {
                set_approval(FILES[asset], "open");
                model.unapproved.insert(asset);
            }
            Op::Expire(asset) => {
                rig.set_licence_end(FILES[asset], "2021-06-30");
                model.expired.insert(asset);
            }
            Op::Renew(asset) => {
                rig.set_licence_end(FILES[asset], "2099-12-31");
                model.expired.remove(&asset);
            }
            Op::Crash => {
                rig.workspace
                    .cache()
                    .with_conn(|c| {
                        c.execute(
                            "UPDATE jobs SET state = 'running', attempts = attempts + 1
                             WHERE id = (SELECT min(id) FROM jobs WHERE state = 'queued')",
                            [],
                        )
                    })
                    .unwrap();
            }
            Op::RetryFailed => {
                rig.workspace
                    .cache()
                    .with_conn(|c| status::retry(c, RetryScope::AllFailed, chrono::Utc::now()))
                    .unwrap();
            }
            Op::Run => {
                let blocked: BTreeSet<String> = (0..FILES.len())
                    .filter(|a| model.blocked(*a))
                    .map(|a| ps[a].clone())
                    .collect();
                rig.run_with(fast_worker()).await;
                check_run(&rig, &mut seen, &blocked)?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_operations_links_or_carries_a_blocked_image(ops in prop::collection::vec(op(), 1..14)) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(play(ops))?;
    }
}

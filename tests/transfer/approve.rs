//! Approving a new version against the simulator: every product that showed the old version
//! points at the new one, in the same place with the same role, and each owner gets one task.

use crate::support::{Rig, catalog, notices, uploads_by_image};
use shelflink::linking;
use shelflink::model::Role;
use std::collections::BTreeMap;

const V1: &str = "ts200_main.jpg";
const V2: &str = "ts200_main_v2.jpg";
const BACK: &str = "ts200_back.jpg";

#[tokio::test]
async fn approving_a_new_version_swaps_it_in_everywhere_and_tells_each_owner_once() {
    let skus = ["TS-200", "TS-201", "TS-202", "TS-203"];
    let rig = Rig::start(catalog(&skus, &[V1, V2, BACK]), Vec::new()).await;
    rig.workspace
        .cache()
        .with_conn(|c| {
            c.execute_batch(&format!(
                "INSERT INTO version_groups (key, origin, current_asset_id, updated_at)
                 VALUES ('ts200||main', 'rule', (SELECT id FROM assets WHERE file_name = '{V1}'), 'x');
                 INSERT INTO version_members (group_id, asset_id, version_no)
                 SELECT 1, id, 1 FROM assets WHERE file_name = '{V1}';
                 INSERT INTO version_members (group_id, asset_id, version_no)
                 SELECT 1, id, 2 FROM assets WHERE file_name = '{V2}';
                 UPDATE assets SET approval = 'open' WHERE file_name = '{V2}';"
            ))
        })
        .unwrap();
    rig.link(BACK, "TS-201", Role::Gallery, 0);
    rig.link(BACK, "TS-202", Role::Gallery, 0);
    let placed = [
        ("TS-200", Role::Hero, 0),
        ("TS-201", Role::Detail, 1),
        ("TS-202", Role::Hero, 0),
        ("TS-203", Role::Swatch, 0),
    ];
    for (sku, role, position) in placed {
        rig.link(V1, sku, role, position);
    }
    rig.run().await;
    let f_v1 = rig.file_of(V1).await.unwrap();
    let before: BTreeMap<&str, (usize, String)> = {
        let mut out = BTreeMap::new();
        for sku in skus {
            let p = rig.product(sku).await;
            let i = p.position_of(&f_v1).unwrap();
            out.insert(sku, (i, p.roles[i].clone()));
        }
        out
    };
    rig.sim.writes.clear();

    let approved = linking::approve(rig.workspace.cache(), &rig.rules, &rig.ps_id(V2)).unwrap();
    assert_eq!(approved.replaced.len(), 4);
    assert_eq!(approved.notified_owners, 3, "anna owns two of the products");
    rig.run().await;

    let f_v2 = rig.file_of(V2).await.unwrap();
    for sku in skus {
        let p = rig.product(sku).await;
        let (i, role) = &before[sku];
        assert_eq!(
            p.files[*i], f_v2,
            "{sku} shows the new version in the old place"
        );
        assert_eq!(&p.roles[*i], role, "{sku} keeps the role");
        assert!(
            p.position_of(&f_v1).is_none(),
            "{sku} no longer shows the old version"
        );
        assert_eq!(p.ps_ids[*i], rig.ps_id(V2), "{sku}'s back-link follows");
        if role == "hero" {
            assert_eq!(p.main.as_deref(), Some(f_v2.as_str()), "{sku}'s main image");
        }
    }
    let writes = rig.writes();
    assert_eq!(uploads_by_image(&writes)[&rig.ps_id(V2)], 1);
    let owner_ids: Vec<String> = rig
        .workspace
        .cache()
        .with_conn(|c| {
            let mut stmt = c.prepare(
                "SELECT DISTINCT owner FROM products WHERE owner IS NOT NULL ORDER BY owner",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect()
        })
        .unwrap();
    let told = notices(&writes);
    assert_eq!(told.keys().cloned().collect::<Vec<_>>(), owner_ids);
    assert!(
        told.values().all(|n| *n == 1),
        "one task per owner: {told:?}"
    );
    let states: Vec<String> = rig
        .workspace
        .cache()
        .with_conn(|c| {
            let mut stmt = c.prepare(
                "SELECT l.state FROM links l JOIN assets a ON a.id = l.asset_id WHERE a.file_name = ?1",
            )?;
            stmt.query_map([V2], |r| r.get(0))?.collect()
        })
        .unwrap();
    assert_eq!(states, ["confirmed"; 4]);
    let activity: i64 = rig
        .workspace
        .cache()
        .with_conn(|c| {
            c.query_row(
                "SELECT count(*) FROM activity WHERE kind = 'owner_notified'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(activity, 3);
}

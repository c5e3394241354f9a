//! Contract: the collection/gallery tree with `fields` and `extend`, field by field against
//! the document's example shapes (§4.1, §4.3, §4.4, §5.2, §5.4).

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn assert_node(record: &Value, id_key: &str, prefix: char) {
    assert_eq!(
        keys(record),
        [
            id_key,
            "access_inherit",
            "created_at",
            "description",
            "display_order",
            "effective_mode",
            "f_list",
            "modified_at",
            "mode",
            "name"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .tap_sort()
    );
    assert_id(prefix, &record[id_key]);
    assert!(record["name"].is_string() && record["description"].is_string());
    assert_flag(&record["f_list"]);
    assert_flag(&record["access_inherit"]);
    assert!(assert_num_str(&record["display_order"]) >= 1);
    for mode in ["mode", "effective_mode"] {
        assert!(
            ["private", "permission", "everyone"].contains(&record[mode].as_str().unwrap()),
            "{record}"
        );
    }
    assert!(assert_ts(&record["created_at"]) <= assert_ts(&record["modified_at"]));
}

trait TapSort {
    fn tap_sort(self) -> Self;
}

impl TapSort for Vec<String> {
    fn tap_sort(mut self) -> Self {
        self.sort();
        self
    }
}

#[tokio::test]
async fn children_of_root_match_the_documented_shape() {
    let mut ps = start().await;
    ps.login().await;
    let data = ps.data("/mem/collection/root/children", &[]).await;
    assert_eq!(keys(&data), ["Children"]);
    assert_eq!(keys(&data["Children"]), ["Collection", "Gallery"]);
    let collections = data["Children"]["Collection"].as_array().unwrap();
    assert_eq!(collections.len(), 2);
    for c in collections {
        assert_node(c, "collection_id", 'C');
    }
    let gallery = &data["Children"]["Gallery"][0];
    assert_node(gallery, "gallery_id", 'G');
    assert_eq!(gallery["name"], "Press");
    assert_eq!(gallery["display_order"], "3", "after the two collections");
    assert_eq!(
        (
            &gallery["mode"],
            &gallery["effective_mode"],
            &gallery["access_inherit"]
        ),
        (&json!("everyone"), &json!("everyone"), &json!("t"))
    );
}

#[tokio::test]
async fn a_collection_extends_key_image_link_visibility_and_children() {
    let mut ps = start().await;
    ps.login().await;
    let root = ps
        .data(
            "/mem/collection/root/children",
            &[("fields", "collection_id,name")],
        )
        .await;
    let men = root["Children"]["Collection"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Men")
        .unwrap()["collection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let extend = json!({
        "KeyImage": {"fields": "image_id", "params": {}},
        "ImageLink": {"fields": "link", "params": {"image_size": "300x300", "f_https_link": "t"}},
        "Visibility": {"fields": "mode", "params": {}},
        "Children": {"Gallery": {"fields": "gallery_id", "params": {}}, "Collection": {"fields": "collection_id", "params": {}}}
    })
    .to_string();
    let data = ps
        .data(
            &format!("/mem/collection/{men}"),
            &[
                (
                    "fields",
                    "collection_id,name,description,effective_mode,modified_at",
                ),
                ("extend", &extend),
            ],
        )
        .await;
    let c = &data["Collection"];
    assert_eq!(
        keys(c),
        [
            "Children",
            "KeyImage",
            "Visibility",
            "collection_id",
            "description",
            "effective_mode",
            "modified_at",
            "name"
        ]
    );
    assert_eq!(c["collection_id"], men);
    assert_eq!(c["Visibility"], json!({"mode": "everyone"}));
    assert_eq!(c["KeyImage"]["image_id"], ps.image_id("MH02_front_v1.jpg"));
    let link = c["KeyImage"]["ImageLink"]["link"].as_str().unwrap();
    assert!(
        link.starts_with(&format!(
            "{}/img-get2/{}/sec=",
            ps.base,
            ps.image_id("MH02_front_v1.jpg")
        )),
        "{link}"
    );
    assert!(link.ends_with("/fit=300x300/MH02_front_v1.jpg"), "{link}");
    let tops = &c["Children"]["Collection"];
    assert_eq!(tops.as_array().unwrap().len(), 1);
    assert_eq!(keys(&tops[0]), ["collection_id"]);
    assert_eq!(c["Children"]["Gallery"], json!([]));
}

#[tokio::test]
async fn galleries_list_query_by_parent_and_name_their_parents() {
    let mut ps = start().await;
    ps.login().await;
    let all = ps.data("/mem/gallery", &[]).await;
    let names: Vec<_> = all["Gallery"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Hoodies & Sweatshirts", "Bags", "Press"]);
    let bags = ps.gallery_id("Bags").await;
    let parents = ps
        .data(
            &format!("/mem/gallery/{bags}/parents"),
            &[("extend", r#"{"Collection":{"fields":"name"}}"#)],
        )
        .await;
    let gear = parents["Parents"][0]["collection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        parents["Parents"],
        json!([{"collection_id": gear, "Collection": {"name": "Gear"}}])
    );
    let in_gear = ps
        .data(
            "/mem/gallery/query",
            &[("parent", &gear), ("fields", "gallery_id,name")],
        )
        .await;
    assert_eq!(
        in_gear["Gallery"],
        json!([{"gallery_id": bags, "name": "Bags"}])
    );
    let one = ps.data(&format!("/mem/gallery/{bags}"), &[]).await;
    assert_node(&one["Gallery"], "gallery_id", 'G');
    let collections = ps.data("/mem/collection", &[("fields", "name")]).await;
    assert_eq!(
        collections["Collection"],
        json!([{"name": ORG_NAME}, {"name": "Men"}, {"name": "Tops"}, {"name": "Gear"}])
    );
    let (status, body) = ps.get("/mem/gallery/G0000doesNotExst", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NotFoundErr");
}

#[tokio::test]
async fn gallery_images_nest_iptc_inside_image_and_link_beside_it() {
    let mut ps = start().await;
    ps.login().await;
    let hoodies = ps.gallery_id("Hoodies & Sweatshirts").await;
    let extend = r#"{"Image":{"fields":"image_id,file_name,updated_at","params":{}},"ImageLink":{"fields":"link,auth_link","params":{"image_size":"x700","f_https_link":"t"}},"Iptc":{"fields":"keyword,credit,caption","params":{}}}"#;
    let data = ps
        .data(
            &format!("/mem/gallery/{hoodies}/images"),
            &[
                ("fields", "image_id,f_visible"),
                ("per_page", "750"),
                ("page", "1"),
                ("extend", extend),
            ],
        )
        .await;
    let rows = data["GalleryImage"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let first = &rows[0];
    assert_eq!(keys(first), ["Image", "ImageLink", "f_visible", "image_id"]);
    assert_eq!(first["f_visible"], "t");
    assert_eq!(
        keys(&first["Image"]),
        ["Iptc", "file_name", "image_id", "updated_at"]
    );
    assert_eq!(
        first["Image"]["Iptc"],
        json!({"keyword": "MH02,hoodie", "credit": "", "caption": "Teton Pullover Hoodie, front"})
    );
    assert_eq!(keys(&first["ImageLink"]), ["auth_link", "link"]);
    assert!(
        first["ImageLink"]["link"]
            .as_str()
            .unwrap()
            .contains("/fit=525x700/")
    );
    assert_eq!(
        data["Paging"],
        json!({"page": 1, "per_page": 750, "total": 3, "pages": 1})
    );
    let sorted = ps
        .data(
            &format!("/mem/gallery/{hoodies}/images"),
            &[
                ("fields", "image_id"),
                ("sort_by", "file_name"),
                ("extend", r#"{"Image":{"fields":"file_name"}}"#),
            ],
        )
        .await;
    let names: Vec<_> = sorted["GalleryImage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Image"]["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["MH02_back_v1.jpg", "MH02_front_v1.jpg", "MH02_front_v2.jpg"]
    );
}

#[tokio::test]
async fn public_reads_need_only_the_api_key_and_nest_like_member_reads() {
    let ps = start().await;
    let hoodies = ps.sim.image_id("MH02_front_v1.jpg").unwrap();
    let data = ps
        .data(
            &format!("/image/{hoodies}"),
            &[("fields", "image_id,file_name")],
        )
        .await;
    assert_eq!(
        data["Image"],
        json!({"image_id": hoodies, "file_name": "MH02_front_v1.jpg"})
    );
    let root = ps
        .data(
            "/collection/root/children",
            &[
                ("fields", "gallery_id,name"),
                ("extend", r#"{"KeyImage":{"fields":"image_id"}}"#),
            ],
        )
        .await;
    let press = &root["Children"]["Gallery"][0];
    assert_eq!(press["name"], "Press");
    assert_eq!(
        press["KeyImage"]["image_id"],
        ps.sim.image_id("press-kit-cover.jpg").unwrap()
    );
    let gallery_id = press["gallery_id"].as_str().unwrap().to_owned();
    let extend = r#"{"GalleryImage":{"fields":"image_id"},"ImageLink":{"fields":"link"},"Image":{"fields":"file_name"},"Iptc":{"fields":"keyword"}}"#;
    let data = ps
        .data(
            &format!("/gallery/{gallery_id}"),
            &[("fields", "gallery_id,name"), ("extend", extend)],
        )
        .await;
    let g = &data["Gallery"];
    assert_eq!(g["name"], "Press");
    let row = &g["GalleryImage"][0];
    assert_eq!(keys(row), ["Image", "ImageLink", "image_id"]);
    assert_eq!(
        row["Image"],
        json!({"file_name": "press-kit-cover.jpg", "Iptc": {"keyword": ""}})
    );
    let page = ps
        .data(
            &format!("/gallery/{gallery_id}/images"),
            &[("per_page", "1")],
        )
        .await;
    assert_eq!(page["Paging"]["total"], 1);
}

#[tokio::test]
async fn private_galleries_are_hidden_from_public_reads() {
    let mut ps = start().await;
    ps.login().await;
    let (_, made) = ps
        .post(
            "/mem/gallery/insert",
            &[("name", "Embargoed"), ("mode", "private")],
        )
        .await;
    let gallery = made["data"]["Gallery"]["gallery_id"]
        .as_str()
        .unwrap()
        .to_owned();
    ps.token = None;
    let (status, body) = ps.get(&format!("/gallery/{gallery}"), &[]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "PermissionErr");
    let root = ps
        .data("/collection/root/children", &[("fields", "name")])
        .await;
    assert!(
        !root["Children"]["Gallery"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "Embargoed")
    );
}

#[tokio::test]
async fn bad_extend_and_paging_parameters_are_param_errors() {
    let mut ps = start().await;
    ps.login().await;
    let hoodies = ps.gallery_id("Hoodies & Sweatshirts").await;
    for (key, value) in [
        ("extend", "{broken"),
        ("extend", r#"{"Imagee":{}}"#),
        ("per_page", "1001"),
        ("page", "0"),
    ] {
        let (status, body) = ps
            .get(&format!("/mem/gallery/{hoodies}/images"), &[(key, value)])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{key}={value}");
        assert_error(&body, "ParamErr");
    }
}

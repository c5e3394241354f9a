//! 4ALLPORTAL objects contract: the §3.3 object of a seeded product, the A2 list example, the
//! A4 upsert example with dimensions, and the module metadata of §3.5.

mod allportal_support;

use allportal_support::*;
use serde_json::{Value, json};

const CHAIR: &str = "3f0c9a52-6d4e-4c1e-9a57-2b8f3c1d7e10";

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn the_a2_list_example_has_the_documented_shape_field_by_field() {
    let sim = start(catalog()).await;
    let web = json!({"channel": "web", "locale": "de_DE"});
    sim.upsert(
        "product",
        json!([
            {"id": CHAIR, "article_number": [{"value": "A-1000"}], "name": [{"value": "Stuhl", "dimensions": web}]},
            {"article_number": [{"value": "A-1001"}], "name": [{"value": "Tisch", "dimensions": web}]}
        ]),
    )
    .await;
    let query = "query=article_number%20STARTS%20'A-10'&sort=article_number:asc";
    let body = sim
        .get_json(&format!(
            "/api/modules/product/objects?fields=id&fields=article_number&fields=name&offset=0&limit=25&totalCount=true&{query}"
        ))
        .await;
    assert_eq!(keys(&body), ["result", "total_count"]);
    assert_eq!(body["total_count"], 2, "total_count is a JSON number");
    let result = body["result"].as_array().unwrap();
    assert_eq!(result.len(), 2);
    for (object, (sku, name)) in result
        .iter()
        .zip([("A-1000", "Stuhl"), ("A-1001", "Tisch")])
    {
        assert_eq!(
            keys(object),
            [
                "article_number",
                "id",
                "mod_time",
                "mod_time_img",
                "module",
                "name",
                "type"
            ]
        );
        assert_eq!(object["id"].as_str().unwrap().len(), 36);
        assert_eq!(object["module"], "product");
        assert_eq!(object["type"], "default");
        assert_rfc3339(&object["mod_time"]);
        assert_eq!(object["mod_time_img"].as_array().unwrap().len(), 1);
        assert_eq!(keys(&object["mod_time_img"][0]), ["value"]);
        assert_rfc3339(&object["mod_time_img"][0]["value"]);
        assert_eq!(object["article_number"], json!([{"value": sku}]));
        assert_eq!(object["name"], json!([{"value": name, "dimensions": web}]));
    }
    assert_eq!(result[0]["id"], CHAIR);
    let without = sim
        .get_json(&format!(
            "/api/modules/product/objects?fields=article_number&{query}"
        ))
        .await;
    assert!(
        without.get("total_count").is_none(),
        "total_count only when asked for"
    );
    let commas = sim
        .get_json(&format!(
            "/api/modules/product/objects?fields=id,article_number,name&{query}"
        ))
        .await;
    assert_eq!(
        keys(&commas["result"][0]),
        keys(&result[0]),
        "fields=a,b is accepted too"
    );
}

#[tokio::test]
async fn the_a4_upsert_example_creates_and_updates_returning_ids_in_order_and_merges_dimensions() {
    let sim = start(catalog()).await;
    let web = json!({"channel": "web", "locale": "de_DE"});
    sim.upsert("product", json!([{"id": CHAIR, "article_number": [{"value": "A-1000"}], "name": [{"value": "Stuhl", "dimensions": web}]}])).await;
    let before = sim.object("product", CHAIR).await;
    let ids = sim
        .upsert(
            "product",
            json!([
                {"article_number": [{"value": "A-1002"}]},
                {"id": CHAIR, "name": [
                    {"value": "Stuhl ERP", "dimensions": {"channel": "erp", "locale": "de_DE"}},
                    {"value": "Stuhl eBay", "dimensions": {"channel": "ebay", "locale": "de_DE"}}
                ]}
            ]),
        )
        .await;
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[1], CHAIR);
    assert!(
        uuid::Uuid::try_parse(&ids[0]).is_ok() && ids[0] != CHAIR,
        "{}",
        ids[0]
    );
    let created = sim.object("product", &ids[0]).await;
    assert_eq!(value(&created, "article_number"), "A-1002");
    assert_eq!(
        value(&created, "status"),
        "draft",
        "new products start as draft"
    );
    let chair = sim.object("product", CHAIR).await;
    assert_eq!(
        value(&chair, "article_number"),
        "A-1000",
        "fields not sent stay"
    );
    let names: Vec<(&str, &str)> = chair["name"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["dimensions"]["channel"].as_str().unwrap(),
                e["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("ebay", "Stuhl eBay"),
            ("erp", "Stuhl ERP"),
            ("web", "Stuhl")
        ]
    );
    assert!(
        chair["mod_time"].as_str() > before["mod_time"].as_str(),
        "mod_time moves on"
    );

    sim.upsert(
        "product",
        json!([{"id": CHAIR, "name": [{"value": null, "dimensions": web}, {"value": "Chair"}]}]),
    )
    .await;
    let chair = sim.object("product", CHAIR).await;
    assert_eq!(
        chair["name"].as_array().unwrap().len(),
        3,
        "null cleared the web entry, one undimensioned added"
    );
    assert_eq!(
        chair["name"][0],
        json!({"value": "Chair"}),
        "an undimensioned entry has no dimensions key"
    );
}

#[tokio::test]
async fn an_object_carries_every_field_as_value_lists_with_strings_and_has_child_on_trees() {
    let sim = start(catalog()).await;
    let parent_id = sim.sim.product_id("MH02").unwrap();
    let parent = sim.object("product", &parent_id).await;
    let mut expected = vec![
        "article_number",
        "campaigns",
        "categories",
        "color",
        "description",
        "has_child",
        "id",
        "image_roles",
        "images",
        "main_image",
        "mod_time",
        "mod_time_img",
        "module",
        "name",
        "owner",
        "photoshelter_ids",
        "photoshelter_urls",
        "pid",
        "size",
        "status",
        "type",
    ];
    expected.sort_unstable();
    assert_eq!(keys(&parent), expected);
    assert_eq!(
        parent["has_child"],
        json!([{"value": true}]),
        "has_child is a boolean"
    );
    assert_eq!(
        parent["images"],
        json!([]),
        "products start with no images linked"
    );
    assert_eq!(
        parent["campaigns"],
        json!([{"value": ["Collections/Eco Friendly", "Collections/Performance Fabrics"]}])
    );
    let anna = sim
        .object("user", value(&parent, "owner").as_str().unwrap())
        .await;
    assert_eq!(
        value(&anna, "email"),
        "anna.berg@shelflink-demo.example",
        "owners come from the catalog"
    );
    assert_eq!(value(&anna, "display_name"), "Anna Berg (Product Manager)");
    let variant = sim
        .object("product", &sim.sim.product_id("MH02-XS-Red").unwrap())
        .await;
    assert_eq!(variant["has_child"], json!([{"value": false}]));
    assert_eq!(value(&variant, "pid"), parent_id.as_str());
    assert_eq!(value(&variant, "color"), "Red");
    assert_eq!(value(&variant, "size"), "XS");
    let owner = sim
        .object("user", value(&variant, "owner").as_str().unwrap())
        .await;
    assert_eq!(value(&owner, "username"), "ben.okafor");
    assert_eq!(value(&owner, "display_name"), "Ben Okafor");
    let leaf = sim
        .object(
            "category",
            variant["categories"][0]["value"][0].as_str().unwrap(),
        )
        .await;
    assert_eq!(value(&leaf, "path"), "Men/Tops/Hoodies & Sweatshirts");
    assert_eq!(value(&leaf, "name"), "Hoodies & Sweatshirts");
    let tops = sim
        .object("category", value(&leaf, "pid").as_str().unwrap())
        .await;
    assert_eq!(value(&tops, "path"), "Men/Tops");
    assert_eq!(tops["has_child"], json!([{"value": true}]));
    let again = start(catalog()).await;
    assert_eq!(
        again.sim.product_id("MH02").unwrap(),
        parent_id,
        "seeding is deterministic"
    );
    assert_eq!(
        again.object("product", &parent_id).await["mod_time"],
        parent["mod_time"]
    );
}

#[tokio::test]
async fn module_metadata_has_the_documented_shape_and_the_decided_fields() {
    let sim = start(catalog()).await;
    let meta = sim.get_json("/api/modules/product?groups=fields").await;
    assert_eq!(
        keys(&meta),
        [
            "create",
            "fields",
            "info",
            "label",
            "labelSingular",
            "menuEntry",
            "name",
            "objectImage",
            "onlyFriendlyname"
        ]
    );
    assert_eq!(
        (
            meta["name"].as_str(),
            meta["label"].as_str(),
            meta["labelSingular"].as_str()
        ),
        (Some("product"), Some("Products"), Some("Product"))
    );
    assert_eq!(
        (
            meta["create"].as_bool(),
            meta["onlyFriendlyname"].as_bool(),
            meta["objectImage"].as_bool()
        ),
        (Some(true), Some(false), Some(true))
    );
    let field = |name: &str| {
        meta["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .cloned()
            .unwrap()
    };
    let name = field("name");
    assert_eq!(
        keys(&name),
        [
            "audit",
            "defaultValue",
            "dimensions",
            "info",
            "label",
            "length",
            "metric",
            "modules",
            "name",
            "precision",
            "scale",
            "type",
            "valueOptionKey"
        ]
    );
    assert_eq!(name["type"], "CEVarchar");
    assert_eq!(name["length"], 450);
    assert_eq!(name["label"], "Name");
    assert_eq!(name["dimensions"], json!(["channel", "locale"]));
    assert_eq!(field("images")["type"], "CEIdList");
    assert_eq!(field("images")["modules"], json!(["file"]));
    assert_eq!(field("main_image")["type"], "CEId");
    assert_eq!(field("status")["valueOptionKey"], "product_status");
    assert_eq!(field("status")["defaultValue"], "draft");
    assert_eq!(field("description")["dimensions"], json!(["locale"]));
    let names = |meta: &Value| -> Vec<String> {
        meta["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let expected: [(&str, &[&str]); 6] = [
        (
            "product",
            &[
                "article_number",
                "name",
                "description",
                "categories",
                "campaigns",
                "color",
                "size",
                "status",
                "owner",
                "pid",
                "images",
                "main_image",
                "image_roles",
                "photoshelter_ids",
                "photoshelter_urls",
            ],
        ),
        ("category", &["name", "path", "pid"]),
        ("user", &["username", "email", "display_name"]),
        (
            "file",
            &[
                "name",
                "parent_path",
                "mime_type",
                "size",
                "width",
                "height",
                "extension",
                "checksum_md5",
                "version_no",
                "photoshelter_id",
                "license_type",
                "license_holder",
                "copyright",
                "license_valid_until",
                "usage_restrictions",
                "channels",
                "approval_status",
                "rights_flag",
                "rights_note",
                "license_expired",
                "linked_products",
            ],
        ),
        (
            "task",
            &[
                "name",
                "description",
                "assigned_users",
                "due_date",
                "status",
                "related_object",
                "created_by",
            ],
        ),
        ("folder", &["name", "pid", "path", "is_upload_folder"]),
    ];
    for (module, fields) in expected {
        let meta = sim
            .get_json(&format!("/api/modules/{module}?groups=fields"))
            .await;
        assert_eq!(names(&meta), fields, "{module}");
    }
    let bare = sim.get_json("/api/modules/product").await;
    assert!(
        bare.get("fields").is_none(),
        "fields only with groups=fields"
    );
}

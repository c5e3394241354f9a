//! 4ALLPORTAL objects contract: the §3.3 object, the A2 list example, the A4 upsert example,
//! dimensions, atomic batches, references, deletes, module metadata (§3.5), seeding, and one
//! write-log record per accepted write.

mod allportal_support;

use allportal_support::*;
use reqwest::Method;
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
        json!([{"value": ["Collections/Eco Friendly"]}])
    );
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

#[tokio::test]
async fn bad_field_names_queries_sorts_and_limits_get_400() {
    let sim = start(catalog()).await;
    for (path, wanted) in [
        (
            "/api/modules/product/objects?fields=Name",
            "invalid field name `Name`",
        ),
        (
            "/api/modules/product/objects?fields=colour",
            "unknown field `colour`",
        ),
        (
            "/api/modules/product/objects?query=colour%20%3D%20'red'",
            "unknown field `colour`",
        ),
        (
            "/api/modules/product/objects?query=name%20%3D%20red",
            "expected a 'quoted value'",
        ),
        (
            "/api/modules/product/objects?sort=name:upwards",
            "direction must be asc or desc",
        ),
        (
            "/api/modules/product/objects?limit=501",
            "above the maximum of 500",
        ),
        (
            "/api/modules/product/objects?offset=-1",
            "`offset` must be a whole number",
        ),
    ] {
        let res = sim.req(Method::GET, path).send().await.unwrap();
        let m = assert_spring_error(res, 400, "Bad Request", "/api/modules/product/objects").await;
        assert!(m.contains(wanted), "{path}: {m}");
    }
    for (item, wanted) in [
        (
            json!({"Article": [{"value": "x"}]}),
            "invalid field name `Article`",
        ),
        (
            json!({"2nd_name": [{"value": "x"}]}),
            "must not start with a digit",
        ),
        (
            json!({"status": [{"value": "sold"}]}),
            "not one of draft, active, discontinued",
        ),
        (
            json!({"article_number": [{"value": 12}]}),
            "sent as strings",
        ),
        (
            json!({"name": [{"value": "x", "dimensions": {"market": "us"}}]}),
            "no dimension `market`",
        ),
        (
            json!({"name": [{"value": "x", "dimensions": {"locale": "german"}}]}),
            "not a valid locale",
        ),
        (
            json!({"id": "42", "name": [{"value": "x"}]}),
            "not an object id",
        ),
    ] {
        let res = sim
            .req(Method::PATCH, "/api/modules/product/objects")
            .json(&json!([item]))
            .send()
            .await
            .unwrap();
        let m = assert_spring_error(res, 400, "Bad Request", "/api/modules/product/objects").await;
        assert!(m.contains(wanted), "{item}: {m}");
    }
    let file = sim
        .req(Method::PATCH, "/api/modules/file/objects")
        .json(&json!([{"size": [{"value": "1"}]}]))
        .send()
        .await
        .unwrap();
    let m = assert_spring_error(file, 400, "Bad Request", "/api/modules/file/objects").await;
    assert!(m.contains("`size` is read-only"), "{m}");
    assert!(sim.writes.all().is_empty(), "nothing rejected is logged");
}

#[tokio::test]
async fn a_batch_with_one_bad_item_writes_nothing_and_duplicate_article_numbers_get_409() {
    let sim = start(catalog()).await;
    let count = || async {
        sim.get_json("/api/modules/product/objects?limit=0&totalCount=true")
            .await["total_count"]
            .clone()
    };
    let before = count().await;
    let missing = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let (status, _) = sim
        .patch("product", json!([{"article_number": [{"value": "NEW-1"}]}, {"article_number": [{"value": "NEW-2"}], "categories": [{"value": [missing]}]}]))
        .await;
    assert_eq!(status, 400);
    assert_eq!(count().await, before, "the good item was not stored either");
    let res = sim
        .req(Method::PATCH, "/api/modules/product/objects")
        .json(&json!([{"article_number": [{"value": "MS01"}]}]))
        .send()
        .await
        .unwrap();
    let m = assert_spring_error(res, 409, "Conflict", "/api/modules/product/objects").await;
    assert!(m.contains("MS01 is already used"), "{m}");
    let (status, _) = sim.patch("product", json!([{"article_number": [{"value": "TWIN"}]}, {"article_number": [{"value": "TWIN"}]}])).await;
    assert_eq!(status, 409, "duplicates inside one batch");
    let tee = sim.sim.product_id("MS01").unwrap();
    let bag = sim.sim.product_id("24-MB01").unwrap();
    let (status, _) = sim
        .patch("product", json!([{"id": tee, "article_number": [{"value": "SWAP"}]}, {"id": bag, "article_number": [{"value": "MS01"}]}]))
        .await;
    assert_eq!(status, 200, "a value freed in the same batch may be reused");
    let (status, body) = sim
        .patch("product", json!([{"id": tee, "pid": [{"value": tee}]}]))
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(count().await, before);
    assert_eq!(
        sim.writes.all().len(),
        1,
        "only the accepted batch is logged"
    );
}

#[tokio::test]
async fn references_must_exist_and_deleting_a_file_unlinks_it_from_products() {
    let sim = start(catalog()).await;
    let files = sim
        .upsert("file", json!([{"name": [{"value": "a.jpg"}], "parent_path": [{"value": "/Shelflink/"}]}, {"name": [{"value": "b.jpg"}]}]))
        .await;
    let bag = sim.sim.product_id("24-MB01").unwrap();
    let (status, body) = sim
        .patch(
            "product",
            json!([{"id": bag, "images": [{"value": [files[0], bag]}]}]),
        )
        .await;
    assert_eq!(status, 400, "a product id is no file: {body}");
    sim.upsert(
        "product",
        json!([{"id": bag, "images": [{"value": [files[0], files[1]]}], "image_roles": [{"value": ["hero", "detail"]}], "main_image": [{"value": files[0]}]}]),
    )
    .await;
    let a = sim.object("file", &files[0]).await;
    assert_eq!(a["linked_products"], json!([{"value": [bag]}]));
    assert_eq!(a["license_expired"], json!([{"value": "false"}]));
    let res = sim
        .req(
            Method::DELETE,
            &format!("/api/modules/file/objects/{}", files[0]),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let product = sim.object("product", &bag).await;
    assert_eq!(product["images"], json!([{"value": [files[1]]}]));
    assert_eq!(
        product["image_roles"],
        json!([{"value": ["detail"]}]),
        "roles stay aligned with images"
    );
    assert_eq!(product["main_image"], json!([]));
    let gone = sim
        .req(
            Method::GET,
            &format!("/api/modules/file/objects/{}", files[0]),
        )
        .send()
        .await
        .unwrap();
    let m = assert_spring_error(
        gone,
        404,
        "Not Found",
        &format!("/api/modules/file/objects/{}", files[0]),
    )
    .await;
    assert_eq!(m, format!("object {} not found in module file", files[0]));
    let deletes = sim.writes_to(&files[0]);
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].method, "DELETE");
    assert_eq!(
        deletes[0].object_ids,
        [files[0].clone(), bag.clone()],
        "the unlinked product is named too"
    );
    let expired = sim
        .upsert(
            "file",
            json!([{"id": files[1], "license_valid_until": [{"value": "2001-02-03"}]}]),
        )
        .await;
    assert_eq!(
        sim.object("file", &expired[0]).await["license_expired"],
        json!([{"value": "true"}])
    );
}

#[tokio::test]
async fn each_accepted_write_is_logged_once_and_task_assignments_notify_the_assignee() {
    let sim = start(catalog()).await;
    let ids = sim.upsert("product", json!([{"article_number": [{"value": "LOG-1"}]}, {"article_number": [{"value": "LOG-2"}]}])).await;
    let owner = sim.sim.product_id("MH02").unwrap();
    let owner_user = value(&sim.object("product", &owner).await, "owner")
        .as_str()
        .unwrap()
        .to_owned();
    let task = sim
        .upsert("task", json!([{"name": [{"value": "New hero image for MH02"}], "assigned_users": [{"value": [owner_user]}], "related_object": [{"value": owner}]}]))
        .await;
    let all = sim.writes.all();
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(
        (all[0].method.as_str(), all[0].path.as_str()),
        ("PATCH", "/api/modules/product/objects")
    );
    assert_eq!(all[0].object_ids, ids);
    assert_eq!(all[0].fields["user"], USER);
    assert_eq!(
        all[0].fields["items"][1]["fields"]["article_number"],
        json!([{"value": "LOG-2"}])
    );
    assert_eq!(all[0].fields["items"][1]["created"], true);
    assert_eq!(all[1].object_ids, task);
    assert_eq!(
        all[2].fields,
        json!({"to": owner_user, "kind": "task_assigned", "task": task[0]})
    );
    let stored = sim.object("task", &task[0]).await;
    assert_eq!(value(&stored, "status"), "open");
    let me = sim
        .get_json("/api/modules/user/objects?query=username%20%3D%20'api-user'")
        .await;
    assert_eq!(
        value(&stored, "created_by"),
        &me["result"][0]["id"],
        "tasks record their creator"
    );
    sim.upsert(
        "task",
        json!([{"id": task[0], "status": [{"value": "in_process"}]}]),
    )
    .await;
    assert_eq!(
        sim.writes.all().len(),
        4,
        "an update without new assignees notifies nobody"
    );
}

#[tokio::test]
async fn someone_else_can_edit_and_delete_through_the_control_routes() {
    let sim = start(catalog()).await;
    let tee = sim.sim.product_id("MS01").unwrap();
    let res = sim
        .http
        .patch(sim.url("/_sim/allportal/modules/product/objects"))
        .json(&json!([{"id": tee, "status": [{"value": "discontinued"}]}]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        value(&sim.object("product", &tee).await, "status"),
        "discontinued"
    );
    let w = sim.writes.all();
    assert_eq!(
        (w[0].path.as_str(), w[0].fields["user"].as_str()),
        (
            "/_sim/allportal/modules/product/objects",
            Some("catalog.editor")
        )
    );
    let res = sim
        .http
        .delete(sim.url(&format!(
            "/_sim/allportal/modules/product/objects/{tee}?user=anna.berg"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(sim.writes.all()[1].fields["user"], "anna.berg");
    let gone = sim
        .req(Method::GET, &format!("/api/modules/product/objects/{tee}"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
}

#[tokio::test]
async fn twenty_thousand_products_page_through_with_total_count_and_filter_by_mod_time() {
    let sim = start(big_catalog(20_000)).await;
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = sim.get_json(&format!("/api/modules/product/objects?fields=article_number&offset={offset}&limit=500&totalCount=true")).await;
        assert_eq!(page["total_count"], 20_000);
        let result = page["result"].as_array().unwrap();
        if result.is_empty() {
            break;
        }
        seen.extend(result.iter().map(|o| o["id"].as_str().unwrap().to_owned()));
        offset += result.len();
    }
    assert_eq!(seen.len(), 20_000);
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "default sort is id:asc, stable across pages"
    );
    let default = sim.get_json("/api/modules/product/objects?fields=id").await;
    assert_eq!(
        default["result"].as_array().unwrap().len(),
        50,
        "default limit 50"
    );

    let newest = sim
        .get_json("/api/modules/product/objects?fields=id&limit=1&sort=mod_time:desc")
        .await;
    let since = newest["result"][0]["mod_time"].as_str().unwrap().to_owned();
    let changed = sim.upsert("product", json!([{"id": seen[7], "status": [{"value": "discontinued"}]}, {"id": seen[19_000], "color": [{"value": "Blue"}]}])).await;
    let q = format!(
        "/api/modules/product/objects?fields=id&totalCount=true&sort=mod_time:asc&query=mod_time%20%3E%20'{since}'"
    );
    let delta = sim.get_json(&q).await;
    assert_eq!(delta["total_count"], 2);
    let ids: Vec<&str> = delta["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, changed);
    let filtered = sim.get_json("/api/modules/product/objects?fields=id&totalCount=true&query=status%20IN%20('discontinued')%20AND%20article_number%20STARTS%20'p-'").await;
    assert_eq!(
        filtered["total_count"], 1,
        "STARTS ignores case, IN matches the list"
    );
    let beyond = sim
        .get_json(
            "/api/modules/product/objects?offset=30000&totalCount=true&query=color%20%3D%20'Blue'",
        )
        .await;
    assert_eq!(
        (
            beyond["total_count"].as_u64(),
            beyond["result"].as_array().unwrap().len()
        ),
        (Some(1), 0)
    );
}

//! 4ALLPORTAL write contract: field-name and value checks (400), atomic batches and unique
//! values (409), references and deletes, one write-log record per accepted write, task
//! notifications, "someone else changed it" controls, and paging 20,000 products.

mod allportal_support;

use allportal_support::*;
use reqwest::Method;
use serde_json::json;

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

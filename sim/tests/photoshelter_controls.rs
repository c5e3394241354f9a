//! Contract: the test controls that play "someone else changed it" (replace an original,
//! delete, edit metadata, upload, take out of a gallery): the API shows each change with
//! new timestamps, and none of them is a client write.

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use reqwest::multipart::Form;
use serde_json::json;

async fn control(ps: &Ps, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    ps.http
        .request(method, format!("{}/_sim/photoshelter{path}", ps.base))
}

#[tokio::test]
async fn someone_else_replacing_an_original_changes_token_times_and_old_links() {
    let mut ps = start().await;
    ps.login().await;
    let id = ps.image_id("24-MB01_main.jpg");
    let bags = ps.gallery_id("Bags").await;
    let link = ps
        .data(
            &format!("/mem/image/{id}/link"),
            &[("image_size", "100x100")],
        )
        .await["ImageLink"]
        .clone();
    let old_url = link["link"].as_str().unwrap().to_owned();
    assert_eq!(
        ps.http.get(&old_url).send().await.unwrap().status(),
        StatusCode::OK
    );
    let before = ps
        .data(&format!("/mem/image/{id}"), &[("fields", "updated_at")])
        .await;
    let gallery_before = modified_at(&ps, &bags).await;
    let resp = control(&ps, reqwest::Method::POST, &format!("/images/{id}/replace"))
        .await
        .header("Content-Type", "image/jpeg")
        .body(jpeg(800, 400, 250))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let after = ps
        .data(
            &format!("/mem/image/{id}"),
            &[("fields", "updated_at,width,height")],
        )
        .await;
    assert!(assert_ts(&after["Image"]["updated_at"]) > assert_ts(&before["Image"]["updated_at"]));
    assert_eq!(
        (&after["Image"]["width"], &after["Image"]["height"]),
        (&json!("800"), &json!("400"))
    );
    assert!(modified_at(&ps, &bags).await > gallery_before);
    let (status, body) = json(ps.http.get(&old_url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "PermissionErr");
    let fresh = ps
        .data(
            &format!("/mem/image/{id}/link"),
            &[("image_size", "100x100")],
        )
        .await;
    assert_ne!(fresh["ImageLink"]["token"], link["token"]);
    assert!(ps.writes.all().is_empty(), "controls are not client writes");
}

#[tokio::test]
async fn someone_else_deleting_editing_and_adding_images_shows_in_the_api() {
    let mut ps = start().await;
    ps.login().await;
    let hoodies = ps.gallery_id("Hoodies & Sweatshirts").await;
    let back = ps.image_id("MH02_back_v1.jpg");
    let t0 = modified_at(&ps, &hoodies).await;
    let resp = control(&ps, reqwest::Method::DELETE, &format!("/images/{back}"))
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let (status, body) = ps.get(&format!("/mem/image/{back}"), &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NotFoundErr");
    let t1 = modified_at(&ps, &hoodies).await;
    assert!(t1 > t0);

    let front = ps.image_id("MH02_front_v1.jpg");
    let edit = json!({"license_etime": "2020-01-31", "license_type": "rights_managed", "custom_metadata": {"Usage Regions": "US"}, "iptc": {"usage_terms": "US web only"}});
    let resp = control(&ps, reqwest::Method::PATCH, &format!("/images/{front}"))
        .await
        .json(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let data = ps.data(&format!("/mem/image/{front}"), &[("fields", "image_id"), ("extend", r#"{"License":{},"CustomMetadata":{},"Iptc":{"fields":"usage_terms,expiration_date"}}"#)]).await;
    assert_eq!(
        data["Image"]["License"]["license_etime"],
        "2020-01-31 00:00:00 UTC"
    );
    assert_eq!(
        data["Image"]["CustomMetadata"],
        json!([{"name": "Usage Regions", "value": "US"}])
    );
    assert_eq!(
        data["Image"]["Iptc"],
        json!({"usage_terms": "US web only", "expiration_date": "2020-01-31"})
    );
    let t2 = modified_at(&ps, &hoodies).await;
    assert!(t2 > t1);

    let form = Form::new().part("file", file_part("MH02_front_v3.jpg", jpeg(300, 400, 5)));
    let resp = control(
        &ps,
        reqwest::Method::POST,
        &format!("/galleries/{hoodies}/upload"),
    )
    .await
    .multipart(form)
    .send()
    .await
    .unwrap();
    let (_, made) = json(resp).await;
    let new_id = made["image_ids"][0].as_str().unwrap().to_owned();
    let listed = ps
        .data(
            &format!("/mem/gallery/{hoodies}/images"),
            &[("fields", "image_id")],
        )
        .await;
    let ids: Vec<_> = listed["GalleryImage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["image_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            front.clone(),
            ps.image_id("MH02_front_v2.jpg"),
            new_id.clone()
        ]
    );
    assert!(modified_at(&ps, &hoodies).await > t2);

    let resp = control(
        &ps,
        reqwest::Method::DELETE,
        &format!("/galleries/{hoodies}/images/{new_id}"),
    )
    .await
    .send()
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let listed = ps
        .data(
            &format!("/mem/gallery/{hoodies}/images"),
            &[("fields", "image_id")],
        )
        .await;
    assert_eq!(listed["Paging"]["total"], 2);
    assert!(ps.writes.all().is_empty());
}

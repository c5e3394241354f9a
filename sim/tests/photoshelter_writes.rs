//! Contract: the writes (P5 upload, P6 gallery insert, collection insert, P7, P8, P13),
//! each recorded exactly once in the write log and moving the right timestamps, and the
//! test controls that play "someone else changed it".

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use reqwest::multipart::Form;
use serde_json::{Value, json};
use shelflink_sim::control::writelog::Service;

async fn upload(ps: &Ps, form: Form) -> (StatusCode, Value) {
    let req = ps
        .http
        .post(ps.url("/mem/image/upload"))
        .header("X-PS-Api-Key", API_KEY)
        .header("X-PS-Auth-Token", ps.token.as_deref().unwrap())
        .multipart(form);
    json(req.send().await.unwrap()).await
}

fn entries(ps: &Ps, path_end: &str) -> Vec<shelflink_sim::control::writelog::WriteRecord> {
    ps.writes
        .all()
        .into_iter()
        .filter(|w| w.path.ends_with(path_end))
        .collect()
}

#[tokio::test]
async fn uploading_files_into_a_gallery_creates_images_once_and_bumps_the_gallery() {
    let mut ps = start().await;
    ps.login().await;
    let bags = ps.gallery_id("Bags").await;
    let before = modified_at(&ps, &bags).await;
    let form = Form::new()
        .text("gallery_id", bags.clone())
        .text("f_searchable", "t")
        .part("file", file_part("24-MB02_main.jpg", jpeg(640, 480, 10)))
        .part("file", file_part("24-MB02_back.jpg", jpeg(320, 240, 200)));
    let (status, body) = upload(&ps, form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let images = body["data"]["Image"]
        .as_array()
        .expect("P5: data.Image is an array");
    assert_eq!(images.len(), 2);
    for (image, (name, w, h)) in images.iter().zip([
        ("24-MB02_main.jpg", 640, 480),
        ("24-MB02_back.jpg", 320, 240),
    ]) {
        assert_id('I', &image["image_id"]);
        assert_eq!(image["file_name"], name);
        assert_eq!(
            (
                assert_num_str(&image["width"]),
                assert_num_str(&image["height"])
            ),
            (w, h)
        );
        assert!(assert_num_str(&image["file_size"]) > 0);
        assert_eq!(
            assert_ts(&image["uploaded_at"]),
            assert_ts(&image["updated_at"])
        );
    }
    assert!(modified_at(&ps, &bags).await > before);
    let listed = ps
        .data(
            &format!("/mem/gallery/{bags}/images"),
            &[("fields", "image_id")],
        )
        .await;
    assert_eq!(listed["Paging"]["total"], 3);

    let log = entries(&ps, "/mem/image/upload");
    assert_eq!(log.len(), 1, "one request, one write");
    let w = &log[0];
    assert_eq!(
        (w.service, w.method.as_str(), w.path.as_str()),
        (Service::Photoshelter, "POST", "/psapi/v3/mem/image/upload")
    );
    let ids: Vec<Value> = images.iter().map(|i| i["image_id"].clone()).collect();
    assert_eq!(
        w.object_ids.iter().map(|s| json!(s)).collect::<Vec<_>>(),
        ids
    );
    assert_eq!(w.fields["gallery_id"], bags);
    assert_eq!(w.fields["files"][0]["file_name"], "24-MB02_main.jpg");
    assert_eq!(w.fields["files"][1]["sha256"].as_str().unwrap().len(), 64);
}

#[tokio::test]
async fn upload_reads_the_files_embedded_metadata_into_iptc() {
    let mut ps = start().await;
    ps.login().await;
    let press = ps.gallery_id("Press").await;
    let bytes = jpeg(200, 100, 50);
    let expected = shelflink_sim::seed::metadata::read(&bytes);
    let form = Form::new()
        .text("gallery_id", press)
        .part("file", file_part("plain.jpg", bytes));
    let (status, body) = upload(&ps, form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["data"]["Image"][0]["image_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let iptc = ps.data(&format!("/mem/image/{id}/iptc"), &[]).await;
    assert_eq!(iptc["Iptc"]["keyword"], expected.keywords.join(","));
    assert_eq!(
        iptc["Iptc"]["caption"],
        expected.caption.unwrap_or_default()
    );
    assert_eq!(
        iptc["Iptc"]["copyright"],
        expected.copyright.unwrap_or_default()
    );
}

#[tokio::test]
async fn upload_rejects_missing_files_unknown_galleries_and_non_images() {
    let mut ps = start().await;
    ps.login().await;
    let press = ps.gallery_id("Press").await;
    let cases = [
        Form::new().text("gallery_id", press.clone()),
        Form::new()
            .text("gallery_id", "G0000doesNotExst")
            .part("file", file_part("a.jpg", jpeg(10, 10, 1))),
        Form::new()
            .text("gallery_id", press.clone())
            .part("file", file_part("notes.jpg", b"not an image".to_vec())),
    ];
    let expected = [
        (StatusCode::BAD_REQUEST, "ParamErr"),
        (StatusCode::NOT_FOUND, "NotFoundErr"),
        (StatusCode::BAD_REQUEST, "ParamErr"),
    ];
    for (form, (status, class)) in cases.into_iter().zip(expected) {
        let (got, body) = upload(&ps, form).await;
        assert_eq!(got, status, "{body}");
        assert_error(&body, class);
    }
    assert!(
        entries(&ps, "/mem/image/upload").is_empty(),
        "nothing accepted, nothing logged"
    );
}

#[tokio::test]
async fn gallery_and_collection_insert_return_the_new_records() {
    let mut ps = start().await;
    ps.login().await;
    let (status, body) = ps
        .post(
            "/mem/collection/insert",
            &[("name", "Agencies"), ("f_list", "f")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let c = &body["data"]["Collection"];
    assert_id('C', &c["collection_id"]);
    assert_eq!(
        (&c["name"], &c["f_list"], &c["access_inherit"]),
        (&json!("Agencies"), &json!("f"), &json!("t"))
    );
    let agencies = c["collection_id"].as_str().unwrap().to_owned();
    let query = [
        ("name", "Retailer picks"),
        ("parent", agencies.as_str()),
        ("mode", "permission"),
        ("f_list", "t"),
    ];
    let req = ps
        .http
        .get(ps.url("/mem/gallery/insert"))
        .query(&query)
        .query(&[
            ("api_key", API_KEY),
            ("auth_token", ps.token.as_deref().unwrap()),
        ]);
    let (status, body) = json(req.send().await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "GET works too: {body}");
    let g = &body["data"]["Gallery"];
    assert_id('G', &g["gallery_id"]);
    assert_eq!(
        (
            &g["mode"],
            &g["effective_mode"],
            &g["access_inherit"],
            &g["display_order"]
        ),
        (
            &json!("permission"),
            &json!("permission"),
            &json!("f"),
            &json!("1")
        )
    );
    let children = ps
        .data(
            &format!("/mem/collection/{agencies}/children"),
            &[("fields", "gallery_id,name")],
        )
        .await;
    assert_eq!(
        children["Children"]["Gallery"],
        json!([{"gallery_id": g["gallery_id"], "name": "Retailer picks"}])
    );
    assert_eq!(entries(&ps, "/mem/gallery/insert").len(), 1);
    let col = entries(&ps, "/mem/collection/insert");
    assert_eq!(
        (col.len(), &col[0].fields),
        (1, &json!({"name": "Agencies", "parent": "root"}))
    );
    let (status, body) = ps
        .post("/mem/gallery/insert", &[("parent", agencies.as_str())])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "ParamErr");
}

#[tokio::test]
async fn adding_existing_images_to_a_gallery_is_recorded_once_and_idempotent() {
    let mut ps = start().await;
    ps.login().await;
    let press = ps.gallery_id("Press").await;
    let a = ps.image_id("MH02_front_v2.jpg");
    let b = ps.image_id("24-MB01_main.jpg");
    let ids = format!("{a},{b}");
    let path = format!("/mem/gallery/{press}/images/insert");
    let (status, first) = ps.post(&path, &[("image_id", ids.as_str())]).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        first["data"]["GalleryImage"],
        json!([{"image_id": a, "f_visible": "t"}, {"image_id": b, "f_visible": "t"}])
    );
    let (_, second) = ps.post(&path, &[("image_id", ids.as_str())]).await;
    assert_eq!(second, first);
    let log = entries(&ps, "/images/insert");
    assert_eq!(log.len(), 1, "the repeat changed nothing");
    assert_eq!(log[0].object_ids, vec![press.clone(), a.clone(), b.clone()]);
    let galleries = ps
        .data(&format!("/mem/image/{a}/galleries"), &[("fields", "name")])
        .await;
    assert_eq!(
        galleries["ImageGallery"],
        json!([{"name": "Hoodies & Sweatshirts"}, {"name": "Press"}])
    );
    let (status, body) = ps.post(&path, &[("image_id", "I0000doesNotExst")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NotFoundErr");
}

#[tokio::test]
async fn iptc_update_replaces_fields_and_bumps_image_and_gallery_times() {
    let mut ps = start().await;
    ps.login().await;
    let id = ps.image_id("MH02_front_v1.jpg");
    let hoodies = ps.gallery_id("Hoodies & Sweatshirts").await;
    let image_before = assert_ts(
        &ps.data(&format!("/mem/image/{id}"), &[("fields", "updated_at")])
            .await["Image"]["updated_at"],
    );
    let gallery_before = modified_at(&ps, &hoodies).await;
    let path = format!("/mem/image/{id}/iptc/update");
    let form = [
        ("keyword", "MH02, hoodie , Men/Tops ,,Eco Friendly"),
        ("headline", "Teton Pullover"),
    ];
    let (status, body) = ps.post(&path, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let iptc = &body["data"]["Iptc"];
    assert_eq!(iptc["keyword"], "MH02,hoodie,Men/Tops,Eco Friendly");
    assert_eq!(iptc["headline"], "Teton Pullover");
    assert_eq!(
        iptc["caption"], "Teton Pullover Hoodie, front",
        "fields not sent stay"
    );
    let image_after = assert_ts(
        &ps.data(&format!("/mem/image/{id}"), &[("fields", "updated_at")])
            .await["Image"]["updated_at"],
    );
    assert!(image_after > image_before);
    assert!(modified_at(&ps, &hoodies).await > gallery_before);
    let xmp = ps.data(&format!("/mem/image/{id}/xmp"), &[]).await;
    assert_eq!(
        xmp["Xmp"]["dc:subject"],
        json!(["MH02", "hoodie", "Men/Tops", "Eco Friendly"])
    );

    let (_, again) = ps.post(&path, &form).await;
    assert_eq!(again["data"], body["data"]);
    let log = entries(&ps, "/iptc/update");
    assert_eq!(
        log.len(),
        1,
        "writing the same values again is no new effect"
    );
    assert_eq!(log[0].object_ids, vec![id.clone()]);
    assert_eq!(
        log[0].fields,
        json!({"keyword": "MH02,hoodie,Men/Tops,Eco Friendly", "headline": "Teton Pullover"})
    );
    let (status, body) = ps.post(&path, &[("rating", "5")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "ParamErr");
}

#[tokio::test]
async fn shares_are_created_listed_and_logged() {
    let mut ps = start().await;
    ps.login().await;
    let press = ps.gallery_id("Press").await;
    let path = format!("/mem/gallery/{press}/share");
    let form = [
        ("recipients", "buyer@retailer.example, press@news.example"),
        ("expires_at", "2099-12-31"),
        ("message", "Spring lookbook"),
    ];
    let (status, body) = ps.post(&path, &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let share = &body["data"]["Share"];
    assert_eq!(
        keys(share),
        [
            "created_at",
            "expires_at",
            "gallery_id",
            "recipients",
            "share_id",
            "url"
        ]
    );
    assert_id('S', &share["share_id"]);
    assert_eq!(share["gallery_id"], press);
    assert_eq!(
        share["recipients"],
        "buyer@retailer.example,press@news.example"
    );
    assert_eq!(share["expires_at"], "2099-12-31 00:00:00 UTC");
    assert_ts(&share["created_at"]);
    let page = ps
        .http
        .get(share["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Spring lookbook"));
    let listed = ps.data(&path, &[]).await;
    assert_eq!(listed["Share"], json!([share]));
    let log = entries(&ps, "/share");
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].object_ids,
        vec![
            share["share_id"].as_str().unwrap().to_owned(),
            press.clone()
        ]
    );
    for bad in [[("recipients", "nobody")], [("recipients", "")]] {
        let (status, body) = ps.post(&path, &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_error(&body, "ParamErr");
    }
    let (status, _) = ps
        .post(
            &path,
            &[("recipients", "a@b.example"), ("expires_at", "2001-01-01")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

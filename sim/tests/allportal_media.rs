//! 4ALLPORTAL media contract: upload (A8) with technical fields, download by usage (A6,
//! A10) with correct derivate sizes and headers, the media list, replace (A9), the derivate
//! delay and the limits of uploads.

mod allportal_support;

use allportal_support::*;
use md5::{Digest, Md5};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use shelflink_sim::allportal::AllportalSettings;

fn form(bytes: Vec<u8>, name: &str) -> Form {
    Form::new().part(
        "file",
        Part::bytes(bytes)
            .file_name(name.to_owned())
            .mime_str("image/jpeg")
            .unwrap(),
    )
}

async fn upload(sim: &Sim, form: Form) -> reqwest::Response {
    sim.req(Method::POST, "/api/modules/file/upload")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_upload_makes_a_file_object_with_its_technical_fields_and_serves_it_by_usage() {
    let sim = start(catalog()).await;
    let bytes = jpeg(2000, 1500);
    let fields = json!({"photoshelter_id": [{"value": "I0000aBcD_eF.gH1"}], "approval_status": [{"value": "approved"}]});
    let res = upload(
        &sim,
        form(bytes.clone(), "MH02-black_front_v2.jpg").text("fields", fields.to_string()),
    )
    .await;
    assert_eq!(res.status(), 201);
    let file: Value = res.json().await.unwrap();
    let id = file["id"].as_str().unwrap().to_owned();
    assert_eq!(file["module"], "file");
    assert_eq!(value(&file, "name"), "MH02-black_front_v2.jpg");
    assert_eq!(value(&file, "parent_path"), "/Shelflink/");
    assert_eq!(value(&file, "mime_type"), "image/jpeg");
    assert_eq!(value(&file, "extension"), "jpg");
    assert_eq!(value(&file, "size"), bytes.len().to_string().as_str());
    assert_eq!(value(&file, "width"), "2000");
    assert_eq!(value(&file, "height"), "1500");
    assert_eq!(
        value(&file, "checksum_md5"),
        hex::encode(Md5::digest(&bytes)).as_str()
    );
    assert_eq!(value(&file, "version_no"), "1");
    assert_eq!(value(&file, "photoshelter_id"), "I0000aBcD_eF.gH1");
    assert_eq!(value(&file, "approval_status"), "approved");
    assert_eq!(file["linked_products"], json!([{"value": []}]));

    let original = sim
        .req(
            Method::GET,
            &format!("/api/modules/file/objects/{id}/media/Original"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(original.status(), 200);
    assert_eq!(
        original.headers()["content-length"],
        bytes.len().to_string().as_str()
    );
    assert_eq!(
        original.headers()["content-disposition"],
        "attachment; filename=\"MH02-black_front_v2.jpg\""
    );
    assert_eq!(
        original.bytes().await.unwrap().as_ref(),
        bytes.as_slice(),
        "the original is served unchanged"
    );
    let media = |usage: &str| format!("/api/modules/file/objects/{id}/media/{usage}");
    assert_eq!(dimensions_of(&sim, &media("small")).await, (200, 150));
    assert_eq!(dimensions_of(&sim, &media("medium")).await, (800, 600));
    assert_eq!(dimensions_of(&sim, &media("large")).await, (1600, 1200));
    let large = sim.req(Method::GET, &media("large")).send().await.unwrap();
    assert_eq!(
        large.headers()["content-disposition"],
        "attachment; filename=\"MH02-black_front_v2_large.jpg\""
    );
    let unknown = sim.req(Method::GET, &media("WebAll")).send().await.unwrap();
    let m = assert_spring_error(unknown, 404, "Not Found", &media("WebAll")).await;
    assert!(m.contains("known: Original, small, medium, large"), "{m}");

    let list = sim
        .get_json(&format!("/api/modules/file/objects/{id}/media"))
        .await;
    let usages: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["usage"].as_str().unwrap())
        .collect();
    assert_eq!(usages, ["Original", "small", "medium", "large"]);
    assert_eq!(
        list[0]["size"],
        bytes.len().to_string(),
        "sizes are strings"
    );
    assert_eq!(
        (list[3]["width"].as_str(), list[3]["height"].as_str()),
        (Some("1600"), Some("1200"))
    );

    let uploads = sim.writes_to("/api/modules/file/upload");
    assert_eq!(uploads.len(), 1, "one upload, logged once");
    assert_eq!(uploads[0].object_ids, vec![id.clone()]);
    assert_eq!(uploads[0].fields["name"], "MH02-black_front_v2.jpg");
    assert_eq!(
        uploads[0].fields["fields"]["photoshelter_id"],
        json!([{"value": "I0000aBcD_eF.gH1"}])
    );
}

#[tokio::test]
async fn replacing_the_binary_bumps_version_and_times_and_regenerates_derivates() {
    let sim = start(catalog()).await;
    let file: Value = upload(&sim, form(jpeg(1000, 1000), "swatch.jpg"))
        .await
        .json()
        .await
        .unwrap();
    let id = file["id"].as_str().unwrap();
    let small = format!("/api/modules/file/objects/{id}/media/small");
    assert_eq!(dimensions_of(&sim, &small).await, (200, 200));
    let new = jpeg(900, 300);
    let res = sim
        .req(
            Method::PUT,
            &format!("/api/modules/file/objects/{id}/media/original"),
        )
        .header("Content-Type", "image/jpeg")
        .body(new.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let replaced: Value = res.json().await.unwrap();
    assert_eq!(value(&replaced, "version_no"), "2");
    assert_eq!(value(&replaced, "name"), "swatch.jpg", "the name stays");
    assert_eq!(
        value(&replaced, "checksum_md5"),
        hex::encode(Md5::digest(&new)).as_str()
    );
    assert_eq!(
        (
            value(&replaced, "width").as_str(),
            value(&replaced, "height").as_str()
        ),
        (Some("900"), Some("300"))
    );
    assert!(replaced["mod_time"].as_str() > file["mod_time"].as_str());
    assert!(
        replaced["mod_time_img"][0]["value"].as_str() > file["mod_time_img"][0]["value"].as_str()
    );
    assert_eq!(
        dimensions_of(&sim, &small).await,
        (200, 67),
        "the cached derivate was not reused"
    );
    let multipart = sim
        .req(
            Method::PUT,
            &format!("/api/modules/file/objects/{id}/media/original"),
        )
        .multipart(form(jpeg(64, 64), "other-name.jpg"))
        .send()
        .await
        .unwrap();
    let third: Value = multipart.json().await.unwrap();
    assert_eq!(value(&third, "version_no"), "3");
    let puts: Vec<_> = sim
        .writes
        .all()
        .into_iter()
        .filter(|w| w.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 2);
    assert_eq!(puts[1].fields["version_no"], "3");
    let derivate = sim.req(Method::PUT, &small).body(new).send().await.unwrap();
    assert_spring_error(derivate, 405, "Method Not Allowed", &small).await;
}

#[tokio::test]
async fn uploads_need_an_upload_folder_and_respect_the_size_limit() {
    let settings = AllportalSettings {
        max_upload_bytes: 10_000,
        ..AllportalSettings::default()
    };
    let sim = start_with(catalog(), settings, |_| {}).await;
    let path = "/api/modules/file/upload";
    let archive = upload(
        &sim,
        form(jpeg(10, 10), "a.jpg").text("parent_path", "/Archive/"),
    )
    .await;
    assert_spring_error(archive, 403, "Forbidden", path).await;
    let nowhere = upload(
        &sim,
        form(jpeg(10, 10), "a.jpg").text("parent_path", "/Nope/"),
    )
    .await;
    let m = assert_spring_error(nowhere, 400, "Bad Request", path).await;
    assert!(m.contains("/Shelflink/"), "says where to upload: {m}");
    let big = upload(&sim, form(vec![0u8; 20_000], "big.jpg")).await;
    let m = assert_spring_error(big, 413, "Payload Too Large", path).await;
    assert!(m.contains("10000 bytes"), "{m}");
    let no_file = sim
        .req(Method::POST, path)
        .multipart(Form::new().text("parent_path", "/Shelflink/"))
        .send()
        .await
        .unwrap();
    assert_spring_error(no_file, 400, "Bad Request", path).await;
    let pdf = upload(
        &sim,
        Form::new().part(
            "file",
            Part::bytes(b"%PDF-1.4 sheet".to_vec()).file_name("sheet.pdf"),
        ),
    )
    .await;
    let pdf: Value = pdf.json().await.unwrap();
    assert_eq!(value(&pdf, "mime_type"), "application/pdf");
    assert_eq!(pdf["width"], json!([]), "no pixel size for a PDF");
    let small = format!(
        "/api/modules/file/objects/{}/media/small",
        pdf["id"].as_str().unwrap()
    );
    assert_eq!(
        sim.req(Method::GET, &small).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        sim.writes.all().len(),
        1,
        "only the PDF upload was accepted"
    );
}

#[tokio::test]
async fn derivates_wait_for_the_configured_delay() {
    let settings = AllportalSettings {
        derivate_delay_ms: 60_000,
        ..AllportalSettings::default()
    };
    let sim = start_with(catalog(), settings, |_| {}).await;
    let file: Value = upload(&sim, form(jpeg(300, 300), "late.jpg"))
        .await
        .json()
        .await
        .unwrap();
    let id = file["id"].as_str().unwrap();
    let medium = format!("/api/modules/file/objects/{id}/media/medium");
    let m = assert_spring_error(
        sim.req(Method::GET, &medium).send().await.unwrap(),
        404,
        "Not Found",
        &medium,
    )
    .await;
    assert!(m.contains("not ready yet"), "{m}");
    let list = sim
        .get_json(&format!("/api/modules/file/objects/{id}/media"))
        .await;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "only the original is listed"
    );
}

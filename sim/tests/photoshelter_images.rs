//! Contract: image records, their extensions and sub-resources, and search, field by field
//! against the document's example shapes (§4.2, §4.5, §5.3, §7; P9–P12).

mod photoshelter_support;

use photoshelter_support::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_image_record_matches_the_documented_example_field_by_field() {
    let mut ps = start().await;
    ps.login().await;
    let id = ps.image_id("24-MB01_main.jpg");
    let data = ps.data(&format!("/mem/image/{id}"), &[]).await;
    let image = &data["Image"];
    let expected = [
        "creator_id",
        "f_searchable",
        "file_name",
        "file_size",
        "flagged",
        "focal_point_x",
        "focal_point_y",
        "height",
        "image_id",
        "model_released",
        "organization_id",
        "owner_id",
        "photographer_id",
        "property_released",
        "rating",
        "screen_height",
        "screen_height_max",
        "screen_width",
        "screen_width_max",
        "stat_show",
        "thumb_height",
        "thumb_width",
        "updated_at",
        "uploaded_at",
        "width",
    ];
    assert_eq!(keys(image), expected);
    assert_id('I', &image["image_id"]);
    for k in ["owner_id", "creator_id", "photographer_id"] {
        assert_id('U', &image[k]);
    }
    assert_eq!(image["organization_id"], ORG_ID);
    assert_eq!(image["file_name"], "24-MB01_main.jpg");
    assert!(assert_num_str(&image["file_size"]) > 0);
    assert_eq!(
        (
            assert_num_str(&image["width"]),
            assert_num_str(&image["height"])
        ),
        (1080, 1340)
    );
    assert_eq!(
        (
            assert_num_str(&image["screen_width"]),
            assert_num_str(&image["screen_height"])
        ),
        (967, 1200)
    );
    assert_eq!(
        (
            assert_num_str(&image["thumb_width"]),
            assert_num_str(&image["thumb_height"])
        ),
        (121, 150)
    );
    for k in [
        "f_searchable",
        "model_released",
        "property_released",
        "flagged",
        "stat_show",
    ] {
        assert_flag(&image[k]);
    }
    assert_eq!(
        (&image["model_released"], &image["property_released"]),
        (&json!("f"), &json!("t"))
    );
    assert_eq!(assert_num_str(&image["rating"]), 0);
    assert_eq!(
        (&image["focal_point_x"], &image["focal_point_y"]),
        (&json!("0.5"), &json!("0.5"))
    );
    assert!(assert_ts(&image["uploaded_at"]) <= assert_ts(&image["updated_at"]));

    let projected = ps
        .data(
            &format!("/mem/image/{id}"),
            &[("fields", "image_id,file_name,updated_at")],
        )
        .await;
    assert_eq!(
        keys(&projected["Image"]),
        ["file_name", "image_id", "updated_at"]
    );
}

#[tokio::test]
async fn image_extensions_carry_iptc_licence_custom_metadata_galleries_and_link() {
    let mut ps = start().await;
    ps.login().await;
    let id = ps.image_id("24-MB01_main.jpg");
    let extend = json!({
        "Iptc": {"fields": "*", "params": {}},
        "License": {"fields": "license_etime,license_stime,license_type"},
        "CustomMetadata": {},
        "ImageGallery": {"fields": "gallery_id,name"},
        "ImageLink": {"fields": "link,base,token,auth_link", "params": {"image_size": "x700", "image_mode": "fit"}}
    })
    .to_string();
    let data = ps
        .data(
            &format!("/mem/image/{id}"),
            &[("fields", "image_id"), ("extend", &extend)],
        )
        .await;
    let image = &data["Image"];
    assert_eq!(
        image["Iptc"],
        json!({
            "keyword": "24-MB01,bag,Eco Friendly", "caption": "Duffle bag on white", "credit": "Studio North",
            "copyright": "© Example Outfitters", "headline": "", "title": "Joust Duffle Bag", "author": "Ana Photographer",
            "display_caption": "Duffle bag on white", "usage_terms": "Web and print, EU only",
            "expiration_date": "2030-06-30", "job_identifier": ""
        })
    );
    assert_eq!(
        image["License"],
        json!({
            "license_stime": "2024-01-01 00:00:00 UTC", "license_etime": "2030-06-30 23:59:59 UTC", "license_type": "rights_managed"
        })
    );
    assert_eq!(
        image["CustomMetadata"],
        json!([
            {"name": "Usage Regions", "value": "DE,FR"}, {"name": "Usage Channels", "value": "web,print"}
        ])
    );
    let bags = ps.gallery_id("Bags").await;
    assert_eq!(
        image["ImageGallery"],
        json!([{"gallery_id": bags, "name": "Bags"}])
    );
    let link = &image["ImageLink"];
    assert_eq!(keys(link), ["auth_link", "base", "link", "token"]);
    assert_eq!(link["base"], format!("{}/img-get2/{id}", ps.base));
    let token = link["token"].as_str().unwrap();
    assert_eq!(
        link["link"],
        format!(
            "{}/img-get2/{id}/sec={token}/fit=564x700/24-MB01_main.jpg",
            ps.base
        )
    );

    for (sub, key) in [
        ("iptc", "Iptc"),
        ("license", "License"),
        ("custom_metadata", "CustomMetadata"),
    ] {
        let alone = ps.data(&format!("/mem/image/{id}/{sub}"), &[]).await;
        assert_eq!(alone[key], image[key], "{sub}");
    }
    let galleries = ps
        .data(
            &format!("/mem/image/{id}/galleries"),
            &[("extend", r#"{"Gallery":{"fields":"modified_at"}}"#)],
        )
        .await;
    assert_eq!(galleries["ImageGallery"][0]["f_visible"], "t");
    assert_ts(&galleries["ImageGallery"][0]["Gallery"]["modified_at"]);
    let link = ps
        .data(
            &format!("/mem/image/{id}/link"),
            &[("image_size", "250x250"), ("image_mode", "fill")],
        )
        .await;
    assert!(
        link["ImageLink"]["link"]
            .as_str()
            .unwrap()
            .contains("/fill=250x250/")
    );
}

#[tokio::test]
async fn xmp_is_a_flat_map_of_prefixed_names() {
    let mut ps = start().await;
    ps.login().await;
    let id = ps.image_id("24-MB01_main.jpg");
    let data = ps.data(&format!("/mem/image/{id}/xmp"), &[]).await;
    let xmp = &data["Xmp"];
    assert_eq!(xmp["plus:LicenseEndDate"], "2030-06-30");
    assert_eq!(xmp["plus:LicenseStartDate"], "2024-01-01");
    assert_eq!(xmp["xmpRights:UsageTerms"], "Web and print, EU only");
    assert_eq!(xmp["dc:rights"], "© Example Outfitters");
    assert_eq!(xmp["dc:subject"], json!(["24-MB01", "bag", "Eco Friendly"]));
    assert_eq!(
        xmp["plus:ModelReleaseStatus"],
        "http://ns.useplus.org/ldf/vocab/MR-NON"
    );
    assert!(keys(xmp).iter().all(|k| k.contains(':')));
}

#[tokio::test]
async fn search_finds_images_by_every_term() {
    let mut ps = start().await;
    ps.login().await;
    let data = ps
        .data(
            "/mem/image/search",
            &[("terms", r#"["mh02","front"]"#), ("fields", "file_name")],
        )
        .await;
    assert_eq!(
        data["Results"],
        json!([{"file_name": "MH02_front_v1.jpg"}, {"file_name": "MH02_front_v2.jpg"}])
    );
    assert_eq!(data["Paging"]["total"], 2);
    let by_keyword = ps
        .data(
            "/mem/image/search",
            &[("terms", r#"["eco friendly"]"#), ("fields", "file_name")],
        )
        .await;
    assert_eq!(
        by_keyword["Results"],
        json!([{"file_name": "24-MB01_main.jpg"}])
    );
    let (status, body) = ps.get("/mem/image/search", &[("terms", "[]")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "ParamErr");
}

//! The 4ALLPORTAL client against the simulator, through every endpoint it uses: field
//! definitions and mapping validation, objects (list, get, create, update, delete), files
//! (upload, downloads by usage, derivates, replacement), product images and back-links,
//! tasks for owners, the events feed and the `mod_time` fallback, and sessions expired by
//! the service mid-listing.

mod clients_support;

use clients_support::*;
use futures::{StreamExt, TryStreamExt};
use shelflink::allportal::{
    BackLink, Dimensions, EventKind, FieldMapping, FieldValue, ListOptions, NewFile, NewTask,
    ObjectId, ObjectPatch, ProductImage,
};
use shelflink::net::{ApiError, Replay};
use shelflink_sim::SeedSource;

fn mapping() -> FieldMapping {
    FieldMapping::default()
}

#[tokio::test]
async fn the_default_mapping_fits_the_simulated_instance_and_a_wrong_one_does_not() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, true, false);
    client.validate_mapping(&mapping()).await.unwrap();
    let product = client.module("product").await.unwrap();
    assert_eq!(
        product.field("name").unwrap().dimensions,
        ["channel", "locale"]
    );
    assert_eq!(product.field("images").unwrap().modules, ["file"]);

    let mut wrong = mapping();
    wrong.product.colour = Some("farbe".into());
    let err = client.validate_mapping(&wrong).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::MissingField { module, field, .. } if module == "product" && field == "farbe"),
        "{err:?}"
    );
    wrong = mapping();
    wrong.task.module = "aufgabe".into();
    let err = client.validate_mapping(&wrong).await.unwrap_err();
    assert!(
        matches!(&err, ApiError::MissingModule { module, .. } if module == "aufgabe"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_wrong_api_key_is_refused_with_what_to_do() {
    let sim = sim(SeedSource::Demo).await;
    let mut config =
        shelflink::allportal::AllportalConfig::new(sim.allportal.base_url.parse().unwrap());
    config.api_key = Some(secrecy::SecretString::from(
        "00000000-0000-4000-8000-000000000000",
    ));
    config.net = fast_net();
    let client = shelflink::allportal::AllportalClient::new(config).unwrap();
    let err = client.module("product").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "4ALLPORTAL refused the API key (401): check Settings › Accounts or `shelflink connect`"
    );
}

#[tokio::test]
async fn products_are_listed_and_found_with_their_images() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, true, false);
    let options = ListOptions {
        page_size: 7,
        ..ListOptions::default()
    };
    let all = client.objects_all("product", &options).await.unwrap();
    assert_eq!(all.len(), sim.seeded.products);
    let m = mapping();
    let hoodie = client
        .product_by_sku("SL1001", &m)
        .await
        .unwrap()
        .expect("SL1001 is seeded");
    assert_eq!(hoodie.text("name"), Some("Alder Sweatshirt"));
    assert_eq!(hoodie.has_child, Some(true));
    let variant = client
        .product_by_sku("SL1001-RED-M", &m)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(variant.text("pid"), Some(hoodie.id.as_str()));
    assert!(
        client
            .product_by_sku("NO-SUCH-SKU", &m)
            .await
            .unwrap()
            .is_none()
    );

    let images = client.product_images(&hoodie.id, &m).await.unwrap();
    assert_eq!(images.images.len(), 2);
    assert_eq!(images.images[0].role.as_deref(), Some("hero"));
    assert_eq!(images.hero(), Some(&images.images[0].file));
    let file = client
        .object("file", &images.images[0].file, &[])
        .await
        .unwrap();
    assert!(
        file.text("photoshelter_id")
            .is_some_and(|id| id.starts_with("I0000"))
    );
    assert!(file.list("linked_products").contains(&hoodie.id.0));
    let by_ps = client
        .file_by_photoshelter_id(file.text("photoshelter_id").unwrap(), &m)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_ps.id, file.id);
}

#[tokio::test]
async fn objects_are_created_updated_and_deleted_with_dimensions() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, true, false);
    let patch = ObjectPatch::create()
        .text("article_number", "SL-TEST-1")
        .text("name", "Test Parka")
        .set_in(
            "name",
            FieldValue::Text("Test-Parka".into()),
            Dimensions::channel_locale("web", "de_DE"),
        );
    let id = client.create("product", patch).await.unwrap();
    assert_eq!(id.as_str().len(), 36);
    let read = client.object("product", &id, &[]).await.unwrap();
    assert_eq!(
        read.text_in("name", &Dimensions::channel_locale("web", "de_DE")),
        Some("Test-Parka")
    );
    assert_eq!(
        read.text_in("name", &Dimensions::channel_locale("print", "en_US")),
        Some("Test Parka")
    );
    assert_eq!(read.text("status"), Some("draft"));

    let update = ObjectPatch::update(id.clone()).list("campaigns", ["SS25", "Outdoor"]);
    assert_eq!(
        client.upsert("product", &[update]).await.unwrap(),
        std::slice::from_ref(&id)
    );
    let fields = vec!["campaigns".to_string()];
    assert_eq!(
        client
            .object("product", &id, &fields)
            .await
            .unwrap()
            .list("campaigns"),
        ["SS25", "Outdoor"]
    );

    assert!(client.delete("product", &id).await.unwrap());
    assert!(
        !client.delete("product", &id).await.unwrap(),
        "already gone"
    );
    assert!(
        client
            .object("product", &id, &[])
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn a_file_is_uploaded_downloaded_by_usage_and_replaced() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, true, false);
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("SL1001-RED_main_v2.jpg");
    write_jpeg(&source, 1000, 750);
    let fields = ObjectPatch::create().text("photoshelter_id", "I0000newversion");
    let new = NewFile {
        path: &source,
        parent_path: None,
        fields: Some(&fields),
        replay: Replay::Unsafe,
    };
    let file = client.upload_file(&new).await.unwrap();
    assert_eq!(file.text("name"), Some("SL1001-RED_main_v2.jpg"));
    let found = client
        .file_by_photoshelter_id("I0000newversion", &mapping())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, file.id);

    let original = dir.path().join("down").join("original.jpg");
    let saved = client
        .download_media("file", &file.id, "Original", &original)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read(&original).unwrap(),
        std::fs::read(&source).unwrap()
    );
    assert_eq!(
        saved.server_file_name.as_deref(),
        Some("SL1001-RED_main_v2.jpg")
    );
    let usages: Vec<String> = client
        .media("file", &file.id)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.usage)
        .collect();
    for usage in ["Original", "small", "medium", "large"] {
        assert!(usages.iter().any(|u| u == usage), "{usage} in {usages:?}");
    }
    let small = dir.path().join("down").join("small.jpg");
    client
        .download_media("file", &file.id, "small", &small)
        .await
        .unwrap();
    let img = image::open(&small).unwrap();
    assert_eq!(img.width().max(img.height()), 200);

    let replacement = dir.path().join("replacement.jpg");
    write_jpeg(&replacement, 800, 600);
    let replaced = client
        .replace_original(&file.id, &replacement)
        .await
        .unwrap();
    let version =
        |o: &shelflink::allportal::Object| o.text("version_no").and_then(|v| v.parse::<u32>().ok());
    assert_eq!(version(&replaced), version(&file).map(|v| v + 1));
    assert_eq!(replaced.text("width"), Some("800"));
}

#[tokio::test]
async fn a_new_version_replaces_the_old_reference_and_the_owner_gets_a_task() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, true, false);
    let m = mapping();
    let product = client.product_by_sku("SL1001", &m).await.unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("SL1001-RED_main_v2.jpg");
    write_jpeg(&source, 600, 400);
    let fields = ObjectPatch::create().text("photoshelter_id", "I0000v2");
    let new = NewFile {
        path: &source,
        parent_path: None,
        fields: Some(&fields),
        replay: Replay::Unsafe,
    };
    let v2 = client.upload_file(&new).await.unwrap();

    let mut images = client.product_images(&product.id, &m).await.unwrap();
    let old_hero = images.images[0].file.clone();
    images.images[0] = ProductImage {
        file: v2.id.clone(),
        role: Some("hero".into()),
    };
    images.main_image = None;
    client
        .set_product_images(&product.id, &images, &m)
        .await
        .unwrap();
    let now = client.product_images(&product.id, &m).await.unwrap();
    assert_eq!(now.images[0].file, v2.id);
    assert_eq!(now.main_image.as_ref(), Some(&v2.id));
    assert_eq!(now.images.len(), 2, "the gallery image stays");
    assert!(
        !client
            .object("file", &old_hero, &[])
            .await
            .unwrap()
            .list("linked_products")
            .contains(&product.id.0)
    );

    let links = vec![BackLink {
        image_id: "I0000v2".into(),
        url: "https://ps.example/I0000v2".into(),
    }];
    client
        .set_photoshelter_links(&product.id, &links, &m)
        .await
        .unwrap();
    let read = client.object("product", &product.id, &[]).await.unwrap();
    assert_eq!(read.list("photoshelter_ids"), ["I0000v2"]);
    assert_eq!(
        read.list("photoshelter_urls"),
        ["https://ps.example/I0000v2"]
    );

    let owner = ObjectId::new(product.text("owner").expect("SL1001 has an owner"));
    let task = NewTask {
        id: ObjectId::random(),
        name: "SL1001: new hero image".into(),
        description: Some("Version 2 of the main shot was approved".into()),
        assigned_users: vec![owner.clone()],
        due_date: None,
        related_object: Some(product.id.clone()),
    };
    let task_id = client.create_task(&task, &m).await.unwrap();
    assert_eq!(task_id, task.id);
    let told = sim.writes.all().into_iter().any(|w| {
        w.method == "NOTIFY"
            && w.fields["to"] == owner.as_str()
            && w.fields["task"] == task_id.as_str()
    });
    assert!(told, "the write log records the owner's notification");
}

#[tokio::test]
async fn the_events_feed_and_the_mod_time_fallback_both_see_a_change() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, true, true);
    let config = client.connector_config("shelflink_product").await.unwrap();
    assert!(!config.config_hash.is_empty());
    let rebuilt = client
        .events_after("shelflink_product", 0, &config.config_hash)
        .await
        .unwrap();
    assert_eq!(
        rebuilt.len(),
        sim.seeded.products,
        "a rebuild names every product once"
    );
    let last = rebuilt.iter().map(|e| e.id).max().unwrap();
    let before = client
        .objects_all("product", &ListOptions::default())
        .await
        .unwrap()
        .into_iter()
        .filter_map(|o| o.mod_time)
        .max()
        .unwrap();

    let product = client
        .product_by_sku("SL1004", &mapping())
        .await
        .unwrap()
        .unwrap();
    let change = ObjectPatch::update(product.id.clone()).list("campaigns", ["Rain 2025"]);
    client.upsert("product", &[change]).await.unwrap();

    let events = client
        .events_after("shelflink_product", last, &config.config_hash)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].object_id.clone(), events[0].kind),
        (product.id.clone(), EventKind::Updated)
    );
    let beans = client
        .beans("shelflink_product", std::slice::from_ref(&product.id))
        .await
        .unwrap();
    assert_eq!(beans[0].list("campaigns"), ["Rain 2025"]);

    let changed: Vec<_> = client
        .changed_since("product", before, &[])
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        changed.iter().map(|o| &o.id).collect::<Vec<_>>(),
        [&product.id]
    );
}

#[tokio::test]
async fn a_session_expired_by_the_service_is_renewed_mid_listing() {
    let sim = sim(SeedSource::Demo).await;
    let client = sim_ap(&sim, false, true);
    let options = ListOptions {
        page_size: 10,
        ..ListOptions::default()
    };
    let mut stream = client.objects("product", &options);
    let mut seen = Vec::new();
    while seen.len() < 15 {
        seen.push(stream.next().await.unwrap().unwrap().id);
    }
    expire_sessions(&sim.allportal.control_url).await;
    while let Some(object) = stream.next().await {
        seen.push(
            object
                .expect("the listing goes on after signing in again")
                .id,
        );
    }
    assert_eq!(seen.len(), sim.seeded.products);
    client.logout().await.unwrap();
}

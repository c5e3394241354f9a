//! Shared by the PhotoShelter contract tests: a small catalog built in code, a simulator
//! served on a loopback port, an HTTP client that speaks like a PhotoShelter client, and
//! checks for the service's encodings.
#![allow(dead_code)]

use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::Value;
use shelflink_sim::control::writelog::WriteLog;
use shelflink_sim::photoshelter::{PhotoshelterConfig, PhotoshelterSim, PhotoshelterTuning};
use shelflink_sim::seed::model::{ImageSource, SeedCatalog, SeedImage, SeedMetadata};
use std::sync::Arc;

pub const API_KEY: &str = "abcdEFGH123";
pub const EMAIL: &str = "editor@example.org";
pub const PASSWORD: &str = "secret";
pub const ORG_ID: &str = "O0000AbCdEfGhIjK";
pub const ORG_NAME: &str = "Example Outfitters";

pub fn config() -> PhotoshelterConfig {
    PhotoshelterConfig {
        api_key: API_KEY.into(),
        email: EMAIL.into(),
        password: PASSWORD.into(),
        organization: Some((ORG_ID.into(), ORG_NAME.into())),
    }
}

pub fn drawn(
    file_name: &str,
    path: &[&str],
    width: u32,
    height: u32,
    metadata: SeedMetadata,
) -> SeedImage {
    SeedImage {
        file_name: file_name.into(),
        gallery_path: path.iter().map(|s| s.to_string()).collect(),
        source: ImageSource::Generated {
            seed: file_name.bytes().map(u64::from).sum(),
            width,
            height,
            label: file_name.into(),
            embedded: None,
        },
        metadata,
        uploaded_at: uploaded_at(file_name),
        rating: 0,
        flagged: false,
    }
}

/// A fixed upload time per file name (the same catalog gives the same library).
pub fn uploaded_at(file_name: &str) -> chrono::DateTime<chrono::Utc> {
    let offset: i64 = file_name.bytes().map(i64::from).sum();
    chrono::DateTime::parse_from_rfc3339("2024-03-01T09:00:00Z")
        .unwrap()
        .to_utc()
        + chrono::Duration::minutes(offset)
}

pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// Two categories with galleries, a rights-managed gear shot, and a top-level gallery.
pub fn small_catalog() -> SeedCatalog {
    let hoodies = ["Men", "Tops", "Hoodies & Sweatshirts"];
    let rights = SeedMetadata {
        title: Some("Joust Duffle Bag".into()),
        caption: Some("Duffle bag on white".into()),
        keywords: vec!["24-MB01".into(), "bag".into(), "Eco Friendly".into()],
        copyright: Some("© Example Outfitters".into()),
        credit: Some("Studio North".into()),
        author: Some("Ana Photographer".into()),
        usage_terms: Some("Web and print, EU only".into()),
        licence_start: Some(day("2024-01-01")),
        licence_end: Some(day("2030-06-30")),
        expiration_date: Some(day("2030-06-30")),
        model_release: Some(false),
        property_release: Some(true),
        regions: vec!["DE".into(), "FR".into()],
        channels: vec!["web".into(), "print".into()],
        ..Default::default()
    };
    SeedCatalog {
        images: vec![
            drawn(
                "MH02_front_v1.jpg",
                &hoodies,
                600,
                800,
                SeedMetadata {
                    keywords: vec!["MH02".into(), "hoodie".into()],
                    caption: Some("Teton Pullover Hoodie, front".into()),
                    ..Default::default()
                },
            ),
            drawn(
                "MH02_back_v1.jpg",
                &hoodies,
                600,
                800,
                SeedMetadata::default(),
            ),
            drawn(
                "MH02_front_v2.jpg",
                &hoodies,
                600,
                800,
                SeedMetadata::default(),
            ),
            drawn("24-MB01_main.jpg", &["Gear", "Bags"], 1080, 1340, rights),
            drawn(
                "press-kit-cover.jpg",
                &["Press"],
                1200,
                800,
                SeedMetadata::default(),
            ),
        ],
        ..Default::default()
    }
}

pub struct Ps {
    pub base: String,
    pub http: reqwest::Client,
    pub sim: Arc<PhotoshelterSim>,
    pub writes: WriteLog,
    pub token: Option<String>,
}

pub async fn serve(catalog: &SeedCatalog, tuning: PhotoshelterTuning) -> Ps {
    let writes = WriteLog::default();
    let sim = Arc::new(PhotoshelterSim::with_tuning(
        catalog,
        config(),
        writes.clone(),
        tuning,
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    sim.set_origin(&base);
    let router = sim.clone().router();
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    Ps {
        base,
        http: reqwest::Client::new(),
        sim,
        writes,
        token: None,
    }
}

pub async fn start() -> Ps {
    serve(&small_catalog(), PhotoshelterTuning::default()).await
}

/// Body as JSON, and the status.
pub async fn json(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, value)
}

impl Ps {
    pub fn url(&self, path: &str) -> String {
        format!("{}/psapi/v3{path}", self.base)
    }

    /// A GET with the API key header, the session token if logged in, and `query`.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut req = self
            .http
            .get(self.url(path))
            .header("X-PS-Api-Key", API_KEY)
            .query(query);
        if let Some(token) = &self.token {
            req = req.header("X-PS-Auth-Token", token);
        }
        json(req.send().await.expect("request")).await
    }

    /// A POST of a form-urlencoded body with the API key and token headers.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let mut req = self
            .http
            .post(self.url(path))
            .header("X-PS-Api-Key", API_KEY)
            .form(form);
        if let Some(token) = &self.token {
            req = req.header("X-PS-Auth-Token", token);
        }
        json(req.send().await.expect("request")).await
    }

    /// `GET` that must succeed; returns `data`.
    pub async fn data(&self, path: &str, query: &[(&str, &str)]) -> Value {
        let (status, body) = self.get(path, query).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert_eq!(body["status"], "ok", "{path}: {body}");
        body["data"].clone()
    }

    /// Token login, then organisation login (as a client following the document does).
    pub async fn login(&mut self) -> String {
        let (status, body) = self
            .post(
                "/mem/authenticate",
                &[("email", EMAIL), ("password", PASSWORD), ("mode", "token")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let token = body["data"]["token"].as_str().expect("token").to_owned();
        self.token = Some(token.clone());
        let (status, body) = self
            .get(&format!("/mem/organization/{ORG_ID}/authenticate"), &[])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        token
    }

    /// The gallery id whose name is `name` (from `mem/gallery`).
    pub async fn gallery_id(&self, name: &str) -> String {
        let data = self
            .data("/mem/gallery", &[("fields", "gallery_id,name")])
            .await;
        data["Gallery"]
            .as_array()
            .expect("Gallery[]")
            .iter()
            .find(|g| g["name"] == name)
            .unwrap_or_else(|| panic!("no gallery {name}: {data}"))["gallery_id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    pub fn image_id(&self, file_name: &str) -> String {
        self.sim
            .image_id(file_name)
            .unwrap_or_else(|| panic!("no seed image {file_name}"))
    }
}

/// `value` is a 16-character id with `prefix`, `0000`, then `[A-Za-z0-9._]`.
pub fn assert_id(prefix: char, value: &Value) {
    let id = value
        .as_str()
        .unwrap_or_else(|| panic!("id is not a string: {value}"));
    assert!(
        shelflink_sim::photoshelter::id_is_shaped(prefix, id),
        "not a {prefix}-id: {id}"
    );
}

pub fn assert_flag(value: &Value) {
    assert!(value == "t" || value == "f", "not a t/f flag: {value}");
}

/// A whole number sent as a string, e.g. `"1800"`.
pub fn assert_num_str(value: &Value) -> u64 {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("number is not a string: {value}"));
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"))
}

/// `YYYY-MM-DD HH:MM:SS UTC`.
pub fn assert_ts(value: &Value) -> chrono::NaiveDateTime {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("timestamp is not a string: {value}"));
    let bare = text
        .strip_suffix(" UTC")
        .unwrap_or_else(|| panic!("no UTC zone: {text}"));
    chrono::NaiveDateTime::parse_from_str(bare, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("bad timestamp {text}: {e}"))
}

/// The P1 error envelope with `class`.
pub fn assert_error(body: &Value, class: &str) {
    assert_eq!(body["status"], "error", "{body}");
    assert_eq!(body["error"]["class"], class, "{body}");
    let message = body["error"]["message"].as_str().expect("message");
    assert!(!message.is_empty());
    assert_eq!(
        body.as_object().unwrap().len(),
        2,
        "only status and error: {body}"
    );
}

/// The keys of a JSON object, sorted.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// A plain JPEG of the given size.
pub fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([shade, 90, 160]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// A multipart `file` part.
pub fn file_part(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str("image/jpeg")
        .unwrap()
}

/// The gallery's `modified_at`.
pub async fn modified_at(ps: &Ps, gallery: &str) -> chrono::NaiveDateTime {
    let data = ps
        .data(
            &format!("/mem/gallery/{gallery}"),
            &[("fields", "modified_at")],
        )
        .await;
    assert_ts(&data["Gallery"]["modified_at"])
}

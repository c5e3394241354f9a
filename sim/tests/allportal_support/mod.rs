//! Shared set-up of the 4ALLPORTAL contract tests: a small catalog built in code, the
//! simulator served on a loopback port, and request helpers.
#![allow(dead_code)]

use serde_json::Value;
use shelflink_sim::allportal::{AllportalConfig, AllportalSettings, AllportalSim};
use shelflink_sim::control::writelog::{WriteLog, WriteRecord};
use shelflink_sim::seed::model::{SeedCatalog, SeedProduct, SeedUser};
use std::sync::Arc;

pub const KEY: &str = "75d6a19f-7e44-4ae5-b81f-7292bc9f774d";
pub const USER: &str = "api-user";
pub const PASSWORD: &str = "s3cret pass";

pub fn product(sku: &str, name: &str, category: &str) -> SeedProduct {
    SeedProduct {
        sku: sku.into(),
        name: name.into(),
        category: category.into(),
        description: format!("About {name}"),
        owner: Some("anna.berg".into()),
        ..SeedProduct::default()
    }
}

/// Two configurable hoodies with three variants, a bag and a tee: the shapes of a real catalog.
pub fn catalog() -> SeedCatalog {
    let mut hoodie = product(
        "MH02",
        "Teton Pullover Hoodie",
        "Men/Tops/Hoodies & Sweatshirts",
    );
    hoodie.campaign = Some("Collections/Eco Friendly".into());
    hoodie.campaigns = vec![
        "Collections/Eco Friendly".into(),
        "Collections/Performance Fabrics".into(),
    ];
    let variant = |sku: &str, colour: &str, size: &str| SeedProduct {
        colour: Some(colour.into()),
        size: Some(size.into()),
        parent_sku: Some("MH02".into()),
        owner: Some("ben.okafor".into()),
        ..product(
            sku,
            &format!("Teton Pullover Hoodie-{size}-{colour}"),
            "Men/Tops/Hoodies & Sweatshirts",
        )
    };
    SeedCatalog {
        products: vec![
            product("24-MB01", "Joust Duffle Bag", "Gear/Bags"),
            hoodie,
            variant("MH02-XS-Black", "Black", "XS"),
            variant("MH02-S-Black", "Black", "S"),
            variant("MH02-XS-Red", "Red", "XS"),
            product("MS01", "Zoltan Gym Tee", "Men/Tops/Tees"),
        ],
        owners: vec![SeedUser {
            username: "anna.berg".into(),
            email: "anna.berg@shelflink-demo.example".into(),
            display_name: "Anna Berg (Product Manager)".into(),
        }],
        ..SeedCatalog::default()
    }
}

/// `n` simple products `P-00000` … in one category.
pub fn big_catalog(n: usize) -> SeedCatalog {
    SeedCatalog {
        products: (0..n)
            .map(|i| product(&format!("P-{i:05}"), &format!("Product {i}"), "Gear/Bags"))
            .collect(),
        ..SeedCatalog::default()
    }
}

pub struct Sim {
    pub base: String,
    pub sim: Arc<AllportalSim>,
    pub writes: WriteLog,
    pub http: reqwest::Client,
}

pub fn config() -> AllportalConfig {
    AllportalConfig {
        api_key: KEY.into(),
        username: USER.into(),
        password: PASSWORD.into(),
    }
}

pub async fn start(catalog: SeedCatalog) -> Sim {
    start_with(catalog, AllportalSettings::default(), |_| {}).await
}

/// Serves a simulator built from `catalog` with `settings`; `seed` runs before serving
/// (for `seed_link`).
pub async fn start_with(
    catalog: SeedCatalog,
    settings: AllportalSettings,
    seed: impl FnOnce(&AllportalSim),
) -> Sim {
    let writes = WriteLog::default();
    let sim = AllportalSim::with_settings(&catalog, config(), settings, writes.clone());
    seed(&sim);
    let sim = Arc::new(sim);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("local address"));
    let router = sim.clone().router();
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    Sim {
        base,
        sim,
        writes,
        http: reqwest::Client::new(),
    }
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the API key.
    pub fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, self.url(path)).bearer_auth(KEY)
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self
            .req(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("JSON body")
    }

    /// A4 PATCH; returns status and body.
    pub async fn patch(&self, module: &str, body: Value) -> (u16, Value) {
        let res = self
            .req(
                reqwest::Method::PATCH,
                &format!("/api/modules/{module}/objects"),
            )
            .json(&body)
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// PATCH that must succeed; returns the ids.
    pub async fn upsert(&self, module: &str, body: Value) -> Vec<String> {
        let (status, ids) = self.patch(module, body).await;
        assert_eq!(status, 200, "PATCH {module}: {ids}");
        serde_json::from_value(ids).expect("an array of ids")
    }

    pub async fn object(&self, module: &str, id: &str) -> Value {
        self.get_json(&format!("/api/modules/{module}/objects/{id}"))
            .await
    }

    pub async fn login(&self) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(PASSWORD);
        let body: Value = self
            .http
            .post(self.url("/service/usermanagement/login"))
            .json(&serde_json::json!({"username": USER, "password": b64, "language": "en_US"}))
            .send()
            .await
            .expect("login request")
            .json()
            .await
            .expect("login body");
        body["session"].as_str().expect("a session").to_owned()
    }

    /// A legacy call with positional parameters.
    pub async fn legacy(&self, path: &str, params: Value) -> Value {
        let res = self
            .http
            .post(self.url(path))
            .json(&params)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 200, "legacy calls answer 200 even on errors");
        res.json().await.expect("JSON envelope")
    }

    pub fn writes_to(&self, path_part: &str) -> Vec<WriteRecord> {
        self.writes
            .all()
            .into_iter()
            .filter(|w| w.path.contains(path_part))
            .collect()
    }
}

/// The value of the first undimensioned entry of `field`.
pub fn value<'a>(object: &'a Value, field: &str) -> &'a Value {
    &object[field][0]["value"]
}

/// A JPEG `w`×`h` with a gradient, so resizing has something to do.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode JPEG");
    out.into_inner()
}

/// Asserts `v` is an RFC 3339 UTC timestamp.
pub fn assert_rfc3339(v: &Value) {
    let s = v.as_str().unwrap_or_else(|| panic!("{v} is not a string"));
    let t = chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert_eq!(t.offset().local_minus_utc(), 0, "{s} is UTC");
    assert!(s.ends_with('Z'), "{s} ends with Z");
}

/// Asserts the Spring Boot error JSON (A1) field by field.
pub async fn assert_spring_error(
    res: reqwest::Response,
    status: u16,
    error: &str,
    path: &str,
) -> String {
    assert_eq!(res.status().as_u16(), status);
    let body: Value = res.json().await.expect("an error body in JSON");
    let keys: Vec<&str> = body
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["error", "message", "path", "status", "timestamp"],
        "{body}"
    );
    assert_eq!(body["status"], status);
    assert_eq!(body["error"], error);
    assert_eq!(body["path"], path);
    let ts = body["timestamp"].as_str().expect("timestamp string");
    let parsed = chrono::DateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%S%.3f%:z");
    assert!(
        parsed.is_ok() && ts.ends_with("+00:00") && ts.len() == 29,
        "timestamp {ts}"
    );
    body["message"].as_str().expect("message string").to_owned()
}

/// GETs a JPEG and returns its pixel size.
pub async fn dimensions_of(sim: &Sim, path: &str) -> (u32, u32) {
    let res = sim.req(reqwest::Method::GET, path).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).expect("a decodable JPEG");
    (img.width(), img.height())
}

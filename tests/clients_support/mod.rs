//! Shared helpers of the client tests: clients pointed at a local server, envelopes,
//! a raw TCP server that can break a connection mid-answer, and log capture.
#![allow(dead_code)]

use secrecy::SecretString;
use shelflink::allportal::{AllportalClient, AllportalConfig};
use shelflink::net::{NetConfig, RetryPolicy};
use shelflink::photoshelter::{OrgId, PhotoShelterClient, PhotoShelterConfig};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const PS_KEY: &str = "psKey.12345";
pub const PS_EMAIL: &str = "editor@example.org";
pub const PS_PASSWORD: &str = "ps-pass-Qx81";
pub const AP_KEY: &str = "75d6a19f-7e44-4ae5-b81f-7292bc9f774d";
pub const AP_USER: &str = "api-user";
pub const AP_PASSWORD: &str = "ap-pass-Zr52";

/// Retries that do not slow a test down: 3 retries, 1–4 ms apart, no jitter.
pub fn fast_net() -> NetConfig {
    NetConfig {
        retry: RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
            retry_after_cap: Duration::from_secs(60),
            jitter: false,
        },
        ..NetConfig::default()
    }
}

/// No timeouts (for tests on paused tokio time) and the default backoff.
pub fn paused_net() -> NetConfig {
    NetConfig {
        connect_timeout: None,
        read_timeout: None,
        call_timeout: None,
        ..NetConfig::default()
    }
}

pub fn ps_client(uri: &str, org: Option<&str>, net: NetConfig) -> PhotoShelterClient {
    PhotoShelterClient::new(PhotoShelterConfig {
        base_url: uri.parse().unwrap(),
        api_key: SecretString::from(PS_KEY),
        email: PS_EMAIL.into(),
        password: SecretString::from(PS_PASSWORD),
        organization: org.map(OrgId::from),
        net,
    })
    .unwrap()
}

pub fn ap_client_key(uri: &str, net: NetConfig) -> AllportalClient {
    let mut config = AllportalConfig::new(uri.parse().unwrap());
    config.api_key = Some(SecretString::from(AP_KEY));
    config.net = net;
    AllportalClient::new(config).unwrap()
}

pub fn ap_client_password(uri: &str, net: NetConfig) -> AllportalClient {
    let mut config = AllportalConfig::new(uri.parse().unwrap());
    config.username = Some(AP_USER.into());
    config.password = Some(SecretString::from(AP_PASSWORD));
    config.net = net;
    AllportalClient::new(config).unwrap()
}

/// A PhotoShelter success envelope around `data`.
pub fn ps_ok(data: serde_json::Value) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({"status": "ok", "data": data}))
}

/// A PhotoShelter P1 error envelope.
pub fn ps_error(status: u16, class: &str, message: &str) -> wiremock::ResponseTemplate {
    wiremock::ResponseTemplate::new(status).set_body_json(serde_json::json!({
        "status": "error", "error": {"class": class, "message": message}
    }))
}

/// A token-mode login answer with `token` and the given organizations.
pub fn ps_login(token: &str, orgs: serde_json::Value) -> wiremock::ResponseTemplate {
    ps_ok(serde_json::json!({"token": token, "org": orgs, "two_factor": "f"}))
}

/// What a raw server does with one request.
#[derive(Clone)]
pub enum RawReply {
    /// Send these bytes (status line, headers, body) and close.
    Whole(Vec<u8>),
    /// Send these bytes, then reset the connection (TCP RST).
    ResetAfter(Vec<u8>),
}

/// A tiny HTTP/1.1 server on 127.0.0.1 answering each request with `reply(request line)`;
/// returns its base URL. Stops when the test's runtime ends.
pub async fn raw_server<F>(reply: F) -> String
where
    F: Fn(&str) -> RawReply + Send + Sync + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let reply = Arc::new(reply);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let reply = reply.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).to_string();
                let request_line = head.lines().next().unwrap_or("").to_string();
                match reply(&request_line) {
                    RawReply::Whole(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    RawReply::ResetAfter(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.flush().await;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        let _ = socket.set_zero_linger();
                        drop(socket);
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

/// Log lines written while a test ran (a tracing subscriber writing into memory).
#[derive(Clone, Default)]
pub struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl LogCapture {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// A subscriber logging everything (ours at trace, the HTTP stack at trace too).
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        let writer = self.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("trace"))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish()
    }
}

impl Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Files in `dir` (to check that nothing was left behind).
pub fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The simulator seeded with `seed`, on free loopback ports.
pub async fn sim(seed: shelflink_sim::SeedSource) -> shelflink_sim::RunningSim {
    shelflink_sim::start(shelflink_sim::SimOptions {
        seed,
        ..shelflink_sim::SimOptions::default()
    })
    .await
    .expect("the simulator starts")
}

/// The simulator's PhotoShelter account, inside its organization when `in_org`.
pub fn sim_ps(sim: &shelflink_sim::RunningSim, in_org: bool) -> PhotoShelterClient {
    let c = &sim.credentials.photoshelter;
    PhotoShelterClient::new(PhotoShelterConfig {
        base_url: sim.photoshelter.base_url.parse().unwrap(),
        api_key: SecretString::from(c.api_key.clone()),
        email: c.email.clone(),
        password: SecretString::from(c.password.clone()),
        organization: in_org.then(|| OrgId::new(c.org_id.clone())),
        net: fast_net(),
    })
    .unwrap()
}

/// The simulator's 4ALLPORTAL account with its API key and/or its password.
pub fn sim_ap(sim: &shelflink_sim::RunningSim, key: bool, password: bool) -> AllportalClient {
    let c = &sim.credentials.allportal;
    let mut config = AllportalConfig::new(sim.allportal.base_url.parse().unwrap());
    if key {
        config.api_key = Some(SecretString::from(c.api_key.clone()));
    }
    if password {
        config.username = Some(c.username.clone());
        config.password = Some(SecretString::from(c.password.clone()));
    }
    config.net = fast_net();
    AllportalClient::new(config).unwrap()
}

/// Ends every session of the service whose control URL is `control_url`.
pub async fn expire_sessions(control_url: &str) {
    let answer = reqwest::Client::new()
        .post(format!("{control_url}/sessions/expire"))
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "expire: {}", answer.status());
}

/// A small real JPEG of `width`×`height` at `path`.
pub fn write_jpeg(path: &std::path::Path, width: u32, height: u32) {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 120])
    });
    img.save_with_format(path, image::ImageFormat::Jpeg)
        .unwrap();
}

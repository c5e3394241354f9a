//! The fetch floor: the pages a sync fetched, fetched again with nothing but HTTP — the
//! same URLs, credentials and per-service concurrency, every body read to the end.

use anyhow::Context;
use futures::StreamExt;
use secrecy::ExposeSecret;
use shelflink_sim::RunningSim;
use std::time::{Duration, Instant};

/// The GET requests a sync made, per service (`path?query`).
pub struct Pages {
    pub photoshelter: Vec<String>,
    pub allportal: Vec<String>,
}

impl Pages {
    pub fn recorded(sim: &RunningSim) -> Pages {
        let gets = |log: &shelflink_sim::control::requests::RequestLog| {
            log.all()
                .into_iter()
                .filter(|r| r.method == "GET")
                .map(|r| r.target())
                .collect()
        };
        Pages {
            photoshelter: gets(&sim.photoshelter_faults.requests),
            allportal: gets(&sim.allportal_faults.requests),
        }
    }

    pub fn len(&self) -> usize {
        self.photoshelter.len() + self.allportal.len()
    }
}

/// The concurrency both clients use per service (`NetConfig::default`).
fn at_once() -> usize {
    crate::net::NetConfig::default().max_concurrency
}

async fn fetch_all(
    client: &reqwest::Client,
    base: &str,
    targets: &[String],
    headers: reqwest::header::HeaderMap,
) -> anyhow::Result<u64> {
    let bytes = futures::stream::iter(targets.iter().map(|t| {
        let request = client.get(format!("{base}{t}")).headers(headers.clone());
        async move {
            let answer = request.send().await?.error_for_status()?;
            Ok::<u64, reqwest::Error>(answer.bytes().await?.len() as u64)
        }
    }))
    .buffer_unordered(at_once())
    .collect::<Vec<_>>()
    .await;
    let mut total = 0;
    for b in bytes {
        total += b.context("fetching a page of the floor")?;
    }
    Ok(total)
}

/// Signs in to PhotoShelter (as the sync does) and fetches every page of both services.
pub async fn fetch(sim: &RunningSim, pages: &Pages) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let sources = super::sources(sim, false)?;
    let ps = sources
        .photoshelter
        .as_ref()
        .expect("PhotoShelter source")
        .client
        .clone();
    ps.children(&crate::photoshelter::CollectionId::root())
        .await?;
    let token = ps
        .session_token()
        .context("PhotoShelter gave no session token")?;
    let client = reqwest::Client::new();
    let mut ps_headers = reqwest::header::HeaderMap::new();
    ps_headers.insert(
        "X-PS-Api-Key",
        sim.credentials.photoshelter.api_key.parse()?,
    );
    ps_headers.insert("X-PS-Auth-Token", token.expose_secret().parse()?);
    let mut ap_headers = reqwest::header::HeaderMap::new();
    ap_headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {}", sim.credentials.allportal.api_key).parse()?,
    );
    let (a, b) = futures::try_join!(
        fetch_all(
            &client,
            &sim.photoshelter.base_url,
            &pages.photoshelter,
            ps_headers
        ),
        fetch_all(
            &client,
            &sim.allportal.base_url,
            &pages.allportal,
            ap_headers
        ),
    )?;
    anyhow::ensure!(a + b > 0, "the floor fetched nothing");
    Ok(started.elapsed())
}

//! `start`: seeds both services, binds two loopback ports and serves each behind its fault
//! layer, in-process (tests, the app's demo workspace) or from `shelflink sim`.

use crate::allportal::{AllportalConfig, AllportalSim};
use crate::control::writelog::{Service, WriteLog};
use crate::control::{FaultConfig, FaultRule, ServiceControl, with_controls};
use crate::credentials::Credentials;
use crate::photoshelter::{PhotoshelterConfig, PhotoshelterSim};
use crate::seed::model::{SeedCatalog, SeedImage};
use crate::seed::{catalog, demo, synthetic};
use anyhow::Context;
use serde_json::json;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What to seed the services with.
#[derive(Debug, Clone)]
pub enum SeedSource {
    /// The built-in demo workspace (`seed::demo`).
    Demo,
    /// A catalog folder (`seed::catalog::load`).
    Dir(PathBuf),
    /// `n` generated images (`seed::synthetic`).
    Synthetic(usize),
    /// A catalog built by the caller.
    Catalog(Box<SeedCatalog>),
}

/// How to run the simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub seed: SeedSource,
    /// Seed number: decides generated data, owners, credentials and fault dice.
    pub seed_number: u64,
    /// Fault rules per service (`control::parse_spec` turns a SPEC into these).
    pub faults: Vec<(Service, FaultRule)>,
    /// Requests per second each service accepts before answering 429.
    pub rate_limit: Option<f64>,
    /// 0 = any free port.
    pub photoshelter_port: u16,
    pub allportal_port: u16,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self {
            seed: SeedSource::Demo,
            seed_number: 1,
            faults: Vec::new(),
            rate_limit: None,
            photoshelter_port: 0,
            allportal_port: 0,
        }
    }
}

/// Where one simulated service listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Where its API starts (`{base_url}/psapi/v3` for PhotoShelter, `base_url` for 4ALLPORTAL).
    pub api_url: String,
    /// `{base_url}/_sim`.
    pub control_url: String,
}

impl Endpoint {
    fn new(addr: std::net::SocketAddr, api_path: &str) -> Self {
        let base_url = format!("http://{addr}");
        Self {
            api_url: format!("{base_url}{api_path}"),
            control_url: format!("{base_url}/_sim"),
            base_url,
        }
    }
}

/// A running simulator; dropping it stops serving (use `stop` to wait for that).
pub struct RunningSim {
    pub photoshelter: Endpoint,
    pub allportal: Endpoint,
    pub credentials: Credentials,
    /// The write log both services record into.
    pub writes: WriteLog,
    /// Fault rules and rate limit of each service, changeable while running.
    pub photoshelter_faults: Arc<ServiceControl>,
    pub allportal_faults: Arc<ServiceControl>,
    /// Numbers of what was seeded: images, products, links applied.
    pub seeded: Seeded,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    pub images: usize,
    pub products: usize,
    pub links: usize,
}

impl RunningSim {
    /// The one-line JSON `shelflink sim` prints: URLs and credentials of both services.
    pub fn announcement(&self) -> serde_json::Value {
        let ps = &self.credentials.photoshelter;
        let ap = &self.credentials.allportal;
        json!({
            "photoshelter": {
                "base_url": self.photoshelter.base_url,
                "api_url": self.photoshelter.api_url,
                "control_url": self.photoshelter.control_url,
                "api_key": ps.api_key,
                "email": ps.email,
                "password": ps.password,
                "org_id": ps.org_id,
                "org_name": ps.org_name,
            },
            "allportal": {
                "base_url": self.allportal.base_url,
                "api_url": self.allportal.api_url,
                "control_url": self.allportal.control_url,
                "api_key": ap.api_key,
                "username": ap.username,
                "password": ap.password,
            },
            "seeded": {"images": self.seeded.images, "products": self.seeded.products, "links": self.seeded.links},
        })
    }

    /// The fault control of `service`.
    pub fn faults(&self, service: Service) -> &Arc<ServiceControl> {
        match service {
            Service::Photoshelter => &self.photoshelter_faults,
            Service::Allportal => &self.allportal_faults,
        }
    }

    /// Stops serving and waits until both servers have closed.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks.drain(..) {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// Seeds, binds and serves both services; returns once both accept connections.
pub async fn start(options: SimOptions) -> anyhow::Result<RunningSim> {
    let seed = options.seed_number;
    let catalog = match options.seed {
        SeedSource::Demo => demo(),
        SeedSource::Dir(dir) => {
            catalog::load(&dir, seed).with_context(|| format!("seeding from {}", dir.display()))?
        }
        SeedSource::Synthetic(n) => synthetic(n, seed),
        SeedSource::Catalog(catalog) => *catalog,
    };
    let credentials = Credentials::for_seed(seed);
    let writes = WriteLog::default();
    let ps_listener = bind(
        options.photoshelter_port,
        "PhotoShelter",
        "--photoshelter-port",
    )
    .await?;
    let ap_listener = bind(options.allportal_port, "4ALLPORTAL", "--allportal-port").await?;
    let photoshelter = Endpoint::new(ps_listener.local_addr()?, "/psapi/v3");
    let allportal = Endpoint::new(ap_listener.local_addr()?, "");

    let c = &credentials;
    let ps = Arc::new(PhotoshelterSim::new(
        &catalog,
        PhotoshelterConfig {
            api_key: c.photoshelter.api_key.clone(),
            email: c.photoshelter.email.clone(),
            password: c.photoshelter.password.clone(),
            organization: Some((
                c.photoshelter.org_id.clone(),
                c.photoshelter.org_name.clone(),
            )),
        },
        writes.clone(),
    ));
    ps.set_origin(&photoshelter.base_url);
    let ap = Arc::new(AllportalSim::new(
        &catalog,
        AllportalConfig {
            api_key: c.allportal.api_key.clone(),
            username: c.allportal.username.clone(),
            password: c.allportal.password.clone(),
        },
        writes.clone(),
    ));
    let links = apply_links(&catalog, &ps, &ap)?;

    let control = |service: Service| {
        let rules = options
            .faults
            .iter()
            .filter(|(s, _)| *s == service)
            .map(|(_, r)| r.clone())
            .collect();
        Arc::new(ServiceControl::new(
            service,
            seed,
            FaultConfig {
                rules,
                rate_limit: options.rate_limit,
            },
        ))
    };
    let (ps_faults, ap_faults) = (control(Service::Photoshelter), control(Service::Allportal));
    let (shutdown, stopped) = watch::channel(false);
    let tasks = vec![
        serve(
            ps_listener,
            ps.router(),
            ps_faults.clone(),
            writes.clone(),
            stopped.clone(),
        ),
        serve(
            ap_listener,
            ap.router(),
            ap_faults.clone(),
            writes.clone(),
            stopped,
        ),
    ];
    Ok(RunningSim {
        photoshelter,
        allportal,
        credentials,
        writes,
        photoshelter_faults: ps_faults,
        allportal_faults: ap_faults,
        seeded: Seeded {
            images: catalog.images.len(),
            products: catalog.products.len(),
            links,
        },
        shutdown,
        tasks,
    })
}

async fn bind(port: u16, service: &str, flag: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen for {service} on 127.0.0.1:{port}: choose another {flag} or 0 for any free port"))
}

/// Relates each seed link's PhotoShelter image to its product; returns how many were made.
fn apply_links(
    catalog: &SeedCatalog,
    ps: &PhotoshelterSim,
    ap: &AllportalSim,
) -> anyhow::Result<usize> {
    let images: HashMap<&str, &SeedImage> = catalog
        .images
        .iter()
        .map(|i| (i.file_name.as_str(), i))
        .collect();
    let mut made = 0;
    for link in &catalog.links {
        let image = images.get(link.file_name.as_str()).with_context(|| {
            format!(
                "seed link of {} names image {}, which the seed lacks",
                link.sku, link.file_name
            )
        })?;
        let Some(image_id) = ps.image_id(&link.file_name) else {
            tracing::warn!(file = %link.file_name, "PhotoShelter has no image id for a seed link; link skipped");
            continue;
        };
        ap.seed_link(
            &link.sku,
            &link.file_name,
            &image_id,
            image.source.clone(),
            &link.role,
            link.position,
        )
        .with_context(|| format!("linking {} to {} before start", link.file_name, link.sku))?;
        made += 1;
    }
    Ok(made)
}

fn serve(
    listener: TcpListener,
    service: axum::Router,
    faults: Arc<ServiceControl>,
    writes: WriteLog,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    let app = with_controls(service, faults, writes);
    tokio::spawn(async move {
        let until_stopped = async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        if let Err(err) = axum::serve(listener, app)
            .with_graceful_shutdown(until_stopped)
            .await
        {
            tracing::error!(%err, "simulator server stopped with an error");
        }
    })
}

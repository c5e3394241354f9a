//! The demo workspace: the simulator of both services started inside the app on loopback
//! ports with the built-in demo seed (generated images, no third-party photos), and the
//! demo folder's accounts pointed at it with their secrets in memory.
//!
//! The simulator keeps its state only in memory, so a demo cannot outlive the process
//! honestly: each launch resets the demo folder's cache, queue and thumbnails
//! ([`reset_folder`]) before the workspace opens, and the first sync reads the fresh
//! simulator again. Settings (rights windows, mapping) and logs are kept. The UI says so in
//! its banner ([`super::status::DEMO_NOTICE`]).

use super::status::{DEMO_NOTICE, DemoInfo};
use crate::accounts::{
    Account, AccountOrganization, SecretKind, SimulatorTarget, remotes::SIMULATOR_SECTION,
};
use crate::net::Service;
use crate::settings::Settings;
use crate::workspace::{Workspace, WorkspaceKind};
use anyhow::Context;
use secrecy::SecretString;
use shelflink_sim::{RunningSim, SeedSource, SimOptions};
use std::path::Path;

/// Seed number of the demo simulator (decides its credentials and fault dice; the demo
/// catalog itself is always the same).
pub const DEMO_SIM_SEED: u64 = 1;

/// Removes what the previous demo run left that the new simulator would not match: the
/// cache database (with its write-ahead log), the thumbnails and files in transit. Call it
/// only once this process is the one instance of the demo workspace, before opening it.
pub fn reset_folder(dir: &Path) -> anyhow::Result<()> {
    let db = crate::paths::cache_db(dir);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.clone().into_os_string();
        name.push(suffix);
        remove(Path::new(&name), false)?;
    }
    remove(&crate::paths::thumbs_dir(dir), true)?;
    remove(&dir.join("transfer-scratch"), true)?;
    Ok(())
}

fn remove(path: &Path, folder: bool) -> anyhow::Result<()> {
    let result = if folder {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e).with_context(|| {
            format!(
                "cannot reset the demo workspace: {} could not be removed; close other \
                 Shelflink windows on the demo and try again",
                path.display()
            )
        }),
        _ => Ok(()),
    }
}

/// Starts the simulator with the demo seed and points `workspace` (the demo) at it.
pub async fn start(workspace: &Workspace) -> anyhow::Result<(RunningSim, DemoInfo)> {
    anyhow::ensure!(
        workspace.kind() == WorkspaceKind::Demo,
        "only the demo workspace runs on the built-in simulator"
    );
    let sim = shelflink_sim::start(SimOptions {
        seed: SeedSource::Demo,
        seed_number: DEMO_SIM_SEED,
        ..SimOptions::default()
    })
    .await
    .context("starting the demo's simulator")?;
    attach(workspace, &sim)?;
    let info = DemoInfo {
        photoshelter_url: sim.photoshelter.base_url.clone(),
        allportal_url: sim.allportal.base_url.clone(),
        seeded_images: count(sim.seeded.images),
        seeded_products: count(sim.seeded.products),
        seeded_links: count(sim.seeded.links),
        notice: DEMO_NOTICE.to_string(),
    };
    tracing::info!(
        photoshelter = %info.photoshelter_url,
        allportal = %info.allportal_url,
        "demo simulator started"
    );
    Ok((sim, info))
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The demo folder's accounts: one per service at the simulator, secrets in the workspace's
/// in-memory store; and the simulator section the transfer queue reads.
fn attach(workspace: &Workspace, sim: &RunningSim) -> anyhow::Result<()> {
    let creds = &sim.credentials;
    let secrets = workspace.secrets();
    let mut ps = Account::new(
        Service::PhotoShelter,
        &sim.photoshelter.base_url,
        &creds.photoshelter.email,
    );
    ps.organization = Some(AccountOrganization {
        id: creds.photoshelter.org_id.clone(),
        name: creds.photoshelter.org_name.clone(),
    });
    let mut ap = Account::new(
        Service::Allportal,
        &sim.allportal.base_url,
        &creds.allportal.username,
    );
    for (account, key, password) in [
        (
            &mut ps,
            &creds.photoshelter.api_key,
            &creds.photoshelter.password,
        ),
        (&mut ap, &creds.allportal.api_key, &creds.allportal.password),
    ] {
        secrets.set(
            &account.id,
            SecretKind::ApiKey,
            &SecretString::from(key.clone()),
        )?;
        secrets.set(
            &account.id,
            SecretKind::Password,
            &SecretString::from(password.clone()),
        )?;
        account.secrets = vec![SecretKind::ApiKey, SecretKind::Password];
        account.connected_at = Some(chrono::Utc::now());
    }
    let target = SimulatorTarget {
        photoshelter_url: sim.photoshelter.base_url.clone(),
        allportal_url: sim.allportal.base_url.clone(),
        seed: DEMO_SIM_SEED,
    };
    Settings::update(&workspace.settings_file(), |s| {
        s.accounts = vec![ps, ap];
        s.set_section(SIMULATOR_SECTION, &target)
    })
    .context("pointing the demo workspace at its simulator")??;
    Ok(())
}

//! The two services a workspace talks to, as ready clients with the 4ALLPORTAL field
//! mapping: for a live workspace, its connected accounts (secrets from the keyring); for
//! the demo workspace, the simulator it is attached to (whose demo credentials follow from
//! the simulator's seed number and are no secret).

use super::{Account, AccountError, SecretStore, allportal_client, photoshelter_client};
use crate::allportal::{AllportalClient, AllportalConfig, FieldMapping};
use crate::net::{NetConfig, Service};
use crate::photoshelter::{OrgId, PhotoShelterClient, PhotoShelterConfig};
use crate::settings::Settings;
use crate::workspace::{Workspace, WorkspaceKind};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// The clients of both services and how 4ALLPORTAL's fields are mapped.
#[derive(Debug, Clone)]
pub struct Remotes {
    pub photoshelter: PhotoShelterClient,
    pub allportal: AllportalClient,
    pub mapping: FieldMapping,
}

/// Connection limits per service.
#[derive(Debug, Clone, Default)]
pub struct RemoteNet {
    pub photoshelter: NetConfig,
    pub allportal: NetConfig,
}

/// The simulator a demo workspace is attached to (settings section `simulator`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SimulatorTarget {
    /// `http://127.0.0.1:PORT` of its PhotoShelter.
    pub photoshelter_url: String,
    /// `http://127.0.0.1:PORT` of its 4ALLPORTAL.
    pub allportal_url: String,
    /// Its seed number, which decides the demo credentials.
    pub seed: u64,
}

/// The settings section of [`SimulatorTarget`].
pub const SIMULATOR_SECTION: &str = "simulator";

impl SimulatorTarget {
    /// Attaches the demo workspace in `data_dir` to this simulator.
    pub fn save(&self, workspace: &Workspace) -> Result<(), AccountError> {
        if workspace.kind() != WorkspaceKind::Demo {
            return Err(AccountError::Invalid(
                "only the demo workspace talks to the simulator: open it with --demo".into(),
            ));
        }
        Settings::update(&workspace.settings_file(), |s| {
            s.set_section(SIMULATOR_SECTION, self)
        })??;
        Ok(())
    }

    fn clients(&self, net: &RemoteNet) -> Result<Remotes, AccountError> {
        let url = |text: &str, what: &str| {
            text.parse::<url::Url>().map_err(|e| {
                AccountError::Invalid(format!(
                    "the demo workspace's simulator has no valid {what} URL ({e}): start `shelflink sim --attach-demo` again"
                ))
            })
        };
        let credentials = shelflink_sim::Credentials::for_seed(self.seed);
        let ps = &credentials.photoshelter;
        let photoshelter = PhotoShelterClient::new(PhotoShelterConfig {
            base_url: url(&self.photoshelter_url, "PhotoShelter")?,
            api_key: SecretString::from(ps.api_key.clone()),
            email: ps.email.clone(),
            password: SecretString::from(ps.password.clone()),
            organization: Some(OrgId::new(ps.org_id.clone())),
            net: net.photoshelter.clone(),
        })?;
        let ap = &credentials.allportal;
        let mut config = AllportalConfig::new(url(&self.allportal_url, "4ALLPORTAL")?);
        config.api_key = Some(SecretString::from(ap.api_key.clone()));
        config.username = Some(ap.username.clone());
        config.password = Some(SecretString::from(ap.password.clone()));
        config.net = net.allportal.clone();
        Ok(Remotes {
            photoshelter,
            allportal: AllportalClient::new(config)?,
            mapping: FieldMapping::default(),
        })
    }
}

fn one_account(settings: &Settings, service: Service) -> Result<&Account, AccountError> {
    let mut accounts = settings.accounts.iter().filter(|a| a.service == service);
    let first = accounts.next().ok_or_else(|| {
        AccountError::Invalid(format!(
            "no {service} account is connected: connect one with `shelflink connect {}`",
            service.slug()
        ))
    })?;
    if accounts.next().is_some() {
        tracing::warn!(account = %first.id, "several {service} accounts are connected; using the first");
    }
    Ok(first)
}

impl Remotes {
    /// The clients of `workspace`: its accounts (live) or its simulator (demo).
    pub fn for_workspace(
        workspace: &Workspace,
        secrets: &dyn SecretStore,
        net: &RemoteNet,
    ) -> Result<Remotes, AccountError> {
        let settings = Settings::load(&workspace.settings_file())?;
        match workspace.kind() {
            WorkspaceKind::Demo => {
                let target: SimulatorTarget = settings.section(SIMULATOR_SECTION)?;
                if target.photoshelter_url.is_empty() || target.allportal_url.is_empty() {
                    return Err(AccountError::Invalid(
                        "the demo workspace is not attached to a simulator: run `shelflink sim --attach-demo` and keep it running".into(),
                    ));
                }
                target.clients(net)
            }
            WorkspaceKind::Live => {
                let ps = one_account(&settings, Service::PhotoShelter)?;
                let ap = one_account(&settings, Service::Allportal)?;
                Ok(Remotes {
                    photoshelter: photoshelter_client(ps, secrets, net.photoshelter.clone())?,
                    allportal: allportal_client(ap, secrets, net.allportal.clone())?,
                    mapping: ap.mapping(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::MemoryStore;

    #[test]
    fn a_demo_workspace_talks_to_the_simulator_it_was_attached_to() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path(), WorkspaceKind::Demo).unwrap();
        let store = MemoryStore::new();
        let err = Remotes::for_workspace(&ws, &store, &RemoteNet::default()).unwrap_err();
        assert!(err.to_string().contains("--attach-demo"), "{err}");
        SimulatorTarget {
            photoshelter_url: "http://127.0.0.1:4100".into(),
            allportal_url: "http://127.0.0.1:4200".into(),
            seed: 7,
        }
        .save(&ws)
        .unwrap();
        let remotes = Remotes::for_workspace(&ws, &store, &RemoteNet::default()).unwrap();
        assert_eq!(
            remotes.allportal.base_url().as_str(),
            "http://127.0.0.1:4200/"
        );
        assert_eq!(remotes.mapping, FieldMapping::default());
    }

    #[test]
    fn a_live_workspace_without_accounts_says_what_to_connect() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path(), WorkspaceKind::Live).unwrap();
        let err = Remotes::for_workspace(&ws, &MemoryStore::new(), &RemoteNet::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("shelflink connect photoshelter"), "{err}");
        let target = SimulatorTarget::default();
        assert!(
            target.save(&ws).is_err(),
            "a live workspace has no simulator"
        );
    }
}

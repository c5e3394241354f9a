//! Signing in to PhotoShelter: token mode, organization sign-in and sign-out, and one
//! transparent sign-in again when a session expires mid-work.

use super::client::{Params, PhotoShelterClient};
use super::envelope::{CallKind, map_failure, read_data};
use super::ids::OrgId;
use super::records::{Organization, SessionInfo};
use crate::net::http::CallSpec;
use crate::net::{ApiError, Replay, Service, path_segment};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use std::future::Future;

const LOGIN: &str = "/psapi/v3/mem/authenticate";
const LOGOUT: &str = "/psapi/v3/mem/authenticate/logout";
const SESSION: &str = "/psapi/v3/mem/user/session";
const ORG_LOGIN: &str = "/psapi/v3/mem/organization/{org_id}/authenticate";

/// What a sign-in found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginInfo {
    /// Organizations the user belongs to (`data.org`).
    pub organizations: Vec<Organization>,
    /// The organization now acted in, if any.
    pub organization: Option<OrgId>,
}

impl PhotoShelterClient {
    /// Signs in (token mode) and enters the configured organization.
    pub async fn login(&self) -> Result<LoginInfo, ApiError> {
        let generation = self.inner.state.lock().expect("state lock").generation;
        self.sign_in(generation).await?;
        let state = self.inner.state.lock().expect("state lock");
        Ok(LoginInfo {
            organizations: state.organizations.clone(),
            organization: state.organization.clone(),
        })
    }

    /// Organizations found at the last sign-in.
    pub fn organizations(&self) -> Vec<Organization> {
        self.inner
            .state
            .lock()
            .expect("state lock")
            .organizations
            .clone()
    }

    /// The session token, to keep in the keyring and resume the session next time
    /// (PhotoShelter caps the sessions per user, so reusing one beats signing in anew).
    pub fn session_token(&self) -> Option<SecretString> {
        self.inner.state.lock().expect("state lock").token.clone()
    }

    /// Resumes a session kept from an earlier run, acting in the configured organization
    /// (a session is kept only after that organization was entered). When the token has
    /// expired, the first call signs in again as usual.
    pub fn resume_session(&self, token: SecretString) {
        let mut state = self.inner.state.lock().expect("state lock");
        state.token = Some(token);
        state.generation += 1;
    }

    /// The organization the session acts in.
    pub fn organization(&self) -> Option<OrgId> {
        self.inner
            .state
            .lock()
            .expect("state lock")
            .organization
            .clone()
    }

    /// Acts inside `org` from now on (also after a sign-in again).
    pub async fn enter_organization(&self, org: &OrgId) -> Result<(), ApiError> {
        let token = self.token().await?.0;
        self.org_login(&token, org).await?;
        self.inner.state.lock().expect("state lock").organization = Some(org.clone());
        Ok(())
    }

    /// Goes back to the personal account (P4).
    pub async fn leave_organization(&self) -> Result<(), ApiError> {
        self.call(
            Method::POST,
            super::assumptions::ORG_LOGOUT,
            Params::default(),
            Replay::Safe,
        )
        .await?;
        self.inner.state.lock().expect("state lock").organization = None;
        Ok(())
    }

    /// Facts about the session, such as the account's time zone.
    pub async fn session_info(&self) -> Result<SessionInfo, ApiError> {
        let mut data = self
            .call(Method::GET, SESSION, Params::default(), Replay::Safe)
            .await?;
        Ok(data.take_opt("Session")?.unwrap_or_default())
    }

    /// Ends the session (sessions per user are capped, so sign out when done).
    pub async fn logout(&self) -> Result<(), ApiError> {
        let token = self.inner.state.lock().expect("state lock").token.clone();
        let Some(token) = token else {
            return Ok(());
        };
        let endpoint = format!("GET {LOGOUT}");
        let url = self.url(LOGOUT)?;
        let headers = self.headers(Some(&token))?;
        let spec = CallSpec {
            method: &Method::GET,
            path: LOGOUT,
            replay: Replay::Safe,
            transfer: false,
        };
        let result = self
            .inner
            .http
            .retrying(spec, || async {
                let r = self
                    .inner
                    .http
                    .send_once(spec, &|c: &reqwest::Client| {
                        Ok(c.get(url.clone()).headers(headers.clone()))
                    })
                    .await?;
                read_data(&endpoint, r, CallKind::Member).await
            })
            .await;
        self.inner.state.lock().expect("state lock").token = None;
        match result.map_err(|f| map_failure(&endpoint, f, CallKind::Member)) {
            // Already gone is as good as signed out.
            Ok(_) | Err(ApiError::SessionExpired { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn sign_in(&self, seen_generation: u64) -> Result<(), ApiError> {
        let _guard = self.inner.login_lock.lock().await;
        {
            let state = self.inner.state.lock().expect("state lock");
            if state.generation != seen_generation && state.token.is_some() {
                return Ok(());
            }
        }
        let endpoint = format!("POST {LOGIN}");
        let url = self.url(LOGIN)?;
        let headers = self.headers(None)?;
        let form = [
            ("email", self.inner.email.as_str()),
            ("password", self.inner.password.expose_secret()),
            ("mode", "token"),
        ];
        let spec = CallSpec {
            method: &Method::POST,
            path: LOGIN,
            replay: Replay::Safe,
            transfer: false,
        };
        let mut data = self
            .inner
            .http
            .retrying(spec, || async {
                let r = self
                    .inner
                    .http
                    .send_once(spec, &|c: &reqwest::Client| {
                        Ok(c.post(url.clone()).headers(headers.clone()).form(&form))
                    })
                    .await?;
                read_data(&endpoint, r, CallKind::Login).await
            })
            .await
            .map_err(|f| map_failure(&endpoint, f, CallKind::Login))?;
        let token = SecretString::from(data.take_secret_text("token")?);
        let organizations: Vec<Organization> = data.take_list("org")?;
        let wanted = self
            .inner
            .state
            .lock()
            .expect("state lock")
            .organization
            .clone();
        if let Some(org) = &wanted {
            if !organizations.iter().any(|o| &o.id == org) {
                let known: Vec<String> = organizations
                    .iter()
                    .map(|o| format!("{} ({})", o.name, o.id))
                    .collect();
                return Err(ApiError::Forbidden {
                    service: Service::PhotoShelter,
                    endpoint,
                    message: format!(
                        "the user is not a member of organization {org}; member of: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                });
            }
            self.org_login(&token, org).await?;
        }
        let mut state = self.inner.state.lock().expect("state lock");
        state.token = Some(token);
        state.generation += 1;
        state.organizations = organizations;
        tracing::info!(organization = ?state.organization, "signed in to PhotoShelter");
        Ok(())
    }

    async fn org_login(&self, token: &SecretString, org: &OrgId) -> Result<(), ApiError> {
        let path = super::assumptions::fill(ORG_LOGIN, "org_id", &path_segment(org.as_str()));
        let endpoint = format!("POST {path}");
        let url = self.url(&path)?;
        let headers = self.headers(Some(token))?;
        let spec = CallSpec {
            method: &Method::POST,
            path: &path,
            replay: Replay::Safe,
            transfer: false,
        };
        self.inner
            .http
            .retrying(spec, || async {
                let r = self
                    .inner
                    .http
                    .send_once(spec, &|c: &reqwest::Client| {
                        Ok(c.post(url.clone()).headers(headers.clone()))
                    })
                    .await?;
                read_data(&endpoint, r, CallKind::Member).await
            })
            .await
            .map_err(|f| map_failure(&endpoint, f, CallKind::Member))?;
        Ok(())
    }

    /// The current token, signing in first when there is none.
    async fn token(&self) -> Result<(SecretString, u64), ApiError> {
        loop {
            let generation = {
                let state = self.inner.state.lock().expect("state lock");
                if let Some(t) = &state.token {
                    return Ok((t.clone(), state.generation));
                }
                state.generation
            };
            self.sign_in(generation).await?;
        }
    }

    /// Runs `op` with the session token; when the session has expired, signs in again once
    /// (entering the organization again) and repeats `op`.
    pub(crate) async fn with_session<T, F, Fut>(&self, op: F) -> Result<T, ApiError>
    where
        F: Fn(SecretString) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let (token, generation) = self.token().await?;
        match op(token).await {
            Err(ApiError::SessionExpired { endpoint, .. }) => {
                tracing::info!(%endpoint, "PhotoShelter session expired; signing in again");
                {
                    let mut state = self.inner.state.lock().expect("state lock");
                    if state.generation == generation {
                        state.token = None;
                    }
                }
                self.sign_in(generation).await?;
                let (token, _) = self.token().await?;
                op(token).await
            }
            other => other,
        }
    }
}

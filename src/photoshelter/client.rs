//! The PhotoShelter client: its configuration, the API key on every call, and member calls
//! made through the session (see `session.rs` for signing in).

use super::envelope::{CallKind, Data, map_failure, read_data};
use super::ids::OrgId;
use super::records::Organization;
use crate::net::http::{CallSpec, HttpClient, HttpResponse};
use crate::net::retry::Failure;
use crate::net::{ApiError, NetConfig, Replay, Service, join_url, secret_header};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use secrecy::{ExposeSecret, SecretString};
use std::future::Future;
use std::sync::{Arc, Mutex};
use url::Url;

/// How to reach one PhotoShelter account.
#[derive(Debug, Clone)]
pub struct PhotoShelterConfig {
    /// `https://www.photoshelter.com`, a member subdomain or a custom domain.
    pub base_url: Url,
    pub api_key: SecretString,
    pub email: String,
    pub password: SecretString,
    /// The organization to act in after signing in (PhotoShelter for Brands).
    pub organization: Option<OrgId>,
    pub net: NetConfig,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) token: Option<SecretString>,
    /// Bumped on each sign-in, so concurrent calls that saw one expiry sign in once.
    pub(super) generation: u64,
    pub(super) organization: Option<OrgId>,
    pub(super) organizations: Vec<Organization>,
}

pub(crate) struct Inner {
    pub(crate) http: HttpClient,
    pub(super) base: Url,
    pub(super) api_key: SecretString,
    pub(super) email: String,
    pub(super) password: SecretString,
    pub(super) state: Mutex<State>,
    pub(super) login_lock: tokio::sync::Mutex<()>,
}

/// A PhotoShelter account connection (cheap to clone; clones share the session).
#[derive(Clone)]
pub struct PhotoShelterClient {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for PhotoShelterClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.inner.state.lock().expect("state lock");
        f.debug_struct("PhotoShelterClient")
            .field("base_url", &self.inner.base.as_str())
            .field("email", &self.inner.email)
            .field("organization", &state.organization)
            .field("signed_in", &state.token.is_some())
            .finish_non_exhaustive()
    }
}

/// One request's parameters.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pub query: Vec<(String, String)>,
    pub form: Option<Vec<(String, String)>>,
}

impl Params {
    pub fn query(query: Vec<(String, String)>) -> Self {
        Self { query, form: None }
    }
    pub fn form(form: Vec<(String, String)>) -> Self {
        Self {
            query: Vec::new(),
            form: Some(form),
        }
    }
}

impl PhotoShelterClient {
    pub fn new(config: PhotoShelterConfig) -> Result<Self, ApiError> {
        let http = HttpClient::new(Service::PhotoShelter, config.net)?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base: config.base_url,
                api_key: config.api_key,
                email: config.email,
                password: config.password,
                state: Mutex::new(State {
                    organization: config.organization,
                    ..State::default()
                }),
                login_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    pub(crate) fn url(&self, path: &str) -> Result<Url, ApiError> {
        join_url(&self.inner.base, path)
    }

    pub(super) fn headers(&self, token: Option<&SecretString>) -> Result<HeaderMap, ApiError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            "X-PS-Api-Key",
            secret_header(self.inner.api_key.expose_secret(), "PhotoShelter API key")?,
        );
        if let Some(token) = token {
            headers.insert(
                "X-PS-Auth-Token",
                secret_header(token.expose_secret(), "PhotoShelter session token")?,
            );
        }
        Ok(headers)
    }

    /// A member call answered with the v3 envelope.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        params: Params,
        replay: Replay,
    ) -> Result<Data, ApiError> {
        let endpoint = format!("{method} {path}");
        let url = self.url(path)?;
        self.with_session(|token| {
            let (method, url, endpoint, params) = (&method, &url, &endpoint, &params);
            async move {
                let headers = self.headers(Some(&token))?;
                let build = |c: &reqwest::Client| -> Result<RequestBuilder, ApiError> {
                    let mut rb = c
                        .request(method.clone(), url.clone())
                        .headers(headers.clone());
                    if !params.query.is_empty() {
                        rb = rb.query(&params.query);
                    }
                    if let Some(form) = &params.form {
                        rb = rb.form(form);
                    }
                    Ok(rb)
                };
                let spec = CallSpec {
                    method,
                    path,
                    replay,
                    transfer: false,
                };
                self.inner
                    .http
                    .retrying(spec, || async {
                        let r = self.inner.http.send_once(spec, &build).await?;
                        read_data(endpoint, r, CallKind::Member).await
                    })
                    .await
                    .map_err(|f| map_failure(endpoint, f, CallKind::Member))
            }
        })
        .await
    }

    /// A member call whose answer is not the envelope (a file): `finish` consumes it.
    pub(crate) async fn call_raw<T, B, Fin, FinFut>(
        &self,
        spec: CallSpec<'_>,
        build: B,
        finish: Fin,
    ) -> Result<T, ApiError>
    where
        B: Fn(&reqwest::Client, HeaderMap) -> Result<RequestBuilder, ApiError>,
        Fin: Fn(HttpResponse) -> FinFut,
        FinFut: Future<Output = Result<T, Failure>>,
    {
        let endpoint = spec.endpoint();
        self.with_session(|token| {
            let (build, finish, endpoint) = (&build, &finish, &endpoint);
            async move {
                let headers = self.headers(Some(&token))?;
                let make = |c: &reqwest::Client| build(c, headers.clone());
                self.inner
                    .http
                    .retrying(spec, || async {
                        let r = self.inner.http.send_once(spec, &make).await?;
                        finish(r).await
                    })
                    .await
                    .map_err(|f| map_failure(endpoint, f, CallKind::Member))
            }
        })
        .await
    }
}

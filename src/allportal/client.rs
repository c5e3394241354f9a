//! The 4ALLPORTAL client: Bearer API key or a username/password session (base64 password,
//! `CESESSID` cookie), with one sign-in again on 401 when a password is available.

use super::errors::{AuthUsed, Legacy, legacy_error, map_failure};
use crate::net::body::{Quote, read_json};
use crate::net::http::{CallSpec, HttpClient, HttpResponse};
use crate::net::retry::Failure;
use crate::net::{ApiError, Credential, NetConfig, Replay, Service, join_url, secret_header};
use base64::Engine;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap};
use reqwest::{Method, RequestBuilder};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::sync::{Arc, Mutex};
use url::Url;

const LOGIN: &str = "/service/usermanagement/login";
const LOGOUT: &str = "/rest/LoginRemoteService/logout";
const AP: Service = Service::Allportal;

/// How to reach one 4ALLPORTAL instance. Give an API key, a username and password, or
/// both (the key is used for `/api`; the session for the events feed).
#[derive(Debug, Clone)]
pub struct AllportalConfig {
    pub base_url: Url,
    pub api_key: Option<SecretString>,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    /// Sent at sign-in (`en_US` by default).
    pub language: String,
    pub net: NetConfig,
}

impl AllportalConfig {
    pub fn new(base_url: Url) -> Self {
        Self {
            base_url,
            api_key: None,
            username: None,
            password: None,
            language: "en_US".into(),
            net: NetConfig::default(),
        }
    }
}

#[derive(Default)]
struct State {
    session: Option<SecretString>,
    generation: u64,
}

struct Inner {
    http: HttpClient,
    base: Url,
    api_key: Option<SecretString>,
    username: Option<String>,
    password: Option<SecretString>,
    language: String,
    state: Mutex<State>,
    login_lock: tokio::sync::Mutex<()>,
}

/// A 4ALLPORTAL connection (cheap to clone; clones share the session).
#[derive(Clone)]
pub struct AllportalClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for AllportalClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AllportalClient")
            .field("base_url", &self.inner.base.as_str())
            .field("username", &self.inner.username)
            .field("api_key", &self.inner.api_key.as_ref().map(|_| "<hidden>"))
            .field(
                "signed_in",
                &self
                    .inner
                    .state
                    .lock()
                    .expect("state lock")
                    .session
                    .is_some(),
            )
            .finish_non_exhaustive()
    }
}

impl AllportalClient {
    pub fn new(config: AllportalConfig) -> Result<Self, ApiError> {
        if config.api_key.is_none() && config.password.is_none() {
            return Err(ApiError::invalid(
                "a 4ALLPORTAL account needs an API key or a user name and password",
            ));
        }
        if config.password.is_some() && config.username.is_none() {
            return Err(ApiError::invalid("a 4ALLPORTAL password needs a user name"));
        }
        Ok(Self {
            inner: Arc::new(Inner {
                http: HttpClient::new(AP, config.net)?,
                base: config.base_url,
                api_key: config.api_key,
                username: config.username,
                password: config.password,
                language: config.language,
                state: Mutex::new(State::default()),
                login_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// True when the account can sign in with a password (needed for the events feed).
    pub fn has_password(&self) -> bool {
        self.inner.password.is_some()
    }

    pub(crate) fn url(&self, path: &str) -> Result<Url, ApiError> {
        join_url(&self.inner.base, path)
    }

    /// Signs in with the user name and password (A2) and keeps the session.
    pub async fn login(&self) -> Result<(), ApiError> {
        let generation = self.inner.state.lock().expect("state lock").generation;
        self.sign_in(generation).await
    }

    /// Ends the session, if there is one.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let session = self.inner.state.lock().expect("state lock").session.take();
        let Some(session) = session else {
            return Ok(());
        };
        let body = serde_json::to_vec(&[session.expose_secret()])
            .map_err(|e| ApiError::invalid(e.to_string()))?;
        let result: Result<Legacy, ApiError> =
            self.legacy_post(LOGOUT, body, AuthUsed::Session).await;
        match result {
            // code != 0 here means the session was gone already: as good as signed out.
            Ok(_) | Err(ApiError::SessionExpired { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn sign_in(&self, seen_generation: u64) -> Result<(), ApiError> {
        let _guard = self.inner.login_lock.lock().await;
        {
            let state = self.inner.state.lock().expect("state lock");
            if state.generation != seen_generation && state.session.is_some() {
                return Ok(());
            }
        }
        let (Some(user), Some(password)) = (&self.inner.username, &self.inner.password) else {
            return Err(ApiError::invalid(
                "this 4ALLPORTAL account has no password, and this needs a session: add the user's password in Settings › Accounts",
            ));
        };
        let encoded = base64::engine::general_purpose::STANDARD.encode(password.expose_secret());
        let body = serde_json::json!({
            "username": user,
            "password": encoded,
            "language": self.inner.language,
        });
        let body = serde_json::to_vec(&body).map_err(|e| ApiError::invalid(e.to_string()))?;
        #[derive(serde::Deserialize)]
        struct LoginAnswer {
            #[serde(default, deserialize_with = "crate::net::lenient::opt_i64")]
            code: Option<i64>,
            #[serde(default)]
            session: Option<serde_json::Value>,
        }
        let answer: LoginAnswer = self.legacy_post(LOGIN, body, AuthUsed::Login).await?;
        let session = match (answer.code, answer.session) {
            (Some(0), Some(serde_json::Value::String(s))) if !s.is_empty() => SecretString::from(s),
            _ => {
                return Err(ApiError::Refused {
                    service: AP,
                    credential: Credential::Password,
                    status: None,
                    endpoint: format!("POST {LOGIN}"),
                });
            }
        };
        let mut state = self.inner.state.lock().expect("state lock");
        state.session = Some(session);
        state.generation += 1;
        tracing::info!("signed in to 4ALLPORTAL");
        Ok(())
    }

    /// POSTs a JSON body to a legacy path and reads the answer (no session handling).
    async fn legacy_post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: Vec<u8>,
        auth: AuthUsed,
    ) -> Result<T, ApiError> {
        let endpoint = format!("POST {path}");
        let url = self.url(path)?;
        let spec = CallSpec {
            method: &Method::POST,
            path,
            replay: Replay::Safe,
            transfer: false,
        };
        let quote = if auth == AuthUsed::Login {
            Quote::Never
        } else {
            Quote::Allowed
        };
        let build = |c: &reqwest::Client| {
            Ok(c.post(url.clone())
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone()))
        };
        self.inner
            .http
            .retrying(spec, || async {
                let r = self.inner.http.send_once(spec, &build).await?;
                read_json::<T>(AP, &endpoint, r, quote).await
            })
            .await
            .map_err(|f| map_failure(&endpoint, f, auth))
    }

    async fn session(&self) -> Result<(SecretString, u64), ApiError> {
        loop {
            let generation = {
                let state = self.inner.state.lock().expect("state lock");
                if let Some(s) = &state.session {
                    return Ok((s.clone(), state.generation));
                }
                state.generation
            };
            self.sign_in(generation).await?;
        }
    }

    /// Runs `op(session, first_try)`; on `SessionExpired` signs in again once and repeats.
    async fn with_session<T, F, Fut>(&self, op: F) -> Result<T, ApiError>
    where
        F: Fn(SecretString, bool) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let (session, generation) = self.session().await?;
        match op(session, true).await {
            Err(ApiError::SessionExpired { endpoint, .. }) if self.has_password() => {
                tracing::info!(%endpoint, "4ALLPORTAL session expired; signing in again");
                {
                    let mut state = self.inner.state.lock().expect("state lock");
                    if state.generation == generation {
                        state.session = None;
                    }
                }
                self.sign_in(generation).await?;
                let (session, _) = self.session().await?;
                op(session, false).await
            }
            other => other,
        }
    }

    fn auth_headers(
        &self,
        session: Option<&SecretString>,
    ) -> Result<(HeaderMap, AuthUsed), ApiError> {
        let mut headers = HeaderMap::new();
        if let Some(session) = session {
            let cookie = format!("CESESSID={}", session.expose_secret());
            headers.insert(COOKIE, secret_header(&cookie, "4ALLPORTAL session")?);
            return Ok((headers, AuthUsed::Session));
        }
        let key = self.inner.api_key.as_ref().expect("checked by the caller");
        let bearer = format!("Bearer {}", key.expose_secret());
        headers.insert(AUTHORIZATION, secret_header(&bearer, "4ALLPORTAL API key")?);
        Ok((headers, AuthUsed::ApiKey))
    }

    /// An `/api` call: `build` makes the request (without credentials), `finish` reads the
    /// answer; both run again on each retry. The API key is used when there is one,
    /// otherwise the session (signing in again once when it expired).
    pub(crate) async fn api<T, B, Fin, FinFut>(
        &self,
        spec: CallSpec<'_>,
        build: B,
        finish: Fin,
    ) -> Result<T, ApiError>
    where
        B: Fn(&reqwest::Client) -> Result<RequestBuilder, ApiError>,
        Fin: Fn(HttpResponse) -> FinFut,
        FinFut: Future<Output = Result<T, Failure>>,
    {
        let endpoint = spec.endpoint();
        let attempt = |session: Option<SecretString>| {
            let (build, finish, endpoint) = (&build, &finish, &endpoint);
            async move {
                let (headers, auth) = self.auth_headers(session.as_ref())?;
                let make = |c: &reqwest::Client| Ok(build(c)?.headers(headers.clone()));
                self.inner
                    .http
                    .retrying(spec, || async {
                        let r = self.inner.http.send_once(spec, &make).await?;
                        finish(r).await
                    })
                    .await
                    .map_err(|f| map_failure(endpoint, f, auth))
            }
        };
        if self.inner.api_key.is_some() {
            attempt(None).await
        } else {
            self.with_session(|session, _| attempt(Some(session))).await
        }
    }

    /// An `/api` call answered with JSON.
    pub(crate) async fn api_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<Vec<u8>>,
        replay: Replay,
    ) -> Result<T, ApiError> {
        let url = self.url(path)?;
        let endpoint = format!("{method} {path}");
        let spec = CallSpec {
            method: &method,
            path,
            replay,
            transfer: false,
        };
        self.api(
            spec,
            |c| {
                let mut rb = c.request(method.clone(), url.clone());
                if !query.is_empty() {
                    rb = rb.query(query);
                }
                if let Some(body) = &body {
                    rb = rb
                        .header(reqwest::header::CONTENT_TYPE, "application/json")
                        .body(body.clone());
                }
                Ok(rb)
            },
            |r| read_json::<T>(AP, &endpoint, r, Quote::Allowed),
        )
        .await
    }

    /// A legacy RPC call (`[session, ...params]`) with the session; `result` is returned.
    pub(crate) async fn legacy(
        &self,
        path: &str,
        params: Vec<serde_json::Value>,
        connector: Option<&str>,
    ) -> Result<serde_json::Value, ApiError> {
        let endpoint = format!("POST {path}");
        self.with_session(|session, first_try| {
            let (params, endpoint) = (&params, &endpoint);
            async move {
                let mut all = vec![serde_json::Value::String(
                    session.expose_secret().to_string(),
                )];
                all.extend(params.iter().cloned());
                let body =
                    serde_json::to_vec(&all).map_err(|e| ApiError::invalid(e.to_string()))?;
                let legacy: Legacy = self.legacy_post(path, body, AuthUsed::Session).await?;
                if legacy.code == Some(0) {
                    Ok(legacy.result)
                } else {
                    Err(legacy_error(endpoint, &legacy, connector, first_try))
                }
            }
        })
        .await
    }
}

//! The shared HTTP layer: one reqwest client per service with a concurrency cap, an optional
//! rate limit, timeouts, the retry policy and a tracing span around every call.

use super::error::{ApiError, Service};
use super::redact::redact_url;
use super::retry::{Failure, Replay, RetryPolicy, parse_retry_after};
use reqwest::{Method, RequestBuilder, StatusCode};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tracing::Instrument;

/// Limits and timeouts of one service's connection.
#[derive(Debug, Clone)]
pub struct NetConfig {
    /// At most this many requests to the service at once (default 4).
    pub max_concurrency: usize,
    /// At most this many requests per second to the service (every attempt counts, retries
    /// too); `None` = no limit (default). Requests over it wait their turn.
    pub rate_limit: Option<f64>,
    /// Time to open a connection (default 10 s).
    pub connect_timeout: Option<Duration>,
    /// Longest silence while reading an answer (default 60 s); applies to transfers too.
    pub read_timeout: Option<Duration>,
    /// Whole-call limit for API calls that are not file transfers (default 120 s).
    pub call_timeout: Option<Duration>,
    pub retry: RetryPolicy,
}

impl Default for NetConfig {
    fn default() -> Self {
        Self {
            max_concurrency: 4,
            rate_limit: None,
            connect_timeout: Some(Duration::from_secs(10)),
            read_timeout: Some(Duration::from_secs(60)),
            call_timeout: Some(Duration::from_secs(120)),
            retry: RetryPolicy::default(),
        }
    }
}

/// How one call is made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallSpec<'a> {
    pub method: &'a Method,
    /// The path (no query string) for logs and errors.
    pub path: &'a str,
    pub replay: Replay,
    /// A file transfer: no whole-call timeout.
    pub transfer: bool,
}

impl CallSpec<'_> {
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A 2xx answer, holding its slot of the service's concurrency cap until dropped.
#[derive(Debug)]
pub(crate) struct HttpResponse {
    pub inner: reqwest::Response,
    _permit: OwnedSemaphorePermit,
}

/// One service's HTTP connection (cheap to clone).
#[derive(Debug, Clone)]
pub(crate) struct HttpClient {
    service: Service,
    client: reqwest::Client,
    limit: Arc<Semaphore>,
    pace: Option<Arc<RateLimit>>,
    config: NetConfig,
}

impl HttpClient {
    pub fn new(service: Service, config: NetConfig) -> Result<Self, ApiError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("Shelflink/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::limited(5));
        if let Some(t) = config.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = config.read_timeout {
            builder = builder.read_timeout(t);
        }
        let client = builder
            .build()
            .map_err(|e| ApiError::invalid(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Self {
            service,
            client,
            limit: Arc::new(Semaphore::new(config.max_concurrency.max(1))),
            pace: config.rate_limit.and_then(RateLimit::new).map(Arc::new),
            config,
        })
    }

    /// Runs `op` (which makes its own calls with `send_once`) under the retry policy, in a span.
    pub async fn retrying<T, F, Fut>(&self, spec: CallSpec<'_>, op: F) -> Result<T, Failure>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        let span = tracing::info_span!(
            "http",
            service = %self.service,
            method = %spec.method,
            path = spec.path,
        );
        self.config
            .retry
            .run(spec.replay, op)
            .instrument(span)
            .await
    }

    /// One attempt, without retries.
    pub async fn send_once<F>(&self, spec: CallSpec<'_>, build: &F) -> Result<HttpResponse, Failure>
    where
        F: Fn(&reqwest::Client) -> Result<RequestBuilder, ApiError>,
    {
        let permit = self
            .limit
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::invalid("the connection was shut down"))?;
        if let Some(pace) = &self.pace {
            pace.until_ready().await;
        }
        let mut builder = build(&self.client)?;
        if let (false, Some(t)) = (spec.transfer, self.config.call_timeout) {
            builder = builder.timeout(t);
        }
        let (client, request) = builder.build_split();
        let request = request.map_err(|e| Failure::Transport(e.without_url()))?;
        tracing::debug!(url = %redact_url(request.url()), "request");
        let started = Instant::now();
        let response = client
            .execute(request)
            .await
            .map_err(|e| Failure::Transport(e.without_url()));
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let response = match response {
            Ok(r) => r,
            Err(failure) => {
                tracing::debug!(elapsed_ms, reason = %failure_reason(&failure), "no answer");
                return Err(failure);
            }
        };
        let status = response.status();
        tracing::debug!(status = status.as_u16(), elapsed_ms, "answer");
        if status.is_success() {
            return Ok(HttpResponse {
                inner: response,
                _permit: permit,
            });
        }
        Err(status_failure(status, response).await)
    }
}

/// A GCRA rate limit (governor) of `rps` requests per second without bursts: requests are
/// spaced evenly, so a server with the same limit never has to refuse one.
#[derive(Debug)]
struct RateLimit {
    limiter: governor::DefaultDirectRateLimiter,
}

impl RateLimit {
    fn new(rps: f64) -> Option<Self> {
        if !(rps.is_finite() && rps > 0.0) {
            return None;
        }
        // A quarter second's worth may go at once: a slot left unused while the caller was
        // busy between requests is not lost, and the burst stays well inside what a service
        // limiting to the same rate allows (the simulator: one second's worth).
        let burst = std::num::NonZeroU32::new((rps / 4.0).floor().min(1000.0) as u32)
            .unwrap_or(std::num::NonZeroU32::MIN);
        let quota =
            governor::Quota::with_period(Duration::from_secs_f64(1.0 / rps))?.allow_burst(burst);
        Some(Self {
            limiter: governor::RateLimiter::direct(quota),
        })
    }

    /// Waits (on the tokio timer) until the next request may go.
    async fn until_ready(&self) {
        use governor::clock::Clock;
        while let Err(not_until) = self.limiter.check() {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            tokio::time::sleep(wait).await;
        }
    }
}

fn failure_reason(failure: &Failure) -> String {
    match failure {
        Failure::Transport(e) => transport_reason(e),
        _ => String::new(),
    }
}

async fn status_failure(status: StatusCode, response: reqwest::Response) -> Failure {
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let html = is_html_type(response.headers());
    let mut body = Vec::new();
    let mut response = response;
    while let Ok(Some(chunk)) = response.chunk().await {
        body.extend_from_slice(&chunk);
        if body.len() >= 16 * 1024 {
            body.truncate(16 * 1024);
            break;
        }
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    let html = html || looks_like_html(body.as_bytes());
    Failure::Status {
        status,
        retry_after,
        body,
        html,
    }
}

pub(crate) fn is_html_type(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("text/html"))
}

pub(crate) fn looks_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    start.starts_with(b"<!doctype") || start.starts_with(b"<html") || start.starts_with(b"<head")
}

/// Words for a transport failure, without the URL.
pub(crate) fn transport_reason(err: &reqwest::Error) -> String {
    let mut reason = if err.is_timeout() {
        "timed out".to_string()
    } else if err.is_connect() {
        "connection failed".to_string()
    } else if err.is_body() || err.is_decode() {
        "the answer broke off".to_string()
    } else {
        "no complete answer".to_string()
    };
    if let Some(root) = root_cause(err) {
        reason.push_str(": ");
        reason.push_str(&root);
    }
    reason
}

/// The innermost cause of a transport failure (e.g. "Connection reset by peer").
pub(crate) fn root_cause(err: &reqwest::Error) -> Option<String> {
    use std::error::Error as _;
    let mut source = err.source();
    let mut last = None;
    while let Some(s) = source {
        last = Some(s.to_string());
        source = s.source();
    }
    last
}

/// Turns a transport failure into the error people see.
pub(crate) fn transport_error(service: Service, endpoint: &str, err: &reqwest::Error) -> ApiError {
    let reason = transport_reason(err);
    let endpoint = endpoint.to_string();
    if err.is_timeout() {
        ApiError::Timeout {
            service,
            endpoint,
            reason,
        }
    } else if err.is_connect() {
        ApiError::Unreachable {
            service,
            endpoint,
            reason,
        }
    } else {
        ApiError::Interrupted {
            service,
            endpoint,
            reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_rate_limit_lets_a_short_burst_go_then_spaces_requests_evenly() {
        let pace = RateLimit::new(50.0).expect("a positive rate");
        let started = Instant::now();
        for _ in 0..12 {
            pace.until_ready().await;
        }
        let burst = started.elapsed();
        for _ in 0..5 {
            pace.until_ready().await;
        }
        // A quarter second's worth (12) goes at once, the next five 20 ms apart.
        assert!(burst < Duration::from_millis(15), "{burst:?}");
        assert!(
            started.elapsed() >= Duration::from_millis(95),
            "{:?}",
            started.elapsed()
        );
        assert!(RateLimit::new(0.0).is_none());
        assert!(RateLimit::new(f64::NAN).is_none());
    }

    #[test]
    fn html_pages_are_recognised_by_their_start() {
        assert!(looks_like_html(b"  \n<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<html><body>Sign in</body></html>"));
        assert!(!looks_like_html(br#"{"status":"ok"}"#));
    }
}

//! The one retry policy of both clients, built on `backon`: exponential backoff with jitter
//! for connection errors, 5xx and 429, `Retry-After` honoured up to a cap, and requests that
//! may have reached the server replayed only when they are safe to replay.

use super::error::ApiError;
use backon::{ExponentialBuilder, Retryable};
use reqwest::StatusCode;
use std::future::Future;
use std::time::Duration;

/// Whether a request may be sent again after it may already have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Reads, idempotent writes, and writes the caller made safe (for example with an
    /// idempotency check before the call): retried on every transient failure.
    Safe,
    /// Not idempotent: retried only when the server cannot have acted on it (the
    /// connection was never made, or the answer was 429 "too many requests").
    Unsafe,
}

/// Backoff settings. Defaults: 4 retries, 250 ms doubling up to 10 s, with jitter;
/// `Retry-After` is waited for, but never longer than 60 s per retry.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_retries: usize,
    pub min_delay: Duration,
    pub max_delay: Duration,
    pub retry_after_cap: Duration,
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            retry_after_cap: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all (for probing calls such as "verify this account").
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    fn backoff(&self) -> ExponentialBuilder {
        let builder = ExponentialBuilder::default()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries);
        if self.jitter {
            builder.with_jitter()
        } else {
            builder
        }
    }

    /// Runs `op` until it succeeds, fails for good, or the retries are used up.
    pub(crate) async fn run<T, F, Fut>(&self, replay: Replay, op: F) -> Result<T, Failure>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        let cap = self.retry_after_cap;
        op.retry(self.backoff())
            .sleep(tokio::time::sleep)
            .when(|failure: &Failure| failure.retryable(replay))
            .adjust(move |failure: &Failure, planned: Option<Duration>| {
                let planned = planned?;
                Some(match failure.retry_after() {
                    Some(asked) => planned.max(asked.min(cap)),
                    None => planned,
                })
            })
            .notify(|failure: &Failure, delay: Duration| {
                tracing::warn!(
                    reason = %failure.reason(),
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                );
            })
            .await
    }
}

/// One failed attempt, before it becomes an `ApiError` in the client that made it.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The server answered with a status other than 2xx.
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
        /// The start of the body (at most 16 KiB), for the server's own message.
        body: String,
        html: bool,
    },
    /// No usable answer: connection refused or reset, timeout, broken body.
    Transport(reqwest::Error),
    /// Already classified.
    Api(ApiError),
}

impl Failure {
    fn retryable(&self, replay: Replay) -> bool {
        match self {
            Failure::Status { status, .. } => {
                *status == StatusCode::TOO_MANY_REQUESTS
                    || (status.is_server_error()
                        && *status != StatusCode::NOT_IMPLEMENTED
                        && replay == Replay::Safe)
            }
            Failure::Transport(err) => {
                !err.is_builder() && (err.is_connect() || replay == Replay::Safe)
            }
            Failure::Api(err) => err.is_transient() && replay == Replay::Safe,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    fn reason(&self) -> String {
        match self {
            Failure::Status { status, .. } => format!("HTTP {}", status.as_u16()),
            Failure::Transport(err) => super::http::transport_reason(err),
            Failure::Api(err) => err.to_string(),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(err: ApiError) -> Self {
        Failure::Api(err)
    }
}

/// Reads `Retry-After` as delta-seconds or as an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Failure {
        Failure::Status {
            status: StatusCode::from_u16(code).unwrap(),
            retry_after: None,
            body: String::new(),
            html: false,
        }
    }

    #[test]
    fn server_errors_are_retried_only_when_replay_is_safe() {
        assert!(status(503).retryable(Replay::Safe));
        assert!(!status(503).retryable(Replay::Unsafe));
        assert!(!status(501).retryable(Replay::Safe));
    }

    #[test]
    fn rate_limits_are_retried_even_for_unsafe_writes() {
        assert!(status(429).retryable(Replay::Unsafe));
        assert!(!status(400).retryable(Replay::Safe));
        assert!(!status(404).retryable(Replay::Safe));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}

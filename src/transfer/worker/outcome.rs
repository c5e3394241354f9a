//! How an attempt's error decides what happens next: wait (offline), try again later
//! (with backoff, or when the service said), stop for a person, or give up.

use crate::net::ApiError;
use crate::transfer::exec::JobError;
use crate::transfer::queue::Finish;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Exponential backoff between attempts of one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Before the second attempt.
    pub min: Duration,
    /// The longest wait.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            min: Duration::from_secs(2),
            max: Duration::from_secs(300),
        }
    }
}

impl Backoff {
    /// The wait after attempt `attempt` (1 = the first) of job `job`: doubling from `min`
    /// up to `max`, spread ±25 % per job so retries of many jobs do not come in one burst.
    pub fn delay(&self, job: i64, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(20);
        let base = self.min.saturating_mul(1u32 << doublings).min(self.max);
        let spread = (job.unsigned_abs().wrapping_mul(2_654_435_761) ^ u64::from(attempt)) % 501;
        base.mul_f64(0.75 + spread as f64 / 1000.0).min(self.max)
    }
}

/// What the worker needs to decide.
#[derive(Debug, Clone, Copy)]
pub struct Decide {
    pub job: i64,
    /// The attempt that just ended (1 = the first).
    pub attempt: u32,
    pub max_attempts: u32,
    pub backoff: Backoff,
    pub offline_wait: Duration,
    pub now: DateTime<Utc>,
}

impl Decide {
    fn later(&self, wait: Duration) -> DateTime<Utc> {
        self.now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX)
    }

    fn retry(&self, error: String, at_least: Duration) -> Finish {
        if self.attempt >= self.max_attempts {
            return Finish::GiveUp {
                error: format!(
                    "gave up after {} attempts: {error}. Retry it when the cause is fixed",
                    self.attempt
                ),
            };
        }
        let wait = self.backoff.delay(self.job, self.attempt).max(at_least);
        Finish::Retry {
            error,
            at: self.later(wait),
        }
    }

    /// The next step after `err`.
    pub fn after(&self, err: &JobError) -> Finish {
        match err {
            JobError::Cancelled => Finish::Cancelled {
                reason: "cancelled by a person".into(),
            },
            JobError::Attention(reason) => Finish::Attention {
                reason: reason.clone(),
            },
            JobError::Cache(_) => self.retry(err.to_string(), Duration::ZERO),
            JobError::Api(api) => match api {
                ApiError::Unreachable { .. } => Finish::Offline {
                    error: api.to_string(),
                    at: self.later(self.offline_wait),
                },
                ApiError::RateLimited { retry_after, .. } => {
                    self.retry(api.to_string(), retry_after.unwrap_or(Duration::ZERO))
                }
                // A garbled answer or a local file problem may not happen again.
                e if e.is_transient()
                    || matches!(e, ApiError::Parse { .. } | ApiError::File { .. }) =>
                {
                    self.retry(api.to_string(), Duration::ZERO)
                }
                other => Finish::Attention {
                    reason: other.to_string(),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::Service;

    fn decide(attempt: u32) -> Decide {
        Decide {
            job: 7,
            attempt,
            max_attempts: 3,
            backoff: Backoff {
                min: Duration::from_secs(2),
                max: Duration::from_secs(60),
            },
            offline_wait: Duration::from_secs(15),
            now: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn server_error() -> JobError {
        JobError::Api(ApiError::Server {
            service: Service::Allportal,
            endpoint: "PATCH /api/modules/product/objects".into(),
            status: 503,
            message: String::new(),
        })
    }

    #[test]
    fn backoff_doubles_within_its_spread_and_stops_at_the_cap() {
        let b = decide(1).backoff;
        let first = b.delay(7, 1);
        assert!(first >= Duration::from_millis(1500) && first <= Duration::from_millis(2500));
        let third = b.delay(7, 3);
        assert!(third >= Duration::from_secs(6) && third <= Duration::from_secs(10));
        assert!(b.delay(7, 30) <= Duration::from_secs(60));
    }

    #[test]
    fn a_server_error_is_retried_until_the_attempts_are_used_up() {
        assert!(matches!(
            decide(1).after(&server_error()),
            Finish::Retry { .. }
        ));
        match decide(3).after(&server_error()) {
            Finish::GiveUp { error } => assert!(error.starts_with("gave up after 3 attempts")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unreachable_service_makes_the_job_wait_without_counting() {
        let err = JobError::Api(ApiError::Unreachable {
            service: Service::PhotoShelter,
            endpoint: "GET /psapi/v3/mem/image/I1/iptc".into(),
            reason: "connection refused".into(),
        });
        match decide(3).after(&err) {
            Finish::Offline { at, .. } => {
                assert_eq!((at - decide(3).now).num_seconds(), 15);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_rate_limit_waits_at_least_as_long_as_the_service_asked() {
        let err = JobError::Api(ApiError::RateLimited {
            service: Service::Allportal,
            endpoint: "PATCH /x".into(),
            retry_after: Some(Duration::from_secs(30)),
        });
        match decide(1).after(&err) {
            Finish::Retry { at, .. } => assert!((at - decide(1).now).num_seconds() >= 30),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_object_needs_a_person() {
        let err = JobError::Api(ApiError::NotFound {
            service: Service::Allportal,
            endpoint: "GET /api/modules/product/objects/p1".into(),
            message: String::new(),
        });
        assert!(matches!(decide(1).after(&err), Finish::Attention { .. }));
    }
}

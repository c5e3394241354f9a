//! The queue's settings (settings section `transfer`): how many jobs run at once and how
//! many requests per second go to each service, how often a job is tried, how long jobs
//! wait when a service cannot be reached.

use super::worker::WorkerConfig;
use super::worker::outcome::Backoff;
use crate::accounts::RemoteNet;
use crate::net::NetConfig;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The settings section name.
pub const SECTION: &str = "transfer";

/// Limits for one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceLimits {
    /// Jobs writing to the service at once.
    pub jobs: usize,
    /// Requests at once (all jobs together).
    pub connections: usize,
    /// Requests per second; `None` = as fast as the service answers (it says when to
    /// slow down with 429, which is honoured).
    pub requests_per_second: Option<f64>,
}

impl Default for ServiceLimits {
    fn default() -> Self {
        Self {
            jobs: 4,
            connections: 4,
            requests_per_second: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransferSettings {
    pub photoshelter: ServiceLimits,
    pub allportal: ServiceLimits,
    /// Attempts of one job before it is given up (a person can retry it).
    pub max_attempts: u32,
    /// The first wait between attempts, doubling up to `max_backoff_secs`.
    pub min_backoff_secs: f64,
    pub max_backoff_secs: f64,
    /// How long jobs wait when a service cannot be reached.
    pub offline_wait_secs: f64,
}

impl Default for TransferSettings {
    fn default() -> Self {
        Self {
            photoshelter: ServiceLimits::default(),
            allportal: ServiceLimits::default(),
            max_attempts: super::DEFAULT_MAX_ATTEMPTS,
            min_backoff_secs: 2.0,
            max_backoff_secs: 300.0,
            offline_wait_secs: 15.0,
        }
    }
}

fn secs(value: f64, fallback: f64) -> Duration {
    Duration::try_from_secs_f64(value)
        .or_else(|_| Duration::try_from_secs_f64(fallback))
        .unwrap_or(Duration::ZERO)
}

impl TransferSettings {
    /// The clients' limits: connections and request rate per service.
    pub fn remote_net(&self) -> RemoteNet {
        let net = |limits: &ServiceLimits| NetConfig {
            max_concurrency: limits.connections.max(1),
            rate_limit: limits.requests_per_second,
            ..NetConfig::default()
        };
        RemoteNet {
            photoshelter: net(&self.photoshelter),
            allportal: net(&self.allportal),
        }
    }

    /// The worker's configuration (rights policy and clock at their defaults).
    pub fn worker_config(&self) -> WorkerConfig {
        WorkerConfig {
            photoshelter_jobs: self.photoshelter.jobs.max(1),
            allportal_jobs: self.allportal.jobs.max(1),
            backoff: Backoff {
                min: secs(self.min_backoff_secs, 2.0),
                max: secs(self.max_backoff_secs, 300.0),
            },
            offline_wait: secs(self.offline_wait_secs, 15.0),
            ..WorkerConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_section_keeps_the_other_defaults() {
        let s: TransferSettings = serde_json::from_str(
            r#"{"allportal": {"requests_per_second": 20}, "max_attempts": 3}"#,
        )
        .unwrap();
        assert_eq!(s.allportal.requests_per_second, Some(20.0));
        assert_eq!(s.allportal.jobs, 4);
        assert_eq!(s.max_attempts, 3);
        let net = s.remote_net();
        assert_eq!(net.allportal.rate_limit, Some(20.0));
        assert_eq!(net.photoshelter.rate_limit, None);
        assert_eq!(s.worker_config().offline_wait, Duration::from_secs(15));
    }

    #[test]
    fn nonsense_durations_fall_back_to_the_defaults() {
        let s = TransferSettings {
            min_backoff_secs: -1.0,
            ..TransferSettings::default()
        };
        assert_eq!(s.worker_config().backoff.min, Duration::from_secs(2));
    }
}

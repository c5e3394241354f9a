//! The live fault and rate-limit state of one service: its rules, a deterministic random
//! generator deciding which requests are hit, and a GCRA limiter (`governor`).

use super::requests::RequestLog;
use super::rules::{Fault, FaultConfig};
use super::writelog::Service;
use governor::clock::{Clock, DefaultClock};
use governor::{Quota, RateLimiter};
use parking_lot::Mutex;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::num::NonZeroU32;
use std::time::Duration;

type Limiter = RateLimiter<governor::state::NotKeyed, governor::state::InMemoryState, DefaultClock>;

/// What to do with one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    pub latency: Duration,
    pub fault: Option<Fault>,
    pub retry_after: u64,
    /// `Some(seconds)` when the request is over the rate limit.
    pub rate_limited: Option<u64>,
}

/// Fault injection and rate limiting for one service; shared by its layer and control routes.
pub struct ServiceControl {
    pub service: Service,
    /// Every API request the service received.
    pub requests: RequestLog,
    seed: u64,
    inner: Mutex<Inner>,
}

struct Inner {
    config: FaultConfig,
    rng: ChaCha8Rng,
    limiter: Option<Limiter>,
}

impl ServiceControl {
    pub fn new(service: Service, seed: u64, config: FaultConfig) -> Self {
        let control = Self {
            service,
            requests: RequestLog::default(),
            seed,
            inner: Mutex::new(Inner {
                config: FaultConfig::default(),
                rng: rng(seed, service),
                limiter: None,
            }),
        };
        control.set(config);
        control
    }

    /// The rules and limit in force, with how many requests each rule has hit.
    pub fn get(&self) -> FaultConfig {
        self.inner.lock().config.clone()
    }

    /// Replaces rules and limit; counters and the random sequence start over.
    pub fn set(&self, mut config: FaultConfig) {
        for rule in &mut config.rules {
            rule.injected = 0;
        }
        let limiter = config.rate_limit.filter(|rps| *rps > 0.0).map(limiter);
        *self.inner.lock() = Inner {
            config,
            rng: rng(self.seed, self.service),
            limiter,
        };
    }

    /// Decides the fate of a `method` request for `path`.
    pub fn decide(&self, method: &str, path: &str) -> Decision {
        let mut inner = self.inner.lock();
        let mut decision = Decision::default();
        if let Some(limiter) = &inner.limiter
            && let Err(not_until) = limiter.check()
        {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            decision.rate_limited = Some(wait.as_secs_f64().ceil().max(1.0) as u64);
            return decision;
        }
        let Inner { config, rng, .. } = &mut *inner;
        for rule in config
            .rules
            .iter_mut()
            .filter(|r| r.matches(method, path) && r.armed())
        {
            if rule.fault.is_some() && decision.fault.is_some() {
                continue;
            }
            if rule.probability < 1.0 && !rng.random_bool(rule.probability.max(0.0)) {
                continue;
            }
            rule.injected += 1;
            decision.latency += Duration::from_millis(rule.latency_ms);
            if let Some(fault) = rule.fault {
                decision.fault = Some(fault);
                decision.retry_after = rule.retry_after.unwrap_or(1);
            }
        }
        decision
    }
}

fn rng(seed: u64, service: Service) -> ChaCha8Rng {
    let salt = match service {
        Service::Photoshelter => 0x5053,
        Service::Allportal => 0x4150,
    };
    ChaCha8Rng::seed_from_u64(seed ^ salt)
}

/// `rps` requests per second, bursts of up to one second's worth.
fn limiter(rps: f64) -> Limiter {
    let period = Duration::from_secs_f64(1.0 / rps.max(0.001));
    let burst = NonZeroU32::new(rps.ceil().clamp(1.0, f64::from(u32::MAX)) as u32)
        .unwrap_or(NonZeroU32::MIN);
    let quota = Quota::with_period(period)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst);
    RateLimiter::direct(quota)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::rules::FaultRule;

    fn control(rules: Vec<FaultRule>, rate_limit: Option<f64>) -> ServiceControl {
        ServiceControl::new(Service::Allportal, 7, FaultConfig { rules, rate_limit })
    }

    #[test]
    fn a_rule_with_times_hits_only_that_many_requests() {
        let ctl = control(
            vec![FaultRule {
                fault: Some(Fault::Status503),
                times: Some(2),
                ..FaultRule::default()
            }],
            None,
        );
        let hits: Vec<_> = (0..4).map(|_| ctl.decide("GET", "/api/x").fault).collect();
        assert_eq!(
            hits,
            [Some(Fault::Status503), Some(Fault::Status503), None, None]
        );
        assert_eq!(ctl.get().rules[0].injected, 2);
    }

    #[test]
    fn probabilities_are_deterministic_per_seed() {
        let rule = FaultRule {
            fault: Some(Fault::Status500),
            probability: 0.5,
            ..FaultRule::default()
        };
        let run = || {
            let ctl = control(vec![rule.clone()], None);
            (0..64)
                .map(|_| ctl.decide("GET", "/").fault.is_some())
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        let hits = first.iter().filter(|h| **h).count();
        assert!((16..=48).contains(&hits), "{hits} of 64");
    }

    #[test]
    fn over_the_rate_limit_a_request_is_told_when_to_retry() {
        let ctl = control(Vec::new(), Some(0.5));
        assert_eq!(ctl.decide("GET", "/").rate_limited, None);
        assert_eq!(ctl.decide("GET", "/").rate_limited, Some(2));
    }
}

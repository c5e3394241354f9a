//! Test control of the simulator: the write log (every accepted write, readable under
//! `/_sim/writes`), fault injection and rate limits (`/_sim/faults`, `--faults SPEC`,
//! `--rate-limit RPS`).
//!
//! - `rules`: fault rules, their JSON form and the SPEC syntax;
//! - `state`: one service's live rules, deterministic RNG and rate limiter;
//! - `layer`: the middleware in front of each service router;
//! - `envelope`: errors in each service's own envelope;
//! - `routes`: the `/_sim/` control routes;
//! - `requests`: the log of every API request received;
//! - `writelog`: the write log.

pub mod envelope;
pub mod layer;
pub mod requests;
pub mod routes;
pub mod rules;
pub mod state;
pub mod writelog;

pub use rules::{Fault, FaultConfig, FaultRule, parse_spec};
pub use state::ServiceControl;

use axum::Router;
use std::sync::Arc;
use writelog::WriteLog;

/// `service` behind its fault layer, with the `/_sim/` control routes in front of it
/// (other `/_sim/…` paths still reach the service).
pub fn with_controls(service: Router, faults: Arc<ServiceControl>, writes: WriteLog) -> Router {
    routes::router(faults.clone(), writes)
        .fallback_service(service)
        .layer(axum::middleware::from_fn_with_state(faults, layer::inject))
}

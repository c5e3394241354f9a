//! Every API request a service received (not the `/_sim/` routes), in order, so tests and
//! benchmarks can see exactly what a client fetched. Bounded: the oldest records are dropped
//! beyond `KEEP` requests.

use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Arc;

/// Requests kept at most.
pub const KEEP: usize = 200_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub seq: u64,
    pub method: String,
    pub path: String,
    /// The query string as sent (percent-encoded), empty when there was none.
    pub query: String,
    pub at: DateTime<Utc>,
}

impl RequestRecord {
    /// `path?query` (or the path alone).
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// One query parameter, decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }
}

#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<(u64, VecDeque<RequestRecord>)>>);

impl RequestLog {
    pub fn record(&self, method: &str, path: &str, query: Option<&str>) {
        let mut log = self.0.lock();
        log.0 += 1;
        let seq = log.0;
        if log.1.len() >= KEEP {
            log.1.pop_front();
        }
        log.1.push_back(RequestRecord {
            seq,
            method: method.to_owned(),
            path: path.to_owned(),
            query: query.unwrap_or("").to_owned(),
            at: Utc::now(),
        });
    }

    /// Every kept request, oldest first.
    pub fn all(&self) -> Vec<RequestRecord> {
        self.0.lock().1.iter().cloned().collect()
    }

    /// Forgets the kept requests; returns how many there were.
    pub fn clear(&self) -> usize {
        let mut log = self.0.lock();
        let n = log.1.len();
        log.1.clear();
        n
    }
}

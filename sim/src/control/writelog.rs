//! Every write the simulator accepts, in order, so tests can assert each remote effect
//! happened exactly once.

use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Photoshelter,
    Allportal,
}

#[derive(Debug, Clone, Serialize)]
pub struct WriteRecord {
    pub seq: u64,
    pub service: Service,
    pub method: String,
    pub path: String,
    /// Ids of the objects the write created or changed.
    pub object_ids: Vec<String>,
    /// The fields that decide whether two writes are the same effect (file name, SKU, …).
    pub fields: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct WriteLog(Arc<Mutex<Vec<WriteRecord>>>);

impl WriteLog {
    pub fn record(
        &self,
        service: Service,
        method: &str,
        path: &str,
        object_ids: Vec<String>,
        fields: serde_json::Value,
    ) -> u64 {
        let mut log = self.0.lock();
        let seq = log.len() as u64 + 1;
        log.push(WriteRecord {
            seq,
            service,
            method: method.to_owned(),
            path: path.to_owned(),
            object_ids,
            fields,
            at: Utc::now(),
        });
        seq
    }

    pub fn all(&self) -> Vec<WriteRecord> {
        self.0.lock().clone()
    }

    pub fn clear(&self) {
        self.0.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_numbered_in_order() {
        let log = WriteLog::default();
        let a = log.record(
            Service::Allportal,
            "PATCH",
            "/api/modules/file/objects",
            vec!["f1".into()],
            serde_json::json!({"name": "a.jpg"}),
        );
        let b = log.record(
            Service::Photoshelter,
            "POST",
            "/psapi/v3/mem/image/upload",
            vec!["I0000000000000001".into()],
            serde_json::Value::Null,
        );
        assert_eq!((a, b), (1, 2));
        let all = log.all();
        assert_eq!(all[1].path, "/psapi/v3/mem/image/upload");
        assert_eq!(all[0].object_ids, vec!["f1".to_string()]);
    }
}

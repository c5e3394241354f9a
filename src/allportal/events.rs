//! Change feeds: the PAP connector events (legacy L3/L5/L6 with a session, A12) and, for
//! accounts without a session, the `mod_time > '…'` fallback over the objects list.

use super::client::AllportalClient;
use super::object::{Object, ObjectId};
use super::objects::ListOptions;
use crate::net::body::from_value;
use crate::net::{ApiError, Service, lenient};
use chrono::{DateTime, Utc};
use futures::stream::BoxStream;
use serde::Deserialize;
use serde_json::Value;

const CONNECTOR_CONFIG: &str = "/rest/PAPRemoteService/getConnectorConfig";
const EVENTS: &str = "/rest/PAPRemoteService/getEvents";
const BEANS: &str = "/rest/PAPRemoteService/getBeans";

/// A connector's configuration; `config_hash` must be passed with every events call.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConnectorConfig {
    #[serde(default, deserialize_with = "lenient::string")]
    pub connector_name: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub config_hash: String,
    #[serde(default, rename = "moduleConfig")]
    pub module_config: Option<ModuleConfig>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ModuleConfig {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub module_name: Option<String>,
}

/// What happened to the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Deleted,
    Updated,
    Created,
}

/// What of the object changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTarget {
    Data,
    Derivate,
    Both,
}

/// One event of the feed (only the newest per object is kept by the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: u64,
    pub object_id: ObjectId,
    pub module: Option<String>,
    pub kind: EventKind,
    pub target: EventTarget,
    /// The derivate type when `target` is a derivate.
    pub field_name: Option<String>,
    pub mod_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize)]
struct RawEvent {
    #[serde(deserialize_with = "lenient::opt_u64")]
    id: Option<u64>,
    #[serde(deserialize_with = "lenient::string")]
    object_id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    module_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    event_type: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    object_type: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    field_name: Option<String>,
    #[serde(
        default,
        alias = "create_time",
        deserialize_with = "lenient::opt_timestamp"
    )]
    mod_time: Option<DateTime<Utc>>,
}

impl RawEvent {
    fn into_event(self, endpoint: &str, index: usize) -> Result<Event, ApiError> {
        let bad = |field: &str, reason: &str| {
            crate::net::body::parse_error(
                Service::Allportal,
                endpoint,
                &format!("result[{index}].{field}"),
                reason.to_string(),
            )
        };
        let kind = match self.event_type {
            Some(0) => EventKind::Deleted,
            Some(1) => EventKind::Updated,
            Some(2) => EventKind::Created,
            _ => return Err(bad("event_type", "expected 0, 1 or 2")),
        };
        let target = match self.object_type.unwrap_or(0) {
            0 => EventTarget::Data,
            1 => EventTarget::Derivate,
            2 => EventTarget::Both,
            _ => return Err(bad("object_type", "expected 0, 1 or 2")),
        };
        Ok(Event {
            id: self.id.ok_or_else(|| bad("id", "missing"))?,
            object_id: ObjectId::new(self.object_id),
            module: self.module_name,
            kind,
            target,
            field_name: self.field_name,
            mod_time: self.mod_time,
        })
    }
}

impl AllportalClient {
    /// The configuration of `connector` (L3).
    pub async fn connector_config(&self, connector: &str) -> Result<ConnectorConfig, ApiError> {
        let result = self
            .legacy(
                CONNECTOR_CONFIG,
                vec![Value::String(connector.into())],
                Some(connector),
            )
            .await?;
        from_value(
            Service::Allportal,
            &format!("POST {CONNECTOR_CONFIG}"),
            "result",
            result,
        )
    }

    /// One batch (at most 1000) of events from `first_id` on (L5); `first_id` 0 makes the
    /// server rebuild the queue (a full resync).
    pub async fn events(
        &self,
        connector: &str,
        first_id: u64,
        config_hash: &str,
    ) -> Result<Vec<Event>, ApiError> {
        let endpoint = format!("POST {EVENTS}");
        let params = vec![
            Value::String(connector.into()),
            Value::from(first_id),
            Value::String(config_hash.into()),
        ];
        let result = self.legacy(EVENTS, params, Some(connector)).await?;
        let raw: Vec<RawEvent> = match result {
            Value::Null => Vec::new(),
            other => from_value(Service::Allportal, &endpoint, "result", other)?,
        };
        raw.into_iter()
            .enumerate()
            .map(|(i, e)| e.into_event(&endpoint, i))
            .collect()
    }

    /// Every event after `last_id`, batch after batch until the feed is empty.
    pub async fn events_after(
        &self,
        connector: &str,
        last_id: u64,
        config_hash: &str,
    ) -> Result<Vec<Event>, ApiError> {
        let mut all = Vec::new();
        let mut last = last_id;
        loop {
            let batch = self.events(connector, last + 1, config_hash).await?;
            let Some(max) = batch.iter().map(|e| e.id).max() else {
                return Ok(all);
            };
            all.extend(batch);
            if max <= last {
                return Ok(all);
            }
            last = max;
        }
    }

    /// The current data of objects named by events (L6).
    pub async fn beans(&self, connector: &str, ids: &[ObjectId]) -> Result<Vec<Object>, ApiError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<Value> = ids
            .iter()
            .map(|i| Value::String(i.as_str().into()))
            .collect();
        let params = vec![Value::String(connector.into()), Value::Array(list)];
        let result = self.legacy(BEANS, params, Some(connector)).await?;
        match result {
            Value::Null => Ok(Vec::new()),
            other => from_value(
                Service::Allportal,
                &format!("POST {BEANS}"),
                "result",
                other,
            ),
        }
    }

    /// Objects of `module` changed after `since`, oldest change first (the fallback for
    /// accounts without a session or connector).
    pub fn changed_since(
        &self,
        module: &str,
        since: DateTime<Utc>,
        fields: &[String],
    ) -> BoxStream<'static, Result<Object, ApiError>> {
        let options = ListOptions {
            fields: fields.to_vec(),
            ..ListOptions::changed_after(since)
        };
        self.objects(module, &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_with_their_codes() {
        let raw: Vec<RawEvent> = serde_json::from_str(
            r#"[{"id":334,"mod_time":"2024/05/02 10:15:30","module_name":"file","object_id":"9b2e","object_type":1,"field_name":"web","event_type":1},
                {"id":"335","create_time":"2015-03-26 13:59:33","object_id":"p1","event_type":"0"}]"#,
        )
        .unwrap();
        let events: Vec<Event> = raw
            .into_iter()
            .enumerate()
            .map(|(i, e)| e.into_event("POST /x", i).unwrap())
            .collect();
        assert_eq!(events[0].kind, EventKind::Updated);
        assert_eq!(events[0].target, EventTarget::Derivate);
        assert_eq!(events[0].field_name.as_deref(), Some("web"));
        assert_eq!(events[1].id, 335);
        assert_eq!(events[1].kind, EventKind::Deleted);
        assert_eq!(events[1].target, EventTarget::Data);
        assert!(events[1].mod_time.is_some());
    }

    #[test]
    fn an_unknown_event_type_names_the_field() {
        let raw: RawEvent =
            serde_json::from_str(r#"{"id":1,"object_id":"x","event_type":7}"#).unwrap();
        let err = raw
            .into_event("POST /rest/PAPRemoteService/getEvents", 3)
            .unwrap_err();
        assert!(err.to_string().contains("result[3].event_type"), "{err}");
    }
}

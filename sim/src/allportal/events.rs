//! The PAP connector event queues of §9 and A12: one per connector, sequential ids, only
//! the newest event per object kept, read in batches of at most 1000; asking from id 0
//! rebuilds the queue from the objects that exist.

use super::schema::{self, FieldDef, ModuleDef};
use super::value::legacy_time;
use chrono::{DateTime, Utc};
use md5::{Digest, Md5};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap};

/// At most this many events per `getEvents` call.
pub const MAX_EVENTS_PER_CALL: usize = 1000;

/// `event_type` (§4.3).
pub const DELETE: u8 = 0;
pub const UPDATE: u8 = 1;
pub const CREATE: u8 = 2;
/// `object_type` (§4.3; 1 = derivate only is not produced: every binary change is `BOTH`).
pub const DATA: u8 = 0;
pub const BOTH: u8 = 2;

/// A configured connector: its name and the module whose objects it follows.
#[derive(Debug)]
pub struct Connector {
    pub name: &'static str,
    pub module: &'static str,
    pub derivates: &'static [&'static str],
}

pub const CONNECTORS: &[Connector] = &[
    Connector {
        name: "shelflink_product",
        module: schema::PRODUCT,
        derivates: &[],
    },
    Connector {
        name: "shelflink_file",
        module: schema::FILE,
        derivates: &["small", "medium", "large"],
    },
];

pub fn connector(name: &str) -> Option<&'static Connector> {
    CONNECTORS.iter().find(|c| c.name == name)
}

pub fn connector_for_module(module: &str) -> Option<&'static Connector> {
    CONNECTORS.iter().find(|c| c.module == module)
}

impl Connector {
    fn module_def(&self) -> &'static ModuleDef {
        schema::module(self.module).expect("connector modules exist in the schema")
    }

    /// The L3 `result` without its hash, in a fixed key order.
    fn config_body(&self) -> Json {
        let fields: serde_json::Map<String, Json> = self
            .module_def()
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.to_owned(),
                    json!({"name": f.name, "type": f.ty.as_str()}),
                )
            })
            .collect();
        json!({
            "connector_name": self.name,
            "conditions": [],
            "eventTypeConditions": [],
            "view_name": format!("connector_{}", self.name),
            "derivates": self.derivates,
            "userId": "1",
            "moduleConfig": {"module_name": self.module},
            "fieldsToLoad": fields,
        })
    }

    /// MD5 of the connector configuration: changes whenever its fields change (§4.3).
    pub fn config_hash(&self) -> String {
        hex::encode(Md5::digest(self.config_body().to_string().as_bytes()))
    }

    /// The L3 `result`.
    pub fn config(&self) -> Json {
        let mut body = self.config_body();
        body["config_hash"] = Json::String(self.config_hash());
        body
    }
}

/// The L4 `result` for a module: `field_conf` for every field, `relation_conf` for the
/// reference fields.
pub fn module_config(module: &'static ModuleDef) -> Json {
    let field_conf: serde_json::Map<String, Json> = module
        .fields
        .iter()
        .map(|f| (f.name.to_owned(), json!({"name": f.name, "type": f.ty.as_str(), "defaultValue": null, "metric": null})))
        .collect();
    let relation_conf: serde_json::Map<String, Json> = module
        .fields
        .iter()
        .filter(|f| f.ty.is_reference())
        .map(|f| (f.name.to_owned(), relation(module, f)))
        .collect();
    json!({"field_conf": field_conf, "relation_conf": relation_conf})
}

fn relation(module: &ModuleDef, f: &FieldDef) -> Json {
    let kind = match (f.ty.is_list(), f.name) {
        (_, "pid") => "MANY_TO_ONE",
        (true, _) => "MANY_TO_MANY",
        (false, _) => "MANY_TO_ONE",
    };
    let mut rel = json!({
        "name": f.name,
        "type": kind,
        "modules": f.modules,
        "relatedModule": f.modules.first(),
    });
    if f.name == "pid" {
        rel["parent"] = json!(module.name);
        rel["child"] = json!(module.name);
    }
    rel
}

/// One event as L5 returns it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub id: u64,
    #[serde(serialize_with = "ser_legacy_time")]
    pub mod_time: DateTime<Utc>,
    pub module_name: &'static str,
    pub object_id: String,
    pub object_type: u8,
    pub field_name: String,
    pub event_type: u8,
}

fn ser_legacy_time<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&legacy_time(*t))
}

/// The queue of one connector.
#[derive(Debug, Default)]
pub struct Queue {
    last_id: u64,
    events: BTreeMap<u64, Event>,
    by_object: HashMap<String, u64>,
}

impl Queue {
    /// Records a change. The object's older event is dropped; the new one takes the next id.
    /// When the older event carried a different part (data vs. derivate), the new one says
    /// `both` (2), so compaction never hides a change.
    pub fn push(
        &mut self,
        module: &'static str,
        object_id: &str,
        event_type: u8,
        object_type: u8,
        at: DateTime<Utc>,
    ) {
        let mut object_type = object_type;
        if let Some(old_id) = self.by_object.remove(object_id)
            && let Some(old) = self.events.remove(&old_id)
            && event_type != DELETE
            && old.event_type != DELETE
            && old.object_type != object_type
        {
            object_type = BOTH;
        }
        if event_type == DELETE {
            object_type = DATA;
        }
        self.last_id += 1;
        let field_name = if object_type == DATA {
            String::new()
        } else {
            "Original".to_owned()
        };
        let event = Event {
            id: self.last_id,
            mod_time: at,
            module_name: module,
            object_id: object_id.to_owned(),
            object_type,
            field_name,
            event_type,
        };
        self.by_object.insert(object_id.to_owned(), event.id);
        self.events.insert(event.id, event);
    }

    /// Replaces the queue with one create event per existing object, in `mod_time` order,
    /// numbered after the last id ever given (ids are never reused).
    pub fn rebuild<'a>(
        &mut self,
        module: &'static str,
        object_type: u8,
        objects: impl Iterator<Item = (&'a str, DateTime<Utc>)>,
    ) {
        self.events.clear();
        self.by_object.clear();
        let mut objects: Vec<_> = objects.collect();
        objects.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
        for (id, at) in objects {
            self.push(module, id, CREATE, object_type, at);
        }
    }

    /// Events with id ≥ `first`, oldest first, at most `MAX_EVENTS_PER_CALL`.
    pub fn read_from(&self, first: u64) -> Vec<Event> {
        self.events
            .range(first..)
            .take(MAX_EVENTS_PER_CALL)
            .map(|(_, e)| e.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + i64::from(s), 0).unwrap()
    }

    #[test]
    fn only_the_newest_event_per_object_is_kept() {
        let mut q = Queue::default();
        q.push("file", "a", CREATE, BOTH, t(1));
        q.push("file", "b", CREATE, BOTH, t(2));
        q.push("file", "a", UPDATE, DATA, t(3));
        let events = q.read_from(0);
        assert_eq!(
            events
                .iter()
                .map(|e| (e.id, e.object_id.as_str()))
                .collect::<Vec<_>>(),
            [(2, "b"), (3, "a")]
        );
        assert_eq!(
            events[1].object_type, BOTH,
            "the earlier binary change is not hidden"
        );
        q.push("file", "a", DELETE, DATA, t(4));
        let last = q.read_from(4);
        assert_eq!(
            (
                last[0].event_type,
                last[0].object_type,
                last[0].field_name.as_str()
            ),
            (DELETE, DATA, "")
        );
    }

    #[test]
    fn config_hash_is_the_md5_of_the_configuration() {
        let c = connector("shelflink_product").unwrap();
        let hash = c.config_hash();
        assert_eq!(hash.len(), 32);
        assert_eq!(c.config()["config_hash"], hash);
        assert_ne!(hash, connector("shelflink_file").unwrap().config_hash());
    }
}

//! The object store: every module's objects keyed by id, with the ordered indexes that keep
//! listing and paging fast at scale (id order, `mod_time` order, unique values, tree
//! children, product ↔ file relations), the monotonic clock and the connector queues.

mod files;
mod list;
mod write;

pub use files::set_technical;
pub use list::ListParams;
pub use write::{Outcome, Written};

use super::events::{self, Queue};
use super::media::Binary;
use super::object::{Derived, Object};
use super::query::{Key, Values};
use super::schema::{self, Access};
use super::value::{Value, rfc3339};
use chrono::{DateTime, Duration, TimeZone, Utc};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Seeded objects get `mod_time`s one second apart from this instant, so seeds are the same
/// on every run.
fn seed_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("valid seed epoch")
}

/// A UUID (v4 layout) derived from `key`: the same key always gives the same id.
pub fn uuid_from(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

#[derive(Debug)]
pub struct ModuleStore {
    pub objects: BTreeMap<String, Object>,
    by_mod_time: BTreeSet<(DateTime<Utc>, String)>,
    /// Tree modules: how many objects name each id as `pid`.
    children: HashMap<String, usize>,
}

#[derive(Debug)]
pub struct Store {
    modules: HashMap<&'static str, ModuleStore>,
    id_module: HashMap<String, &'static str>,
    /// (module, field) → value → id, for fields declared unique.
    unique: HashMap<(&'static str, &'static str), HashMap<String, String>>,
    /// file id → products whose `images` hold it.
    file_products: HashMap<String, BTreeSet<String>>,
    pub binaries: HashMap<String, Binary>,
    queues: HashMap<&'static str, Queue>,
    clock: DateTime<Utc>,
    created: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    pub fn new() -> Self {
        let modules = schema::modules()
            .iter()
            .map(|def| {
                let store = ModuleStore {
                    objects: BTreeMap::new(),
                    by_mod_time: BTreeSet::new(),
                    children: HashMap::new(),
                };
                (def.name, store)
            })
            .collect();
        let queues = events::CONNECTORS
            .iter()
            .map(|c| (c.name, Queue::default()))
            .collect();
        Self {
            modules,
            id_module: HashMap::new(),
            unique: HashMap::new(),
            file_products: HashMap::new(),
            binaries: HashMap::new(),
            queues,
            clock: seed_epoch() - Duration::seconds(1),
            created: 0,
        }
    }

    /// The next `mod_time` of a live write: now, but always after the previous one (A4).
    pub fn tick(&mut self) -> DateTime<Utc> {
        let now = Utc::now();
        let now = now - Duration::nanoseconds(i64::from(now.timestamp_subsec_nanos() % 1_000_000));
        self.clock = now.max(self.clock + Duration::milliseconds(1));
        self.clock
    }

    /// The next `mod_time` while seeding: one second after the previous one.
    pub fn seed_tick(&mut self) -> DateTime<Utc> {
        self.clock += Duration::seconds(1);
        self.clock
    }

    /// A fresh object id: deterministic for a given sequence of creates.
    pub fn new_id(&mut self) -> String {
        loop {
            self.created += 1;
            let id = uuid_from(&format!("allportal:created:{}", self.created));
            if !self.id_module.contains_key(&id) {
                return id;
            }
        }
    }

    pub fn module(&self, name: &str) -> Option<&ModuleStore> {
        self.modules.get(name)
    }

    pub fn get(&self, module: &str, id: &str) -> Option<&Object> {
        self.modules.get(module)?.objects.get(id)
    }

    pub fn module_of(&self, id: &str) -> Option<&'static str> {
        self.id_module.get(id).copied()
    }

    /// The id holding `value` in the unique field `module.field`.
    pub fn find_unique(
        &self,
        module: &'static str,
        field: &'static str,
        value: &str,
    ) -> Option<&str> {
        self.unique
            .get(&(module, field))?
            .get(value)
            .map(String::as_str)
    }

    pub fn queue(&self, connector: &str) -> Option<&Queue> {
        self.queues.get(connector)
    }

    /// The read-time values of `object` (A7 `license_expired`, `linked_products`; `has_child`).
    pub fn derived(&self, object: &Object) -> Derived {
        let module = object.module;
        let has_child = module.tree.then(|| {
            self.modules[module.name]
                .children
                .get(&object.id)
                .is_some_and(|n| *n > 0)
        });
        let (license_expired, linked_products) = if module.name == schema::FILE {
            let today = Utc::now().date_naive().format("%Y-%m-%d").to_string();
            let expired = object
                .text("license_valid_until")
                .is_some_and(|d| d < today.as_str());
            let linked = self
                .file_products
                .get(&object.id)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            (Some(expired), Some(linked))
        } else {
            (None, None)
        };
        Derived {
            has_child,
            license_expired,
            linked_products,
        }
    }

    /// Stores `object` (new or changed), keeps every index right and records the connector
    /// event `(event_type, object_type)`.
    pub fn put(&mut self, object: Object, event: (u8, u8)) {
        let module = object.module.name;
        if let Some(old) = self
            .modules
            .get_mut(module)
            .and_then(|m| m.objects.remove(&object.id))
        {
            self.unindex(&old);
        }
        self.index(&object);
        if let Some(c) = events::connector_for_module(module) {
            let q = self.queues.get_mut(c.name).expect("a queue per connector");
            q.push(module, &object.id, event.0, event.1, object.mod_time);
        }
        self.id_module.insert(object.id.clone(), module);
        let m = self.modules.get_mut(module).expect("module exists");
        m.objects.insert(object.id.clone(), object);
    }

    /// Removes an object and its binary; records a delete event.
    pub fn remove(&mut self, module: &str, id: &str, at: DateTime<Utc>) -> Option<Object> {
        let old = self.modules.get_mut(module)?.objects.remove(id)?;
        self.unindex(&old);
        self.id_module.remove(id);
        self.binaries.remove(id);
        if let Some(c) = events::connector_for_module(module) {
            let q = self.queues.get_mut(c.name).expect("a queue per connector");
            q.push(old.module.name, id, events::DELETE, events::DATA, at);
        }
        Some(old)
    }

    fn index(&mut self, o: &Object) {
        let name = o.module.name;
        for def in o.module.fields.iter().filter(|f| f.unique) {
            if let Some(v) = o.text(def.name) {
                let idx = self.unique.entry((name, def.name)).or_default();
                idx.insert(v.to_owned(), o.id.clone());
            }
        }
        if name == schema::PRODUCT {
            for file in o.list("images") {
                self.file_products
                    .entry(file.clone())
                    .or_default()
                    .insert(o.id.clone());
            }
        }
        let m = self.modules.get_mut(name).expect("module exists");
        m.by_mod_time.insert((o.mod_time, o.id.clone()));
        if let Some(pid) = o.text("pid").filter(|_| o.module.tree) {
            *m.children.entry(pid.to_owned()).or_default() += 1;
        }
    }

    fn unindex(&mut self, o: &Object) {
        let name = o.module.name;
        for def in o.module.fields.iter().filter(|f| f.unique) {
            if let (Some(v), Some(idx)) = (o.text(def.name), self.unique.get_mut(&(name, def.name)))
                && idx.get(v) == Some(&o.id)
            {
                idx.remove(v);
            }
        }
        if name == schema::PRODUCT {
            for file in o.list("images") {
                if let Some(set) = self.file_products.get_mut(file) {
                    set.remove(&o.id);
                    if set.is_empty() {
                        self.file_products.remove(file);
                    }
                }
            }
        }
        let m = self.modules.get_mut(name).expect("module exists");
        m.by_mod_time.remove(&(o.mod_time, o.id.clone()));
        if let Some(pid) = o.text("pid").filter(|_| o.module.tree)
            && let Some(n) = m.children.get_mut(pid)
        {
            *n -= 1;
            if *n == 0 {
                m.children.remove(pid);
            }
        }
    }

    /// Rebuilds a connector's queue from the objects that exist now (first event id 0).
    pub fn rebuild_queue(&mut self, connector: &'static events::Connector) {
        let object_type = if connector.derivates.is_empty() {
            events::DATA
        } else {
            events::BOTH
        };
        let objects = &self.modules[connector.module].objects;
        let q = self
            .queues
            .get_mut(connector.name)
            .expect("a queue per connector");
        q.rebuild(
            connector.module,
            object_type,
            objects.values().map(|o| (o.id.as_str(), o.mod_time)),
        );
    }

    /// Fills `size` and `checksum_md5` of a seed file once its drawn bytes exist; this is not a
    /// change of the object, so `mod_time` stays.
    pub fn fill_drawn(&mut self, id: &str, size: u64, md5: &str) {
        if let Some(o) = self
            .modules
            .get_mut(schema::FILE)
            .and_then(|m| m.objects.get_mut(id))
        {
            o.set_text("size", size.to_string());
            o.set_text("checksum_md5", md5);
        }
    }
}

impl Values<Object> for Store {
    fn values(&self, o: &Object, key: Key) -> Vec<String> {
        match key {
            Key::Id => vec![o.id.clone()],
            Key::ModTime => vec![rfc3339(o.mod_time)],
            Key::Field(def) if def.access == Access::Derived => self
                .derived(o)
                .entries(def)
                .iter()
                .flat_map(|e| e.value.strings().to_vec())
                .collect(),
            Key::Field(def) => o.all_values(def.name).cloned().collect(),
        }
    }

    fn mod_time(&self, o: &Object) -> DateTime<Utc> {
        o.mod_time
    }
}

/// Sets `field` of `o` to a list (helper for seeding and relation edits).
pub fn set_list(o: &mut Object, field: &'static str, items: Vec<String>) {
    o.set(field, Some(Value::List(items)));
}

//! Writes: the A4 batch upsert (validated whole before anything is stored) and the A5
//! delete, which also takes the deleted id out of every reference that held it.

use super::Store;
use crate::allportal::auth::{Principal, Right};
use crate::allportal::errors::ApiError;
use crate::allportal::events;
use crate::allportal::object::Object;
use crate::allportal::schema::{self, Access, ENVELOPE_KEYS, FieldDef, ModuleDef};
use crate::allportal::value::{Value, WriteEntry, merge, parse_entries};
use serde_json::{Map, Value as Json};
use std::collections::{HashMap, HashSet};

/// One object a write created or changed.
#[derive(Debug, Clone)]
pub struct Written {
    pub id: String,
    pub created: bool,
    /// The fields as the client sent them (for the write log).
    pub sent: Map<String, Json>,
}

#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub written: Vec<Written>,
    /// `(user id, task id)` for every user newly assigned to a task (A11).
    pub assigned: Vec<(String, String)>,
    /// Objects changed because a reference they held was deleted.
    pub cascaded: Vec<String>,
}

/// A batch with every item applied to a copy, not yet stored.
pub(crate) struct Prepared {
    module: &'static ModuleDef,
    order: Vec<String>,
    pub(crate) objects: HashMap<String, Object>,
    created: HashSet<String>,
    sent: Vec<(String, Map<String, Json>)>,
    assignees_before: HashMap<String, Vec<String>>,
}

fn item_error(i: usize, message: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("item {i}: {message}"))
}

impl Store {
    /// Validates and stores an A4 batch; nothing is stored when any item is invalid.
    pub fn upsert(
        &mut self,
        module: &'static ModuleDef,
        items: &[Json],
        actor: &Principal,
    ) -> Result<Outcome, ApiError> {
        let prepared = self.prepare(module, items, actor)?;
        self.validate(&prepared)?;
        Ok(self.commit(prepared, events::DATA))
    }

    pub(crate) fn prepare(
        &mut self,
        module: &'static ModuleDef,
        items: &[Json],
        actor: &Principal,
    ) -> Result<Prepared, ApiError> {
        let parsed = items
            .iter()
            .enumerate()
            .map(|(i, item)| parse_item(module, i, item))
            .collect::<Result<Vec<_>, _>>()?;
        let mut p = Prepared {
            module,
            order: Vec::new(),
            objects: HashMap::new(),
            created: HashSet::new(),
            sent: Vec::new(),
            assignees_before: HashMap::new(),
        };
        for (i, ParsedItem { id, fields, sent }) in parsed.into_iter().enumerate() {
            let id = match id {
                Some(id) => id,
                None => self.new_id(),
            };
            if let Some(other) = self.module_of(&id).filter(|m| *m != module.name) {
                return Err(ApiError::conflict(format!(
                    "item {i}: id {id} belongs to an object of module {other}"
                )));
            }
            if !p.objects.contains_key(&id) {
                let object = match self.get(module.name, &id) {
                    Some(existing) => {
                        actor
                            .require(module.name, Right::Edit)
                            .map_err(ApiError::forbidden)?;
                        p.assignees_before
                            .insert(id.clone(), existing.list("assigned_users").to_vec());
                        existing.clone()
                    }
                    None => {
                        actor
                            .require(module.name, Right::Create)
                            .map_err(ApiError::forbidden)?;
                        p.created.insert(id.clone());
                        new_object(module, &id, actor)
                    }
                };
                p.objects.insert(id.clone(), object);
                p.order.push(id.clone());
            }
            let object = p.objects.get_mut(&id).expect("just inserted");
            for (def, writes) in fields {
                let entries = object.fields.entry(def.name).or_default();
                merge(entries, &writes);
                if entries.is_empty() {
                    object.fields.remove(def.name);
                }
            }
            p.sent.push((id, sent));
        }
        Ok(p)
    }

    pub(crate) fn validate(&self, p: &Prepared) -> Result<(), ApiError> {
        let module = p.module;
        let mut claimed: HashMap<(&str, String), &str> = HashMap::new();
        for id in &p.order {
            let o = &p.objects[id];
            for def in &module.fields {
                if def.ty.is_reference() {
                    for target in o.all_values(def.name) {
                        if !self.reference_exists(p, target, def) {
                            return Err(ApiError::bad_request(format!(
                                "object {id}: field `{}` references {target}, which is no object of module {}",
                                def.name,
                                def.modules.join(" or ")
                            )));
                        }
                    }
                }
                if def.unique
                    && let Some(v) = o.text(def.name)
                {
                    if let Some(other) = claimed.insert((def.name, v.to_owned()), id) {
                        return Err(ApiError::conflict(format!(
                            "`{}` {v} is given to both {other} and {id}",
                            def.name
                        )));
                    }
                    if let Some(holder) = self.find_unique(module.name, def.name, v)
                        && holder != id
                        && !p.objects.contains_key(holder)
                    {
                        return Err(ApiError::conflict(format!(
                            "`{}` {v} is already used by {module_name} {holder}",
                            def.name,
                            module_name = module.name
                        )));
                    }
                }
            }
            if module.tree {
                self.check_no_cycle(p, id)?;
            }
            if module.name == schema::FILE
                && let Some(path) = o.text("parent_path")
                && self.find_unique(schema::FOLDER, "path", path).is_none()
            {
                return Err(ApiError::bad_request(format!(
                    "object {id}: parent_path {path} is no folder; create the folder first"
                )));
            }
        }
        Ok(())
    }

    fn reference_exists(&self, p: &Prepared, target: &str, def: &FieldDef) -> bool {
        if p.objects.contains_key(target) {
            return def.modules.contains(&p.module.name);
        }
        self.module_of(target)
            .is_some_and(|m| def.modules.contains(&m))
    }

    fn check_no_cycle(&self, p: &Prepared, id: &str) -> Result<(), ApiError> {
        let pid_of = |x: &str| -> Option<String> {
            match p.objects.get(x) {
                Some(o) => o.text("pid").map(str::to_owned),
                None => self
                    .get(p.module.name, x)
                    .and_then(|o| o.text("pid"))
                    .map(str::to_owned),
            }
        };
        let mut seen = HashSet::new();
        let mut current = pid_of(id);
        while let Some(parent) = current {
            if parent == id || !seen.insert(parent.clone()) {
                return Err(ApiError::bad_request(format!(
                    "object {id}: `pid` would make a cycle"
                )));
            }
            current = pid_of(&parent);
        }
        Ok(())
    }

    /// Stores a validated batch: each object gets a new `mod_time` and a connector event.
    pub(crate) fn commit(&mut self, p: Prepared, object_type: u8) -> Outcome {
        let mut outcome = Outcome::default();
        let mut objects = p.objects;
        for id in &p.order {
            let mut o = objects.remove(id).expect("prepared object");
            let created = p.created.contains(id);
            let at = self.tick();
            let img_changed = match self.get(p.module.name, id) {
                Some(old) => old.text("main_image") != o.text("main_image"),
                None => true,
            };
            o.mod_time = at;
            if created || img_changed || object_type != events::DATA {
                o.mod_time_img = at;
            }
            if p.module.name == schema::TASK {
                let before = p.assignees_before.get(id).cloned().unwrap_or_default();
                for user in o
                    .list("assigned_users")
                    .iter()
                    .filter(|u| !before.contains(u))
                {
                    outcome.assigned.push((user.clone(), id.clone()));
                }
            }
            let event_type = if created {
                events::CREATE
            } else {
                events::UPDATE
            };
            self.put(o, (event_type, object_type));
        }
        for (id, sent) in p.sent {
            let created = p.created.contains(&id);
            outcome.written.push(Written { id, created, sent });
        }
        outcome
    }

    /// Deletes an object (A5) and removes its id from every reference field that held it.
    pub fn delete(
        &mut self,
        module: &'static ModuleDef,
        id: &str,
        actor: &Principal,
    ) -> Result<Outcome, ApiError> {
        if self.get(module.name, id).is_none() {
            return Err(ApiError::unknown_object(module.name, id));
        }
        actor
            .require(module.name, Right::Delete)
            .map_err(ApiError::forbidden)?;
        let at = self.tick();
        self.remove(module.name, id, at);
        let mut changed = Vec::new();
        for m in schema::modules() {
            let refs: Vec<&FieldDef> = m
                .fields
                .iter()
                .filter(|f| f.modules.contains(&module.name))
                .collect();
            if refs.is_empty() {
                continue;
            }
            let Some(store) = self.module(m.name) else {
                continue;
            };
            for o in store.objects.values() {
                if refs.iter().any(|f| o.all_values(f.name).any(|v| v == id)) {
                    changed.push(without_reference(o, &refs, id));
                }
            }
        }
        let mut outcome = Outcome::default();
        for mut o in changed {
            let at = self.tick();
            if o.module.name == schema::PRODUCT
                && self
                    .get(schema::PRODUCT, &o.id)
                    .and_then(|x| x.text("main_image"))
                    == Some(id)
            {
                o.mod_time_img = at;
            }
            o.mod_time = at;
            outcome.cascaded.push(o.id.clone());
            self.put(o, (events::UPDATE, events::DATA));
        }
        outcome.written.push(Written {
            id: id.to_owned(),
            created: false,
            sent: Map::new(),
        });
        Ok(outcome)
    }
}

/// One A4 item, read and checked against the schema.
struct ParsedItem {
    id: Option<String>,
    fields: Vec<(&'static FieldDef, Vec<WriteEntry>)>,
    /// The fields as sent, for the write log.
    sent: Map<String, Json>,
}

fn parse_item(module: &'static ModuleDef, i: usize, item: &Json) -> Result<ParsedItem, ApiError> {
    let obj = item
        .as_object()
        .ok_or_else(|| item_error(i, "must be a JSON object"))?;
    let id = match obj.get("id") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => match uuid::Uuid::try_parse(s) {
            Ok(u) if s.len() == 36 => Some(u.hyphenated().to_string()),
            _ => {
                let message = format!("`{s}` is not an object id (36-character UUID)");
                return Err(item_error(i, message));
            }
        },
        Some(_) => return Err(item_error(i, "`id` must be a string")),
    };
    let mut fields = Vec::new();
    let mut sent = Map::new();
    for (key, value) in obj {
        if ENVELOPE_KEYS.contains(&key.as_str()) {
            continue;
        }
        schema::check_field_name(key).map_err(|e| item_error(i, e))?;
        let def = module.field(key).ok_or_else(|| {
            item_error(
                i,
                format!("unknown field `{key}` in module {}", module.name),
            )
        })?;
        if def.access != Access::Writable {
            return Err(item_error(i, format!("field `{key}` is read-only")));
        }
        fields.push((
            def,
            parse_entries(def, value).map_err(|e| item_error(i, e))?,
        ));
        sent.insert(key.clone(), value.clone());
    }
    Ok(ParsedItem { id, fields, sent })
}

/// A new object of `module` with the field defaults (and `created_by` for tasks).
fn new_object(module: &'static ModuleDef, id: &str, actor: &Principal) -> Object {
    let mut o = Object::new(id.to_owned(), module, chrono::Utc::now());
    for def in &module.fields {
        if let Some(d) = def.default {
            o.set_text(def.name, d);
        }
    }
    if module.name == schema::TASK {
        o.set_text("created_by", actor.user_id.clone());
    }
    o
}

/// `o` without `id` in the reference fields `refs`; removing an image also removes its
/// role at the same position (A5 keeps `image_roles` in the order of `images`).
fn without_reference(o: &Object, refs: &[&FieldDef], id: &str) -> Object {
    let mut o = o.clone();
    for f in refs {
        if f.ty.is_list() {
            let list = o.list(f.name).to_vec();
            let Some(pos) = list.iter().position(|v| v == id) else {
                continue;
            };
            let kept: Vec<String> = list.into_iter().filter(|v| v != id).collect();
            o.set(f.name, Some(Value::List(kept)));
            if f.name == "images" {
                let mut roles = o.list("image_roles").to_vec();
                if pos < roles.len() {
                    roles.remove(pos);
                    o.set("image_roles", Some(Value::List(roles)));
                }
            }
        } else if o.text(f.name) == Some(id) {
            o.set(f.name, None);
        }
    }
    o
}

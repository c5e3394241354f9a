//! The 4ALLPORTAL client: objects API, field definitions, media, files, relations, events.
//! Follows `api/4allportal.md`; every call made at an ASSUMPTION shape is listed in
//! `assumptions.rs`.
//!
//! - `client`: configuration, API key or session sign-in, one sign-in again on 401;
//! - `value`, `object`, `patch`: the `{value, dimensions}` model, objects, PATCH items;
//! - `objects`: list (stream), get, upsert, delete, queries;
//! - `modules`: field definitions; `mapping`: which field holds what, and its validation;
//! - `media`: downloads by usage, derivates, upload, binary replacement;
//! - `relations`: product images and back-links; `tasks`: owner notifications;
//! - `events`: the connector events feed and the `mod_time` fallback.

pub mod assumptions;
pub mod client;
mod errors;
pub mod events;
pub mod mapping;
pub mod media;
pub mod modules;
pub mod object;
pub mod objects;
pub mod patch;
pub mod relations;
pub mod tasks;
pub mod value;

pub use client::{AllportalClient, AllportalConfig};
pub use events::{ConnectorConfig, Event, EventKind, EventTarget};
pub use mapping::FieldMapping;
pub use media::{Derivate, NewFile};
pub use modules::{FieldDefinition, ModuleDefinition};
pub use object::{Object, ObjectId};
pub use objects::{ListOptions, ObjectsPage, Query};
pub use patch::ObjectPatch;
pub use relations::{BackLink, ProductImage, ProductImages};
pub use tasks::NewTask;
pub use value::{Dimensions, FieldValue, ValueEntry};

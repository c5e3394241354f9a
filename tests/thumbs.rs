//! Thumbnails: the local pipeline on every edge-case fixture and the catalog photos, the
//! disk store (cap, eviction, one fetch per key), and renditions fetched from the simulator.

#[path = "clients_support/mod.rs"]
mod clients_support;
#[path = "thumbs/support.rs"]
mod support;

#[global_allocator]
static METER: support::Meter = support::Meter;

#[path = "thumbs/edge.rs"]
mod edge;

#[path = "thumbs/progressive.rs"]
mod progressive;

#[path = "thumbs/store.rs"]
mod store;

#[path = "thumbs/renditions.rs"]
mod renditions;

//! Seed data shared by both services: what a catalog folder, a synthetic catalog or the demo
//! workspace turn into before each service builds its own records from it.

pub mod bytes;
pub mod metadata;
pub mod model;

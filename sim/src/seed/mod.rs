//! Seed data shared by both services: what a catalog folder, a synthetic catalog or the demo
//! workspace turn into before each service builds its own records from it.
//!
//! - `catalog::load(dir, seed)`: a catalog folder (`--seed-dir`);
//! - `synthetic(n, seed)`: n generated images and about n/2.5 products (`--synthetic`);
//! - `demo()`: the built-in demo workspace (`--demo`);
//! - `metadata::read`: IPTC/XMP of a JPEG or PNG; `bytes::image_bytes`: the bytes of a seed image.

pub mod bytes;
pub mod catalog;
pub mod demo;
mod draw;
mod embed;
pub mod metadata;
pub mod model;
mod owners;
pub mod rights;
pub mod synthetic;

pub use demo::demo;
pub use synthetic::synthetic;

//! The PhotoShelter v3 client. Follows `api/photoshelter.md`; every call made at an
//! ASSUMPTION shape is listed in `assumptions.rs`.

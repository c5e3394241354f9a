//! The 4ALLPORTAL client: objects API, field definitions, media, files, relations, events.
//! Follows `api/4allportal.md`; every call made at an ASSUMPTION shape is listed in
//! `assumptions.rs`.

//! The one declared list of UI→core calls: each with its request and response type,
//! from which the TypeScript bindings in `ui/src/bindings/` are generated (ts-rs).

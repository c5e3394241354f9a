//! Catalog pull and external sharing against the simulator: the fixture catalog's approved,
//! rights-clear images exported with manifests that match the cache, blocked images left
//! out with the reason, a second run that downloads nothing, an interrupted export that
//! resumes, and a share that creates its gallery and share once, even across a lost answer.

#[path = "clients_support/mod.rs"]
mod clients_support;
#[path = "export/support.rs"]
mod support;

#[path = "export/cli.rs"]
mod cli;
#[path = "export/pull.rs"]
mod pull;
#[path = "export/resume.rs"]
mod resume;
#[path = "export/share.rs"]
mod share;

//! Sharing products' images with people outside (agencies, retailers, press): the
//! 4ALLPORTAL files of a product's or a campaign's images, checked one by one (approved,
//! rights allowing the use — those that may not go are left out with the reason), queued
//! as one share job through `linking::share`, and the outcome (link, expiry) read back from
//! the job once the worker carried it out.

mod outcome;
mod queue;

pub use outcome::{ShareOutcome, ShareState, outcome, wait_for};
pub use queue::{NotShared, ProductShareRequest, QueuedShare, ShareProductsError, queue_share};

//! Version groups: found by a file-name rule or made by hand; one version is current.
//! Approving a version plans the product replacements, owner notifications and the
//! approval signal mirrored to PhotoShelter (pure: the caller queues the jobs).

mod approve;
mod group;
mod pattern;
mod signal;

pub use approve::{
    ApprovalError, ApprovalPlan, Held, Notification, Replace, Unlink, Verdicts, approve,
};
pub use group::{detect_groups, group_by_hand};
pub use pattern::{DEFAULT_NAME_PATTERN, NameParts, NamePattern, PatternError};
pub use signal::{ApprovalConfig, ApprovalSignal, SignalChange, keywords_with_signal};

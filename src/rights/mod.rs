//! Usage rights: the model read from PhotoShelter records, 4ALLPORTAL files and local
//! files, and the verdict, a pure function of (rights, now, intended use, policy).

mod allow;
mod dates;
pub mod embedded;
mod merge;
mod model;
mod policy;
pub mod sources;
mod verdict;

pub use allow::{Blocked, LinkConcern, allows, link_concern};
pub use policy::{RightsPolicy, UnknownRights};
pub use verdict::{IntendedUse, LicenceBounds, Restriction, Verdict, licence_bounds, verdict};

pub use dates::Bound;
pub use model::{
    Channel, Conflict, LicenceDate, LicenceType, Origin, Region, ReleaseStatus, Rights, Source,
    Sourced,
};
pub use sources::allportal::AllPortalRightsFields;
pub use sources::photoshelter::{PhotoShelterRightsData, PhotoShelterRightsFields};

/// Parsers for the licence date notations, for callers that store raw values.
pub mod parse {
    pub use super::dates::{iim_date_time, photoshelter_time, plain_date, xmp_date};
}

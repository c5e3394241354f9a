//! The rights an asset carries, each value with where it came from.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// Which system or part of a file a value was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// PhotoShelter image data (`License`, `Image`, `Iptc`, `Xmp`, `CustomMetadata`).
    PhotoShelter,
    /// 4ALLPORTAL file fields.
    AllPortal,
    /// XMP embedded in a local file.
    FileXmp,
    /// IPTC IIM embedded in a local file.
    FileIim,
    /// Entered by a person in Shelflink.
    Manual,
}

/// Where one value came from: the system and the exact field, e.g.
/// (`PhotoShelter`, `License.license_etime`) or (`FileXmp`, `plus:LicenseEndDate`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Source {
    pub origin: Origin,
    pub field: String,
}

impl Source {
    pub fn new(origin: Origin, field: impl Into<String>) -> Self {
        Self {
            origin,
            field: field.into(),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let system = match self.origin {
            Origin::PhotoShelter => "PhotoShelter",
            Origin::AllPortal => "4ALLPORTAL",
            Origin::FileXmp => "file XMP",
            Origin::FileIim => "file IPTC IIM",
            Origin::Manual => "Shelflink",
        };
        write!(f, "{system} {}", self.field)
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    pub fn new(value: T, origin: Origin, field: impl Into<String>) -> Self {
        Self {
            value,
            source: Source::new(origin, field),
        }
    }
}

/// A licence boundary as the source wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LicenceDate {
    /// A calendar day. As an end it means "usable through the end of that day", as a start
    /// "usable from the start of that day", in the licence's zone: `offset_minutes` when
    /// the source gave one (IIM 2:38), otherwise the policy's licence zone.
    Day {
        date: NaiveDate,
        offset_minutes: Option<i32>,
    },
    /// An exact moment (a timestamp with a time of day). As an end it is the last moment
    /// of use; as a start the first.
    Instant { at: DateTime<FixedOffset> },
}

impl LicenceDate {
    pub fn day(date: NaiveDate) -> Self {
        Self::Day {
            date,
            offset_minutes: None,
        }
    }

    /// The calendar date as written by the source (in its own zone).
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::Day { date, .. } => *date,
            Self::Instant { at } => at.date_naive(),
        }
    }
}

impl fmt::Display for LicenceDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Day { date, .. } => write!(f, "{date}"),
            Self::Instant { at } => write!(f, "{}", at.format("%Y-%m-%d %H:%M %:z")),
        }
    }
}

/// The kind of licence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LicenceType {
    /// Made by or for the company and owned by it (4ALLPORTAL `owned`).
    Owned,
    /// Licensed for defined uses (4ALLPORTAL `licensed`).
    Licensed,
    /// PhotoShelter `rights_managed`.
    RightsManaged,
    RoyaltyFree,
    /// Any other value, as written.
    Other(String),
}

impl LicenceType {
    /// Reads the values PhotoShelter (`rights_managed`, `royalty_free`) and 4ALLPORTAL
    /// (`owned`, `licensed`, `royalty_free`) use; empty = absent.
    pub fn parse(raw: &str) -> Option<Self> {
        let norm = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Some(match norm.as_str() {
            "" => return None,
            "owned" => Self::Owned,
            "licensed" => Self::Licensed,
            "rights_managed" | "rm" => Self::RightsManaged,
            "royalty_free" | "rf" => Self::RoyaltyFree,
            _ => Self::Other(raw.trim().to_owned()),
        })
    }
}

/// Model or property release, in PLUS terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStatus {
    /// Releases cover every person / property shown (PLUS "Unlimited …", PhotoShelter `t`).
    Released,
    /// Some releases are missing or limited (PLUS "Limited or Incomplete …").
    Limited,
    /// No release (PLUS "None", PhotoShelter `f`).
    NotReleased,
    /// Nobody / no property that needs one is shown (PLUS "Not Applicable").
    NotApplicable,
}

impl ReleaseStatus {
    /// Reads a PLUS release status: the label ExifTool and most tools show or the PLUS
    /// vocabulary code (`MR-UMR`, `PR-NAP`, …, also as a full `http://ns.useplus.org/…` URI).
    pub fn parse_plus(raw: &str) -> Option<Self> {
        let lower = raw.trim().to_ascii_lowercase();
        let code = lower.rsplit(['/', '#']).next().unwrap_or("");
        let code = code.strip_prefix("mr-").or(code.strip_prefix("pr-"));
        match code {
            Some("umr" | "upr") => return Some(Self::Released),
            Some("lmr" | "lpr") => return Some(Self::Limited),
            Some("non") => return Some(Self::NotReleased),
            Some("nap") => return Some(Self::NotApplicable),
            _ => {}
        }
        if lower.starts_with("unlimited") {
            Some(Self::Released)
        } else if lower.starts_with("limited") {
            Some(Self::Limited)
        } else if lower == "none" {
            Some(Self::NotReleased)
        } else if lower.starts_with("not applicable") {
            Some(Self::NotApplicable)
        } else {
            None
        }
    }

    /// Whether the status lets the image be used where a release is required.
    pub fn is_sufficient(self) -> bool {
        matches!(self, Self::Released | Self::NotApplicable)
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct Region(String);

impl Region {
    pub fn new(code: &str) -> Self {
        Self(code.trim().to_ascii_uppercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A publication channel (`web`, `print`, `social`, `marketplace`, `press`, or any name an
/// instance uses), lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct Channel(String);

impl Channel {
    pub fn new(name: &str) -> Self {
        Self(name.trim().to_lowercase())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Two sources disagreed on a value; `used` won by the documented precedence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Conflict {
    /// The rights field, e.g. `licence_end` or `copyright`.
    pub field: String,
    pub used: Sourced<String>,
    pub other: Sourced<String>,
    /// Which rule decided, in words a person can check.
    pub rule: String,
}

/// Usage rights of one asset. Every field is optional: absent means the sources said
/// nothing. Empty `regions` / `channels` lists are stored as `None` (unrestricted).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Rights {
    pub licence_start: Option<Sourced<LicenceDate>>,
    pub licence_end: Option<Sourced<LicenceDate>>,
    pub licence_type: Option<Sourced<LicenceType>>,
    /// Who holds the licence (4ALLPORTAL `license_holder`).
    pub licence_holder: Option<Sourced<String>>,
    pub usage_terms: Option<Sourced<String>>,
    pub copyright: Option<Sourced<String>>,
    pub credit: Option<Sourced<String>>,
    pub model_release: Option<Sourced<ReleaseStatus>>,
    pub property_release: Option<Sourced<ReleaseStatus>>,
    /// Countries the licence is limited to; `None` = worldwide.
    pub regions: Option<Sourced<Vec<Region>>>,
    /// Channels the licence is limited to; `None` = any channel.
    pub channels: Option<Sourced<Vec<Channel>>>,
    /// Disagreements between sources, for the rights panel.
    pub conflicts: Vec<Conflict>,
}

impl Rights {
    /// Whether anything says on what terms the asset may be used: a licence period, a
    /// licence type, or region/channel limits. Copyright, credit and free-text usage terms
    /// alone do not (they cannot be checked), so such an asset's verdict is `Unknown`.
    pub fn has_licence_terms(&self) -> bool {
        self.licence_start.is_some()
            || self.licence_end.is_some()
            || self.licence_type.is_some()
            || self.regions.is_some()
            || self.channels.is_some()
    }
}

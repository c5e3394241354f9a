//! Combining rights from several sources in order of precedence.
//!
//! The order callers should use (the first source that has a value wins, each
//! disagreement is kept in `Rights::conflicts`):
//! 1. values entered by hand in Shelflink;
//! 2. PhotoShelter (the system where rights are managed; see `sources::photoshelter` for
//!    the order inside it);
//! 3. 4ALLPORTAL file fields (our mirror; the only source for files that exist only there);
//! 4. metadata embedded in the file itself.
//!
//! Precedence, not "the earliest date wins": an organisation that renewed a licence in
//! PhotoShelter must not be blocked by the old end date still embedded in the file.

use super::model::{
    Channel, Conflict, LicenceDate, LicenceType, Region, ReleaseStatus, Rights, Sourced,
};

/// How a value reads in a conflict note.
pub(crate) trait ValueText {
    fn text(&self) -> String;
}

impl ValueText for String {
    fn text(&self) -> String {
        self.clone()
    }
}

impl ValueText for LicenceDate {
    fn text(&self) -> String {
        self.to_string()
    }
}

impl ValueText for LicenceType {
    fn text(&self) -> String {
        match self {
            LicenceType::Owned => "owned".into(),
            LicenceType::Licensed => "licensed".into(),
            LicenceType::RightsManaged => "rights managed".into(),
            LicenceType::RoyaltyFree => "royalty free".into(),
            LicenceType::Other(s) => s.clone(),
        }
    }
}

impl ValueText for ReleaseStatus {
    fn text(&self) -> String {
        match self {
            ReleaseStatus::Released => "released",
            ReleaseStatus::Limited => "limited or incomplete",
            ReleaseStatus::NotReleased => "not released",
            ReleaseStatus::NotApplicable => "not applicable",
        }
        .into()
    }
}

impl ValueText for Vec<Region> {
    fn text(&self) -> String {
        self.iter()
            .map(Region::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl ValueText for Vec<Channel> {
    fn text(&self) -> String {
        self.iter()
            .map(Channel::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Keeps `current` if set, else takes `next`; a different `next` value becomes a conflict.
pub(crate) fn prefer<T: PartialEq + ValueText>(
    field: &str,
    current: &mut Option<Sourced<T>>,
    next: Option<Sourced<T>>,
    rule: &str,
    conflicts: &mut Vec<Conflict>,
) {
    let Some(next) = next else { return };
    match current {
        None => *current = Some(next),
        Some(kept) if kept.value != next.value => conflicts.push(Conflict {
            field: field.to_owned(),
            used: Sourced {
                value: kept.value.text(),
                source: kept.source.clone(),
            },
            other: Sourced {
                value: next.value.text(),
                source: next.source,
            },
            rule: rule.to_owned(),
        }),
        Some(_) => {}
    }
}

impl Rights {
    /// Combines rights in order of precedence, first first (see the module docs).
    pub fn layered(layers: impl IntoIterator<Item = Rights>) -> Rights {
        let mut out = Rights::default();
        for layer in layers {
            out.absorb(layer, "an earlier source in the order of precedence wins");
        }
        out
    }

    /// Fills the fields `self` lacks from `other`; where both have a value, `self` wins and
    /// the difference is noted with `rule`.
    pub fn absorb(&mut self, other: Rights, rule: &str) {
        let c = &mut self.conflicts;
        prefer(
            "licence_start",
            &mut self.licence_start,
            other.licence_start,
            rule,
            c,
        );
        prefer(
            "licence_end",
            &mut self.licence_end,
            other.licence_end,
            rule,
            c,
        );
        prefer(
            "licence_type",
            &mut self.licence_type,
            other.licence_type,
            rule,
            c,
        );
        prefer(
            "licence_holder",
            &mut self.licence_holder,
            other.licence_holder,
            rule,
            c,
        );
        prefer(
            "usage_terms",
            &mut self.usage_terms,
            other.usage_terms,
            rule,
            c,
        );
        prefer("copyright", &mut self.copyright, other.copyright, rule, c);
        prefer("credit", &mut self.credit, other.credit, rule, c);
        prefer(
            "model_release",
            &mut self.model_release,
            other.model_release,
            rule,
            c,
        );
        prefer(
            "property_release",
            &mut self.property_release,
            other.property_release,
            rule,
            c,
        );
        prefer("regions", &mut self.regions, other.regions, rule, c);
        prefer("channels", &mut self.channels, other.channels, rule, c);
        c.extend(other.conflicts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rights::model::Origin;
    use chrono::NaiveDate;

    fn end(y: i32, m: u32, d: u32, origin: Origin, field: &str) -> Rights {
        Rights {
            licence_end: Some(Sourced::new(
                LicenceDate::day(NaiveDate::from_ymd_opt(y, m, d).unwrap()),
                origin,
                field,
            )),
            ..Rights::default()
        }
    }

    #[test]
    fn a_licence_renewed_in_photoshelter_beats_the_old_date_in_the_file() {
        let ps = end(2027, 1, 31, Origin::PhotoShelter, "License.license_etime");
        let file = end(2015, 4, 1, Origin::FileXmp, "plus:LicenseEndDate");
        let rights = Rights::layered([ps, file]);
        let used = rights.licence_end.unwrap();
        assert_eq!(used.value.date().to_string(), "2027-01-31");
        assert_eq!(rights.conflicts.len(), 1);
        let conflict = &rights.conflicts[0];
        assert_eq!(conflict.field, "licence_end");
        assert_eq!(conflict.other.value, "2015-04-01");
        assert_eq!(
            conflict.other.source.to_string(),
            "file XMP plus:LicenseEndDate"
        );
    }

    #[test]
    fn a_missing_value_is_filled_from_a_later_source_without_a_conflict() {
        let ps = Rights::default();
        let ap = end(2026, 6, 30, Origin::AllPortal, "license_valid_until");
        let rights = Rights::layered([ps, ap]);
        assert!(rights.licence_end.is_some());
        assert!(rights.conflicts.is_empty());
    }
}

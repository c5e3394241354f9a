//! Rights from the metadata embedded in a local file (see `embedded` for how IIM and XMP
//! are reconciled). Licence end: the PLUS `LicenseEndDate`, else the IIM expiration date
//! (2:37/2:38). Licence start: the PLUS `LicenseStartDate`, else the IIM release date
//! (2:30/2:35, an embargo).

use crate::rights::embedded::EmbeddedMetadata;
use crate::rights::model::Rights;

impl Rights {
    pub fn from_embedded(meta: &EmbeddedMetadata) -> Rights {
        let mut rights = Rights {
            licence_start: meta.licence_start.clone(),
            licence_end: meta.licence_end.clone(),
            usage_terms: meta.usage_terms.clone(),
            copyright: meta.copyright.clone(),
            credit: meta.credit.clone(),
            model_release: meta.model_release.clone(),
            property_release: meta.property_release.clone(),
            conflicts: meta.conflicts.clone(),
            ..Rights::default()
        };
        let iim_dates = Rights {
            licence_start: meta.iim_release.clone(),
            licence_end: meta.iim_expiration.clone(),
            ..Rights::default()
        };
        rights.absorb(
            iim_dates,
            "a PLUS licence date wins over the IIM release or expiration date",
        );
        rights
    }
}

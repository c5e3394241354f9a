//! Which value wins when IIM and XMP disagree, following the Metadata Working Group's
//! guidance (MWG 2.0, "reading IPTC-IIM"):
//!
//! 1. A value only one of them has is used.
//! 2. Equal values: XMP (it is the richer form).
//! 3. The IIM value is the XMP value cut at the IIM length limit (e.g. Credit, 32 bytes):
//!    the complete XMP value.
//! 4. Different values: XMP wins, **unless** the file carries an IIM digest (Photoshop
//!    resource 0x0425) that does not match its IIM block. That means a program that does
//!    not update XMP edited the IIM after the XMP was written, so the IIM is newer and wins.
//!
//! Every difference (rules 3 and 4) is kept as a `Conflict`. Several IIM blocks (in one or
//! several APP13 segments): the first is the standard one and is used; values of later
//! blocks that differ are kept as conflicts. How several XMP packets and Extended XMP
//! combine into one set of properties is `shelflink-metadata`'s (the first packet sets a
//! property, later ones fill gaps).

use super::{DigestState, EmbeddedMetadata, ProductShown};
use crate::rights::dates::{self, Bound};
use crate::rights::model::{Conflict, LicenceDate, Origin, ReleaseStatus, Sourced};
use shelflink_metadata::iim::{Iim, ds};
use shelflink_metadata::{Metadata, Xmp};

const XMP_WINS: &str = "XMP wins over IPTC IIM when both are present (MWG)";
const IIM_NEWER: &str =
    "the IIM digest does not match: IIM was edited after the XMP, so IIM wins (MWG)";
const IIM_CUT: &str =
    "the IIM value is the XMP value cut at the IIM length limit: the complete XMP value is used";
const FIRST_BLOCK: &str = "a second IPTC IIM block differs: the first (standard) block is used";

pub fn reconcile(read: Metadata) -> EmbeddedMetadata {
    let Metadata {
        format,
        xmp,
        iim: iims,
        digest,
        notes,
    } = read;
    let mut meta = EmbeddedMetadata {
        format,
        iim_digest: digest,
        notes,
        ..EmbeddedMetadata::default()
    };
    let primary = iims.first().cloned().unwrap_or_default();
    let r = Reconciler {
        xmp: &xmp,
        iim: &primary,
        others: iims.get(1..).unwrap_or(&[]),
        iim_newer: meta.iim_digest == DigestState::Differs,
    };
    let c = &mut meta.conflicts;
    meta.title = r.text("title", "dc:title", ds::OBJECT_NAME, c);
    meta.caption = r.text("caption", "dc:description", ds::CAPTION, c);
    meta.credit = r.text("credit", "photoshop:Credit", ds::CREDIT, c);
    meta.copyright = r.text("copyright", "dc:rights", ds::COPYRIGHT, c);
    meta.instructions = r.text(
        "instructions",
        "photoshop:Instructions",
        ds::SPECIAL_INSTRUCTIONS,
        c,
    );
    meta.job_id = r.text("job_id", "photoshop:TransmissionReference", ds::JOB_ID, c);
    meta.keywords = r.list("keywords", "dc:subject", ds::KEYWORDS, c);
    meta.creators = r.list("creators", "dc:creator", ds::BYLINE, c);

    let from_xmp = |key: &str| xmp.text(key).map(|v| (v, key.to_owned()));
    meta.usage_terms =
        from_xmp("xmpRights:UsageTerms").map(|(v, k)| Sourced::new(v, Origin::FileXmp, k));
    meta.web_statement =
        from_xmp("xmpRights:WebStatement").map(|(v, k)| Sourced::new(v, Origin::FileXmp, k));
    meta.licence_start = from_xmp("plus:LicenseStartDate").and_then(|(v, k)| {
        dates::xmp_date(&v, Bound::Start).map(|d| Sourced::new(d, Origin::FileXmp, k))
    });
    meta.licence_end = from_xmp("plus:LicenseEndDate").and_then(|(v, k)| {
        dates::xmp_date(&v, Bound::End).map(|d| Sourced::new(d, Origin::FileXmp, k))
    });
    meta.model_release = from_xmp("plus:ModelReleaseStatus").and_then(|(v, k)| {
        ReleaseStatus::parse_plus(&v).map(|s| Sourced::new(s, Origin::FileXmp, k))
    });
    meta.property_release = from_xmp("plus:PropertyReleaseStatus").and_then(|(v, k)| {
        ReleaseStatus::parse_plus(&v).map(|s| Sourced::new(s, Origin::FileXmp, k))
    });
    meta.iim_expiration = iim_moment(&primary, ds::EXPIRATION_DATE, ds::EXPIRATION_TIME);
    meta.iim_release = iim_moment(&primary, ds::RELEASE_DATE, ds::RELEASE_TIME);
    meta.products_shown = xmp
        .structs("Iptc4xmpExt:ProductInImage")
        .iter()
        .map(|s| ProductShown {
            name: s.get("Iptc4xmpExt:ProductName").cloned(),
            gtin: s.get("Iptc4xmpExt:ProductGTIN").cloned(),
            id: s.get("Iptc4xmpExt:ProductId").cloned(),
        })
        .collect();
    meta.xmp = xmp.flat();
    meta
}

/// An IIM date dataset with its optional time dataset.
fn iim_moment(iim: &Iim, date_ds: u8, time_ds: u8) -> Option<Sourced<LicenceDate>> {
    let (date, _) = iim.first(date_ds)?;
    let time = iim.first(time_ds).map(|(t, _)| t);
    let field = match time {
        Some(_) => format!("{} + {}", ds::name(date_ds), ds::name(time_ds)),
        None => ds::name(date_ds).to_owned(),
    };
    dates::iim_date_time(&date, time.as_deref()).map(|d| Sourced::new(d, Origin::FileIim, field))
}

struct Reconciler<'a> {
    xmp: &'a Xmp,
    iim: &'a Iim,
    others: &'a [Iim],
    iim_newer: bool,
}

impl Reconciler<'_> {
    fn text(
        &self,
        field: &str,
        key: &str,
        dataset: u8,
        c: &mut Vec<Conflict>,
    ) -> Option<Sourced<String>> {
        let x = self
            .xmp
            .text(key)
            .map(|v| Sourced::new(v, Origin::FileXmp, key));
        let i = self.iim.first(dataset);
        self.note_other_blocks(field, dataset, i.as_ref().map(|(v, _)| v.as_str()), c);
        let i_len = i.as_ref().map(|(_, len)| *len).unwrap_or(0);
        let i = i.map(|(v, _)| Sourced::new(v, Origin::FileIim, ds::name(dataset)));
        match (x, i) {
            (None, i) => i,
            (x, None) => x,
            (Some(x), Some(i)) if x.value == i.value => Some(x),
            (Some(x), Some(i))
                if x.value.starts_with(&i.value) && i_len + 3 >= ds::max_len(dataset) =>
            {
                c.push(conflict(field, &x, &i, IIM_CUT));
                Some(x)
            }
            (Some(x), Some(i)) if self.iim_newer => {
                c.push(conflict(field, &i, &x, IIM_NEWER));
                Some(i)
            }
            (Some(x), Some(i)) => {
                c.push(conflict(field, &x, &i, XMP_WINS));
                Some(x)
            }
        }
    }

    fn list(
        &self,
        field: &str,
        key: &str,
        dataset: u8,
        c: &mut Vec<Conflict>,
    ) -> Option<Sourced<Vec<String>>> {
        let x = Some(self.xmp.list(key)).filter(|l| !l.is_empty());
        let i = Some(self.iim.all(dataset)).filter(|l| !l.is_empty());
        let joined = |l: &[String]| l.join(", ");
        let pick_x = |x: Vec<String>| Sourced::new(x, Origin::FileXmp, key);
        let pick_i = |i: Vec<String>| Sourced::new(i, Origin::FileIim, ds::name(dataset));
        match (x, i) {
            (None, None) => None,
            (Some(x), None) => Some(pick_x(x)),
            (None, Some(i)) => Some(pick_i(i)),
            (Some(x), Some(i)) if x == i => Some(pick_x(x)),
            (Some(x), Some(i)) => {
                let (xs, is) = (pick_x(x), pick_i(i));
                let as_text = |s: &Sourced<Vec<String>>| Sourced {
                    value: joined(&s.value),
                    source: s.source.clone(),
                };
                if self.iim_newer {
                    c.push(conflict(field, &as_text(&is), &as_text(&xs), IIM_NEWER));
                    Some(is)
                } else {
                    c.push(conflict(field, &as_text(&xs), &as_text(&is), XMP_WINS));
                    Some(xs)
                }
            }
        }
    }

    fn note_other_blocks(
        &self,
        field: &str,
        dataset: u8,
        first: Option<&str>,
        c: &mut Vec<Conflict>,
    ) {
        for (n, other) in self.others.iter().enumerate() {
            if let Some((value, _)) = other.first(dataset)
                && Some(value.as_str()) != first
            {
                let used = Sourced::new(
                    first.unwrap_or("").to_owned(),
                    Origin::FileIim,
                    ds::name(dataset),
                );
                let label = format!("{} (IIM block {})", ds::name(dataset), n + 2);
                let other = Sourced::new(value, Origin::FileIim, label);
                c.push(conflict(field, &used, &other, FIRST_BLOCK));
            }
        }
    }
}

fn conflict(field: &str, used: &Sourced<String>, other: &Sourced<String>, rule: &str) -> Conflict {
    Conflict {
        field: field.to_owned(),
        used: used.clone(),
        other: other.clone(),
        rule: rule.to_owned(),
    }
}

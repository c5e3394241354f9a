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
//! Every difference (rules 3 and 4) is kept as a `Conflict`. Several XMP packets: the
//! first sets a property, later ones only fill gaps. Several IIM blocks (in one or several
//! APP13 segments): the first is the standard one and is used; values of later blocks that
//! differ are kept as conflicts. Extended XMP is joined from its chunks (in any order) when
//! its GUID is the one the main packet names and every byte is present.

use super::container::{Blocks, MAX_EXTENDED_XMP};
use super::iim::{Iim, ds};
use super::xmp::Xmp;
use super::{EmbeddedMetadata, ProductShown};
use crate::rights::dates::{self, Bound};
use crate::rights::model::{Conflict, LicenceDate, Origin, ReleaseStatus, Sourced};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

/// What the IIM digest says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestState {
    /// No digest stored (or no IIM).
    #[default]
    Absent,
    /// IIM unchanged since XMP was last synchronised with it.
    Matches,
    /// IIM edited later by a program that ignores XMP: IIM wins where they differ.
    Differs,
}

const XMP_WINS: &str = "XMP wins over IPTC IIM when both are present (MWG)";
const IIM_NEWER: &str =
    "the IIM digest does not match: IIM was edited after the XMP, so IIM wins (MWG)";
const IIM_CUT: &str =
    "the IIM value is the XMP value cut at the IIM length limit: the complete XMP value is used";
const FIRST_BLOCK: &str = "a second IPTC IIM block differs: the first (standard) block is used";

pub fn reconcile(blocks: Blocks) -> EmbeddedMetadata {
    let mut meta = EmbeddedMetadata {
        notes: blocks.notes,
        ..EmbeddedMetadata::default()
    };

    let mut xmp = Xmp::default();
    for (i, packet) in blocks.xmp.iter().enumerate() {
        if let Err(e) = xmp.add_packet(packet) {
            meta.notes.push(format!(
                "XMP packet {} is not well-formed and was skipped ({e})",
                i + 1
            ));
        }
    }
    if blocks.xmp.len() > 1 {
        meta.notes.push(format!(
            "{} XMP packets found: the first sets each property, later ones fill gaps",
            blocks.xmp.len()
        ));
    }
    join_extended(&mut xmp, &blocks.extended_xmp, &mut meta.notes);

    let resources = super::irb::parse(&blocks.photoshop);
    if resources.damaged {
        meta.notes.push(
            "the Photoshop resource data is damaged; what precedes the damage was read".into(),
        );
    }
    let mut raw_blocks: Vec<Vec<u8>> = resources.iim;
    raw_blocks.extend(blocks.iim);
    let iims: Vec<Iim> = raw_blocks.iter().map(|b| Iim::parse(b)).collect();
    if iims.iter().any(|b| b.damaged) {
        meta.notes
            .push("an IPTC IIM block is damaged; the datasets before the damage were read".into());
    }
    meta.iim_digest = match (resources.digest, raw_blocks.first()) {
        (Some(stored), Some(first)) if Md5::digest(first).as_slice() == stored => {
            DigestState::Matches
        }
        (Some(_), Some(_)) => DigestState::Differs,
        _ => DigestState::Absent,
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

fn join_extended(xmp: &mut Xmp, chunks: &[(String, u32, u32, Vec<u8>)], notes: &mut Vec<String>) {
    if chunks.is_empty() {
        return;
    }
    let named = xmp.text("xmpNote:HasExtendedXMP");
    let guid = match &named {
        Some(g) => g.clone(),
        None => {
            notes.push("Extended XMP found but the main XMP does not name it: ignored".into());
            return;
        }
    };
    let mut parts: Vec<&(String, u32, u32, Vec<u8>)> =
        chunks.iter().filter(|c| c.0 == guid).collect();
    let Some(full) = parts.first().map(|c| c.1 as usize) else {
        notes.push("the Extended XMP named by the main XMP is missing".into());
        return;
    };
    if full > MAX_EXTENDED_XMP {
        notes.push(format!(
            "the Extended XMP declares {full} bytes, over the 16 MiB limit: ignored"
        ));
        return;
    }
    parts.sort_by_key(|c| c.2);
    let mut joined = Vec::with_capacity(full);
    for part in parts {
        if part.1 as usize != full || part.2 as usize != joined.len() {
            notes.push("the Extended XMP chunks do not fit together: ignored".into());
            return;
        }
        joined.extend_from_slice(&part.3);
    }
    if joined.len() != full {
        notes.push("the Extended XMP is incomplete: ignored".into());
        return;
    }
    if let Err(e) = xmp.add_packet(&joined) {
        notes.push(format!(
            "the Extended XMP is not well-formed and was skipped ({e})"
        ));
    }
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
            if let Some((value, _)) = other.first(dataset) {
                if Some(value.as_str()) != first {
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
}

fn conflict(field: &str, used: &Sourced<String>, other: &Sourced<String>, rule: &str) -> Conflict {
    Conflict {
        field: field.to_owned(),
        used: used.clone(),
        other: other.clone(),
        rule: rule.to_owned(),
    }
}

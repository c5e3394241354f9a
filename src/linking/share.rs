//! Sharing 4ALLPORTAL files with people outside (agencies, retailers, press) through a
//! PhotoShelter gallery: checked now (each file approved, rights allowing the use), and
//! again when the job runs.

use super::{Rules, db, intent};
use crate::cache::{Cache, CacheError};
use crate::rights::{Channel, IntendedUse, Region};
use crate::transfer::gate::{self, Refusal};
use crate::transfer::job::{NewJob, Payload, Share};
use crate::transfer::queue;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ShareRequest {
    /// 4ALLPORTAL file ids.
    pub files: Vec<String>,
    /// The PhotoShelter gallery to put them in (made if there is none of that name).
    pub gallery: String,
    /// E-mail addresses.
    pub recipients: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub message: Option<String>,
    /// The channel the recipients publish in (checked against the rights), if known.
    pub channel: Option<String>,
    /// The country they publish in, if known.
    pub region: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("choose at least one file to share")]
    NoFiles,
    #[error("name the gallery the files go into")]
    NoGallery,
    #[error("add at least one recipient")]
    NoRecipients,
    #[error("{0:?} is not an e-mail address")]
    BadRecipient(String),
    #[error("the share would expire at {0}, which has passed: choose a later date")]
    Expired(DateTime<Utc>),
    #[error("cannot share: {0}")]
    Refused(Refusal),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

fn looks_like_email(text: &str) -> bool {
    let Some((user, domain)) = text.split_once('@') else {
        return false;
    };
    !user.is_empty() && domain.contains('.') && !text.contains([' ', ','])
}

/// Queues the share; returns the job.
pub fn share(cache: &Cache, rules: &Rules, request: &ShareRequest) -> Result<i64, ShareError> {
    if request.files.is_empty() {
        return Err(ShareError::NoFiles);
    }
    let gallery = request.gallery.trim();
    if gallery.is_empty() {
        return Err(ShareError::NoGallery);
    }
    let recipients: Vec<String> = request
        .recipients
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if recipients.is_empty() {
        return Err(ShareError::NoRecipients);
    }
    if let Some(bad) = recipients.iter().find(|r| !looks_like_email(r)) {
        return Err(ShareError::BadRecipient(bad.clone()));
    }
    if let Some(at) = request.expires_at.filter(|at| *at <= Utc::now()) {
        return Err(ShareError::Expired(at));
    }
    let intended = IntendedUse {
        channel: request.channel.as_deref().map(Channel::new),
        region: request.region.as_deref().map(Region::new),
    };
    let today = (rules.today)();
    let files_text = request.files.len();
    cache
        .with_conn(|conn| {
            let tx = conn.unchecked_transaction()?;
            for file in &request.files {
                if let Err(refusal) = gate::check_file(&tx, file, &today, &intended, &rules.policy)?
                {
                    return Ok(Err(ShareError::Refused(refusal)));
                }
            }
            let job = queue::enqueue(
                &tx,
                &NewJob::new(
                    Payload::Share(Share {
                        files: request.files.clone(),
                        gallery: gallery.to_owned(),
                        recipients: recipients.clone(),
                        expires_at: request.expires_at,
                        message: request.message.clone(),
                        intended: intended.clone(),
                    }),
                    format!(
                        "Share {files_text} file(s) in the PhotoShelter gallery {gallery} with {}",
                        recipients.join(", ")
                    ),
                    intent(),
                ),
                rules.max_attempts,
                Utc::now(),
            )?;
            tx.commit()?;
            Ok(Ok(job.id))
        })
        .map_err(db("queue a share"))?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linking::testing::{self, rules, until};
    use rusqlite::params;

    fn file(cache: &Cache, id: &str, ps: Option<&str>) {
        cache
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO ap_files (ap_id, ps_id, name, approval_status, synced_at)
                     VALUES (?1, ?2, 'x.jpg', 'approved', 'x')",
                    params![id, ps],
                )
            })
            .unwrap();
    }

    fn request(files: &[&str], recipients: &[&str]) -> ShareRequest {
        ShareRequest {
            files: files.iter().map(|f| f.to_string()).collect(),
            gallery: "Press kit SS26".into(),
            recipients: recipients.iter().map(|r| r.to_string()).collect(),
            expires_at: None,
            message: None,
            channel: Some("press".into()),
            region: None,
        }
    }

    #[test]
    fn a_share_is_queued_once_its_files_may_go_out() {
        let cache = Cache::open_in_memory().unwrap();
        testing::asset(&cache, "I1", "a.jpg", "approved", &until((2026, 12, 31)));
        file(&cache, "f1", Some("I1"));
        file(&cache, "f2", None);
        let job = share(
            &cache,
            &rules(),
            &request(&["f1", "f2"], &["press@example.org"]),
        )
        .unwrap();
        let job = cache.with_conn(|c| queue::get(c, job)).unwrap().unwrap();
        assert_eq!(
            job.summary,
            "Share 2 file(s) in the PhotoShelter gallery Press kit SS26 with press@example.org"
        );
    }

    #[test]
    fn a_file_whose_image_expired_cannot_be_shared() {
        let cache = Cache::open_in_memory().unwrap();
        testing::asset(&cache, "I1", "old.jpg", "approved", &until((2026, 1, 1)));
        file(&cache, "f1", Some("I1"));
        let err = share(&cache, &rules(), &request(&["f1"], &["press@example.org"])).unwrap_err();
        assert!(
            err.to_string().contains("old.jpg: the licence expired"),
            "{err}"
        );
    }

    #[test]
    fn a_request_without_what_a_share_needs_says_what_is_missing() {
        let cache = Cache::open_in_memory().unwrap();
        assert!(matches!(
            share(&cache, &rules(), &request(&[], &["a@b.org"])),
            Err(ShareError::NoFiles)
        ));
        assert!(matches!(
            share(&cache, &rules(), &request(&["f1"], &[])),
            Err(ShareError::NoRecipients)
        ));
        assert!(matches!(
            share(&cache, &rules(), &request(&["f1"], &["not an address"])),
            Err(ShareError::BadRecipient(_))
        ));
    }
}

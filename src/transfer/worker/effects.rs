//! What a finished attempt changes besides the job itself, in the same transaction: the
//! link's state follows its jobs (queued → pushed → confirmed, or failed with the reason),
//! and the activity log records what people should be able to look up.

use crate::transfer::catalog::{self, Activity, LinkStateText};
use crate::transfer::events::DesktopNotification;
use crate::transfer::job::{Job, Payload};
use crate::transfer::queue::Finish;
use crate::transfer::status::moves_link;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::{Value, json};

fn text<'a>(result: &'a Option<Value>, field: &str) -> Option<&'a str> {
    result.as_ref()?.get(field)?.as_str()
}

fn activity(
    conn: &Connection,
    job: &Job,
    kind: &str,
    summary: &str,
    details: Option<&Value>,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    catalog::log_activity(
        conn,
        &Activity {
            kind,
            summary,
            product_id: job.product_id,
            asset_id: job.asset_id,
            job_id: Some(job.id),
            details,
        },
        now,
    )?;
    Ok(())
}

/// Applies the effects of `finish`; returns the desktop notifications to show.
pub fn apply(
    conn: &Connection,
    job: &Job,
    finish: &Finish,
    now: DateTime<Utc>,
) -> rusqlite::Result<Vec<DesktopNotification>> {
    let mut notices = Vec::new();
    match finish {
        Finish::Done { result } => done(conn, job, result, now, &mut notices)?,
        Finish::Attention { reason } | Finish::Cancelled { reason } => {
            if let Some(link) = job.link_id.filter(|_| moves_link(job.kind)) {
                catalog::set_link_state(
                    conn,
                    link,
                    LinkStateText::Failed,
                    Some(reason),
                    None,
                    now,
                )?;
            }
            if matches!(finish, Finish::Attention { .. }) {
                let line = format!("Held: {} — {reason}", job.summary);
                activity(conn, job, "transfer_held", &line, None, now)?;
                notices.push(DesktopNotification {
                    title: "A transfer needs your attention".into(),
                    body: line,
                });
            }
        }
        Finish::GiveUp { error } => {
            if let Some(link) = job.link_id.filter(|_| moves_link(job.kind)) {
                catalog::set_link_state(conn, link, LinkStateText::Failed, Some(error), None, now)?;
            }
            let line = format!("Failed: {} — {error}", job.summary);
            activity(conn, job, "transfer_failed", &line, None, now)?;
        }
        Finish::Retry { .. } | Finish::Offline { .. } => {}
    }
    Ok(notices)
}

fn done(
    conn: &Connection,
    job: &Job,
    result: &Option<Value>,
    now: DateTime<Utc>,
    notices: &mut Vec<DesktopNotification>,
) -> rusqlite::Result<()> {
    let file = text(result, "file");
    match &job.payload {
        Payload::Relate(_) | Payload::ReplaceVersion(_) => {
            if let Some(link) = job.link_id {
                catalog::set_link_state(conn, link, LinkStateText::Pushed, None, file, now)?;
            }
            let kind = match job.payload {
                Payload::Relate(_) => "linked",
                _ => "version_replaced",
            };
            let line = format!("Done: {}", job.summary);
            activity(conn, job, kind, &line, result.as_ref(), now)?;
        }
        Payload::WriteBack(_) => {
            let confirmed = result
                .as_ref()
                .and_then(|r| r.get("confirmed"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if let (Some(link), true) = (job.link_id, confirmed) {
                catalog::set_link_state(conn, link, LinkStateText::Confirmed, None, file, now)?;
            }
            let line = format!("Done: {}", job.summary);
            activity(conn, job, "written_back", &line, result.as_ref(), now)?;
        }
        Payload::NotifyOwner(p) => {
            let line = format!("Told the product owner: {}", p.title);
            let details =
                json!({"owner": p.owner, "task": text(result, "task"), "products": p.products});
            activity(conn, job, "owner_notified", &line, Some(&details), now)?;
            notices.push(DesktopNotification {
                title: p.title.clone(),
                body: p.body.clone(),
            });
        }
        Payload::FlagRights(p) => {
            let line = format!("Flagged {} in 4ALLPORTAL: {}", p.flag.as_str(), p.note);
            activity(conn, job, "rights_flagged", &line, result.as_ref(), now)?;
        }
        Payload::Share(p) => {
            let url = text(result, "url").unwrap_or("");
            let line = format!(
                "Shared {} file(s) in the PhotoShelter gallery {} with {}: {url}",
                p.files.len(),
                p.gallery,
                p.recipients.join(", ")
            );
            activity(conn, job, "shared", &line, result.as_ref(), now)?;
            notices.push(DesktopNotification {
                title: format!("Shared: {}", p.gallery),
                body: line,
            });
        }
        Payload::Unlink(_) => {
            let line = format!("Done: {}", job.summary);
            activity(conn, job, "link_removed", &line, result.as_ref(), now)?;
        }
        Payload::TagKeywords(_) => {
            let line = format!("Done: {}", job.summary);
            activity(conn, job, "tagged", &line, result.as_ref(), now)?;
        }
        Payload::ApprovalSignal(_) => {
            let line = format!("Done: {}", job.summary);
            activity(conn, job, "approval_signalled", &line, result.as_ref(), now)?;
        }
        Payload::UploadFile(_) => {}
    }
    Ok(())
}

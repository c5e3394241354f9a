//! Telling a product owner: a 4ALLPORTAL task assigned to them (A11). The task's id is
//! derived from the job's idempotency key, so the job looks for that task first and a
//! repeat finds it instead of writing it again. (The activity entry and the desktop
//! notification follow when the job is recorded done.)

use super::patch::patch_once;
use super::{Context, JobError};
use crate::allportal::{NewTask, ObjectId};
use crate::transfer::job::NotifyOwner;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A UUID (version 8, RFC 9562) derived from `key`: the same key, the same id.
pub fn task_id(key: &str) -> ObjectId {
    let digest = Sha256::digest(format!("shelflink-task:{key}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    ObjectId::new(
        uuid::Builder::from_custom_bytes(bytes)
            .into_uuid()
            .to_string(),
    )
}

pub(super) async fn notify(ctx: &Context<'_>, p: &NotifyOwner) -> Result<Value, JobError> {
    let remotes = ctx.remotes;
    let (ap, mapping) = (&remotes.allportal, &remotes.mapping);
    let id = task_id(&ctx.job.idempotency_key);
    match ap
        .object(
            &mapping.task.module,
            &id,
            std::slice::from_ref(&mapping.task.name),
        )
        .await
    {
        Ok(_) => return Ok(json!({"task": id.0, "created": false})),
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(e.into()),
    }
    ctx.check_cancel()?;
    let task = NewTask {
        id: id.clone(),
        name: p.title.clone(),
        description: Some(p.body.clone()),
        assigned_users: vec![ObjectId::new(p.owner.clone())],
        due_date: None,
        related_object: p.about.clone().map(ObjectId::new),
    };
    match patch_once(ap, &mapping.task.module, &task.patch(mapping)).await {
        Ok(()) => Ok(json!({"task": id.0, "created": true})),
        Err(JobError::Api(e)) if e.is_not_found() => Err(JobError::Attention(format!(
            "4ALLPORTAL refused the task for user {}: the user or the product may have been deleted ({e})",
            p.owner
        ))),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_task_id_is_a_uuid_fixed_by_the_job_key() {
        let a = task_id("notify_owner|message:1|u1|v");
        assert_eq!(a, task_id("notify_owner|message:1|u1|v"));
        assert_ne!(a, task_id("notify_owner|message:1|u2|v"));
        let parsed = uuid::Uuid::parse_str(a.as_str()).unwrap();
        assert_eq!(a.as_str().len(), 36);
        assert_eq!(parsed.get_version_num(), 8);
    }
}

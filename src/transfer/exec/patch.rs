//! A 4ALLPORTAL PATCH sent once: the client does not repeat it by itself after a broken
//! answer. A repeat comes through the job instead, which reads the object first and finds
//! the change made, so the write happens (and is logged) once even when an answer is lost.

use super::JobError;
use crate::allportal::{AllportalClient, ObjectId, ObjectPatch};
use crate::net::{ApiError, Replay, path_segment};
use reqwest::Method;

pub(super) async fn patch_once(
    client: &AllportalClient,
    module: &str,
    patch: &ObjectPatch,
) -> Result<(), JobError> {
    let path = format!("/api/modules/{}/objects", path_segment(module));
    let body = serde_json::to_vec(std::slice::from_ref(patch)).map_err(|e| {
        JobError::Api(ApiError::Invalid {
            message: e.to_string(),
        })
    })?;
    let _ids: Vec<ObjectId> = client
        .api_json(Method::PATCH, &path, &[], Some(body), Replay::Unsafe)
        .await?;
    Ok(())
}

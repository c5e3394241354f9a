//! Media: download by usage streamed to disk (A6), derivates (A10), file upload (A8) and
//! binary replacement (A9).

use super::assumptions::{DEFAULT_UPLOAD_FOLDER, MEDIA_LIST, REPLACE_ORIGINAL, UPLOAD, fill};
use super::client::AllportalClient;
use super::object::{Object, ObjectId};
use super::patch::ObjectPatch;
use crate::net::body::{Quote, read_json};
use crate::net::http::CallSpec;
use crate::net::transfer::{SavedFile, file_part, save_to_file};
use crate::net::{ApiError, Replay, Service, lenient, path_segment};
use reqwest::Method;
use serde::Deserialize;
use std::path::Path;

/// One derivate of an object (A10).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Derivate {
    #[serde(deserialize_with = "lenient::string")]
    pub usage: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub mime_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub width: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub height: Option<u32>,
}

/// A file to upload (A8).
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub path: &'a Path,
    /// The folder; `None` = `/Shelflink/` (A8).
    pub parent_path: Option<&'a str>,
    /// Fields to set on the new file object (its id is ignored).
    pub fields: Option<&'a ObjectPatch>,
    /// Uploads are not idempotent: `Replay::Safe` only after checking (for example with
    /// `find_file_by_photoshelter_id`) that a repeat cannot make a second file.
    pub replay: Replay,
}

impl AllportalClient {
    /// Streams the `usage` derivate (`Original`, `small`, `medium`, `large`…) of an object
    /// into `dest` (written beside it, renamed when complete; nothing left on failure).
    pub async fn download_media(
        &self,
        module: &str,
        id: &ObjectId,
        usage: &str,
        dest: &Path,
    ) -> Result<SavedFile, ApiError> {
        let path = format!(
            "/api/modules/{}/objects/{}/media/{}",
            path_segment(module),
            path_segment(id.as_str()),
            path_segment(usage)
        );
        let url = self.url(&path)?;
        let endpoint = format!("GET {path}");
        let spec = CallSpec {
            method: &Method::GET,
            path: &path,
            replay: Replay::Safe,
            transfer: true,
        };
        self.api(
            spec,
            |c| Ok(c.get(url.clone())),
            |r| save_to_file(Service::Allportal, &endpoint, r, dest),
        )
        .await
    }

    /// The derivates available for an object (A10).
    pub async fn media(&self, module: &str, id: &ObjectId) -> Result<Vec<Derivate>, ApiError> {
        let path = fill(
            &fill(MEDIA_LIST, "module", &path_segment(module)),
            "id",
            &path_segment(id.as_str()),
        );
        self.api_json(Method::GET, &path, &[], None, Replay::Safe)
            .await
    }

    /// Uploads a file into the `file` module (A8), streamed from disk.
    pub async fn upload_file(&self, file: &NewFile<'_>) -> Result<Object, ApiError> {
        let url = self.url(UPLOAD)?;
        let endpoint = format!("POST {UPLOAD}");
        let fields_json = match file.fields {
            Some(patch) => {
                let mut patch = patch.clone();
                patch.id = None;
                Some(serde_json::to_string(&patch).map_err(|e| ApiError::invalid(e.to_string()))?)
            }
            None => None,
        };
        let parent = file
            .parent_path
            .unwrap_or(DEFAULT_UPLOAD_FOLDER)
            .to_string();
        let spec = CallSpec {
            method: &Method::POST,
            path: UPLOAD,
            replay: file.replay,
            transfer: true,
        };
        self.api(
            spec,
            |c| {
                let mut form = reqwest::multipart::Form::new()
                    .part("file", file_part(file.path)?)
                    .text("parent_path", parent.clone());
                if let Some(json) = &fields_json {
                    let part = reqwest::multipart::Part::text(json.clone())
                        .mime_str("application/json")
                        .map_err(|e| ApiError::invalid(e.to_string()))?;
                    form = form.part("fields", part);
                }
                Ok(c.post(url.clone()).multipart(form))
            },
            |r| read_json::<Object>(Service::Allportal, &endpoint, r, Quote::Allowed),
        )
        .await
    }

    /// Replaces the binary of a file object (A9), streamed from disk; idempotent.
    pub async fn replace_original(&self, id: &ObjectId, source: &Path) -> Result<Object, ApiError> {
        let path = fill(REPLACE_ORIGINAL, "id", &path_segment(id.as_str()));
        let url = self.url(&path)?;
        let endpoint = format!("PUT {path}");
        let spec = CallSpec {
            method: &Method::PUT,
            path: &path,
            replay: Replay::Safe,
            transfer: true,
        };
        self.api(
            spec,
            |c| {
                let form = reqwest::multipart::Form::new().part("file", file_part(source)?);
                Ok(c.put(url.clone()).multipart(form))
            },
            |r| read_json::<Object>(Service::Allportal, &endpoint, r, Quote::Allowed),
        )
        .await
    }
}

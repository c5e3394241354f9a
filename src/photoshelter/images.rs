//! Images: records, rendition links and URLs of any size (P15), originals streamed to
//! disk, and multipart uploads streamed into a gallery (P5).

use super::client::{Params, PhotoShelterClient};
use super::envelope::{CallKind, read_data};
use super::ids::{GalleryId, ImageId};
use super::query::{Extend, Fields, select_params};
use super::records::{Image, ImageLink};
use crate::net::http::CallSpec;
use crate::net::transfer::{SavedFile, file_part, save_to_file};
use crate::net::{ApiError, Replay, Service, path_segment};
use reqwest::Method;
use std::path::{Path, PathBuf};
use url::Url;

/// How a rendition fits the box: inside it (`fit`) or covering it, cropped (`fill`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FitMode {
    #[default]
    Fit,
    Fill,
}

impl FitMode {
    pub fn as_str(self) -> &'static str {
        match self {
            FitMode::Fit => "fit",
            FitMode::Fill => "fill",
        }
    }
}

impl ImageLink {
    /// The URL of a rendition of `width`×`height` pixels (P15):
    /// `{base}/sec={token}/{fit|fill}={W}x{H}/{file_name}`.
    pub fn rendition_url(
        &self,
        width: u32,
        height: u32,
        mode: FitMode,
        file_name: &str,
    ) -> Result<Url, ApiError> {
        if self.base.is_empty() {
            return Err(ApiError::invalid(
                "PhotoShelter gave no rendition base for this image; ask for its ImageLink again",
            ));
        }
        let name = if file_name.is_empty() {
            "image.jpg"
        } else {
            file_name
        };
        let text = format!(
            "{}/sec={}/{}={}x{}/{}",
            self.base.trim_end_matches('/'),
            path_segment(&self.token),
            mode.as_str(),
            width.max(1),
            height.max(1),
            path_segment(name)
        );
        Url::parse(&text).map_err(|e| {
            ApiError::invalid(format!(
                "PhotoShelter gave a rendition base that is not a URL: {e}"
            ))
        })
    }
}

/// What to upload with (P5).
#[derive(Debug, Clone)]
pub struct UploadOptions {
    /// `f_searchable`; `None` leaves the account default.
    pub searchable: Option<bool>,
    /// Uploads are not idempotent: `Replay::Safe` only when the caller checked that a
    /// repeat cannot duplicate (for example by looking for the file name first).
    pub replay: Replay,
}

impl Default for UploadOptions {
    fn default() -> Self {
        Self {
            searchable: None,
            replay: Replay::Unsafe,
        }
    }
}

fn flag(b: bool) -> &'static str {
    if b { "t" } else { "f" }
}

impl PhotoShelterClient {
    /// One image record, with the fields and extensions asked for.
    pub async fn image(
        &self,
        image: &ImageId,
        fields: Option<&Fields>,
        extend: Option<&Extend>,
    ) -> Result<Image, ApiError> {
        let path = format!("/psapi/v3/mem/image/{}", path_segment(image.as_str()));
        let mut data = self
            .call(
                Method::GET,
                &path,
                Params::query(select_params(fields, extend)),
                Replay::Safe,
            )
            .await?;
        data.take("Image")
    }

    /// The rendition link of an image at `width`×`height` (its `base` and `token` let
    /// [`ImageLink::rendition_url`] build any other size without another call).
    pub async fn image_link(
        &self,
        image: &ImageId,
        width: u32,
        height: u32,
        mode: FitMode,
    ) -> Result<ImageLink, ApiError> {
        let path = format!("/psapi/v3/mem/image/{}/link", path_segment(image.as_str()));
        let mut query = vec![
            ("image_size".to_string(), format!("{width}x{height}")),
            ("image_mode".to_string(), mode.as_str().to_string()),
        ];
        if self.base_url().scheme() == "https" {
            query.push(("f_https_link".into(), "t".into()));
        }
        let mut data = self
            .call(Method::GET, &path, Params::query(query), Replay::Safe)
            .await?;
        data.take("ImageLink")
    }

    /// Streams the original file of `image` into `dest` (written beside it, then renamed;
    /// nothing is left behind on failure).
    pub async fn download_original(
        &self,
        image: &ImageId,
        dest: &Path,
    ) -> Result<SavedFile, ApiError> {
        let path = format!(
            "/psapi/v3/mem/image/{}/download",
            path_segment(image.as_str())
        );
        let url = self.url(&path)?;
        let endpoint = format!("GET {path}");
        let spec = CallSpec {
            method: &Method::GET,
            path: &path,
            replay: Replay::Safe,
            transfer: true,
        };
        self.call_raw(
            spec,
            |c, headers| Ok(c.get(url.clone()).headers(headers)),
            |response| save_to_file(Service::PhotoShelter, &endpoint, response, dest),
        )
        .await
    }

    /// Uploads files into `gallery` (one multipart request, each file streamed from disk);
    /// returns the new image records in the order PhotoShelter lists them.
    pub async fn upload(
        &self,
        gallery: &GalleryId,
        files: &[PathBuf],
        options: &UploadOptions,
    ) -> Result<Vec<Image>, ApiError> {
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let path = super::assumptions::UPLOAD;
        let url = self.url(path)?;
        let endpoint = format!("POST {path}");
        let spec = CallSpec {
            method: &Method::POST,
            path,
            replay: options.replay,
            transfer: true,
        };
        let mut data = self
            .call_raw(
                spec,
                |c, headers| {
                    let mut form = reqwest::multipart::Form::new()
                        .text("gallery_id", gallery.as_str().to_string());
                    if let Some(s) = options.searchable {
                        form = form.text("f_searchable", flag(s));
                    }
                    for file in files {
                        form = form.part("file", file_part(file)?);
                    }
                    Ok(c.post(url.clone()).headers(headers).multipart(form))
                },
                |response| read_data(&endpoint, response, CallKind::Member),
            )
            .await?;
        data.take_list("Image")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> ImageLink {
        ImageLink {
            link: "http://127.0.0.1:9/img-get2/I0000abc/sec=tok/fit=300x300/a.jpg".into(),
            base: "http://127.0.0.1:9/img-get2/I0000abc".into(),
            token: "tok.1_x".into(),
            auth_link: None,
        }
    }

    #[test]
    fn a_rendition_url_for_any_size() {
        let url = link()
            .rendition_url(1600, 900, FitMode::Fill, "HOODIE front.jpg")
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/img-get2/I0000abc/sec=tok.1_x/fill=1600x900/HOODIE%20front.jpg"
        );
        let fit = link()
            .rendition_url(300, 300, FitMode::Fit, "a.jpg")
            .unwrap();
        assert_eq!(
            fit.as_str(),
            "http://127.0.0.1:9/img-get2/I0000abc/sec=tok.1_x/fit=300x300/a.jpg"
        );
    }

    #[test]
    fn no_base_is_a_clear_error() {
        let mut l = link();
        l.base.clear();
        assert!(l.rendition_url(10, 10, FitMode::Fit, "a.jpg").is_err());
    }
}

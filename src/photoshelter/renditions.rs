//! Renditions (P15) fetched from the image host: `GET {base}/sec={token}/{fit|fill}={W}x{H}/…`
//! needs no API key or session (the token in the path is the access), so it goes out without
//! either. Errors and logs name the image, never the token.

use super::client::PhotoShelterClient;
use super::envelope::{CallKind, map_failure};
use super::ids::ImageId;
use crate::net::http::CallSpec;
use crate::net::transfer::{SavedFile, save_to_file};
use crate::net::{ApiError, Replay, Service, path_segment};
use reqwest::Method;
use std::path::Path;
use url::Url;

impl PhotoShelterClient {
    /// Streams the rendition at `url` (from [`super::ImageLink::rendition_url`]) of `image`
    /// into `dest` (written beside it, renamed when complete; nothing is left on failure).
    /// A 403 means the token no longer matches (the original was replaced): ask
    /// [`PhotoShelterClient::image_link`] for a fresh link.
    pub async fn download_rendition(
        &self,
        image: &ImageId,
        url: &Url,
        dest: &Path,
    ) -> Result<SavedFile, ApiError> {
        let path = format!("/img-get2/{}/(rendition)", path_segment(image.as_str()));
        let endpoint = format!("GET {path}");
        let spec = CallSpec {
            method: &Method::GET,
            path: &path,
            replay: Replay::Safe,
            transfer: true,
        };
        let http = &self.inner.http;
        let build = |c: &reqwest::Client| Ok(c.get(url.clone()));
        http.retrying(spec, || async {
            let response = http.send_once(spec, &build).await?;
            save_to_file(Service::PhotoShelter, &endpoint, response, dest).await
        })
        .await
        .map_err(|failure| map_failure(&endpoint, failure, CallKind::Member))
    }
}

//! The answer to one `thumb:` request, as plain HTTP parts the shell copies into its
//! response: the image with its type and caching headers, `304` for a copy the webview
//! already has, or an error status with a small picture saying the preview is missing.

use super::error::ThumbError;
use super::service::Thumbnails;
use super::uri::ThumbRequest;
use bytes::Bytes;

/// An HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbResponse {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

impl ThumbResponse {
    /// The answer for `err`: its status, the missing-preview picture, and the message in
    /// `X-Shelflink-Error`.
    pub fn error(err: &ThumbError) -> ThumbResponse {
        error_response(err)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A URL whose `v` is the current fingerprint never changes content: cache it for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// A URL without `v`, or with an old one: ask again each time (the ETag saves the bytes).
const REVALIDATE: &str = "no-cache";

impl Thumbnails {
    /// Answers `GET thumb://localhost/{path}?{query}`; `if_none_match` is the request's
    /// `If-None-Match` header.
    pub async fn respond(
        &self,
        path: &str,
        query: Option<&str>,
        if_none_match: Option<&str>,
    ) -> ThumbResponse {
        let request = match ThumbRequest::parse(path, query) {
            Ok(request) => request,
            Err(err) => return error_response(&err),
        };
        let served = match self.thumbnail(&request).await {
            Ok(served) => served,
            Err(err) => {
                tracing::warn!(path, "no thumbnail: {err}");
                return error_response(&err);
            }
        };
        let etag = format!("\"{}\"", served.key.hex());
        let cache = if request.version.as_deref() == Some(served.fingerprint.as_str()) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        let mut headers = vec![("Cache-Control", cache.to_string()), ("ETag", etag.clone())];
        if if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == etag)) {
            return ThumbResponse {
                status: 304,
                headers,
                body: Bytes::new(),
            };
        }
        headers.push(("Content-Type", served.thumb.content_type.to_string()));
        headers.push(("Content-Length", served.thumb.bytes.len().to_string()));
        ThumbResponse {
            status: 200,
            headers,
            body: served.thumb.bytes,
        }
    }
}

/// The HTTP status for an error.
pub fn status_of(err: &ThumbError) -> u16 {
    match err {
        ThumbError::BadRequest(_) => 400,
        ThumbError::UnknownSubject(_) => 404,
        ThumbError::TooLarge { .. } | ThumbError::TooMuchMemory { .. } => 413,
        ThumbError::Empty | ThumbError::NotAnImage | ThumbError::Unsupported { .. } => 415,
        ThumbError::Damaged { .. } => 422,
        ThumbError::Remote(_) | ThumbError::NotAPreview { .. } => 502,
        ThumbError::NotConnected { .. } | ThumbError::Unavailable(_) => 503,
        ThumbError::File { .. } | ThumbError::Index { .. } => 500,
    }
}

fn error_response(err: &ThumbError) -> ThumbResponse {
    let body = error_image(err.is_about_the_image());
    ThumbResponse {
        status: status_of(err),
        headers: vec![
            ("Content-Type", "image/svg+xml".to_string()),
            ("Content-Length", body.len().to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Shelflink-Error", header_text(&err.to_string())),
        ],
        body: Bytes::from(body),
    }
}

/// The message as a header value: printable ASCII kept, everything else percent-encoded
/// (the UI reads it with `decodeURIComponent`).
fn header_text(message: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b'%');
    percent_encoding::utf8_percent_encode(message, KEEP).to_string()
}

/// A neutral square with a picture glyph: struck through when the file itself cannot be
/// shown, with a dashed frame when the preview could not be fetched (it may come later).
fn error_image(about_the_image: bool) -> String {
    let mark = if about_the_image {
        r##"<path d="M12 12 L52 52" stroke="#8a8f98" stroke-width="3" stroke-linecap="round"/>"##
    } else {
        r##"<circle cx="48" cy="48" r="7" fill="#8a8f98"/><path d="M48 44 v4 M48 51 v0.5" stroke="#f1f2f4" stroke-width="2" stroke-linecap="round"/>"##
    };
    let dash = if about_the_image {
        ""
    } else {
        r#" stroke-dasharray="4 3""#
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" fill="#f1f2f4"/><rect x="14" y="18" width="36" height="28" rx="3" fill="none" stroke="#8a8f98" stroke-width="2.5"{dash}/><path d="M18 42 l9-10 6 6 5-4 8 8" fill="none" stroke="#8a8f98" stroke-width="2.5" stroke-linejoin="round"/>{mark}</svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_headers_stay_ascii_and_readable() {
        assert_eq!(
            header_text("4ALLPORTAL is not connected: Settings › Accounts"),
            "4ALLPORTAL is not connected: Settings %E2%80%BA Accounts"
        );
        let response = error_response(&ThumbError::UnknownSubject("PhotoShelter image I1".into()));
        assert_eq!(response.status, 404);
        assert_eq!(response.header("content-type"), Some("image/svg+xml"));
        assert_eq!(response.header("cache-control"), Some("no-store"));
        assert!(response.body.starts_with(b"<svg"));
    }
}

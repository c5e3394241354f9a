//! File transfers: downloads streamed to disk (never buffered whole), checked against
//! `Content-Length`, written to a temporary file beside the target and renamed into place;
//! uploads streamed from disk as multipart parts.

use super::error::{ApiError, Service};
use super::http::{HttpResponse, root_cause};
use super::retry::Failure;
use futures::StreamExt;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// A file saved by a download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedFile {
    pub path: PathBuf,
    pub bytes: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// The file name the server gave in `Content-Disposition`, if any.
    pub server_file_name: Option<String>,
    pub content_type: Option<String>,
}

/// Streams the body of `response` into `dest`. On any failure no file is left behind
/// (neither a partial `dest` nor the temporary file).
pub(crate) async fn save_to_file(
    service: Service,
    endpoint: &str,
    response: HttpResponse,
    dest: &Path,
) -> Result<SavedFile, Failure> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| ApiError::file("create the folder", &dir, e))?;
    let temp = tempfile::Builder::new()
        .prefix(".shelflink-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|e| ApiError::file("create a temporary file in", &dir, e))?;
    let std_file = temp
        .as_file()
        .try_clone()
        .map_err(|e| ApiError::file("open", temp.path(), e))?;
    let mut file = tokio::fs::File::from_std(std_file);

    let headers = response.inner.headers();
    let expected = response.inner.content_length();
    let server_file_name = headers
        .get(reqwest::header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .and_then(disposition_file_name);
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);

    let mut hasher = Sha256::new();
    let mut received: u64 = 0;
    let mut body = response.inner.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            Err(err) => {
                return Err(Failure::Api(ApiError::Incomplete {
                    service,
                    endpoint: endpoint.to_string(),
                    received,
                    expected,
                    reason: root_cause(&err).unwrap_or_else(|| "the connection failed".into()),
                }));
            }
        };
        hasher.update(&chunk);
        received += chunk.len() as u64;
        file.write_all(&chunk)
            .await
            .map_err(|e| ApiError::file("write", temp.path(), e))?;
    }
    if let Some(expected) = expected.filter(|e| *e != received) {
        return Err(Failure::Api(ApiError::Incomplete {
            service,
            endpoint: endpoint.to_string(),
            received,
            expected: Some(expected),
            reason: "the byte count does not match Content-Length".into(),
        }));
    }
    file.flush()
        .await
        .map_err(|e| ApiError::file("write", temp.path(), e))?;
    file.sync_all()
        .await
        .map_err(|e| ApiError::file("write", temp.path(), e))?;
    drop(file);
    temp.persist(dest)
        .map_err(|e| ApiError::file("move the download into", dest, e.error))?;
    Ok(SavedFile {
        path: dest.to_path_buf(),
        bytes: received,
        sha256: hex::encode(hasher.finalize()),
        server_file_name,
        content_type,
    })
}

/// The file name in a `Content-Disposition` header (`filename*=UTF-8''…` preferred).
pub fn disposition_file_name(header: &str) -> Option<String> {
    let mut plain = None;
    for part in header.split(';').map(str::trim) {
        if let Some(v) = part.strip_prefix("filename*=") {
            let v = v.trim_matches('"');
            let encoded = v.split_once("''").map(|(_, rest)| rest).unwrap_or(v);
            if let Ok(decoded) = percent_decode(encoded) {
                return Some(decoded);
            }
        } else if let Some(v) = part.strip_prefix("filename=") {
            plain = Some(v.trim_matches('"').to_string());
        }
    }
    plain.filter(|s| !s.is_empty())
}

fn percent_decode(text: &str) -> Result<String, ()> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| ())
}

/// A multipart part streaming the file at `path` (opened now, read while sending).
pub(crate) fn file_part(path: &Path) -> Result<reqwest::multipart::Part, ApiError> {
    let std_file = std::fs::File::open(path).map_err(|e| ApiError::file("open", path, e))?;
    let len = std_file
        .metadata()
        .map_err(|e| ApiError::file("read the size of", path, e))?
        .len();
    let file = tokio::fs::File::from_std(std_file);
    let stream = tokio_util::io::ReaderStream::new(file);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "upload".to_string());
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
        .file_name(name)
        .mime_str(mime.as_ref())
        .map_err(|e| ApiError::invalid(format!("cannot upload {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_from_content_disposition() {
        assert_eq!(
            disposition_file_name(r#"attachment; filename="HOODIE_front.jpg""#).as_deref(),
            Some("HOODIE_front.jpg")
        );
        assert_eq!(
            disposition_file_name(
                r#"attachment; filename="x.jpg"; filename*=UTF-8''M%C3%BCtze%20rot.jpg"#
            )
            .as_deref(),
            Some("Mütze rot.jpg")
        );
        assert_eq!(disposition_file_name("inline"), None);
    }
}

//! What both API clients share: one retry policy (backon), per-service concurrency caps,
//! timeouts, tracing spans, lenient parsing, file transfers and the error type people can
//! act on.

pub mod body;
pub mod error;
pub mod http;
pub mod lenient;
pub mod redact;
pub mod retry;
pub mod time;
pub mod transfer;

pub use error::{ApiError, Credential, Service};
pub use http::NetConfig;
pub use retry::{Replay, RetryPolicy};
pub use transfer::SavedFile;

/// Percent-encodes one path segment (ids are opaque; `.`/`_` stay as they are).
pub fn path_segment(text: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

/// Joins a base URL (which may carry a path prefix) and an absolute API path.
pub fn join_url(base: &url::Url, path: &str) -> Result<url::Url, ApiError> {
    let text = format!("{}{}", base.as_str().trim_end_matches('/'), path);
    url::Url::parse(&text)
        .map_err(|e| ApiError::invalid(format!("cannot build a URL for {path}: {e}")))
}

/// A header value holding a secret, marked sensitive so the HTTP stack never logs it.
pub(crate) fn secret_header(
    secret: &str,
    what: &str,
) -> Result<reqwest::header::HeaderValue, ApiError> {
    let mut value = reqwest::header::HeaderValue::from_str(secret).map_err(|_| {
        ApiError::invalid(format!(
            "the {what} contains characters that cannot be sent: enter it again in Settings › Accounts or `shelflink connect`"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_dots_stay_readable_in_paths() {
        assert_eq!(path_segment("G00002zJswTLj.CY"), "G00002zJswTLj.CY");
        assert_eq!(path_segment("a/b c"), "a%2Fb%20c");
    }

    #[test]
    fn urls_keep_a_base_path_prefix() {
        let base = url::Url::parse("https://dam.example/portal/").unwrap();
        assert_eq!(
            join_url(&base, "/api/modules/product").unwrap().as_str(),
            "https://dam.example/portal/api/modules/product"
        );
    }
}

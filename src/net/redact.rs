//! Keeps secrets out of logs: URLs are logged with credential-like query values masked.
//!
//! The clients send credentials in headers only (marked sensitive), so this is the second
//! line of defence for URLs that come from elsewhere (links returned by a server, settings).

use url::Url;

/// Query parameter names whose values are never logged.
const SECRET_PARAMS: &[&str] = &[
    "api_key",
    "auth_token",
    "token",
    "password",
    "session",
    "sessionid",
    "cesessid",
    "access_token",
    "refresh_token",
    "client_secret",
];

fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_PARAMS.contains(&name.as_str())
}

/// Path segments that carry an access token (`sec=…` in PhotoShelter rendition URLs, P15).
const SECRET_SEGMENT_PREFIXES: &[&str] = &["sec="];

/// The URL as text with the values of secret query parameters and token path segments
/// replaced by `***` and any user name or password in it removed.
pub fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let path = url.path();
    if SECRET_SEGMENT_PREFIXES.iter().any(|p| path.contains(p)) {
        let masked: Vec<String> = path
            .split('/')
            .map(|segment| {
                match SECRET_SEGMENT_PREFIXES
                    .iter()
                    .find(|p| segment.starts_with(**p))
                {
                    Some(prefix) => format!("{prefix}***"),
                    None => segment.to_string(),
                }
            })
            .collect();
        url.set_path(&masked.join("/"));
    }
    if url.query().is_none() {
        return url.to_string();
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if is_secret(&k) {
                "***".to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

/// Like [`redact_url`] for text that may not parse as a URL (then it is dropped entirely).
pub fn redact_url_str(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) => redact_url(&u),
        Err(_) => "<unparseable URL>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_keys_and_tokens_in_queries_are_masked() {
        let url = Url::parse(
            "https://ps.example/psapi/v3/mem/image/I1?api_key=abcDEF12345&auth_token=zzz&fields=a,b",
        )
        .unwrap();
        let shown = redact_url(&url);
        assert!(!shown.contains("abcDEF12345"));
        assert!(!shown.contains("zzz"));
        assert!(shown.contains("api_key=***"));
        assert!(shown.contains("auth_token=***"));
        assert!(shown.contains("fields=a%2Cb"));
    }

    #[test]
    fn rendition_tokens_in_paths_are_masked() {
        let url = Url::parse("http://127.0.0.1:9/img-get2/I0000abc/sec=tok.1_x/fit=320x320/a.jpg")
            .unwrap();
        assert_eq!(
            redact_url(&url),
            "http://127.0.0.1:9/img-get2/I0000abc/sec=***/fit=320x320/a.jpg"
        );
    }

    #[test]
    fn user_info_in_a_url_is_dropped() {
        let shown = redact_url_str("https://me:hunter2@host.example/path");
        assert_eq!(shown, "https://host.example/path");
    }
}

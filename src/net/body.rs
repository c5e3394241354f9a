//! Reading answers: JSON that does not parse becomes an error naming the endpoint and the
//! field (never a panic); an HTML page where data was expected is an error that says so.

use super::error::{ApiError, Service};
use super::http::{HttpResponse, is_html_type, looks_like_html};
use super::retry::Failure;
use serde::de::DeserializeOwned;

/// Whether parse errors may quote the offending value (login answers hold secrets, so their
/// errors name only the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    Allowed,
    Never,
}

/// Reads a 2xx answer whole and parses it as JSON into `T`.
pub(crate) async fn read_json<T: DeserializeOwned>(
    service: Service,
    endpoint: &str,
    response: HttpResponse,
    quote: Quote,
) -> Result<T, Failure> {
    let status = response.inner.status().as_u16();
    let html_type = is_html_type(response.inner.headers());
    let bytes = response.inner.bytes().await.map_err(Failure::Transport)?;
    if html_type || looks_like_html(&bytes) {
        return Err(Failure::Api(ApiError::HtmlPage {
            service,
            endpoint: endpoint.to_string(),
            status,
        }));
    }
    parse_json(service, endpoint, &bytes, quote).map_err(Failure::Api)
}

/// Parses JSON text into `T`, naming the failing field.
pub(crate) fn parse_json<T: DeserializeOwned>(
    service: Service,
    endpoint: &str,
    bytes: &[u8],
    quote: Quote,
) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(parse_error(
            service,
            endpoint,
            "",
            "the answer was empty".into(),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let field = err.path().to_string();
            let inner = err.into_inner();
            let reason = match quote {
                Quote::Allowed => inner.to_string(),
                Quote::Never => syntax_only(&inner),
            };
            Err(parse_error(service, endpoint, &field, reason))
        }
    }
}

/// Converts an already parsed JSON value into `T`; `at` names where the value sat.
pub(crate) fn from_value<T: DeserializeOwned>(
    service: Service,
    endpoint: &str,
    at: &str,
    value: serde_json::Value,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map_err(|err| nested_error(service, endpoint, at, err))
}

/// Parses a part of an answer kept as raw JSON text into `T`; `at` names where it sat.
pub(crate) fn from_raw<T: DeserializeOwned>(
    service: Service,
    endpoint: &str,
    at: &str,
    raw: &serde_json::value::RawValue,
) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize::<_, T>(&mut de)
        .map_err(|err| nested_error(service, endpoint, at, err))
}

fn nested_error(
    service: Service,
    endpoint: &str,
    at: &str,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> ApiError {
    let inner_path = err.path().to_string();
    let field = if inner_path == "." || inner_path.is_empty() {
        at.to_string()
    } else if at.is_empty() {
        inner_path
    } else if inner_path.starts_with('[') {
        format!("{at}{inner_path}")
    } else {
        format!("{at}.{inner_path}")
    };
    parse_error(service, endpoint, &field, err.into_inner().to_string())
}

fn syntax_only(err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            format!(
                "not valid JSON at line {} column {}",
                err.line(),
                err.column()
            )
        }
        Category::Data => "a value of an unexpected type".to_string(),
    }
}

pub(crate) fn parse_error(
    service: Service,
    endpoint: &str,
    field: &str,
    reason: String,
) -> ApiError {
    let field = if field.is_empty() || field == "." {
        "the top level".to_string()
    } else {
        field.to_string()
    };
    ApiError::Parse {
        service,
        endpoint: endpoint.to_string(),
        field,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<Item>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }

    #[test]
    fn a_wrong_type_names_the_endpoint_and_the_field() {
        let err = parse_json::<Page>(
            Service::Allportal,
            "GET /api/x",
            br#"{"items":[{"id":"a"},{"id":7}]}"#,
            Quote::Allowed,
        )
        .unwrap_err();
        match &err {
            ApiError::Parse {
                endpoint, field, ..
            } => {
                assert_eq!(endpoint, "GET /api/x");
                assert_eq!(field, "items[1].id");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn broken_json_is_an_error_not_a_panic() {
        let err = parse_json::<Page>(
            Service::PhotoShelter,
            "GET /p",
            b"{\"items\": [",
            Quote::Allowed,
        )
        .unwrap_err();
        assert!(err.to_string().contains("GET /p"), "{err}");
    }

    #[test]
    fn secret_answers_never_quote_the_value() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Login {
            session: u32,
        }
        let err = parse_json::<Login>(
            Service::Allportal,
            "POST /login",
            br#"{"session":"s3cr3t-session"}"#,
            Quote::Never,
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("`session`"), "{text}");
    }
}

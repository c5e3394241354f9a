//! The v3 envelope `{status, data, error}`: typed records are taken out of `data` by their
//! capitalised record key, and failures become `ApiError`s (P1 classes).

use super::assumptions::{CLASS_INVALID_API_KEY, CLASS_SESSION_REQUIRED};
use crate::net::body::{Quote, from_raw, parse_error, read_json};
use crate::net::error::{ApiError, Credential, Service};
use crate::net::http::{HttpResponse, transport_error};
use crate::net::lenient;
use crate::net::retry::Failure;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

const PS: Service = Service::PhotoShelter;

#[derive(Debug, Deserialize)]
struct Envelope {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    status: Option<String>,
    /// Kept as text: each record is parsed once, straight into its type.
    #[serde(default)]
    data: Option<Box<RawValue>>,
    #[serde(default)]
    error: Option<ErrorBody>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    class: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    message: Option<String>,
}

/// What kind of call failed: a sign-in maps 401 to "wrong password", others to "session".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    Login,
    Member,
}

/// The `data` object of a successful answer.
#[derive(Debug)]
pub(crate) struct Data {
    endpoint: String,
    map: BTreeMap<String, Box<RawValue>>,
}

fn is_null(raw: &RawValue) -> bool {
    raw.get() == "null"
}

impl Data {
    fn key(&self, key: &str) -> Option<String> {
        if self.map.contains_key(key) {
            return Some(key.to_string());
        }
        self.map
            .keys()
            .find(|k| k.eq_ignore_ascii_case(key))
            .cloned()
    }

    /// Takes the record (or list) under `key`; an absent key is `None`.
    pub fn take_opt<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, ApiError> {
        let Some(found) = self.key(key) else {
            return Ok(None);
        };
        match self.map.remove(&found) {
            Some(raw) if !is_null(&raw) => {
                from_raw(PS, &self.endpoint, &format!("data.{found}"), &raw).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Takes the record under `key`, which must be there.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<T, ApiError> {
        self.take_opt(key)?.ok_or_else(|| {
            parse_error(PS, &self.endpoint, &format!("data.{key}"), "missing".into())
        })
    }

    /// Takes a list under `key` that may also come as a single record; absent = empty.
    pub fn take_list<T: DeserializeOwned>(&mut self, key: &str) -> Result<Vec<T>, ApiError> {
        let Some(found) = self.key(key) else {
            return Ok(Vec::new());
        };
        let at = format!("data.{found}");
        match self.map.remove(&found) {
            None => Ok(Vec::new()),
            Some(raw) if is_null(&raw) => Ok(Vec::new()),
            Some(raw) if raw.get().starts_with('[') => from_raw(PS, &self.endpoint, &at, &raw),
            Some(one) => from_raw::<T>(PS, &self.endpoint, &at, &one).map(|t| vec![t]),
        }
    }

    /// The text under `key` without ever quoting it in an error (tokens).
    pub fn take_secret_text(&mut self, key: &str) -> Result<String, ApiError> {
        let at = format!("data.{key}");
        let Some(raw) = self.key(key).and_then(|k| self.map.remove(&k)) else {
            return Err(parse_error(PS, &self.endpoint, &at, "missing".into()));
        };
        match serde_json::from_str::<String>(raw.get()) {
            Ok(s) if !s.is_empty() => Ok(s),
            _ => Err(parse_error(PS, &self.endpoint, &at, "not a text".into())),
        }
    }
}

/// Reads an answer's envelope; `status` other than `ok` is an error.
pub(crate) async fn read_data(
    endpoint: &str,
    response: HttpResponse,
    kind: CallKind,
) -> Result<Data, Failure> {
    let quote = match kind {
        CallKind::Login => Quote::Never,
        CallKind::Member => Quote::Allowed,
    };
    let envelope: Envelope = read_json(PS, endpoint, response, quote).await?;
    let status = envelope.status.unwrap_or_default();
    if !status.eq_ignore_ascii_case("ok") {
        let error = envelope.error.unwrap_or_default();
        return Err(Failure::Api(class_error(endpoint, None, error, kind)));
    }
    let map = match envelope.data {
        None => BTreeMap::new(),
        Some(raw) => match raw.get().as_bytes().first() {
            Some(b'{') => read_json_text(endpoint, &raw)?,
            // `[]` or `null` data: nothing to take.
            Some(b'[') | Some(b'n') => BTreeMap::new(),
            _ => {
                return Err(Failure::Api(parse_error(
                    PS,
                    endpoint,
                    "data",
                    format!("expected an object, got {}", raw.get()),
                )));
            }
        },
    };
    Ok(Data {
        endpoint: endpoint.to_string(),
        map,
    })
}

/// The keys of the `data` object, each with its value still as text.
fn read_json_text(
    endpoint: &str,
    raw: &RawValue,
) -> Result<BTreeMap<String, Box<RawValue>>, Failure> {
    from_raw(PS, endpoint, "data", raw).map_err(Failure::Api)
}

fn class_error(endpoint: &str, status: Option<u16>, error: ErrorBody, kind: CallKind) -> ApiError {
    let class = error.class.unwrap_or_default();
    let message = error.message.unwrap_or_default();
    let endpoint = endpoint.to_string();
    if class == CLASS_INVALID_API_KEY {
        return ApiError::Refused {
            service: PS,
            credential: Credential::ApiKey,
            status,
            endpoint,
        };
    }
    if class == CLASS_SESSION_REQUIRED || status == Some(401) {
        return match kind {
            CallKind::Login => ApiError::Refused {
                service: PS,
                credential: Credential::Password,
                status,
                endpoint,
            },
            CallKind::Member => ApiError::SessionExpired {
                service: PS,
                endpoint,
            },
        };
    }
    if kind == CallKind::Login && status.is_none() {
        // A sign-in the server answered with status "error" and no known class.
        return ApiError::Refused {
            service: PS,
            credential: Credential::Password,
            status: None,
            endpoint,
        };
    }
    ApiError::Remote {
        service: PS,
        endpoint,
        class: (!class.is_empty()).then_some(class),
        message,
    }
}

/// Turns a failed attempt into the error people see.
pub(crate) fn map_failure(endpoint: &str, failure: Failure, kind: CallKind) -> ApiError {
    let (status, retry_after, body, html) = match failure {
        Failure::Api(err) => return err,
        Failure::Transport(err) => return transport_error(PS, endpoint, &err),
        Failure::Status {
            status,
            retry_after,
            body,
            html,
        } => (status.as_u16(), retry_after, body, html),
    };
    let error = serde_json::from_str::<Envelope>(&body)
        .ok()
        .and_then(|e| e.error)
        .unwrap_or_default();
    let message = error.message.clone().unwrap_or_default();
    let endpoint_s = endpoint.to_string();
    match status {
        429 => ApiError::RateLimited {
            service: PS,
            endpoint: endpoint_s,
            retry_after,
        },
        500..=599 => ApiError::Server {
            service: PS,
            endpoint: endpoint_s,
            status,
            message: if html {
                "an HTML error page".into()
            } else {
                message
            },
        },
        _ if html => ApiError::HtmlPage {
            service: PS,
            endpoint: endpoint_s,
            status,
        },
        401 => class_error(endpoint, Some(status), error, kind),
        403 if error.class.as_deref() == Some(CLASS_INVALID_API_KEY) => {
            class_error(endpoint, Some(status), error, kind)
        }
        403 => ApiError::Forbidden {
            service: PS,
            endpoint: endpoint_s,
            message,
        },
        404 => ApiError::NotFound {
            service: PS,
            endpoint: endpoint_s,
            message,
        },
        409 => ApiError::Conflict {
            service: PS,
            endpoint: endpoint_s,
            message,
        },
        _ => ApiError::Rejected {
            service: PS,
            endpoint: endpoint_s,
            status,
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn status_failure(code: u16, body: &str) -> Failure {
        Failure::Status {
            status: StatusCode::from_u16(code).unwrap(),
            retry_after: None,
            body: body.into(),
            html: false,
        }
    }

    #[test]
    fn p1_classes_become_the_matching_errors() {
        let expired = map_failure(
            "GET /psapi/v3/mem/gallery/G1/images",
            status_failure(
                401,
                r#"{"status":"error","error":{"class":"SessionRequiredErr","message":"Login required"}}"#,
            ),
            CallKind::Member,
        );
        assert!(
            matches!(expired, ApiError::SessionExpired { .. }),
            "{expired:?}"
        );
        let key = map_failure(
            "GET /psapi/v3/mem/image/I1",
            status_failure(
                403,
                r#"{"status":"error","error":{"class":"InvalidApiKeyErr","message":"bad key"}}"#,
            ),
            CallKind::Member,
        );
        assert_eq!(
            key.to_string(),
            "PhotoShelter refused the API key (403): check Settings › Accounts or `shelflink connect`"
        );
        let wrong_password = map_failure(
            "POST /psapi/v3/mem/authenticate",
            status_failure(
                401,
                r#"{"status":"error","error":{"class":"SessionRequiredErr","message":"x"}}"#,
            ),
            CallKind::Login,
        );
        assert!(
            wrong_password
                .to_string()
                .contains("refused the user name or password")
        );
        let forbidden = map_failure(
            "POST /psapi/v3/mem/organization/O1/authenticate",
            status_failure(
                403,
                r#"{"status":"error","error":{"class":"PermissionErr","message":"not a member"}}"#,
            ),
            CallKind::Member,
        );
        assert!(
            matches!(forbidden, ApiError::Forbidden { ref message, .. } if message == "not a member")
        );
    }
}

//! One request as the PhotoShelter handlers see it: parameters merged from the query string
//! and the body (form-urlencoded, multipart or JSON, as real clients send all three), the
//! uploaded file parts, and the headers that carry the API key and the session.

use super::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, Method, header};

/// The session cookie of `mode=cookie` logins.
pub const SESSION_COOKIE: &str = "SSphotoshelter_com_mem";

#[derive(Debug, Clone)]
pub struct UploadFile {
    pub file_name: String,
    pub bytes: Bytes,
}

#[derive(Debug)]
pub struct PsRequest {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    /// In arrival order: query first, then body; later values win in `param`.
    params: Vec<(String, String)>,
    pub files: Vec<UploadFile>,
}

impl PsRequest {
    /// The last value sent for `name` (body over query), trimmed; empty counts as absent.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Whether `name` was sent at all, even empty (IPTC updates may clear a field).
    pub fn raw_param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` and `name[]`, each split on commas.
    pub fn list(&self, name: &str) -> Vec<String> {
        let array = format!("{name}[]");
        self.params
            .iter()
            .filter(|(k, _)| *k == name || *k == array)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A `t`/`f` flag (also `true`/`false`, `1`/`0`); 400 on anything else.
    pub fn flag(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.param(name) {
            None => Ok(None),
            Some("t" | "true" | "1") => Ok(Some(true)),
            Some("f" | "false" | "0") => Ok(Some(false)),
            Some(other) => Err(ApiError::param(format!(
                "{name} must be t or f, not {other:?}"
            ))),
        }
    }

    /// A positive whole number; 400 when it is not one.
    pub fn number(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.param(name)
            .map(|v| {
                v.parse::<u64>().map_err(|_| {
                    ApiError::param(format!("{name} must be a whole number, not {v:?}"))
                })
            })
            .transpose()
    }

    /// All parameters as one JSON object (later values win), for extension params.
    pub fn params_map(&self) -> serde_json::Map<String, serde_json::Value> {
        self.params
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect()
    }

    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.param(name)
            .ok_or_else(|| ApiError::param(format!("the parameter {name} is required")))
    }

    pub fn api_key(&self) -> Option<&str> {
        header_str(&self.headers, "x-ps-api-key").or_else(|| self.param("api_key"))
    }

    /// The session token from `X-PS-Auth-Token`, `auth_token` or the session cookie.
    pub fn auth_token(&self) -> Option<&str> {
        header_str(&self.headers, "x-ps-auth-token")
            .or_else(|| self.param("auth_token"))
            .or_else(|| self.cookie_token())
    }

    pub fn cookie_token(&self) -> Option<&str> {
        self.headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|cookies| {
                cookies.split(';').find_map(|c| {
                    let (name, value) = c.trim().split_once('=')?;
                    (name == SESSION_COOKIE && !value.is_empty()).then_some(value)
                })
            })
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn form_pairs(text: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    serde_urlencoded::from_bytes(text)
        .map_err(|e| ApiError::param(format!("the parameters could not be read: {e}")))
}

fn json_pairs(body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::param(format!("the JSON body could not be read: {e}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(ApiError::param(
            "the JSON body must be an object of parameters",
        ));
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            (k, text)
        })
        .collect())
}

impl<S: Send + Sync> FromRequest<S> for PsRequest {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let headers = req.headers().clone();
        let mut params = form_pairs(req.uri().query().unwrap_or("").as_bytes())?;
        let mut files = Vec::new();
        let content_type = header_str(&headers, "content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            let mut multipart = Multipart::from_request(req, state)
                .await
                .map_err(|e| ApiError::param(format!("the multipart body is malformed: {e}")))?;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| ApiError::param(format!("the multipart body is malformed: {e}")))?
            {
                let name = field.name().unwrap_or("").to_owned();
                let file_name = field.file_name().map(str::to_owned);
                let bytes = field.bytes().await.map_err(|e| {
                    ApiError::param(format!(
                        "the multipart part {name:?} could not be read: {e}"
                    ))
                })?;
                match file_name {
                    Some(file_name) if name == "file" || name.starts_with("file[") => {
                        files.push(UploadFile { file_name, bytes })
                    }
                    _ => params.push((name, String::from_utf8_lossy(&bytes).into_owned())),
                }
            }
        } else if method != Method::GET {
            let body = Bytes::from_request(req, state)
                .await
                .map_err(|e| ApiError::param(format!("the request body could not be read: {e}")))?;
            if content_type.starts_with("application/json") {
                params.extend(json_pairs(&body)?);
            } else if !body.is_empty() {
                params.extend(form_pairs(&body)?);
            }
        }
        Ok(Self {
            method,
            path,
            headers,
            params,
            files,
        })
    }
}

//! 4ALLPORTAL failures as errors people can act on: Spring Boot error JSON on `/api` (A1),
//! the legacy `{code, message}` envelope on `/service` and `/rest`.

use super::assumptions::{CONFIG_HASH_MISMATCH, ERROR_MESSAGE_KEY};
use crate::net::error::{ApiError, Credential, Service};
use crate::net::http::transport_error;
use crate::net::lenient;
use crate::net::retry::Failure;
use serde::Deserialize;

const AP: Service = Service::Allportal;

/// How the failed call was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthUsed {
    ApiKey,
    Session,
    /// The sign-in call itself.
    Login,
}

fn server_message(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        return String::new();
    };
    for key in [ERROR_MESSAGE_KEY, "error"] {
        if let Some(text) = value
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
        {
            return text.to_string();
        }
    }
    String::new()
}

/// Turns a failed `/api` attempt into the error people see.
pub(crate) fn map_failure(endpoint: &str, failure: Failure, auth: AuthUsed) -> ApiError {
    let (status, retry_after, body, html) = match failure {
        Failure::Api(err) => return err,
        Failure::Transport(err) => return transport_error(AP, endpoint, &err),
        Failure::Status {
            status,
            retry_after,
            body,
            html,
        } => (status.as_u16(), retry_after, body, html),
    };
    let endpoint = endpoint.to_string();
    let message = if html {
        String::new()
    } else {
        server_message(&body)
    };
    match status {
        429 => ApiError::RateLimited {
            service: AP,
            endpoint,
            retry_after,
        },
        500..=599 => ApiError::Server {
            service: AP,
            endpoint,
            status,
            message: if html {
                "an HTML error page".into()
            } else {
                message
            },
        },
        _ if html => ApiError::HtmlPage {
            service: AP,
            endpoint,
            status,
        },
        401 => match auth {
            AuthUsed::ApiKey => ApiError::Refused {
                service: AP,
                credential: Credential::ApiKey,
                status: Some(status),
                endpoint,
            },
            AuthUsed::Login => ApiError::Refused {
                service: AP,
                credential: Credential::Password,
                status: Some(status),
                endpoint,
            },
            AuthUsed::Session => ApiError::SessionExpired {
                service: AP,
                endpoint,
            },
        },
        403 => ApiError::Forbidden {
            service: AP,
            endpoint,
            message,
        },
        404 => ApiError::NotFound {
            service: AP,
            endpoint,
            message,
        },
        409 => ApiError::Conflict {
            service: AP,
            endpoint,
            message,
        },
        413 => ApiError::Rejected {
            service: AP,
            endpoint,
            status,
            message: if message.is_empty() {
                "the file is larger than the instance accepts".into()
            } else {
                message
            },
        },
        _ => ApiError::Rejected {
            service: AP,
            endpoint,
            status,
            message,
        },
    }
}

/// The legacy envelope: `code` 0 = success.
#[derive(Debug, Deserialize)]
pub(crate) struct Legacy {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(default)]
    pub result: serde_json::Value,
}

/// What a legacy `code != 0` means for a call that is not the sign-in.
pub(crate) fn legacy_error(
    endpoint: &str,
    legacy: &Legacy,
    connector: Option<&str>,
    first_try: bool,
) -> ApiError {
    let message = legacy.message.clone().unwrap_or_default();
    if message.to_ascii_lowercase().contains(CONFIG_HASH_MISMATCH) {
        return ApiError::FeedChanged {
            connector: connector.unwrap_or("?").to_string(),
        };
    }
    if first_try {
        // The legacy API says nothing more specific about an expired session than
        // `code: -1`; sign in again once and repeat before reporting the message.
        return ApiError::SessionExpired {
            service: AP,
            endpoint: endpoint.to_string(),
        };
    }
    ApiError::Remote {
        service: AP,
        endpoint: endpoint.to_string(),
        class: legacy.code.map(|c| c.to_string()),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn status(code: u16, body: &str) -> Failure {
        Failure::Status {
            status: StatusCode::from_u16(code).unwrap(),
            retry_after: None,
            body: body.into(),
            html: false,
        }
    }

    #[test]
    fn a_refused_api_key_says_where_to_fix_it() {
        let err = map_failure(
            "GET /api/modules/product/objects",
            status(401, "{}"),
            AuthUsed::ApiKey,
        );
        assert_eq!(
            err.to_string(),
            "4ALLPORTAL refused the API key (401): check Settings › Accounts or `shelflink connect`"
        );
    }

    #[test]
    fn spring_error_messages_are_passed_on() {
        let body = r#"{"timestamp":"2024-05-02T10:15:30.123+00:00","status":404,"error":"Not Found","message":"object 3f0c not found in module product","path":"/api/modules/product/objects/3f0c"}"#;
        let err = map_failure(
            "GET /api/modules/product/objects/3f0c",
            status(404, body),
            AuthUsed::ApiKey,
        );
        assert!(
            err.to_string()
                .contains("object 3f0c not found in module product"),
            "{err}"
        );
        assert!(err.is_not_found());
    }

    #[test]
    fn a_session_401_means_sign_in_again() {
        let err = map_failure("GET /api/x", status(401, ""), AuthUsed::Session);
        assert!(matches!(err, ApiError::SessionExpired { .. }));
    }

    #[test]
    fn a_changed_connector_is_its_own_error() {
        let legacy = Legacy {
            code: Some(-1),
            message: Some("config hash mismatch".into()),
            result: serde_json::Value::Null,
        };
        let err = legacy_error(
            "POST /rest/PAPRemoteService/getEvents",
            &legacy,
            Some("shelflink_file"),
            true,
        );
        assert!(
            matches!(err, ApiError::FeedChanged { ref connector } if connector == "shelflink_file")
        );
    }
}

//! The one error type of both API clients: says what happened, where, and what to do.
//!
//! No variant ever holds a secret: endpoints are logged as paths without query strings,
//! server messages are the servers' own words, and credentials are named, never shown.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The remote service a call went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    #[serde(rename = "photoshelter")]
    PhotoShelter,
    #[serde(rename = "allportal")]
    Allportal,
}

impl Service {
    /// The short name used on the command line and in settings.
    pub fn slug(self) -> &'static str {
        match self {
            Service::PhotoShelter => "photoshelter",
            Service::Allportal => "allportal",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Service::PhotoShelter => "PhotoShelter",
            Service::Allportal => "4ALLPORTAL",
        })
    }
}

/// Which credential a service refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    ApiKey,
    Password,
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::ApiKey => "API key",
            Credential::Password => "user name or password",
        })
    }
}

fn seconds(d: &Option<Duration>) -> String {
    match d {
        Some(d) => format!("{} s", d.as_secs().max(1)),
        None => "a minute".to_string(),
    }
}

fn in_parens(status: &Option<u16>) -> String {
    status.map(|s| format!(" ({s})")).unwrap_or_default()
}

fn detail(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

/// Everything that can go wrong talking to PhotoShelter or 4ALLPORTAL.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(
        "cannot reach {service} for {endpoint} ({reason}): check the network connection and the base URL in Settings › Accounts or `shelflink connect`"
    )]
    Unreachable {
        service: Service,
        endpoint: String,
        reason: String,
    },
    #[error(
        "{service} did not answer {endpoint} in time ({reason}): try again later, or check the network"
    )]
    Timeout {
        service: Service,
        endpoint: String,
        reason: String,
    },
    #[error(
        "the connection to {service} broke during {endpoint} ({reason}): try again; if it keeps happening, check the network or proxy"
    )]
    Interrupted {
        service: Service,
        endpoint: String,
        reason: String,
    },
    #[error(
        "{service} refused the {credential}{}: check Settings › Accounts or `shelflink connect`",
        in_parens(status)
    )]
    Refused {
        service: Service,
        credential: Credential,
        /// The HTTP status, when the refusal came as one.
        status: Option<u16>,
        endpoint: String,
    },
    #[error(
        "{service} ended the session during {endpoint} and signing in again did not help: reconnect the account in Settings › Accounts or `shelflink connect`"
    )]
    SessionExpired { service: Service, endpoint: String },
    #[error(
        "{service} does not allow {endpoint} for this account (403){}: ask the {service} administrator for the right, or check the organization in Settings › Accounts or `shelflink connect`",
        detail(message)
    )]
    Forbidden {
        service: Service,
        endpoint: String,
        message: String,
    },
    #[error(
        "{service} has no such object ({endpoint}, 404){}: it may have been deleted or moved; refresh and try again",
        detail(message)
    )]
    NotFound {
        service: Service,
        endpoint: String,
        message: String,
    },
    #[error(
        "{service} rejected {endpoint} because it conflicts with existing data (409){}: refresh, then check for a duplicate",
        detail(message)
    )]
    Conflict {
        service: Service,
        endpoint: String,
        message: String,
    },
    #[error("{service} rejected {endpoint} ({status}){}", detail(message))]
    Rejected {
        service: Service,
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error(
        "{service} is limiting requests (429) and still refused {endpoint} after retrying: wait {} and try again",
        seconds(retry_after)
    )]
    RateLimited {
        service: Service,
        endpoint: String,
        retry_after: Option<Duration>,
    },
    #[error(
        "{service} had a server error on {endpoint} ({status}){} and retrying did not help: try again later; if it persists, tell the {service} administrator",
        detail(message)
    )]
    Server {
        service: Service,
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error("{service} reported an error on {endpoint}{}", detail(message))]
    Remote {
        service: Service,
        endpoint: String,
        class: Option<String>,
        message: String,
    },
    #[error(
        "{service} answered {endpoint} with an HTML page (HTTP {status}) instead of data: the base URL probably points at a web page or a sign-in portal; check the URL in Settings › Accounts or `shelflink connect`"
    )]
    HtmlPage {
        service: Service,
        endpoint: String,
        status: u16,
    },
    #[error(
        "{service} sent an answer to {endpoint} that Shelflink cannot read (at `{field}`: {reason}); the service may have changed: send the log file to support"
    )]
    Parse {
        service: Service,
        endpoint: String,
        field: String,
        reason: String,
    },
    #[error(
        "the download from {service} ({endpoint}) broke off after {received} of {} bytes ({reason}); nothing was saved: try again",
        expected.map(|e| e.to_string()).unwrap_or_else(|| "the expected".to_string())
    )]
    Incomplete {
        service: Service,
        endpoint: String,
        received: u64,
        expected: Option<u64>,
        reason: String,
    },
    #[error("cannot {action} {}: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the 4ALLPORTAL module `{module}` has no field `{field}` (mapped as {role}): correct the field mapping in Settings › Accounts, or ask the 4ALLPORTAL administrator to add the field"
    )]
    MissingField {
        module: String,
        field: String,
        role: String,
    },
    #[error(
        "the 4ALLPORTAL instance has no module `{module}` (mapped for {role}): correct the field mapping in Settings › Accounts, or ask the 4ALLPORTAL administrator"
    )]
    MissingModule { module: String, role: String },
    #[error(
        "the 4ALLPORTAL events feed `{connector}` changed its configuration: a full resync is needed before incremental reads can continue"
    )]
    FeedChanged { connector: String },
    #[error("{message}")]
    Invalid { message: String },
}

impl ApiError {
    /// The service the error came from, if it came from one.
    pub fn service(&self) -> Option<Service> {
        match self {
            ApiError::Unreachable { service, .. }
            | ApiError::Timeout { service, .. }
            | ApiError::Interrupted { service, .. }
            | ApiError::Refused { service, .. }
            | ApiError::SessionExpired { service, .. }
            | ApiError::Forbidden { service, .. }
            | ApiError::NotFound { service, .. }
            | ApiError::Conflict { service, .. }
            | ApiError::Rejected { service, .. }
            | ApiError::RateLimited { service, .. }
            | ApiError::Server { service, .. }
            | ApiError::Remote { service, .. }
            | ApiError::HtmlPage { service, .. }
            | ApiError::Parse { service, .. }
            | ApiError::Incomplete { service, .. } => Some(*service),
            ApiError::MissingField { .. }
            | ApiError::MissingModule { .. }
            | ApiError::FeedChanged { .. } => Some(Service::Allportal),
            ApiError::File { .. } | ApiError::Invalid { .. } => None,
        }
    }

    /// True when trying the same thing later may work (network, rate limit, server trouble);
    /// the transfer queue uses this to decide between "retry later" and "failed".
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Unreachable { .. }
                | ApiError::Timeout { .. }
                | ApiError::Interrupted { .. }
                | ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::Incomplete { .. }
        )
    }

    /// True when the remote object does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound { .. })
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        ApiError::Invalid {
            message: message.into(),
        }
    }

    pub(crate) fn file(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        ApiError::File {
            action,
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_api_key_says_where_to_fix_it() {
        let err = ApiError::Refused {
            service: Service::Allportal,
            credential: Credential::ApiKey,
            status: Some(401),
            endpoint: "GET /api/modules/product".into(),
        };
        assert_eq!(
            err.to_string(),
            "4ALLPORTAL refused the API key (401): check Settings › Accounts or `shelflink connect`"
        );
    }

    #[test]
    fn a_missing_field_names_the_field_and_the_module() {
        let err = ApiError::MissingField {
            module: "product".into(),
            field: "article_number".into(),
            role: "the SKU".into(),
        };
        let text = err.to_string();
        assert!(
            text.contains("module `product` has no field `article_number` (mapped as the SKU)")
        );
    }

    #[test]
    fn rate_limits_are_transient_and_refusals_are_not() {
        let limited = ApiError::RateLimited {
            service: Service::PhotoShelter,
            endpoint: "GET /x".into(),
            retry_after: Some(Duration::from_secs(30)),
        };
        assert!(limited.is_transient());
        assert!(limited.to_string().contains("wait 30 s"));
        let refused = ApiError::Refused {
            service: Service::PhotoShelter,
            credential: Credential::Password,
            status: Some(401),
            endpoint: "POST /psapi/v3/mem/authenticate".into(),
        };
        assert!(!refused.is_transient());
    }
}

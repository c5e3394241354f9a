//! Fault rules and their compact text form (`--faults SPEC`).
//!
//! ```text
//! SPEC    = RULE { ";" RULE }
//! RULE    = SERVICE [METHOD] [PATH] EFFECT { EFFECT } [p=PROBABILITY] [n=TIMES]
//! SERVICE = ps | photoshelter | ap | allportal | all
//! METHOD  = GET | POST | PUT | PATCH | DELETE | HEAD | OPTIONS
//! PATH    = a path glob starting with "/": "*" matches within one segment, "**" anything
//! EFFECT  = 500 | 502 | 503 | 429[:SECONDS] | reset | truncate | malformed | latency=MS[ms]
//! ```
//!
//! `p` is the chance a matching request is hit (default 1), `n` how many requests are hit at
//! most (default unlimited). Example:
//! `ps GET /psapi/v3/mem/gallery/** 503 p=0.3; ap latency=250ms; ap PATCH /api/modules/*/objects 429:2 n=1`.

use super::writelog::Service;
use serde::{Deserialize, Serialize};

/// What a triggered rule does to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// Answer 500 in the service's error envelope; the request is not handled.
    #[serde(rename = "500")]
    Status500,
    /// Answer 502; not handled.
    #[serde(rename = "502")]
    Status502,
    /// Answer 503; not handled.
    #[serde(rename = "503")]
    Status503,
    /// Answer 429 with `Retry-After`; not handled.
    #[serde(rename = "429")]
    TooManyRequests,
    /// Handle the request, then abort the response body half-way (the connection drops).
    #[serde(rename = "reset")]
    Reset,
    /// Handle the request, then send only the first half of the body (consistent length).
    #[serde(rename = "truncate")]
    Truncate,
    /// Handle the request, then send a body that is not what the content type promises.
    #[serde(rename = "malformed")]
    Malformed,
}

/// One rule: which requests it matches and what it does to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// HTTP method to match; absent = any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Path glob to match; absent = any path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Delay added before the request is handled, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
    /// `Retry-After` seconds of an injected 429 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Chance that a matching request is hit, 0–1.
    #[serde(default = "always")]
    pub probability: f64,
    /// Hit at most this many requests; absent = no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u64>,
    /// How many requests this rule has hit so far (reported; ignored when set).
    #[serde(default)]
    pub injected: u64,
}

fn always() -> f64 {
    1.0
}

impl Default for FaultRule {
    fn default() -> Self {
        Self {
            method: None,
            path: None,
            latency_ms: 0,
            fault: None,
            retry_after: None,
            probability: 1.0,
            times: None,
            injected: 0,
        }
    }
}

impl FaultRule {
    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| glob(p, path))
    }

    /// Whether the rule may still hit a request (`times` not used up).
    pub fn armed(&self) -> bool {
        self.times.is_none_or(|n| self.injected < n)
    }
}

/// The fault rules and request limit of one service (the `/_sim/faults` document).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultConfig {
    #[serde(default)]
    pub rules: Vec<FaultRule>,
    /// Requests per second the service accepts before answering 429; absent = no limit.
    #[serde(default)]
    pub rate_limit: Option<f64>,
}

/// Parses a SPEC into (service, rule) pairs; `all` gives one rule per service.
pub fn parse_spec(spec: &str) -> Result<Vec<(Service, FaultRule)>, String> {
    let mut out = Vec::new();
    for text in spec.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        let mut tokens = text.split_whitespace();
        let services = match tokens.next() {
            Some("ps" | "photoshelter") => vec![Service::Photoshelter],
            Some("ap" | "allportal") => vec![Service::Allportal],
            Some("all") => vec![Service::Photoshelter, Service::Allportal],
            other => {
                return Err(format!(
                    "fault rule `{text}`: starts with {other:?}, expected ps, ap or all"
                ));
            }
        };
        let mut rule = FaultRule::default();
        for token in tokens {
            apply_token(&mut rule, token).map_err(|e| format!("fault rule `{text}`: {e}"))?;
        }
        if rule.fault.is_none() && rule.latency_ms == 0 {
            return Err(format!(
                "fault rule `{text}`: no effect (500, 502, 503, 429, reset, truncate, malformed or latency=MS)"
            ));
        }
        out.extend(services.into_iter().map(|s| (s, rule.clone())));
    }
    Ok(out)
}

fn apply_token(rule: &mut FaultRule, token: &str) -> Result<(), String> {
    const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let mut set_fault = |fault: Fault| {
        if rule.fault.replace(fault).is_some() {
            return Err("more than one failure effect".to_owned());
        }
        Ok(())
    };
    match token {
        t if METHODS.contains(&t) => rule.method = Some(t.to_owned()),
        t if t.starts_with('/') => rule.path = Some(t.to_owned()),
        "500" => set_fault(Fault::Status500)?,
        "502" => set_fault(Fault::Status502)?,
        "503" => set_fault(Fault::Status503)?,
        "429" => set_fault(Fault::TooManyRequests)?,
        "reset" => set_fault(Fault::Reset)?,
        "truncate" => set_fault(Fault::Truncate)?,
        "malformed" => set_fault(Fault::Malformed)?,
        t if t.starts_with("429:") => {
            set_fault(Fault::TooManyRequests)?;
            rule.retry_after = Some(
                t[4..]
                    .parse()
                    .map_err(|_| format!("`{t}`: Retry-After must be whole seconds"))?,
            );
        }
        t if t.starts_with("latency=") => {
            let ms = t[8..].trim_end_matches("ms");
            rule.latency_ms = ms
                .parse()
                .map_err(|_| format!("`{t}`: latency must be milliseconds, e.g. latency=250ms"))?;
        }
        t if t.starts_with("p=") => {
            let p: f64 = t[2..]
                .parse()
                .map_err(|_| format!("`{t}`: probability must be a number 0–1"))?;
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("`{t}`: probability must be between 0 and 1"));
            }
            rule.probability = p;
        }
        t if t.starts_with("n=") => {
            rule.times = Some(
                t[2..]
                    .parse()
                    .map_err(|_| format!("`{t}`: n must be a whole number"))?,
            );
        }
        t => {
            return Err(format!(
                "`{t}` is not a method, a /path, an effect, p= or n="
            ));
        }
    }
    Ok(())
}

/// Path glob: `*` matches any run of characters except `/`, `**` any run at all.
pub fn glob(pattern: &str, path: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), path.as_bytes());
    // reachable[j] = the pattern prefix consumed so far matches path prefix s[..j].
    let mut reachable = vec![false; s.len() + 1];
    reachable[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; s.len() + 1];
        if p[i] == b'*' {
            let any = p.get(i + 1) == Some(&b'*');
            for j in 0..=s.len() {
                if reachable[j] {
                    next[j] = true;
                    let mut k = j;
                    while k < s.len() && (any || s[k] != b'/') {
                        k += 1;
                        next[k] = true;
                    }
                }
            }
            i += if any { 2 } else { 1 };
        } else {
            for j in 0..s.len() {
                if reachable[j] && s[j] == p[i] {
                    next[j + 1] = true;
                }
            }
            i += 1;
        }
        reachable = next;
    }
    reachable[s.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_within_segments_or_across_them() {
        assert!(glob(
            "/api/modules/*/objects",
            "/api/modules/product/objects"
        ));
        assert!(!glob(
            "/api/modules/*/objects",
            "/api/modules/product/objects/42"
        ));
        assert!(glob("/psapi/v3/**", "/psapi/v3/mem/gallery/G1/images"));
        assert!(glob(
            "/img-get2/*/**",
            "/img-get2/I0000abc/sec=x/fit=100x100/a.jpg"
        ));
        assert!(!glob("/psapi/*", "/api/x"));
    }

    #[test]
    fn a_spec_names_service_method_path_effects_and_odds() {
        let rules =
            parse_spec("ps GET /psapi/v3/mem/** 503 p=0.3 n=2; ap latency=250ms; all 429:5")
                .unwrap();
        assert_eq!(rules.len(), 4);
        let (service, rule) = &rules[0];
        assert_eq!(*service, Service::Photoshelter);
        assert_eq!(rule.method.as_deref(), Some("GET"));
        assert_eq!(rule.path.as_deref(), Some("/psapi/v3/mem/**"));
        assert_eq!(
            (rule.fault, rule.probability, rule.times),
            (Some(Fault::Status503), 0.3, Some(2))
        );
        assert_eq!(
            (rules[1].0, rules[1].1.latency_ms),
            (Service::Allportal, 250)
        );
        assert_eq!(rules[3].1.retry_after, Some(5));
    }

    #[test]
    fn a_bad_spec_says_what_is_wrong() {
        assert!(
            parse_spec("xx 500")
                .unwrap_err()
                .contains("expected ps, ap or all")
        );
        assert!(parse_spec("ps /api").unwrap_err().contains("no effect"));
        assert!(
            parse_spec("ps 500 reset")
                .unwrap_err()
                .contains("more than one")
        );
        assert!(
            parse_spec("ps 500 p=2")
                .unwrap_err()
                .contains("between 0 and 1")
        );
    }

    #[test]
    fn the_json_form_uses_status_codes_as_fault_names() {
        let config: FaultConfig = serde_json::from_str(
            r#"{"rules":[{"path":"/api/**","fault":"503","times":1}],"rate_limit":5}"#,
        )
        .unwrap();
        assert_eq!(config.rules[0].fault, Some(Fault::Status503));
        assert_eq!(config.rules[0].probability, 1.0);
        assert_eq!(config.rate_limit, Some(5.0));
    }
}

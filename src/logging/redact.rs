//! Masks secret values in a formatted log line: the value after any key whose name contains
//! `password`, `passwd`, `secret`, `token`, `api_key`/`apikey`/`api-key`, `authorization` or
//! `cookie` (`key=value`, `key: value`, `"key":"value"`), and the credential after `Bearer`
//! or `Basic`.

const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "authorization",
    "cookie",
];
const SCHEMES: &[&str] = &["bearer", "basic"];
const MASK: &str = "[redacted]";

/// `line` with every secret value replaced by `[redacted]`.
pub fn redact(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    while pos < line.len() {
        match next_secret(line, &lower, pos) {
            Some((start, end)) => {
                out.push_str(&line[pos..start]);
                out.push_str(MASK);
                pos = end;
            }
            None => {
                out.push_str(&line[pos..]);
                break;
            }
        }
    }
    out
}

/// The byte range of the next secret value at or after `from`.
fn next_secret(line: &str, lower: &str, from: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for key in SECRET_KEYS {
        let mut search = from;
        while let Some(found) = lower[search..].find(key) {
            let key_end = search + found + key.len();
            if let Some(range) = value_after_key(line, key_end) {
                if best.is_none_or(|(start, _)| range.0 < start) {
                    best = Some(range);
                }
                break;
            }
            search = key_end;
        }
    }
    for scheme in SCHEMES {
        let mut search = from;
        while let Some(found) = lower[search..].find(scheme) {
            let start = search + found;
            let after = start + scheme.len();
            let word_start = start == 0 || !is_word(line.as_bytes()[start - 1]);
            if word_start && line[after..].starts_with(' ') {
                let value_start = after + 1;
                let value_end = value_end(line, value_start);
                if value_end > value_start {
                    if best.is_none_or(|(s, _)| value_start < s) {
                        best = Some((value_start, value_end));
                    }
                    break;
                }
            }
            search = after;
        }
    }
    best
}

/// After a key name: the rest of the key (`_id`, `"`), then `=` or `:`, spaces or a quote,
/// then the value.
fn value_after_key(line: &str, key_end: usize) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut i = key_end;
    while i < bytes.len() && (is_word(bytes[i]) || bytes[i] == b'-') {
        i += 1;
    }
    if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
        i += 1;
    }
    if i >= bytes.len() || (bytes[i] != b'=' && bytes[i] != b':') {
        return None;
    }
    i += 1;
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'"' || bytes[i] == b'\'') {
        i += 1;
    }
    // `Authorization: Bearer xyz` masks the credential, not the scheme.
    let lower_rest = line[i..].to_ascii_lowercase();
    for scheme in SCHEMES {
        if lower_rest.starts_with(scheme) && lower_rest[scheme.len()..].starts_with(' ') {
            i += scheme.len() + 1;
        }
    }
    let end = value_end(line, i);
    (end > i).then_some((i, end))
}

fn value_end(line: &str, start: usize) -> usize {
    line[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '&' | ';' | '}' | ')'))
        .map_or(line.len(), |offset| start + offset)
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn structured_fields_are_masked() {
        assert_eq!(
            redact(r#"signed in account="studio" password="hunter2""#),
            r#"signed in account="studio" password="[redacted]""#
        );
        assert_eq!(
            redact("auth_token=abc123 next=1"),
            "auth_token=[redacted] next=1"
        );
    }

    #[test]
    fn json_bodies_and_query_strings_are_masked() {
        assert_eq!(
            redact(r#"{"email":"a@b.c","password":"pw1","api_key":"K9"}"#),
            r#"{"email":"a@b.c","password":"[redacted]","api_key":"[redacted]"}"#
        );
        assert_eq!(
            redact("GET /v3/session?api_key=XYZ&page=2"),
            "GET /v3/session?api_key=[redacted]&page=2"
        );
    }

    #[test]
    fn authorization_headers_keep_their_scheme() {
        assert_eq!(
            redact("Authorization: Bearer eyJ.abc.def sent"),
            "Authorization: Bearer [redacted] sent"
        );
        assert_eq!(redact("X-PS-Api-Key: 0123abcd"), "X-PS-Api-Key: [redacted]");
        assert_eq!(redact("using bearer t0k3n"), "using bearer [redacted]");
    }

    #[test]
    fn ordinary_lines_are_unchanged() {
        let line = "synced 276 images, 75 products in 2.1s (token bucket idle)";
        assert_eq!(redact(line), line);
        assert_eq!(redact(""), "");
    }
}

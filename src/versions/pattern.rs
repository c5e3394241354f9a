//! The file-name rule that finds versions of one shot.
//!
//! A pattern is literal text with placeholders, matched against the file name without its
//! extension, ignoring case:
//!
//! | placeholder | matches |
//! |---|---|
//! | `{sku}` | letters and digits, in parts joined by `-` (shortest that fits) |
//! | `{colour}` | letters |
//! | `{view}` | letters and digits |
//! | `{version}` | digits |
//!
//! `[…]` makes a part optional. `{sku}` is required. Files matching with the same SKU,
//! colour and view are versions of one shot; a name without `{version}` is version 1.
//! The default, `{sku}[-{colour}]_{view}[_v{version}]`, reads `MH02-black_main_v2.jpg` as
//! (MH02, black, main, 2) and `mh02-black_main.jpg` as version 1 of the same shot.

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

pub const DEFAULT_NAME_PATTERN: &str = "{sku}[-{colour}]_{view}[_v{version}]";

/// What a matching name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    pub sku: String,
    pub colour: Option<String>,
    pub view: Option<String>,
    pub version: u32,
}

impl NameParts {
    /// The shot a name belongs to: SKU, colour and view, lower case.
    pub fn shot_key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.sku.to_lowercase(),
            self.colour.as_deref().unwrap_or("").to_lowercase(),
            self.view.as_deref().unwrap_or("").to_lowercase()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("the file-name pattern \"{0}\" has no {{sku}}: add {{sku}} where the SKU stands")]
    NoSku(String),
    #[error(
        "the file-name pattern \"{pattern}\" has an unknown placeholder {{{name}}}: use {{sku}}, {{colour}}, {{view}} or {{version}}"
    )]
    UnknownPlaceholder { pattern: String, name: String },
    #[error("the file-name pattern \"{0}\" has an unclosed {{ or [: close each one")]
    Unclosed(String),
    #[error("the file-name pattern \"{0}\" uses a placeholder twice: use each at most once")]
    Repeated(String),
}

/// A compiled file-name pattern; stored in settings as its text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NamePattern {
    text: String,
    regex: Regex,
}

impl Default for NamePattern {
    fn default() -> Self {
        Self::parse(DEFAULT_NAME_PATTERN).expect("the default pattern is valid")
    }
}

impl PartialEq for NamePattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl TryFrom<String> for NamePattern {
    type Error = PatternError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<NamePattern> for String {
    fn from(p: NamePattern) -> String {
        p.text
    }
}

impl NamePattern {
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        let mut re = String::from("^");
        let mut seen: Vec<&str> = Vec::new();
        let mut rest = text;
        let mut open = false;
        while let Some(c) = rest.chars().next() {
            match c {
                '{' => {
                    let end = rest
                        .find('}')
                        .ok_or_else(|| PatternError::Unclosed(text.into()))?;
                    let name = &rest[1..end];
                    let (group, class) = match name {
                        "sku" => ("sku", r"[a-z0-9]+(?:-[a-z0-9]+)*?"),
                        "colour" | "color" => ("colour", r"[a-z]+"),
                        "view" => ("view", r"[a-z0-9]+"),
                        "version" => ("version", r"[0-9]+"),
                        other => {
                            return Err(PatternError::UnknownPlaceholder {
                                pattern: text.into(),
                                name: other.into(),
                            });
                        }
                    };
                    if seen.contains(&group) {
                        return Err(PatternError::Repeated(text.into()));
                    }
                    seen.push(group);
                    re.push_str(&format!("(?P<{group}>{class})"));
                    rest = &rest[end + 1..];
                }
                '[' if !open => {
                    re.push_str("(?:");
                    open = true;
                    rest = &rest[1..];
                }
                ']' if open => {
                    re.push_str(")?");
                    open = false;
                    rest = &rest[1..];
                }
                _ => {
                    re.push_str(&regex::escape(&c.to_string()));
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        if open {
            return Err(PatternError::Unclosed(text.into()));
        }
        if !seen.contains(&"sku") {
            return Err(PatternError::NoSku(text.into()));
        }
        re.push('$');
        let regex = RegexBuilder::new(&re)
            .case_insensitive(true)
            .build()
            .expect("a pattern built from escaped text and fixed classes is a valid regex");
        Ok(Self {
            text: text.into(),
            regex,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Reads a file name (the extension is ignored).
    pub fn read(&self, file_name: &str) -> Option<NameParts> {
        let stem = match file_name.rsplit_once('.') {
            Some((stem, ext)) if !ext.contains(['-', '_']) && !stem.is_empty() => stem,
            _ => file_name,
        };
        let caps = self.regex.captures(stem)?;
        let get = |n: &str| caps.name(n).map(|m| m.as_str().to_owned());
        Some(NameParts {
            sku: get("sku")?,
            colour: get("colour"),
            view: get("view"),
            version: get("version").and_then(|v| v.parse().ok()).unwrap_or(1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_reads_sku_colour_view_and_version() {
        let p = NamePattern::default();
        let v2 = p.read("MH02-black_main_v2.jpg").unwrap();
        assert_eq!(
            (
                v2.sku.as_str(),
                v2.colour.as_deref(),
                v2.view.as_deref(),
                v2.version
            ),
            ("MH02", Some("black"), Some("main"), 2)
        );
        let v1 = p.read("mh02-black_main.jpg").unwrap();
        assert_eq!(v1.version, 1);
        assert_eq!(v1.shot_key(), v2.shot_key());
        let other_view = p.read("mh02-black_back_v2.jpg").unwrap();
        assert_ne!(other_view.shot_key(), v2.shot_key());
        assert_eq!(p.read("SKU123_front_v3.tif").unwrap().sku, "SKU123");
        assert!(
            p.read("mb01-blue-0.jpg").is_none(),
            "no view part: not a versioned name"
        );
    }

    #[test]
    fn a_custom_pattern_and_its_mistakes() {
        let p = NamePattern::parse("{sku}--{view}.v{version}").unwrap();
        let parts = p.read("AB12--side.v7.png").unwrap();
        assert_eq!((parts.sku.as_str(), parts.version), ("AB12", 7));
        assert_eq!(
            NamePattern::parse("{view}_v{version}").unwrap_err(),
            PatternError::NoSku("{view}_v{version}".into())
        );
        assert!(matches!(
            NamePattern::parse("{sku}_{angle}"),
            Err(PatternError::UnknownPlaceholder { .. })
        ));
        assert!(matches!(
            NamePattern::parse("{sku}[_{view}"),
            Err(PatternError::Unclosed(_))
        ));
    }

    #[test]
    fn a_pattern_is_stored_as_its_text() {
        let json = serde_json::to_string(&NamePattern::default()).unwrap();
        assert_eq!(json, format!("\"{DEFAULT_NAME_PATTERN}\""));
        let back: NamePattern = serde_json::from_str(&json).unwrap();
        assert_eq!(back, NamePattern::default());
        assert!(serde_json::from_str::<NamePattern>("\"{view}\"").is_err());
    }
}

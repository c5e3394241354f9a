//! Lenient, exact scalar readers for serde (`#[serde(deserialize_with = "…")]`):
//! `"t"`/`"f"` flags and booleans, numbers sent as strings, zoned timestamps, comma lists,
//! one record or a list of them. Empty strings and nulls count as absent. Anything that is
//! not what it should be is an error (which `serde_path_to_error` places at the field).

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reads a flag: `"t"`/`"f"`, `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"`, `1`/`0`,
/// `"yes"`/`"no"`. Null or empty = absent.
pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let v = Value::deserialize(d)?;
    flag_value(&v).map_err(D::Error::custom)
}

pub(crate) fn flag_value(v: &Value) -> Result<Option<bool>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err(format!("expected a flag, got the number {n}")),
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "t" | "true" | "1" | "yes" | "y" => Ok(Some(true)),
            "f" | "false" | "0" | "no" | "n" => Ok(Some(false)),
            other => Err(format!("expected a flag (t/f), got `{other}`")),
        },
        other => Err(format!("expected a flag, got {}", kind(other))),
    }
}

/// Reads a flag that defaults to false when absent.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_flag(d)?.unwrap_or(false))
}

fn number_text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string())),
        other => Err(format!("expected a number, got {}", kind(other))),
    }
}

macro_rules! opt_number {
    ($name:ident, $t:ty) => {
        /// Reads a number sent as a JSON number or as a string. Null or empty = absent.
        pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$t>, D::Error> {
            let v = Value::deserialize(d)?;
            let Some(text) = number_text(&v).map_err(D::Error::custom)? else {
                return Ok(None);
            };
            if let Ok(n) = text.parse::<$t>() {
                return Ok(Some(n));
            }
            // "1800.0" for an integer field: accept when it is whole.
            match text.parse::<f64>() {
                Ok(f) if f.fract() == 0.0 && f >= <$t>::MIN as f64 && f <= <$t>::MAX as f64 => {
                    Ok(Some(f as $t))
                }
                _ => Err(D::Error::custom(format!(
                    "expected {}, got `{text}`",
                    stringify!($t)
                ))),
            }
        }
    };
}

opt_number!(opt_u64, u64);
opt_number!(opt_u32, u32);
opt_number!(opt_i64, i64);
opt_number!(opt_i32, i32);

/// Reads a decimal number sent as a JSON number or as a string.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Value::deserialize(d)?;
    let Some(text) = number_text(&v).map_err(D::Error::custom)? else {
        return Ok(None);
    };
    text.parse::<f64>()
        .map(Some)
        .map_err(|_| D::Error::custom(format!("expected a decimal number, got `{text}`")))
}

pub(crate) fn text_value(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(format!("expected text, got {}", kind(other))),
    }
}

/// Reads text; numbers and booleans are taken as their text. Null or empty = absent.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    text_value(&v).map_err(D::Error::custom)
}

/// Reads text, empty when absent.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string(d)?.unwrap_or_default())
}

/// Reads a timestamp in any of the shapes of [`crate::net::time::parse_timestamp`].
pub fn opt_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let Some(text) = opt_string(d)? else {
        return Ok(None);
    };
    super::time::parse_timestamp(&text)
        .map(Some)
        .map_err(D::Error::custom)
}

/// Reads a calendar date (`YYYY-MM-DD`).
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let Some(text) = opt_string(d)? else {
        return Ok(None);
    };
    super::time::parse_date(&text)
        .map(Some)
        .map_err(D::Error::custom)
}

/// Splits a comma list (`"a, b,c"`), or takes a JSON list of texts; blanks dropped.
pub fn comma_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Value::deserialize(d)?;
    match &v {
        Value::Null => Ok(Vec::new()),
        Value::String(s) => Ok(split_commas(s)),
        Value::Array(items) => items
            .iter()
            .map(|item| text_value(item).map_err(D::Error::custom))
            .filter_map(|r| r.transpose())
            .map(|r| r.map(|s| s.trim().to_string()))
            .filter(|r| r.as_ref().map(|s| !s.is_empty()).unwrap_or(true))
            .collect(),
        other => Err(D::Error::custom(format!(
            "expected a comma-separated list, got {}",
            kind(other)
        ))),
    }
}

/// Splits a comma-separated text, trimming each part and dropping blanks.
pub fn split_commas(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads one record or a list of records as a list (null = none).
pub fn one_or_many<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    let v = Value::deserialize(d)?;
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                T::deserialize(item).map_err(|e| D::Error::custom(format!("item {i}: {e}")))
            })
            .collect(),
        Value::Object(_) => T::deserialize(v).map(|t| vec![t]).map_err(D::Error::custom),
        other => Err(D::Error::custom(format!(
            "expected a record or a list of records, got {}",
            kind(&other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Rec {
        #[serde(default, deserialize_with = "opt_flag")]
        f_list: Option<bool>,
        #[serde(default, deserialize_with = "opt_u64")]
        file_size: Option<u64>,
        #[serde(default, deserialize_with = "comma_list")]
        keyword: Vec<String>,
        #[serde(default, deserialize_with = "opt_timestamp")]
        updated_at: Option<DateTime<Utc>>,
    }

    fn rec(json: &str) -> Result<Rec, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut de).map_err(|e| format!("{}: {}", e.path(), e))
    }

    #[test]
    fn flags_numbers_lists_and_times_in_their_string_forms() {
        let r = rec(r#"{"f_list":"t","file_size":"1800","keyword":"red, hoodie ,,SKU-1","updated_at":"2024-05-07 09:11:00 UTC"}"#).unwrap();
        assert_eq!(r.f_list, Some(true));
        assert_eq!(r.file_size, Some(1800));
        assert_eq!(r.keyword, vec!["red", "hoodie", "SKU-1"]);
        assert_eq!(
            r.updated_at.unwrap().to_rfc3339(),
            "2024-05-07T09:11:00+00:00"
        );
    }

    #[test]
    fn the_same_fields_in_their_native_forms() {
        let r = rec(r#"{"f_list":false,"file_size":1800,"keyword":["a","b"],"unknown":{"x":1}}"#)
            .unwrap();
        assert_eq!(r.f_list, Some(false));
        assert_eq!(r.file_size, Some(1800));
        assert_eq!(r.keyword, vec!["a", "b"]);
        assert_eq!(r.updated_at, None);
    }

    #[test]
    fn missing_and_empty_values_are_absent() {
        let r = rec(r#"{"f_list":"","file_size":null,"keyword":""}"#).unwrap();
        assert_eq!(
            r,
            Rec {
                f_list: None,
                file_size: None,
                keyword: vec![],
                updated_at: None
            }
        );
    }

    #[test]
    fn a_bad_value_is_an_error_at_its_field() {
        let err = rec(r#"{"file_size":"large"}"#).unwrap_err();
        assert!(err.starts_with("file_size:"), "{err}");
        let err = rec(r#"{"f_list":"maybe"}"#).unwrap_err();
        assert!(err.starts_with("f_list:"), "{err}");
    }

    #[test]
    fn one_record_or_a_list() {
        #[derive(Debug, Deserialize)]
        struct Org {
            id: String,
        }
        #[derive(Debug, Deserialize)]
        struct Login {
            #[serde(default, deserialize_with = "one_or_many")]
            org: Vec<Org>,
        }
        let one: Login = serde_json::from_str(r#"{"org":{"id":"O1"}}"#).unwrap();
        let many: Login = serde_json::from_str(r#"{"org":[{"id":"O1"},{"id":"O2"}]}"#).unwrap();
        let none: Login = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(
            one.org.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
            ["O1"]
        );
        assert_eq!(many.org.len(), 2);
        assert!(none.org.is_empty());
    }
}

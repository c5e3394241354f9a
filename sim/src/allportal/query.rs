//! The list filter and sort of §5 (A3): `query = cond *( " AND " cond )`,
//! `cond = field op 'value'`, ops `= != > >= < <= STARTS CONTAINS IN`, and
//! `sort=<field>:<asc|desc>` (default `id:asc`).

use super::schema::{self, FieldDef, FieldType, ModuleDef};
use super::value::parse_time;
use chrono::{DateTime, Utc};
use std::cmp::Ordering;

/// What a condition or a sort looks at.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    Id,
    ModTime,
    Field(&'static FieldDef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Starts,
    Contains,
    In,
}

#[derive(Debug, Clone)]
pub struct Cond {
    pub key: Key,
    pub op: Op,
    pub values: Vec<String>,
    /// For `mod_time` conditions: the parsed instant.
    pub time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct Query {
    pub conds: Vec<Cond>,
}

/// Gives the strings an object holds for a key (stored or derived).
pub trait Values<O> {
    fn values(&self, object: &O, key: Key) -> Vec<String>;
    fn mod_time(&self, object: &O) -> DateTime<Utc>;
}

impl Query {
    pub fn matches<O>(&self, object: &O, src: &impl Values<O>) -> bool {
        self.conds.iter().all(|c| c.matches(object, src))
    }

    /// The earliest `mod_time` a match can have, from `mod_time >`/`>=` conditions.
    pub fn mod_time_floor(&self) -> Option<DateTime<Utc>> {
        self.conds
            .iter()
            .filter(|c| matches!(c.key, Key::ModTime) && matches!(c.op, Op::Gt | Op::Ge))
            .filter_map(|c| c.time)
            .max()
    }
}

impl Cond {
    fn matches<O>(&self, object: &O, src: &impl Values<O>) -> bool {
        if let (Key::ModTime, Some(t)) = (self.key, self.time) {
            return compare_op(self.op, src.mod_time(object).cmp(&t));
        }
        let have = src.values(object, self.key);
        let numeric = matches!(self.key, Key::Field(d) if d.ty.is_numeric());
        match self.op {
            Op::Eq if self.values[0].is_empty() => have.iter().all(String::is_empty),
            Op::Ne if self.values[0].is_empty() => have.iter().any(|h| !h.is_empty()),
            Op::Ne => !have.iter().any(|h| *h == self.values[0]),
            Op::In => have.iter().any(|h| self.values.contains(h)),
            Op::Starts => {
                let want = self.values[0].to_lowercase();
                have.iter().any(|h| h.to_lowercase().starts_with(&want))
            }
            Op::Contains => {
                let want = self.values[0].to_lowercase();
                have.iter().any(|h| h.to_lowercase().contains(&want))
            }
            op => have
                .iter()
                .any(|h| compare_op(op, compare_values(h, &self.values[0], numeric))),
        }
    }
}

fn compare_op(op: Op, ord: Ordering) -> bool {
    match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Starts | Op::Contains | Op::In => false,
    }
}

/// Compares two field values: numerically for number fields, otherwise as strings (dates
/// and RFC 3339 UTC timestamps sort correctly as strings).
pub fn compare_values(a: &str, b: &str, numeric: bool) -> Ordering {
    if numeric && let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>()) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    a.cmp(b)
}

fn resolve_key(module: &'static ModuleDef, name: &str) -> Result<Key, String> {
    match name {
        "id" => Ok(Key::Id),
        "mod_time" => Ok(Key::ModTime),
        _ => {
            schema::check_field_name(name)?;
            module
                .field(name)
                .map(Key::Field)
                .ok_or_else(|| format!("unknown field `{name}` in module {}", module.name))
        }
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Sym(&'static str),
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    const SYMBOLS: [&str; 9] = ["!=", ">=", "<=", "=", ">", "<", "(", ")", ","];
    let mut out = Vec::new();
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if c == '\'' {
            let mut s = String::new();
            let mut chars = rest[1..].char_indices();
            let end = loop {
                match chars.next() {
                    Some((i, '\'')) if rest[1 + i + 1..].starts_with('\'') => {
                        chars.next();
                        s.push('\'');
                    }
                    Some((i, '\'')) => break 1 + i + 1,
                    Some((_, ch)) => s.push(ch),
                    None => return Err("unterminated quoted value".into()),
                }
            };
            out.push(Token::Str(s));
            rest = &rest[end..];
        } else if let Some(sym) = SYMBOLS.into_iter().find(|s| rest.starts_with(s)) {
            out.push(Token::Sym(sym));
            rest = &rest[sym.len()..];
        } else {
            let len = rest
                .char_indices()
                .find(|(_, ch)| !(ch.is_alphanumeric() || *ch == '_'))
                .map_or(rest.len(), |(i, _)| i);
            if len == 0 {
                return Err(format!("unexpected character `{c}`"));
            }
            out.push(Token::Word(rest[..len].to_owned()));
            rest = &rest[len..];
        }
    }
    Ok(out)
}

/// Parses a `query` parameter for `module`. `Err` explains the problem (400).
pub fn parse_query(module: &'static ModuleDef, input: &str) -> Result<Query, String> {
    let tokens = tokenize(input).map_err(|e| format!("bad query `{input}`: {e}"))?;
    let mut it = tokens.into_iter().peekable();
    let mut conds = Vec::new();
    loop {
        let field = match it.next() {
            Some(Token::Word(w)) => w,
            other => {
                return Err(format!(
                    "bad query `{input}`: expected a field name, found {other:?}"
                ));
            }
        };
        let key = resolve_key(module, &field)?;
        let op = match it.next() {
            Some(Token::Sym(s)) => match s {
                "=" => Op::Eq,
                "!=" => Op::Ne,
                ">" => Op::Gt,
                ">=" => Op::Ge,
                "<" => Op::Lt,
                "<=" => Op::Le,
                _ => return Err(format!("bad query `{input}`: `{s}` is not an operator")),
            },
            Some(Token::Word(w)) => match w.to_ascii_uppercase().as_str() {
                "STARTS" => Op::Starts,
                "CONTAINS" => Op::Contains,
                "IN" => Op::In,
                _ => return Err(format!("bad query `{input}`: `{w}` is not an operator")),
            },
            other => {
                return Err(format!(
                    "bad query `{input}`: expected an operator, found {other:?}"
                ));
            }
        };
        let values = if op == Op::In {
            parse_list(&mut it).map_err(|e| format!("bad query `{input}`: {e}"))?
        } else {
            match it.next() {
                Some(Token::Str(s)) => vec![s],
                other => {
                    return Err(format!(
                        "bad query `{input}`: expected a 'quoted value', found {other:?}"
                    ));
                }
            }
        };
        let time = match key {
            Key::ModTime => Some(parse_time(&values[0]).ok_or_else(|| {
                format!("bad query `{input}`: `{}` is not a timestamp", values[0])
            })?),
            Key::Field(d) if d.ty == FieldType::Timestamp => parse_time(&values[0]),
            _ => None,
        };
        conds.push(Cond {
            key,
            op,
            values,
            time,
        });
        match it.next() {
            None => break,
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("AND") => continue,
            Some(other) => {
                return Err(format!(
                    "bad query `{input}`: expected AND, found {other:?}"
                ));
            }
        }
    }
    Ok(Query { conds })
}

fn parse_list(it: &mut impl Iterator<Item = Token>) -> Result<Vec<String>, String> {
    if it.next() != Some(Token::Sym("(")) {
        return Err("IN takes a list ('a','b')".into());
    }
    let mut values = Vec::new();
    loop {
        match it.next() {
            Some(Token::Str(s)) => values.push(s),
            _ => return Err("IN takes a list of 'quoted values'".into()),
        }
        match it.next() {
            Some(Token::Sym(",")) => continue,
            Some(Token::Sym(")")) => return Ok(values),
            _ => return Err("IN list must end with `)`".into()),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Sort {
    pub key: Key,
    pub descending: bool,
}

impl Sort {
    pub const DEFAULT: Sort = Sort {
        key: Key::Id,
        descending: false,
    };

    /// Parses `sort=<field>:<asc|desc>` (direction optional, default asc).
    pub fn parse(module: &'static ModuleDef, input: &str) -> Result<Sort, String> {
        let (name, dir) = input.split_once(':').unwrap_or((input, "asc"));
        let descending = match dir.to_ascii_lowercase().as_str() {
            "asc" => false,
            "desc" => true,
            _ => return Err(format!("bad sort `{input}`: direction must be asc or desc")),
        };
        let key = resolve_key(module, name.trim())?;
        Ok(Sort { key, descending })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> &'static ModuleDef {
        schema::module("product").unwrap()
    }

    #[test]
    fn parses_the_documented_grammar() {
        let q = parse_query(
            product(),
            "mod_time > '2024-05-01T00:00:00Z' AND status IN ('active','draft') AND name STARTS 'O''Neil'",
        )
        .unwrap();
        assert_eq!(q.conds.len(), 3);
        assert_eq!(q.conds[1].values, ["active", "draft"]);
        assert_eq!(q.conds[2].values, ["O'Neil"]);
        assert_eq!(q.mod_time_floor(), parse_time("2024-05-01T00:00:00Z"));
    }

    struct Plain;
    impl Values<Vec<String>> for Plain {
        fn values(&self, o: &Vec<String>, _: Key) -> Vec<String> {
            o.clone()
        }
        fn mod_time(&self, _: &Vec<String>) -> DateTime<Utc> {
            DateTime::UNIX_EPOCH
        }
    }

    #[test]
    fn empty_quotes_test_for_a_missing_or_present_value() {
        let empty: Vec<String> = Vec::new();
        let set = vec!["f1".to_owned()];
        let is_empty = parse_query(product(), "main_image = ''").unwrap();
        let has_value = parse_query(product(), "main_image != ''").unwrap();
        let not_f1 = parse_query(product(), "main_image != 'f1'").unwrap();
        assert!(is_empty.matches(&empty, &Plain) && !is_empty.matches(&set, &Plain));
        assert!(has_value.matches(&set, &Plain) && !has_value.matches(&empty, &Plain));
        assert!(not_f1.matches(&empty, &Plain) && !not_f1.matches(&set, &Plain));
    }

    #[test]
    fn rejects_unknown_fields_and_bad_syntax() {
        for bad in [
            "colour = 'red'",
            "Name = 'x'",
            "name = x",
            "name ~ 'x'",
            "name = 'x' OR size = 'M'",
            "mod_time > 'yesterday'",
            "status IN 'a'",
        ] {
            assert!(parse_query(product(), bad).is_err(), "{bad}");
        }
        assert!(Sort::parse(product(), "name:up").is_err());
        assert!(Sort::parse(product(), "nope:asc").is_err());
        assert!(Sort::parse(product(), "mod_time:desc").unwrap().descending);
    }
}

//! XMP packets as properties, read with `roxmltree`. Properties are keyed by the usual
//! prefix of their namespace (`plus:LicenseEndDate`, whatever prefix the file used), so the
//! flat form has the shape of PhotoShelter's `Xmp` record. Simple values, arrays
//! (`rdf:Bag`/`Seq`), alternatives (`rdf:Alt`, `x-default` first) and one level of
//! structures (e.g. `Iptc4xmpExt:ProductInImage`) are read. DTDs are refused and the node
//! count is capped, so a hostile packet costs bounded memory.

use roxmltree::{Document, Node, ParsingOptions};
use std::collections::BTreeMap;

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// Enough for any real packet; bounds memory on hostile ones.
const NODES_LIMIT: u32 = 200_000;

/// Namespace URI → the prefix used in keys. Unknown namespaces keep the file's prefix.
const PREFIXES: &[(&str, &str)] = &[
    ("http://purl.org/dc/elements/1.1/", "dc"),
    ("http://ns.adobe.com/xap/1.0/rights/", "xmpRights"),
    ("http://ns.adobe.com/photoshop/1.0/", "photoshop"),
    ("http://ns.useplus.org/ldf/xmp/1.0/", "plus"),
    (
        "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
        "Iptc4xmpCore",
    ),
    ("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "Iptc4xmpExt"),
    ("http://ns.adobe.com/xmp/note/", "xmpNote"),
    ("http://ns.adobe.com/xap/1.0/", "xmp"),
    ("http://ns.adobe.com/xap/1.0/mm/", "xmpMM"),
    ("http://ns.adobe.com/pdf/1.3/", "pdf"),
    ("http://ns.adobe.com/tiff/1.0/", "tiff"),
    ("http://ns.adobe.com/exif/1.0/", "exif"),
];

/// One property value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// An `rdf:Bag` or `rdf:Seq` of texts.
    List(Vec<String>),
    /// An `rdf:Alt` of texts (language alternatives), the `x-default` one first.
    Alt(Vec<String>),
    /// An array of structures (or a single structure as a one-item list).
    Structs(Vec<BTreeMap<String, String>>),
}

impl Value {
    /// The value as strings: a text as one item, a list or alternatives as they are,
    /// structures as none.
    pub fn strings(&self) -> Vec<String> {
        match self {
            Value::Text(t) => vec![t.clone()],
            Value::List(l) | Value::Alt(l) => l.clone(),
            Value::Structs(_) => Vec::new(),
        }
    }
}

/// Properties of one or more packets; the first packet to set a property wins.
#[derive(Debug, Clone, Default)]
pub struct Xmp {
    pub props: BTreeMap<String, Value>,
}

impl Xmp {
    /// Adds the properties of a packet that are not set yet. Returns an error text when
    /// the packet is not well-formed XML.
    pub fn add_packet(&mut self, packet: &[u8]) -> Result<(), String> {
        let text = decode(packet);
        let text = text.trim_matches(|c: char| c == '\0' || c == '\u{feff}' || c.is_whitespace());
        let opts = ParsingOptions {
            allow_dtd: false,
            nodes_limit: NODES_LIMIT,
            ..ParsingOptions::default()
        };
        let doc = Document::parse_with_options(text, opts).map_err(|e| e.to_string())?;
        for rdf in doc.descendants().filter(|n| is(n, RDF, "RDF")) {
            for desc in rdf.children().filter(|n| is(n, RDF, "Description")) {
                for (key, value) in properties(desc) {
                    self.props.entry(key).or_insert(value);
                }
            }
        }
        Ok(())
    }

    /// The first non-empty string of a property.
    pub fn text(&self, key: &str) -> Option<String> {
        self.props
            .get(key)?
            .strings()
            .into_iter()
            .map(|s| s.trim().to_owned())
            .find(|s| !s.is_empty())
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        self.props
            .get(key)
            .map(Value::strings)
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn structs(&self, key: &str) -> &[BTreeMap<String, String>] {
        match self.props.get(key) {
            Some(Value::Structs(s)) => s,
            _ => &[],
        }
    }

    /// The flat `"prefix:Name" → values` map (structures left out).
    pub fn flat(&self) -> BTreeMap<String, Vec<String>> {
        self.props
            .iter()
            .filter(|(_, v)| !matches!(v, Value::Structs(_)))
            .map(|(k, v)| (k.clone(), v.strings()))
            .collect()
    }
}

/// XMP packets may be UTF-8, UTF-16 or UTF-32 (XMP part 3); the first character of a
/// packet is `<` or a byte order mark, which tells the encoding.
fn decode(packet: &[u8]) -> String {
    let utf16 = |big: bool, body: &[u8]| -> String {
        let units = body.chunks_exact(2).map(|c| {
            if big {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match packet {
        [0xFE, 0xFF, rest @ ..] => utf16(true, rest),
        [0xFF, 0xFE, rest @ ..] => utf16(false, rest),
        [0x00, b'<', ..] => utf16(true, packet),
        [b'<', 0x00, ..] => utf16(false, packet),
        _ => String::from_utf8_lossy(packet).into_owned(),
    }
}

fn is(node: &Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(ns) && node.tag_name().name() == name
}

fn key_of(node: &Node, ns: Option<&str>, local: &str) -> String {
    let prefix = ns
        .and_then(|ns| PREFIXES.iter().find(|(uri, _)| *uri == ns).map(|(_, p)| *p))
        .map(str::to_owned)
        .or_else(|| ns.and_then(|ns| node.lookup_prefix(ns)).map(str::to_owned))
        .unwrap_or_default();
    if prefix.is_empty() {
        local.to_owned()
    } else {
        format!("{prefix}:{local}")
    }
}

/// The properties of an `rdf:Description` (attributes and child elements).
fn properties(desc: Node) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for attr in desc.attributes() {
        let ns = attr.namespace();
        if ns == Some(RDF) || ns == Some(XML) || ns.is_none() {
            continue;
        }
        out.push((
            key_of(&desc, ns, attr.name()),
            Value::Text(attr.value().to_owned()),
        ));
    }
    for prop in desc.children().filter(|n| n.is_element()) {
        let key = key_of(&prop, prop.tag_name().namespace(), prop.tag_name().name());
        out.push((key, value_of(prop)));
    }
    out
}

fn value_of(prop: Node) -> Value {
    if let Some(res) = prop.attribute((RDF, "resource")) {
        return Value::Text(res.to_owned());
    }
    let container = prop
        .children()
        .find(|n| is(n, RDF, "Bag") || is(n, RDF, "Seq") || is(n, RDF, "Alt"));
    if let Some(container) = container {
        let items: Vec<Node> = container.children().filter(|n| is(n, RDF, "li")).collect();
        if items.iter().any(|li| is_struct(*li)) {
            return Value::Structs(items.into_iter().map(struct_of).collect());
        }
        let mut texts: Vec<(bool, String)> = items
            .iter()
            .map(|li| {
                (
                    li.attribute((XML, "lang")) == Some("x-default"),
                    text_of(*li),
                )
            })
            .collect();
        if is(&container, RDF, "Alt") {
            // Language alternative: x-default first.
            texts.sort_by_key(|(default, _)| !*default);
            return Value::Alt(texts.into_iter().map(|(_, t)| t).collect());
        }
        return Value::List(texts.into_iter().map(|(_, t)| t).collect());
    }
    if is_struct(prop) {
        return Value::Structs(vec![struct_of(prop)]);
    }
    Value::Text(text_of(prop))
}

fn is_struct(node: Node) -> bool {
    node.attribute((RDF, "parseType")) == Some("Resource")
        || node.children().any(|n| n.is_element())
        || node
            .attributes()
            .any(|a| a.namespace().is_some_and(|ns| ns != RDF && ns != XML))
}

/// Fields of a structure: in the node itself, or in an inner `rdf:Description`.
fn struct_of(node: Node) -> BTreeMap<String, String> {
    let inner = node.children().find(|n| is(n, RDF, "Description"));
    let holder = inner.unwrap_or(node);
    properties(holder)
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::Text(t) => t,
                Value::List(l) | Value::Alt(l) => l.into_iter().next()?,
                Value::Structs(_) => return None,
            };
            Some((k, text))
        })
        .collect()
}

fn text_of(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
      <rdf:Description rdf:about="" xmlns:pl="http://ns.useplus.org/ldf/xmp/1.0/" pl:LicenseEndDate="2099-12-31"
         xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">
        <dc:rights><rdf:Alt><rdf:li xml:lang="de">Alle Rechte</rdf:li><rdf:li xml:lang="x-default">All rights</rdf:li></rdf:Alt></dc:rights>
        <dc:subject><rdf:Bag><rdf:li>MH02</rdf:li><rdf:li>hoodie</rdf:li></rdf:Bag></dc:subject>
        <ext:ProductInImage><rdf:Bag><rdf:li rdf:parseType="Resource">
          <ext:ProductName><rdf:Alt><rdf:li xml:lang="x-default">Teton Hoodie</rdf:li></rdf:Alt></ext:ProductName>
          <ext:ProductId>MH02-M-Black</ext:ProductId>
        </rdf:li></rdf:Bag></ext:ProductInImage>
      </rdf:Description></rdf:RDF></x:xmpmeta>"#;

    #[test]
    fn keys_use_the_usual_prefix_whatever_the_file_used() {
        let mut xmp = Xmp::default();
        xmp.add_packet(PACKET.as_bytes()).unwrap();
        assert_eq!(xmp.text("plus:LicenseEndDate").unwrap(), "2099-12-31");
        assert_eq!(
            xmp.text("dc:rights").unwrap(),
            "All rights",
            "x-default first"
        );
        assert_eq!(xmp.list("dc:subject"), ["MH02", "hoodie"]);
        let products = xmp.structs("Iptc4xmpExt:ProductInImage");
        assert_eq!(products.len(), 1);
        assert_eq!(products[0]["Iptc4xmpExt:ProductId"], "MH02-M-Black");
        assert_eq!(products[0]["Iptc4xmpExt:ProductName"], "Teton Hoodie");
    }

    #[test]
    fn the_first_packet_wins_and_later_ones_fill_gaps() {
        let mut xmp = Xmp::default();
        xmp.add_packet(PACKET.as_bytes()).unwrap();
        let second = PACKET
            .replace("2099-12-31", "2001-01-01")
            .replace("<dc:subject>", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">T</rdf:li></rdf:Alt></dc:title><dc:subject>");
        xmp.add_packet(second.as_bytes()).unwrap();
        assert_eq!(xmp.text("plus:LicenseEndDate").unwrap(), "2099-12-31");
        assert_eq!(xmp.text("dc:title").unwrap(), "T");
    }

    #[test]
    fn utf16_packets_are_read() {
        let mut bytes = Vec::new();
        for unit in PACKET.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        let mut xmp = Xmp::default();
        xmp.add_packet(&bytes).unwrap();
        assert_eq!(xmp.text("plus:LicenseEndDate").unwrap(), "2099-12-31");
    }

    #[test]
    fn a_broken_packet_is_an_error_not_a_panic() {
        let mut xmp = Xmp::default();
        assert!(xmp.add_packet(b"<x:xmpmeta><rdf:RDF").is_err());
        assert!(xmp.props.is_empty());
    }

    #[test]
    fn alternatives_are_kept_apart_from_lists() {
        let mut xmp = Xmp::default();
        xmp.add_packet(PACKET.as_bytes()).unwrap();
        assert_eq!(
            xmp.props["dc:rights"],
            Value::Alt(vec!["All rights".into(), "Alle Rechte".into()])
        );
        assert_eq!(
            xmp.props["dc:subject"],
            Value::List(vec!["MH02".into(), "hoodie".into()])
        );
        assert_eq!(xmp.flat()["dc:rights"], ["All rights", "Alle Rechte"]);
        assert!(!xmp.flat().contains_key("Iptc4xmpExt:ProductInImage"));
    }

    #[test]
    fn a_packet_with_a_dtd_is_refused() {
        let packet =
            r#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/"/>"#;
        let mut xmp = Xmp::default();
        assert!(xmp.add_packet(packet.as_bytes()).is_err());
        assert!(xmp.props.is_empty());
    }
}

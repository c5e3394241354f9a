//! XMP packets of a JPEG (the standard APP1 packet plus Extended XMP chunks) parsed with
//! `roxmltree` into a flat `prefix:Name → value` map. DTDs are refused, the node count is
//! capped and an Extended XMP total is only assembled when its chunks add up, so a hostile
//! packet cannot make the reader allocate more than the file already holds.

use crate::seed::model::XmpValue;
use std::collections::BTreeMap;

const STANDARD_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const EXTENDED_HEADER: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const NODES_LIMIT: u32 = 200_000;

/// The standard prefix of each namespace the simulator knows; other namespaces keep the
/// prefix the file declares.
const PREFIXES: &[(&str, &str)] = &[
    ("http://purl.org/dc/elements/1.1/", "dc"),
    ("http://ns.adobe.com/xap/1.0/", "xmp"),
    ("http://ns.adobe.com/xap/1.0/rights/", "xmpRights"),
    ("http://ns.adobe.com/xap/1.0/mm/", "xmpMM"),
    ("http://ns.adobe.com/photoshop/1.0/", "photoshop"),
    ("http://ns.useplus.org/ldf/xmp/1.0/", "plus"),
    (
        "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
        "Iptc4xmpCore",
    ),
    ("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "Iptc4xmpExt"),
    ("http://ns.adobe.com/tiff/1.0/", "tiff"),
    ("http://ns.adobe.com/exif/1.0/", "exif"),
    ("http://ns.adobe.com/xmp/note/", "xmpNote"),
];

/// Every property of the file's XMP (standard packet first, Extended XMP merged in).
pub fn from_app1_segments<'a>(
    segments: impl IntoIterator<Item = &'a [u8]>,
) -> BTreeMap<String, XmpValue> {
    let mut standard: Option<&[u8]> = None;
    let mut extended: Vec<&[u8]> = Vec::new();
    for segment in segments {
        if let Some(packet) = segment.strip_prefix(STANDARD_HEADER) {
            standard.get_or_insert(packet);
        } else if let Some(chunk) = segment.strip_prefix(EXTENDED_HEADER) {
            extended.push(chunk);
        }
    }
    let Some(packet) = standard else {
        return BTreeMap::new();
    };
    let mut props = parse_packet(packet);
    let guid = match props.get("xmpNote:HasExtendedXMP") {
        Some(XmpValue::Text(guid)) => Some(guid.clone()),
        _ => None,
    };
    if let Some(whole) = guid.and_then(|guid| assemble_extended(&guid, &extended)) {
        for (key, value) in parse_packet(&whole) {
            props.entry(key).or_insert(value);
        }
    }
    props
}

/// Joins the Extended XMP chunks of `guid` (32-byte GUID, u32 total, u32 offset, data).
fn assemble_extended(guid: &str, chunks: &[&[u8]]) -> Option<Vec<u8>> {
    let mut parts: Vec<(usize, &[u8])> = Vec::new();
    let mut total = None;
    for chunk in chunks {
        if chunk.len() < 40 || &chunk[..32] != guid.as_bytes() {
            continue;
        }
        let full = u32::from_be_bytes([chunk[32], chunk[33], chunk[34], chunk[35]]) as usize;
        let offset = u32::from_be_bytes([chunk[36], chunk[37], chunk[38], chunk[39]]) as usize;
        if *total.get_or_insert(full) != full {
            return None;
        }
        parts.push((offset, &chunk[40..]));
    }
    let total = total?;
    // Only allocate what the chunks really hold, and only when they cover it exactly.
    if parts.iter().map(|(_, data)| data.len()).sum::<usize>() != total {
        return None;
    }
    parts.sort_by_key(|(offset, _)| *offset);
    let mut whole = Vec::with_capacity(total);
    for (offset, data) in parts {
        if offset != whole.len() {
            return None;
        }
        whole.extend_from_slice(data);
    }
    Some(whole)
}

/// XMP text in UTF-8, or UTF-16 when a byte-order mark or the `<` pattern says so.
fn decode(packet: &[u8]) -> String {
    let utf16 = |big_endian: bool, bytes: &[u8]| {
        let units = bytes.chunks_exact(2).map(|pair| {
            if big_endian {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match packet {
        [0xFE, 0xFF, rest @ ..] => utf16(true, rest),
        [0xFF, 0xFE, rest @ ..] => utf16(false, rest),
        [0x00, b'<', ..] => utf16(true, packet),
        [b'<', 0x00, ..] => utf16(false, packet),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(packet).into_owned(),
    }
}

fn parse_packet(packet: &[u8]) -> BTreeMap<String, XmpValue> {
    let text = decode(packet);
    // The packet wrapper (`<?xpacket …?>`) and trailing padding are fine for the parser;
    // anything before the first `<` is not.
    let text = text
        .trim_start_matches(|c: char| c != '<')
        .trim_end_matches(['\0', ' ', '\n']);
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return BTreeMap::new();
    };
    let mut props = BTreeMap::new();
    for description in doc
        .descendants()
        .filter(|n| n.has_tag_name((RDF, "Description")))
        .filter(|n| {
            n.parent_element()
                .is_some_and(|p| p.has_tag_name((RDF, "RDF")))
        })
    {
        for attr in description.attributes() {
            if let Some(ns) = attr.namespace().filter(|ns| *ns != RDF) {
                let key = key(&doc, ns, attr.name());
                props
                    .entry(key)
                    .or_insert_with(|| XmpValue::Text(attr.value().to_owned()));
            }
        }
        for property in description.children().filter(|n| n.is_element()) {
            let Some(ns) = property.tag_name().namespace() else {
                continue;
            };
            if let Some(value) = value_of(property) {
                props
                    .entry(key(&doc, ns, property.tag_name().name()))
                    .or_insert(value);
            }
        }
    }
    props
}

fn key(doc: &roxmltree::Document, namespace: &str, name: &str) -> String {
    let prefix = PREFIXES
        .iter()
        .find(|(uri, _)| *uri == namespace)
        .map(|(_, prefix)| (*prefix).to_owned())
        .or_else(|| {
            doc.root_element()
                .lookup_prefix(namespace)
                .map(str::to_owned)
        })
        .or_else(|| {
            doc.descendants()
                .flat_map(|n| n.namespaces())
                .find(|ns| ns.uri() == namespace)
                .and_then(|ns| ns.name().map(str::to_owned))
        })
        .unwrap_or_else(|| namespace.to_owned());
    format!("{prefix}:{name}")
}

/// A property element's value: text, `rdf:resource`, an `rdf:Alt` (x-default or first
/// entry) or an `rdf:Bag`/`rdf:Seq` of texts. Structures are left out.
fn value_of(property: roxmltree::Node) -> Option<XmpValue> {
    if let Some(resource) = property.attribute((RDF, "resource")) {
        return Some(XmpValue::Text(resource.to_owned()));
    }
    let Some(container) = property.children().find(|n| n.is_element()) else {
        return Some(XmpValue::Text(
            property.text().unwrap_or_default().trim().to_owned(),
        ));
    };
    let items = || {
        container
            .children()
            .filter(|n| n.has_tag_name((RDF, "li")))
            .filter(|li| !li.children().any(|c| c.is_element()))
    };
    let tag = container.tag_name();
    if tag.namespace() != Some(RDF) {
        return None;
    }
    match tag.name() {
        "Alt" => {
            let chosen = items()
                .find(|li| {
                    li.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                        == Some("x-default")
                })
                .or_else(|| items().next())?;
            Some(XmpValue::Text(chosen.text().unwrap_or_default().to_owned()))
        }
        "Bag" | "Seq" => Some(XmpValue::List(
            items()
                .map(|li| li.text().unwrap_or_default().to_owned())
                .collect(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(packet: &str) -> Vec<u8> {
        let mut out = STANDARD_HEADER.to_vec();
        out.extend_from_slice(packet.as_bytes());
        out
    }

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pl="http://ns.useplus.org/ldf/xmp/1.0/" pl:LicenseEndDate="2030-01-31">
<dc:subject><rdf:Bag><rdf:li>red</rdf:li><rdf:li>hoodie</rdf:li></rdf:Bag></dc:subject>
<dc:rights><rdf:Alt><rdf:li xml:lang="de">Rechte</rdf:li><rdf:li xml:lang="x-default">Rights</rdf:li></rdf:Alt></dc:rights>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;

    #[test]
    fn properties_are_keyed_with_standard_prefixes() {
        let seg = segment(PACKET);
        let props = from_app1_segments([seg.as_slice()]);
        assert_eq!(
            props["plus:LicenseEndDate"],
            XmpValue::Text("2030-01-31".into())
        );
        assert_eq!(
            props["dc:subject"],
            XmpValue::List(vec!["red".into(), "hoodie".into()])
        );
        assert_eq!(props["dc:rights"], XmpValue::Text("Rights".into()));
    }

    #[test]
    fn utf16_packets_are_decoded() {
        let mut seg = STANDARD_HEADER.to_vec();
        for unit in PACKET.encode_utf16() {
            seg.extend_from_slice(&unit.to_be_bytes());
        }
        let props = from_app1_segments([seg.as_slice()]);
        assert_eq!(props["dc:rights"], XmpValue::Text("Rights".into()));
    }

    #[test]
    fn a_packet_with_a_dtd_is_refused() {
        let packet =
            r#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/"/>"#;
        let seg = segment(packet);
        assert!(from_app1_segments([seg.as_slice()]).is_empty());
    }

    #[test]
    fn extended_chunks_that_do_not_add_up_are_ignored() {
        let guid = "0123456789ABCDEF0123456789ABCDEF";
        let mut chunk = EXTENDED_HEADER.to_vec();
        chunk.extend_from_slice(guid.as_bytes());
        chunk.extend_from_slice(&u32::MAX.to_be_bytes());
        chunk.extend_from_slice(&0u32.to_be_bytes());
        chunk.extend_from_slice(b"<x/>");
        assert_eq!(
            assemble_extended(guid, &[&chunk[EXTENDED_HEADER.len()..]]),
            None
        );
    }
}

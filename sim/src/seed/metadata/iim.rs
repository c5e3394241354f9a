//! IPTC IIM inside a Photoshop APP13 segment: the image resource block `0x0404` holds the
//! IIM datasets. Every length is checked against the bytes at hand, so a broken block ends
//! the read instead of reading past it.

use chrono::NaiveDate;

/// Header of a Photoshop APP13 segment.
const PHOTOSHOP_HEADER: &[u8] = b"Photoshop 3.0\0";
/// Image resource id of the IPTC IIM block.
const IPTC_RESOURCE: u16 = 0x0404;

/// The IIM datasets the simulator reads, as text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Iim {
    pub object_name: Option<String>,
    pub headline: Option<String>,
    pub caption: Option<String>,
    pub by_line: Vec<String>,
    pub keywords: Vec<String>,
    pub copyright: Option<String>,
    pub credit: Option<String>,
    pub job_identifier: Option<String>,
    pub release_date: Option<NaiveDate>,
    pub expiration_date: Option<NaiveDate>,
}

/// The IIM block of the first APP13 segment that carries one (later blocks are ignored,
/// as Photoshop and PhotoShelter read the first).
pub fn from_app13_segments<'a>(segments: impl IntoIterator<Item = &'a [u8]>) -> Option<Iim> {
    segments
        .into_iter()
        .filter_map(|segment| segment.strip_prefix(PHOTOSHOP_HEADER))
        .find_map(iptc_resource)
        .map(parse_datasets)
}

/// The data of resource `0x0404` in a run of Photoshop image resources.
fn iptc_resource(mut resources: &[u8]) -> Option<&[u8]> {
    while resources.len() >= 12 {
        let signature = &resources[..4];
        if !matches!(signature, b"8BIM" | b"MeSa" | b"PHUT" | b"AgHg" | b"DCSR") {
            return None;
        }
        let id = u16::from_be_bytes([resources[4], resources[5]]);
        // Pascal-string name, padded so that length byte + name is even.
        let name_len = usize::from(resources[6]);
        let name_field = (1 + name_len).next_multiple_of(2);
        let size_at = 6 + name_field;
        let size_bytes = resources.get(size_at..size_at + 4)?;
        let size = u32::from_be_bytes([size_bytes[0], size_bytes[1], size_bytes[2], size_bytes[3]]);
        let data_at = size_at + 4;
        let size = usize::try_from(size).ok()?;
        let data = resources.get(data_at..data_at.checked_add(size)?)?;
        if id == IPTC_RESOURCE {
            return Some(data);
        }
        let next = data_at + size.next_multiple_of(2);
        resources = resources.get(next..)?;
    }
    None
}

/// Walks the `0x1C record dataset length value` datasets, stopping at the first byte that
/// does not start one.
fn parse_datasets(mut block: &[u8]) -> Iim {
    let mut raw: Vec<(u8, u8, &[u8])> = Vec::new();
    while block.len() >= 5 && block[0] == 0x1C {
        let (record, dataset) = (block[1], block[2]);
        let declared = u16::from_be_bytes([block[3], block[4]]);
        let (len, header) = if declared & 0x8000 != 0 {
            // Extended dataset: the low bits give how many bytes hold the length.
            let count = usize::from(declared & 0x7FFF);
            let Some(len_bytes) = block.get(5..5 + count).filter(|_| count <= 8) else {
                break;
            };
            let len = len_bytes
                .iter()
                .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            (usize::try_from(len).unwrap_or(usize::MAX), 5 + count)
        } else {
            (usize::from(declared), 5)
        };
        let Some(value) = header
            .checked_add(len)
            .and_then(|end| block.get(header..end))
        else {
            break;
        };
        raw.push((record, dataset, value));
        block = &block[header + len..];
    }
    let utf8 = raw
        .iter()
        .any(|(r, d, v)| (*r, *d) == (1, 90) && v.windows(3).any(|w| w == b"\x1b%G"));
    let text = |v: &[u8]| decode(v, utf8);
    let mut iim = Iim::default();
    for (record, dataset, value) in raw.into_iter().filter(|(r, _, _)| *r == 2) {
        let _ = record;
        let single = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = non_empty(text(value));
            }
        };
        match dataset {
            5 => single(&mut iim.object_name),
            105 => single(&mut iim.headline),
            120 => single(&mut iim.caption),
            116 => single(&mut iim.copyright),
            110 => single(&mut iim.credit),
            103 => single(&mut iim.job_identifier),
            80 => iim.by_line.extend(non_empty(text(value))),
            25 => iim.keywords.extend(non_empty(text(value))),
            30 => iim.release_date = iim.release_date.or_else(|| date(value)),
            37 => iim.expiration_date = iim.expiration_date.or_else(|| date(value)),
            _ => {}
        }
    }
    iim
}

/// IIM text: UTF-8 when the envelope says so (1:90 = ESC % G) or the bytes are valid UTF-8,
/// otherwise ISO 8859-1 (the IIM default most writers use).
fn decode(value: &[u8], declared_utf8: bool) -> String {
    match std::str::from_utf8(value) {
        Ok(text) => text.to_owned(),
        Err(_) if declared_utf8 => String::from_utf8_lossy(value).into_owned(),
        Err(_) => value.iter().map(|b| char::from(*b)).collect(),
    }
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// An IIM date, `CCYYMMDD`.
fn date(value: &[u8]) -> Option<NaiveDate> {
    let text = std::str::from_utf8(value.get(..8)?).ok()?;
    NaiveDate::parse_from_str(text, "%Y%m%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(record: u8, number: u8, value: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1C, record, number];
        out.extend_from_slice(&(value.len() as u16).to_be_bytes());
        out.extend_from_slice(value);
        out
    }

    fn app13(iim: &[u8]) -> Vec<u8> {
        let mut out = PHOTOSHOP_HEADER.to_vec();
        out.extend_from_slice(b"8BIM\x04\x04\x00\x00");
        out.extend_from_slice(&(iim.len() as u32).to_be_bytes());
        out.extend_from_slice(iim);
        out
    }

    #[test]
    fn reads_repeated_keywords_and_an_expiration_date() {
        let mut iim = dataset(2, 25, b"red");
        iim.extend(dataset(2, 25, b"hoodie"));
        iim.extend(dataset(2, 37, b"20200630"));
        let segment = app13(&iim);
        let parsed = from_app13_segments([segment.as_slice()]).expect("an IIM block");
        assert_eq!(parsed.keywords, vec!["red", "hoodie"]);
        assert_eq!(parsed.expiration_date, NaiveDate::from_ymd_opt(2020, 6, 30));
    }

    #[test]
    fn latin1_text_is_decoded_when_it_is_not_utf8() {
        let segment = app13(&dataset(2, 110, b"\xa9 Studio"));
        let parsed = from_app13_segments([segment.as_slice()]).expect("an IIM block");
        assert_eq!(parsed.credit.as_deref(), Some("© Studio"));
    }

    #[test]
    fn a_dataset_longer_than_its_block_ends_the_read() {
        let mut iim = dataset(2, 5, b"kept");
        iim.extend_from_slice(&[0x1C, 2, 120, 0x7F, 0xFF, b'x']);
        let segment = app13(&iim);
        let parsed = from_app13_segments([segment.as_slice()]).expect("an IIM block");
        assert_eq!(parsed.object_name.as_deref(), Some("kept"));
        assert_eq!(parsed.caption, None);
    }

    #[test]
    fn a_resource_claiming_more_bytes_than_exist_gives_nothing() {
        let mut segment = PHOTOSHOP_HEADER.to_vec();
        segment.extend_from_slice(b"8BIM\x04\x04\x00\x00\xff\xff\xff\xff");
        assert_eq!(from_app13_segments([segment.as_slice()]), None);
    }
}

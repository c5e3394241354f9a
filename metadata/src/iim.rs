//! IPTC IIM datasets (IIM 4.2): `0x1C record dataset length value`. Text is UTF-8 when the
//! envelope's 1:90 coded character set says so (`ESC % G`) or when the bytes are valid
//! UTF-8; otherwise ISO 8859-1, which is what writers without 1:90 used.

/// One block's datasets in file order.
#[derive(Debug, Default, Clone)]
pub struct Iim {
    datasets: Vec<(u8, u8, Vec<u8>)>,
    utf8: bool,
    /// The block ended inside a dataset.
    pub damaged: bool,
}

/// Application-record datasets used here, with their IIM length limits.
pub mod ds {
    pub const OBJECT_NAME: u8 = 5;
    pub const KEYWORDS: u8 = 25;
    pub const RELEASE_DATE: u8 = 30;
    pub const RELEASE_TIME: u8 = 35;
    pub const EXPIRATION_DATE: u8 = 37;
    pub const EXPIRATION_TIME: u8 = 38;
    pub const SPECIAL_INSTRUCTIONS: u8 = 40;
    pub const BYLINE: u8 = 80;
    pub const JOB_ID: u8 = 103;
    pub const HEADLINE: u8 = 105;
    pub const CREDIT: u8 = 110;
    pub const COPYRIGHT: u8 = 116;
    pub const CAPTION: u8 = 120;

    /// The most bytes IIM allows in a dataset (values cut there may be incomplete).
    pub fn max_len(dataset: u8) -> usize {
        match dataset {
            OBJECT_NAME | KEYWORDS => 64,
            SPECIAL_INSTRUCTIONS => 256,
            BYLINE | JOB_ID | CREDIT => 32,
            HEADLINE => 256,
            COPYRIGHT => 128,
            CAPTION => 2000,
            _ => usize::MAX,
        }
    }

    /// The IIM name, for sources and conflict notes.
    pub fn name(dataset: u8) -> &'static str {
        match dataset {
            OBJECT_NAME => "2:05 ObjectName",
            KEYWORDS => "2:25 Keywords",
            RELEASE_DATE => "2:30 ReleaseDate",
            RELEASE_TIME => "2:35 ReleaseTime",
            EXPIRATION_DATE => "2:37 ExpirationDate",
            EXPIRATION_TIME => "2:38 ExpirationTime",
            SPECIAL_INSTRUCTIONS => "2:40 SpecialInstructions",
            BYLINE => "2:80 By-line",
            JOB_ID => "2:103 OriginalTransmissionReference",
            HEADLINE => "2:105 Headline",
            CREDIT => "2:110 Credit",
            COPYRIGHT => "2:116 CopyrightNotice",
            CAPTION => "2:120 Caption-Abstract",
            _ => "2:?",
        }
    }
}

impl Iim {
    pub fn parse(block: &[u8]) -> Self {
        let mut out = Iim::default();
        let mut i = 0;
        while i < block.len() {
            if block[i] != 0x1C {
                // Padding (zeros) after the last dataset, or garbage: stop reading.
                break;
            }
            let Some(head) = block.get(i + 1..i + 5) else {
                out.damaged = true;
                break;
            };
            let (record, dataset) = (head[0], head[1]);
            let len_field = u16::from_be_bytes([head[2], head[3]]) as usize;
            let mut start = i + 5;
            let len = if len_field & 0x8000 != 0 {
                // Extended dataset: the next (len_field & 0x7FFF) bytes hold the length.
                let n = len_field & 0x7FFF;
                let Some(bytes) = block.get(start..start + n).filter(|_| n <= 4) else {
                    out.damaged = true;
                    break;
                };
                start += n;
                bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize)
            } else {
                len_field
            };
            let Some(value) = start.checked_add(len).and_then(|end| block.get(start..end)) else {
                out.damaged = true;
                break;
            };
            if record == 1 && dataset == 90 {
                out.utf8 = value == b"\x1b%G";
            }
            out.datasets.push((record, dataset, value.to_vec()));
            i = start + len;
        }
        out
    }

    fn decode(&self, raw: &[u8]) -> String {
        let text = match std::str::from_utf8(raw) {
            Ok(s) => s.to_owned(),
            Err(_) if self.utf8 => String::from_utf8_lossy(raw).into_owned(),
            Err(_) => raw.iter().map(|&b| b as char).collect(),
        };
        text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
            .to_owned()
    }

    /// Every value of an application-record dataset (repeatable ones have several).
    pub fn all(&self, dataset: u8) -> Vec<String> {
        self.datasets
            .iter()
            .filter(|(r, d, _)| *r == 2 && *d == dataset)
            .map(|(_, _, v)| self.decode(v))
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The first value of an application-record dataset, with its length in bytes.
    pub fn first(&self, dataset: u8) -> Option<(String, usize)> {
        self.datasets
            .iter()
            .filter(|(r, d, _)| *r == 2 && *d == dataset)
            .map(|(_, _, v)| (self.decode(v), v.len()))
            .find(|(s, _)| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(record: u8, ds: u8, value: &[u8]) -> Vec<u8> {
        let mut v = vec![0x1C, record, ds];
        v.extend((value.len() as u16).to_be_bytes());
        v.extend(value);
        v
    }

    #[test]
    fn latin1_without_a_character_set_and_utf8_with_one() {
        let latin = Iim::parse(&dataset(2, ds::CREDIT, b"\xa91985 Studio"));
        assert_eq!(latin.first(ds::CREDIT).unwrap().0, "©1985 Studio");
        let mut block = dataset(1, 90, b"\x1b%G");
        block.extend(dataset(2, ds::CREDIT, "©1985 Studio".as_bytes()));
        assert_eq!(
            Iim::parse(&block).first(ds::CREDIT).unwrap().0,
            "©1985 Studio"
        );
    }

    #[test]
    fn repeatable_keywords_keep_their_order() {
        let mut block = dataset(2, ds::KEYWORDS, b"MH02");
        block.extend(dataset(2, ds::KEYWORDS, b"hoodie"));
        assert_eq!(Iim::parse(&block).all(ds::KEYWORDS), ["MH02", "hoodie"]);
    }

    #[test]
    fn a_length_past_the_end_marks_the_block_damaged() {
        let mut block = dataset(2, ds::CREDIT, b"complete");
        block.extend([0x1C, 2, ds::COPYRIGHT, 0x7F, 0xFF, b'x']);
        let iim = Iim::parse(&block);
        assert!(iim.damaged);
        assert_eq!(iim.first(ds::CREDIT).unwrap().0, "complete");
        assert!(iim.first(ds::COPYRIGHT).is_none());
    }
}

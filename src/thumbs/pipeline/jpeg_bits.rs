//! Entropy-coded JPEG data as the small-scale decoder reads it: a bit reader over the scan
//! bytes (stuffed bytes dropped, restart markers found) and Huffman tables (T.81 F.2.2).

use crate::thumbs::error::ThumbError;

/// Codes up to this many bits are decoded with one table look-up; longer ones code by code.
const LOOKUP_BITS: u32 = 9;

/// A Huffman table (DC or AC): a look-up of the short codes, and the code ranges of each
/// length for the rest (T.81 F.2.2.3).
pub(super) struct Huffman {
    /// Indexed by the next `LOOKUP_BITS` bits: the code's length << 8 | its value, or 0 when
    /// the code is longer.
    lookup: Box<[u16; 1 << LOOKUP_BITS]>,
    max_code: [i32; 17],
    offset: [i32; 17],
    values: Vec<u8>,
}

impl Huffman {
    pub fn new(counts: &[u8; 16], values: &[u8]) -> Result<Huffman, ThumbError> {
        let mut max_code = [-1i32; 17];
        let mut offset = [0i32; 17];
        let mut lookup = Box::new([0u16; 1 << LOOKUP_BITS]);
        let (mut code, mut index) = (0i32, 0i32);
        for len in 1..=16 {
            let n = i32::from(counts[len - 1]);
            offset[len] = index - code;
            if len <= LOOKUP_BITS as usize {
                let spread = LOOKUP_BITS as usize - len;
                for c in code..(code + n).min(1 << len) {
                    let Some(&value) = values.get((index + c - code) as usize) else {
                        break;
                    };
                    let first = (c as usize) << spread;
                    lookup[first..first + (1 << spread)].fill((len as u16) << 8 | u16::from(value));
                }
            }
            code += n;
            index += n;
            max_code[len] = if n > 0 { code - 1 } else { -1 };
            if code > 1 << len {
                return Err(bad("a Huffman table has more codes than its lengths allow"));
            }
            code <<= 1;
        }
        Ok(Huffman {
            lookup,
            max_code,
            offset,
            values: values.to_vec(),
        })
    }

    pub fn decode(&self, bits: &mut BitReader<'_>) -> Result<u32, ThumbError> {
        let next = bits.peek16();
        let entry = self.lookup[(next >> (16 - LOOKUP_BITS)) as usize];
        if entry != 0 {
            bits.consume(u32::from(entry >> 8));
            return Ok(u32::from(entry & 0xFF));
        }
        for len in LOOKUP_BITS + 1..=16 {
            let code = (next >> (16 - len)) as i32;
            if code <= self.max_code[len as usize] {
                bits.consume(len);
                return usize::try_from(self.offset[len as usize] + code)
                    .ok()
                    .and_then(|at| self.values.get(at))
                    .map(|&v| u32::from(v))
                    .ok_or_else(|| bad("a Huffman code points past its table"));
            }
        }
        Err(bad("the image data holds an invalid Huffman code"))
    }
}

/// `size` raw bits as a signed difference (T.81 F.2.2.1).
pub(super) fn extend(raw: u32, size: u32) -> i32 {
    if size == 0 {
        return 0;
    }
    let raw = raw as i32;
    if raw < 1 << (size - 1) {
        raw - (1 << size) + 1
    } else {
        raw
    }
}

/// Bits of entropy-coded data: stuffed zero bytes dropped, zeros past a marker or the end
/// (never past the buffer); [`BitReader::exhausted`] tells when those zeros are being read.
pub(super) struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u64,
    count: u32,
    /// Zero bits put in `acc` past a marker or the end since the last restart (at its tail).
    padding: u32,
}

impl<'a> BitReader<'a> {
    pub fn new(data: &'a [u8]) -> BitReader<'a> {
        BitReader {
            data,
            pos: 0,
            acc: 0,
            count: 0,
            padding: 0,
        }
    }

    fn fill(&mut self) {
        while self.count <= 56 {
            let byte = match self.data.get(self.pos) {
                Some(0xFF) => match self.data.get(self.pos + 1) {
                    Some(0x00) => {
                        self.pos += 2;
                        0xFF
                    }
                    // A marker: no more data until the restart is handled.
                    _ => {
                        self.padding += 8;
                        0
                    }
                },
                Some(&b) => {
                    self.pos += 1;
                    b
                }
                None => {
                    self.padding += 8;
                    0
                }
            };
            self.acc |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    /// The next `n` bits (at most 16).
    pub fn take(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        if self.count < n {
            self.fill();
        }
        let value = (self.acc >> (64 - n)) as u32;
        self.acc <<= n;
        self.count -= n;
        value
    }

    /// The next 16 bits, left in place.
    fn peek16(&mut self) -> u32 {
        if self.count < 16 {
            self.fill();
        }
        (self.acc >> 48) as u32
    }

    /// Drops `n` bits (at most 16) after a [`BitReader::peek16`].
    fn consume(&mut self, n: u32) {
        self.acc <<= n;
        self.count -= n;
    }

    /// Whether bits past the data (or past a marker, before its restart) have been read: a cut
    /// or damaged scan.
    pub fn exhausted(&self) -> bool {
        self.padding > self.count
    }

    /// Skips to the next restart marker and past it, dropping buffered bits.
    pub fn restart(&mut self) {
        self.acc = 0;
        self.count = 0;
        self.padding = 0;
        while self.pos + 1 < self.data.len() {
            if self.data[self.pos] == 0xFF && (0xD0..=0xD7).contains(&self.data[self.pos + 1]) {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = self.data.len();
    }
}

fn bad(reason: &str) -> ThumbError {
    ThumbError::damaged(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_extend_to_signed_values() {
        assert_eq!(extend(0, 0), 0);
        assert_eq!(extend(0b0, 1), -1);
        assert_eq!(extend(0b1, 1), 1);
        assert_eq!(extend(0b000, 3), -7);
        assert_eq!(extend(0b100, 3), 4);
    }

    #[test]
    fn stuffed_bytes_and_markers_in_the_bit_stream() {
        let mut bits = BitReader::new(&[0xFF, 0x00, 0xA0, 0xFF, 0xD0, 0xC0]);
        assert_eq!(bits.take(8), 0xFF, "0xFF00 is one 0xFF byte");
        assert_eq!(bits.take(3), 0b101);
        assert_eq!(bits.take(5), 0);
        assert_eq!(bits.take(8), 0, "zeros at a marker");
        assert!(bits.exhausted(), "the zeros at the marker were read");
        bits.restart();
        assert_eq!(bits.take(2), 0b11, "after RST0");
        assert!(!bits.exhausted());
        assert_eq!(bits.take(6), 0);
        assert!(!bits.exhausted(), "the last real bit");
        bits.take(1);
        assert!(bits.exhausted(), "one bit past the end");
    }

    #[test]
    fn a_huffman_table_decodes_its_codes() {
        // Two codes of length 2 (values 4, 5), one of length 3 (value 7): 00, 01, 100.
        let mut counts = [0u8; 16];
        counts[1] = 2;
        counts[2] = 1;
        let table = Huffman::new(&counts, &[4, 5, 7]).unwrap();
        let mut bits = BitReader::new(&[0b0001_1000, 0]);
        assert_eq!(table.decode(&mut bits).unwrap(), 4);
        assert_eq!(table.decode(&mut bits).unwrap(), 5);
        assert_eq!(table.decode(&mut bits).unwrap(), 7);
        // A 12-bit code, past the look-up: eleven 1s then a 0 after 00 and 01 (and 100, 101..).
        let mut long = [0u8; 16];
        long[1] = 2;
        long[11] = 1;
        let table = Huffman::new(&long, &[4, 5, 9]).unwrap();
        let mut bits = BitReader::new(&[0b1000_0000, 0b0000_0100]);
        assert_eq!(table.decode(&mut bits).unwrap(), 9);
        assert_eq!(table.decode(&mut bits).unwrap(), 5, "then 01");
        let mut invalid = BitReader::new(&[0xFF, 0x00, 0xFF, 0x00]);
        assert!(
            table.decode(&mut invalid).is_err(),
            "sixteen 1s are no code"
        );
        let mut overfull = [0u8; 16];
        overfull[0] = 3;
        assert!(Huffman::new(&overfull, &[1, 2, 3]).is_err());
    }
}

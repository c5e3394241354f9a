//! The 1/8-scale picture of a progressive JPEG straight from its DC scans.
//!
//! At 1/8 scale each 8×8 block becomes one pixel: its DC term. A progressive file sends the DC
//! terms in scans of their own (a first pass, then refinement bits), so this decoder reads only
//! those (about a fifth of the bytes of the catalog photos), skips the AC scans unread, and
//! never allocates the coefficient store of a full decode: one `i16` per block and component. It handles 8-bit greyscale and YCbCr files with the usual
//! sampling factors; for anything else it answers `None` and the general decoder runs.

use super::jpeg_bits::{BitReader, Huffman, extend};
use super::jpeg_markers::{MarkerError, Segments};
use super::resize::{Channels, Pixels};
use crate::thumbs::error::ThumbError;

/// The 1/8-scale pixels (`ceil(w/8)`×`ceil(h/8)`) from the DC scans, or `None` when this file
/// needs the general decoder.
pub(crate) fn decode(data: &[u8]) -> Result<Option<Pixels>, ThumbError> {
    let mut segments = Segments::new(data).map_err(|_| ThumbError::NotAnImage)?;
    let mut state = State::default();
    while let Some(segment) = segments.next_segment().map_err(malformed)? {
        let body = &data[segment.body.clone()];
        match segment.marker {
            0xC2 if !state.read_frame(body)? => return Ok(None),
            0xC2 => {}
            0xC0 | 0xC1 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return Ok(None),
            0xC4 => state.read_dht(body)?,
            0xDB => state.read_dqt(body)?,
            0xDD => {
                let ri = body
                    .get(..2)
                    .ok_or_else(|| bad("the restart interval is cut short"))?;
                state.restart_interval = usize::from(u16::from_be_bytes([ri[0], ri[1]]));
            }
            0xEE if body.starts_with(b"Adobe") && body.len() >= 12 => {
                state.adobe_transform = Some(body[11]);
            }
            0xDA => {
                let entropy = &data[segment.entropy.clone().unwrap_or(0..0)];
                state.scan(body, entropy)?;
            }
            _ => {}
        }
    }
    state.picture()
}

#[derive(Clone, Copy, Default)]
struct Component {
    id: u8,
    h: usize,
    v: usize,
    table: usize,
    /// Blocks per row and rows of blocks, padded to whole MCUs.
    stride: usize,
    rows: usize,
    /// Blocks actually coded (what a one-component scan visits).
    coded_w: usize,
    coded_h: usize,
}

#[derive(Default)]
struct State {
    width: usize,
    height: usize,
    components: Vec<Component>,
    mcus_x: usize,
    mcus_y: usize,
    dc_tables: [Option<Huffman>; 4],
    /// The DC quantiser of each table.
    quant: [Option<u16>; 4],
    restart_interval: usize,
    adobe_transform: Option<u8>,
    /// DC coefficients per component, one per block.
    coefficients: Vec<Vec<i16>>,
    /// Components whose first DC pass has been read.
    seen: Vec<bool>,
}

impl State {
    /// Reads SOF2; `false` when the layout is one this decoder leaves to the general one.
    fn read_frame(&mut self, body: &[u8]) -> Result<bool, ThumbError> {
        if body.len() < 6 {
            return Err(bad("the frame header is cut short"));
        }
        let count = usize::from(body[5]);
        if body[0] != 8 || !(count == 1 || count == 3) || body.len() < 6 + 3 * count {
            return Ok(false);
        }
        self.height = usize::from(u16::from_be_bytes([body[1], body[2]]));
        self.width = usize::from(u16::from_be_bytes([body[3], body[4]]));
        if self.width == 0 || self.height == 0 {
            return Ok(false);
        }
        let mut comps: Vec<Component> = (0..count)
            .map(|i| {
                let c = &body[6 + 3 * i..9 + 3 * i];
                Component {
                    id: c[0],
                    h: usize::from(c[1] >> 4),
                    v: usize::from(c[1] & 15),
                    table: usize::from(c[2] & 3),
                    ..Component::default()
                }
            })
            .collect();
        if count == 1 {
            // One component: sampling factors do not apply (T.81 A.2.2).
            comps[0].h = 1;
            comps[0].v = 1;
        }
        let h_max = comps.iter().map(|c| c.h).max().unwrap_or(1);
        let v_max = comps.iter().map(|c| c.v).max().unwrap_or(1);
        let usual = |c: &Component| (1..=2).contains(&c.h) && (1..=2).contains(&c.v);
        if !comps.iter().all(usual) || comps.iter().any(|c| h_max % c.h != 0 || v_max % c.v != 0) {
            return Ok(false);
        }
        self.mcus_x = self.width.div_ceil(8 * h_max);
        self.mcus_y = self.height.div_ceil(8 * v_max);
        for c in &mut comps {
            c.stride = self.mcus_x * c.h;
            c.rows = self.mcus_y * c.v;
            c.coded_w = (self.width * c.h).div_ceil(h_max).div_ceil(8);
            c.coded_h = (self.height * c.v).div_ceil(v_max).div_ceil(8);
        }
        self.coefficients = comps.iter().map(|c| vec![0; c.stride * c.rows]).collect();
        self.seen = vec![false; count];
        self.components = comps;
        Ok(true)
    }

    fn read_dht(&mut self, mut body: &[u8]) -> Result<(), ThumbError> {
        while !body.is_empty() {
            if body.len() < 17 {
                return Err(bad("a Huffman table is cut short"));
            }
            let (class, id) = (body[0] >> 4, usize::from(body[0] & 15));
            let counts: [u8; 16] = body[1..17].try_into().expect("16 bytes");
            let total: usize = counts.iter().map(|&n| usize::from(n)).sum();
            let values = body
                .get(17..17 + total)
                .ok_or_else(|| bad("a Huffman table is cut short"))?;
            if class == 0 && id < 4 {
                self.dc_tables[id] = Some(Huffman::new(&counts, values)?);
            }
            body = &body[17 + total..];
        }
        Ok(())
    }

    fn read_dqt(&mut self, mut body: &[u8]) -> Result<(), ThumbError> {
        while let Some(&pq_tq) = body.first() {
            let (wide, id) = (pq_tq >> 4 != 0, usize::from(pq_tq & 15));
            let len = if wide { 129 } else { 65 };
            let table = body
                .get(..len)
                .ok_or_else(|| bad("a quantisation table is cut short"))?;
            let dc = if wide {
                u16::from_be_bytes([table[1], table[2]])
            } else {
                u16::from(table[1])
            };
            if id < 4 {
                self.quant[id] = Some(dc);
            }
            body = &body[len..];
        }
        Ok(())
    }

    /// Reads one DC scan (a first pass or a refinement bit); AC scans are skipped unread.
    fn scan(&mut self, header: &[u8], entropy: &[u8]) -> Result<(), ThumbError> {
        if self.components.is_empty() {
            return Err(bad("a scan comes before the frame header"));
        }
        let count = usize::from(*header.first().unwrap_or(&0));
        if count == 0 || header.len() < 1 + 2 * count + 3 {
            return Err(bad("a scan header is cut short"));
        }
        let rest = &header[1 + 2 * count..];
        let (ss, ah, al) = (rest[0], rest[2] >> 4, u32::from(rest[2] & 15));
        if ss != 0 {
            return Ok(());
        }
        let mut members = Vec::with_capacity(count);
        for i in 0..count {
            let id = header[1 + 2 * i];
            let index = self
                .components
                .iter()
                .position(|c| c.id == id)
                .ok_or_else(|| bad(format!("a scan names the unknown component {id}")))?;
            let table = usize::from(header[2 + 2 * i] >> 4) & 3;
            members.push((index, table));
        }
        let mut bits = BitReader::new(entropy);
        let mut predictions = vec![0i32; self.components.len()];
        let interleaved = count > 1;
        let (units_x, units_y) = if interleaved {
            (self.mcus_x, self.mcus_y)
        } else {
            let c = &self.components[members[0].0];
            (c.coded_w, c.coded_h)
        };
        let mut left = self.restart_interval;
        for uy in 0..units_y {
            for ux in 0..units_x {
                if self.restart_interval > 0 {
                    if left == 0 {
                        bits.restart();
                        predictions.iter_mut().for_each(|p| *p = 0);
                        left = self.restart_interval;
                    }
                    left -= 1;
                }
                for &(index, table) in &members {
                    let c = self.components[index];
                    let (bw, bh) = if interleaved { (c.h, c.v) } else { (1, 1) };
                    for by in 0..bh {
                        for bx in 0..bw {
                            let (x, y) = if interleaved {
                                (ux * c.h + bx, uy * c.v + by)
                            } else {
                                (ux, uy)
                            };
                            let slot = &mut self.coefficients[index][y * c.stride + x];
                            if ah == 0 {
                                let huffman = self.dc_tables[table]
                                    .as_ref()
                                    .ok_or_else(|| bad("a scan uses an undefined Huffman table"))?;
                                let size = huffman.decode(&mut bits)?;
                                if size > 11 {
                                    return Err(bad("a DC difference is out of range"));
                                }
                                // Wrapping: a hostile file gives wrong pixels, not a panic.
                                predictions[index] =
                                    predictions[index].wrapping_add(extend(bits.take(size), size));
                                *slot = (predictions[index] << al) as i16;
                            } else if bits.take(1) == 1 {
                                *slot |= 1 << al;
                            }
                        }
                    }
                }
            }
        }
        if ah == 0 {
            for &(index, _) in &members {
                self.seen[index] = true;
            }
        }
        Ok(())
    }

    fn picture(&self) -> Result<Option<Pixels>, ThumbError> {
        if self.components.is_empty() || !self.seen.iter().all(|s| *s) {
            return Ok(None);
        }
        let ycbcr = match (self.components.len(), self.adobe_transform) {
            (1, _) => false,
            // Adobe transform 0 means the three components are R, G, B.
            (_, Some(0)) => return Ok(None),
            _ => {
                let ids: Vec<u8> = self.components.iter().map(|c| c.id).collect();
                if ids == [b'R', b'G', b'B'] {
                    return Ok(None);
                }
                true
            }
        };
        let planes: Vec<Vec<u8>> = self
            .components
            .iter()
            .zip(&self.coefficients)
            .map(|(c, coefficients)| {
                let q = i32::from(self.quant[c.table].unwrap_or(1));
                coefficients
                    .iter()
                    .map(|&dc| ((i32::from(dc) * q + 1024) / 8).clamp(0, 255) as u8)
                    .collect()
            })
            .collect();
        let (out_w, out_h) = (self.width.div_ceil(8), self.height.div_ceil(8));
        let h_max = self.components.iter().map(|c| c.h).max().unwrap_or(1);
        let v_max = self.components.iter().map(|c| c.v).max().unwrap_or(1);
        let sample = |i: usize, x: usize, y: usize| {
            let c = &self.components[i];
            planes[i][(y * c.v / v_max) * c.stride + x * c.h / h_max]
        };
        let channels = if ycbcr { Channels::Rgb } else { Channels::Luma };
        let mut data = Vec::with_capacity(out_w * out_h * channels.count());
        for y in 0..out_h {
            for x in 0..out_w {
                if ycbcr {
                    data.extend(ycbcr_to_rgb(
                        sample(0, x, y),
                        sample(1, x, y),
                        sample(2, x, y),
                    ));
                } else {
                    data.push(sample(0, x, y));
                }
            }
        }
        Ok(Some(Pixels {
            width: out_w as u32,
            height: out_h as u32,
            channels,
            data,
        }))
    }
}

/// JFIF YCbCr → RGB in 20-bit fixed point (as the general decoder does it).
fn ycbcr_to_rgb(y: u8, cb: u8, cr: u8) -> [u8; 3] {
    const SHIFT: i32 = 20;
    let f = |x: f32| (x * (1 << SHIFT) as f32 + 0.5) as i32;
    let y = i32::from(y) * (1 << SHIFT) + (1 << (SHIFT - 1));
    let (cb, cr) = (i32::from(cb) - 128, i32::from(cr) - 128);
    let clamp = |v: i32| (v >> SHIFT).clamp(0, 255) as u8;
    [
        clamp(y + f(1.402) * cr),
        clamp(y - f(0.34414) * cb - f(0.71414) * cr),
        clamp(y + f(1.772) * cb),
    ]
}

fn bad(reason: impl Into<String>) -> ThumbError {
    ThumbError::damaged(reason)
}

fn malformed(err: MarkerError) -> ThumbError {
    match err {
        MarkerError::Malformed(reason) => ThumbError::damaged(reason),
        MarkerError::Unsupported(what) => ThumbError::Unsupported {
            format: what.into(),
            hint: "export the image as a baseline or progressive JPEG".into(),
        },
        MarkerError::NotJpeg => ThumbError::NotAnImage,
        MarkerError::NoFrame => ThumbError::damaged("the file ends before the JPEG frame header"),
    }
}

//! The 1/8- and 1/4-scale pictures of a progressive JPEG from the few coefficients they show.
//!
//! At 1/8 scale each 8×8 block becomes one pixel, its DC term; at 1/4 scale 2×2 pixels, from
//! the top-left 2×2 corner of its coefficients (zig-zag 0, 1, 2 and 4). A progressive file
//! sends the DC terms in scans of their own and the AC terms in bands, so this decoder reads
//! only the DC scans and, at 1/4 scale, the first scan of each AC band that holds a corner
//! coefficient ([`jpeg_corner_scan`](super::jpeg_corner_scan)); the other scans are skipped
//! unread, as the AC refinement scans are, which only add the lowest bits of coefficients a
//! picture that small does not show. It keeps 1 or 4 `i16` per block and component instead
//! of the 64 of a full decode. It handles 8-bit greyscale and YCbCr files with the usual
//! sampling factors; for anything else it answers `None` and the general decoder runs.

use super::jpeg_bits::Huffman;
use super::jpeg_corner_picture::picture;
use super::jpeg_corner_scan::{Coefficients, Tables, read_scan};
use super::jpeg_markers::{MarkerError, Segments};
use super::resize::Pixels;
use crate::thumbs::error::ThumbError;

/// The pixels at `blocks_px`×`blocks_px` per 8×8 block (1 or 2: `ceil(w·b/8)`×`ceil(h·b/8)`)
/// of a progressive JPEG, or `None` when this file needs the general decoder.
pub(crate) fn decode(data: &[u8], blocks_px: u8) -> Result<Option<Pixels>, ThumbError> {
    if !matches!(blocks_px, 1 | 2) {
        return Ok(None);
    }
    let mut segments = Segments::new(data).map_err(|_| ThumbError::NotAnImage)?;
    let mut state = State {
        blocks_px: usize::from(blocks_px),
        frame: None,
        tables: Tables::default(),
        quant: [None; 4],
        adobe_transform: None,
        coefficients: None,
    };
    while let Some(segment) = segments.next_segment().map_err(malformed)? {
        let body = &data[segment.body.clone()];
        match segment.marker {
            0xC2 if !state.read_frame(body)? => return Ok(None),
            0xC2 => {}
            0xC0 | 0xC1 | 0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return Ok(None),
            0xC4 => state.tables.read_dht(body)?,
            0xDB => state.read_dqt(body)?,
            0xDD => {
                let ri = body
                    .get(..2)
                    .ok_or_else(|| bad("the restart interval is cut short"))?;
                state.tables.restart_interval = usize::from(u16::from_be_bytes([ri[0], ri[1]]));
            }
            0xEE if body.starts_with(b"Adobe") && body.len() >= 12 => {
                state.adobe_transform = Some(body[11]);
            }
            0xDA => {
                let (Some(frame), Some(coefficients)) = (&state.frame, &mut state.coefficients)
                else {
                    return Err(bad("a scan comes before the frame header"));
                };
                let entropy = segment.entropy.clone().unwrap_or(0..0);
                // Only the data of a file cut short runs out mid-scan without damage.
                let cut = entropy.end == data.len();
                if !read_scan(
                    frame,
                    &state.tables,
                    coefficients,
                    body,
                    &data[entropy],
                    cut,
                )? {
                    return Ok(None);
                }
            }
            _ => {}
        }
    }
    state.picture()
}

/// One component of the frame.
#[derive(Clone, Copy, Default)]
pub(super) struct Component {
    pub id: u8,
    pub h: usize,
    pub v: usize,
    /// Its quantisation table.
    pub table: usize,
    /// Blocks per row and rows of blocks, padded to whole MCUs.
    pub stride: usize,
    pub rows: usize,
    /// Blocks actually coded (what a one-component scan visits).
    pub coded_w: usize,
    pub coded_h: usize,
}

/// The frame header, as far as this decoder reads it.
pub(super) struct Frame {
    pub width: usize,
    pub height: usize,
    pub components: Vec<Component>,
    pub mcus_x: usize,
    pub mcus_y: usize,
    pub h_max: usize,
    pub v_max: usize,
}

struct State {
    blocks_px: usize,
    frame: Option<Frame>,
    tables: Tables,
    /// The quantisers of the corner coefficients (zig-zag 0, 1, 2, 4) of each table.
    quant: [Option<[u16; 4]>; 4],
    adobe_transform: Option<u8>,
    coefficients: Option<Coefficients>,
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
        let height = usize::from(u16::from_be_bytes([body[1], body[2]]));
        let width = usize::from(u16::from_be_bytes([body[3], body[4]]));
        if width == 0 || height == 0 {
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
        let (mcus_x, mcus_y) = (width.div_ceil(8 * h_max), height.div_ceil(8 * v_max));
        for c in &mut comps {
            c.stride = mcus_x * c.h;
            c.rows = mcus_y * c.v;
            c.coded_w = (width * c.h).div_ceil(h_max).div_ceil(8);
            c.coded_h = (height * c.v).div_ceil(v_max).div_ceil(8);
        }
        let per_block = self.blocks_px * self.blocks_px;
        self.coefficients = Some(Coefficients::new(&comps, per_block));
        self.frame = Some(Frame {
            width,
            height,
            components: comps,
            mcus_x,
            mcus_y,
            h_max,
            v_max,
        });
        Ok(true)
    }

    fn read_dqt(&mut self, mut body: &[u8]) -> Result<(), ThumbError> {
        while let Some(&pq_tq) = body.first() {
            let (wide, id) = (pq_tq >> 4 != 0, usize::from(pq_tq & 15));
            let len = if wide { 129 } else { 65 };
            let table = body
                .get(..len)
                .ok_or_else(|| bad("a quantisation table is cut short"))?;
            // Zig-zag order: the corner is at 0, 1, 2 and 4.
            let at = |zz: usize| {
                if wide {
                    u16::from_be_bytes([table[1 + 2 * zz], table[2 + 2 * zz]])
                } else {
                    u16::from(table[1 + zz])
                }
            };
            if id < 4 {
                self.quant[id] = Some([at(0), at(1), at(2), at(4)]);
            }
            body = &body[len..];
        }
        Ok(())
    }

    fn picture(&self) -> Result<Option<Pixels>, ThumbError> {
        let (Some(frame), Some(coefficients)) = (&self.frame, &self.coefficients) else {
            return Ok(None);
        };
        if !coefficients.every_dc_read() {
            return Ok(None);
        }
        let ycbcr = match (frame.components.len(), self.adobe_transform) {
            (1, _) => false,
            // Adobe transform 0 means the three components are R, G, B.
            (_, Some(0)) => return Ok(None),
            _ => {
                let ids: Vec<u8> = frame.components.iter().map(|c| c.id).collect();
                if ids == [b'R', b'G', b'B'] {
                    return Ok(None);
                }
                true
            }
        };
        let quant: Vec<[u16; 4]> = frame
            .components
            .iter()
            .map(|c| {
                self.quant[c.table]
                    .ok_or_else(|| bad("a component uses an undefined quantisation table"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Some(picture(
            frame,
            coefficients,
            &quant,
            self.blocks_px,
            ycbcr,
        )))
    }
}

impl Tables {
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
            match (class, id) {
                (0, 0..=3) => self.dc[id] = Some(Huffman::new(&counts, values)?),
                (1, 0..=3) => self.ac[id] = Some(Huffman::new(&counts, values)?),
                _ => {}
            }
            body = &body[17 + total..];
        }
        Ok(())
    }
}

pub(super) fn bad(reason: impl Into<String>) -> ThumbError {
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

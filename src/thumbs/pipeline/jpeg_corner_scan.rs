//! One scan of a progressive JPEG read into the corner coefficients of each block: DC scans
//! (first pass and refinement bits), and at 1/4 scale the first scan of each AC band holding
//! zig-zag 1, 2 or 4, Huffman-decoded whole (EOB runs included) with only those three kept.
//! AC refinement scans and bands without a corner coefficient are skipped unread.

use super::jpeg_bits::{BitReader, Huffman, extend};
use super::jpeg_corner::{Component, Frame, bad};
use crate::thumbs::error::ThumbError;

/// The Huffman tables and restart interval in force.
#[derive(Default)]
pub(super) struct Tables {
    pub dc: [Option<Huffman>; 4],
    pub ac: [Option<Huffman>; 4],
    pub restart_interval: usize,
}

/// The corner coefficients of every block, per component: 1 per block (DC) or 4 (DC, then
/// zig-zag 1, 2 and 4, which are the natural (0,1), (1,0) and (1,1)).
pub(super) struct Coefficients {
    pub per_block: usize,
    pub planes: Vec<Vec<i16>>,
    /// Components whose first DC pass has been read.
    dc_read: Vec<bool>,
}

impl Coefficients {
    pub fn new(components: &[Component], per_block: usize) -> Coefficients {
        Coefficients {
            per_block,
            planes: components
                .iter()
                .map(|c| vec![0; c.stride * c.rows * per_block])
                .collect(),
            dc_read: vec![false; components.len()],
        }
    }

    pub fn every_dc_read(&self) -> bool {
        self.dc_read.iter().all(|r| *r)
    }
}

/// Where zig-zag position `k` is kept in a block of four (natural 1, 8 and 9 after the DC).
fn corner_slot(k: u32) -> Option<usize> {
    match k {
        1 => Some(1),
        2 => Some(2),
        4 => Some(3),
        _ => None,
    }
}

/// What one scan header asks for.
struct Header {
    /// Frame index and DC / AC table of each component, in scan order.
    members: Vec<(usize, usize, usize)>,
    ss: u32,
    se: u32,
    ah: u8,
    al: u32,
}

fn read_header(frame: &Frame, header: &[u8]) -> Result<Header, ThumbError> {
    let count = usize::from(*header.first().unwrap_or(&0));
    if count == 0 || header.len() < 1 + 2 * count + 3 {
        return Err(bad("a scan header is cut short"));
    }
    let mut members = Vec::with_capacity(count);
    for i in 0..count {
        let id = header[1 + 2 * i];
        let index = frame
            .components
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| bad(format!("a scan names the unknown component {id}")))?;
        let tables = header[2 + 2 * i];
        members.push((index, usize::from(tables >> 4) & 3, usize::from(tables & 3)));
    }
    let rest = &header[1 + 2 * count..];
    let (ss, se) = (u32::from(rest[0]), u32::from(rest[1]));
    let (ah, al) = (rest[2] >> 4, u32::from(rest[2] & 15));
    // T.81 G.1.1.1.1: a DC scan has only the DC term, an AC scan one component.
    if ss > se || se > 63 || (ss == 0 && se != 0) || (ss > 0 && count > 1) || al > 13 {
        return Err(bad(format!(
            "a progressive scan has the impossible band {ss}..={se} (Al {al}) over {count} components"
        )));
    }
    Ok(Header {
        members,
        ss,
        se,
        ah,
        al,
    })
}

/// Reads one scan into `store`; `false` when it is a scan this decoder cannot follow. `cut`:
/// the data is the end of a file cut short, so a scan that runs out keeps what it read.
pub(super) fn read_scan(
    frame: &Frame,
    tables: &Tables,
    store: &mut Coefficients,
    header: &[u8],
    entropy: &[u8],
    cut: bool,
) -> Result<bool, ThumbError> {
    let scan = read_header(frame, header)?;
    let corner = store.per_block == 4 && scan.ss <= 4 && scan.se >= 1;
    if scan.ss > 0 && (scan.ah != 0 || !corner) {
        return Ok(true);
    }
    // Each component with the table its scan reads (none for DC refinement bits).
    let members = scan
        .members
        .iter()
        .map(|&(index, dc, ac)| {
            let set = match (scan.ss, scan.ah) {
                (0, 0) => &tables.dc[dc],
                (0, _) => return Ok((index, None)),
                _ => &tables.ac[ac],
            };
            let table = set
                .as_ref()
                .ok_or_else(|| bad("a scan uses an undefined Huffman table"))?;
            Ok((index, Some(table)))
        })
        .collect::<Result<Vec<_>, ThumbError>>()?;
    let mut bits = BitReader::new(entropy);
    let interleaved = scan.members.len() > 1;
    let (units_x, units_y) = if interleaved {
        (frame.mcus_x, frame.mcus_y)
    } else {
        let c = &frame.components[scan.members[0].0];
        (c.coded_w, c.coded_h)
    };
    let mut predictions = vec![0i32; frame.components.len()];
    let mut eob_run = 0u32;
    let mut left = tables.restart_interval;
    'units: for uy in 0..units_y {
        for ux in 0..units_x {
            if tables.restart_interval > 0 {
                if left == 0 {
                    bits.restart();
                    predictions.iter_mut().for_each(|p| *p = 0);
                    eob_run = 0;
                    left = tables.restart_interval;
                }
                left -= 1;
            }
            if bits.exhausted() {
                if cut {
                    break 'units;
                }
                return Err(bad("a scan's data ends before its last block"));
            }
            for &(index, table) in &members {
                let c = &frame.components[index];
                let (bw, bh) = if interleaved { (c.h, c.v) } else { (1, 1) };
                for by in 0..bh {
                    for bx in 0..bw {
                        let (x, y) = if interleaved {
                            (ux * c.h + bx, uy * c.v + by)
                        } else {
                            (ux, uy)
                        };
                        let at = (y * c.stride + x) * store.per_block;
                        read_block(
                            &mut bits,
                            &scan,
                            table,
                            &mut predictions[index],
                            &mut eob_run,
                            &mut store.planes[index][at..at + store.per_block],
                        )?;
                    }
                }
            }
        }
    }
    if scan.ss == 0 && scan.ah == 0 {
        for &(index, _, _) in &scan.members {
            store.dc_read[index] = true;
        }
    }
    Ok(true)
}

/// One block of a scan: a DC difference, a DC refinement bit or the band of an AC first scan.
fn read_block(
    bits: &mut BitReader<'_>,
    scan: &Header,
    table: Option<&Huffman>,
    prediction: &mut i32,
    eob_run: &mut u32,
    block: &mut [i16],
) -> Result<(), ThumbError> {
    match table {
        Some(table) if scan.ss > 0 => ac_first(bits, table, scan, eob_run, block)?,
        Some(table) => {
            let size = table.decode(bits)?;
            if size > 11 {
                return Err(bad("a DC difference is out of range"));
            }
            // Wrapping: a hostile file gives wrong pixels, not a panic.
            *prediction = prediction.wrapping_add(extend(bits.take(size), size));
            block[0] = (*prediction << scan.al) as i16;
        }
        None => {
            if bits.take(1) == 1 {
                block[0] |= 1 << scan.al;
            }
        }
    }
    Ok(())
}

/// One block of a first AC scan (T.81 G.1.2.2): every coefficient of the band decoded, the
/// corner ones kept.
fn ac_first(
    bits: &mut BitReader<'_>,
    table: &Huffman,
    scan: &Header,
    eob_run: &mut u32,
    block: &mut [i16],
) -> Result<(), ThumbError> {
    if *eob_run > 0 {
        *eob_run -= 1;
        return Ok(());
    }
    let mut k = scan.ss;
    while k <= scan.se {
        let rs = table.decode(bits)?;
        let (run, size) = (rs >> 4, rs & 15);
        if size == 0 {
            if run < 15 {
                *eob_run = (1 << run) - 1 + bits.take(run);
                return Ok(());
            }
            k += 16;
            continue;
        }
        k += run;
        let value = extend(bits.take(size), size);
        // A coefficient past the band (a damaged block) is dropped, as the general decoder does.
        if k > scan.se {
            return Ok(());
        }
        if let Some(slot) = corner_slot(k) {
            block[slot] = (value << scan.al) as i16;
        }
        k += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fields` (value, bit count) packed most significant bit first, padded with 1s.
    fn bits(fields: &[(u32, u32)]) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut acc, mut count) = (0u64, 0u32);
        for &(value, n) in fields {
            acc = (acc << n) | u64::from(value);
            count += n;
            while count >= 8 {
                out.push((acc >> (count - 8)) as u8);
                count -= 8;
            }
        }
        if count > 0 {
            out.push(((acc << (8 - count)) as u8) | (0xFF >> count));
        }
        out
    }

    #[test]
    fn an_ac_first_scan_keeps_the_corner_of_each_block_and_skips_eob_runs() {
        // 00: run 0 size 1; 01: an EOB run of 2 + (1 more bit) blocks; 100: run 2 size 1;
        // 101: a run of 16 zeros; 110: end of block.
        let mut counts = [0u8; 16];
        counts[1] = 2;
        counts[2] = 3;
        let table = Huffman::new(&counts, &[0x01, 0x10, 0x21, 0xF0, 0x00]).unwrap();
        let scan = Header {
            members: vec![(0, 0, 0)],
            ss: 1,
            se: 63,
            ah: 0,
            al: 1,
        };
        let data = bits(&[
            // Block 0: +1 at zig-zag 1, then -1 at 4 (two zeros run), then the rest zero.
            (0b00, 2),
            (1, 1),
            (0b100, 3),
            (0, 1),
            (0b110, 3),
            // Block 1: an EOB run of 3 (this block and the next two), the extra bit 1.
            (0b01, 2),
            (1, 1),
            // Block 4: -1 at 1, +1 at 2; sixteen zeros then -1 at 19 (not kept); end.
            (0b00, 2),
            (0, 1),
            (0b00, 2),
            (1, 1),
            (0b101, 3),
            (0b00, 2),
            (0, 1),
            (0b110, 3),
        ]);
        let mut reader = BitReader::new(&data);
        let mut eob_run = 0;
        // The DC terms come from their own scans; an AC scan leaves them alone.
        let mut blocks = [[7i16, 0, 0, 0]; 5];
        for block in &mut blocks {
            ac_first(&mut reader, &table, &scan, &mut eob_run, block).unwrap();
        }
        // The point transform Al = 1 doubles each value.
        assert_eq!(blocks[0], [7, 2, 0, -2]);
        assert_eq!(blocks[1], [7, 0, 0, 0]);
        assert_eq!(blocks[2], [7, 0, 0, 0]);
        assert_eq!(blocks[3], [7, 0, 0, 0]);
        assert_eq!(blocks[4], [7, -2, 2, 0]);
        assert_eq!(eob_run, 0);
        assert!(!reader.exhausted(), "every bit read was data");
    }

    #[test]
    fn zig_zag_1_2_and_4_are_the_corner() {
        let kept: Vec<u32> = (0..64).filter(|&k| corner_slot(k).is_some()).collect();
        assert_eq!(kept, [1, 2, 4]);
        assert_eq!(
            corner_slot(2),
            Some(2),
            "zig-zag 2 is natural (1,0), the third slot"
        );
    }
}

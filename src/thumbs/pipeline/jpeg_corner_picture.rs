//! The corner coefficients of every block to pixels: dequantised, a 1×1 or 2×2 inverse DCT
//! per block (the reduced transforms of the general decoder), chroma taken from the sample
//! that covers each pixel, and YCbCr → RGB.

use super::jpeg_corner::Frame;
use super::jpeg_corner_scan::Coefficients;
use super::resize::{Channels, Pixels};

/// The picture at `blocks_px`×`blocks_px` pixels per block (`ceil(w·b/8)`×`ceil(h·b/8)`);
/// `quant` holds the corner quantisers of each component.
pub(super) fn picture(
    frame: &Frame,
    store: &Coefficients,
    quant: &[[u16; 4]],
    blocks_px: usize,
    ycbcr: bool,
) -> Pixels {
    let planes: Vec<Vec<u8>> = frame
        .components
        .iter()
        .zip(&store.planes)
        .zip(quant)
        .map(|((c, coefficients), q)| match blocks_px {
            1 => coefficients.iter().map(|&dc| idct_1x1(dc, q[0])).collect(),
            _ => plane_2x2(coefficients, q, c.stride),
        })
        .collect();
    assemble(frame, &planes, blocks_px, ycbcr)
}

fn assemble(frame: &Frame, planes: &[Vec<u8>], blocks_px: usize, ycbcr: bool) -> Pixels {
    let (out_w, out_h) = (
        (frame.width * blocks_px).div_ceil(8),
        (frame.height * blocks_px).div_ceil(8),
    );
    // For each component: its plane's row length, and the plane column of each output column.
    let layout: Vec<(usize, Vec<usize>)> = frame
        .components
        .iter()
        .map(|c| {
            let columns = (0..out_w).map(|x| x * c.h / frame.h_max).collect();
            (c.stride * blocks_px, columns)
        })
        .collect();
    let row_of = |i: usize, y: usize| {
        let c = &frame.components[i];
        let (row_len, _) = &layout[i];
        let start = (y * c.v / frame.v_max) * row_len;
        &planes[i][start..start + row_len]
    };
    let channels = if ycbcr { Channels::Rgb } else { Channels::Luma };
    let mut data = Vec::with_capacity(out_w * out_h * channels.count());
    for y in 0..out_h {
        if ycbcr {
            let (luma, cb, cr) = (row_of(0, y), row_of(1, y), row_of(2, y));
            let (lx, bx, rx) = (&layout[0].1, &layout[1].1, &layout[2].1);
            for x in 0..out_w {
                data.extend(ycbcr_to_rgb(luma[lx[x]], cb[bx[x]], cr[rx[x]]));
            }
        } else {
            let luma = row_of(0, y);
            data.extend(layout[0].1.iter().map(|&x| luma[x]));
        }
    }
    Pixels {
        width: out_w as u32,
        height: out_h as u32,
        channels,
        data,
    }
}

/// One pixel per block: the DC term.
fn idct_1x1(dc: i16, q: u16) -> u8 {
    ((i32::from(dc) * i32::from(q) + 1024) / 8).clamp(0, 255) as u8
}

/// 2×2 pixels per block from the natural (0,0), (0,1), (1,0), (1,1) terms of blocks laid
/// out `per_row` a row: a plane of `2·per_row` pixels a row.
fn plane_2x2(coefficients: &[i16], q: &[u16; 4], per_row: usize) -> Vec<u8> {
    let row_len = per_row * 2;
    let mut plane = vec![0u8; coefficients.len()];
    for (by, blocks) in coefficients.chunks_exact(4 * per_row).enumerate() {
        let (top, bottom) = plane[by * 2 * row_len..(by + 1) * 2 * row_len].split_at_mut(row_len);
        for ((block, top), bottom) in blocks
            .chunks_exact(4)
            .zip(top.chunks_exact_mut(2))
            .zip(bottom.chunks_exact_mut(2))
        {
            let px = idct_2x2(block, q);
            top.copy_from_slice(&px[..2]);
            bottom.copy_from_slice(&px[2..]);
        }
    }
    plane
}

/// The 2×2 inverse DCT of the general decoder: sums and differences of the four terms,
/// 3 fractional bits, level shift 128. Wrapping: a hostile file gives wrong pixels, not a
/// panic.
fn idct_2x2(block: &[i16], q: &[u16; 4]) -> [u8; 4] {
    const SCALE_BITS: u32 = 3;
    let term = |i: usize| i32::from(block[i]).wrapping_mul(i32::from(q[i]));
    let (s00, s01, s10, s11) = (term(0), term(1), term(2), term(3));
    let bias = (1 << (SCALE_BITS - 1)) + (128 << SCALE_BITS);
    let top = s00.wrapping_add(s10).wrapping_add(bias);
    let bottom = s00.wrapping_sub(s10).wrapping_add(bias);
    let (right_top, right_bottom) = (s01.wrapping_add(s11), s01.wrapping_sub(s11));
    let clamp = |v: i32| (v >> SCALE_BITS).clamp(0, 255) as u8;
    [
        clamp(top.wrapping_add(right_top)),
        clamp(top.wrapping_sub(right_top)),
        clamp(bottom.wrapping_add(right_bottom)),
        clamp(bottom.wrapping_sub(right_bottom)),
    ]
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

//! Procedurally drawn product shots: a studio backdrop, a product silhouette shaded like a
//! lit object, a version accent and the shot's label printed at the bottom. Everything is
//! decided by the shot seed, laid out as:
//!
//! | bits | meaning |
//! |---|---|
//! | 0–7 | version (1 = v1) |
//! | 8–15 | view: 0 main/front, 1 back, 2 side, 3 detail, 4 alt |
//! | 16–23 | colour index into `PALETTE` |
//! | 24–31 | shape: 0 top, 1 bottoms, 2 bag, 3 watch, 4 equipment |
//! | 32–63 | product key (backdrop tint, proportions) |
//!
//! Drawing works row by row on spans, so a 1000×1250 shot takes a few milliseconds.

use image::{Rgb, RgbImage};

/// Colour names the synthetic catalog uses, with the colour drawn for each.
pub const PALETTE: &[(&str, [u8; 3])] = &[
    ("black", [38, 38, 42]),
    ("white", [236, 234, 228]),
    ("red", [196, 42, 48]),
    ("blue", [40, 86, 180]),
    ("green", [52, 140, 78]),
    ("yellow", [236, 196, 52]),
    ("orange", [232, 122, 40]),
    ("purple", [118, 64, 160]),
    ("grey", [128, 130, 136]),
    ("brown", [120, 78, 48]),
    ("navy", [28, 40, 88]),
    ("pink", [230, 128, 168]),
];

/// Packs the parts of a shot seed (see the module table).
pub fn shot_seed(product_key: u32, shape: u8, colour: u8, view: u8, version: u8) -> u64 {
    (u64::from(product_key) << 32)
        | (u64::from(shape) << 24)
        | (u64::from(colour) << 16)
        | (u64::from(view) << 8)
        | u64::from(version)
}

struct Shot {
    version: u8,
    view: u8,
    colour: [u8; 3],
    shape: u8,
    key: u32,
}

fn unpack(seed: u64) -> Shot {
    let colour = usize::from((seed >> 16) as u8) % PALETTE.len();
    Shot {
        version: (seed as u8).max(1),
        view: (seed >> 8) as u8 % 5,
        colour: PALETTE[colour].1,
        shape: (seed >> 24) as u8 % 5,
        key: (seed >> 32) as u32,
    }
}

/// Draws the shot `seed` at `width`×`height` with `label` printed on it.
pub fn draw(seed: u64, width: u32, height: u32, label: &str) -> RgbImage {
    let shot = unpack(seed);
    let (w, h) = (width.max(8), height.max(8));
    let mut img = RgbImage::new(w, h);
    let tint = [
        (shot.key % 24) as i32 - 12,
        (shot.key / 24 % 24) as i32 - 12,
        i32::from(shot.version) * 9,
    ];
    // Backdrop: a vertical sweep from light grey to a warmer floor, tinted per product and version.
    for y in 0..h {
        let t = y as f32 / h as f32;
        let base = 238.0 - 60.0 * t * t;
        let px = Rgb([
            clamp(base as i32 + tint[0]),
            clamp(base as i32 + tint[1] - 4),
            clamp(base as i32 - tint[2] / 2 - 8),
        ]);
        for x in 0..w {
            img.put_pixel(x, y, px);
        }
    }
    // Floor shadow under the product.
    let (cx, cy) = (w as f32 / 2.0, h as f32 * 0.52);
    let zoom = if shot.view == 3 { 1.9 } else { 1.0 };
    let squeeze = if shot.view == 2 { 0.55 } else { 1.0 };
    let scale = w.min(h) as f32 * 0.36 * zoom;
    let shift = if shot.view == 4 { scale * 0.18 } else { 0.0 };
    let aspect = 0.85 + (shot.key % 7) as f32 * 0.05;
    let flip = |on: bool| if on { -1.0 } else { 1.0 };
    let light = flip(shot.version.is_multiple_of(2)) * flip(shot.view == 1);
    for y in 0..h {
        let ny = (y as f32 - cy) / (scale * aspect);
        for (x0, x1) in spans(shot.shape, ny) {
            let (x0, x1) = (x0 * squeeze, x1 * squeeze);
            let px0 = (cx + shift + x0 * scale).max(0.0) as u32;
            let px1 = ((cx + shift + x1 * scale).max(0.0) as u32).min(w);
            for x in px0..px1 {
                let nx = (x as f32 - cx - shift) / (scale * squeeze);
                let shade = 1.0 + 0.28 * light * nx - 0.12 * ny.abs();
                let stripe = accent(shot.version, nx, ny);
                let dim = if shot.view == 1 { 0.82 } else { 1.0 };
                let c = shot.colour.map(|c| {
                    let v = f32::from(c) * shade * dim + stripe;
                    clamp(v as i32)
                });
                img.put_pixel(x, y, Rgb(c));
            }
        }
    }
    print_label(&mut img, label);
    img
}

/// Version accent: v1 plain, v2 one chest band, v3+ n thin stripes.
fn accent(version: u8, nx: f32, ny: f32) -> f32 {
    match version {
        1 => 0.0,
        2 => {
            if (-0.25..-0.1).contains(&ny) {
                60.0
            } else {
                0.0
            }
        }
        n => {
            let bands = f32::from(n) * 3.0;
            if ((ny + nx * 0.2) * bands).rem_euclid(1.0) < 0.18 {
                45.0
            } else {
                0.0
            }
        }
    }
}

/// The horizontal spans (in units of the product's scale) of `shape` at height `ny`.
fn spans(shape: u8, ny: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    match shape {
        0 => {
            // Top: shoulders with sleeves, a neck opening, then the torso.
            if (-1.0..-0.55).contains(&ny) {
                let sleeve = 1.05 - (ny + 1.0) * 0.6;
                let neck = 0.22 * (1.0 - ((ny + 1.0) / 0.2).min(1.0));
                out.push((-sleeve, -neck));
                out.push((neck, sleeve));
            } else if (-0.55..1.0).contains(&ny) {
                out.push((-0.62, 0.62));
            }
        }
        1 => {
            // Bottoms: a waistband, then two legs parting.
            if (-1.0..-0.6).contains(&ny) {
                out.push((-0.6, 0.6));
            } else if (-0.6..1.0).contains(&ny) {
                let gap = (ny + 0.6) * 0.12;
                let outer = 0.6 - (ny + 0.6) * 0.08;
                out.push((-outer, -gap));
                out.push((gap, outer));
            }
        }
        2 => {
            // Bag: a handle arc above a rounded body.
            if (-1.0..-0.45).contains(&ny) {
                let r = ((ny + 0.45) / 0.55).abs();
                let outer = 0.45 * (1.0 - (1.0 - r) * (1.0 - r)).max(0.0).sqrt().max(0.35);
                out.push((-outer, -outer + 0.1));
                out.push((outer - 0.1, outer));
            } else if (-0.45..0.9).contains(&ny) {
                let corner = ((ny - 0.9).abs().min((ny + 0.45).abs()) / 0.15).min(1.0);
                let half = 0.8 - 0.12 * (1.0 - corner);
                out.push((-half, half));
            }
        }
        3 => {
            // Watch: a strap with a round face.
            if ny.abs() < 0.42 {
                let half = (0.42f32.powi(2) - ny * ny).sqrt();
                out.push((-half, half));
            } else if ny.abs() < 1.0 {
                out.push((-0.2, 0.2));
            }
        }
        _ => {
            // Equipment: a capsule (roller, bottle).
            if ny.abs() < 1.0 {
                let end = (ny.abs() - 0.75).max(0.0) / 0.25;
                let half = 0.35 * (1.0 - end * end).max(0.0).sqrt();
                out.push((-half, half));
            }
        }
    }
    out
}

fn clamp(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// 5×7 glyphs, one byte per row, high bit = left column.
fn glyph(c: char) -> [u8; 7] {
    match c.to_ascii_uppercase() {
        'A' => [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'B' => [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        'C' => [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E],
        'D' => [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        'E' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F],
        'F' => [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        'G' => [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F],
        'H' => [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        'I' => [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E],
        'J' => [0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C],
        'K' => [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        'L' => [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F],
        'M' => [0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11],
        'N' => [0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11],
        'O' => [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'P' => [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        'Q' => [0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D],
        'R' => [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11],
        'S' => [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        'T' => [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04],
        'U' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        'V' => [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04],
        'W' => [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        'X' => [0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11],
        'Y' => [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
        'Z' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F],
        '0' => [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        '1' => [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        '2' => [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        '3' => [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        '4' => [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        '5' => [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        '6' => [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        '7' => [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        '8' => [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        '9' => [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        '-' => [0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00],
        '_' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F],
        '.' => [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        '/' => [0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x10],
        _ => [0; 7],
    }
}

/// Prints `label` centred near the bottom edge in dark grey.
fn print_label(img: &mut RgbImage, label: &str) {
    let (w, h) = img.dimensions();
    let chars: Vec<char> = label.chars().take(48).collect();
    if chars.is_empty() {
        return;
    }
    let cell = (w / (chars.len() as u32 * 6 + 4)).clamp(1, (h / 40).max(1));
    let text_w = chars.len() as u32 * 6 * cell;
    let x0 = w.saturating_sub(text_w) / 2;
    let y0 = h.saturating_sub(cell * 11);
    for (i, c) in chars.iter().enumerate() {
        for (row, bits) in glyph(*c).iter().enumerate() {
            for col in 0..5u32 {
                if bits & (0x10 >> col) == 0 {
                    continue;
                }
                let (gx, gy) = (x0 + (i as u32 * 6 + col) * cell, y0 + row as u32 * cell);
                for dy in 0..cell {
                    for dx in 0..cell {
                        if gx + dx < w && gy + dy < h {
                            img.put_pixel(gx + dx, gy + dy, Rgb([48, 48, 52]));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product_pixels(img: &RgbImage) -> usize {
        img.pixels()
            .filter(|p| p.0[0].abs_diff(p.0[1]) > 40 || p.0[1].abs_diff(p.0[2]) > 40)
            .count()
    }

    #[test]
    fn views_and_versions_of_one_product_differ_but_keep_its_colour() {
        let main = draw(shot_seed(7, 0, 2, 0, 1), 200, 250, "MH02_MAIN_V1");
        let back = draw(shot_seed(7, 0, 2, 1, 1), 200, 250, "MH02_BACK_V1");
        let v2 = draw(shot_seed(7, 0, 2, 0, 2), 200, 250, "MH02_MAIN_V2");
        assert_ne!(main, back);
        assert_ne!(main, v2);
        // Red dominates the product in every shot of a red product.
        let centre = main.get_pixel(100, 150).0;
        assert!(centre[0] > centre[1] + 60, "{centre:?}");
        assert!(
            product_pixels(&main) > 5_000,
            "the product is drawn, not a flat fill"
        );
    }

    #[test]
    fn shapes_differ_per_category() {
        let top = draw(shot_seed(1, 0, 3, 0, 1), 120, 150, "");
        let watch = draw(shot_seed(1, 3, 3, 0, 1), 120, 150, "");
        assert_ne!(product_pixels(&top), product_pixels(&watch));
    }
}

//! Progressive photos at the list and grid sizes: read from the few coefficients per block
//! those sizes show (the DC scans, and for the grid the first scan of each band holding the
//! 2×2 corner), close to a full decode, and what damage in the scans does to them.

use crate::support::*;
use shelflink::thumbs::pipeline::{Limits, Pixels, pixels_of_bytes};

/// How many levels `ours` differs from the photo `data` decoded in full and resized to the
/// same size with Lanczos3, on average.
fn difference_from_full_decode(data: &[u8], ours: &Pixels) -> f64 {
    let full = image::load_from_memory(data).unwrap().to_rgb8();
    let reference = image::imageops::resize(
        &full,
        ours.width,
        ours.height,
        image::imageops::FilterType::Lanczos3,
    );
    mean_difference(&ours.data, reference.as_raw())
}

/// The stored width and height of the JPEG `data`.
fn dimensions(data: &[u8]) -> (u32, u32) {
    image::ImageReader::new(std::io::Cursor::new(data))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

/// Every 12th of the 276 catalog photos: each kind of product, both photo sizes and both
/// chroma samplings (4:4:4 and 4:2:0).
fn every_12th_photo() -> Vec<(String, Vec<u8>)> {
    let mut photos: Vec<_> = std::fs::read_dir(catalog_photo("."))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    photos.sort();
    photos
        .iter()
        .step_by(12)
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(path).unwrap())
        })
        .collect()
}

#[test]
fn a_list_thumbnail_of_a_progressive_photo_is_read_from_its_dc_scans_alone() {
    for name in ["mh02-black_main.jpg", "mb01-blue-0.jpg", "mg01-bk-0.jpg"] {
        let data = std::fs::read(catalog_photo(name)).unwrap();
        let (ours, peak) = peak_allocation(|| pixels_of_bytes(&data, 160, &Limits::default()));
        let ours = ours.unwrap();
        // A full decode keeps 64 coefficients per block (about 8.8 MB for a 1080×1340 photo);
        // the DC scans need one value per block.
        assert!(peak < 1 << 20, "{name}: the decode held {peak} bytes");

        let diff = difference_from_full_decode(&data, &ours);
        assert!(
            diff < 3.0,
            "{name}: differs from the full decode by {diff:.2} levels"
        );
    }
}

#[test]
fn a_grid_thumbnail_of_a_progressive_photo_is_read_from_the_corner_of_each_block() {
    // The grid size is decoded at a quarter of the scale: 2×2 pixels per block from its four
    // top-left coefficients, read from the first scan of each band that holds one; the
    // refinement scans, left out, would only add the coefficients' lowest bits.
    let mut worst = (0.0f64, String::new());
    let mut corner = 0;
    for (name, data) in every_12th_photo() {
        let (ours, peak) = peak_allocation(|| pixels_of_bytes(&data, 320, &Limits::default()));
        let ours = ours.unwrap();
        assert!(
            ours.width.max(ours.height) == 320,
            "{name}: fits the 320 px box"
        );
        // The general decoder keeps 64 coefficients of every block until the last scan: at
        // least 4.3 MB for a 1080×1340 photo with half-size chroma, 12 MB for 1274×1580 with
        // full-size chroma. The corner decoder keeps four per block. (A photo under 1280 px
        // needs the half scale for the grid, from the general decoder.)
        let (w, h) = dimensions(&data);
        if (w * 2).div_ceil(8) >= ours.width && (h * 2).div_ceil(8) >= ours.height {
            corner += 1;
            assert!(
                peak < 5 << 19,
                "{name}: the decode held {peak} bytes, as many as a full decode"
            );
        }
        let diff = difference_from_full_decode(&data, &ours);
        if diff > worst.0 {
            worst = (diff, name);
        }
    }
    assert_eq!(corner, 22, "all but the one 1000×1000 photo");
    // The general decoder fed the same scans was 1.11 levels off at worst, and 1.09 with the
    // refinement scans too.
    assert!(
        worst.0 < 1.5,
        "{}: differs from the full decode by {:.2} levels",
        worst.1,
        worst.0
    );
}

#[test]
fn a_photo_damaged_in_a_refinement_scan_keeps_its_list_and_grid_thumbnails() {
    let thumb = |path, px| {
        let data = std::fs::read(path).unwrap();
        pixels_of_bytes(&data, px, &Limits::default()).unwrap()
    };
    // 4 KB of random bytes inside the second Y refinement scan of `mb01-blue-0.jpg`; the DC
    // scans and the first scan of every band intact.
    for (px, size) in [(160, (129, 160)), (320, (258, 320))] {
        let damaged = thumb(edge("made-corrupt-scan-data.jpg"), px);
        let original = thumb(catalog_photo("mb01-blue-0.jpg"), px);
        assert_eq!((damaged.width, damaged.height), size);
        assert_eq!(
            damaged.data, original.data,
            "{px} px: the same pixels as the undamaged photo"
        );
    }
}

/// Where the entropy-coded data of each scan of `data` starts and ends, with its band.
fn scans(data: &[u8]) -> Vec<(std::ops::Range<usize>, u8, u8, u8)> {
    let markers = shelflink::thumbs::pipeline::jpeg_markers::JpegMarkers::read(data).unwrap();
    markers
        .scans
        .iter()
        .map(|s| {
            let header = usize::from(u16::from_be_bytes([
                data[s.bytes.start + 2],
                data[s.bytes.start + 3],
            ]));
            (s.bytes.start + 2 + header..s.bytes.end, s.ss, s.se, s.ah)
        })
        .collect()
}

#[test]
fn a_photo_damaged_in_a_scan_the_grid_reads_gives_a_clear_error_and_keeps_its_list_size() {
    let mut data = std::fs::read(catalog_photo("mb01-blue-0.jpg")).unwrap();
    // The middle of the first scan of Y's band 3..=63, which holds the (1,1) coefficient,
    // overwritten with stuffed 0xFF bytes: all ones, which no Huffman code is.
    let (range, ..) = scans(&data)
        .into_iter()
        .find(|(_, ss, se, ah)| (*ss, *se, *ah) == (3, 63, 0))
        .expect("mb01-blue-0.jpg has a first scan of band 3..=63");
    let middle = (range.start + range.end) / 2;
    for pair in data[middle..middle + 2048].chunks_exact_mut(2) {
        pair.copy_from_slice(&[0xFF, 0x00]);
    }
    let grid = pixels_of_bytes(&data, 320, &Limits::default()).unwrap_err();
    assert!(
        grid.to_string().starts_with("the image is damaged ("),
        "{grid}"
    );
    assert!(grid.is_about_the_image(), "{grid:?}");
    let list = pixels_of_bytes(&data, 160, &Limits::default()).unwrap();
    assert_eq!((list.width, list.height), (129, 160));
}

#[test]
fn a_photo_cut_inside_a_scan_the_grid_reads_keeps_what_arrived() {
    let whole = std::fs::read(catalog_photo("mb01-blue-0.jpg")).unwrap();
    // The first scan of Y's band 3..=63, which holds the (1,1) coefficient of each block.
    let (range, ..) = scans(&whole)
        .into_iter()
        .find(|(_, ss, se, ah)| (*ss, *se, *ah) == (3, 63, 0))
        .unwrap();
    let grid = |len: usize| pixels_of_bytes(&whole[..len], 320, &Limits::default()).unwrap();
    let without = grid(range.start);
    let cut = grid((range.start + range.end) / 2);
    let with = grid(range.end);
    let rows = |a: &Pixels, b: &Pixels| -> Vec<usize> {
        let row = a.width as usize * 3;
        (0..a.height as usize)
            .filter(|y| a.data[y * row..(y + 1) * row] != b.data[y * row..(y + 1) * row])
            .collect()
    };
    // Above the cut the photo has what the whole scan gives, below it what the file holds
    // without that scan; the filter of the resize blends a few rows at the cut.
    let (below, above) = (rows(&cut, &with), rows(&cut, &without));
    let first_without = *below
        .first()
        .expect("the part after the cut lacks the scan");
    let last_with = *above.last().expect("the part before the cut has the scan");
    assert!(
        last_with <= first_without + 8,
        "rows up to {last_with} differ from the file without the scan, rows from \
         {first_without} from the file with it"
    );
}

use super::*;

fn scan(components: &[u8], ss: u8, se: u8, ah: u8) -> Scan {
    Scan {
        bytes: 0..0,
        components: components.to_vec(),
        ss,
        se,
        ah,
    }
}

fn progressive(scans: Vec<Scan>) -> JpegMarkers {
    JpegMarkers {
        width: 1080,
        height: 1340,
        components: vec![1, 2, 3],
        precision: 8,
        coding: Coding::Progressive,
        exif: None,
        scans,
        truncated: false,
    }
}

#[test]
fn bands_are_zigzag_bit_ranges() {
    assert_eq!(band_mask(0, 0), 1);
    assert_eq!(band_mask(1, 5), 0b111110);
    assert_eq!(band_mask(1, 63), u64::MAX - 1);
    assert_eq!(
        band_mask(9, 3),
        u64::MAX,
        "an impossible band counts as all"
    );
}

#[test]
fn a_reduced_inverse_dct_reads_the_top_left_corner() {
    assert_eq!(used_coefficients(1), 1);
    // 2×2: natural 0, 1, 8, 9 are zig-zag 0, 1, 2, 4.
    assert_eq!(used_coefficients(2), 0b10111);
    assert_eq!(used_coefficients(4).count_ones(), 16);
    assert_eq!(used_coefficients(8), u64::MAX);
}

#[test]
fn a_dc_decode_keeps_the_dc_scans_and_drops_every_ac_scan() {
    // The scan script of the catalog photos (mozjpeg's default).
    let markers = progressive(vec![
        scan(&[1], 0, 0, 0),
        scan(&[2], 0, 0, 0),
        scan(&[3], 0, 0, 0),
        scan(&[1], 1, 2, 0),
        scan(&[1], 3, 63, 0),
        scan(&[1], 1, 63, 1),
        scan(&[2], 1, 63, 0),
        scan(&[3], 1, 63, 0),
    ]);
    assert_eq!(
        markers.scans_to_keep(used_coefficients(1)),
        [true, true, true, false, false, false, false, false]
    );
}

#[test]
fn a_kept_refinement_scan_keeps_every_earlier_scan_of_its_band() {
    let markers = progressive(vec![
        scan(&[1, 2, 3], 0, 0, 0),
        scan(&[1], 1, 2, 0),
        scan(&[1], 3, 63, 0),
        scan(&[1], 1, 63, 1),
        scan(&[2], 1, 63, 0),
        scan(&[3], 1, 63, 0),
        scan(&[1, 2, 3], 0, 0, 1),
    ]);
    // 2×2 reads zig-zag 0..=4: the Y refinement over 1..=63 needs the Y scan of 3..=63.
    assert_eq!(
        markers.scans_to_keep(used_coefficients(2)),
        [true, true, true, true, true, true, true]
    );
    // DC only: the DC refinement stays, the AC scans go.
    assert_eq!(
        markers.scans_to_keep(used_coefficients(1)),
        [true, false, false, false, false, false, true]
    );
}

#[test]
fn a_grid_decode_reads_each_bands_first_scan_and_no_ac_refinement() {
    // libjpeg's standard progressive script for a colour photo.
    let markers = progressive(vec![
        scan(&[1, 2, 3], 0, 0, 0),
        scan(&[1], 1, 5, 0),
        scan(&[3], 1, 63, 0),
        scan(&[2], 1, 63, 0),
        scan(&[1], 6, 63, 0),
        scan(&[1], 1, 63, 2),
        scan(&[1, 2, 3], 0, 0, 1),
        scan(&[3], 1, 63, 1),
        scan(&[2], 1, 63, 1),
        scan(&[1], 1, 63, 1),
    ]);
    // 2×2 reads zig-zag 0..=4: the DC scans and refinement, the first scans of 1..=5 and of
    // each chroma band; not Y 6..=63, which no kept scan needs without the refinements.
    assert_eq!(
        markers.first_scans_to_keep(used_coefficients(2)),
        [
            true, true, true, true, false, false, true, false, false, false
        ]
    );
    assert_eq!(
        markers.first_scans_to_keep(used_coefficients(1)),
        [
            true, false, false, false, false, false, true, false, false, false
        ]
    );
}

#[test]
fn scans_are_cut_out_and_the_file_still_ends_with_eoi() {
    // SOI, a fake frame, two scans (DC, then AC), EOI.
    let mut data = vec![0xFF, 0xD8];
    data.extend([
        0xFF, 0xC2, 0, 17, 8, 0, 16, 0, 16, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
    ]);
    let dc_at = data.len();
    data.extend([
        0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 0, 0, 0xAA, 0xFF, 0x00, 0xBB,
    ]);
    let ac_at = data.len();
    data.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 1, 63, 0, 0xCC, 0xFF, 0xD0, 0xDD]);
    data.extend([0xFF, 0xD9]);
    let markers = JpegMarkers::read(&data).unwrap();
    assert_eq!((markers.width, markers.height), (16, 16));
    assert_eq!(markers.coding, Coding::Progressive);
    assert_eq!(markers.scans.len(), 2);
    assert_eq!(
        markers.scans[0].bytes,
        dc_at..ac_at,
        "a stuffed 0xFF00 stays inside the scan"
    );
    assert_eq!(
        markers.scans[1].bytes,
        ac_at..data.len() - 2,
        "RST markers stay inside"
    );
    assert!(!markers.truncated);

    let reduced = markers.without_unused_scans(&data, 1).unwrap();
    let mut expected = data[..ac_at].to_vec();
    expected.extend([0xFF, 0xD9]);
    assert_eq!(reduced, expected);
    assert_eq!(markers.without_unused_scans(&data, 8), None);
}

#[test]
fn a_cut_file_is_marked_truncated_and_gets_an_eoi() {
    let mut data = vec![0xFF, 0xD8];
    data.extend([0xFF, 0xC2, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    data.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0, 0, 0x12]);
    data.extend([0xFF, 0xDA, 0, 8, 1, 1, 0, 1, 63, 0, 0x34]);
    let markers = JpegMarkers::read(&data).unwrap();
    assert!(markers.truncated);
    let reduced = markers.without_unused_scans(&data, 1).unwrap();
    assert!(reduced.ends_with(&[0x12, 0xFF, 0xD9]), "{reduced:02X?}");
}

#[test]
fn broken_headers_are_named() {
    assert_eq!(
        JpegMarkers::read(b"GIF89a").unwrap_err(),
        MarkerError::NotJpeg
    );
    assert_eq!(
        JpegMarkers::read(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0]).unwrap_err(),
        MarkerError::NoFrame
    );
    let arithmetic = [0xFF, 0xD8, 0xFF, 0xC9, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0];
    assert_eq!(
        JpegMarkers::read(&arithmetic).unwrap_err(),
        MarkerError::Unsupported("arithmetic-coded JPEG")
    );
    let zero_length = [0xFF, 0xD8, 0xFF, 0xE0, 0, 1];
    assert!(matches!(
        JpegMarkers::read(&zero_length).unwrap_err(),
        MarkerError::Malformed(_)
    ));
}

//! Every file in `fixtures/edge/` through the local pipeline: a thumbnail of the right size
//! or the error that names the problem, never a panic, and memory checked before decoding.

use crate::support::*;
use shelflink::thumbs::pipeline::{
    Channels, Limits, fit_size, pixels_of_bytes, thumbnail_of_bytes, thumbnail_of_file,
};
use shelflink::thumbs::{ThumbError, ThumbSize};

/// What the pipeline must make of a file.
#[derive(Debug)]
enum Expect {
    /// A thumbnail of an image that shows `w`×`h` pixels upright.
    Thumb { w: u32, h: u32 },
    /// An error whose message starts with the text.
    Error(&'static str),
    /// Damage in a refinement scan of a progressive file: the list and grid sizes, read from
    /// the DC scans and the first scan of each band alone, are a thumbnail of `w`×`h`; larger
    /// sizes need the damaged data and give `error`.
    FirstScansOnly { w: u32, h: u32, error: &'static str },
}

impl Expect {
    fn at(&self, size: ThumbSize) -> Expect {
        match *self {
            FirstScansOnly { w, h, .. } if size <= ThumbSize::Grid => Thumb { w, h },
            FirstScansOnly { error, .. } => Error(error),
            Thumb { w, h } => Thumb { w, h },
            Error(text) => Error(text),
        }
    }
}
use Expect::*;

const EDGE: &[(&str, Expect)] = &[
    ("001.tif", Thumb { w: 640, h: 512 }),
    ("ExifTool.tif", Thumb { w: 160, h: 120 }),
    ("ExtendedXMP.jpg", Thumb { w: 8, h: 8 }),
    (
        "huge_tag_exif.jpg",
        Error("the image is damaged (the file ends before the JPEG frame header)"),
    ),
    ("infinite_loop_exif.jpg", Thumb { w: 8, h: 8 }),
    (
        "iphone.heic",
        Error("HEIC images get no thumbnail in Shelflink: export the photo as JPEG"),
    ),
    (
        "iptc-psAPP13-wIPTC1-psAPP13-wIPTC2.jpg",
        Thumb { w: 420, h: 300 },
    ),
    (
        "issue_1847_poc.jpg",
        Error("the image is damaged (a scan comes before the frame header)"),
    ),
    ("made-16bit-rgb.png", Thumb { w: 323, h: 400 }),
    ("made-cmyk.jpg", Thumb { w: 484, h: 600 }),
    (
        "made-corrupt-scan-data.jpg",
        FirstScansOnly {
            w: 1080,
            h: 1340,
            error: "the image is damaged (invalid JPEG format",
        },
    ),
    (
        "made-huge-dimensions-65500x65500.jpg",
        Error("the image claims 65500×65500 pixels, more than the 200 megapixels"),
    ),
    ("made-iim-expiration-2020.jpg", Thumb { w: 516, h: 350 }),
    (
        "made-invalid-marker.jpg",
        Error("the image is damaged (an unknown marker FF4E at byte 158)"),
    ),
    // Only the end marker is missing: the whole picture is there.
    ("made-missing-eoi.jpg", Thumb { w: 1274, h: 1580 }),
    ("made-plus-license-end-2099.jpg", Thumb { w: 525, h: 350 }),
    ("made-png-named-jpg.jpg", Thumb { w: 64, h: 80 }),
    // Progressive and cut in half: the thumbnail shows what the scans that arrived hold.
    ("made-truncated-50pct.jpg", Thumb { w: 1274, h: 1580 }),
    (
        "made-truncated-after-sos-header.jpg",
        Error("the image is damaged (the file is cut short before the end of its first scan"),
    ),
    ("made-zero-bytes.jpg", Error("the file is empty (0 bytes)")),
    ("orientation/f1t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f2t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f3t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f4t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f5t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f6t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f7t.jpg", Thumb { w: 48, h: 80 }),
    ("orientation/f8t.jpg", Thumb { w: 48, h: 80 }),
];

/// Every image file in the edge folder (and its orientation folder).
fn edge_files() -> Vec<String> {
    let root = fixtures().join("edge");
    let mut names = Vec::new();
    for (dir, prefix) in [
        (root.clone(), ""),
        (root.join("orientation"), "orientation/"),
    ] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_file() && !name.ends_with(".md") && !name.ends_with(".json") {
                names.push(format!("{prefix}{name}"));
            }
        }
    }
    names.sort();
    names
}

#[test]
fn the_table_covers_every_edge_file() {
    let listed: Vec<String> = EDGE.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(
        edge_files(),
        listed,
        "a new edge fixture needs a row in EDGE"
    );
}

#[test]
fn every_edge_file_gives_a_thumbnail_or_a_clear_error_at_every_size() {
    for size in [ThumbSize::List, ThumbSize::Grid, ThumbSize::Detail] {
        for (name, expect) in EDGE {
            let result = thumbnail_of_file(&edge(name), size.px(), &Limits::default());
            match (&expect.at(size), result) {
                (&Thumb { w, h }, Ok(thumb)) => {
                    assert_eq!(
                        (thumb.width, thumb.height),
                        fit_size(w, h, size.px()),
                        "{name} at {size:?}"
                    );
                    let decoded = image::load_from_memory(&thumb.bytes)
                        .unwrap_or_else(|e| panic!("{name}: the thumbnail decodes: {e}"));
                    assert_eq!(
                        (decoded.width(), decoded.height()),
                        (thumb.width, thumb.height)
                    );
                    assert_eq!(thumb.content_type, "image/jpeg", "{name}: opaque, so JPEG");
                }
                (&Error(start), Err(err)) => {
                    let text = err.to_string();
                    assert!(text.starts_with(start), "{name} at {size:?}: {text}");
                    assert!(err.is_about_the_image(), "{name}: {err:?}");
                }
                (expect, got) => panic!("{name} at {size:?}: expected {expect:?}, got {got:?}"),
            }
        }
    }
}

#[test]
fn the_list_size_matches_the_pixels_worked_out_by_hand() {
    let list = |name: &str| {
        let t = thumbnail_of_file(&edge(name), 160, &Limits::default()).unwrap();
        (t.width, t.height)
    };
    assert_eq!(list("001.tif"), (160, 128));
    assert_eq!(list("ExifTool.tif"), (160, 120));
    assert_eq!(list("made-cmyk.jpg"), (129, 160));
    assert_eq!(list("made-16bit-rgb.png"), (129, 160));
    assert_eq!(
        list("orientation/f6t.jpg"),
        (48, 80),
        "stored 80×48, shown turned"
    );
}

#[test]
fn the_pixel_limit_refuses_the_bomb_before_allocating_its_pixels() {
    let data = std::fs::read(edge("made-huge-dimensions-65500x65500.jpg")).unwrap();
    let (result, peak) = peak_allocation(|| pixels_of_bytes(&data, 320, &Limits::default()));
    assert_eq!(
        result.unwrap_err(),
        ThumbError::TooLarge {
            width: 65500,
            height: 65500,
            limit_mp: 200
        }
    );
    // 65500×65500 RGB would be 12.9 GB; the refusal costs its error message.
    assert!(peak < 16 * 1024, "the check allocated {peak} bytes");
}

#[test]
fn memory_and_pixel_limits_refuse_large_photos_with_the_numbers() {
    let photo = std::fs::read(catalog_photo("mh02-black_main.jpg")).unwrap();
    let small_pixels = Limits {
        max_pixels: 1_000_000,
        ..Limits::default()
    };
    assert!(matches!(
        thumbnail_of_bytes(&photo, 320, &small_pixels),
        Err(ThumbError::TooLarge {
            width: 1274,
            height: 1580,
            limit_mp: 1
        })
    ));
    // Progressive: every coefficient of the 1274×1580 photo is held until the last scan.
    let small_memory = Limits {
        max_memory: 4 << 20,
        ..Limits::default()
    };
    let (result, peak) = peak_allocation(|| thumbnail_of_bytes(&photo, 320, &small_memory));
    match result {
        Err(ThumbError::TooMuchMemory {
            needed_mib: Some(mib),
            limit_mib: 4,
        }) => {
            assert!((10..20).contains(&mib), "{mib} MiB")
        }
        other => panic!("expected a memory refusal, got {other:?}"),
    }
    assert!(peak < 64 * 1024, "the check allocated {peak} bytes");
}

#[test]
fn every_edge_file_is_decoded_within_its_estimate() {
    let limits = Limits::default();
    for (name, _) in EDGE {
        let data = std::fs::read(edge(name)).unwrap();
        let (_, peak) = peak_allocation(|| pixels_of_bytes(&data, 320, &limits));
        // The largest edge file is the 1274×1580 progressive photo: its coefficients
        // (12 MiB) and the decoded planes stay far below 64 MiB.
        assert!(peak < 64 << 20, "{name} took {} MiB", peak >> 20);
    }
}

#[test]
fn every_orientation_shows_the_letter_upright() {
    let upright = |name: &str| {
        let data = std::fs::read(edge(name)).unwrap();
        pixels_of_bytes(&data, 160, &Limits::default()).unwrap()
    };
    let reference = upright("orientation/f1t.jpg");
    assert_eq!(reference.channels, Channels::Luma);
    for n in 2..=8 {
        let name = format!("orientation/f{n}t.jpg");
        let turned = upright(&name);
        assert_eq!(
            (turned.width, turned.height),
            (reference.width, reference.height),
            "{name}"
        );
        let diff = mean_difference(&turned.data, &reference.data);
        assert!(
            diff < 8.0,
            "{name} differs from the upright F by {diff:.1} on average"
        );
    }
    // The check is sharp: the stored (unturned) pixels of a quarter turn do not match.
    let mirrored: Vec<u8> = reference
        .data
        .chunks(reference.width as usize)
        .flat_map(|row| row.iter().rev().copied())
        .collect();
    assert!(mean_difference(&mirrored, &reference.data) > 20.0);
}

#[test]
fn a_cmyk_jpeg_shows_the_colours_of_its_rgb_original() {
    let thumb = |path| {
        let data = std::fs::read(path).unwrap();
        pixels_of_bytes(&data, 160, &Limits::default()).unwrap()
    };
    let cmyk = thumb(edge("made-cmyk.jpg"));
    let rgb = thumb(catalog_photo("mh02-black_main.jpg"));
    assert_eq!(cmyk.channels, Channels::Rgb);
    assert_eq!((cmyk.width, cmyk.height), (rgb.width, rgb.height));
    let diff = mean_difference(&cmyk.data, &rgb.data);
    assert!(
        diff < 16.0,
        "CMYK thumbnail differs from the RGB photo by {diff:.1}"
    );
    let inverted: Vec<u8> = cmyk.data.iter().map(|v| 255 - v).collect();
    assert!(
        mean_difference(&inverted, &rgb.data) > 100.0,
        "not a negative"
    );
}

#[test]
fn a_16_bit_png_becomes_an_8_bit_thumbnail_of_the_same_picture() {
    let thumb = |path| {
        let data = std::fs::read(path).unwrap();
        pixels_of_bytes(&data, 160, &Limits::default()).unwrap()
    };
    let deep = thumb(edge("made-16bit-rgb.png"));
    let photo = thumb(catalog_photo("mh02-black_main.jpg"));
    assert_eq!(deep.channels, Channels::Rgb);
    assert_eq!((deep.width, deep.height), (photo.width, photo.height));
    assert!(mean_difference(&deep.data, &photo.data) < 16.0);
}

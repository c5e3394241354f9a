//! The local thumbnail pipeline against `image`-crate decode + resize, on the catalog photos
//! (276 progressive JPEGs, 1080×1340 and 1274×1580), at the list (160 px) and grid (320 px)
//! sizes. Both sides go from the file's bytes to upright 8-bit pixels fitting the box with a
//! Lanczos3 filter; encoding the thumbnail is left out of both. Printed side by side at the
//! end of one run: `cargo bench --bench thumbs`. Besides criterion's wall-clock medians it
//! prints the CPU time the process spent per photo over one pass of every photo (every
//! thread, so a decoder's worker threads count too), which other processes on a busy
//! machine change far less than the wall clock. Like the app,
//! the bench process keeps freed memory for reuse (`thumbs::keep_freed_memory`), which serves
//! both sides; `SHELFLINK_BENCH_SYSTEM_ALLOCATOR=1` leaves glibc's default to compare.

use criterion::Criterion;
use shelflink::thumbs::ThumbSize;
use shelflink::thumbs::pipeline::{Limits, pixels_of_bytes};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const SIZES: [ThumbSize; 2] = [ThumbSize::List, ThumbSize::Grid];

fn fixtures() -> PathBuf {
    std::env::var_os("SHELFLINK_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
}

fn photos() -> Vec<Vec<u8>> {
    let dir = fixtures().join("catalog/images");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the catalog photos in {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("jpg")))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// What a program using only the `image` crate does: decode, then resize to fit the box.
fn image_crate(data: &[u8], box_px: u32) -> image::DynamicImage {
    image::load_from_memory(data)
        .expect("a catalog photo decodes")
        .resize(box_px, box_px, image::imageops::FilterType::Lanczos3)
}

fn bench(c: &mut Criterion, photos: &[Vec<u8>]) {
    let limits = Limits::default();
    for size in SIZES {
        let px = size.px();
        let mut group = c.benchmark_group(format!("thumbs_{px}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8));
        let mut i = 0;
        group.bench_function("pipeline", |b| {
            b.iter(|| {
                i = (i + 1) % photos.len();
                black_box(pixels_of_bytes(&photos[i], px, &limits).expect("a thumbnail"))
            })
        });
        let mut i = 0;
        group.bench_function("image_crate", |b| {
            b.iter(|| {
                i = (i + 1) % photos.len();
                black_box(image_crate(&photos[i], px))
            })
        });
        group.finish();
    }
}

/// The CPU time this process has used (all its threads), in milliseconds.
fn process_cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec for clock_gettime to fill.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "the process CPU clock is readable");
    t.tv_sec as f64 * 1e3 + t.tv_nsec as f64 / 1e6
}

/// The process's CPU time per photo for one pass over every photo (after one untimed pass).
fn cpu_ms_per_photo(photos: &[Vec<u8>], mut f: impl FnMut(&[u8])) -> f64 {
    photos.iter().for_each(|p| f(p));
    let start = process_cpu_ms();
    photos.iter().for_each(|p| f(p));
    (process_cpu_ms() - start) / photos.len() as f64
}

/// The median of one benchmark from criterion's estimates, in milliseconds.
fn median_ms(group: &str, function: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let path = target
        .join("criterion")
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? / 1e6)
}

fn main() {
    // What the app and the command line tool do at start.
    if std::env::var_os("SHELFLINK_BENCH_SYSTEM_ALLOCATOR").is_none() {
        shelflink::thumbs::keep_freed_memory();
    }
    let photos = photos();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &photos);
    c.final_summary();

    println!(
        "\nLocal thumbnails of {} catalog photos, median per photo:",
        photos.len()
    );
    println!("| size | shelflink pipeline | image decode + resize (Lanczos3) | ratio |");
    println!("|---|---|---|---|");
    for size in SIZES {
        let group = format!("thumbs_{}", size.px());
        match (
            median_ms(&group, "pipeline"),
            median_ms(&group, "image_crate"),
        ) {
            (Some(ours), Some(theirs)) => println!(
                "| {} px | {ours:.2} ms | {theirs:.2} ms | {:.1}× |",
                size.px(),
                theirs / ours
            ),
            _ => println!("| {} px | (not measured in this run) | | |", size.px()),
        }
    }

    println!("\nThe same, CPU time of the process per photo (one pass of every photo):");
    println!("| size | shelflink pipeline | image decode + resize (Lanczos3) | ratio |");
    println!("|---|---|---|---|");
    let limits = Limits::default();
    for size in SIZES {
        let px = size.px();
        let ours = cpu_ms_per_photo(&photos, |p| {
            black_box(pixels_of_bytes(p, px, &limits).expect("a thumbnail"));
        });
        let theirs = cpu_ms_per_photo(&photos, |p| {
            black_box(image_crate(p, px));
        });
        println!(
            "| {px} px | {ours:.2} ms | {theirs:.2} ms | {:.1}× |",
            theirs / ours
        );
    }
}

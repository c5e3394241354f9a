//! The grid benchmark's report: each build's figures against the targets and, with an
//! earlier build measured in the same run, both side by side.

use super::{Build, FIRST_PAINT_TARGET_MS, FRAME_TARGET_MS, FirstPaint};
use std::time::Duration;

pub fn report(images: usize, synced_in: Duration, builds: &[Build]) {
    println!();
    println!(
        "grid benchmark: {images} images cached (synced in {:.1} s), window 1280×800 on Xvfb",
        synced_in.as_secs_f64()
    );
    for build in builds {
        println!();
        println!("{} ({}):", build.label, build.app.display());
        print_build(build);
    }
    if let [before, after] = builds {
        println!();
        println!(
            "before → this build, measured alternately in this run (ratio = before / this build):"
        );
        println!("| measure | before | this build | ratio |");
        println!("|---|---|---|---|");
        let row = |what: &str, b: f64, a: f64| {
            println!(
                "| {what} | {b:.0} ms | {a:.0} ms | {:.2}× |",
                b / a.max(0.5)
            );
        };
        let median = |build: &Build, f: fn(&FirstPaint) -> f64| {
            percentile(
                &mut build.first_paints.iter().map(f).collect::<Vec<_>>(),
                50.0,
            )
        };
        row(
            "first paint after process start, median",
            median(before, |p| p.since_process_start),
            median(after, |p| p.since_process_start),
        );
        row(
            "of it, process start to navigation start, median",
            median(before, |p| p.since_process_start - p.since_navigation),
            median(after, |p| p.since_process_start - p.since_navigation),
        );
        row(
            "first paint after navigation start, median",
            median(before, |p| p.since_navigation),
            median(after, |p| p.since_navigation),
        );
        row(
            "of it, navigation start to DOMContentLoaded, median",
            median(before, |p| p.script_ran),
            median(after, |p| p.script_ran),
        );
        let (Some(b), Some(a)) = (&before.scrolls, &after.scrolls) else {
            return;
        };
        for (what, fb, fa) in [
            ("steady scroll", &b.steady, &a.steady),
            ("scroll-through", &b.through, &a.through),
        ] {
            for p in [50.0, 95.0] {
                row(
                    &format!("{what}: frame work p{p:.0}"),
                    percentile(&mut fb.work.clone(), p),
                    percentile(&mut fa.work.clone(), p),
                );
            }
            row(
                &format!("{what}: scroll handler p95"),
                percentile(&mut fb.script.clone(), 95.0),
                percentile(&mut fa.script.clone(), 95.0),
            );
            row(
                &format!("{what}: frame interval p50"),
                percentile(&mut fb.intervals.clone(), 50.0),
                percentile(&mut fa.intervals.clone(), 50.0),
            );
        }
    }
}

fn print_build(build: &Build) {
    let first_paints = &build.first_paints;
    let mut launch: Vec<f64> = first_paints.iter().map(|p| p.since_process_start).collect();
    let mut request: Vec<f64> = first_paints.iter().map(|p| p.since_request).collect();
    let mut navigation: Vec<f64> = first_paints.iter().map(|p| p.since_navigation).collect();
    let mut before_navigation: Vec<f64> = first_paints
        .iter()
        .map(|p| p.since_process_start - p.since_navigation)
        .collect();
    let each = |values: &[f64]| {
        values
            .iter()
            .map(|v| format!("{v:.0}"))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let (launch_each, request_each, navigation_each, before_each) = (
        each(&launch),
        each(&request),
        each(&navigation),
        each(&before_navigation),
    );
    let verdict = |ok: bool| if ok { "met" } else { "missed" };
    println!("| measure | result | target |");
    println!("|---|---|---|");
    let launch_median = percentile(&mut launch, 50.0);
    println!(
        "| first paint after the app's process started ({} launches: {launch_each} ms) | median {launch_median:.0} ms | ≤ {FIRST_PAINT_TARGET_MS:.0} ms ({}) |",
        first_paints.len(),
        verdict(launch_median <= FIRST_PAINT_TARGET_MS)
    );
    println!(
        "| first paint after the WebDriver session request ({request_each} ms) | median {:.0} ms | for reference |",
        percentile(&mut request, 50.0)
    );
    println!(
        "| of it, process start to the page's navigation start ({before_each} ms) | median {:.0} ms | for reference |",
        percentile(&mut before_navigation, 50.0)
    );
    println!(
        "| first paint after navigation start ({navigation_each} ms) | median {:.0} ms | for reference |",
        percentile(&mut navigation, 50.0)
    );
    let mut script: Vec<f64> = first_paints.iter().map(|p| p.script_ran).collect();
    println!(
        "| of it, the page loaded and its script ran (DOMContentLoaded; {} ms) | median {:.0} ms | for reference |",
        each(&script),
        percentile(&mut script, 50.0)
    );
    let Some(scrolls) = &build.scrolls else {
        return;
    };
    for run in [&scrolls.idle, &scrolls.steady, &scrolls.through] {
        let mut work = run.work.clone();
        let mut intervals = run.intervals.clone();
        let over = run.intervals.iter().filter(|&&i| i > 1.5 * 16.7).count();
        let p95 = percentile(&mut work, 95.0);
        println!(
            "| {}: frame work p50 / p95 / max | {:.1} / {p95:.1} / {:.1} ms | p95 ≤ {FRAME_TARGET_MS:.0} ms ({}) |",
            run.label,
            percentile(&mut work, 50.0),
            percentile(&mut work, 100.0),
            verdict(p95 <= FRAME_TARGET_MS)
        );
        if !run.script.is_empty() {
            let mut script = run.script.clone();
            println!(
                "| {}: of it, the scroll handler (virtualizer + React) p50 / p95 | {:.1} / {:.1} ms | for reference |",
                run.label,
                percentile(&mut script, 50.0),
                percentile(&mut script, 95.0)
            );
        }
        println!(
            "| {}: frame interval p50 / p95 / max, frames over 25 ms | {:.1} / {:.1} / {:.1} ms, {over} of {} | for reference |",
            run.label,
            percentile(&mut intervals, 50.0),
            percentile(&mut intervals, 95.0),
            percentile(&mut intervals, 100.0),
            run.intervals.len()
        );
        if run.scroll_max > 0.0 && !run.label.starts_with("idle") {
            eprintln!(
                "{}: ended at {:.0} of {:.0} px",
                run.label, run.scrolled_to, run.scroll_max
            );
        }
    }
    let through = &scrolls.through;
    if through.scrolled_to + 1.0 < through.scroll_max {
        panic!(
            "the scroll-through of {} stopped at {:.0} of {:.0} px: the figures do not cover the whole grid",
            build.label, through.scrolled_to, through.scroll_max
        );
    }
}

/// The `p`th percentile (nearest rank) of `values`; sorts them.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    assert!(!values.is_empty(), "no samples");
    values.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

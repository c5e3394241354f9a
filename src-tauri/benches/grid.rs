//! The thumbnail grid on a large catalog, in the real app's webview: `make bench-grid`.
//!
//! The release command-line tool serves `shelflink sim --synthetic N` (N = 50,000 images and
//! about 20,000 products unless `SHELFLINK_BENCH_IMAGES` says otherwise), connects a fresh
//! data folder to it and syncs it, so the cache holds every image before the app starts.
//! Then the release app (the production build the package holds) starts on that folder
//! under Xvfb, driven by tauri-driver and WebKitWebDriver, and the page itself measures:
//! - **first paint**: from the start of the app's process (its start time in /proc) to the
//!   grid's `shelflink:grid-first-paint` performance mark, set in the animation frame after
//!   the first cells with their data were rendered; for reference also from the WebDriver
//!   session request (tauri-driver and WebKitWebDriver start the app on it) and from the
//!   page's navigation start. The app is launched `LAUNCHES` times.
//! - **frames while scrolling**: the page scrolls the grid one step per animation frame — a
//!   steady scroll, then a scroll-through from top to bottom — and records per frame the
//!   main-thread work (from the frame's start or its scroll event, through the virtualizer's
//!   render, to a message posted from the frame's animation callback, which runs once the
//!   browser's rendering step is over), of that the scroll event's handling (the virtualizer
//!   and React rendering the step), and the interval between frames.
//!
//! Printed side by side with the targets (first paint ≤ 300 ms, frame time p95 ≤ 16 ms).
//! Evidence goes to `target/e2e/grid-bench/` (screenshots, the driver's log of the last
//! launch and the app's own logs, which time every command) and
//! `target/e2e/grid-bench-tools/` (the simulator's, connect's and sync's logs).
//! `SHELFLINK_BENCH_BIN` names the folder holding the release `shelflink` and
//! `shelflink-app` (default `target/release`, which `make bench-grid` builds).
//!
//! Before and after in one run: `SHELFLINK_BENCH_BEFORE` names a folder holding an earlier
//! build's `shelflink-app` (a copy of `target/release/shelflink-app` taken before a change).
//! Each build then gets its own data folder synced from the same simulator, the launches
//! alternate between the two (the order flips every round, so the machine's load drifts
//! over both alike), the last launch of each scrolls, and the report ends with both side by
//! side and their ratios. The figures of a shared machine vary from run to run; ratios
//! measured in one run are what to compare.
#![cfg(target_os = "linux")]

#[allow(dead_code)]
#[path = "../tests/e2e_support/mod.rs"]
mod e2e_support;
#[path = "grid/report.rs"]
mod report;
#[path = "grid/tools.rs"]
mod tools;

use e2e_support::e2e_dir;
use e2e_support::session::Session;
use report::report;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};
use tools::{Sim, connect, newest_process, process_start_ms, tool, wait_for_exit};

const LAUNCHES: usize = 3;
/// The steady scroll: pixels per frame (6,000 px/s at 60 frames a second, a brisk wheel).
const STEADY_PX_PER_FRAME: u32 = 100;
const STEADY_FRAMES: u32 = 600;
/// The scroll-through: every frame shows rows the previous one did not.
const THROUGH_FRAMES: u32 = 1200;
const FIRST_PAINT_TARGET_MS: f64 = 300.0;
const FRAME_TARGET_MS: f64 = 16.0;

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no arguments.
    let images: usize = std::env::var("SHELFLINK_BENCH_IMAGES")
        .ok()
        .map(|n| {
            n.parse()
                .expect("SHELFLINK_BENCH_IMAGES is a number of images")
        })
        .unwrap_or(50_000);
    let bin = release_bin();
    let before = std::env::var_os("SHELFLINK_BENCH_BEFORE").map(PathBuf::from);
    if let Some(before) = &before {
        assert!(
            before.join("shelflink-app").is_file(),
            "SHELFLINK_BENCH_BEFORE names a folder holding an earlier build's shelflink-app: {} \
             has none",
            before.display()
        );
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run(images, &bin, before));
}

fn release_bin() -> PathBuf {
    let bin = std::env::var_os("SHELFLINK_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release"));
    for name in ["shelflink", "shelflink-app"] {
        assert!(
            bin.join(name).is_file(),
            "{} is missing: build the release app and tool with `make bench-grid` (or point \
             SHELFLINK_BENCH_BIN at a folder holding both)",
            bin.join(name).display()
        );
    }
    bin
}

/// One build of the app under measurement, on its own data folder (so its thumbnails are
/// made by itself).
pub struct Build {
    label: &'static str,
    app: PathBuf,
    home: PathBuf,
    evidence: &'static str,
    first_paints: Vec<FirstPaint>,
    scrolls: Option<Scrolls>,
}

pub struct Scrolls {
    idle: Frames,
    steady: Frames,
    through: Frames,
}

async fn run(images: usize, bin: &Path, before: Option<PathBuf>) {
    let evidence = e2e_dir().join("grid-bench-tools");
    let _ = std::fs::remove_dir_all(&evidence);
    std::fs::create_dir_all(&evidence).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let cli = bin.join("shelflink");

    let sim = Sim::start(&cli, images, &evidence);
    let mut builds = Vec::new();
    if let Some(before) = before {
        builds.push(Build::new(
            "before",
            before.join("shelflink-app"),
            scratch.path().join("before"),
            "grid-bench-before",
        ));
    }
    builds.push(Build::new(
        "this build",
        bin.join("shelflink-app"),
        scratch.path().join("shelflink"),
        "grid-bench",
    ));
    let mut synced_in = Duration::ZERO;
    for build in &builds {
        connect(
            &cli,
            &build.home,
            &sim.announcement,
            &evidence.join("connect.log"),
        );
        let started = Instant::now();
        tool(&cli, &build.home, &["sync"], "", &evidence.join("sync.log"));
        synced_in = started.elapsed();
        eprintln!(
            "cache of {} filled: {images} images synced in {synced_in:.1?}",
            build.label
        );
    }

    // Launches alternate between the builds (the order flips every round), so the
    // machine's load drifts over all of them alike; the last launch of each build then
    // scrolls.
    for round in 1..=LAUNCHES {
        let mut order: Vec<usize> = (0..builds.len()).collect();
        if round % 2 == 0 {
            order.reverse();
        }
        for index in order {
            let build = &mut builds[index];
            let session = Session::launch(build.evidence, &build.app, Some(&build.home)).await;
            let pid = newest_process(&build.app);
            let paint = first_paint(&session, pid).await;
            eprintln!(
                "{} launch {round}: first paint {:.0} ms after the app's process started, {:.0} \
                 ms after the session request, {:.0} ms after navigation start",
                build.label, paint.since_process_start, paint.since_request, paint.since_navigation
            );
            build.first_paints.push(paint);
            if round == LAUNCHES {
                build.scrolls = Some(scroll(&session, images).await);
            }
            Session::finish(session).await;
            // A second instance on the same data folder would hand over to the first.
            wait_for_exit(pid);
        }
    }
    drop(sim);
    for build in &builds {
        keep_logs(
            &build.home,
            &e2e_dir().join(build.evidence).join("app-logs"),
        );
    }
    report(images, synced_in, &builds);
}

/// Copies the app's log files (it times every command) out of the data folder, which goes
/// with the run.
fn keep_logs(home: &Path, to: &Path) {
    let Ok(files) = std::fs::read_dir(home.join("logs")) else {
        return;
    };
    std::fs::create_dir_all(to).unwrap();
    for file in files.flatten() {
        let _ = std::fs::copy(file.path(), to.join(file.file_name()));
    }
}

impl Build {
    fn new(label: &'static str, app: PathBuf, home: PathBuf, evidence: &'static str) -> Build {
        Build {
            label,
            app,
            home,
            evidence,
            first_paints: Vec::new(),
            scrolls: None,
        }
    }
}

/// Waits for the grid to count every image and the start-up sync to end, then measures an
/// idle page, the steady scroll and the scroll-through.
async fn scroll(session: &Session, images: usize) -> Scrolls {
    session.shot("first-paint").await;
    let shown = session
        .text_until(
            "the grid's count of every cached image",
            "[data-testid='asset-count']",
            Duration::from_secs(30),
            |text| {
                text.replace([',', '.', '\u{202f}', ' '], "")
                    .contains(&images.to_string())
            },
        )
        .await;
    eprintln!("grid: {shown}");
    session
        .wait_until(
            "the app's start-up sync to finish",
            Duration::from_secs(300),
            async || session.first_sync_finished().await.then_some(()),
        )
        .await;
    session
        .client
        .execute(MEASURE_JS, vec![])
        .await
        .expect("the measuring script installs");
    let idle = frames(session, json!({ "mode": "idle", "frames": 120 })).await;
    let steady = frames(
        session,
        json!({ "mode": "steady", "px": STEADY_PX_PER_FRAME, "frames": STEADY_FRAMES }),
    )
    .await;
    session.shot("after-steady-scroll").await;
    let through = frames(
        session,
        json!({ "mode": "through", "frames": THROUGH_FRAMES }),
    )
    .await;
    session.shot("end-of-scroll-through").await;
    Scrolls {
        idle,
        steady,
        through,
    }
}

pub struct FirstPaint {
    since_process_start: f64,
    since_request: f64,
    since_navigation: f64,
    /// From navigation start to the end of DOMContentLoaded: the page and its script loaded
    /// and ran (React's first render and the first calls come after).
    script_ran: f64,
}

/// Waits for the grid's first-paint mark and reads it against the app process's start and
/// the session request.
async fn first_paint(session: &Session, pid: u32) -> FirstPaint {
    let mark = session
        .wait_until(
            "the grid's first paint (performance mark shelflink:grid-first-paint)",
            Duration::from_secs(60),
            async || {
                let value = session
                    .client
                    .execute(
                        "const mark = performance.getEntriesByName('shelflink:grid-first-paint')[0]; \
                         const origin = performance.timeOrigin || performance.timing.navigationStart; \
                         const page = performance.getEntriesByType('navigation')[0]; \
                         return mark ? { at: mark.startTime, origin, script: page ? page.domContentLoadedEventEnd : null } : null;",
                        vec![],
                    )
                    .await
                    .ok()?;
                value.is_object().then_some(value)
            },
        )
        .await;
    let at = mark["at"].as_f64().expect("the mark's time");
    let origin = mark["origin"].as_f64().expect("the page's time origin");
    let requested = session
        .launched_at
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0;
    let painted = origin + at;
    FirstPaint {
        since_process_start: painted - process_start_ms(pid),
        since_request: painted - requested,
        since_navigation: at,
        script_ran: mark["script"].as_f64().unwrap_or(f64::NAN),
    }
}

pub struct Frames {
    label: String,
    work: Vec<f64>,
    /// Of the work, the scroll event's handling: the virtualizer and React rendering the step.
    script: Vec<f64>,
    intervals: Vec<f64>,
    scrolled_to: f64,
    scroll_max: f64,
}

/// Runs one measurement in the page and waits until its frames are recorded.
async fn frames(session: &Session, request: Value) -> Frames {
    session
        .client
        .execute(
            "window.__shelflinkGridBench(arguments[0]);",
            vec![request.clone()],
        )
        .await
        .expect("the measurement starts");
    let result = session
        .wait_until(
            &format!("the frames of {request}"),
            Duration::from_secs(300),
            async || {
                let value = session
                    .client
                    .execute("return window.__shelflinkGridRun;", vec![])
                    .await
                    .ok()?;
                (value["done"] == true).then_some(value)
            },
        )
        .await;
    let numbers = |key: &str| -> Vec<f64> {
        result[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} in {result}"))
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let label = match request["mode"].as_str() {
        Some("idle") => format!("idle, {} frames", request["frames"]),
        Some("steady") => format!(
            "steady scroll, {} px a frame, {} frames",
            request["px"], request["frames"]
        ),
        _ => format!("scroll-through top to bottom, {} frames", request["frames"]),
    };
    Frames {
        label,
        work: numbers("work"),
        script: numbers("script"),
        intervals: numbers("intervals"),
        scrolled_to: result["scrolledTo"].as_f64().unwrap_or(0.0),
        scroll_max: result["scrollMax"].as_f64().unwrap_or(0.0),
    }
}

/// Installs `window.__shelflinkGridBench({ mode, frames, px })`. Each animation frame it
/// takes one scroll step (none when idle) and records the frame's work and its interval;
/// the result is in `window.__shelflinkGridRun` once `done`.
const MEASURE_JS: &str = r#"
window.__shelflinkGridBench = ({ mode, frames, px }) => {
  const grid = document.querySelector("[data-testid='asset-grid']");
  const max = grid.scrollHeight - grid.clientHeight;
  const start = mode === "through" ? 0 : grid.scrollTop;
  if (mode === "through") grid.scrollTop = 0;
  const position = (step) =>
    mode === "steady" ? Math.min(max, start + px * step) : Math.round((max * step) / frames);
  const run = { done: false, work: [], script: [], intervals: [], scrollMax: max, scrolledTo: 0 };
  window.__shelflinkGridRun = run;
  let scrollEventAt = null;
  const onScroll = () => { if (scrollEventAt === null) scrollEventAt = performance.now(); };
  window.addEventListener("scroll", onScroll, { capture: true, passive: true });
  // Added after the virtualizer's own listener, so it runs once the grid rendered the step.
  const afterRender = () => { if (scrollEventAt !== null) run.script.push(performance.now() - scrollEventAt); };
  grid.addEventListener("scroll", afterRender, { passive: true });
  const channel = new MessageChannel();
  let frameStart = 0;
  let measuring = false;
  channel.port1.onmessage = () => { if (measuring) run.work.push(performance.now() - frameStart); };
  let last = null;
  let step = 0;
  const tick = (now) => {
    frameStart = Math.min(now, scrollEventAt ?? now);
    scrollEventAt = null;
    if (last !== null) run.intervals.push(now - last);
    last = now;
    // The first frame holds no scroll yet; from the second on, each one renders the step
    // the one before took.
    measuring = step > 0;
    if (step > frames) {
      window.removeEventListener("scroll", onScroll, { capture: true });
      grid.removeEventListener("scroll", afterRender);
      run.scrolledTo = grid.scrollTop;
      run.done = true;
      return;
    }
    if (mode !== "idle" && step < frames) grid.scrollTop = position(step + 1);
    step += 1;
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
"#;

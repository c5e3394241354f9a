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
//! Evidence goes to `target/e2e/grid-bench/` (screenshots and the driver's log of the last
//! launch) and `target/e2e/grid-bench-tools/` (the simulator's, connect's and sync's logs).
//! `SHELFLINK_BENCH_BIN` names the folder holding the release `shelflink` and
//! `shelflink-app` (default `target/release`, which `make bench-grid` builds).
#![cfg(target_os = "linux")]

#[allow(dead_code)]
#[path = "../tests/e2e_support/mod.rs"]
mod e2e_support;

use e2e_support::e2e_dir;
use e2e_support::session::Session;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, UNIX_EPOCH};

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
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run(images, &bin));
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

async fn run(images: usize, bin: &Path) {
    let evidence = e2e_dir().join("grid-bench-tools");
    let _ = std::fs::remove_dir_all(&evidence);
    std::fs::create_dir_all(&evidence).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let home = scratch.path().join("shelflink");
    let cli = bin.join("shelflink");

    let sim = Sim::start(&cli, images, &evidence);
    connect(
        &cli,
        &home,
        &sim.announcement,
        &evidence.join("connect.log"),
    );
    let started = Instant::now();
    tool(&cli, &home, &["sync"], "", &evidence.join("sync.log"));
    let synced_in = started.elapsed();
    eprintln!("cache filled: {images} images synced in {synced_in:.1?}");

    let app = bin.join("shelflink-app");
    let mut first_paints = Vec::new();
    let mut session: Option<(Session, u32)> = None;
    for launch in 1..=LAUNCHES {
        if let Some((previous, pid)) = session.take() {
            Session::finish(previous).await;
            // A second instance on the same data folder would hand over to the first.
            wait_for_exit(pid);
        }
        let current = Session::launch("grid-bench", &app, Some(&home)).await;
        let pid = newest_process(&app);
        let paint = first_paint(&current, pid).await;
        eprintln!(
            "launch {launch}: first paint {:.0} ms after the app's process started, {:.0} ms \
             after the session request, {:.0} ms after navigation start",
            paint.since_process_start, paint.since_request, paint.since_navigation
        );
        first_paints.push(paint);
        session = Some((current, pid));
    }
    let (session, _) = session.expect("at least one launch");
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
    let idle = frames(&session, json!({ "mode": "idle", "frames": 120 })).await;
    let steady = frames(
        &session,
        json!({ "mode": "steady", "px": STEADY_PX_PER_FRAME, "frames": STEADY_FRAMES }),
    )
    .await;
    session.shot("after-steady-scroll").await;
    let through = frames(
        &session,
        json!({ "mode": "through", "frames": THROUGH_FRAMES }),
    )
    .await;
    session.shot("end-of-scroll-through").await;
    session.finish().await;
    drop(sim);

    report(images, synced_in, &first_paints, &idle, &steady, &through);
}

struct FirstPaint {
    since_process_start: f64,
    since_request: f64,
    since_navigation: f64,
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
                         return mark ? { at: mark.startTime, origin } : null;",
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
    }
}

/// The newest process running `app`.
fn newest_process(app: &Path) -> u32 {
    let out = Command::new("pgrep")
        .args(["-n", "-f", &app.display().to_string()])
        .output()
        .expect("pgrep runs");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    pid.parse()
        .unwrap_or_else(|_| panic!("no process runs {} (pgrep: {pid:?})", app.display()))
}

/// When process `pid` started, in milliseconds since the Unix epoch: its start in clock
/// ticks after boot (/proc/PID/stat) placed on the wall clock through the time since boot
/// (/proc/uptime), to about 10 ms.
fn process_start_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let after_name = &stat[stat.rfind(')').expect("the command name") + 2..];
    let ticks: f64 = after_name
        .split(' ')
        .nth(19)
        .and_then(|field| field.parse().ok())
        .expect("field 22 of /proc/PID/stat, the start time");
    let ticks_per_second = 100.0; // USER_HZ on Linux
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split(' ')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("/proc/uptime");
    let now = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    (now - uptime + ticks / ticks_per_second) * 1000.0
}

struct Frames {
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

fn report(
    images: usize,
    synced_in: Duration,
    first_paints: &[FirstPaint],
    idle: &Frames,
    steady: &Frames,
    through: &Frames,
) {
    let mut launch: Vec<f64> = first_paints.iter().map(|p| p.since_process_start).collect();
    let mut request: Vec<f64> = first_paints.iter().map(|p| p.since_request).collect();
    let mut navigation: Vec<f64> = first_paints.iter().map(|p| p.since_navigation).collect();
    let each = |values: &[f64]| {
        values
            .iter()
            .map(|v| format!("{v:.0}"))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let (launch_each, request_each, navigation_each) =
        (each(&launch), each(&request), each(&navigation));
    let verdict = |ok: bool| if ok { "met" } else { "missed" };
    println!();
    println!(
        "grid benchmark: {images} images cached (synced in {:.1} s), window 1280×800 on Xvfb",
        synced_in.as_secs_f64()
    );
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
        "| first paint after navigation start ({navigation_each} ms) | median {:.0} ms | for reference |",
        percentile(&mut navigation, 50.0)
    );
    for run in [idle, steady, through] {
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
    if through.scrolled_to + 1.0 < through.scroll_max {
        panic!(
            "the scroll-through stopped at {:.0} of {:.0} px: the figures do not cover the whole grid",
            through.scrolled_to, through.scroll_max
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

/// Waits until process `pid` is gone, reaped and with it its D-Bus connection (at most
/// 30 s), and a moment more for the bus to see it go.
fn wait_for_exit(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            Instant::now() < deadline,
            "the app (process {pid}) still runs 30 s after its session ended"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
}

/// `shelflink sim --synthetic N`, stopped when dropped.
struct Sim {
    child: Child,
    announcement: Value,
}

impl Sim {
    fn start(cli: &Path, images: usize, evidence: &Path) -> Sim {
        let log = std::fs::File::create(evidence.join("sim.log")).unwrap();
        let mut child = Command::new(cli)
            .args(["sim", "--synthetic", &images.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {} sim: {err}", cli.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the simulator's start line");
        let announcement: Value = serde_json::from_str(&line)
            .unwrap_or_else(|err| panic!("the simulator's start line {line:?}: {err}"));
        Sim {
            child,
            announcement,
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Connects both services of the data folder `home` to the simulator.
fn connect(cli: &Path, home: &Path, sim: &Value, log: &Path) {
    let ps = &sim["photoshelter"];
    let ap = &sim["allportal"];
    let text = |v: &Value| {
        v.as_str()
            .unwrap_or_else(|| panic!("{v} in {sim}"))
            .to_owned()
    };
    tool(
        cli,
        home,
        &[
            "connect",
            "photoshelter",
            "--url",
            &text(&ps["base_url"]),
            "--user",
            &text(&ps["email"]),
            "--org",
            &text(&ps["org_id"]),
        ],
        &format!("{}\n{}\n", text(&ps["api_key"]), text(&ps["password"])),
        log,
    );
    tool(
        cli,
        home,
        &[
            "connect",
            "allportal",
            "--url",
            &text(&ap["base_url"]),
            "--user",
            &text(&ap["username"]),
        ],
        &format!("{}\n{}\n", text(&ap["api_key"]), text(&ap["password"])),
        log,
    );
}

/// Runs the command-line tool on `home` with `input` on its standard input; fails with its
/// log when it fails.
fn tool(cli: &Path, home: &Path, args: &[&str], input: &str, log: &Path) {
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let mut child = Command::new(cli)
        .args(args)
        .env("SHELFLINK_HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {} {args:?}: {err}", cli.display()));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "shelflink {args:?} failed ({status}):\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

//! Progress of a sync (phase, counts, rate, ETA), reported to whoever watches: the app
//! forwards it to the UI as the `sync_progress` event, the CLI draws a progress bar.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use ts_rs::TS;

/// Where a sync is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// Reading both systems.
    Fetching,
    /// Both read: links, version groups and rights flags are brought up to date.
    Reconciling,
    Finished,
    Cancelled,
    Failed,
}

/// How far one service's read came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceProgress {
    /// What is being read now, in words (e.g. "galleries", "products").
    pub step: String,
    /// Records read so far.
    pub done: u64,
    /// Records to read, when known.
    pub total: Option<u64>,
    /// Pages read so far.
    pub pages: u64,
}

/// One progress report (the `sync_progress` event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncProgress {
    pub run_id: i64,
    pub phase: SyncPhase,
    pub photoshelter: Option<ServiceProgress>,
    pub allportal: Option<ServiceProgress>,
    /// Records read so far, both services together.
    pub done: u64,
    /// Records to read in all, when every part of the total is known.
    pub total: Option<u64>,
    /// Records per second so far.
    pub rate_per_second: f64,
    /// Seconds left at that rate, when the total is known.
    pub eta_seconds: Option<u64>,
    pub elapsed_ms: u64,
}

/// Receives progress reports.
pub trait ProgressSink: Send + Sync {
    fn progress(&self, progress: &SyncProgress);
}

/// Drops every report.
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn progress(&self, _progress: &SyncProgress) {}
}

/// The two services a sync reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Side {
    PhotoShelter,
    Allportal,
}

#[derive(Default)]
struct SideState {
    step: String,
    done: u64,
    pages: u64,
    /// Totals of the parts being read (a gallery, a module), when known; `None` = unknown.
    totals: HashMap<String, Option<u64>>,
}

impl SideState {
    fn total(&self) -> Option<u64> {
        self.totals
            .values()
            .try_fold(0u64, |sum, t| t.map(|t| sum + t))
    }

    fn view(&self) -> ServiceProgress {
        ServiceProgress {
            step: self.step.clone(),
            done: self.done,
            total: self.total(),
            pages: self.pages,
        }
    }
}

struct State {
    phase: SyncPhase,
    sides: HashMap<Side, SideState>,
    last_sent: Option<Instant>,
}

/// Counts what a run read and sends reports, at most every `EVERY` except on phase changes.
pub(crate) struct Tracker<'a> {
    sink: &'a dyn ProgressSink,
    run_id: i64,
    started: Instant,
    state: Mutex<State>,
}

const EVERY: Duration = Duration::from_millis(150);

impl<'a> Tracker<'a> {
    pub fn new(sink: &'a dyn ProgressSink, run_id: i64, sides: &[Side]) -> Self {
        let sides = sides.iter().map(|s| (*s, SideState::default())).collect();
        Self {
            sink,
            run_id,
            started: Instant::now(),
            state: Mutex::new(State {
                phase: SyncPhase::Fetching,
                sides,
                last_sent: None,
            }),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The step a side is on now.
    pub fn step(&self, side: Side, step: &str) {
        self.with(|s| {
            if let Some(side) = s.sides.get_mut(&side) {
                side.step = step.to_owned();
            }
        });
        self.send(false);
    }

    /// The total of one part (`None` while unknown).
    pub fn part(&self, side: Side, part: &str, total: Option<u64>) {
        self.with(|s| {
            if let Some(side) = s.sides.get_mut(&side) {
                side.totals.insert(part.to_owned(), total);
            }
        });
    }

    /// One page of `records` read.
    pub fn page(&self, side: Side, records: u64) {
        self.with(|s| {
            if let Some(side) = s.sides.get_mut(&side) {
                side.done += records;
                side.pages += 1;
            }
        });
        self.send(false);
    }

    pub fn phase(&self, phase: SyncPhase) {
        self.with(|s| s.phase = phase);
        self.send(true);
    }

    /// The report as it stands.
    pub fn snapshot(&self) -> SyncProgress {
        let elapsed = self.started.elapsed();
        self.with(|s| {
            let view = |side| s.sides.get(&side).map(SideState::view);
            let (ps, ap) = (view(Side::PhotoShelter), view(Side::Allportal));
            let done = [&ps, &ap]
                .iter()
                .filter_map(|v| v.as_ref())
                .map(|v| v.done)
                .sum();
            let total = [&ps, &ap]
                .iter()
                .filter_map(|v| v.as_ref())
                .try_fold(0u64, |sum, v| v.total.map(|t| sum + t.max(v.done)));
            let secs = elapsed.as_secs_f64();
            let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
            let eta = match (total, rate > 0.0) {
                (Some(t), true) => Some(((t.saturating_sub(done)) as f64 / rate).ceil() as u64),
                _ => None,
            };
            SyncProgress {
                run_id: self.run_id,
                phase: s.phase,
                photoshelter: ps,
                allportal: ap,
                done,
                total,
                rate_per_second: (rate * 10.0).round() / 10.0,
                eta_seconds: eta,
                elapsed_ms: elapsed.as_millis() as u64,
            }
        })
    }

    fn send(&self, always: bool) {
        let due = self.with(|s| {
            let due = always || s.last_sent.is_none_or(|t| t.elapsed() >= EVERY);
            if due {
                s.last_sent = Some(Instant::now());
            }
            due
        });
        if due {
            self.sink.progress(&self.snapshot());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Kept(Mutex<Vec<SyncProgress>>);

    impl ProgressSink for Kept {
        fn progress(&self, p: &SyncProgress) {
            self.0.lock().unwrap().push(p.clone());
        }
    }

    #[test]
    fn the_total_is_known_once_every_part_is_and_the_eta_follows_the_rate() {
        let kept = Kept::default();
        let t = Tracker::new(&kept, 7, &[Side::PhotoShelter, Side::Allportal]);
        t.part(Side::PhotoShelter, "gallery:G1", Some(100));
        t.part(Side::PhotoShelter, "gallery:G2", None);
        t.part(Side::Allportal, "product", Some(50));
        t.page(Side::PhotoShelter, 40);
        assert_eq!(t.snapshot().total, None, "gallery G2 is not counted yet");
        t.part(Side::PhotoShelter, "gallery:G2", Some(20));
        std::thread::sleep(Duration::from_millis(5));
        let p = t.snapshot();
        assert_eq!((p.done, p.total), (40, Some(170)));
        assert!(p.rate_per_second > 0.0);
        assert!(p.eta_seconds.is_some());
        assert_eq!(p.photoshelter.unwrap().pages, 1);
        t.phase(SyncPhase::Finished);
        let sent = kept.0.lock().unwrap();
        assert_eq!(sent.first().unwrap().run_id, 7);
        assert_eq!(sent.last().unwrap().phase, SyncPhase::Finished);
    }
}

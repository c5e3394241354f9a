//! The grid benchmark's helpers outside the page: the simulator, the command-line tool,
//! and the app's process (its id, its start, its end).

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, UNIX_EPOCH};

/// The newest process running `app`.
pub fn newest_process(app: &Path) -> u32 {
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
pub fn process_start_ms(pid: u32) -> f64 {
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

/// Waits until process `pid` is gone, reaped and with it its D-Bus connection (at most
/// 30 s), and a moment more for the bus to see it go.
pub fn wait_for_exit(pid: u32) {
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
pub struct Sim {
    child: Child,
    pub announcement: Value,
}

impl Sim {
    pub fn start(cli: &Path, images: usize, evidence: &Path) -> Sim {
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
pub fn connect(cli: &Path, home: &Path, sim: &Value, log: &Path) {
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
pub fn tool(cli: &Path, home: &Path, args: &[&str], input: &str, log: &Path) {
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

//! The processes the end-to-end test needs, each stopped when dropped: a private Xvfb
//! display and tauri-driver (which starts WebKitWebDriver, which starts the app); and the
//! session the journeys share.

pub mod session;

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The app binary to drive: `SHELFLINK_E2E_APP` when set (an installed package's binary),
/// else the debug build cargo made for this test.
pub fn app_under_test() -> PathBuf {
    let app = app_from_env().unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_shelflink-app")));
    let runnable = std::fs::metadata(&app)
        .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        .unwrap_or(false);
    assert!(
        runnable,
        "the app to test, {}, is not an executable file; build it (`make app`) or point \
         SHELFLINK_E2E_APP at an installed one",
        app.display()
    );
    eprintln!("app under test: {}", app.display());
    app
}

fn app_from_env() -> Option<PathBuf> {
    std::env::var_os("SHELFLINK_E2E_APP")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
}

/// Where the evidence goes, created: `target/e2e/`, or `target/e2e/installed/` when the app
/// under test is an installed one, so the two runs never overwrite each other's.
pub fn e2e_dir() -> PathBuf {
    let mut dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("e2e");
    if app_from_env().is_some() {
        dir.push("installed");
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Stops a child with SIGTERM (so it can stop its own children), SIGKILL after 10 s.
fn stop(child: &mut Child, what: &str) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("{what} ignored SIGTERM for 10 s; killing it");
    let _ = child.kill();
    let _ = child.wait();
}

pub struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    /// Starts Xvfb on the first free display number, 1280×800.
    pub fn start() -> Xvfb {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!("cannot start Xvfb ({err}); install it with `make test` (package xvfb)")
            });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let number = rx
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_default()
            .trim()
            .to_owned();
        if number.is_empty() {
            stop(&mut child, "Xvfb");
            panic!("Xvfb did not report a display within 20 s");
        }
        Xvfb {
            child,
            display: format!(":{number}"),
        }
    }

    pub fn name(&self) -> String {
        self.display.clone()
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        stop(&mut self.child, "Xvfb");
    }
}

pub struct Driver {
    child: Child,
    port: u16,
    native_port: u16,
    log: PathBuf,
}

impl Driver {
    /// Starts tauri-driver on a free port, with the app's environment: the display, a
    /// throw-away HOME (window state, WebKit caches) and the Shelflink data folder.
    pub fn start(display: &Xvfb, home: &Path, shelflink_home: &Path, evidence: &Path) -> Driver {
        let driver = tauri_driver();
        let native = which("WebKitWebDriver").unwrap_or_else(|| {
            panic!(
                "WebKitWebDriver not found; install it with `make test` (package webkit2gtk-driver)"
            )
        });
        let port = free_port();
        let native_port = free_port();
        let log = evidence.join("tauri-driver.log");
        let log_file = std::fs::File::create(&log).unwrap();
        let child = Command::new(&driver)
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .arg("--native-driver")
            .arg(&native)
            .env("DISPLAY", display.name())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("SHELFLINK_HOME", shelflink_home)
            .env_remove("SHELFLINK_DEMO")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file.try_clone().unwrap()))
            .stderr(Stdio::from(log_file))
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", driver.display()));
        let mut driver = Driver {
            child,
            port,
            native_port,
            log,
        };
        driver.wait_until_listening();
        driver
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// Waits for tauri-driver and for the WebKitWebDriver it started: tauri-driver listens
    /// at once but refuses a session while WebKitWebDriver is still starting.
    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let listening = |port| TcpStream::connect(("127.0.0.1", port)).is_ok();
            if listening(self.port) && listening(self.native_port) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("tauri-driver exited ({status}); see {}", self.log.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "tauri-driver did not listen within 30 s; see {}",
            self.log.display()
        );
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        stop(&mut self.child, "tauri-driver");
    }
}

/// tauri-driver from `TAURI_DRIVER`, the repository's `.tools/bin/`, or PATH.
fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/bin/tauri-driver");
    if local.is_file() {
        return local;
    }
    which("tauri-driver").unwrap_or_else(|| {
        panic!(
            "tauri-driver not found: run `make test`, which installs it into .tools/, or \
             `cargo install tauri-driver --locked --root .tools`"
        )
    })
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}

/// Runs `program` on `display` and returns its stdout; fails after `limit`.
pub fn run_with_timeout(program: &str, args: &[&str], display: &str, limit: Duration) -> String {
    let mut child = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot run {program} ({err}); `make test` installs it"));
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{program} {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        output.status
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

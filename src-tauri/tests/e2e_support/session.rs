//! One app session for a walk through several journeys: the app on a fresh demo workspace,
//! a WebDriver client on it, numbered screenshots of each step, bounded waits that save a
//! screenshot and say what they waited for before failing, core calls the way the UI makes
//! them, and pointer drags (dnd-kit listens to pointer events, not HTML5 drag and drop).

use super::{Driver, Xvfb, app_under_test, e2e_dir};
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

pub struct Session {
    pub client: Client,
    /// When the session was asked for: tauri-driver starts the app on that request.
    #[allow(dead_code, reason = "the grid benchmark (benches/grid.rs) reads it")]
    pub launched_at: SystemTime,
    evidence: PathBuf,
    step: AtomicUsize,
    // Dropped in this order: the driver (and with it the app) before the display.
    driver: Driver,
    display: Xvfb,
    _scratch: tempfile::TempDir,
}

impl Session {
    /// Starts the app on a fresh data folder (so on the demo workspace) and waits until its
    /// first sync finished. Screenshots go to `target/e2e/<name>/`.
    pub async fn start(name: &str) -> Session {
        let session = Session::launch(name, &app_under_test(), None).await;
        session
            .wait_until(
                "the first sync of the demo workspace to finish (app_status.first_sync)",
                Duration::from_secs(120),
                async || session.first_sync_finished().await.then_some(()),
            )
            .await;
        session
    }

    /// Starts `app` on `shelflink_home` (a fresh data folder when `None`) and returns once
    /// the WebDriver session is open, without waiting for anything in the window.
    /// Screenshots go to `target/e2e/<name>/`.
    pub async fn launch(name: &str, app: &Path, shelflink_home: Option<&Path>) -> Session {
        let evidence = e2e_dir().join(name);
        let _ = std::fs::remove_dir_all(&evidence);
        std::fs::create_dir_all(&evidence).unwrap();
        let display = Xvfb::start();
        let scratch = tempfile::tempdir().unwrap();
        let shelflink_home = shelflink_home
            .map(Path::to_path_buf)
            .unwrap_or_else(|| scratch.path().join("shelflink"));
        let driver = Driver::start(&display, scratch.path(), &shelflink_home, &evidence);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": app, "args": [] }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let launched_at = SystemTime::now();
        let client = tokio::time::timeout(
            Duration::from_secs(90),
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&driver.url()),
        )
        .await
        .unwrap_or_else(|_| {
            panic!(
                "the WebDriver session did not start within 90 s (the app could not start?); see {}",
                driver.log_path().display()
            )
        })
        .expect("a WebDriver session with the app");
        Session {
            client,
            launched_at,
            evidence,
            step: AtomicUsize::new(0),
            driver,
            display,
            _scratch: scratch,
        }
    }

    /// Whether the app's first sync since its start finished (`app_status.first_sync`).
    pub async fn first_sync_finished(&self) -> bool {
        let status = self.call("app_status", json!({})).await;
        status["first_sync"]["state"] == "finished"
    }

    /// The X display the app's window is on.
    pub fn display_name(&self) -> String {
        self.display.name()
    }

    /// Ends the WebDriver session (the app closes with it).
    pub async fn finish(self) {
        self.client.clone().close().await.expect("the session ends");
    }

    /// Saves a screenshot of the window as the next numbered step, once the webview painted
    /// what the DOM holds.
    pub async fn shot(&self, what: &str) -> PathBuf {
        let _ = self
            .client
            .execute_async(
                "const done = arguments[0]; \
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        let n = self.step.fetch_add(1, Ordering::SeqCst) + 1;
        let path = self.evidence.join(format!("{n:02}-{what}.png"));
        match self.client.screenshot().await {
            Ok(png) => std::fs::write(&path, png).unwrap(),
            Err(err) => eprintln!("no screenshot for {what}: {err}"),
        }
        eprintln!("step {n:02} {what}: {}", path.display());
        path
    }

    /// Saves a screenshot named for the failure and fails with `message`.
    pub async fn fail<T>(&self, message: String) -> T {
        let shot = self.shot("FAILED").await;
        panic!(
            "{message}\n  screenshot: {}\n  driver log: {}",
            shot.display(),
            self.driver.log_path().display()
        );
    }

    /// Polls `probe` every 250 ms until it gives a value; fails after `limit` saying it
    /// waited for `what`.
    pub async fn wait_until<T>(
        &self,
        what: &str,
        limit: Duration,
        mut probe: impl AsyncFnMut() -> Option<T>,
    ) -> T {
        let started = Instant::now();
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if started.elapsed() > limit {
                return self
                    .fail(format!("waited {limit:?} for {what}, in vain"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// The element `css` matches, once there is one (within `limit`).
    pub async fn element(&self, what: &str, css: &str, limit: Duration) -> Element {
        self.wait_until(&format!("{what} (`{css}`)"), limit, async || {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    /// The text of the element `css` matches, once `wanted` accepts it; the last text seen
    /// is in the failure.
    pub async fn text_until(
        &self,
        what: &str,
        css: &str,
        limit: Duration,
        wanted: impl Fn(&str) -> bool,
    ) -> String {
        let mut last = None;
        let found = self
            .wait_until_quiet(limit, async || {
                let text = self
                    .client
                    .find(Locator::Css(css))
                    .await
                    .ok()?
                    .text()
                    .await
                    .ok()?;
                let ok = wanted(&text);
                last = Some(text.clone());
                ok.then_some(text)
            })
            .await;
        match found {
            Some(text) => text,
            None => {
                self.fail(format!(
                    "waited {limit:?} for {what} (`{css}`); last text seen: {last:?}"
                ))
                .await
            }
        }
    }

    async fn wait_until_quiet<T>(
        &self,
        limit: Duration,
        mut probe: impl AsyncFnMut() -> Option<T>,
    ) -> Option<T> {
        let started = Instant::now();
        loop {
            if let Some(value) = probe().await {
                return Some(value);
            }
            if started.elapsed() > limit {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Clicks the element `css` matches.
    pub async fn click(&self, what: &str, css: &str) {
        let element = self.element(what, css, Duration::from_secs(20)).await;
        if let Err(err) = element.click().await {
            self.fail(format!("cannot click {what} (`{css}`): {err}"))
                .await
        }
    }

    /// Replaces the text of the input `css` matches with `text`.
    pub async fn type_into(&self, what: &str, css: &str, text: &str) {
        let input = self.element(what, css, Duration::from_secs(20)).await;
        // Select all and delete (what a person does; React sees it as an edit), then type.
        let typed = input.send_keys("\u{e009}a\u{e000}\u{e003}").await;
        let typed = match typed {
            Ok(()) => input.send_keys(text).await,
            Err(err) => Err(err),
        };
        if let Err(err) = typed {
            self.fail(format!("cannot type {text:?} into {what}: {err}"))
                .await
        }
        let value = input.prop("value").await.ok().flatten();
        if value.as_deref() != Some(text) {
            self.fail(format!("{what} holds {value:?} after typing {text:?}"))
                .await
        }
    }

    /// Chooses the option with `value` in the select `css` matches.
    pub async fn choose(&self, what: &str, css: &str, value: &str) {
        let select = self.element(what, css, Duration::from_secs(20)).await;
        if let Err(err) = select.select_by_value(value).await {
            self.fail(format!("cannot choose {value:?} in {what}: {err}"))
                .await
        }
    }

    /// A core command, invoked the way the UI invokes it; `{"error": …}` when it failed.
    pub async fn call(&self, command: &str, request: Value) -> Value {
        self.client
            .execute_async(
                "const [command, request, done] = arguments; \
                 window.__TAURI_INTERNALS__.invoke('call', { command, request }) \
                   .then(done, (e) => done({ error: e }));",
                vec![json!(command), request],
            )
            .await
            .unwrap_or_else(|err| panic!("the {command} call did not return: {err}"))
    }

    /// A point of the element `css` matches that is not covered by another element (a panel
    /// may cover part of a grid cell): near its left edge for a drag source, else its centre.
    async fn point_on(&self, css: &str, near_left: bool) -> (f64, f64) {
        let point = self
            .client
            .execute(
                "const [css, nearLeft] = arguments; \
                 const el = document.querySelector(css); \
                 const r = el.getBoundingClientRect(); \
                 const x = nearLeft ? r.left + Math.min(24, r.width / 4) : r.left + r.width / 2; \
                 const y = r.top + r.height / 2; \
                 const hit = document.elementFromPoint(x, y); \
                 return [x, y, hit !== null && el.contains(hit)];",
                vec![json!(css), json!(near_left)],
            )
            .await
            .unwrap_or_else(|err| panic!("no element `{css}` to measure: {err}"));
        if point[2] != json!(true) {
            return self
                .fail(format!(
                    "`{css}` is covered at ({}, {}): the pointer would not reach it",
                    point[0], point[1]
                ))
                .await;
        }
        (point[0].as_f64().unwrap(), point[1].as_f64().unwrap())
    }

    /// Presses the mouse on `from`, moves in small steps past dnd-kit's 5 px activation
    /// distance and on over `to`, and stays there pressed: the caller checks what the drag
    /// shows, then calls `release`.
    pub async fn drag_over(&self, from: &str, to: &str) {
        let (x0, y0) = self.point_on(from, true).await;
        let (x1, y1) = self.point_on(to, false).await;
        let step = Some(Duration::from_millis(40));
        let mut mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x: x0,
                y: y0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        for i in 1..=3 {
            mouse = mouse.then(PointerAction::MoveTo {
                duration: step,
                x: x0 + 4.0 * f64::from(i),
                y: y0 + 2.0 * f64::from(i),
            });
        }
        let steps = 12;
        for i in 1..=steps {
            let t = f64::from(i) / f64::from(steps);
            mouse = mouse.then(PointerAction::MoveTo {
                duration: step,
                x: x0 + (x1 - x0) * t,
                y: y0 + (y1 - y0) * t,
            });
        }
        mouse = mouse.then(PointerAction::Pause {
            duration: Duration::from_millis(200),
        });
        if let Err(err) = self.client.perform_actions(mouse).await {
            self.fail(format!(
                "the pointer drag from `{from}` to `{to}` failed: {err}"
            ))
            .await
        }
    }

    /// Clicks the element `css` matches with the pointer, near its left edge (where a panel
    /// beside it does not cover it).
    pub async fn click_near_left(&self, css: &str) {
        let (x, y) = self.point_on(css, true).await;
        let click = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        if let Err(err) = self.client.perform_actions(click).await {
            self.fail(format!("clicking `{css}` failed: {err}")).await
        }
        let _ = self.client.release_actions().await;
    }

    /// Lets go of the mouse pressed by `drag_over`.
    pub async fn release(&self) {
        let up = MouseActions::new("mouse".into()).then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        if let Err(err) = self.client.perform_actions(up).await {
            self.fail(format!("releasing the mouse failed: {err}"))
                .await
        }
        let _ = self.client.release_actions().await;
    }

    /// The demo simulator's base URL of `service` (`photoshelter` or `allportal`), from
    /// `app_status`.
    pub async fn sim_url(&self, service: &str) -> String {
        let status = self.call("app_status", json!({})).await;
        status["demo"][format!("{service}_url")]
            .as_str()
            .unwrap_or_else(|| panic!("app_status names the demo's {service}: {status}"))
            .to_owned()
    }

    /// Where this session's evidence goes.
    pub fn evidence(&self) -> &std::path::Path {
        &self.evidence
    }
}

/// A plain HTTP/1.0 GET of `path` at `base` (`http://127.0.0.1:PORT`): the body as JSON.
pub fn get_json(base: &str, path: &str) -> Value {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address)
        .unwrap_or_else(|err| panic!("cannot reach {base}: {err}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{base}{path} answered without a body: {answer}"));
    let status = head.lines().next().unwrap_or_default();
    assert!(
        status.split_whitespace().nth(1) == Some("200"),
        "{base}{path}: {head}"
    );
    serde_json::from_str(body)
        .unwrap_or_else(|err| panic!("{base}{path} is not JSON ({err}): {body}"))
}

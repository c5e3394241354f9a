//! tracing to a rotating log file in the data folder (`logs/shelflink.YYYY-MM-DD.log`, one a
//! day, the last 14 kept), plus warnings and errors on stderr.
//!
//! Secrets are never logged: they are kept in `secrecy` types whose `Debug` prints nothing,
//! and as a second line of defence every line passes through [`redact`], which masks the
//! values of password, token, API key and authorization fields before it reaches the file.
//! Records of the `log` crate (Tauri, the webview's console through the log plugin) are
//! routed into the same file.
//!
//! The level comes from `SHELFLINK_LOG` (an `EnvFilter` directive such as `debug` or
//! `shelflink=trace,info`), `info` when unset.

pub mod redact;

use anyhow::Context;
use std::io::{self, IsTerminal};
use std::path::Path;
use tracing_appender::non_blocking::{NonBlocking, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

/// Environment variable with the log filter.
pub const FILTER_ENV: &str = "SHELFLINK_LOG";
/// Log files are named `<prefix>.<date>.log`.
pub const FILE_PREFIX: &str = "shelflink";
/// How many daily files are kept.
pub const KEEP_FILES: usize = 14;

/// Keeps the background writer alive; logs written before it is dropped are flushed then.
#[must_use = "dropping the guard stops writing the log file"]
pub struct LogGuard {
    _worker: WorkerGuard,
}

/// Installs the global subscriber: the rotating file in `logs_dir` and stderr for warnings.
pub fn init(logs_dir: &Path) -> anyhow::Result<LogGuard> {
    let (file, guard) = file_writer(logs_dir)?;
    let filter = EnvFilter::try_from_env(FILTER_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer()
        .with_ansi(io::stderr().is_terminal())
        .with_writer(Redacting(io::stderr))
        .with_filter(tracing_subscriber::filter::LevelFilter::WARN);
    Registry::default()
        .with(file_layer(file).with_filter(filter))
        .with(stderr)
        .try_init()
        .context("logging was already set up in this process")?;
    Ok(LogGuard { _worker: guard })
}

/// The non-blocking writer into the rotating files in `logs_dir`.
pub fn file_writer(logs_dir: &Path) -> anyhow::Result<(NonBlocking, WorkerGuard)> {
    std::fs::create_dir_all(logs_dir)
        .with_context(|| format!("cannot create the log folder {}", logs_dir.display()))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(logs_dir)
        .with_context(|| format!("cannot open a log file in {}", logs_dir.display()))?;
    Ok(tracing_appender::non_blocking(appender))
}

/// The formatting layer for the log file: plain text, redacted.
pub fn file_layer<S>(writer: NonBlocking) -> impl Layer<S>
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_target(true)
        .with_writer(Redacting(writer))
}

/// Wraps a writer so that every formatted line is passed through [`redact::redact`].
#[derive(Clone)]
pub struct Redacting<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

/// One line's writer (the formatter writes each event in a single call).
pub struct RedactingWriter<W>(W);

impl<W: io::Write> io::Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact::redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_land_in_the_daily_file_without_their_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let (writer, guard) = file_writer(dir.path()).unwrap();
        let subscriber = Registry::default().with(file_layer(writer));
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(account = "studio", password = "hunter2", "signed in");
            tracing::warn!("request failed: Authorization: Bearer abc.def.ghi");
        });
        drop(guard);

        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].starts_with("shelflink.") && files[0].ends_with(".log"));
        let text = std::fs::read_to_string(dir.path().join(&files[0])).unwrap();
        assert!(text.contains("signed in"), "{text}");
        assert!(text.contains("account=\"studio\""), "{text}");
        assert!(text.contains("request failed"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("abc.def.ghi"), "{text}");
    }
}

//! What a command prints: gathered as text, then written to standard output at once. A
//! reader that stops early (`shelflink rights | head`) ends the output quietly instead of
//! failing the command.

use std::io::{ErrorKind, Write};

/// Appends one line of `format!` text to a `String`.
macro_rules! outln {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}
pub(crate) use outln;

/// Writes `text` to standard output; a closed pipe is not an error.
pub fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("cannot write to standard output"))
        }
        _ => Ok(()),
    }
}

//! The app's command line.

use clap::Parser;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "shelflink-app",
    version,
    about = "Shelflink: PhotoShelter and 4ALLPORTAL side by side"
)]
pub struct Options {
    /// Open the demo workspace (its own data folder, `demo/` inside the data folder, on a
    /// simulator of both services inside the app) instead of the real accounts. It is also
    /// what opens while no account is connected. The data folder is set with SHELFLINK_HOME.
    #[arg(long, env = "SHELFLINK_DEMO")]
    pub demo: bool,
}

impl Options {
    pub fn from_args() -> Options {
        Options::parse()
    }
}

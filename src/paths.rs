//! The data folder per OS, overridable with `SHELFLINK_HOME`.

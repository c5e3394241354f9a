//! tracing to a rotating log file in the data folder; secrets are never logged.

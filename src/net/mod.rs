//! What both API clients share: one retry policy (backon), per-service concurrency caps,
//! timeouts and the error type people can act on.

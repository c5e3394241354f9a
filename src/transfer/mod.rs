//! The durable outbox: every remote write as a job with an idempotency key.

//! The transfer queue against the simulator: each job kind and its look-ups, the rights
//! gate at run time, approving a new version, faults (5xx, 429 bursts, resets, slow
//! answers), a worker killed at random points and restarted, and a property test over
//! random sequences of operations.

#[path = "transfer/support.rs"]
mod support;

#[path = "transfer/approve.rs"]
mod approve;
#[path = "transfer/crash.rs"]
mod crash;
#[path = "transfer/faults.rs"]
mod faults;
#[path = "transfer/jobs.rs"]
mod jobs;
#[path = "transfer/props.rs"]
mod props;

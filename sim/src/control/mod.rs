//! Test control of the simulator: the write log (every accepted write, readable under
//! `/_sim/writes`), fault injection and rate limits.

pub mod writelog;

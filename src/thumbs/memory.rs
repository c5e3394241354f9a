//! How the process's allocator treats the memory a thumbnail decode frees.
//!
//! A decode at grid size allocates and frees a few megabytes (the coefficients of a
//! progressive JPEG, the scaled pixels). glibc gives freed memory at the top of its heap
//! back to the system beyond 128 KiB, so the next decode takes fresh pages from the system
//! again: zeroed, one page fault for every 4 KiB. That was half of a grid thumbnail's time.

/// Freed memory the process keeps for its next allocations before returning it to the
/// system.
pub const KEPT_FREE_BYTES: i32 = 64 << 20;

/// Keeps up to [`KEPT_FREE_BYTES`] of freed memory in the process (glibc only; elsewhere the
/// system allocator keeps its own policy). Called once at start by the app, the command line
/// tool and the thumbnail benchmark.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes a tuning parameter of glibc's allocator; it is safe
        // to call at any time, from any thread.
        let ok = unsafe { libc::mallopt(libc::M_TRIM_THRESHOLD, KEPT_FREE_BYTES) };
        if ok != 1 {
            tracing::debug!("the allocator refused the trim threshold; it keeps its default");
        }
    }
}

//! The CPU time this process has used (every thread, user and system): beside the wall
//! clock, a measure that other processes on a busy machine do not stretch.

use std::time::Duration;

/// User plus system time of this process so far; `None` where it cannot be read.
pub fn process_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the rusage it is given; RUSAGE_SELF is always valid.
        let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
        if rc != 0 {
            return None;
        }
        // SAFETY: getrusage returned 0, so it filled the struct.
        let usage = unsafe { usage.assume_init() };
        let time = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        Some(time(usage.ru_utime) + time(usage.ru_stime))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The CPU time `work` takes, when it can be read.
pub async fn spent<T>(work: impl Future<Output = T>) -> (T, Option<Duration>) {
    let before = process_time();
    let out = work.await;
    let after = process_time();
    (out, before.zip(after).map(|(b, a)| a.saturating_sub(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn busy_work_is_counted_and_waiting_is_not() {
        let (_, busy) = spent(async {
            let started = std::time::Instant::now();
            let mut x = 0u64;
            while started.elapsed() < Duration::from_millis(60) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        })
        .await;
        let (_, idle) = spent(tokio::time::sleep(Duration::from_millis(60))).await;
        let (busy, idle) = (busy.unwrap(), idle.unwrap());
        assert!(busy >= Duration::from_millis(30), "busy {busy:?}");
        assert!(idle < busy / 2, "idle {idle:?}, busy {busy:?}");
    }
}

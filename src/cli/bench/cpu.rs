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

/// The CPU time the calling thread has used so far, to the nanosecond; `None` where it
/// cannot be read. For work that runs on one thread (a search), finer than `process_time`.
pub fn thread_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes the timespec it is given; the clock id is valid.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        (rc == 0).then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
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
    async fn the_cpu_time_of_busy_work_is_counted() {
        // Busy until the process clock itself has moved 20 ms (however busy the machine).
        let (moved, spent) = spent(async {
            let start = process_time().unwrap();
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
                let now = process_time().unwrap();
                if now - start >= Duration::from_millis(20) {
                    return now - start;
                }
            }
        })
        .await;
        let spent = spent.expect("readable on this system");
        assert!(spent >= moved, "spent {spent:?}, the work saw {moved:?}");
        // Other test threads of this process count too, but not whole seconds.
        assert!(spent < Duration::from_secs(5), "spent {spent:?}");
    }

    #[test]
    fn the_cpu_time_of_this_thread_moves_with_its_work_and_not_while_it_sleeps() {
        let start = thread_time().expect("readable on this system");
        let mut x = 0u64;
        while thread_time().unwrap() - start < Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let busy = thread_time().unwrap() - start;
        assert!(busy >= Duration::from_millis(20), "busy {busy:?}");
        std::thread::sleep(Duration::from_millis(50));
        let slept = thread_time().unwrap() - start - busy;
        assert!(
            slept < Duration::from_millis(10),
            "asleep, the thread used {slept:?}"
        );
    }
}

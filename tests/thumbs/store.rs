//! The disk store: files by content address, the size cap with least-recently-used eviction,
//! one fetch per key however many ask, and repair after a crash.

use shelflink::thumbs::store::Clock;
use shelflink::thumbs::{ThumbError, ThumbKey, ThumbSize, ThumbStore};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::time::Duration;

/// A JPEG-looking file of `len` bytes (the store checks the first bytes only).
fn jpeg_bytes(len: usize, fill: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.resize(len, fill);
    bytes
}

fn key(name: &str) -> ThumbKey {
    ThumbKey::new(&format!("ps:{name}"), "fingerprint-1", ThumbSize::Grid)
}

struct TestClock(Arc<AtomicI64>);

impl TestClock {
    fn new() -> (TestClock, Clock) {
        let now = Arc::new(AtomicI64::new(1_000_000));
        let read = now.clone();
        (
            TestClock(now),
            Arc::new(move || read.load(Ordering::SeqCst)),
        )
    }
    fn set(&self, t: i64) {
        self.0.store(t, Ordering::SeqCst);
    }
}

#[test]
fn a_thumbnail_is_kept_in_its_shard_and_found_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let k = key("I0000abc");
    let stored = store.put(&k, &jpeg_bytes(5000, 7)).unwrap();
    assert_eq!(stored.content_type, "image/jpeg");
    let hex = k.hex();
    assert!(dir.path().join(&hex[..2]).join(&hex).is_file());
    drop(store);

    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let again = store.get(&k).unwrap().expect("still there");
    assert_eq!(again.bytes.as_ref(), jpeg_bytes(5000, 7).as_slice());
    assert_eq!(store.stats().unwrap().entries, 1);
    assert_eq!(store.stats().unwrap().bytes, 5000);
    assert!(store.get(&key("I0000other")).unwrap().is_none());
}

#[test]
fn over_the_cap_the_least_recently_shown_go_first() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, read) = TestClock::new();
    let store = ThumbStore::open_with_clock(dir.path(), 100_000, read).unwrap();
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        clock.set(1_000 + i as i64);
        store.put(&key(name), &jpeg_bytes(30_000, i as u8)).unwrap();
    }
    // "a" and "b" are shown again later: "c" is now the least recently shown.
    clock.set(2_000);
    assert!(store.get(&key("a")).unwrap().is_some());
    assert!(store.get(&key("b")).unwrap().is_some());
    clock.set(2_001);
    store.put(&key("d"), &jpeg_bytes(30_000, 4)).unwrap();
    // 120 000 bytes > 100 000: trimmed to 90 % of the cap by dropping "c" alone.
    assert!(store.get(&key("c")).unwrap().is_none());
    for name in ["a", "b", "d"] {
        assert!(store.get(&key(name)).unwrap().is_some(), "{name} stays");
    }
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.entries, stats.bytes, stats.max_bytes),
        (3, 90_000, 100_000)
    );

    // A hit within a minute of the last recorded use writes nothing: "b" keeps 2 000 although
    // it was shown at 2 030, so it goes before "d" (2 001); "a", shown at 2 100, stays.
    clock.set(2_030);
    assert!(store.get(&key("b")).unwrap().is_some());
    clock.set(2_100);
    assert!(store.get(&key("a")).unwrap().is_some());
    store.set_max_bytes(70_000).unwrap();
    assert!(store.get(&key("b")).unwrap().is_none());
    assert!(store.get(&key("d")).unwrap().is_some());
    assert!(store.get(&key("a")).unwrap().is_some());
    assert_eq!(store.stats().unwrap().bytes, 60_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_requests_for_one_thumbnail_make_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let made = Arc::new(AtomicUsize::new(0));
    let k = key("I0000busy");
    let requests = (0..20).map(|_| {
        let (store, made) = (store.clone(), made.clone());
        tokio::spawn(async move {
            store
                .get_or_make(&k, move || async move {
                    made.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    Ok(jpeg_bytes(2000, 9))
                })
                .await
        })
    });
    let answers = futures::future::join_all(requests).await;
    for answer in answers {
        assert_eq!(answer.unwrap().unwrap().bytes.len(), 2000);
    }
    assert_eq!(
        made.load(Ordering::SeqCst),
        1,
        "one fetch for twenty requests"
    );

    let made_again = made.clone();
    let later = store
        .get_or_make(&k, move || async move {
            made_again.fetch_add(1, Ordering::SeqCst);
            Ok(jpeg_bytes(10, 0))
        })
        .await
        .unwrap();
    assert_eq!(later.bytes.len(), 2000, "served from disk");
    assert_eq!(made.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failed_fetch_answers_everyone_waiting_and_the_next_request_tries_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let made = Arc::new(AtomicUsize::new(0));
    let k = key("I0000down");
    let failing = |made: Arc<AtomicUsize>| {
        move || async move {
            made.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Err::<Vec<u8>, _>(ThumbError::Remote(
                "PhotoShelter could not be reached".into(),
            ))
        }
    };
    let (a, b, c) = tokio::join!(
        store.get_or_make(&k, failing(made.clone())),
        store.get_or_make(&k, failing(made.clone())),
        store.get_or_make(&k, failing(made.clone())),
    );
    for answer in [a, b, c] {
        assert_eq!(
            answer.unwrap_err(),
            ThumbError::Remote("PhotoShelter could not be reached".into())
        );
    }
    assert_eq!(made.load(Ordering::SeqCst), 1);

    let made_now = made.clone();
    let ok = store
        .get_or_make(&k, move || async move {
            made_now.fetch_add(1, Ordering::SeqCst);
            Ok(jpeg_bytes(300, 1))
        })
        .await
        .unwrap();
    assert_eq!(ok.bytes.len(), 300);
    assert_eq!(made.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_fetch_goes_on_when_the_grid_scrolls_past() {
    let dir = tempfile::tempdir().unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let k = key("I0000scrolled");
    let gave_up = tokio::time::timeout(
        Duration::from_millis(20),
        store.get_or_make(&k, || async {
            tokio::time::sleep(Duration::from_millis(150)).await;
            Ok(jpeg_bytes(700, 3))
        }),
    )
    .await;
    assert!(gave_up.is_err(), "the caller stopped waiting");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        store.get(&k).unwrap().expect("stored anyway").bytes.len(),
        700
    );
}

#[test]
fn a_lost_or_torn_file_is_a_miss_and_its_row_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let (lost, torn) = (key("lost"), key("torn"));
    store.put(&lost, &jpeg_bytes(1000, 1)).unwrap();
    store.put(&torn, &jpeg_bytes(1000, 2)).unwrap();
    std::fs::remove_file(dir.path().join(lost.relative_path())).unwrap();
    std::fs::write(dir.path().join(torn.relative_path()), b"").unwrap();

    assert!(store.get(&lost).unwrap().is_none());
    assert!(store.get(&torn).unwrap().is_none());
    assert!(!dir.path().join(torn.relative_path()).exists());
    assert_eq!(store.stats().unwrap().entries, 0);
    assert_eq!(store.stats().unwrap().bytes, 0);
}

#[test]
fn an_unreadable_index_starts_the_store_over_and_crash_leftovers_go() {
    let dir = tempfile::tempdir().unwrap();
    let k = key("kept");
    {
        let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
        store.put(&k, &jpeg_bytes(1000, 1)).unwrap();
    }
    std::fs::write(dir.path().join("tmp").join("half-written"), b"\xFF\xD8").unwrap();
    let open_again = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    assert!(
        open_again.get(&k).unwrap().is_some(),
        "a clean reopen keeps entries"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
        0
    );
    drop(open_again);

    for file in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] {
        let _ = std::fs::remove_file(dir.path().join(file));
    }
    std::fs::write(dir.path().join("index.sqlite"), b"not a database at all").unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    assert!(store.get(&k).unwrap().is_none());
    assert!(
        !dir.path().join(&k.hex()[..2]).exists(),
        "old shards are cleared"
    );
    store.put(&k, &jpeg_bytes(10, 1)).unwrap();
    assert_eq!(store.stats().unwrap().entries, 1);
}

#[test]
fn only_images_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = ThumbStore::open(dir.path(), 1 << 20).unwrap();
    let err = store.put(&key("html"), b"<html>503</html>").unwrap_err();
    assert!(
        err.to_string().contains("not a JPEG, PNG, WebP or GIF"),
        "{err}"
    );
    assert_eq!(store.stats().unwrap().entries, 0);
}

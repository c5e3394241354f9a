//! The exports running in this process, by id, so a later call (the UI's cancel button)
//! can stop one.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tokio_util::sync::CancellationToken;

fn table() -> &'static Mutex<HashMap<String, CancellationToken>> {
    static TABLE: OnceLock<Mutex<HashMap<String, CancellationToken>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// Registers a new run; returns its id and its cancel token.
pub fn register() -> (String, CancellationToken) {
    let id = uuid::Uuid::now_v7().to_string();
    let token = CancellationToken::new();
    table()
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id.clone(), token.clone());
    (id, token)
}

/// Asks the run `id` to stop; false when no such run is going.
pub fn cancel(id: &str) -> bool {
    match table().lock().unwrap_or_else(|p| p.into_inner()).get(id) {
        Some(token) => {
            token.cancel();
            true
        }
        None => false,
    }
}

/// Forgets the run `id` (it ended).
pub fn finish(id: &str) {
    table().lock().unwrap_or_else(|p| p.into_inner()).remove(id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_run_can_be_cancelled_until_it_finishes() {
        let (id, token) = register();
        assert!(cancel(&id));
        assert!(token.is_cancelled());
        finish(&id);
        assert!(!cancel(&id), "a finished run is gone");
    }
}

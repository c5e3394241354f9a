//! Login sessions: token → user, current organisation and last use. A session unused for
//! longer than the idle limit is gone (ASSUMPTIONS P14); tests can expire all at once.

use super::error::{ApiError, ApiResult};
use super::model::{Id, Time};
use chrono::Duration;
use parking_lot::Mutex;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token: String,
    pub user_id: Id,
    /// The organisation the session acts in, after `organization/{id}/authenticate`.
    pub org: Option<Id>,
    pub last_seen: Time,
}

impl Session {
    /// The library this session reads and writes: its organisation's, or the user's own.
    pub fn library(&self) -> &str {
        self.org.as_deref().unwrap_or(&self.user_id)
    }
}

pub struct Sessions {
    map: Mutex<HashMap<String, Session>>,
    idle: Duration,
}

impl Sessions {
    pub fn new(idle: Duration) -> Self {
        Self {
            map: Mutex::new(HashMap::new()),
            idle,
        }
    }

    pub fn open(&self, token: String, user_id: Id, now: Time) -> Session {
        let session = Session {
            token: token.clone(),
            user_id,
            org: None,
            last_seen: now,
        };
        self.map.lock().insert(token, session.clone());
        session
    }

    /// The live session of `token`, marked as used now.
    pub fn touch(&self, token: &str, now: Time) -> ApiResult<Session> {
        let mut map = self.map.lock();
        let Some(session) = map.get_mut(token) else {
            return Err(ApiError::session_required(
                "Login required: the auth token is unknown or was logged out; log in with mem/authenticate",
            ));
        };
        if now - session.last_seen > self.idle {
            map.remove(token);
            return Err(ApiError::session_required(format!(
                "Login required: the session expired after {} minutes idle; log in again",
                self.idle.num_minutes()
            )));
        }
        session.last_seen = now;
        Ok(session.clone())
    }

    pub fn set_org(&self, token: &str, org: Option<Id>) {
        if let Some(s) = self.map.lock().get_mut(token) {
            s.org = org;
        }
    }

    pub fn close(&self, token: &str) -> bool {
        self.map.lock().remove(token).is_some()
    }

    /// Ends every session; returns how many there were.
    pub fn expire_all(&self) -> usize {
        let mut map = self.map.lock();
        let n = map.len();
        map.clear();
        n
    }

    pub fn count(&self) -> usize {
        self.map.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn idle_sessions_expire_and_used_ones_stay() {
        let sessions = Sessions::new(Duration::minutes(120));
        let t0 = Utc::now();
        sessions.open("tok".into(), "U0000aaaaaaaaaaa".into(), t0);
        assert!(sessions.touch("tok", t0 + Duration::minutes(119)).is_ok());
        assert!(
            sessions.touch("tok", t0 + Duration::minutes(238)).is_ok(),
            "use renews"
        );
        let err = sessions
            .touch("tok", t0 + Duration::minutes(400))
            .unwrap_err();
        assert_eq!(err.class, "SessionRequiredErr");
        assert_eq!(sessions.count(), 0);
    }

    #[test]
    fn the_library_follows_the_organisation() {
        let sessions = Sessions::new(Duration::minutes(1));
        let s = sessions.open("t".into(), "U1".into(), Utc::now());
        assert_eq!(s.library(), "U1");
        sessions.set_org("t", Some("O1".into()));
        assert_eq!(sessions.touch("t", Utc::now()).unwrap().library(), "O1");
    }
}

//! Accounts, API keys and sessions (§2, A2): `Authorization: Bearer <key>` or the
//! `CESESSID` session cookie on `/api`, the session as first positional parameter on the
//! legacy calls; sessions expire after an idle time.

use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Right {
    Read,
    Create,
    Edit,
    Delete,
}

impl Right {
    pub fn parse(s: &str) -> Option<Right> {
        match s {
            "read" => Some(Right::Read),
            "create" => Some(Right::Create),
            "edit" => Some(Right::Edit),
            "delete" => Some(Right::Delete),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Right::Read => "read",
            Right::Create => "create",
            Right::Edit => "edit",
            Right::Delete => "delete",
        }
    }
}

/// Module rights of an account's role; `None` = every right on every module.
#[derive(Debug, Clone, Default)]
pub struct Rights(pub Option<HashMap<String, HashSet<Right>>>);

impl Rights {
    pub fn allows(&self, module: &str, right: Right) -> bool {
        match &self.0 {
            None => true,
            Some(map) => map.get(module).is_some_and(|set| set.contains(&right)),
        }
    }
}

/// Who a request acts as.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: String,
    pub username: String,
    pub rights: Rights,
}

impl Principal {
    /// `Err` is the message of a 403 answer.
    pub fn require(&self, module: &str, right: Right) -> Result<(), String> {
        if self.rights.allows(module, right) {
            Ok(())
        } else {
            Err(format!(
                "user {} has no {} right on module {module}",
                self.username,
                right.as_str()
            ))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Account {
    pub user_id: String,
    pub username: String,
    pub password: Option<String>,
    pub rights: Rights,
}

#[derive(Debug, Clone)]
pub struct ApiKey {
    pub user_id: String,
    pub enabled: bool,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_until: Option<DateTime<Utc>>,
}

#[derive(Debug)]
struct Session {
    user_id: String,
    last_used: Instant,
}

/// Why a credential was refused (401).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Missing,
    UnknownKey,
    DisabledKey,
    KeyOutsideValidity,
    UnknownSession,
    ExpiredSession,
}

impl Refusal {
    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Missing => {
                "no credentials: send Authorization: Bearer <API key> or the CESESSID session cookie"
            }
            Refusal::UnknownKey => "unknown API key",
            Refusal::DisabledKey => "the API key is disabled; enable it in the API Key module",
            Refusal::KeyOutsideValidity => "the API key is outside its validity period",
            Refusal::UnknownSession => "unknown session; log in again",
            Refusal::ExpiredSession => "the session has expired; log in again",
        }
    }
}

#[derive(Debug)]
pub struct Auth {
    accounts: HashMap<String, Account>,
    keys: HashMap<String, ApiKey>,
    sessions: HashMap<String, Session>,
    pub idle: Duration,
}

/// Whether `key` is a lowercase UUID v4, as the deployment validates system keys (§2.1).
pub fn is_uuid_v4(key: &str) -> bool {
    let b = key.as_bytes();
    key.len() == 36
        && uuid::Uuid::try_parse(key).is_ok_and(|u| u.get_version_num() == 4)
        && key == key.to_lowercase()
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

impl Auth {
    pub fn new(idle: Duration) -> Self {
        Self {
            accounts: HashMap::new(),
            keys: HashMap::new(),
            sessions: HashMap::new(),
            idle,
        }
    }

    pub fn add_account(&mut self, account: Account) {
        self.accounts.insert(account.user_id.clone(), account);
    }

    pub fn account_by_name(&self, username: &str) -> Option<&Account> {
        self.accounts.values().find(|a| a.username == username)
    }

    pub fn account_by_name_mut(&mut self, username: &str) -> Option<&mut Account> {
        self.accounts.values_mut().find(|a| a.username == username)
    }

    pub fn add_key(&mut self, key: String, api_key: ApiKey) {
        self.keys.insert(key, api_key);
    }

    fn principal(&self, user_id: &str) -> Option<Principal> {
        self.accounts.get(user_id).map(|a| Principal {
            user_id: a.user_id.clone(),
            username: a.username.clone(),
            rights: a.rights.clone(),
        })
    }

    pub fn by_key(&self, key: &str) -> Result<Principal, Refusal> {
        let k = self.keys.get(key).ok_or(Refusal::UnknownKey)?;
        if !k.enabled {
            return Err(Refusal::DisabledKey);
        }
        let now = Utc::now();
        if k.valid_from.is_some_and(|f| now < f) || k.valid_until.is_some_and(|u| now > u) {
            return Err(Refusal::KeyOutsideValidity);
        }
        self.principal(&k.user_id).ok_or(Refusal::UnknownKey)
    }

    /// The session's user; using a session keeps it alive.
    pub fn by_session(&mut self, sid: &str) -> Result<Principal, Refusal> {
        let idle = self.idle;
        let s = self.sessions.get_mut(sid).ok_or(Refusal::UnknownSession)?;
        if s.last_used.elapsed() > idle {
            self.sessions.remove(sid);
            return Err(Refusal::ExpiredSession);
        }
        s.last_used = Instant::now();
        let user = s.user_id.clone();
        self.principal(&user).ok_or(Refusal::UnknownSession)
    }

    /// Checks a login; the password arrives base64-encoded (§2.2). Returns a new session.
    pub fn login(&mut self, username: &str, password_b64: &str) -> Option<String> {
        use base64::Engine;
        let plain = base64::engine::general_purpose::STANDARD
            .decode(password_b64)
            .ok()?;
        let account = self.account_by_name(username)?;
        if account.password.as_deref().map(str::as_bytes) != Some(plain.as_slice()) {
            return None;
        }
        let sid: String = hex::encode(rand::random::<[u8; 16]>());
        let user_id = account.user_id.clone();
        self.sessions.insert(
            sid.clone(),
            Session {
                user_id,
                last_used: Instant::now(),
            },
        );
        Some(sid)
    }

    /// Ends a session; `false` when it was not (or no longer) valid.
    pub fn logout(&mut self, sid: &str) -> bool {
        match self.sessions.remove(sid) {
            Some(s) => s.last_used.elapsed() <= self.idle,
            None => false,
        }
    }

    /// Expires one session, or every session when `sid` is `None`; returns how many.
    pub fn expire(&mut self, sid: Option<&str>) -> usize {
        match sid {
            Some(sid) => usize::from(self.sessions.remove(sid).is_some()),
            None => {
                let n = self.sessions.len();
                self.sessions.clear();
                n
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn auth() -> Auth {
        let mut a = Auth::new(Duration::from_secs(1800));
        a.add_account(Account {
            user_id: "u1".into(),
            username: "api-user".into(),
            password: Some("s3cret".into()),
            rights: Rights::default(),
        });
        a
    }

    #[test]
    fn login_takes_a_base64_password_and_gives_a_session() {
        let mut a = auth();
        let b64 = base64::engine::general_purpose::STANDARD.encode("s3cret");
        assert_eq!(
            a.login("api-user", "s3cret"),
            None,
            "plain text is not accepted"
        );
        let sid = a.login("api-user", &b64).unwrap();
        assert_eq!(sid.len(), 32);
        assert_eq!(a.by_session(&sid).unwrap().username, "api-user");
        assert!(a.logout(&sid));
        assert_eq!(a.by_session(&sid).unwrap_err(), Refusal::UnknownSession);
    }

    #[test]
    fn idle_sessions_expire() {
        let mut a = auth();
        a.idle = Duration::ZERO;
        let b64 = base64::engine::general_purpose::STANDARD.encode("s3cret");
        let sid = a.login("api-user", &b64).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(a.by_session(&sid).unwrap_err(), Refusal::ExpiredSession);
    }

    #[test]
    fn api_keys_must_look_like_uuid_v4() {
        assert!(is_uuid_v4("75d6a19f-7e44-4ae5-b81f-7292bc9f774d"));
        assert!(!is_uuid_v4("75D6A19F-7E44-4AE5-B81F-7292BC9F774D"));
        assert!(!is_uuid_v4("75d6a19f-7e44-1ae5-b81f-7292bc9f774d"));
        assert!(!is_uuid_v4("not-a-key"));
    }
}

//! Live sessions remembered in process, so that a request does not read the database to learn
//! that its session still stands.
//!
//! How a revocation reaches every process:
//! - the process that revokes (sign-out, refresh re-use, deactivation) forgets the session or
//!   the person at once, after its transaction commits;
//! - every other process trusts a remembered session for at most `RECHECK_AFTER` (one
//!   second), then reads the database again. No message passes between processes, so the
//!   bound holds whatever the backend and however many processes share the database.
//!
//! A lookup that started before a forget must not put back what was forgotten: every forget
//! moves a generation counter, and a lookup stores its result only if the counter has not
//! moved while it read the database.

use relais_db::identity::UserRow;
use relais_domain::identity::Me;
use relais_domain::ids::{SessionId, UserId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a remembered session is trusted before the database is read again: the longest
/// a revocation made by another process goes unnoticed here.
pub const RECHECK_AFTER: Duration = Duration::from_secs(1);

/// Beyond this many remembered sessions, the stale ones are dropped (and all of them if none
/// is stale), so memory stays bounded whatever the number of tokens presented.
const MAX_REMEMBERED: usize = 50_000;

/// What a request needs to know about its session, read from the database.
#[derive(Clone, Debug)]
pub struct LiveSession {
    pub session_id: SessionId,
    pub user: UserRow,
    /// When the session ends by itself (database time, UTC).
    pub expires_at: chrono::NaiveDateTime,
    pub revoked: bool,
    pub organisation_name: String,
}

impl LiveSession {
    /// The account as its owner sees it (`GET /me`).
    pub fn me(&self) -> Me {
        Me {
            id: self.user.id.clone(),
            email: self.user.email.clone(),
            display_name: self.user.display_name.clone(),
            role: self.user.role,
            organisation_id: self.user.organisation_id.clone(),
            organisation_name: self.organisation_name.clone(),
        }
    }
}

struct Remembered {
    session: Arc<LiveSession>,
    read_at: Instant,
}

#[derive(Default)]
pub struct SessionCache {
    remembered: Mutex<HashMap<SessionId, Remembered>>,
    generation: AtomicU64,
}

/// Taken before reading the database, given back to `remember`.
#[derive(Clone, Copy, Debug)]
pub struct Generation(u64);

impl SessionCache {
    fn entries(&self) -> MutexGuard<'_, HashMap<SessionId, Remembered>> {
        // A panic while holding the lock cannot leave the map half-changed (each operation is
        // one insert or remove), so a poisoned lock is still usable.
        self.remembered.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The session as read less than `RECHECK_AFTER` ago, if any.
    pub fn recent(&self, id: &SessionId) -> Option<Arc<LiveSession>> {
        let entries = self.entries();
        let remembered = entries.get(id)?;
        (remembered.read_at.elapsed() < RECHECK_AFTER).then(|| remembered.session.clone())
    }

    pub fn generation(&self) -> Generation {
        Generation(self.generation.load(Ordering::SeqCst))
    }

    /// Keeps what was read, unless something was forgotten since `read_from` was taken.
    pub fn remember(&self, read_from: Generation, session: Arc<LiveSession>) {
        let mut entries = self.entries();
        if self.generation.load(Ordering::SeqCst) != read_from.0 {
            return;
        }
        if entries.len() >= MAX_REMEMBERED {
            entries.retain(|_, remembered| remembered.read_at.elapsed() < RECHECK_AFTER);
            if entries.len() >= MAX_REMEMBERED {
                entries.clear();
            }
        }
        entries.insert(
            session.session_id.clone(),
            Remembered {
                session,
                read_at: Instant::now(),
            },
        );
    }

    /// After a session was revoked in this process.
    pub fn forget_session(&self, id: &SessionId) {
        let mut entries = self.entries();
        self.generation.fetch_add(1, Ordering::SeqCst);
        entries.remove(id);
    }

    /// After a person's account changed in this process (deactivated, all sessions ended).
    pub fn forget_user(&self, user: &UserId) {
        let mut entries = self.entries();
        self.generation.fetch_add(1, Ordering::SeqCst);
        entries.retain(|_, remembered| &remembered.session.user.id != user);
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relais_domain::identity::Role;
    use relais_domain::ids::OrganisationId;

    fn session(user: &str) -> Arc<LiveSession> {
        let now = chrono::Utc::now().naive_utc();
        Arc::new(LiveSession {
            session_id: SessionId::generate(),
            user: UserRow {
                id: UserId::parse(user).expect("user id"),
                organisation_id: OrganisationId::generate(),
                email: "a@example.com".into(),
                display_name: "A".into(),
                role: Role::Learner,
                password_hash: String::new(),
                active: 1,
                created_at: now,
                updated_at: now,
            },
            expires_at: now,
            revoked: false,
            organisation_name: "O".into(),
        })
    }

    #[test]
    fn a_forget_during_a_lookup_keeps_the_lookup_from_putting_back_what_was_forgotten() {
        let cache = SessionCache::default();
        let live = session(UserId::generate().as_str());
        let before = cache.generation();
        cache.forget_user(&live.user.id);
        cache.remember(before, live.clone());
        assert!(cache.recent(&live.session_id).is_none());
        cache.remember(cache.generation(), live.clone());
        assert!(cache.recent(&live.session_id).is_some());
    }

    #[test]
    fn forgetting_a_person_forgets_all_their_sessions_and_only_theirs() {
        let cache = SessionCache::default();
        let user = UserId::generate();
        let first = session(user.as_str());
        let second = session(user.as_str());
        let other = session(UserId::generate().as_str());
        for live in [&first, &second, &other] {
            cache.remember(cache.generation(), live.clone());
        }
        cache.forget_user(&user);
        assert!(cache.recent(&first.session_id).is_none());
        assert!(cache.recent(&second.session_id).is_none());
        assert!(cache.recent(&other.session_id).is_some());
        cache.forget_session(&other.session_id);
        assert!(cache.is_empty());
    }
}

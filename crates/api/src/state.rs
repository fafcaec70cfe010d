//! What every handler shares: the pool, the signing keys, the sign-in throttle, metrics.

use crate::config::Config;
use crate::errors::ApiError;
use crate::identity::tokens::TokenKeys;
use crate::ops::Metrics;
use chrono::{DateTime, Utc};
use relais_db::{Backend, DbConnection, DbPool};
use relais_domain::clock::Clock;
use relais_domain::identity::{throttle_retry_after, ThrottleRule};
use relais_domain::limits::{count_request, Window};
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub keys: Arc<TokenKeys>,
    pub throttle: Arc<SignInThrottle>,
    pub limiter: Arc<RequestLimiter>,
    pub routes: Arc<crate::routes::RouteTable>,
    /// The OpenAPI document as served, built once at start-up (`routes` comes from it too).
    pub spec: Arc<serde_json::Value>,
    /// Writers' turns on SQLite (see `WriteLane`).
    pub write_lane: Arc<WriteLane>,
    pub metrics: Arc<Metrics>,
    pub config: Arc<Config>,
    /// Where every handler, use case and job reads the time; tests move it.
    pub clock: Arc<dyn Clock>,
    /// Proxies whose forwarded headers are believed.
    pub proxies: Arc<crate::forwarded::TrustedProxies>,
    /// Password hashing and checks, bounded (see `identity::passwords`).
    pub passwords: Arc<crate::identity::passwords::PasswordGate>,
    /// Live sessions remembered between requests (see `identity::sessions`).
    pub sessions: Arc<crate::identity::sessions::SessionCache>,
}

fn pooled(pool: &DbPool) -> Result<relais_db::connection::PooledConnection, ApiError> {
    pool.get()
        .map_err(|e| ApiError::Internal(format!("database pool: {e}")))
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Runs blocking database work on actix's thread pool with a pooled connection.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || work(&mut *pooled(&pool)?)).await?
    }

    /// `db` for threads that may block (background workers).
    pub fn read_blocking<T>(&self, work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>) -> Result<T, ApiError> {
        work(&mut *pooled(&self.pool)?)
    }

    /// `db_write` for threads that may block (background workers): same lane, same
    /// transaction.
    pub fn write_blocking<T>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let lane = (self.backend == relais_db::Backend::Sqlite).then(|| self.write_lane.clone());
        let _turn = lane.as_deref().map(WriteLane::enter).transpose()?;
        relais_db::write_transaction(&mut *pooled(&self.pool)?, work)
    }

    /// Like `db`, inside one write transaction: all of `work`'s writes land, or none. On
    /// SQLite, writers take turns in the write lane before they take a pooled connection,
    /// so waiting writers hold no connection that readers need.
    pub async fn db_write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let lane = (self.backend == relais_db::Backend::Sqlite).then(|| self.write_lane.clone());
        actix_web::web::block(move || {
            let _turn = lane.as_deref().map(WriteLane::enter).transpose()?;
            relais_db::write_transaction(&mut *pooled(&pool)?, work)
        })
        .await?
    }
}

/// SQLite has one writer at a time. Writers take a ticket and go in arrival order, instead
/// of retrying on SQLITE_BUSY with growing sleeps, or barging past each other on a plain
/// mutex: both made the slowest writes wait seconds under load.
#[derive(Default)]
pub struct WriteLane {
    /// (next ticket to hand out, ticket whose turn it is)
    tickets: Mutex<(u64, u64)>,
    turn_changed: Condvar,
}

/// Holding it is having the turn; dropping it passes the turn on, also on unwinding.
pub struct WriteTurn<'a> {
    lane: &'a WriteLane,
}

impl WriteLane {
    pub fn enter(&self) -> Result<WriteTurn<'_>, ApiError> {
        let poisoned = |_| ApiError::Internal("write lane poisoned".into());
        let mut tickets = self.tickets.lock().map_err(poisoned)?;
        let mine = tickets.0;
        tickets.0 += 1;
        while tickets.1 != mine {
            tickets = self.turn_changed.wait(tickets).map_err(poisoned)?;
        }
        Ok(WriteTurn { lane: self })
    }
}

impl Drop for WriteTurn<'_> {
    fn drop(&mut self) {
        if let Ok(mut tickets) = self.lane.tickets.lock() {
            tickets.1 += 1;
        }
        self.lane.turn_changed.notify_all();
    }
}

/// Sign-in attempts kept in memory per process. Behind a load balancer each process counts
/// its own share, so the effective limit is at most the number of processes times the rule.
///
/// Failures count per account *and* address (strict), per account from anywhere (a high cap,
/// so strangers cannot lock the owner out), per address across accounts (a shop's staff
/// behind one connection all signing in is not a failure), and all attempts together (a
/// budget no number of addresses gets round). An attempt is reserved as
/// a failure before the password is checked, under one lock, so parallel attempts cannot all
/// pass the check before the first failure is counted.
pub struct SignInThrottle {
    per_account_and_address: ThrottleRule,
    per_account: ThrottleRule,
    per_address: ThrottleRule,
    everyone: ThrottleRule,
    counts: Mutex<ThrottleCounts>,
    /// When each account and address was last refused, to record one refusal per window.
    refusals: Mutex<HashMap<(String, String), DateTime<Utc>>>,
}

#[derive(Default)]
struct ThrottleCounts {
    failures_by_account_and_address: HashMap<(String, String), Vec<DateTime<Utc>>>,
    failures_by_account: HashMap<String, Vec<DateTime<Utc>>>,
    attempts_by_address: HashMap<String, Vec<DateTime<Utc>>>,
    attempts: Vec<DateTime<Utc>>,
}

/// Past this many keys per map, keys whose attempts all left their window are dropped.
const MAX_THROTTLE_KEYS: usize = 100_000;

/// A sign-in attempt that passed the throttle. It counts as a failure unless `succeeded`.
pub struct SignInAttempt<'a> {
    throttle: &'a SignInThrottle,
    account: String,
    address: String,
    at: DateTime<Utc>,
}

impl SignInAttempt<'_> {
    /// The password was not checked (the server was busy): the attempt is not a failure.
    pub fn not_checked(self) {
        self.forget(false);
    }

    /// The password was right: the account's failures from this address are forgiven and this
    /// attempt is not a failure.
    pub fn succeeded(self) {
        self.forget(true);
    }

    /// Takes this attempt back out of the failures (and, when `forgive`, every failure of the
    /// account from this address).
    fn forget(self, forgive: bool) {
        let Ok(mut counts) = self.throttle.counts.lock() else {
            return;
        };
        let counts = &mut *counts;
        let pair = (self.account, self.address);
        if forgive {
            counts.failures_by_account_and_address.remove(&pair);
        }
        for failures in [
            counts.failures_by_account_and_address.get_mut(&pair),
            counts.failures_by_account.get_mut(&pair.0),
            counts.attempts_by_address.get_mut(&pair.1),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(index) = failures.iter().rposition(|at| *at == self.at) {
                failures.remove(index);
            }
        }
    }
}

impl SignInThrottle {
    pub fn new(config: &Config) -> Self {
        let rule = |max_attempts, window_seconds| ThrottleRule {
            max_attempts,
            window_seconds,
        };
        Self {
            per_account_and_address: rule(
                config.sign_in_failures_per_account_and_address,
                config.sign_in_window_seconds,
            ),
            per_account: rule(config.sign_in_failures_per_account, 3600),
            per_address: rule(config.sign_in_attempts_per_address, config.sign_in_window_seconds),
            everyone: rule(config.sign_in_attempts_per_minute, 60),
            counts: Mutex::new(ThrottleCounts::default()),
            refusals: Mutex::new(HashMap::new()),
        }
    }

    /// Whether this refusal is the first for the account and address in the window (and
    /// remembers it).
    pub fn first_refusal(&self, address: &str, account: &str, now: DateTime<Utc>) -> bool {
        let Ok(mut refusals) = self.refusals.lock() else {
            return false;
        };
        let window = chrono::Duration::seconds(self.per_account_and_address.window_seconds);
        if refusals.len() > MAX_THROTTLE_KEYS {
            refusals.retain(|_, at| now - *at < window);
        }
        let key = (account.to_owned(), address.to_owned());
        match refusals.get(&key) {
            Some(at) if now - *at < window => false,
            _ => {
                refusals.insert(key, now);
                true
            }
        }
    }

    /// Reserves an attempt from `address` on `account`, or refuses it (429 with the seconds
    /// until the first rule that refused frees up).
    pub fn begin(&self, address: &str, account: &str, now: DateTime<Utc>) -> Result<SignInAttempt<'_>, ApiError> {
        let mut counts = self
            .counts
            .lock()
            .map_err(|_| ApiError::Internal("throttle lock".into()))?;
        let counts = &mut *counts;
        let pair = (account.to_owned(), address.to_owned());
        prune(&mut counts.attempts, now, self.everyone.window_seconds);
        let checks = [
            (self.everyone, counts.attempts.clone()),
            (
                self.per_address,
                pruned(
                    counts.attempts_by_address.get(address),
                    now,
                    self.per_address.window_seconds,
                ),
            ),
            (
                self.per_account_and_address,
                pruned(
                    counts.failures_by_account_and_address.get(&pair),
                    now,
                    self.per_account_and_address.window_seconds,
                ),
            ),
            (
                self.per_account,
                pruned(
                    counts.failures_by_account.get(account),
                    now,
                    self.per_account.window_seconds,
                ),
            ),
        ];
        for (rule, attempts) in checks {
            if let Some(retry_after) = throttle_retry_after(rule, &attempts, now) {
                return Err(ApiError::TooManyRequests { retry_after });
            }
        }
        if counts.failures_by_account.len() > MAX_THROTTLE_KEYS {
            let window = self.per_account.window_seconds;
            counts.failures_by_account.retain(|_, at| {
                prune(at, now, window);
                !at.is_empty()
            });
        }
        if counts.attempts_by_address.len() > MAX_THROTTLE_KEYS {
            let window = self.per_address.window_seconds;
            counts.attempts_by_address.retain(|_, at| {
                prune(at, now, window);
                !at.is_empty()
            });
        }
        if counts.failures_by_account_and_address.len() > MAX_THROTTLE_KEYS {
            let window = self.per_account_and_address.window_seconds;
            counts.failures_by_account_and_address.retain(|_, at| {
                prune(at, now, window);
                !at.is_empty()
            });
        }
        counts.attempts.push(now);
        push_pruned(
            counts.attempts_by_address.entry(address.to_owned()).or_default(),
            now,
            self.per_address.window_seconds,
        );
        push_pruned(
            counts.failures_by_account_and_address.entry(pair).or_default(),
            now,
            self.per_account_and_address.window_seconds,
        );
        push_pruned(
            counts.failures_by_account.entry(account.to_owned()).or_default(),
            now,
            self.per_account.window_seconds,
        );
        Ok(SignInAttempt {
            throttle: self,
            account: account.to_owned(),
            address: address.to_owned(),
            at: now,
        })
    }
}

/// The attempts of a key still in the window.
fn pruned(attempts: Option<&Vec<DateTime<Utc>>>, now: DateTime<Utc>, window_seconds: i64) -> Vec<DateTime<Utc>> {
    let start = now - chrono::Duration::seconds(window_seconds);
    attempts
        .map(|all| all.iter().copied().filter(|at| *at > start).collect())
        .unwrap_or_default()
}

fn push_pruned(attempts: &mut Vec<DateTime<Utc>>, now: DateTime<Utc>, window_seconds: i64) {
    prune(attempts, now, window_seconds);
    attempts.push(now);
}

/// API-wide request counts per client address and per account, one-minute fixed windows,
/// in memory per process like the sign-in throttle.
#[derive(Default)]
pub struct RequestLimiter {
    windows: Mutex<LimiterWindows>,
}

#[derive(Default)]
struct LimiterWindows {
    addresses: HashMap<String, Window>,
    accounts: HashMap<String, Window>,
}

/// Whose requests are counted.
#[derive(Clone, Copy, Debug)]
pub enum Limited<'a> {
    Address(&'a str),
    Account(&'a str),
}

/// Past this many keys, windows that ended are dropped so the map stays bounded.
const MAX_TRACKED_KEYS: usize = 100_000;

impl RequestLimiter {
    pub fn check(&self, who: Limited<'_>, per_minute: u32, now: DateTime<Utc>) -> Result<(), ApiError> {
        let now = now.timestamp();
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| ApiError::Internal("limiter lock".into()))?;
        let (windows, key) = match who {
            Limited::Address(address) => (&mut windows.addresses, address),
            Limited::Account(account) => (&mut windows.accounts, account),
        };
        if windows.len() > MAX_TRACKED_KEYS {
            windows.retain(|_, window| now - window.started_at < 60);
        }
        // Looked up by reference: a known key costs no allocation (every request checks two).
        let window = match windows.get_mut(key) {
            Some(window) => window,
            None => windows.entry(key.to_owned()).or_default(),
        };
        let (next, refused) = count_request(*window, now, 60, per_minute);
        *window = next;
        match refused {
            Some(retry_after) => Err(ApiError::TooManyRequests { retry_after }),
            None => Ok(()),
        }
    }
}

/// Drops attempts that left the window so the maps stay small.
fn prune(attempts: &mut Vec<DateTime<Utc>>, now: DateTime<Utc>, window_seconds: i64) {
    let start = now - chrono::Duration::seconds(window_seconds);
    attempts.retain(|at| *at > start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn throttle() -> SignInThrottle {
        SignInThrottle::new(&Config::default())
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn strangers_failing_on_an_account_do_not_lock_its_owner_out() {
        let throttle = throttle();
        for n in 0..25 {
            let attempt = throttle.begin(&format!("203.0.113.{n}"), "owner@example.com", at(n));
            assert!(attempt.is_ok(), "stranger {n}");
            // Dropped without `succeeded`: a failure.
        }
        let owner = throttle.begin("198.51.100.7", "owner@example.com", at(30));
        assert!(owner.is_ok(), "the owner, from their own address");
        // But one address failing on one account is stopped after five.
        for n in 0..5 {
            assert!(throttle.begin("192.0.2.1", "owner@example.com", at(40 + n)).is_ok());
        }
        assert!(matches!(
            throttle.begin("192.0.2.1", "owner@example.com", at(50)),
            Err(ApiError::TooManyRequests { .. })
        ));
    }

    #[test]
    fn an_account_failing_from_everywhere_is_capped_per_hour() {
        let throttle = throttle();
        for n in 0..100 {
            let address = format!("10.0.{}.{}", n / 4, n % 4);
            assert!(
                throttle.begin(&address, "target@example.com", at(n)).is_ok(),
                "attempt {n}"
            );
        }
        let refused = throttle.begin("198.51.100.7", "target@example.com", at(200));
        assert!(
            matches!(refused, Err(ApiError::TooManyRequests { .. })),
            "the 101st in an hour"
        );
        assert!(
            throttle.begin("198.51.100.7", "target@example.com", at(3700)).is_ok(),
            "an hour later"
        );
    }

    #[test]
    fn a_success_forgives_its_own_failures_and_is_not_one() {
        let throttle = throttle();
        for n in 0..4 {
            assert!(throttle.begin("192.0.2.1", "me@example.com", at(n)).is_ok());
        }
        if let Ok(attempt) = throttle.begin("192.0.2.1", "me@example.com", at(5)) {
            attempt.succeeded();
        }
        for n in 0..5 {
            assert!(
                throttle.begin("192.0.2.1", "me@example.com", at(10 + n)).is_ok(),
                "fresh start {n}"
            );
        }
    }

    #[test]
    fn parallel_attempts_reserve_their_place_before_any_password_is_checked() {
        let throttle = Arc::new(throttle());
        let passed = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..25)
            .map(|_| {
                let (throttle, passed) = (throttle.clone(), passed.clone());
                std::thread::spawn(move || {
                    if throttle.begin("192.0.2.9", "victim@example.com", at(0)).is_ok() {
                        passed.fetch_add(1, Ordering::SeqCst);
                        // A slow password check; the attempt fails.
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                })
            })
            .collect();
        for thread in threads {
            let _ = thread.join();
        }
        assert_eq!(passed.load(Ordering::SeqCst), 5, "only five reach the password check");
    }

    #[test]
    fn everyone_together_has_a_budget_per_minute() {
        let throttle = SignInThrottle::new(&Config {
            sign_in_attempts_per_minute: 50,
            ..Config::default()
        });
        for n in 0..50 {
            assert!(throttle
                .begin(&format!("2001:db8::{n:x}"), &format!("p{n}@example.com"), at(0))
                .is_ok());
        }
        assert!(
            throttle.begin("2001:db8::ffff", "new@example.com", at(1)).is_err(),
            "the 51st, from a new address"
        );
        assert!(
            throttle.begin("2001:db8::ffff", "new@example.com", at(61)).is_ok(),
            "the next minute"
        );
    }

    #[test]
    fn the_write_lane_lets_one_writer_in_at_a_time_and_everyone_through() {
        let lane = Arc::new(WriteLane::default());
        let inside = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let (lane, inside, done) = (lane.clone(), inside.clone(), done.clone());
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        let _turn = lane.enter().expect("turn");
                        assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0, "two writers at once");
                        std::thread::yield_now();
                        inside.fetch_sub(1, Ordering::SeqCst);
                        done.fetch_add(1, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("writer thread");
        }
        assert_eq!(done.load(Ordering::SeqCst), 16 * 50);
    }
}

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
    /// The OpenAPI document, built once at start-up: served, and the source of `routes`.
    pub spec: Arc<utoipa::openapi::OpenApi>,
    /// Writers' turns on SQLite (see `WriteLane`).
    pub write_lane: Arc<WriteLane>,
    pub metrics: Arc<Metrics>,
    pub config: Arc<Config>,
    /// Where every handler, use case and job reads the time; tests move it.
    pub clock: Arc<dyn Clock>,
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
pub struct SignInThrottle {
    per_account: ThrottleRule,
    per_address: ThrottleRule,
    failures_by_account: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
    attempts_by_address: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

impl SignInThrottle {
    pub fn new(config: &Config) -> Self {
        Self {
            per_account: ThrottleRule {
                max_attempts: config.sign_in_failures_per_account,
                window_seconds: config.sign_in_window_seconds,
            },
            per_address: ThrottleRule {
                max_attempts: config.sign_in_attempts_per_address,
                window_seconds: config.sign_in_window_seconds,
            },
            failures_by_account: Mutex::new(HashMap::new()),
            attempts_by_address: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt from `address` and refuses it when the address or the account is
    /// over its limit.
    pub fn check(&self, address: &str, account: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
        {
            let mut by_address = self
                .attempts_by_address
                .lock()
                .map_err(|_| ApiError::Internal("throttle lock".into()))?;
            let attempts = by_address.entry(address.to_owned()).or_default();
            prune(attempts, now, self.per_address.window_seconds);
            if let Some(retry_after) = throttle_retry_after(self.per_address, attempts, now) {
                return Err(ApiError::TooManyRequests { retry_after });
            }
            attempts.push(now);
        }
        let mut by_account = self
            .failures_by_account
            .lock()
            .map_err(|_| ApiError::Internal("throttle lock".into()))?;
        let failures = by_account.entry(account.to_owned()).or_default();
        prune(failures, now, self.per_account.window_seconds);
        match throttle_retry_after(self.per_account, failures, now) {
            Some(retry_after) => Err(ApiError::TooManyRequests { retry_after }),
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, account: &str, now: DateTime<Utc>) {
        if let Ok(mut by_account) = self.failures_by_account.lock() {
            by_account.entry(account.to_owned()).or_default().push(now);
        }
    }

    pub fn record_success(&self, account: &str) {
        if let Ok(mut by_account) = self.failures_by_account.lock() {
            by_account.remove(account);
        }
    }
}

/// API-wide request counts per key (`address:…`, `account:…`), one-minute fixed windows,
/// in memory per process like the sign-in throttle.
#[derive(Default)]
pub struct RequestLimiter {
    windows: Mutex<HashMap<String, Window>>,
}

/// Past this many keys, windows that ended are dropped so the map stays bounded.
const MAX_TRACKED_KEYS: usize = 100_000;

impl RequestLimiter {
    pub fn check(&self, key: String, per_minute: u32, now: DateTime<Utc>) -> Result<(), ApiError> {
        let now = now.timestamp();
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| ApiError::Internal("limiter lock".into()))?;
        if windows.len() > MAX_TRACKED_KEYS {
            windows.retain(|_, window| now - window.started_at < 60);
        }
        let window = windows.entry(key).or_default();
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

//! Background work: domain-event consumers and durable jobs, run by `relais serve` beside
//! the HTTP server and by `relais worker` alone. Each worker loops: move every consumer
//! forward, run one due job, and sleep a little when there was nothing to do.

use crate::errors::ApiError;
use crate::state::AppState;
use relais_db::events::{horizon, ConsumerPosition, EventRow};
use relais_db::jobs::JobRow;
use relais_db::DbConnection;
use relais_domain::jobs::after_failure;
use std::time::Duration;

/// A consumer of domain events. `apply` runs in the transaction that moves its position, so
/// its effects in the database happen once per event; effects outside it (e-mails,
/// webhooks) go through jobs.
pub trait Consumer: Sync {
    /// Its durable name: the key of its position.
    fn name(&self) -> &'static str;
    fn apply(&self, conn: &mut DbConnection, events: &[EventRow]) -> Result<(), ApiError>;
    /// Forgets everything it derived, before a replay from the start.
    fn reset(&self, conn: &mut DbConnection) -> Result<(), ApiError>;
    /// Derives everything at once from the current data, when it knows a faster way than
    /// replaying each event (bulk loads); false when it does not.
    fn rebuild(&self, _conn: &mut DbConnection) -> Result<bool, ApiError> {
        Ok(false)
    }
}

/// Every consumer. A context with side effects of events adds one line here.
pub const CONSUMERS: &[&dyn Consumer] = &[
    &crate::analytics::RollupsConsumer,
    &crate::recognition::consumer::RecognitionConsumer,
];

/// Events read per transaction.
const BATCH: i64 = 500;
/// Sleep between rounds when there was nothing to do.
const IDLE: Duration = Duration::from_millis(500);

/// Applies the next batch of settled events to `consumer`; returns how many.
pub fn consume_batch(state: &AppState, consumer: &dyn Consumer, settle: chrono::Duration) -> Result<usize, ApiError> {
    let horizon = horizon(chrono::Utc::now(), settle);
    let now = state.now();
    // Most rounds find nothing new: look first without taking the write lock (and an fsync).
    let waiting = state.read_blocking(|conn| {
        let position = ConsumerPosition::read(conn, consumer.name())?;
        Ok(!EventRow::after(conn, &position, &horizon, 1)?.is_empty())
    })?;
    if !waiting {
        return Ok(0);
    }
    state.write_blocking(|conn| {
        let position = ConsumerPosition::lock(conn, consumer.name(), now)?;
        let events = EventRow::after(conn, &position, &horizon, BATCH)?;
        let Some(last) = events.last() else { return Ok(0) };
        consumer.apply(conn, &events)?;
        ConsumerPosition::set(conn, consumer.name(), last.id.as_str(), now)?;
        Ok(events.len())
    })
}

/// Moves every consumer forward until it has applied every event older than `settle`.
pub fn catch_up(state: &AppState, settle: chrono::Duration) -> Result<usize, ApiError> {
    let mut applied = 0;
    for consumer in CONSUMERS {
        loop {
            let count = consume_batch(state, *consumer, settle)?;
            applied += count;
            if count == 0 {
                break;
            }
        }
    }
    Ok(applied)
}

/// Replays `consumer` from the first event: its derived data is rebuilt from scratch.
pub fn replay(state: &AppState, consumer: &dyn Consumer) -> Result<usize, ApiError> {
    let now = state.now();
    state.write_blocking(|conn| {
        ConsumerPosition::lock(conn, consumer.name(), now)?;
        consumer.reset(conn)?;
        ConsumerPosition::set(conn, consumer.name(), "", now)?;
        Ok(())
    })?;
    let mut applied = 0;
    loop {
        let count = consume_batch(state, consumer, chrono::Duration::zero())?;
        applied += count;
        if count == 0 {
            return Ok(applied);
        }
    }
}

/// Brings every consumer up to the last event at once, by rebuilding where it can (after a
/// bulk load: demo, benchmark seed), by replaying otherwise. Run it when nothing else writes.
pub fn rebuild_all(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    for consumer in CONSUMERS {
        let rebuilt = state.write_blocking(|conn| {
            ConsumerPosition::lock(conn, consumer.name(), now)?;
            if !consumer.rebuild(conn)? {
                return Ok(false);
            }
            let last = EventRow::last_id(conn)?;
            ConsumerPosition::set(conn, consumer.name(), &last, now)?;
            Ok(true)
        })?;
        if !rebuilt {
            replay(state, *consumer)?;
        }
    }
    Ok(())
}

/// What running one job gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    /// No job was due.
    Idle,
    Succeeded,
    /// Failed; retried later or dead.
    Failed(String),
    /// Another worker took the job over (this one's lease had expired): nothing committed.
    LeaseLost,
}

/// Takes the next due job and runs it: its effect and its completion commit together, or
/// not at all.
pub fn run_one_job(state: &AppState, worker: &str) -> Result<JobOutcome, ApiError> {
    let lease = chrono::Duration::seconds(state.config.job_lease_seconds.max(1));
    let now = state.now();
    if !state.read_blocking(|conn| Ok(JobRow::any_due(conn, now)?))? {
        return Ok(JobOutcome::Idle);
    }
    let Some(job) = state.write_blocking(|conn| Ok(JobRow::claim(conn, worker, now, lease)?))? else {
        return Ok(JobOutcome::Idle);
    };
    let result = state.write_blocking(|conn| {
        crate::jobs::run(conn, state, &job, worker)?;
        if JobRow::complete(conn, &job.id, worker, state.now())? {
            Ok(())
        } else {
            Err(ApiError::conflict("lease_lost", "another worker took this job over"))
        }
    });
    match result {
        Ok(()) => Ok(JobOutcome::Succeeded),
        Err(ApiError::Conflict { code: "lease_lost", .. }) => {
            tracing::warn!(job = %job.id, worker, "job lease lost: its effect was rolled back");
            Ok(JobOutcome::LeaseLost)
        }
        Err(error) => {
            let message = error.to_string();
            let cause = match &error {
                ApiError::Internal(cause) => cause.clone(),
                _ => message.clone(),
            };
            let attempts = u32::try_from(job.attempts).unwrap_or(0);
            let max_attempts = u32::try_from(job.max_attempts).unwrap_or(1);
            let after = after_failure(attempts, max_attempts);
            tracing::warn!(job = %job.id, kind = %job.kind, attempts, error = %cause, ?after, "job failed");
            let now = state.now();
            state.write_blocking(|conn| Ok(JobRow::fail(conn, &job.id, worker, &cause, after, now)?))?;
            Ok(JobOutcome::Failed(cause))
        }
    }
}

/// One worker's loop, until the process ends. Errors are logged and the loop goes on.
pub fn work(state: AppState, worker: String) {
    let settle = chrono::Duration::milliseconds(state.config.events_settle_ms.max(0));
    let mut daily_enqueued_for = None;
    loop {
        let mut busy = false;
        // The day's jobs, once a day per worker (their unique keys keep one pending).
        let today = state.now().date_naive();
        if daily_enqueued_for != Some(today) {
            match state.write_blocking(|conn| crate::jobs::enqueue_daily(conn, state.now())) {
                Ok(()) => daily_enqueued_for = Some(today),
                Err(error) => tracing::error!(%error, "daily jobs not enqueued"),
            }
        }
        match catch_up(&state, settle) {
            Ok(applied) => busy |= applied > 0,
            Err(error) => tracing::error!(%error, "event consumers failed"),
        }
        match run_one_job(&state, &worker) {
            Ok(JobOutcome::Idle) => {}
            Ok(_) => busy = true,
            Err(error) => tracing::error!(%error, "job runner failed"),
        }
        if !busy {
            std::thread::sleep(IDLE);
        }
    }
}

/// Starts `count` workers on threads of their own, named after the process.
pub fn spawn(state: &AppState, count: usize) -> std::io::Result<()> {
    for n in 0..count {
        let state = state.clone();
        let name = format!("{}-{}-{n}", hostname(), std::process::id());
        std::thread::Builder::new()
            .name(format!("relais-worker-{n}"))
            .spawn(move || work(state, name))?;
    }
    Ok(())
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "relais".to_owned())
}

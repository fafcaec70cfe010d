//! The durable job queue, in the application's own database: jobs wait for their time, a
//! worker takes one under a lease, and completes it in the transaction of its effect (so a
//! worker that lost its lease cannot commit it); failures retry with back-off, then die.
//! On PostgreSQL workers in several processes share the queue with `FOR UPDATE SKIP LOCKED`.

use crate::schema::{job_probes, jobs};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::ids::{JobId, Tenant};
use relais_domain::jobs::{AfterFailure, JobKind, JobState};

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: JobId,
    pub organisation_id: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: JobKind,
    pub payload: String,
    pub unique_key: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: JobState,
    pub run_at: NaiveDateTime,
    pub attempts: i32,
    pub max_attempts: i32,
    pub locked_by: Option<String>,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// A job to enqueue.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub tenant: Option<Tenant>,
    pub kind: JobKind,
    /// JSON.
    pub payload: String,
    /// At most one pending job per key.
    pub unique_key: Option<String>,
    pub run_at: DateTime<Utc>,
    pub max_attempts: u32,
}

/// Longest error text kept with a job.
const ERROR_MAX_CHARS: usize = 2000;

impl JobRow {
    /// Stores a job as given, whatever its state (demo data and tests; the queue itself
    /// goes through `enqueue`).
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(jobs::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    /// Enqueues a job; `None` when a pending job already has its unique key.
    pub fn enqueue(conn: &mut DbConnection, job: NewJob, now: DateTime<Utc>) -> QueryResult<Option<JobId>> {
        let row = JobRow {
            id: JobId::generate(),
            organisation_id: job.tenant.map(|t| t.as_str().to_owned()),
            kind: job.kind,
            payload: job.payload,
            unique_key: job.unique_key,
            state: JobState::Queued,
            run_at: stored(job.run_at),
            attempts: 0,
            max_attempts: i32::try_from(job.max_attempts).unwrap_or(i32::MAX).max(1),
            locked_by: None,
            locked_until: None,
            last_error: None,
            created_at: stored(now),
            finished_at: None,
        };
        let id = row.id.clone();
        let insert = diesel::insert_into(jobs::table).values(row);
        // A bare ON CONFLICT DO NOTHING also covers the partial unique index on pending keys,
        // without aborting a PostgreSQL transaction the way a raised violation would.
        let inserted = crate::insert_or_ignore!(conn, insert)?;
        Ok((inserted == 1).then_some(id))
    }

    /// Takes the next due job (or one whose lease expired) for `worker` until `now + lease`,
    /// counting an attempt. Call inside a write transaction.
    pub fn claim(
        conn: &mut DbConnection,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
    ) -> QueryResult<Option<JobRow>> {
        let at = stored(now);
        let due = jobs::table
            .filter(jobs::state.eq(JobState::Queued.as_str()))
            .filter(jobs::run_at.le(at))
            .order((jobs::run_at.asc(), jobs::id.asc()))
            .select(jobs::id)
            .limit(1);
        let abandoned = jobs::table
            .filter(jobs::state.eq(JobState::Running.as_str()))
            .filter(jobs::locked_until.lt(at))
            .order(jobs::locked_until.asc())
            .select(jobs::id)
            .limit(1);
        let id: Option<String> = match conn {
            DbConnection::Postgresql(pg) => match due.for_update().skip_locked().first(pg).optional()? {
                Some(id) => Some(id),
                None => abandoned.for_update().skip_locked().first(pg).optional()?,
            },
            DbConnection::Sqlite(sqlite) => match due.first(sqlite).optional()? {
                Some(id) => Some(id),
                None => abandoned.first(sqlite).optional()?,
            },
        };
        let Some(id) = id else { return Ok(None) };
        diesel::update(jobs::table.filter(jobs::id.eq(&id)))
            .set((
                jobs::state.eq(JobState::Running.as_str()),
                jobs::locked_by.eq(worker),
                jobs::locked_until.eq(stored(now + lease)),
                jobs::attempts.eq(jobs::attempts + 1),
            ))
            .execute(conn)?;
        jobs::table
            .filter(jobs::id.eq(&id))
            .select(JobRow::as_select())
            .first(conn)
            .optional()
    }

    /// Whether any job is due or abandoned at `now` (a read, before trying to claim one).
    pub fn any_due(conn: &mut DbConnection, now: DateTime<Utc>) -> QueryResult<bool> {
        let at = stored(now);
        let due: Option<String> = jobs::table
            .filter(
                jobs::state
                    .eq(JobState::Queued.as_str())
                    .and(jobs::run_at.le(at))
                    .or(jobs::state
                        .eq(JobState::Running.as_str())
                        .and(jobs::locked_until.lt(at))),
            )
            .select(jobs::id)
            .first(conn)
            .optional()?;
        Ok(due.is_some())
    }

    /// Marks the job done if `worker` still holds it; false when the lease was lost (another
    /// worker took the job): the caller must then roll back the job's effect.
    pub fn complete(conn: &mut DbConnection, id: &JobId, worker: &str, now: DateTime<Utc>) -> QueryResult<bool> {
        let updated = diesel::update(
            jobs::table
                .filter(jobs::id.eq(id.as_str()))
                .filter(jobs::state.eq(JobState::Running.as_str()))
                .filter(jobs::locked_by.eq(worker)),
        )
        .set((
            jobs::state.eq(JobState::Succeeded.as_str()),
            jobs::locked_until.eq(None::<NaiveDateTime>),
            jobs::last_error.eq(None::<String>),
            jobs::finished_at.eq(stored(now)),
        ))
        .execute(conn)?;
        Ok(updated == 1)
    }

    /// Records a failed attempt: back to the queue for later, or dead.
    pub fn fail(
        conn: &mut DbConnection,
        id: &JobId,
        worker: &str,
        error: &str,
        after: AfterFailure,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let error: String = error.chars().take(ERROR_MAX_CHARS).collect();
        let target = jobs::table
            .filter(jobs::id.eq(id.as_str()))
            .filter(jobs::state.eq(JobState::Running.as_str()))
            .filter(jobs::locked_by.eq(worker));
        let updated = match after {
            AfterFailure::RetryIn { seconds } => diesel::update(target)
                .set((
                    jobs::state.eq(JobState::Queued.as_str()),
                    jobs::run_at.eq(stored(now + chrono::Duration::seconds(seconds))),
                    jobs::locked_by.eq(None::<String>),
                    jobs::locked_until.eq(None::<NaiveDateTime>),
                    jobs::last_error.eq(error),
                ))
                .execute(conn)?,
            AfterFailure::Dead => diesel::update(target)
                .set((
                    jobs::state.eq(JobState::Dead.as_str()),
                    jobs::locked_until.eq(None::<NaiveDateTime>),
                    jobs::last_error.eq(error),
                    jobs::finished_at.eq(stored(now)),
                ))
                .execute(conn)?,
        };
        Ok(updated == 1)
    }

    pub fn find(conn: &mut DbConnection, id: &JobId) -> QueryResult<Option<JobRow>> {
        jobs::table
            .filter(jobs::id.eq(id.as_str()))
            .select(JobRow::as_select())
            .first(conn)
            .optional()
    }

    /// The tenant's jobs in `state`, newest first.
    pub fn list(
        conn: &mut DbConnection,
        tenant: &Tenant,
        state: JobState,
        after: Option<&JobId>,
        limit: i64,
    ) -> QueryResult<Vec<JobRow>> {
        let mut query = jobs::table
            .filter(jobs::organisation_id.eq(tenant.as_str().to_owned()))
            .filter(jobs::state.eq(state.as_str()))
            .order(jobs::id.desc())
            .limit(limit)
            .select(JobRow::as_select())
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(jobs::id.lt(after.as_str().to_owned()));
        }
        query.load(conn)
    }

    /// Jobs not yet finished (queued or running), all organisations.
    pub fn pending(conn: &mut DbConnection) -> QueryResult<i64> {
        jobs::table
            .filter(jobs::state.eq_any([JobState::Queued.as_str(), JobState::Running.as_str()]))
            .count()
            .get_result(conn)
    }
}

/// What a probe job leaves behind: one row per completed run.
pub struct JobProbes;

impl JobProbes {
    pub fn record(conn: &mut DbConnection, job: &JobId, worker: &str, now: DateTime<Utc>) -> QueryResult<()> {
        diesel::insert_into(job_probes::table)
            .values((
                job_probes::id.eq(crate::new_id()),
                job_probes::job_id.eq(job.as_str()),
                job_probes::worker.eq(worker),
                job_probes::ran_at.eq(stored(now)),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// (runs recorded, distinct jobs among them).
    pub fn counts(conn: &mut DbConnection) -> QueryResult<(i64, i64)> {
        let runs: i64 = job_probes::table.count().get_result(conn)?;
        let distinct: i64 = job_probes::table
            .select(diesel::dsl::count(job_probes::job_id).aggregate_distinct())
            .first(conn)?;
        Ok((runs, distinct))
    }
}

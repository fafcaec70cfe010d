//! Jobs: what each kind of job does, and the list admins read to see failed (dead) jobs.

use crate::errors::ApiError;
use crate::extract::ApiQuery;
use crate::identity::Caller;
use crate::routes::Routes;
use crate::state::AppState;
use actix_web::{get, web};
use relais_db::jobs::{JobProbes, JobRow};
use relais_db::DbConnection;
use relais_domain::access::{Access, Action};
use relais_domain::ids::JobId;
use relais_domain::jobs::{Job, JobKind, JobListQuery, JobState, ProbePayload};
use relais_domain::pagination::{Page, PageRequest};
use relais_domain::Problem;

pub fn routes(routes: &mut Routes) {
    routes.add(list_jobs, Access::Allowed(Action::ReadOperations));
}

/// Runs one job's effect, inside the transaction that completes it. A new kind of job adds
/// its arm here (the match is exhaustive, so a kind without a handler does not compile).
pub fn run(conn: &mut DbConnection, state: &AppState, job: &JobRow, worker: &str) -> Result<(), ApiError> {
    match job.kind {
        JobKind::Probe => probe(conn, state, job, worker),
        JobKind::RecordObjectiveReadings => {
            crate::programmes::use_cases::record_objective_readings(conn, state.now()).map(|_| ())
        }
        JobKind::PreviewDirectoryImport => crate::directory::imports::run_preview(conn, state, job),
        JobKind::ApplyDirectoryImport => crate::directory::imports::run_apply(conn, state, job),
        JobKind::SendMail => crate::mail::run(state, job),
        JobKind::CloseContest => crate::contests::closing::run(conn, state, job),
    }
}

/// Records that it ran, after failing the first `fail_attempts` attempts.
fn probe(conn: &mut DbConnection, state: &AppState, job: &JobRow, worker: &str) -> Result<(), ApiError> {
    let payload: ProbePayload =
        serde_json::from_str(&job.payload).map_err(|e| ApiError::Internal(format!("probe payload: {e}")))?;
    if u32::try_from(job.attempts).unwrap_or(0) <= payload.fail_attempts {
        return Err(ApiError::Internal(format!(
            "probe failing attempt {} on purpose",
            job.attempts
        )));
    }
    if payload.work_ms > 0 {
        std::thread::sleep(std::time::Duration::from_millis(payload.work_ms.min(10_000)));
    }
    JobProbes::record(conn, &job.id, worker, state.now())?;
    Ok(())
}

fn to_job(row: &JobRow) -> Job {
    Job {
        id: row.id.clone(),
        kind: row.kind,
        state: row.state,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        max_attempts: u32::try_from(row.max_attempts).unwrap_or(0),
        run_at: row.run_at.and_utc(),
        last_error: row.last_error.clone(),
        created_at: row.created_at.and_utc(),
        finished_at: row.finished_at.map(|t| t.and_utc()),
    }
}

/// The organisation's background jobs in one state, newest first: by default the dead ones,
/// which failed every attempt and wait for someone to look. Admins only.
#[utoipa::path(
    tag = "operations",
    params(JobListQuery),
    responses(
        (status = 200, body = Page<Job>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/jobs")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<JobListQuery>,
) -> Result<web::Json<Page<Job>>, ApiError> {
    caller.require(Action::ReadOperations)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let job_state = query.state.unwrap_or(JobState::Dead);
    let result = state
        .db(move |conn| {
            let after = page.after_id::<JobId>();
            let rows = JobRow::list(
                conn,
                caller.tenant(),
                job_state,
                after.as_ref(),
                i64::from(page.limit) + 1,
            )?;
            Ok(page.page(rows.iter().map(to_job).collect(), |j: &Job| j.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// Enqueues the day's jobs (`jobs::DAILY`), once per pending day: the unique key is the
/// kind and the day, so workers in several processes enqueue each once.
pub fn enqueue_daily(conn: &mut DbConnection, now: chrono::DateTime<chrono::Utc>) -> Result<(), ApiError> {
    for kind in relais_domain::jobs::DAILY {
        let job = relais_db::jobs::NewJob {
            tenant: None,
            kind: *kind,
            payload: "{}".to_owned(),
            unique_key: Some(format!("{}:{}", kind.as_str(), now.date_naive())),
            run_at: now,
            max_attempts: 5,
        };
        JobRow::enqueue(conn, job, now)?;
    }
    Ok(())
}

/// The demo's part: a nightly job that failed all its attempts, so the operations screen
/// shows what a dead job looks like and what to do about it.
pub fn seed_demo(conn: &mut DbConnection, demo: &mut crate::demo::Demo) -> Result<(), ApiError> {
    let failed_at = demo.now - chrono::Duration::hours(7);
    let payload = ProbePayload {
        fail_attempts: u32::MAX,
        work_ms: 0,
    };
    JobRow {
        id: JobId::generate(),
        organisation_id: Some(demo.tenant.as_str().to_owned()),
        kind: JobKind::Probe,
        payload: serde_json::to_string(&payload).unwrap_or_default(),
        unique_key: None,
        state: JobState::Dead,
        run_at: relais_db::stored(failed_at),
        attempts: 5,
        max_attempts: 5,
        locked_by: None,
        locked_until: None,
        last_error: Some("probe failure 5 of 4294967295 (asked for)".to_owned()),
        created_at: relais_db::stored(failed_at - chrono::Duration::hours(2)),
        finished_at: Some(relais_db::stored(failed_at)),
    }
    .insert(conn)?;
    Ok(())
}

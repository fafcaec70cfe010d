//! When voting ends, a job makes the results final: the tally (the domain's, with its tie
//! rule) is written with the winners, the contest is marked closed and a `contest_closed`
//! event lets recognition give the winners their badge. Votes and scores are refused from
//! the window's end on, so the results read later are the same.

use crate::errors::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use relais_db::contests::{ContestRow, EntryRow, ResultRow, Scores, Votes};
use relais_db::events::EventRow;
use relais_db::jobs::{JobRow, NewJob};
use relais_db::DbConnection;
use relais_domain::contests::{tally, ContestId, ContestPhase, EntryFacts, Tally};
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::ids::{OrganisationId, Tenant};
use relais_domain::jobs::JobKind;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct CloseJob {
    contest_id: ContestId,
}

/// Queues the closing for when voting ends (one job per contest and end: a changed end
/// queues another, and the one for the old end finds nothing to do).
pub fn schedule(
    conn: &mut DbConnection,
    tenant: &Tenant,
    id: &ContestId,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let payload = serde_json::to_string(&CloseJob { contest_id: id.clone() })
        .map_err(|e| ApiError::Internal(format!("contest job payload: {e}")))?;
    JobRow::enqueue(
        conn,
        NewJob {
            tenant: Some(tenant.clone()),
            kind: JobKind::CloseContest,
            payload,
            unique_key: Some(format!("close_contest:{id}:{}", at.timestamp_micros())),
            run_at: at,
            max_attempts: 5,
        },
        now,
    )?;
    Ok(())
}

/// The job: closes the contest if its voting has ended (it may have moved later).
pub fn run(conn: &mut DbConnection, state: &AppState, job: &JobRow) -> Result<(), ApiError> {
    let payload: CloseJob =
        serde_json::from_str(&job.payload).map_err(|e| ApiError::Internal(format!("contest job payload: {e}")))?;
    let Some(organisation) = job.organisation_id.clone() else {
        return Ok(());
    };
    close(
        conn,
        &Tenant::new(OrganisationId::new(organisation)),
        &payload.contest_id,
        state.now(),
    )?;
    Ok(())
}

/// Each entry's result, in the order of the results (`tally`'s), with the entries read.
pub fn results(
    conn: &mut DbConnection,
    row: &ContestRow,
    criteria: &[relais_domain::contests::Criterion],
) -> Result<(Vec<EntryRow>, Vec<Tally>), ApiError> {
    let entries = EntryRow::of_contest(conn, &row.id)?;
    let votes = Votes::counts(conn, &row.id)?;
    let mut scores = Scores::of_contest(conn, &row.id)?;
    let facts: Vec<EntryFacts> = entries
        .iter()
        .map(|entry| EntryFacts {
            votes: votes.get(&entry.id).copied().unwrap_or(0),
            jury: scores
                .remove(&entry.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, s)| s)
                .collect(),
        })
        .collect();
    let lines = tally(
        row.mode,
        u32::try_from(row.public_weight).unwrap_or(0),
        criteria,
        &facts,
        u32::try_from(row.winners).unwrap_or(1),
    );
    Ok((entries, lines))
}

/// Makes a contest's results final if its voting has ended; false when there was nothing
/// to do (not ended, already closed, deleted).
pub fn close(conn: &mut DbConnection, tenant: &Tenant, id: &ContestId, now: DateTime<Utc>) -> Result<bool, ApiError> {
    let Some(row) = ContestRow::find(conn, tenant, id)? else {
        return Ok(false);
    };
    if row.closed_at.is_some() || row.windows().phase(now) != ContestPhase::Closed {
        return Ok(false);
    }
    let record = row.record(conn)?;
    let (entries, lines) = results(conn, &record.row, &record.criteria)?;
    let stored: Vec<ResultRow> = lines
        .iter()
        .map(|line| ResultRow {
            entry: entries[line.entry].id.clone(),
            person: entries[line.entry].entrant_id.clone(),
            rank: line.rank,
            winner: line.winner,
        })
        .collect();
    if !ContestRow::close(conn, id, &stored, now)? {
        return Ok(false);
    }
    let closed = DomainEvent::by_system(EventKind::ContestClosed, now).about(SubjectType::Contest, id);
    EventRow::record(conn, tenant, &closed)?;
    Ok(true)
}

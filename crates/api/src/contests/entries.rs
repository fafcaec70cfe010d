//! A contest's entries (tips), the public's votes, the jury's scores and the results. Every
//! rule — windows, audience, caps, no vote or score for one's own entry — is the domain's;
//! here they are read from the database and applied in one transaction.

use super::{closing, contest, eligible, refused};
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use relais_db::contests::{ContestRecord, ContestRow, EntryRow, Scores, Votes};
use relais_db::tips::TipRow;
use relais_db::DbConnection;
use relais_domain::access::{Action, Relationships};
use relais_domain::contests::{
    entry_refusal, score_refusal, vote_refusal, ContestId, ContestPhase, ContestResults, Entry, EntryId, EntryRequest,
    Refusal, ResultLine, ScoreRequest, VoteState, NOT_SUBMITTING, NOT_VOTING,
};
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::tips::TipStatus;
use relais_domain::Problem;
use std::collections::HashMap;

const NOT_FINAL: Refusal = Refusal {
    code: "results_not_final",
    detail: "results are shown once voting has ended",
};
const ALREADY_ENTERED: Refusal = Refusal {
    code: "already_entered",
    detail: "this tip is already entered in the contest",
};

/// The entries as the caller sees them: tips still published (and the caller's own), with
/// their vote and scores, and the votes once the contest is closed.
fn entry_views(
    conn: &mut DbConnection,
    caller: &Caller,
    record: &ContestRecord,
    rows: Vec<EntryRow>,
    now: DateTime<Utc>,
) -> Result<Vec<Entry>, ApiError> {
    let phase = record.row.windows().phase(now);
    let ids: Vec<_> = rows.iter().map(|row| row.tip_id.clone()).collect();
    let mut found = TipRow::by_ids(conn, caller.tenant(), &ids)?;
    let mut tips = Vec::with_capacity(rows.len());
    let mut kept = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(tip) = found.remove(&row.tip_id) else {
            continue;
        };
        if tip.status == TipStatus::Published || tip.author_id == caller.user_id {
            tips.push(tip);
            kept.push(row);
        }
    }
    let summaries = crate::tips::summaries(conn, caller.tenant(), &tips)?;
    let mine = Votes::of_voter(conn, &record.row.id, &caller.user_id)?;
    let counts = if phase == ContestPhase::Closed {
        Some(Votes::counts(conn, &record.row.id)?)
    } else {
        None
    };
    let mut my_scores: HashMap<EntryId, Vec<u8>> = if record.jurors.contains(&caller.user_id) {
        Scores::of_contest(conn, &record.row.id)?
            .into_iter()
            .filter_map(|(entry, by)| {
                let own = by.into_iter().find(|(juror, _)| juror == &caller.user_id)?;
                Some((entry, own.1))
            })
            .collect()
    } else {
        HashMap::new()
    };
    let team = caller.may(Action::ManageContests);
    Ok(kept
        .into_iter()
        .zip(summaries)
        .map(|(row, tip)| Entry {
            my_vote: mine.contains(&row.id),
            my_scores: my_scores.remove(&row.id),
            votes: counts.as_ref().map(|c| c.get(&row.id).copied().unwrap_or(0)),
            can_withdraw: phase == ContestPhase::Submissions && (team || row.entrant_id == caller.user_id),
            entered_at: row.entered_at.and_utc(),
            id: row.id,
            tip,
        })
        .collect())
}

fn one_entry(
    conn: &mut DbConnection,
    caller: &Caller,
    record: &ContestRecord,
    id: &EntryId,
    now: DateTime<Utc>,
) -> Result<Entry, ApiError> {
    let row = EntryRow::find(conn, &record.row.id, id)?.ok_or(ApiError::NotFound)?;
    entry_views(conn, caller, record, vec![row], now)?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// The tips entered, first entered first. Votes show once the contest is closed.
#[utoipa::path(
    tag = "contests",
    params(("id" = String, Path, description = "Contest id")),
    responses(
        (status = 200, body = Vec<Entry>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contests/{id}/entries")]
pub async fn list_entries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContestId>,
) -> Result<web::Json<Vec<Entry>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let now = state.now();
    let list = state
        .db(move |conn| {
            let record = contest(conn, caller.tenant(), &id)?;
            let rows = EntryRow::of_contest(conn, &id)?;
            entry_views(conn, &caller, &record, rows, now)
        })
        .await?;
    Ok(web::Json(list))
}

/// One entry of a contest.
#[utoipa::path(
    tag = "contests",
    params(
        ("id" = String, Path, description = "Contest id"),
        ("entry_id" = String, Path, description = "Entry id"),
    ),
    responses(
        (status = 200, body = Entry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contests/{id}/entries/{entry_id}")]
pub async fn get_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ContestId, EntryId)>,
) -> Result<web::Json<Entry>, ApiError> {
    caller.require(Action::ShareTips)?;
    let (id, entry) = path.into_inner();
    let now = state.now();
    let found = state
        .db(move |conn| {
            let record = contest(conn, caller.tenant(), &id)?;
            one_entry(conn, &caller, &record, &entry, now)
        })
        .await?;
    Ok(web::Json(found))
}

/// The use case of entering a tip (the API and the demo).
pub fn enter(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ContestId,
    request: &EntryRequest,
) -> Result<EntryId, ApiError> {
    let record = contest(conn, &actor.tenant, id)?;
    let phase = record.row.windows().phase(actor.now);
    let is_eligible = eligible(conn, &actor.tenant, &record, &actor.user)?;
    let so_far = EntryRow::count_by(conn, id, &actor.user)?;
    let is_juror = record.jurors.contains(&actor.user);
    if let Some(refusal) = entry_refusal(phase, is_eligible, is_juror, so_far) {
        return Err(refused(refusal));
    }
    let tip = TipRow::find(conn, &actor.tenant, &request.tip)?
        .filter(|t| t.status == TipStatus::Published || t.author_id == actor.user)
        .ok_or_else(|| ApiError::field("tip", "unknown", "no such tip"))?;
    if tip.author_id != actor.user {
        return Err(ApiError::field("tip", "not_yours", "enter a tip you wrote"));
    }
    if tip.status != TipStatus::Published {
        return Err(ApiError::field("tip", "draft", "publish the tip before entering it"));
    }
    let entry = EntryRow::insert(conn, &actor.tenant, id, &request.tip, &actor.user, actor.now)?
        .ok_or_else(|| refused(ALREADY_ENTERED))?;
    actor.record(conn, EventKind::ContestEntered, SubjectType::ContestEntry, &entry)?;
    Ok(entry)
}

/// Enter one of one's published tips, during submissions, if in the contest's audience (at
/// most three tips per person).
#[utoipa::path(
    tag = "contests",
    params(("id" = String, Path, description = "Contest id")),
    request_body = EntryRequest,
    responses(
        (status = 201, body = Entry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in the submission window, not in the audience, a juror, already entered, or three tips entered", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contests/{id}/entries")]
pub async fn enter_tip(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContestId>,
    body: ApiJson<EntryRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let actor = caller.actor(state.now());
    let contest_id = id.clone();
    let entry = state
        .db_write(move |conn| {
            let record = contest(conn, &actor.tenant, &id)?;
            let request = body.into_inner()?;
            let entry = enter(conn, &actor, &id, &request)?;
            one_entry(conn, &caller, &record, &entry, actor.now)
        })
        .await?;
    Ok(crate::routes::created(
        format!("/api/v1/contests/{contest_id}/entries/{}", entry.id),
        entry,
    ))
}

/// Withdraw an entry during submissions: its author, or the training team.
#[utoipa::path(
    tag = "contests",
    params(
        ("id" = String, Path, description = "Contest id"),
        ("entry_id" = String, Path, description = "Entry id"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submissions are closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/contests/{id}/entries/{entry_id}")]
pub async fn withdraw_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ContestId, EntryId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, entry) = path.into_inner();
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            let record = contest(conn, &actor.tenant, &id)?;
            let row = EntryRow::find(conn, &id, &entry)?.ok_or(ApiError::NotFound)?;
            let owner = row.entrant_id == caller.user_id;
            if !caller.may_as(
                Action::EditContribution,
                Relationships {
                    owner,
                    ..Relationships::default()
                },
            ) {
                // Others see the entry; only its author and the team may withdraw it.
                return Err(ApiError::Forbidden);
            }
            if record.row.windows().phase(actor.now) != ContestPhase::Submissions {
                return Err(refused(NOT_SUBMITTING));
            }
            EntryRow::delete(conn, &entry)?;
            actor.record(
                conn,
                EventKind::ContestEntryWithdrawn,
                SubjectType::ContestEntry,
                &entry,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The use case of voting (the API and the demo).
pub fn cast_vote(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ContestId,
    entry: &EntryId,
) -> Result<VoteState, ApiError> {
    let record = contest(conn, &actor.tenant, id)?;
    let row = EntryRow::find(conn, id, entry)?.ok_or(ApiError::NotFound)?;
    // Parallel votes of one voter take turns, so the cap counts them all.
    ContestRow::lock(conn, id)?;
    let mine = Votes::of_voter(conn, id, &actor.user)?;
    let cap = u32::try_from(record.row.votes_per_voter).unwrap_or(0);
    let state_now = |votes: usize| VoteState {
        voted: true,
        my_votes: u32::try_from(votes).unwrap_or(u32::MAX),
        votes_per_voter: cap,
    };
    let phase = record.row.windows().phase(actor.now);
    if mine.contains(entry) && phase == ContestPhase::Voting {
        return Ok(state_now(mine.len()));
    }
    let is_eligible = eligible(conn, &actor.tenant, &record, &actor.user)?;
    let cast = u32::try_from(mine.len()).unwrap_or(u32::MAX);
    if let Some(refusal) = vote_refusal(
        record.row.mode,
        phase,
        is_eligible,
        row.entrant_id == actor.user,
        cast,
        cap,
    ) {
        return Err(refused(refusal));
    }
    Votes::add(conn, id, entry, &actor.user, actor.now)?;
    Ok(state_now(mine.len() + 1))
}

/// Vote for an entry, in the voting window, if in the audience; never for one's own, at most
/// the contest's cap in all. Voting again for the same entry changes nothing.
#[utoipa::path(
    tag = "contests",
    params(
        ("id" = String, Path, description = "Contest id"),
        ("entry_id" = String, Path, description = "Entry id"),
    ),
    responses(
        (status = 200, body = VoteState),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Out of the voting window, not in the audience, one's own entry, every vote cast, or a jury contest", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/contests/{id}/entries/{entry_id}/vote")]
pub async fn vote(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ContestId, EntryId)>,
) -> Result<web::Json<VoteState>, ApiError> {
    caller.require(Action::ShareTips)?;
    let (id, entry) = path.into_inner();
    let actor = caller.actor(state.now());
    let outcome = state.db_write(move |conn| cast_vote(conn, &actor, &id, &entry)).await?;
    Ok(web::Json(outcome))
}

/// Take a vote back, in the voting window (after it, votes are final).
#[utoipa::path(
    tag = "contests",
    params(
        ("id" = String, Path, description = "Contest id"),
        ("entry_id" = String, Path, description = "Entry id"),
    ),
    responses(
        (status = 200, body = VoteState),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Out of the voting window", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/contests/{id}/entries/{entry_id}/vote")]
pub async fn unvote(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ContestId, EntryId)>,
) -> Result<web::Json<VoteState>, ApiError> {
    caller.require(Action::ShareTips)?;
    let (id, entry) = path.into_inner();
    let actor = caller.actor(state.now());
    let outcome = state
        .db_write(move |conn| {
            let record = contest(conn, &actor.tenant, &id)?;
            EntryRow::find(conn, &id, &entry)?.ok_or(ApiError::NotFound)?;
            if record.row.windows().phase(actor.now) != ContestPhase::Voting {
                return Err(refused(NOT_VOTING));
            }
            Votes::remove(conn, &entry, &actor.user)?;
            let mine = Votes::of_voter(conn, &id, &actor.user)?;
            Ok(VoteState {
                voted: false,
                my_votes: u32::try_from(mine.len()).unwrap_or(u32::MAX),
                votes_per_voter: u32::try_from(record.row.votes_per_voter).unwrap_or(0),
            })
        })
        .await?;
    Ok(web::Json(outcome))
}

/// Score an entry on each criterion (1–10, in the criteria's order), in the voting window:
/// the contest's jurors only, never their own entry. Scoring again replaces the scores.
#[utoipa::path(
    tag = "contests",
    params(
        ("id" = String, Path, description = "Contest id"),
        ("entry_id" = String, Path, description = "Entry id"),
    ),
    request_body = ScoreRequest,
    responses(
        (status = 200, body = Entry),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Out of the voting window, or one's own entry", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/contests/{id}/entries/{entry_id}/scores")]
pub async fn score_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ContestId, EntryId)>,
    body: ApiJson<ScoreRequest>,
) -> Result<web::Json<Entry>, ApiError> {
    let (id, entry) = path.into_inner();
    let actor = caller.actor(state.now());
    let scored = state
        .db_write(move |conn| {
            let record = contest(conn, &actor.tenant, &id)?;
            let row = EntryRow::find(conn, &id, &entry)?.ok_or(ApiError::NotFound)?;
            let is_juror = caller.may_as(
                Action::ScoreEntries,
                Relationships {
                    juror: record.jurors.contains(&actor.user),
                    ..Relationships::default()
                },
            );
            if !is_juror {
                return Err(ApiError::Forbidden);
            }
            let phase = record.row.windows().phase(actor.now);
            if let Some(refusal) = score_refusal(phase, is_juror, row.entrant_id == actor.user) {
                return Err(refused(refusal));
            }
            let request = body.into_inner()?;
            request
                .check(record.criteria.len())
                .map_err(|e| ApiError::Validation(vec![e]))?;
            Scores::set(conn, &entry, &actor.user, &request.scores, actor.now)?;
            one_entry(conn, &caller, &record, &entry, actor.now)
        })
        .await?;
    Ok(web::Json(scored))
}

/// The results, once voting has ended: rank, votes, jury score and total out of 100 for
/// each entry, and the winners. Tie rule: equal totals are separated by the higher jury
/// score, then by more votes; entries equal on all three share the rank (and both win if
/// that rank wins).
#[utoipa::path(
    tag = "contests",
    params(("id" = String, Path, description = "Contest id")),
    responses(
        (status = 200, body = ContestResults),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Voting has not ended", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contests/{id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContestId>,
) -> Result<web::Json<ContestResults>, ApiError> {
    caller.require(Action::ShareTips)?;
    let now = state.now();
    let found = state
        .db(move |conn| {
            let record = contest(conn, caller.tenant(), &id)?;
            if record.row.windows().phase(now) != ContestPhase::Closed {
                return Err(refused(NOT_FINAL));
            }
            let (entries, lines) = closing::results(conn, &record.row, &record.criteria)?;
            let ids: Vec<_> = entries.iter().map(|entry| entry.tip_id.clone()).collect();
            let found: Vec<TipRow> = TipRow::by_ids(conn, caller.tenant(), &ids)?.into_values().collect();
            let summaries = crate::tips::summaries(conn, caller.tenant(), &found)?;
            let items = lines
                .into_iter()
                .filter_map(|line| {
                    let entry = &entries[line.entry];
                    let tip = summaries.iter().find(|s| s.id == entry.tip_id)?;
                    Some(ResultLine {
                        rank: line.rank,
                        entry_id: entry.id.clone(),
                        tip_id: entry.tip_id.clone(),
                        tip_title: tip.title.clone(),
                        author: tip.author.clone(),
                        votes: line.votes,
                        jury_score: line.jury_score.map(|s| (s * 100.0).round() / 100.0),
                        total: (line.total * 100.0).round() / 100.0,
                        winner: line.winner,
                    })
                })
                .collect();
            Ok(ContestResults {
                contest_id: id.into_inner(),
                items,
            })
        })
        .await?;
    Ok(web::Json(found))
}

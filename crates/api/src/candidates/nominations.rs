//! Nominations and applications (C3), and admins' field observations. Anyone nominates a
//! colleague or applies; the training team reviews. The nominee is never told who
//! nominated them: only admins read nominations, and a nominator sees their own.

use super::pipeline::suggest_person;
use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::candidates::{NominationRow, ObservationRow};
use relais_db::directory::People;
use relais_db::programmes::ProgrammeRow;
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::candidates::{
    MyNomination, Nomination, NominationId, NominationKind, NominationListQuery, NominationRequest, NominationStatus,
    Observation, ObservationId, ObservationRequest, ReviewRequest,
};
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::{Tenant, UserId};
use relais_domain::pagination::{Page, PageRequest};
use relais_domain::programmes::ProgrammeStatus;
use relais_domain::Problem;

fn name_of(conn: &mut DbConnection, tenant: &Tenant, id: &UserId) -> Result<String, ApiError> {
    Ok(People::refs(conn, tenant, std::slice::from_ref(id))?
        .pop()
        .map(|p| p.display_name)
        .unwrap_or_default())
}

/// The names of the people these nominations name, read once.
fn names_of(
    conn: &mut DbConnection,
    tenant: &Tenant,
    rows: &[NominationRow],
) -> Result<std::collections::HashMap<UserId, String>, ApiError> {
    let mut ids: Vec<UserId> = rows
        .iter()
        .flat_map(|row| [row.nominee_id.clone(), row.nominator_id.clone()])
        .collect();
    ids.sort();
    ids.dedup();
    Ok(People::refs(conn, tenant, &ids)?
        .into_iter()
        .map(|person| (person.id, person.display_name))
        .collect())
}

fn to_nomination(conn: &mut DbConnection, tenant: &Tenant, row: &NominationRow) -> Result<Nomination, ApiError> {
    let names = names_of(conn, tenant, std::slice::from_ref(row))?;
    Ok(nomination_named(row, &names))
}

fn nomination_named(row: &NominationRow, names: &std::collections::HashMap<UserId, String>) -> Nomination {
    let name = |id: &UserId| names.get(id).cloned().unwrap_or_default();
    Nomination {
        id: row.id.clone(),
        programme_id: row.programme_id.clone(),
        kind: row.kind,
        nominee_id: row.nominee_id.clone(),
        nominee_name: name(&row.nominee_id),
        nominator_name: name(&row.nominator_id),
        reason: row.reason.clone(),
        status: row.status,
        created_at: row.created_at.and_utc(),
    }
}

fn to_mine(conn: &mut DbConnection, tenant: &Tenant, row: &NominationRow) -> Result<MyNomination, ApiError> {
    let names = names_of(conn, tenant, std::slice::from_ref(row))?;
    Ok(mine_named(row, &names))
}

fn mine_named(row: &NominationRow, names: &std::collections::HashMap<UserId, String>) -> MyNomination {
    MyNomination {
        id: row.id.clone(),
        programme_id: row.programme_id.clone(),
        kind: row.kind,
        nominee_name: names.get(&row.nominee_id).cloned().unwrap_or_default(),
        reason: row.reason.clone(),
        created_at: row.created_at.and_utc(),
    }
}

/// Nominate a colleague for an active programme, with a reason — or apply, naming oneself,
/// with a motivation. One open nomination per nominator and nominee in a programme.
#[utoipa::path(
    tag = "candidates",
    request_body = NominationRequest,
    responses(
        (status = 201, body = MyNomination),
        (status = 409, description = "Already nominated by you and not reviewed yet, or the programme is not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/nominations")]
pub async fn nominate(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<NominationRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::Nominate)?;
    let request = body.into_inner()?;
    let reason = request.validate()?;
    let actor = caller.actor(state.now());
    let mine = state
        .db_write(move |conn| {
            let programme = ProgrammeRow::find(conn, &actor.tenant, &request.programme_id)?
                .ok_or_else(|| ApiError::field("programme_id", "unknown", "no such programme"))?;
            if programme.status != ProgrammeStatus::Active {
                return Err(ApiError::conflict(
                    "programme_not_active",
                    "nominations open while the programme is active",
                ));
            }
            if !People::find(conn, &actor.tenant, &request.nominee_id)?.is_some_and(|p| p.entry.active) {
                return Err(ApiError::field("nominee_id", "unknown", "no such colleague"));
            }
            let row = NominationRow {
                id: NominationId::generate(),
                organisation_id: actor.tenant.as_str().to_owned(),
                programme_id: request.programme_id.clone(),
                kind: if request.nominee_id == actor.user {
                    NominationKind::Application
                } else {
                    NominationKind::Nomination
                },
                nominator_id: actor.user.clone(),
                nominee_id: request.nominee_id.clone(),
                reason,
                status: NominationStatus::Open,
                created_at: relais_db::stored(actor.now),
                reviewed_at: None,
            };
            row.insert(conn).map_err(|e| {
                if relais_db::is_unique_violation(&e) {
                    ApiError::conflict(
                        "already_nominated",
                        "you already put this person forward for this programme; the training team will review it",
                    )
                } else {
                    e.into()
                }
            })?;
            actor.record(conn, EventKind::NominationMade, SubjectType::Nomination, &row.id)?;
            to_mine(conn, &actor.tenant, &row)
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/nominations/{}", mine.id), mine))
}

/// The nominations inbox, newest first: open ones by default. Admins only.
#[utoipa::path(
    tag = "candidates",
    params(NominationListQuery),
    responses(
        (status = 200, body = Page<Nomination>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/nominations")]
pub async fn list_nominations(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<NominationListQuery>,
) -> Result<web::Json<Page<Nomination>>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let status = query.status.unwrap_or(NominationStatus::Open);
    let result = state
        .db(move |conn| {
            let tenant = caller.tenant();
            let after = page.after_id::<NominationId>();
            let rows = NominationRow::list(
                conn,
                tenant,
                query.programme.as_ref(),
                status,
                after.as_ref(),
                i64::from(page.limit) + 1,
            )?;
            let names = names_of(conn, tenant, &rows)?;
            let items = rows.iter().map(|row| nomination_named(row, &names)).collect();
            Ok(page.page(items, |n: &Nomination| n.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// What the caller nominated or applied for (newest first).
#[utoipa::path(tag = "candidates", responses((status = 200, body = Vec<MyNomination>)))]
#[get("/me/nominations")]
pub async fn my_nominations(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<MyNomination>>, ApiError> {
    caller.require(Action::Nominate)?;
    let list = state
        .db(move |conn| {
            let tenant = caller.tenant();
            let rows = NominationRow::by_nominator(conn, tenant, &caller.user_id)?;
            let names = names_of(conn, tenant, &rows)?;
            Ok(rows.iter().map(|row| mine_named(row, &names)).collect())
        })
        .await?;
    Ok(web::Json(list))
}

/// Review a nomination: `retained` puts the nominee in the programme's pipeline (as
/// suggested), `dismissed` closes it. Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Nomination id")),
    request_body = ReviewRequest,
    responses(
        (status = 200, body = Nomination),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already reviewed", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/nominations/{id}")]
pub async fn review(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<NominationId>,
    body: ApiJson<ReviewRequest>,
) -> Result<web::Json<Nomination>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let decision = body.into_inner()?.status.status();
    let actor = caller.actor(state.now());
    let reviewed = state
        .db_write(move |conn| {
            let row = NominationRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            if row.status != NominationStatus::Open {
                return Err(ApiError::conflict(
                    "already_reviewed",
                    "this nomination was already reviewed",
                ));
            }
            NominationRow::set_status(conn, &actor.tenant, &id, decision, actor.now)?;
            if decision == NominationStatus::Retained {
                let note = match row.kind {
                    NominationKind::Application => "candidature retenue",
                    NominationKind::Nomination => "recommandation retenue",
                };
                suggest_person(conn, &actor, &row.programme_id, &row.nominee_id, note)?;
            }
            actor.record(conn, EventKind::NominationReviewed, SubjectType::Nomination, &*id)?;
            let row = NominationRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            to_nomination(conn, &actor.tenant, &row)
        })
        .await?;
    Ok(web::Json(reviewed))
}

fn to_observation(row: &ObservationRow, author_name: String) -> Observation {
    Observation {
        id: row.id.clone(),
        person_id: row.person_id.clone(),
        rating: u8::try_from(row.rating).unwrap_or(0),
        note: row.note.clone(),
        author_name,
        created_at: row.created_at.and_utc(),
    }
}

/// A person's field observations, newest first. Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Person (account) id")),
    responses(
        (status = 200, body = Vec<Observation>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory/{id}/observations")]
pub async fn observations(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<Vec<Observation>>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let list = state
        .db(move |conn| {
            let tenant = caller.tenant();
            People::find(conn, tenant, &id)?.ok_or(ApiError::NotFound)?;
            Ok(ObservationRow::of_person(conn, tenant, &id)?
                .into_iter()
                .map(|(row, author)| to_observation(&row, author))
                .collect())
        })
        .await?;
    Ok(web::Json(list))
}

/// Record a field observation: how much this person moves colleagues to train (1–5), and
/// what was seen. Admins only; it counts in the candidate score.
#[utoipa::path(
    tag = "candidates",
    request_body = ObservationRequest,
    responses(
        (status = 201, body = Observation),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/observations")]
pub async fn observe(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<ObservationRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let request = body.into_inner()?;
    let (rating, note) = request.validate()?;
    let id = request.person_id;
    let actor = caller.actor(state.now());
    let made = state
        .db_write(move |conn| {
            if People::find(conn, &actor.tenant, &id)?.is_none() {
                return Err(ApiError::field("person_id", "unknown", "no such person"));
            }
            let row = ObservationRow {
                id: ObservationId::generate(),
                organisation_id: actor.tenant.as_str().to_owned(),
                person_id: id.clone(),
                author_id: actor.user.clone(),
                rating: i32::from(rating),
                note,
                created_at: relais_db::stored(actor.now),
            };
            row.insert(conn)?;
            actor.record(conn, EventKind::ObservationRecorded, SubjectType::Observation, &row.id)?;
            let author = name_of(conn, &actor.tenant, &actor.user)?;
            Ok(to_observation(&row, author))
        })
        .await?;
    Ok(crate::routes::created(
        format!("/api/v1/observations/{}", made.id),
        made,
    ))
}

/// Delete a field observation (recorded by mistake, or no longer fair). Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Observation id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/observations/{id}")]
pub async fn delete_observation(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ObservationId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            if ObservationRow::delete(conn, &actor.tenant, &id)? == 0 {
                return Err(ApiError::NotFound);
            }
            actor.record(conn, EventKind::ObservationRecorded, SubjectType::Observation, &*id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

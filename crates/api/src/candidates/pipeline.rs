//! The pipeline (C4): suggested → shortlisted → invited → accepted / declined → active →
//! alumni, each move checked by the domain and kept in the history. Accepting makes the
//! person an ambassador of the named sites; becoming alumni takes the role back, and
//! nothing they made is deleted.

use super::programme;
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{get, post, web, HttpResponse};
use relais_db::candidates::{settle_role, CandidacyRow};
use relais_db::directory::{People, SiteRows};
use relais_db::programmes::ProgrammeRow;
use relais_db::DbConnection;
use relais_domain::access::{Action, Relationships};
use relais_domain::candidates::{
    can_move, AmbassadorInvitation, AnswerRequest, Candidacy, CandidacyChange, CandidacyDetail, CandidacyId,
    CandidacyState, MoveRequest, Mover, SuggestRequest,
};
use relais_domain::directory::{SiteId, SiteRef};
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::{ProgrammeId, Tenant, UserId};
use relais_domain::Problem;
use std::collections::HashMap;

fn site_refs(conn: &mut DbConnection, tenant: &Tenant) -> Result<HashMap<SiteId, SiteRef>, ApiError> {
    Ok(SiteRows::refs(conn, tenant)?)
}

/// A candidacy as admins see it, with its history.
pub fn detail(conn: &mut DbConnection, tenant: &Tenant, row: &CandidacyRow) -> Result<CandidacyDetail, ApiError> {
    let sites = site_refs(conn, tenant)?;
    detail_with(conn, tenant, row, &sites)
}

fn detail_with(
    conn: &mut DbConnection,
    tenant: &Tenant,
    row: &CandidacyRow,
    sites: &HashMap<SiteId, SiteRef>,
) -> Result<CandidacyDetail, ApiError> {
    let person = People::find(conn, tenant, &row.person_id)?.ok_or(ApiError::NotFound)?;
    let covered = CandidacyRow::sites(conn, tenant, &row.id)?
        .iter()
        .filter_map(|id| sites.get(id).cloned())
        .collect();
    let history = CandidacyRow::history(conn, tenant, &row.id)?
        .into_iter()
        .map(|(change, by_name)| CandidacyChange {
            from: change.from_state.as_deref().and_then(CandidacyState::parse),
            to: CandidacyState::parse(&change.to_state).unwrap_or(CandidacyState::Suggested),
            by_name,
            note: change.note,
            at: change.occurred_at.and_utc(),
        })
        .collect();
    Ok(CandidacyDetail {
        candidacy: Candidacy {
            id: row.id.clone(),
            programme_id: row.programme_id.clone(),
            person_id: row.person_id.clone(),
            display_name: person.entry.display_name,
            job_title: person.entry.job_title,
            site: person.entry.site,
            state: row.state,
            role_description: row.role_description.clone(),
            sites: covered,
            decline_reason: row.decline_reason.clone(),
            updated_at: row.updated_at.and_utc(),
        },
        history,
    })
}

/// Puts a person in a programme's pipeline as suggested (or finds them there): the one way
/// candidacies start, from the ranking, a retained nomination or the demo.
pub fn suggest_person(
    conn: &mut DbConnection,
    actor: &Actor,
    programme: &ProgrammeId,
    person: &UserId,
    note: &str,
) -> Result<(CandidacyRow, bool), ApiError> {
    if let Some(existing) = CandidacyRow::find_for(conn, &actor.tenant, programme, person)? {
        return Ok((existing, false));
    }
    let found = People::find(conn, &actor.tenant, person)?;
    if !found.is_some_and(|p| p.entry.active) {
        return Err(ApiError::field("person_id", "unknown", "no such active person"));
    }
    let row = CandidacyRow::new(&actor.tenant, programme, person, actor.now);
    row.insert(conn)?;
    CandidacyRow::record_change(
        conn,
        &actor.tenant,
        &row.id,
        None,
        CandidacyState::Suggested,
        Some(&actor.user),
        note,
        actor.now,
    )?;
    actor.record(conn, EventKind::CandidacySuggested, SubjectType::Candidacy, &row.id)?;
    Ok((row, true))
}

/// Moves a candidacy, checked against the pipeline's rules for `mover`; settles the
/// person's role. Returns the person whose role may have changed.
#[expect(clippy::too_many_arguments, reason = "a move's parts, each named")]
pub fn move_to(
    conn: &mut DbConnection,
    actor: &Actor,
    row: &CandidacyRow,
    to: CandidacyState,
    mover: Mover,
    note: &str,
    role_description: Option<&str>,
    sites: &[SiteId],
) -> Result<(), ApiError> {
    if !can_move(row.state, to, mover) {
        return Err(ApiError::conflict(
            "move_not_allowed",
            format!("a candidacy cannot go from {} to {}", row.state.as_str(), to.as_str()),
        ));
    }
    // A deactivated person can leave the pipeline (declined, alumni) but not move on in it:
    // they could not sign in to answer, nor act as an ambassador.
    let forward = matches!(
        to,
        CandidacyState::Shortlisted | CandidacyState::Invited | CandidacyState::Accepted | CandidacyState::Active
    );
    if forward && !People::find(conn, &actor.tenant, &row.person_id)?.is_some_and(|p| p.entry.active) {
        return Err(ApiError::conflict(
            "person_inactive",
            "the person is deactivated: reactivate them first",
        ));
    }
    if to == CandidacyState::Invited {
        let known = SiteRows::refs(conn, &actor.tenant)?;
        if sites.iter().any(|s| !known.contains_key(s)) {
            return Err(ApiError::field("site_ids", "unknown", "no such site"));
        }
        CandidacyRow::set_sites(conn, &actor.tenant, &row.id, sites)?;
    }
    let decline_reason = (to == CandidacyState::Declined && !note.is_empty()).then_some(note);
    if !CandidacyRow::move_to(
        conn,
        &actor.tenant,
        &row.id,
        row.state,
        to,
        role_description,
        decline_reason,
        actor.now,
    )? {
        return Err(ApiError::conflict(
            "candidacy_changed",
            "someone moved this candidacy meanwhile",
        ));
    }
    CandidacyRow::record_change(
        conn,
        &actor.tenant,
        &row.id,
        Some(row.state),
        to,
        Some(&actor.user),
        note,
        actor.now,
    )?;
    settle_role(conn, &actor.tenant, &row.person_id, actor.now)?;
    actor.record(conn, EventKind::CandidacyMoved, SubjectType::Candidacy, &row.id)
}

/// A programme's pipeline: every candidacy with its history, oldest first. Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = Vec<CandidacyDetail>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/pipeline")]
pub async fn pipeline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<web::Json<Vec<CandidacyDetail>>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let list = state
        .db(move |conn| {
            let tenant = caller.tenant();
            programme(conn, tenant, &id)?;
            let sites = site_refs(conn, tenant)?;
            CandidacyRow::of_programme(conn, tenant, &id)?
                .iter()
                .map(|row| detail_with(conn, tenant, row, &sites))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(web::Json(list))
}

/// Put a person in a programme's pipeline, as suggested. Admins only. A person already
/// there is answered as they are (200), not added twice.
#[utoipa::path(
    tag = "candidates",
    request_body = SuggestRequest,
    responses(
        (status = 201, body = CandidacyDetail),
        (status = 200, description = "Already in the pipeline", body = CandidacyDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidacies")]
pub async fn suggest(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<SuggestRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let request = body.into_inner()?;
    let note = request.note.check("note")?;
    let actor = caller.actor(state.now());
    let id = request.programme_id.clone();
    let (created, detail) = state
        .db_write(move |conn| {
            let row: ProgrammeRow = ProgrammeRow::find(conn, &actor.tenant, &id)?
                .ok_or_else(|| ApiError::field("programme_id", "unknown", "no such programme"))?;
            if !row.status.is_editable() {
                return Err(ApiError::conflict(
                    "programme_closed",
                    "a closed programme's pipeline is kept as it was",
                ));
            }
            let (candidacy, created) = suggest_person(conn, &actor, &id, &request.person_id, &note)?;
            Ok((created, detail(conn, &actor.tenant, &candidacy)?))
        })
        .await?;
    if created {
        Ok(crate::routes::created(
            format!("/api/v1/candidacies/{}", detail.candidacy.id),
            detail,
        ))
    } else {
        Ok(HttpResponse::Ok().json(detail))
    }
}

/// One candidacy with its history. Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Candidacy id")),
    responses(
        (status = 200, body = CandidacyDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/candidacies/{id}")]
pub async fn get_candidacy(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<CandidacyId>,
) -> Result<web::Json<CandidacyDetail>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let found = state
        .db(move |conn| {
            let row = CandidacyRow::find(conn, caller.tenant(), &id)?.ok_or(ApiError::NotFound)?;
            detail(conn, caller.tenant(), &row)
        })
        .await?;
    Ok(web::Json(found))
}

/// Move a candidacy (admins): shortlist, back to suggested, invite (saying what the role
/// involves and which sites), start (active), end (alumni), suggest again after a decline.
/// Only the invitee accepts or declines.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Candidacy id")),
    request_body = MoveRequest,
    responses(
        (status = 200, body = CandidacyDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move the pipeline allows from here", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/candidacies/{id}/moves")]
pub async fn move_candidacy(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<CandidacyId>,
    body: ApiJson<MoveRequest>,
) -> Result<web::Json<CandidacyDetail>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let request = body.into_inner()?;
    let actor = caller.actor(state.now());
    let (moved, person) = state
        .db_write(move |conn| {
            let row = CandidacyRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            // A move the pipeline refuses is said first, whatever its fields.
            if !can_move(row.state, request.to, Mover::Admin) {
                return Err(ApiError::conflict(
                    "move_not_allowed",
                    format!(
                        "a candidacy cannot go from {} to {}",
                        row.state.as_str(),
                        request.to.as_str()
                    ),
                ));
            }
            let request = request.validate()?;
            move_to(
                conn,
                &actor,
                &row,
                request.to,
                Mover::Admin,
                &request.note,
                request.role_description.as_deref(),
                &request.site_ids,
            )?;
            let row = CandidacyRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            Ok((detail(conn, &actor.tenant, &row)?, row.person_id))
        })
        .await?;
    // A role that changed acts at once.
    state.sessions.forget_user(&person);
    Ok(web::Json(moved))
}

fn invitation_of(
    conn: &mut DbConnection,
    tenant: &Tenant,
    row: &CandidacyRow,
    sites: &HashMap<SiteId, SiteRef>,
) -> Result<AmbassadorInvitation, ApiError> {
    let programme = ProgrammeRow::find(conn, tenant, &row.programme_id)?.ok_or(ApiError::NotFound)?;
    Ok(AmbassadorInvitation {
        candidacy_id: row.id.clone(),
        programme_id: row.programme_id.clone(),
        programme_title: programme.title,
        state: row.state,
        role_description: row.role_description.clone().unwrap_or_default(),
        sites: CandidacyRow::sites(conn, tenant, &row.id)?
            .iter()
            .filter_map(|id| sites.get(id).cloned())
            .collect(),
        invited_at: row.invited_at.unwrap_or(row.updated_at).and_utc(),
    })
}

/// The caller's invitations to become an ambassador: open ones, and those they answered.
#[utoipa::path(tag = "candidates", responses((status = 200, body = Vec<AmbassadorInvitation>)))]
#[get("/me/ambassador-invitations")]
pub async fn my_invitations(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<AmbassadorInvitation>>, ApiError> {
    caller.require(Action::ReadOwnAccount)?;
    let list = state
        .db(move |conn| {
            use CandidacyState::*;
            let tenant = caller.tenant();
            let rows = CandidacyRow::of_person(conn, tenant, &caller.user_id, &[Invited, Accepted, Declined, Active])?;
            let sites = site_refs(conn, tenant)?;
            rows.iter()
                .map(|row| invitation_of(conn, tenant, row, &sites))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(web::Json(list))
}

/// Accept or decline an invitation to become an ambassador, freely. Accepting makes the
/// caller an ambassador of the invitation's sites. The invitee only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Candidacy id")),
    request_body = AnswerRequest,
    responses(
        (status = 200, body = AmbassadorInvitation),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting for an answer", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/ambassador-invitations/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<CandidacyId>,
    body: ApiJson<AnswerRequest>,
) -> Result<web::Json<AmbassadorInvitation>, ApiError> {
    let now = state.now();
    let actor = caller.actor(now);
    let checked_caller = caller.clone();
    let answered = state
        .db_write(move |conn| {
            let row = CandidacyRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            let relationships = Relationships {
                invitee: row.person_id == checked_caller.user_id,
                ..Relationships::default()
            };
            if !checked_caller.may_as(Action::AnswerAmbassadorInvitation, relationships) {
                return Err(ApiError::Forbidden);
            }
            let request = body.into_inner()?;
            let reason = request.reason.check("reason")?;
            let to = if request.accept {
                CandidacyState::Accepted
            } else {
                CandidacyState::Declined
            };
            move_to(conn, &actor, &row, to, Mover::Invitee, &reason, None, &[])?;
            let row = CandidacyRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            let sites = site_refs(conn, &actor.tenant)?;
            invitation_of(conn, &actor.tenant, &row, &sites)
        })
        .await?;
    state.sessions.forget_user(&caller.user_id);
    Ok(web::Json(answered))
}

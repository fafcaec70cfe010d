//! The training team's contests: list, create, read, change before they open, delete while
//! no tip is entered.

use super::{closing, contest, refused, view, view_one, Viewer};
use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::contests::ContestRow;
use relais_db::directory::{People, RegionRows, SiteRows};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::contests::{
    AudienceKind, Contest, ContestId, ContestListQuery, ContestPhase, ContestRequest, ContestSpec, Refusal,
};
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::{FieldErrors, Problem};

const STARTED: Refusal = Refusal {
    code: "contest_started",
    detail: "a contest's settings change only before submissions open",
};
const HAS_ENTRIES: Refusal = Refusal {
    code: "contest_has_entries",
    detail: "tips are entered: withdraw them first",
};

/// What the settings name must exist in the organisation: its places and jurors (active
/// colleagues); and voting must end in the future.
fn check_against_directory(conn: &mut DbConnection, actor: &Actor, spec: &ContestSpec) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    let known: Vec<String> = match spec.audience {
        AudienceKind::Organisation => Vec::new(),
        AudienceKind::Regions => RegionRows::list(conn, &actor.tenant)?
            .into_iter()
            .map(|r| r.id.as_str().to_owned())
            .collect(),
        AudienceKind::Sites => SiteRows::refs(conn, &actor.tenant)?
            .into_keys()
            .map(|s| s.as_str().to_owned())
            .collect(),
    };
    if spec.places.iter().any(|p| !known.contains(p)) {
        let field = if spec.audience == AudienceKind::Regions {
            "regions"
        } else {
            "sites"
        };
        errors.add(field, "unknown", format!("no such {field} in the organisation"));
    }
    for juror in &spec.jurors {
        if !People::find(conn, &actor.tenant, juror)?.is_some_and(|p| p.entry.active) {
            errors.add("jurors", "unknown", "each juror is an active colleague");
            break;
        }
    }
    // Entries must still be possible: a contest whose submissions already closed could
    // never have any. (Submissions may open at once: the contest then takes entries now.)
    if spec.windows.submissions_close_at <= actor.now {
        errors.add(
            "submissions_close_at",
            "in_past",
            "submissions must close in the future",
        );
    }
    errors.finish(|| ()).map_err(ApiError::Validation)
}

fn entry_count(conn: &mut DbConnection, id: &ContestId) -> Result<u32, ApiError> {
    Ok(ContestRow::entry_counts(conn, std::slice::from_ref(id))?
        .get(id)
        .copied()
        .unwrap_or(0))
}

/// The organisation's contests, the latest to end first, each with its phase now.
#[utoipa::path(
    tag = "contests",
    params(ContestListQuery),
    responses(
        (status = 200, body = Vec<Contest>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contests")]
pub async fn list_contests(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<ContestListQuery>,
) -> Result<web::Json<Vec<Contest>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let query = query.into_inner()?;
    let now = state.now();
    let list = state
        .db(move |conn| {
            let rows: Vec<ContestRow> = ContestRow::list(conn, caller.tenant())?
                .into_iter()
                .filter(|row| query.phase.is_none_or(|phase| row.windows().phase(now) == phase))
                .collect();
            let ids: Vec<ContestId> = rows.iter().map(|r| r.id.clone()).collect();
            let counts = ContestRow::entry_counts(conn, &ids)?;
            let records = rows
                .into_iter()
                .map(|row| row.record(conn))
                .collect::<Result<Vec<_>, _>>()?;
            // The caller and the places named, read once for the whole list.
            let viewer = Viewer::read(conn, &caller, &records)?;
            let mut list = Vec::with_capacity(records.len());
            for record in records {
                let entries = counts.get(&record.row.id).copied().unwrap_or(0);
                list.push(view(conn, &caller, &viewer, record, entries, now)?);
            }
            Ok(list)
        })
        .await?;
    Ok(web::Json(list))
}

/// Create a contest: theme, rules, audience, windows and how winners are chosen. The
/// training team only.
#[utoipa::path(
    tag = "contests",
    request_body = ContestRequest,
    responses(
        (status = 201, body = Contest),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/contests")]
pub async fn create_contest(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<ContestRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageContests)?;
    let spec = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let contest = state
        .db_write(move |conn| {
            let id = create(conn, &actor, &spec)?;
            let record = contest(conn, &actor.tenant, &id)?;
            view_one(conn, &caller, record, 0, actor.now)
        })
        .await?;
    Ok(crate::routes::created(
        format!("/api/v1/contests/{}", contest.id),
        contest,
    ))
}

/// The use case of creating a contest (the API and the demo).
pub fn create(conn: &mut DbConnection, actor: &Actor, spec: &ContestSpec) -> Result<ContestId, ApiError> {
    check_against_directory(conn, actor, spec)?;
    let id = ContestRow::insert(conn, &actor.tenant, spec, &actor.user, actor.now)?;
    closing::schedule(conn, &actor.tenant, &id, spec.windows.voting_close_at, actor.now)?;
    actor.record(conn, EventKind::ContestCreated, SubjectType::Contest, &id)?;
    Ok(id)
}

/// A contest, its phase now, and what the caller may do in it.
#[utoipa::path(
    tag = "contests",
    params(("id" = String, Path, description = "Contest id")),
    responses(
        (status = 200, body = Contest),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/contests/{id}")]
pub async fn get_contest(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContestId>,
) -> Result<web::Json<Contest>, ApiError> {
    caller.require(Action::ShareTips)?;
    let now = state.now();
    let found = state
        .db(move |conn| {
            let record = contest(conn, caller.tenant(), &id)?;
            let entries = entry_count(conn, &id)?;
            view_one(conn, &caller, record, entries, now)
        })
        .await?;
    Ok(web::Json(found))
}

/// Change a contest's settings, all at once, before submissions open. The training team
/// only.
#[utoipa::path(
    tag = "contests",
    params(("id" = String, Path, description = "Contest id")),
    request_body = ContestRequest,
    responses(
        (status = 200, body = Contest),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Submissions have opened", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/contests/{id}")]
pub async fn update_contest(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContestId>,
    body: ApiJson<ContestRequest>,
) -> Result<web::Json<Contest>, ApiError> {
    caller.require(Action::ManageContests)?;
    let actor = caller.actor(state.now());
    let updated = state
        .db_write(move |conn| {
            let before = contest(conn, &actor.tenant, &id)?;
            if before.row.windows().phase(actor.now) != ContestPhase::Upcoming {
                return Err(refused(STARTED));
            }
            let spec = body.into_inner()?.validate()?;
            check_against_directory(conn, &actor, &spec)?;
            ContestRow::replace(conn, &actor.tenant, &id, &spec, actor.now)?;
            if spec.windows.voting_close_at != before.row.windows().voting_close_at {
                closing::schedule(conn, &actor.tenant, &id, spec.windows.voting_close_at, actor.now)?;
            }
            actor.record(conn, EventKind::ContestUpdated, SubjectType::Contest, &*id)?;
            let record = contest(conn, &actor.tenant, &id)?;
            view_one(conn, &caller, record, 0, actor.now)
        })
        .await?;
    Ok(web::Json(updated))
}

/// Delete a contest no tip is entered in. The training team only.
#[utoipa::path(
    tag = "contests",
    params(("id" = String, Path, description = "Contest id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Tips are entered", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/contests/{id}")]
pub async fn delete_contest(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ContestId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageContests)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            contest(conn, &actor.tenant, &id)?;
            if entry_count(conn, &id)? > 0 {
                return Err(refused(HAS_ENTRIES));
            }
            ContestRow::delete(conn, &actor.tenant, &id)?;
            actor.record(conn, EventKind::ContestDeleted, SubjectType::Contest, &*id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

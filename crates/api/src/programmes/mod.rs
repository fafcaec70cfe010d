//! Step 1 — Why: programmes, needs, objectives and the programme dashboard.
//! Admins edit; everyone in the organisation reads active programmes.

pub mod demo;
pub mod use_cases;

use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::routes::Routes;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::programmes::{NeedRow, ObjectiveRow, ProgrammeQuery, ProgrammeRow};
use relais_db::DbConnection;
use relais_domain::access::{Access, Action};
use relais_domain::ids::{NeedId, ObjectiveId, ProgrammeId};
use relais_domain::pagination::{Page, PageRequest};
use relais_domain::programmes::{
    CloseProgrammeRequest, Need, NeedRequest, Objective, ObjectiveRequest, Programme, ProgrammeDashboard,
    ProgrammeDetail, ProgrammeListQuery, ProgrammeRequest, ProgrammeStatus,
};
use relais_domain::Problem;

/// The programmes context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let read = Access::Allowed(Action::ReadProgrammes);
    let manage = Access::Allowed(Action::ManageProgrammes);
    routes
        .add(list_programmes, read)
        .add_create(create_programme, manage, "/programme/id")
        .add(get_programme, read)
        .add(update_programme, manage)
        .add(delete_programme, manage)
        .add(activate_programme, manage)
        .add(close_programme, manage)
        .add_create(create_need, manage, "/id")
        .add(get_need, read)
        .add(update_need, manage)
        .add(delete_need, manage)
        .add_create(create_objective, manage, "/id")
        .add(get_objective, read)
        .add(update_objective, manage)
        .add(delete_objective, manage)
        .add(programme_dashboard, read);
}

/// A programme the caller may read: any of their organisation's with `ReadAllProgrammes`,
/// active ones otherwise. Anything else is "not found", not "forbidden", so ids leak nothing.
fn visible_programme(conn: &mut DbConnection, caller: &Caller, id: &ProgrammeId) -> Result<ProgrammeRow, ApiError> {
    let row = ProgrammeRow::find(conn, caller.tenant(), id)?.ok_or(ApiError::NotFound)?;
    if caller.may(Action::ReadAllProgrammes) || row.status == ProgrammeStatus::Active {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Programmes of the caller's organisation, newest first. Non-admins see active ones only.
#[utoipa::path(
    tag = "programmes",
    params(ProgrammeListQuery),
    responses(
        (status = 200, body = Page<Programme>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes")]
pub async fn list_programmes(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<ProgrammeListQuery>,
) -> Result<web::Json<Page<Programme>>, ApiError> {
    caller.require(Action::ReadProgrammes)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let status = match (caller.may(Action::ReadAllProgrammes), query.status) {
        (true, status) => status,
        (false, None | Some(ProgrammeStatus::Active)) => Some(ProgrammeStatus::Active),
        (false, Some(_)) => {
            return Ok(web::Json(Page {
                items: Vec::new(),
                next_cursor: None,
            }))
        }
    };
    let result = state
        .db(move |conn| {
            let after = page.after_id::<ProgrammeId>();
            let rows = ProgrammeQuery {
                tenant: caller.tenant(),
                status,
                after: after.as_ref(),
                limit: i64::from(page.limit) + 1,
            }
            .list(conn)?;
            Ok(page.page(
                rows.iter().map(ProgrammeRow::to_programme).collect(),
                |p: &Programme| p.id.to_string(),
            ))
        })
        .await?;
    Ok(web::Json(result))
}

/// Create a programme, as a draft. Admins only.
#[utoipa::path(
    tag = "programmes",
    request_body = ProgrammeRequest,
    responses(
        (status = 201, body = ProgrammeDetail),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes")]
pub async fn create_programme(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<ProgrammeRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let fields = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let created = state
        .db_write(move |conn| use_cases::create_programme(conn, &actor, &fields))
        .await?;
    Ok(crate::routes::created(
        format!("/api/v1/programmes/{}", created.programme.id),
        created,
    ))
}

/// A programme with its needs and objectives. A need's evidence is the training team's
/// working material: only those who may see every programme get it; others get it empty.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}")]
pub async fn get_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require(Action::ReadProgrammes)?;
    let found = state
        .db(move |conn| {
            let row = visible_programme(conn, &caller, &id)?;
            let mut detail = use_cases::detail(conn, &row)?;
            if !caller.may(Action::ReadAllProgrammes) {
                // The evidence behind a need is the training team's working material.
                detail.needs.iter_mut().for_each(|need| need.evidence.clear());
            }
            Ok(detail)
        })
        .await?;
    Ok(web::Json(found))
}

/// Replace a programme's title, context, description and period. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    request_body = ProgrammeRequest,
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}")]
pub async fn update_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
    body: ApiJson<ProgrammeRequest>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let fields = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let updated = state
        .db_write(move |conn| use_cases::update_programme(conn, &actor, &id, &fields))
        .await?;
    Ok(web::Json(updated))
}

/// Delete a draft programme with its needs and objectives. Admins only.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Only drafts can be deleted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/programmes/{id}")]
pub async fn delete_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| use_cases::delete_programme(conn, &actor, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Activate a draft: it becomes visible to everyone and each objective's baseline is
/// captured now. Needs at least one objective. Admins only.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or no objectives", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/activate")]
pub async fn activate_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let actor = caller.actor(state.now());
    let activated = state
        .db_write(move |conn| use_cases::activate_programme(conn, &actor, &id))
        .await?;
    Ok(web::Json(activated))
}

/// Close an active programme with a retrospective. Admins only.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    request_body = CloseProgrammeRequest,
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/close")]
pub async fn close_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
    body: ApiJson<CloseProgrammeRequest>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let retrospective = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let closed = state
        .db_write(move |conn| use_cases::close_programme(conn, &actor, &id, &retrospective))
        .await?;
    Ok(web::Json(closed))
}

/// Add a need to a programme. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    request_body = NeedRequest,
    responses(
        (status = 201, body = Need),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/needs")]
pub async fn create_need(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
    body: ApiJson<NeedRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let fields = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let programme = id.clone();
    let need = state
        .db_write(move |conn| use_cases::add_need(conn, &actor, &id, &fields))
        .await?;
    let need = need.to_need();
    Ok(crate::routes::created(
        format!("/api/v1/programmes/{programme}/needs/{}", need.id),
        need,
    ))
}

/// One need of a programme the caller may see (its evidence only for those who see every
/// programme, as in the programme itself).
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id"), ("need_id" = String, Path, description = "Need id")),
    responses(
        (status = 200, body = Need),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/needs/{need_id}")]
pub async fn get_need(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ProgrammeId, NeedId)>,
) -> Result<web::Json<Need>, ApiError> {
    caller.require(Action::ReadProgrammes)?;
    let (id, need_id) = path.into_inner();
    let need = state
        .db(move |conn| {
            visible_programme(conn, &caller, &id)?;
            let mut need = NeedRow::find(conn, caller.tenant(), &id, &need_id)?
                .ok_or(ApiError::NotFound)?
                .to_need();
            if !caller.may(Action::ReadAllProgrammes) {
                need.evidence.clear();
            }
            Ok(need)
        })
        .await?;
    Ok(web::Json(need))
}

/// One objective of a programme the caller may see.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id"), ("objective_id" = String, Path, description = "Objective id")),
    responses(
        (status = 200, body = Objective),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/objectives/{objective_id}")]
pub async fn get_objective(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ProgrammeId, ObjectiveId)>,
) -> Result<web::Json<Objective>, ApiError> {
    caller.require(Action::ReadProgrammes)?;
    let (id, objective_id) = path.into_inner();
    let objective = state
        .db(move |conn| {
            visible_programme(conn, &caller, &id)?;
            let row = ObjectiveRow::find(conn, caller.tenant(), &id, &objective_id)?.ok_or(ApiError::NotFound)?;
            Ok(row.to_objective())
        })
        .await?;
    Ok(web::Json(objective))
}

/// Replace a need. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id"), ("need_id" = String, Path, description = "Need id")),
    request_body = NeedRequest,
    responses(
        (status = 200, body = Need),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}/needs/{need_id}")]
pub async fn update_need(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ProgrammeId, NeedId)>,
    body: ApiJson<NeedRequest>,
) -> Result<web::Json<Need>, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let (id, need_id) = path.into_inner();
    let fields = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let need = state
        .db_write(move |conn| use_cases::update_need(conn, &actor, &id, &need_id, &fields))
        .await?;
    Ok(web::Json(need.to_need()))
}

/// Delete a need that no objective refers to. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id"), ("need_id" = String, Path, description = "Need id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Objectives still answer this need", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/programmes/{id}/needs/{need_id}")]
pub async fn delete_need(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ProgrammeId, NeedId)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let (id, need_id) = path.into_inner();
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| use_cases::delete_need(conn, &actor, &id, &need_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Add an objective to a programme. In an active programme its baseline is captured at once.
/// Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    request_body = ObjectiveRequest,
    responses(
        (status = 201, body = Objective),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/objectives")]
pub async fn create_objective(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
    body: ApiJson<ObjectiveRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let body = body.into_inner()?;
    let actor = caller.actor(state.now());
    let programme = id.clone();
    let objective = state
        .db_write(move |conn| use_cases::add_objective(conn, &actor, &id, &body))
        .await?;
    let objective = objective.to_objective();
    Ok(crate::routes::created(
        format!("/api/v1/programmes/{programme}/objectives/{}", objective.id),
        objective,
    ))
}

/// Replace an objective. Once the programme is active its metric is fixed (the baseline
/// was captured for it). Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id"), ("objective_id" = String, Path, description = "Objective id")),
    request_body = ObjectiveRequest,
    responses(
        (status = 200, body = Objective),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}/objectives/{objective_id}")]
pub async fn update_objective(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ProgrammeId, ObjectiveId)>,
    body: ApiJson<ObjectiveRequest>,
) -> Result<web::Json<Objective>, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let (id, objective_id) = path.into_inner();
    let body = body.into_inner()?;
    let actor = caller.actor(state.now());
    let objective = state
        .db_write(move |conn| use_cases::update_objective(conn, &actor, &id, &objective_id, &body))
        .await?;
    Ok(web::Json(objective.to_objective()))
}

/// Delete an objective. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id"), ("objective_id" = String, Path, description = "Objective id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/programmes/{id}/objectives/{objective_id}")]
pub async fn delete_objective(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(ProgrammeId, ObjectiveId)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageProgrammes)?;
    let (id, objective_id) = path.into_inner();
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| use_cases::delete_objective(conn, &actor, &id, &objective_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The programme dashboard (W4): each objective's computed value and pacing, and the
/// ambassador network's size and activity. Figures over fewer than k people are hidden.
#[utoipa::path(
    tag = "programmes",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDashboard),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/dashboard")]
pub async fn programme_dashboard(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<web::Json<ProgrammeDashboard>, ApiError> {
    caller.require(Action::ReadProgrammes)?;
    let now = state.now();
    let dashboard = state
        .db(move |conn| {
            let row = visible_programme(conn, &caller, &id)?;
            use_cases::current_dashboard(conn, caller.tenant(), &row, now)
        })
        .await?;
    Ok(web::Json(dashboard))
}

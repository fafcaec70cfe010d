//! Step 1 — Why: programmes, needs, objectives and the programme dashboard.
//! Admins edit; everyone in the organisation reads active programmes.

use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::users::path_id;
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::activity::ActivityEvent;
use relais_db::metrics::{accounts_of_role, people_of_role, read_metric, Moment};
use relais_db::organisations::Organisation;
use relais_db::programmes::{NeedRow, ObjectiveRow, ProgrammeQuery, ProgrammeRow};
use relais_db::DbConnection;
use relais_domain::analytics::{effective_k, Reading};
use relais_domain::identity::Role;
use relais_domain::pagination::{Page, PageRequest};
use relais_domain::programmes::{
    self as rules, CloseProgrammeRequest, Need, NeedRequest, Objective, ObjectiveProgress, ObjectiveRequest, Programme,
    ProgrammeDashboard, ProgrammeDetail, ProgrammeListQuery, ProgrammeRequest, ProgrammeStatus,
};
use relais_domain::Problem;

/// A programme the caller may read: any of their organisation's for admins, active ones
/// for everyone else. Anything else is "not found", not "forbidden", so ids leak nothing.
fn visible_programme(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ProgrammeRow, ApiError> {
    let row = ProgrammeRow::find(conn, &caller.organisation_id, id)?.ok_or(ApiError::NotFound)?;
    if caller.is_admin() || row.status() == ProgrammeStatus::Active {
        Ok(row)
    } else {
        Err(ApiError::NotFound)
    }
}

/// A programme an admin may change: not closed.
fn editable_programme(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<ProgrammeRow, ApiError> {
    let row = ProgrammeRow::find(conn, &caller.organisation_id, id)?.ok_or(ApiError::NotFound)?;
    if !row.status().is_editable() {
        return Err(ApiError::conflict(
            "programme_closed",
            "a closed programme can no longer be changed",
        ));
    }
    Ok(row)
}

fn detail(conn: &mut DbConnection, row: &ProgrammeRow) -> Result<ProgrammeDetail, ApiError> {
    let needs = NeedRow::list_for_programme(conn, &row.organisation_id, &row.id)?;
    let objectives = ObjectiveRow::list_for_programme(conn, &row.organisation_id, &row.id)?;
    Ok(ProgrammeDetail {
        programme: row.to_programme(),
        needs: needs.iter().map(NeedRow::to_need).collect(),
        objectives: objectives.iter().map(ObjectiveRow::to_objective).collect(),
    })
}

fn organisation_k(conn: &mut DbConnection, organisation_id: &str) -> Result<u32, ApiError> {
    let organisation = Organisation::find(conn, organisation_id)?.ok_or(ApiError::NotFound)?;
    Ok(effective_k(u32::try_from(organisation.k_threshold).ok()))
}

/// Captures an objective's baseline: its metric's value now.
fn capture_baseline(
    conn: &mut DbConnection,
    objective: &ObjectiveRow,
    k: u32,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    let baseline = read_metric(conn, &objective.organisation_id, objective.metric(), Moment::Now, k)?.value();
    ObjectiveRow::set_baseline(conn, &objective.id, baseline, at)?;
    Ok(())
}

fn record(conn: &mut DbConnection, caller: &Caller, kind: &str, object: (&str, &str)) -> Result<(), ApiError> {
    ActivityEvent::new(&caller.organisation_id, &caller.user_id, kind, Some(object)).record(conn)?;
    Ok(())
}

/// Programmes of the caller's organisation, newest first. Non-admins see active ones only.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(ProgrammeListQuery),
    responses(
        (status = 200, body = Page<Programme>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes")]
pub async fn list_programmes(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<ProgrammeListQuery>,
) -> Result<web::Json<Page<Programme>>, ApiError> {
    let query = query.into_inner();
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let status = match (caller.is_admin(), query.status) {
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
            let rows = ProgrammeQuery {
                organisation_id: &caller.organisation_id,
                status,
                after: page.after.as_deref(),
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
    security(("bearer" = [])),
    request_body = ProgrammeRequest,
    responses(
        (status = 201, body = ProgrammeDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes")]
pub async fn create_programme(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<ProgrammeRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let fields = body.validate()?;
    let created = state
        .db_write(move |conn| {
            let row = ProgrammeRow::new(&caller.organisation_id, &caller.user_id, &fields);
            row.insert(conn)?;
            record(conn, &caller, "programme_created", ("programme", &row.id))?;
            detail(conn, &row)
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// A programme with its needs and objectives.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}")]
pub async fn get_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    let id = path_id(&id)?;
    let found = state
        .db(move |conn| {
            let row = visible_programme(conn, &caller, &id)?;
            detail(conn, &row)
        })
        .await?;
    Ok(web::Json(found))
}

/// Replace a programme's title, context, description and period. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    request_body = ProgrammeRequest,
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}")]
pub async fn update_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: ApiJson<ProgrammeRequest>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    let fields = body.validate()?;
    let updated = state
        .db_write(move |conn| {
            let row = editable_programme(conn, &caller, &id)?;
            let objectives = ObjectiveRow::list_for_programme(conn, &caller.organisation_id, &id)?;
            if objectives
                .iter()
                .any(|o| o.due_on <= fields.starts_on || o.due_on > fields.ends_on)
            {
                return Err(ApiError::field(
                    "ends_on",
                    "objectives_outside_period",
                    "some objectives are due outside this period; change their due dates first",
                ));
            }
            ProgrammeRow::update_fields(conn, &caller.organisation_id, &row.id, &fields)?;
            record(conn, &caller, "programme_updated", ("programme", &row.id))?;
            let row = ProgrammeRow::find(conn, &caller.organisation_id, &row.id)?.ok_or(ApiError::NotFound)?;
            detail(conn, &row)
        })
        .await?;
    Ok(web::Json(updated))
}

/// Delete a draft programme with its needs and objectives. Admins only.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Only drafts can be deleted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/programmes/{id}")]
pub async fn delete_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    state
        .db_write(move |conn| {
            let row = ProgrammeRow::find(conn, &caller.organisation_id, &id)?.ok_or(ApiError::NotFound)?;
            if row.status() != ProgrammeStatus::Draft {
                return Err(ApiError::conflict(
                    "programme_not_draft",
                    "only a draft can be deleted; close an active programme instead",
                ));
            }
            ProgrammeRow::delete_draft(conn, &caller.organisation_id, &id)?;
            record(conn, &caller, "programme_deleted", ("programme", &id))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Activate a draft: it becomes visible to everyone and each objective's baseline is
/// captured now. Needs at least one objective. Admins only.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or no objectives", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/activate")]
pub async fn activate_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    let activated = state
        .db_write(move |conn| {
            let row = ProgrammeRow::find(conn, &caller.organisation_id, &id)?.ok_or(ApiError::NotFound)?;
            let objectives = ObjectiveRow::list_for_programme(conn, &caller.organisation_id, &id)?;
            rules::activate(row.status(), objectives.len()).map_err(|e| ApiError::conflict(e.code(), e.message()))?;
            let now = relais_db::now();
            let k = organisation_k(conn, &caller.organisation_id)?;
            for objective in &objectives {
                capture_baseline(conn, objective, k, now)?;
            }
            ProgrammeRow::mark_active(conn, &caller.organisation_id, &id, now)?;
            record(conn, &caller, "programme_activated", ("programme", &id))?;
            let row = ProgrammeRow::find(conn, &caller.organisation_id, &id)?.ok_or(ApiError::NotFound)?;
            detail(conn, &row)
        })
        .await?;
    Ok(web::Json(activated))
}

/// Close an active programme with a retrospective. Admins only.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    request_body = CloseProgrammeRequest,
    responses(
        (status = 200, body = ProgrammeDetail),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not active", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/close")]
pub async fn close_programme(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: ApiJson<CloseProgrammeRequest>,
) -> Result<web::Json<ProgrammeDetail>, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    let retrospective = body.validate()?;
    let closed = state
        .db_write(move |conn| {
            let row = ProgrammeRow::find(conn, &caller.organisation_id, &id)?.ok_or(ApiError::NotFound)?;
            rules::close(row.status()).map_err(|e| ApiError::conflict(e.code(), e.message()))?;
            ProgrammeRow::mark_closed(conn, &caller.organisation_id, &id, &retrospective)?;
            record(conn, &caller, "programme_closed", ("programme", &id))?;
            let row = ProgrammeRow::find(conn, &caller.organisation_id, &id)?.ok_or(ApiError::NotFound)?;
            detail(conn, &row)
        })
        .await?;
    Ok(web::Json(closed))
}

/// Add a need to a programme. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    request_body = NeedRequest,
    responses(
        (status = 201, body = Need),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/needs")]
pub async fn create_need(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: ApiJson<NeedRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    let fields = body.validate()?;
    let need = state
        .db_write(move |conn| {
            let programme = editable_programme(conn, &caller, &id)?;
            let row = NeedRow::new(&caller.organisation_id, &programme.id, &fields);
            row.insert(conn)?;
            record(conn, &caller, "need_created", ("need", &row.id))?;
            Ok(row.to_need())
        })
        .await?;
    Ok(HttpResponse::Created().json(need))
}

/// Replace a need. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id"), ("need_id" = String, Path, description = "Need id")),
    request_body = NeedRequest,
    responses(
        (status = 200, body = Need),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}/needs/{need_id}")]
pub async fn update_need(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<NeedRequest>,
) -> Result<web::Json<Need>, ApiError> {
    caller.require_admin()?;
    let (id, need_id) = (path_id(&path.0)?, path_id(&path.1)?);
    let fields = body.validate()?;
    let need = state
        .db_write(move |conn| {
            editable_programme(conn, &caller, &id)?;
            NeedRow::find(conn, &caller.organisation_id, &id, &need_id)?.ok_or(ApiError::NotFound)?;
            NeedRow::update_fields(conn, &caller.organisation_id, &need_id, &fields)?;
            record(conn, &caller, "need_updated", ("need", &need_id))?;
            NeedRow::find(conn, &caller.organisation_id, &id, &need_id)?
                .map(|n| n.to_need())
                .ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(need))
}

/// Delete a need that no objective refers to. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id"), ("need_id" = String, Path, description = "Need id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Objectives still answer this need", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/programmes/{id}/needs/{need_id}")]
pub async fn delete_need(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (id, need_id) = (path_id(&path.0)?, path_id(&path.1)?);
    state
        .db_write(move |conn| {
            editable_programme(conn, &caller, &id)?;
            NeedRow::find(conn, &caller.organisation_id, &id, &need_id)?.ok_or(ApiError::NotFound)?;
            if NeedRow::objective_count(conn, &need_id)? > 0 {
                return Err(ApiError::conflict(
                    "need_has_objectives",
                    "objectives answer this need; delete or move them first",
                ));
            }
            NeedRow::delete(conn, &caller.organisation_id, &need_id)?;
            record(conn, &caller, "need_deleted", ("need", &need_id))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Checks an objective against its programme and need; returns the checked fields.
fn checked_objective(
    conn: &mut DbConnection,
    caller: &Caller,
    programme: &ProgrammeRow,
    body: &ObjectiveRequest,
) -> Result<rules::ObjectiveFields, ApiError> {
    let fields = body.validate(programme.starts_on, programme.ends_on)?;
    if NeedRow::find(conn, &caller.organisation_id, &programme.id, fields.need_id.as_str())?.is_none() {
        return Err(ApiError::field(
            "need_id",
            "unknown_need",
            "need_id is not a need of this programme",
        ));
    }
    Ok(fields)
}

/// Add an objective to a programme. In an active programme its baseline is captured at once.
/// Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    request_body = ObjectiveRequest,
    responses(
        (status = 201, body = Objective),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/programmes/{id}/objectives")]
pub async fn create_objective(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: ApiJson<ObjectiveRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    let body = body.into_inner();
    let objective = state
        .db_write(move |conn| {
            let programme = editable_programme(conn, &caller, &id)?;
            let fields = checked_objective(conn, &caller, &programme, &body)?;
            let row = ObjectiveRow::new(&caller.organisation_id, &programme.id, &fields);
            row.insert(conn)?;
            if programme.status() == ProgrammeStatus::Active {
                let k = organisation_k(conn, &caller.organisation_id)?;
                capture_baseline(conn, &row, k, relais_db::now())?;
            }
            record(conn, &caller, "objective_created", ("objective", &row.id))?;
            ObjectiveRow::find(conn, &caller.organisation_id, &programme.id, &row.id)?
                .map(|o| o.to_objective())
                .ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(HttpResponse::Created().json(objective))
}

/// Replace an objective. Once the programme is active its metric is fixed (the baseline
/// was captured for it). Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id"), ("objective_id" = String, Path, description = "Objective id")),
    request_body = ObjectiveRequest,
    responses(
        (status = 200, body = Objective),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}/objectives/{objective_id}")]
pub async fn update_objective(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: ApiJson<ObjectiveRequest>,
) -> Result<web::Json<Objective>, ApiError> {
    caller.require_admin()?;
    let (id, objective_id) = (path_id(&path.0)?, path_id(&path.1)?);
    let body = body.into_inner();
    let objective = state
        .db_write(move |conn| {
            let programme = editable_programme(conn, &caller, &id)?;
            let existing =
                ObjectiveRow::find(conn, &caller.organisation_id, &id, &objective_id)?.ok_or(ApiError::NotFound)?;
            let fields = checked_objective(conn, &caller, &programme, &body)?;
            if programme.status() == ProgrammeStatus::Active && fields.metric != existing.metric() {
                return Err(ApiError::conflict(
                    "metric_locked",
                    "the metric of an active programme's objective cannot change; add a new objective instead",
                ));
            }
            ObjectiveRow::update_fields(conn, &caller.organisation_id, &objective_id, &fields)?;
            record(conn, &caller, "objective_updated", ("objective", &objective_id))?;
            ObjectiveRow::find(conn, &caller.organisation_id, &id, &objective_id)?
                .map(|o| o.to_objective())
                .ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(objective))
}

/// Delete an objective. Admins only; not once closed.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id"), ("objective_id" = String, Path, description = "Objective id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/programmes/{id}/objectives/{objective_id}")]
pub async fn delete_objective(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (id, objective_id) = (path_id(&path.0)?, path_id(&path.1)?);
    state
        .db_write(move |conn| {
            editable_programme(conn, &caller, &id)?;
            ObjectiveRow::find(conn, &caller.organisation_id, &id, &objective_id)?.ok_or(ApiError::NotFound)?;
            ObjectiveRow::delete(conn, &caller.organisation_id, &objective_id)?;
            record(conn, &caller, "objective_deleted", ("objective", &objective_id))
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The programme dashboard (W4): each objective's computed value and pacing, and the
/// ambassador network's size and activity. Figures over fewer than k people are hidden.
#[utoipa::path(
    tag = "programmes",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDashboard),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/dashboard")]
pub async fn programme_dashboard(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ProgrammeDashboard>, ApiError> {
    let id = path_id(&id)?;
    let dashboard = state
        .db(move |conn| {
            let row = visible_programme(conn, &caller, &id)?;
            let k = organisation_k(conn, &caller.organisation_id)?;
            let now = relais_db::now();
            let objectives = ObjectiveRow::list_for_programme(conn, &caller.organisation_id, &id)?;
            let mut progress = Vec::with_capacity(objectives.len());
            // Objectives sharing a metric share one reading.
            let mut readings: Vec<(rules::Metric, Reading)> = Vec::new();
            for objective in &objectives {
                let metric = objective.metric();
                let current = match readings.iter().find(|(m, _)| *m == metric) {
                    Some((_, reading)) => *reading,
                    None => {
                        let reading = read_metric(conn, &caller.organisation_id, metric, Moment::Now, k)?;
                        readings.push((metric, reading));
                        reading
                    }
                };
                let pacing = match (objective.baseline, objective.baseline_at, current.value()) {
                    (Some(baseline), Some(started_at), Some(value)) => Some(rules::pacing(
                        baseline,
                        objective.target,
                        value,
                        started_at.and_utc(),
                        objective.due_on,
                        now.and_utc(),
                    )),
                    _ => None,
                };
                progress.push(ObjectiveProgress {
                    objective: objective.to_objective(),
                    unit: metric.unit(),
                    current,
                    pacing,
                });
            }
            let learners = accounts_of_role(conn, &caller.organisation_id, Role::Learner, now, k)?;
            let (ambassadors, active_ambassadors) = people_of_role(conn, &caller.organisation_id, Role::Ambassador, k)?;
            Ok(ProgrammeDashboard {
                programme: row.to_programme(),
                objectives: progress,
                learners,
                ambassadors,
                active_ambassadors,
                coverage: Reading::NoData,
                k,
                computed_at: now.and_utc(),
            })
        })
        .await?;
    Ok(web::Json(dashboard))
}

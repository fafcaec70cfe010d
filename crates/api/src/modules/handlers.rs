//! The catalogue of training modules: the training team writes them and credits experts;
//! everyone reads them and says when they completed one.

use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::directory::{DomainRows, People};
use relais_db::modules::{Completions, ModuleRow};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::directory::DomainRef;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::UserId;
use relais_domain::modules::{
    Completion, CompletionSource, Module, ModuleId, ModuleListQuery, ModuleRequest, ModuleSpec,
};
use relais_domain::{FieldErrors, Problem};
use std::collections::HashMap;

/// The modules as the caller sees them, read in a few queries whatever their number.
fn views(conn: &mut DbConnection, caller: &Caller, rows: Vec<ModuleRow>) -> Result<Vec<Module>, ApiError> {
    let tenant = caller.tenant();
    let ids: Vec<ModuleId> = rows.iter().map(|r| r.id.clone()).collect();
    let mut experts = ModuleRow::experts(conn, &ids)?;
    let people = People::by_id(conn, tenant, experts.values().flatten().cloned())?;
    let counts = Completions::counts(conn, &ids)?;
    let mine = Completions::by_person(conn, &caller.user_id)?;
    let domains: HashMap<String, DomainRef> = if rows.iter().any(|r| r.domain_id.is_some()) {
        DomainRows::list(conn, tenant)?
            .into_iter()
            .map(|d| (d.id.as_str().to_owned(), DomainRef { id: d.id, name: d.name }))
            .collect()
    } else {
        HashMap::new()
    };
    let can_manage = caller.may(Action::ManageModules);
    Ok(rows
        .into_iter()
        .map(|row| Module {
            experts: experts
                .remove(&row.id)
                .unwrap_or_default()
                .iter()
                .filter_map(|id| people.get(id).cloned())
                .collect(),
            completions: counts.get(&row.id).copied().unwrap_or(0),
            completed_at: mine.get(&row.id).map(|at| at.and_utc()),
            domain: row.domain_id.as_ref().and_then(|d| domains.get(d).cloned()),
            duration_minutes: u32::try_from(row.duration_minutes).unwrap_or(0),
            id: row.id,
            title: row.title,
            summary: row.summary,
            delivery: row.delivery,
            description: row.description,
            url: row.url,
            xapi_activity_id: row.xapi_activity_id,
            can_manage,
        })
        .collect())
}

fn one(conn: &mut DbConnection, caller: &Caller, id: &ModuleId) -> Result<Module, ApiError> {
    let row = ModuleRow::find(conn, caller.tenant(), id)?.ok_or(ApiError::NotFound)?;
    views(conn, caller, vec![row])?.pop().ok_or(ApiError::NotFound)
}

/// What the settings name must exist: the domain, the experts (active colleagues); and an
/// activity id belongs to one module of the organisation.
fn check_against_directory(
    conn: &mut DbConnection,
    actor: &Actor,
    spec: &ModuleSpec,
    except: Option<&ModuleId>,
) -> Result<(), ApiError> {
    // Experts credited already stay credited, even once they have left: editing something
    // else must not force the training team to erase them.
    let credited: Vec<UserId> = match except {
        Some(module) => ModuleRow::experts(conn, std::slice::from_ref(module))?
            .remove(module)
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut errors = FieldErrors::new();
    if let Some(domain) = &spec.domain_id {
        if DomainRows::find(conn, &actor.tenant, domain)?.is_none() {
            errors.add("domain_id", "unknown", "no such expertise domain");
        }
    }
    for expert in spec.experts.iter().filter(|e| !credited.contains(e)) {
        if !People::find(conn, &actor.tenant, expert)?.is_some_and(|p| p.entry.active) {
            errors.add("experts", "unknown", "each expert is an active colleague");
            break;
        }
    }
    if let Some(activity) = &spec.xapi_activity_id {
        if ModuleRow::activity_taken(conn, &actor.tenant, activity, except)? {
            errors.add("xapi_activity_id", "taken", "another module has this activity id");
        }
    }
    errors.finish(|| ()).map_err(ApiError::Validation)
}

/// The use case of adding a module (the API and the demo).
pub fn add_module(conn: &mut DbConnection, actor: &Actor, spec: &ModuleSpec) -> Result<ModuleId, ApiError> {
    check_against_directory(conn, actor, spec, None)?;
    let id = ModuleRow::insert(conn, &actor.tenant, spec, &actor.user, actor.now)?;
    actor.record(conn, EventKind::ModuleCreated, SubjectType::Module, &id)?;
    Ok(id)
}

/// The use case of saying one completed a module (the API and the demo): false when it was
/// recorded already.
pub fn complete(conn: &mut DbConnection, actor: &Actor, id: &ModuleId) -> Result<bool, ApiError> {
    let recorded = Completions::record(conn, &actor.tenant, id, &actor.user, CompletionSource::App, actor.now)?;
    if recorded {
        actor.record(conn, EventKind::ModuleCompleted, SubjectType::Module, id)?;
    }
    Ok(recorded)
}

/// The catalogue by title, of one expertise domain or one expert when asked.
#[utoipa::path(
    tag = "modules",
    params(ModuleListQuery),
    responses(
        (status = 200, body = Vec<Module>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/modules")]
pub async fn list_modules(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<ModuleListQuery>,
) -> Result<web::Json<Vec<Module>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let query = query.into_inner()?;
    let list = state
        .db(move |conn| {
            let rows = ModuleRow::list(conn, caller.tenant(), query.domain.as_ref(), query.expert.as_ref())?;
            views(conn, &caller, rows)
        })
        .await?;
    Ok(web::Json(list))
}

/// Add a module to the catalogue, crediting its experts. The training team only.
#[utoipa::path(
    tag = "modules",
    request_body = ModuleRequest,
    responses(
        (status = 201, body = Module),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/modules")]
pub async fn create_module(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<ModuleRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageModules)?;
    let spec = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let module = state
        .db_write(move |conn| {
            let id = add_module(conn, &actor, &spec)?;
            one(conn, &caller, &id)
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/modules/{}", module.id), module))
}

/// A module, its experts, how many completed it, and whether the caller did.
#[utoipa::path(
    tag = "modules",
    params(("id" = String, Path, description = "Module id")),
    responses(
        (status = 200, body = Module),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/modules/{id}")]
pub async fn get_module(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ModuleId>,
) -> Result<web::Json<Module>, ApiError> {
    caller.require(Action::ShareTips)?;
    let module = state.db(move |conn| one(conn, &caller, &id)).await?;
    Ok(web::Json(module))
}

/// Change a module (all its settings at once). The training team only.
#[utoipa::path(
    tag = "modules",
    params(("id" = String, Path, description = "Module id")),
    request_body = ModuleRequest,
    responses(
        (status = 200, body = Module),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/modules/{id}")]
pub async fn update_module(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ModuleId>,
    body: ApiJson<ModuleRequest>,
) -> Result<web::Json<Module>, ApiError> {
    caller.require(Action::ManageModules)?;
    let actor = caller.actor(state.now());
    let module = state
        .db_write(move |conn| {
            ModuleRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            let spec = body.into_inner()?.validate()?;
            check_against_directory(conn, &actor, &spec, Some(&id))?;
            ModuleRow::replace(conn, &actor.tenant, &id, &spec, actor.now)?;
            actor.record(conn, EventKind::ModuleUpdated, SubjectType::Module, &*id)?;
            one(conn, &caller, &id)
        })
        .await?;
    Ok(web::Json(module))
}

/// Remove a module from the catalogue, with its completions. The training team only.
#[utoipa::path(
    tag = "modules",
    params(("id" = String, Path, description = "Module id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/modules/{id}")]
pub async fn delete_module(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ModuleId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageModules)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            if ModuleRow::delete(conn, &actor.tenant, &id)? == 0 {
                return Err(ApiError::NotFound);
            }
            actor.record(conn, EventKind::ModuleDeleted, SubjectType::Module, &*id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// "I completed it": recorded once (saying it again keeps the first date).
#[utoipa::path(
    tag = "modules",
    params(("id" = String, Path, description = "Module id")),
    responses(
        (status = 200, body = Completion),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/modules/{id}/completion")]
pub async fn complete_module(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ModuleId>,
) -> Result<web::Json<Completion>, ApiError> {
    caller.require(Action::ShareTips)?;
    let actor = caller.actor(state.now());
    let completion = state
        .db_write(move |conn| {
            ModuleRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            complete(conn, &actor, &id)?;
            let (at, source) = Completions::of(conn, &id, &actor.user)?.ok_or(ApiError::NotFound)?;
            let completions = Completions::counts(conn, std::slice::from_ref(&*id))?
                .get(&*id)
                .copied()
                .unwrap_or(0);
            Ok(Completion {
                module_id: id.into_inner(),
                completed_at: at.and_utc(),
                source,
                completions,
            })
        })
        .await?;
    Ok(web::Json(completion))
}

/// Take back one's "I completed it". A completion the LMS reported stays (409).
#[utoipa::path(
    tag = "modules",
    params(("id" = String, Path, description = "Module id")),
    responses(
        (status = 204, description = "Taken back (or there was none)"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The LMS reported it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/modules/{id}/completion")]
pub async fn uncomplete_module(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ModuleId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            ModuleRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            if let Some((_, CompletionSource::Lms)) = Completions::of(conn, &id, &actor.user)? {
                return Err(ApiError::conflict(
                    "reported_by_lms",
                    "the LMS reported this completion; it stays",
                ));
            }
            Completions::remove(conn, &id, &actor.user)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The modules a person is credited on, for their profile.
pub fn credited(
    conn: &mut DbConnection,
    tenant: &relais_domain::ids::Tenant,
    person: &UserId,
) -> Result<Vec<relais_domain::modules::ModuleRef>, ApiError> {
    Ok(ModuleRow::credited(conn, tenant, person)?
        .into_iter()
        .map(|(id, title)| relais_domain::modules::ModuleRef { id, title })
        .collect())
}

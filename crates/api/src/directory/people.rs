//! Looking colleagues up, a person's page, and admins changing a person's work facts.

use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{get, put, web};
use relais_db::directory::{DirectorySearch, DomainRows, People, SiteRows};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::directory::{
    manager_would_cycle, DirectoryEntry, DirectoryQuery, PersonProfile, WorkFacts, WorkFactsRequest,
};
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::{Tenant, UserId};
use relais_domain::pagination::{Page, PageRequest};
use relais_domain::Problem;

/// The directory: people of the organisation by name, with their work facts. Everyone may
/// look colleagues up; only admins may include deactivated people.
#[utoipa::path(
    tag = "directory",
    params(DirectoryQuery),
    responses(
        (status = 200, body = Page<DirectoryEntry>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory")]
pub async fn search(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<DirectoryQuery>,
) -> Result<web::Json<Page<DirectoryEntry>>, ApiError> {
    caller.require(Action::ReadDirectory)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let search = query.search().map_err(|e| ApiError::Validation(vec![e]))?;
    let include_inactive = caller.may(Action::ManageDirectory) && query.include_inactive == Some(true);
    let result = state
        .db(move |conn| {
            let after = page.after_id::<UserId>();
            let rows = DirectorySearch {
                search: search.as_deref(),
                region: query.region.as_ref(),
                site: query.site.as_ref(),
                domain: query.domain.as_ref(),
                level: query.level,
                include_inactive,
                after: after.as_ref(),
                limit: i64::from(page.limit) + 1,
            }
            .list(conn, caller.tenant())?;
            Ok(page.page(rows, |p: &DirectoryEntry| p.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// A person's page, as `caller` may see it: deactivated people are found by admins only,
/// and the HR id and sign-in state are the training team's.
fn profile_of(conn: &mut DbConnection, caller: &Caller, id: &UserId) -> Result<PersonProfile, ApiError> {
    let tenant = caller.tenant();
    let admin = caller.may(Action::ManageDirectory);
    let record = People::find(conn, tenant, id)?.ok_or(ApiError::NotFound)?;
    if !record.entry.active && !admin {
        return Err(ApiError::NotFound);
    }
    let manager = match &record.manager_id {
        Some(manager) => People::refs(conn, tenant, std::slice::from_ref(manager))?.pop(),
        None => None,
    };
    Ok(PersonProfile {
        direct_reports: People::direct_reports(conn, tenant, id)?,
        team_size: People::team_size(conn, tenant, id)? as u32,
        hr_id: if admin { record.hr_id } else { None },
        can_sign_in: admin.then_some(record.can_sign_in),
        manager,
        person: record.entry,
    })
}

/// A person's page: work facts, manager, direct reports and span of control.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Person (account) id")),
    responses(
        (status = 200, body = PersonProfile),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory/{id}")]
pub async fn profile(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<PersonProfile>, ApiError> {
    caller.require(Action::ReadDirectory)?;
    let found = state.db(move |conn| profile_of(conn, &caller, &id)).await?;
    Ok(web::Json(found))
}

/// Checks the facts against the organisation: the site, the domains and the manager exist
/// in it, the manager link closes no loop, the HR id is no one else's.
fn check_facts(conn: &mut DbConnection, tenant: &Tenant, person: &UserId, facts: &WorkFacts) -> Result<(), ApiError> {
    let mut errors = relais_domain::FieldErrors::new();
    if let Some(site) = &facts.site_id {
        if SiteRows::find(conn, tenant, site)?.is_none() {
            errors.add("site_id", "unknown", "no such site");
        }
    }
    let domains = DomainRows::list(conn, tenant)?;
    if facts
        .domain_ids
        .iter()
        .any(|d| !domains.iter().any(|known| &known.id == d))
    {
        errors.add("domain_ids", "unknown", "no such expertise domain");
    }
    if let Some(manager) = &facts.manager_id {
        match People::find(conn, tenant, manager)? {
            None => errors.add("manager_id", "unknown", "no such person"),
            // Colleagues cannot see a deactivated person: they would see a manager that
            // leads nowhere.
            Some(found) if !found.entry.active => errors.add("manager_id", "inactive", "this person is deactivated"),
            Some(_) => {
                // Walk up from the new manager with the stored links.
                let mut links = std::collections::HashMap::new();
                let mut current = Some(manager.clone());
                while let Some(id) = current {
                    if links.contains_key(&id) || &id == person {
                        break;
                    }
                    let next = People::manager_of(conn, tenant, &id)?;
                    links.insert(id, next.clone());
                    current = next;
                }
                if manager_would_cycle(person, manager, |id| links.get(id).cloned().flatten()) {
                    errors.add(
                        "manager_id",
                        "manager_cycle",
                        "this person would be, through managers, their own manager",
                    );
                }
            }
        }
    }
    if let Some(hr_id) = &facts.hr_id {
        if People::with_hr_id(conn, tenant, hr_id)?.is_some_and(|holder| &holder != person) {
            errors.add("hr_id", "taken", "another person has this HR id");
        }
    }
    errors.finish(|| ()).map_err(ApiError::Validation)
}

/// Sets a person's work facts: the one way they change outside the HR import.
pub fn set_work_facts(
    conn: &mut DbConnection,
    actor: &Actor,
    person: &UserId,
    facts: &WorkFacts,
) -> Result<(), ApiError> {
    People::find(conn, &actor.tenant, person)?.ok_or(ApiError::NotFound)?;
    check_facts(conn, &actor.tenant, person, facts)?;
    People::set_work_facts(conn, &actor.tenant, person, facts, actor.now)?;
    actor.record(conn, EventKind::WorkFactsUpdated, SubjectType::User, person)
}

/// Replace a person's work facts (job title, level, manager, site, domains, work pattern,
/// HR id): a PUT sets all of them, and an optional field left out is cleared. Admins
/// only; an HR import may change them again.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Person (account) id")),
    request_body = WorkFactsRequest,
    responses(
        (status = 200, body = PersonProfile),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/directory/{id}")]
pub async fn update_work_facts(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
    body: ApiJson<WorkFactsRequest>,
) -> Result<web::Json<PersonProfile>, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let facts = body.into_inner()?.validate(&id)?;
    let actor = caller.actor(state.now());
    let changed = state
        .db_write(move |conn| {
            set_work_facts(conn, &actor, &id, &facts)?;
            profile_of(conn, &caller, &id)
        })
        .await?;
    Ok(web::Json(changed))
}

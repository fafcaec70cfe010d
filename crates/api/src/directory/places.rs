//! Regions, sites and expertise domains: the organisation's places and the list of domains
//! people know. Names are unique in the organisation, case ignored.

use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::directory::{DomainRows, RegionRows, SiteRows};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::directory::import::name_key;
use relais_domain::directory::{
    DomainId, DomainRequest, ExpertiseDomain, Region, RegionId, RegionRequest, Site, SiteId, SiteRequest,
};
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::Problem;

fn name_taken(names: &[(String, String)], name: &str, except: Option<&str>) -> Result<(), ApiError> {
    let key = name_key(name);
    if names
        .iter()
        .any(|(id, n)| name_key(n) == key && Some(id.as_str()) != except)
    {
        return Err(ApiError::conflict("name_taken", "this name is already used"));
    }
    Ok(())
}

fn region_names(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<(String, String)>, ApiError> {
    let regions = RegionRows::list(conn, &actor.tenant)?;
    Ok(regions.into_iter().map(|r| (r.id.into_inner(), r.name)).collect())
}

fn site_names(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<(String, String)>, ApiError> {
    let sites = SiteRows::list(conn, &actor.tenant)?;
    Ok(sites.into_iter().map(|s| (s.id.into_inner(), s.name)).collect())
}

fn domain_names(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<(String, String)>, ApiError> {
    let domains = DomainRows::list(conn, &actor.tenant)?;
    Ok(domains.into_iter().map(|d| (d.id.into_inner(), d.name)).collect())
}

fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    subject: SubjectType,
    id: &impl std::fmt::Display,
) -> Result<(), ApiError> {
    actor.record(conn, EventKind::DirectoryPlaceChanged, subject, id)
}

/// The organisation's regions by name, with their number of sites.
#[utoipa::path(tag = "directory", responses((status = 200, body = Vec<Region>)))]
#[get("/regions")]
pub async fn list_regions(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<Region>>, ApiError> {
    caller.require(Action::ReadDirectory)?;
    let regions = state
        .db(move |conn| Ok(RegionRows::list(conn, caller.tenant())?))
        .await?;
    Ok(web::Json(regions))
}

/// Create a region. Admins only.
#[utoipa::path(
    tag = "directory",
    request_body = RegionRequest,
    responses(
        (status = 201, body = Region),
        (status = 409, description = "The name is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/regions")]
pub async fn create_region(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<RegionRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let name = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let region = state
        .db_write(move |conn| {
            name_taken(&region_names(conn, &actor)?, &name, None)?;
            let id = RegionRows::insert(conn, &actor.tenant, &name, actor.now)?;
            record(conn, &actor, SubjectType::Region, &id)?;
            RegionRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/regions/{}", region.id), region))
}

/// Rename a region. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Region id")),
    request_body = RegionRequest,
    responses(
        (status = 200, body = Region),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/regions/{id}")]
pub async fn update_region(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RegionId>,
    body: ApiJson<RegionRequest>,
) -> Result<web::Json<Region>, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let name = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let region = state
        .db_write(move |conn| {
            RegionRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            name_taken(&region_names(conn, &actor)?, &name, Some(id.as_str()))?;
            RegionRows::rename(conn, &actor.tenant, &id, &name, actor.now)?;
            record(conn, &actor, SubjectType::Region, &*id)?;
            RegionRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(region))
}

/// Delete a region without sites. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Region id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The region still has sites", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/regions/{id}")]
pub async fn delete_region(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<RegionId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            let region = RegionRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            if region.sites > 0 {
                return Err(ApiError::conflict(
                    "region_has_sites",
                    "move or delete the region's sites first",
                ));
            }
            RegionRows::delete(conn, &actor.tenant, &id)?;
            record(conn, &actor, SubjectType::Region, &*id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The organisation's sites by name, with their region and number of active people.
#[utoipa::path(tag = "directory", responses((status = 200, body = Vec<Site>)))]
#[get("/sites")]
pub async fn list_sites(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<Site>>, ApiError> {
    caller.require(Action::ReadDirectory)?;
    let sites = state.db(move |conn| Ok(SiteRows::list(conn, caller.tenant())?)).await?;
    Ok(web::Json(sites))
}

fn region_of_tenant(conn: &mut DbConnection, actor: &Actor, id: &RegionId) -> Result<(), ApiError> {
    RegionRows::find(conn, &actor.tenant, id)?
        .map(|_| ())
        .ok_or_else(|| ApiError::field("region_id", "unknown", "no such region"))
}

/// Create a site in a region. Admins only.
#[utoipa::path(
    tag = "directory",
    request_body = SiteRequest,
    responses(
        (status = 201, body = Site),
        (status = 409, description = "The name is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sites")]
pub async fn create_site(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<SiteRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let request = body.into_inner()?;
    let name = request.validate()?;
    let actor = caller.actor(state.now());
    let site = state
        .db_write(move |conn| {
            region_of_tenant(conn, &actor, &request.region_id)?;
            name_taken(&site_names(conn, &actor)?, &name, None)?;
            let id = SiteRows::insert(conn, &actor.tenant, &name, request.kind, &request.region_id, actor.now)?;
            record(conn, &actor, SubjectType::Site, &id)?;
            SiteRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/sites/{}", site.id), site))
}

/// Change a site's name, kind or region. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Site id")),
    request_body = SiteRequest,
    responses(
        (status = 200, body = Site),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sites/{id}")]
pub async fn update_site(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SiteId>,
    body: ApiJson<SiteRequest>,
) -> Result<web::Json<Site>, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let request = body.into_inner()?;
    let name = request.validate()?;
    let actor = caller.actor(state.now());
    let site = state
        .db_write(move |conn| {
            SiteRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            region_of_tenant(conn, &actor, &request.region_id)?;
            name_taken(&site_names(conn, &actor)?, &name, Some(id.as_str()))?;
            SiteRows::update(
                conn,
                &actor.tenant,
                &id,
                &name,
                request.kind,
                &request.region_id,
                actor.now,
            )?;
            record(conn, &actor, SubjectType::Site, &*id)?;
            SiteRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(site))
}

/// Delete a site where no one works. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Site id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "People are placed at the site", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sites/{id}")]
pub async fn delete_site(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<SiteId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            SiteRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            if SiteRows::people(conn, &actor.tenant, &id)? > 0 {
                return Err(ApiError::conflict("site_has_people", "move the site's people first"));
            }
            SiteRows::delete(conn, &actor.tenant, &id)?;
            record(conn, &actor, SubjectType::Site, &*id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The organisation's expertise domains by name, with how many active people list each.
#[utoipa::path(tag = "directory", responses((status = 200, body = Vec<ExpertiseDomain>)))]
#[get("/expertise-domains")]
pub async fn list_domains(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Vec<ExpertiseDomain>>, ApiError> {
    caller.require(Action::ReadDirectory)?;
    let domains = state
        .db(move |conn| Ok(DomainRows::list(conn, caller.tenant())?))
        .await?;
    Ok(web::Json(domains))
}

/// Create an expertise domain. Admins only.
#[utoipa::path(
    tag = "directory",
    request_body = DomainRequest,
    responses(
        (status = 201, body = ExpertiseDomain),
        (status = 409, description = "The name is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/expertise-domains")]
pub async fn create_domain(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<DomainRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let name = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let domain = state
        .db_write(move |conn| {
            name_taken(&domain_names(conn, &actor)?, &name, None)?;
            let id = DomainRows::insert(conn, &actor.tenant, &name, actor.now)?;
            record(conn, &actor, SubjectType::ExpertiseDomain, &id)?;
            DomainRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(crate::routes::created(
        format!("/api/v1/expertise-domains/{}", domain.id),
        domain,
    ))
}

/// Rename an expertise domain. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Expertise domain id")),
    request_body = DomainRequest,
    responses(
        (status = 200, body = ExpertiseDomain),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/expertise-domains/{id}")]
pub async fn update_domain(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<DomainId>,
    body: ApiJson<DomainRequest>,
) -> Result<web::Json<ExpertiseDomain>, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let name = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let domain = state
        .db_write(move |conn| {
            DomainRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            name_taken(&domain_names(conn, &actor)?, &name, Some(id.as_str()))?;
            DomainRows::rename(conn, &actor.tenant, &id, &name)?;
            record(conn, &actor, SubjectType::ExpertiseDomain, &*id)?;
            DomainRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(domain))
}

/// Delete an expertise domain; the people who listed it no longer do. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Expertise domain id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/expertise-domains/{id}")]
pub async fn delete_domain(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<DomainId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            DomainRows::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            DomainRows::delete(conn, &actor.tenant, &id)?;
            record(conn, &actor, SubjectType::ExpertiseDomain, &*id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! The directory's calls, one per endpoint.

use crate::client::{call, create, ApiResult};
use relais_domain::directory::endpoints::{
    APPLY_IMPORT, CREATE_DOMAIN, CREATE_REGION, CREATE_SITE, DELETE_DOMAIN, DELETE_REGION, DELETE_SITE, GET_IMPORT,
    LIST_DOMAINS, LIST_REGIONS, LIST_SITES, PROFILE, SEARCH, START_IMPORT, UPDATE_DOMAIN, UPDATE_REGION,
    UPDATE_WORK_FACTS,
};
use relais_domain::directory::import::{DirectoryImport, ImportRequest};
use relais_domain::directory::{
    DirectoryEntry, DirectoryQuery, DomainId, DomainRequest, ExpertiseDomain, ManagementLevel, PersonProfile, Region,
    RegionId, RegionRequest, Site, SiteId, SiteRequest, WorkFactsRequest,
};
use relais_domain::pagination::Page;

/// The directory's filters as the screen holds them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub q: String,
    pub region: Option<RegionId>,
    pub site: Option<SiteId>,
    pub domain: Option<DomainId>,
    pub level: Option<ManagementLevel>,
}

pub async fn search(filters: &Filters, cursor: Option<String>) -> ApiResult<Page<DirectoryEntry>> {
    let query = DirectoryQuery {
        q: (!filters.q.trim().is_empty()).then(|| filters.q.clone()),
        region: filters.region.clone(),
        site: filters.site.clone(),
        domain: filters.domain.clone(),
        level: filters.level,
        include_inactive: None,
        limit: Some(30),
        cursor,
    };
    call(&SEARCH, &[], Some(&query), None).await
}

pub async fn profile(id: &str) -> ApiResult<PersonProfile> {
    call(&PROFILE, &[id], None, None).await
}

pub async fn regions() -> ApiResult<Vec<Region>> {
    call(&LIST_REGIONS, &[], None, None).await
}

pub async fn sites() -> ApiResult<Vec<Site>> {
    call(&LIST_SITES, &[], None, None).await
}

pub async fn domains() -> ApiResult<Vec<ExpertiseDomain>> {
    call(&LIST_DOMAINS, &[], None, None).await
}

pub async fn start_import(request: &ImportRequest) -> ApiResult<DirectoryImport> {
    call(&START_IMPORT, &[], None, Some(request)).await
}

pub async fn get_import(id: &str) -> ApiResult<DirectoryImport> {
    call(&GET_IMPORT, &[id], None, None).await
}

pub async fn apply_import(id: &str) -> ApiResult<DirectoryImport> {
    call(&APPLY_IMPORT, &[id], None, None).await
}

pub async fn update_work_facts(id: &str, request: &WorkFactsRequest) -> ApiResult<PersonProfile> {
    call(&UPDATE_WORK_FACTS, &[id], None, Some(request)).await
}

pub async fn create_region(request: &RegionRequest, key: &str) -> ApiResult<Region> {
    create(&CREATE_REGION, &[], request, key).await
}

pub async fn update_region(id: &str, request: &RegionRequest) -> ApiResult<Region> {
    call(&UPDATE_REGION, &[id], None, Some(request)).await
}

pub async fn delete_region(id: &str) -> ApiResult<()> {
    call(&DELETE_REGION, &[id], None, None).await.map(|_| ())
}

pub async fn create_site(request: &SiteRequest, key: &str) -> ApiResult<Site> {
    create(&CREATE_SITE, &[], request, key).await
}

pub async fn delete_site(id: &str) -> ApiResult<()> {
    call(&DELETE_SITE, &[id], None, None).await.map(|_| ())
}

pub async fn create_domain(request: &DomainRequest, key: &str) -> ApiResult<ExpertiseDomain> {
    create(&CREATE_DOMAIN, &[], request, key).await
}

pub async fn update_domain(id: &str, request: &DomainRequest) -> ApiResult<ExpertiseDomain> {
    call(&UPDATE_DOMAIN, &[id], None, Some(request)).await
}

pub async fn delete_domain(id: &str) -> ApiResult<()> {
    call(&DELETE_DOMAIN, &[id], None, None).await.map(|_| ())
}

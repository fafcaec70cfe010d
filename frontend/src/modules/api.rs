//! The modules context's calls, one per endpoint.

use crate::client::{call, create, ApiResult};
use relais_domain::directory::DomainId;
use relais_domain::endpoints::NoContent;
use relais_domain::modules::endpoints as e;
use relais_domain::modules::{Completion, Module, ModuleListQuery, ModuleRequest};

pub async fn list(domain: Option<DomainId>) -> ApiResult<Vec<Module>> {
    let query = ModuleListQuery { domain, expert: None };
    call(&e::LIST, &[], Some(&query), None).await
}

pub async fn module(id: &str) -> ApiResult<Module> {
    call(&e::GET, &[id], None, None).await
}

pub async fn create_module(request: &ModuleRequest, key: &str) -> ApiResult<Module> {
    create(&e::CREATE, &[], request, key).await
}

pub async fn update(id: &str, request: &ModuleRequest) -> ApiResult<Module> {
    call(&e::UPDATE, &[id], None, Some(request)).await
}

pub async fn delete(id: &str) -> ApiResult<NoContent> {
    call(&e::DELETE, &[id], None, None).await
}

pub async fn complete(id: &str) -> ApiResult<Completion> {
    call(&e::COMPLETE, &[id], None, None).await
}

pub async fn uncomplete(id: &str) -> ApiResult<NoContent> {
    call(&e::UNCOMPLETE, &[id], None, None).await
}

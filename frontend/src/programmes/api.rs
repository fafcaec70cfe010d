//! The programmes context's calls.

use crate::client::{call, create, ApiResult};
use relais_domain::pagination::Page;
use relais_domain::programmes::endpoints as e;
use relais_domain::programmes::{
    CloseProgrammeRequest, Need, NeedRequest, Objective, ObjectiveRequest, Programme, ProgrammeDashboard,
    ProgrammeDetail, ProgrammeListQuery, ProgrammeRequest,
};

pub async fn list_programmes(cursor: Option<String>) -> ApiResult<Page<Programme>> {
    let query = ProgrammeListQuery {
        status: None,
        limit: Some(50),
        cursor,
    };
    call(&e::LIST, &[], Some(&query), None).await
}

pub async fn create_programme(request: &ProgrammeRequest, key: &str) -> ApiResult<ProgrammeDetail> {
    create(&e::CREATE, &[], request, key).await
}

pub async fn get_programme(id: &str) -> ApiResult<ProgrammeDetail> {
    call(&e::GET, &[id], None, None).await
}

pub async fn update_programme(id: &str, request: &ProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    call(&e::UPDATE, &[id], None, Some(request)).await
}

pub async fn delete_programme(id: &str) -> ApiResult<()> {
    call(&e::DELETE, &[id], None, None).await.map(|_| ())
}

pub async fn activate_programme(id: &str) -> ApiResult<ProgrammeDetail> {
    call(&e::ACTIVATE, &[id], None, None).await
}

pub async fn close_programme(id: &str, request: &CloseProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    call(&e::CLOSE, &[id], None, Some(request)).await
}

pub async fn create_need(id: &str, request: &NeedRequest, key: &str) -> ApiResult<Need> {
    create(&e::CREATE_NEED, &[id], request, key).await
}

pub async fn update_need(id: &str, need_id: &str, request: &NeedRequest) -> ApiResult<Need> {
    call(&e::UPDATE_NEED, &[id, need_id], None, Some(request)).await
}

pub async fn delete_need(id: &str, need_id: &str) -> ApiResult<()> {
    call(&e::DELETE_NEED, &[id, need_id], None, None).await.map(|_| ())
}

pub async fn create_objective(id: &str, request: &ObjectiveRequest, key: &str) -> ApiResult<Objective> {
    create(&e::CREATE_OBJECTIVE, &[id], request, key).await
}

pub async fn update_objective(id: &str, objective_id: &str, request: &ObjectiveRequest) -> ApiResult<Objective> {
    call(&e::UPDATE_OBJECTIVE, &[id, objective_id], None, Some(request)).await
}

pub async fn delete_objective(id: &str, objective_id: &str) -> ApiResult<()> {
    call(&e::DELETE_OBJECTIVE, &[id, objective_id], None, None)
        .await
        .map(|_| ())
}

pub async fn programme_dashboard(id: &str) -> ApiResult<ProgrammeDashboard> {
    call(&e::DASHBOARD, &[id], None, None).await
}

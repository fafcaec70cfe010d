//! The contests context's calls, one per endpoint.

use crate::client::{call, create, ApiResult};
use relais_domain::contests::endpoints as e;
use relais_domain::contests::{
    Contest, ContestListQuery, ContestRequest, ContestResults, Entry, EntryRequest, ScoreRequest, VoteState,
};
use relais_domain::endpoints::NoContent;

pub async fn list() -> ApiResult<Vec<Contest>> {
    call(&e::LIST, &[], Some(&ContestListQuery::default()), None).await
}

pub async fn contest(id: &str) -> ApiResult<Contest> {
    call(&e::GET, &[id], None, None).await
}

pub async fn create_contest(request: &ContestRequest, key: &str) -> ApiResult<Contest> {
    create(&e::CREATE, &[], request, key).await
}

pub async fn update(id: &str, request: &ContestRequest) -> ApiResult<Contest> {
    call(&e::UPDATE, &[id], None, Some(request)).await
}

pub async fn delete(id: &str) -> ApiResult<NoContent> {
    call(&e::DELETE, &[id], None, None).await
}

pub async fn entries(id: &str) -> ApiResult<Vec<Entry>> {
    call(&e::ENTRIES, &[id], None, None).await
}

pub async fn enter(id: &str, request: &EntryRequest, key: &str) -> ApiResult<Entry> {
    create(&e::ENTER, &[id], request, key).await
}

pub async fn withdraw(id: &str, entry: &str) -> ApiResult<NoContent> {
    call(&e::WITHDRAW, &[id, entry], None, None).await
}

pub async fn vote(id: &str, entry: &str, on: bool) -> ApiResult<VoteState> {
    if on {
        call(&e::VOTE, &[id, entry], None, None).await
    } else {
        call(&e::UNVOTE, &[id, entry], None, None).await
    }
}

pub async fn score(id: &str, entry: &str, request: &ScoreRequest) -> ApiResult<Entry> {
    call(&e::SCORE, &[id, entry], None, Some(request)).await
}

pub async fn results(id: &str) -> ApiResult<ContestResults> {
    call(&e::RESULTS, &[id], None, None).await
}

//! The candidates context's calls, one per endpoint.

use crate::client::{call, create, ApiResult};
use relais_domain::candidates::coverage::Coverage;
use relais_domain::candidates::endpoints as e;
use relais_domain::candidates::scoring::{Ranking, Weights};
use relais_domain::candidates::{
    AmbassadorInvitation, AnswerRequest, CandidacyDetail, MoveRequest, MyNomination, Nomination, NominationListQuery,
    NominationRequest, NominationStatus, Observation, ObservationRequest, RankingQuery, ReviewDecision, ReviewRequest,
    SuggestRequest,
};
use relais_domain::pagination::Page;

pub async fn ranking(programme: &str, query: &RankingQuery) -> ApiResult<Ranking> {
    call(&e::RANKING, &[programme], Some(query), None).await
}

pub async fn weights(programme: &str) -> ApiResult<Weights> {
    call(&e::WEIGHTS, &[programme], None, None).await
}

pub async fn set_weights(programme: &str, weights: &Weights) -> ApiResult<Weights> {
    call(&e::SET_WEIGHTS, &[programme], None, Some(weights)).await
}

pub async fn pipeline(programme: &str) -> ApiResult<Vec<CandidacyDetail>> {
    call(&e::PIPELINE, &[programme], None, None).await
}

pub async fn suggest(request: &SuggestRequest, key: &str) -> ApiResult<CandidacyDetail> {
    create(&e::SUGGEST, &[], request, key).await
}

pub async fn move_candidacy(id: &str, request: &MoveRequest) -> ApiResult<CandidacyDetail> {
    call(&e::MOVE, &[id], None, Some(request)).await
}

pub async fn coverage(programme: &str) -> ApiResult<Coverage> {
    call(&e::COVERAGE, &[programme], None, None).await
}

pub async fn nominations(programme: &str, status: NominationStatus) -> ApiResult<Page<Nomination>> {
    let query = NominationListQuery {
        programme: relais_domain::ids::ProgrammeId::parse(programme),
        status: Some(status),
        limit: Some(100),
        cursor: None,
    };
    call(&e::NOMINATIONS, &[], Some(&query), None).await
}

pub async fn review(id: &str, status: ReviewDecision) -> ApiResult<Nomination> {
    call(&e::REVIEW, &[id], None, Some(&ReviewRequest { status })).await
}

pub async fn my_invitations() -> ApiResult<Vec<AmbassadorInvitation>> {
    call(&e::MY_INVITATIONS, &[], None, None).await
}

pub async fn answer(id: &str, request: &AnswerRequest) -> ApiResult<AmbassadorInvitation> {
    call(&e::ANSWER, &[id], None, Some(request)).await
}

pub async fn nominate(request: &NominationRequest, key: &str) -> ApiResult<MyNomination> {
    create(&e::NOMINATE, &[], request, key).await
}

pub async fn my_nominations() -> ApiResult<Vec<MyNomination>> {
    call(&e::MY_NOMINATIONS, &[], None, None).await
}

pub async fn observations(person: &str) -> ApiResult<Vec<Observation>> {
    call(&e::OBSERVATIONS, &[person], None, None).await
}

pub async fn observe(request: &ObservationRequest, key: &str) -> ApiResult<Observation> {
    create(&e::OBSERVE, &[], request, key).await
}

//! The tips context's calls, one per endpoint.

use crate::client::{call, create, ApiResult};
use relais_domain::directory::{DomainId, ExpertiseDomain};
use relais_domain::endpoints::NoContent;
use relais_domain::pagination::{Page, PageQuery};
use relais_domain::tips::endpoints as e;
use relais_domain::tips::spotlight::{Spotlight, SpotlightPeriod, SpotlightQuery};
use relais_domain::tips::{
    Comment, CommentRequest, Preview, PreviewRequest, ReactionKind, Tip, TipListQuery, TipReactions, TipRequest,
    TipSummary,
};

/// The feed's filters as the screen holds them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub q: String,
    pub domain: Option<DomainId>,
    pub tag: String,
    /// From the spotlight: one creator's tips.
    pub author: Option<relais_domain::ids::UserId>,
}

pub async fn feed(filters: &Filters, cursor: Option<String>) -> ApiResult<Page<TipSummary>> {
    let query = TipListQuery {
        q: (!filters.q.trim().is_empty()).then(|| filters.q.clone()),
        domain: filters.domain.clone(),
        tag: (!filters.tag.trim().is_empty()).then(|| filters.tag.clone()),
        author: filters.author.clone(),
        limit: Some(20),
        cursor,
    };
    call(&e::FEED, &[], Some(&query), None).await
}

pub async fn mine(saved: bool, cursor: Option<String>) -> ApiResult<Page<TipSummary>> {
    let query = PageQuery {
        limit: Some(20),
        cursor,
    };
    let endpoint = if saved { &e::SAVED } else { &e::MY_TIPS };
    call(endpoint, &[], Some(&query), None).await
}

pub async fn tip(id: &str) -> ApiResult<Tip> {
    call(&e::TIP, &[id], None, None).await
}

pub async fn write(request: &TipRequest, key: &str) -> ApiResult<Tip> {
    create(&e::CREATE, &[], request, key).await
}

pub async fn update(id: &str, request: &TipRequest) -> ApiResult<Tip> {
    call(&e::UPDATE, &[id], None, Some(request)).await
}

pub async fn upload_image(id: &str, alt: &str, file: &web_sys::File) -> ApiResult<relais_domain::tips::TipImage> {
    let query = relais_domain::tips::ImageQuery { alt: alt.to_owned() };
    crate::client::put_file(&e::PUT_IMAGE, &[id], &query, file).await
}

pub async fn delete_image(id: &str) -> ApiResult<NoContent> {
    call(&e::DELETE_IMAGE, &[id], None, None).await
}

pub async fn delete(id: &str) -> ApiResult<NoContent> {
    call(&e::DELETE, &[id], None, None).await
}

pub async fn revisions(id: &str) -> ApiResult<Vec<relais_domain::tips::TipRevision>> {
    call(&e::REVISIONS, &[id], None, None).await
}

pub async fn react(id: &str, kind: ReactionKind, on: bool) -> ApiResult<TipReactions> {
    let endpoint = if on { &e::REACT } else { &e::UNREACT };
    call(endpoint, &[id, kind.as_str()], None, None).await
}

pub async fn save(id: &str, on: bool) -> ApiResult<NoContent> {
    let endpoint = if on { &e::SAVE } else { &e::UNSAVE };
    call(endpoint, &[id], None, None).await
}

pub async fn comments(id: &str) -> ApiResult<Vec<Comment>> {
    call(&e::COMMENTS, &[id], None, None).await
}

pub async fn comment(id: &str, request: &CommentRequest, key: &str) -> ApiResult<Comment> {
    create(&e::COMMENT, &[id], request, key).await
}

pub async fn delete_comment(tip: &str, comment: &str) -> ApiResult<NoContent> {
    call(&e::DELETE_COMMENT, &[tip, comment], None, None).await
}

pub async fn preview(request: &PreviewRequest) -> ApiResult<Preview> {
    call(&e::PREVIEW, &[], None, Some(request)).await
}

pub async fn spotlight(period: SpotlightPeriod) -> ApiResult<Spotlight> {
    let query = SpotlightQuery { period: Some(period) };
    call(&e::SPOTLIGHT, &[], Some(&query), None).await
}

pub async fn domains() -> ApiResult<Vec<ExpertiseDomain>> {
    crate::directory::api::domains().await
}

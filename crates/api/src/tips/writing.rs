//! Writing tips: create (a draft or published at once), edit (the earlier version is kept),
//! delete, the history, and a preview of Markdown as it will show.

use super::{full_tip, markdown, may_edit, visible_tip};
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::directory::{DomainRows, People};
use relais_db::tips::{RevisionRow, TipChange, TipRow};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::UserId;
use relais_domain::tips::search::index_text;
use relais_domain::tips::{CheckedTip, Preview, PreviewRequest, Tip, TipId, TipRequest, TipRevision, TipStatus};
use relais_domain::Problem;

/// The domain named, if it is the organisation's.
fn check_domain(conn: &mut DbConnection, actor: &Actor, checked: &CheckedTip) -> Result<(), ApiError> {
    if let Some(domain) = &checked.domain_id {
        if DomainRows::find(conn, &actor.tenant, domain)?.is_none() {
            return Err(ApiError::field("domain_id", "unknown", "no such expertise domain"));
        }
    }
    Ok(())
}

/// The use case of writing a tip (the API and the demo): stored with its tags and rendered
/// body, and its events recorded.
pub fn write_tip(conn: &mut DbConnection, actor: &Actor, checked: &CheckedTip) -> Result<TipRow, ApiError> {
    check_domain(conn, actor, checked)?;
    let now = relais_db::stored(actor.now);
    let row = TipRow {
        id: TipId::generate(),
        organisation_id: actor.tenant.as_str().to_owned(),
        author_id: actor.user.clone(),
        title: checked.title.clone(),
        body: checked.body.clone(),
        body_html: markdown::render(&checked.body),
        domain_id: checked.domain_id.as_ref().map(|d| d.as_str().to_owned()),
        community_id: None,
        status: checked.status,
        search_text: index_text(&checked.title, &checked.body, &checked.tags),
        created_at: now,
        updated_at: now,
        published_at: (checked.status == TipStatus::Published).then_some(now),
    };
    row.insert(conn, &checked.tags)?;
    actor.record(conn, EventKind::TipCreated, SubjectType::Tip, &row.id)?;
    if checked.status == TipStatus::Published {
        actor.record(conn, EventKind::TipPublished, SubjectType::Tip, &row.id)?;
    }
    Ok(row)
}

/// Write a tip, as a draft (default) or published at once.
#[utoipa::path(
    tag = "tips",
    request_body = TipRequest,
    responses(
        (status = 201, body = Tip),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tips")]
pub async fn create_tip(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<TipRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let checked = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let tip = state
        .db_write(move |conn| {
            let row = write_tip(conn, &actor, &checked)?;
            full_tip(conn, &caller, &row)
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/tips/{}", tip.summary.id), tip))
}

/// Edit a tip: its author or an admin. The version it replaces is kept in its history;
/// publishing a draft dates it.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    request_body = TipRequest,
    responses(
        (status = 200, body = Tip),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/tips/{id}")]
pub async fn update_tip(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
    body: ApiJson<TipRequest>,
) -> Result<web::Json<Tip>, ApiError> {
    let actor = caller.actor(state.now());
    let tip = state
        .db_write(move |conn| {
            let row = visible_tip(conn, &caller, &id)?;
            if !may_edit(&caller, &row.author_id) {
                return Err(ApiError::Forbidden);
            }
            let mut request = body.into_inner()?;
            // Left out, the status stays as it is: an edit does not unpublish by accident.
            request.status = request.status.or(Some(row.status));
            let checked = request.validate()?;
            check_domain(conn, &actor, &checked)?;
            let current_tags = TipRow::tags(conn, std::slice::from_ref(&row.id))?
                .remove(&row.id)
                .unwrap_or_default();
            let unchanged = checked.title == row.title
                && checked.body == row.body
                && checked.tags == current_tags
                && checked.domain_id.as_ref().map(|d| d.as_str()) == row.domain_id.as_deref()
                && checked.status == row.status;
            if unchanged {
                // Nothing to keep in the history, nothing happened.
                return full_tip(conn, &caller, &row);
            }
            let html = markdown::render(&checked.body);
            let search = index_text(&checked.title, &checked.body, &checked.tags);
            let change = TipChange {
                title: &checked.title,
                body: &checked.body,
                body_html: &html,
                tags: &checked.tags,
                domain_id: checked.domain_id.as_ref(),
                status: checked.status,
                search_text: &search,
            };
            let published_now = row.update(conn, &actor.user, &change, actor.now)?;
            actor.record(conn, EventKind::TipUpdated, SubjectType::Tip, &row.id)?;
            if published_now {
                actor.record(conn, EventKind::TipPublished, SubjectType::Tip, &row.id)?;
            }
            let row = TipRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            full_tip(conn, &caller, &row)
        })
        .await?;
    Ok(web::Json(tip))
}

/// Delete a tip with its reactions, comments and history: its author or an admin.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tips/{id}")]
pub async fn delete_tip(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor(state.now());
    let caller_tenant = actor.tenant.clone();
    let image = state
        .db_write(move |conn| {
            let row = visible_tip(conn, &caller, &id)?;
            if !may_edit(&caller, &row.author_id) {
                return Err(ApiError::Forbidden);
            }
            let image = relais_db::tips::images::TipImageRow::remove(conn, &id)?;
            TipRow::delete(conn, &actor.tenant, &id)?;
            actor.record(conn, EventKind::TipDeleted, SubjectType::Tip, &id)?;
            Ok(image)
        })
        .await?;
    // The image's file goes once its row is gone.
    if let Some(file) = image {
        super::images::forget(&state, &caller_tenant, &file);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// A tip's earlier versions, newest first, with who replaced each.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 200, body = Vec<TipRevision>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tips/{id}/revisions")]
pub async fn tip_revisions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<web::Json<Vec<TipRevision>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let list = state
        .db(move |conn| {
            let row = visible_tip(conn, &caller, &id)?;
            let revisions = RevisionRow::of_tip(conn, &row.id)?;
            let names = People::by_id(
                conn,
                caller.tenant(),
                revisions.iter().map(|r| UserId::new(r.editor_id.clone())),
            )?;
            Ok(revisions
                .into_iter()
                .map(|r| TipRevision {
                    edited_by: names.named(&UserId::new(r.editor_id.clone())).display_name,
                    title: r.title,
                    body: r.body,
                    tags: r.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
                    edited_at: r.edited_at.and_utc(),
                })
                .collect())
        })
        .await?;
    Ok(web::Json(list))
}

/// Markdown rendered and sanitised exactly as a tip's page will show it.
#[utoipa::path(
    tag = "tips",
    request_body = PreviewRequest,
    responses(
        (status = 200, body = Preview),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/markdown/preview")]
pub async fn preview_markdown(caller: Caller, body: ApiJson<PreviewRequest>) -> Result<web::Json<Preview>, ApiError> {
    caller.require(Action::ShareTips)?;
    let body = relais_domain::tips::check_body("body", &body.into_inner()?.body)?;
    // Off the server's event loop: rendering is CPU work.
    let html = web::block(move || markdown::render(&body)).await?;
    Ok(web::Json(Preview { html }))
}

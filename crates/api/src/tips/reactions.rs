//! What colleagues do with a published tip: react (useful, bravo, insightful — one of each
//! per person, never on one's own tip), save it for later, comment.

use super::{may_edit, published_tip, visible_tip};
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{delete, get, post, put, web, HttpResponse};
use relais_db::directory::People;
use relais_db::tips::{my_reactions, react as add_reaction, unreact as remove_reaction, CommentRow, TipRow};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::directory::PersonRef;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::tips::{Comment, CommentId, CommentRequest, ReactionKind, TipId, TipReactions};
use relais_domain::Problem;

fn kind_of(kind: &str) -> Result<ReactionKind, ApiError> {
    ReactionKind::parse(kind).ok_or(ApiError::NotFound)
}

fn reactions_of(conn: &mut DbConnection, caller: &Caller, tip: &TipId) -> Result<TipReactions, ApiError> {
    Ok(TipReactions {
        reactions: TipRow::reaction_counts(conn, std::slice::from_ref(tip))?
            .remove(tip)
            .unwrap_or_default(),
        my_reactions: my_reactions(conn, tip, &caller.user_id)?,
    })
}

/// The use case of reacting to a published tip (the API and the demo): never to one's own;
/// a second time changes nothing.
pub fn react_to_tip(conn: &mut DbConnection, actor: &Actor, tip: &TipRow, kind: ReactionKind) -> Result<(), ApiError> {
    if tip.author_id == actor.user {
        return Err(ApiError::conflict("own_tip", "one does not react to one's own tip"));
    }
    if add_reaction(conn, &actor.tenant, &tip.id, &actor.user, kind, actor.now)? {
        actor.record(conn, EventKind::TipReacted, SubjectType::Tip, &tip.id)?;
    }
    Ok(())
}

/// The use case of commenting on a published tip (the API and the demo).
pub fn comment_on_tip(
    conn: &mut DbConnection,
    actor: &Actor,
    tip: &TipId,
    text: String,
) -> Result<CommentRow, ApiError> {
    let row = CommentRow {
        id: CommentId::generate(),
        tip_id: tip.clone(),
        organisation_id: actor.tenant.as_str().to_owned(),
        author_id: actor.user.clone(),
        body: text,
        created_at: relais_db::stored(actor.now),
    };
    row.insert(conn)?;
    actor.record(conn, EventKind::TipCommented, SubjectType::TipComment, &row.id)?;
    Ok(row)
}

/// React to a colleague's published tip (again: nothing changes). Not to one's own.
#[utoipa::path(
    tag = "tips",
    params(
        ("id" = String, Path, description = "Tip id"),
        ("kind" = ReactionKind, Path, description = "useful, bravo or insightful"),
    ),
    responses(
        (status = 200, body = TipReactions),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "One's own tip, or a draft", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/tips/{id}/reactions/{kind}")]
pub async fn put_reaction(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(TipId, String)>,
) -> Result<web::Json<TipReactions>, ApiError> {
    caller.require(Action::ShareTips)?;
    let (id, kind) = path.into_inner();
    let kind = kind_of(&kind)?;
    let actor = caller.actor(state.now());
    let reactions = state
        .db_write(move |conn| {
            let row = published_tip(conn, &caller, &id)?;
            react_to_tip(conn, &actor, &row, kind)?;
            reactions_of(conn, &caller, &id)
        })
        .await?;
    Ok(web::Json(reactions))
}

/// Take back one's reaction (none: nothing changes).
#[utoipa::path(
    tag = "tips",
    params(
        ("id" = String, Path, description = "Tip id"),
        ("kind" = ReactionKind, Path, description = "useful, bravo or insightful"),
    ),
    responses(
        (status = 200, body = TipReactions),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tips/{id}/reactions/{kind}")]
pub async fn delete_reaction(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(TipId, String)>,
) -> Result<web::Json<TipReactions>, ApiError> {
    caller.require(Action::ShareTips)?;
    let (id, kind) = path.into_inner();
    let kind = kind_of(&kind)?;
    let reactions = state
        .db_write(move |conn| {
            let row = visible_tip(conn, &caller, &id)?;
            remove_reaction(conn, &row.id, &caller.user_id, kind)?;
            reactions_of(conn, &caller, &id)
        })
        .await?;
    Ok(web::Json(reactions))
}

/// Save a published tip to find it again in "my saved tips".
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 204, description = "Saved"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A draft", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/tips/{id}/save")]
pub async fn put_save(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let now = state.now();
    state
        .db_write(move |conn| {
            published_tip(conn, &caller, &id)?;
            relais_db::tips::save(conn, caller.tenant(), &id, &caller.user_id, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Forget a saved tip.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 204, description = "No longer saved"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tips/{id}/save")]
pub async fn delete_save(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    state
        .db_write(move |conn| {
            visible_tip(conn, &caller, &id)?;
            relais_db::tips::unsave(conn, &id, &caller.user_id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn comment_of(row: CommentRow, author: PersonRef, caller: &Caller) -> Comment {
    Comment {
        can_delete: may_edit(caller, &row.author_id),
        id: row.id,
        author,
        body: row.body,
        created_at: row.created_at.and_utc(),
    }
}

/// A tip's comments, oldest first (the first 500).
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 200, body = Vec<Comment>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tips/{id}/comments")]
pub async fn list_comments(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<web::Json<Vec<Comment>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let list = state
        .db(move |conn| {
            let row = visible_tip(conn, &caller, &id)?;
            let rows = CommentRow::of_tip(conn, &row.id)?;
            let people = People::by_id(conn, caller.tenant(), rows.iter().map(|c| c.author_id.clone()))?;
            Ok(rows
                .into_iter()
                .map(|c| {
                    let author = people.named(&c.author_id);
                    comment_of(c, author, &caller)
                })
                .collect())
        })
        .await?;
    Ok(web::Json(list))
}

/// Comment on a published tip.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    request_body = CommentRequest,
    responses(
        (status = 201, body = Comment),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A draft", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tips/{id}/comments")]
pub async fn add_comment(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
    body: ApiJson<CommentRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let text = body.into_inner()?.body.check("body")?;
    let actor = caller.actor(state.now());
    let tip = id.clone();
    let comment = state
        .db_write(move |conn| {
            published_tip(conn, &caller, &id)?;
            let row = comment_on_tip(conn, &actor, &id, text)?;
            let author = People::refs(conn, &actor.tenant, std::slice::from_ref(&actor.user))?
                .pop()
                .ok_or(ApiError::NotFound)?;
            Ok(comment_of(row, author, &caller))
        })
        .await?;
    Ok(crate::routes::created(
        format!("/api/v1/tips/{}/comments/{}", tip, comment.id),
        comment,
    ))
}

/// Delete a comment: its author or an admin.
#[utoipa::path(
    tag = "tips",
    params(
        ("id" = String, Path, description = "Tip id"),
        ("comment_id" = String, Path, description = "Comment id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/tips/{id}/comments/{comment_id}")]
pub async fn delete_comment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(TipId, CommentId)>,
) -> Result<HttpResponse, ApiError> {
    let (tip, id) = path.into_inner();
    let actor = caller.actor(state.now());
    state
        .db_write(move |conn| {
            visible_tip(conn, &caller, &tip)?;
            let row = CommentRow::find(conn, &actor.tenant, &tip, &id)?.ok_or(ApiError::NotFound)?;
            if !may_edit(&caller, &row.author_id) {
                return Err(ApiError::Forbidden);
            }
            CommentRow::delete(conn, &id)?;
            actor.record(conn, EventKind::TipCommentDeleted, SubjectType::TipComment, &id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

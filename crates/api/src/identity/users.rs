//! People management by admins: list, create, deactivate and reactivate accounts.

use super::tokens::hash_password;
use super::Caller;
use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use relais_db::activity::ActivityEvent;
use relais_db::identity::{SessionRow, UserRow};
use relais_domain::identity::{CreateUserRequest, User};
use relais_domain::pagination::{Page, PageRequest};
use relais_domain::Problem;
use serde::Deserialize;

/// Query of a plain paginated list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 36)]
    pub cursor: Option<String>,
}

/// An id from the URL: anything not shaped like our ids cannot name a resource.
pub fn path_id(raw: &str) -> Result<String, ApiError> {
    if relais_domain::ids::is_valid_id(raw) {
        Ok(raw.to_owned())
    } else {
        Err(ApiError::NotFound)
    }
}

/// People of the caller's organisation, newest first. Admins only.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, body = Page<User>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<web::Json<Page<User>>, ApiError> {
    caller.require_admin()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let result = state
        .db(move |conn| {
            let rows = UserRow::list(
                conn,
                &caller.organisation_id,
                page.after.as_deref(),
                i64::from(page.limit) + 1,
            )?;
            Ok(page.page(rows.iter().map(UserRow::to_user).collect(), |u: &User| u.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// Create an account in the caller's organisation. Admins only.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = User),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let new_user = body.validate()?;
    let password = new_user.password.clone();
    let password_hash = web::block(move || hash_password(&password)).await??;
    let user = state
        .db_write(move |conn| {
            let now = relais_db::now();
            let row = UserRow {
                id: relais_db::new_id(),
                organisation_id: caller.organisation_id.clone(),
                email: new_user.email.as_str().to_owned(),
                display_name: new_user.display_name,
                role: new_user.role.as_str().to_owned(),
                password_hash,
                active: 1,
                created_at: now,
                updated_at: now,
            };
            if let Err(error) = row.insert(conn) {
                return Err(if relais_db::is_unique_violation(&error) {
                    ApiError::Conflict {
                        code: "email_taken",
                        detail: "an account already uses this e-mail".into(),
                    }
                } else {
                    error.into()
                });
            }
            ActivityEvent::new(
                &caller.organisation_id,
                &caller.user_id,
                "user_created",
                Some(("user", &row.id)),
            )
            .record(conn)?;
            Ok(row.to_user())
        })
        .await?;
    Ok(HttpResponse::Created().json(user))
}

async fn set_active(
    state: web::Data<AppState>,
    caller: Caller,
    id: String,
    active: bool,
) -> Result<web::Json<User>, ApiError> {
    caller.require_admin()?;
    let id = path_id(&id)?;
    if !active && id == caller.user_id {
        return Err(ApiError::conflict(
            "cannot_deactivate_self",
            "you cannot deactivate your own account",
        ));
    }
    let user = state
        .db_write(move |conn| {
            if UserRow::set_active(conn, &caller.organisation_id, &id, active)? == 0 {
                return Err(ApiError::NotFound);
            }
            if !active {
                SessionRow::revoke_all_of_user(conn, &id, "deactivated")?;
            }
            let kind = if active { "user_reactivated" } else { "user_deactivated" };
            ActivityEvent::new(&caller.organisation_id, &caller.user_id, kind, Some(("user", &id))).record(conn)?;
            UserRow::find(conn, &caller.organisation_id, &id)?
                .map(|u| u.to_user())
                .ok_or(ApiError::NotFound)
        })
        .await?;
    Ok(web::Json(user))
}

/// Deactivate an account: the person can no longer sign in and all their sessions end now.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, body = User),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/deactivate")]
pub async fn deactivate_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<User>, ApiError> {
    set_active(state, caller, id.into_inner(), false).await
}

/// Reactivate an account.
#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, body = User),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/reactivate")]
pub async fn reactivate_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<User>, ApiError> {
    set_active(state, caller, id.into_inner(), true).await
}

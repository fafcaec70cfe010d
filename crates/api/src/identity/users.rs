//! People management by admins: find, create, edit, deactivate and reactivate accounts.

use super::Caller;
use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::routes::Routes;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use relais_db::events::EventRow;
use relais_db::identity::{SessionRow, UserQuery, UserRow};
use relais_db::organisations::Organisation;
use relais_db::security::SecurityEventRow;
use relais_db::DbConnection;
use relais_domain::access::{Access, Action};
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::identity::{
    CreateUserRequest, Email, Role, SecurityEvent, SecurityEventKind, UpdateUserRequest, User, UserListQuery,
};
use relais_domain::ids::{EventId, Tenant, UserId};
use relais_domain::pagination::{Page, PageQuery, PageRequest};
use relais_domain::Problem;

pub fn routes(routes: &mut Routes) {
    routes
        .add(list_users, Access::Allowed(Action::ListPeople))
        .add_create(create_user, Access::Allowed(Action::ManagePeople), "/id")
        .add(get_user, Access::Allowed(Action::ListPeople))
        .add(update_user, Access::Allowed(Action::ManagePeople))
        .add(deactivate_user, Access::Allowed(Action::ManagePeople))
        .add(reactivate_user, Access::Allowed(Action::ManagePeople));
}

/// A new account, as the use case takes it: checked fields and the password's hash.
pub struct NewAccount {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
}

/// Creates an account in the tenant. The one way accounts are made: by admins through the
/// API, by `relais admin create`, by the demo.
pub fn create_account(
    conn: &mut DbConnection,
    tenant: &Tenant,
    by: Option<&UserId>,
    account: NewAccount,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<UserRow, ApiError> {
    let at = relais_db::stored(now);
    let row = UserRow {
        id: UserId::generate(),
        organisation_id: tenant.id().clone(),
        email: account.email.as_str().to_owned(),
        display_name: account.display_name,
        role: account.role,
        password_hash: account.password_hash,
        active: 1,
        created_at: at,
        updated_at: at,
    };
    if let Err(error) = row.insert(conn) {
        return Err(if relais_db::is_unique_violation(&error) {
            ApiError::conflict("email_taken", "an account already uses this e-mail")
        } else {
            error.into()
        });
    }
    // Being given an account is not activity of the person's own.
    let event = match by {
        Some(admin) => DomainEvent::by(admin, EventKind::UserCreated, now),
        None => DomainEvent::by_system(EventKind::UserCreated, now),
    };
    EventRow::record(conn, tenant, &event.about(SubjectType::User, &row.id))?;
    Ok(row)
}

/// People of the caller's organisation, newest first, found by part of a name or e-mail and
/// filtered by role and status. Admins only.
#[utoipa::path(
    tag = "people",
    params(UserListQuery),
    responses(
        (status = 200, body = Page<User>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<UserListQuery>,
) -> Result<web::Json<Page<User>>, ApiError> {
    caller.require(Action::ListPeople)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let search = query.search().map_err(|e| ApiError::Validation(vec![e]))?;
    let result = state
        .db(move |conn| {
            let after = page.after_id::<UserId>();
            let rows = UserQuery {
                tenant: caller.tenant(),
                search: search.as_deref(),
                role: query.role,
                active: query.active,
                after: after.as_ref(),
                limit: i64::from(page.limit) + 1,
            }
            .list(conn)?;
            Ok(page.page(rows.iter().map(UserRow::to_user).collect(), |u: &User| u.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// Create an account in the caller's organisation. Admins only.
#[utoipa::path(
    tag = "people",
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = User),
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
    caller.require(Action::ManagePeople)?;
    let new_user = body.into_inner()?.validate()?;
    // Without a password the person has no sign-in until they use an invitation link.
    let password_hash = match new_user.password.clone() {
        Some(password) => {
            let gate = state.passwords.clone();
            web::block(move || gate.hash(&password)).await??
        }
        None => String::new(),
    };
    let now = state.now();
    let user = state
        .db_write(move |conn| {
            let account = NewAccount {
                email: new_user.email,
                display_name: new_user.display_name,
                role: new_user.role,
                password_hash,
            };
            let row = create_account(conn, caller.tenant(), Some(&caller.user_id), account, now)?;
            Ok(row.to_user())
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/users/{}", user.id), user))
}

/// One person of the caller's organisation. Admins only.
#[utoipa::path(
    tag = "people",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, body = User),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<User>, ApiError> {
    caller.require(Action::ListPeople)?;
    let user = state
        .db(move |conn| {
            let row = UserRow::find(conn, caller.tenant(), &id)?.ok_or(ApiError::NotFound)?;
            Ok(row.to_user())
        })
        .await?;
    Ok(web::Json(user))
}

/// Refuses a change that would take away the organisation's last active admin (nobody
/// could then manage it). Checked with the organisation locked, so two admins demoting or
/// deactivating each other at once cannot both pass.
fn another_active_admin_remains(conn: &mut DbConnection, tenant: &Tenant) -> Result<(), ApiError> {
    Organisation::lock(conn, tenant)?;
    if UserRow::active_admins(conn, tenant)? <= 1 {
        return Err(ApiError::conflict(
            "last_admin",
            "an organisation keeps at least one active admin",
        ));
    }
    Ok(())
}

/// Changes a person's name and role. The organisation keeps an active admin, and admins do
/// not change their own role (another admin does).
pub fn update_account(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &UserId,
    display_name: &str,
    role: Role,
) -> Result<User, ApiError> {
    let account = UserRow::find(conn, &actor.tenant, id)?.ok_or(ApiError::NotFound)?;
    if account.role != role {
        if id == &actor.user {
            return Err(ApiError::conflict(
                "cannot_change_own_role",
                "you cannot change your own role; another admin can",
            ));
        }
        if account.role == Role::Admin && account.is_active() {
            another_active_admin_remains(conn, &actor.tenant)?;
        }
    }
    UserRow::update_profile(conn, &actor.tenant, id, display_name, role, actor.now)?;
    actor.record(conn, EventKind::UserUpdated, SubjectType::User, id)?;
    let updated = UserRow::find(conn, &actor.tenant, id)?.ok_or(ApiError::NotFound)?;
    Ok(updated.to_user())
}

/// Change a person's name and role. Admins only; not one's own role; the organisation keeps
/// an active admin.
#[utoipa::path(
    tag = "people",
    params(("id" = String, Path, description = "User id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, body = User),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Own role, or the last active admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
    body: ApiJson<UpdateUserRequest>,
) -> Result<web::Json<User>, ApiError> {
    caller.require(Action::ManagePeople)?;
    let (display_name, role) = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let id = id.into_inner();
    let account = id.clone();
    let user = state
        .db_write(move |conn| update_account(conn, &actor, &id, &display_name, role))
        .await?;
    // The role is part of a remembered session: this process forgets it now.
    state.sessions.forget_user(&account);
    Ok(web::Json(user))
}

/// Deactivates or reactivates an account; deactivation ends every session of the person.
/// Returns the account and whether it changed (it may already have been so).
pub fn set_account_active(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &UserId,
    active: bool,
) -> Result<(User, bool), ApiError> {
    if !active && *id == actor.user {
        return Err(ApiError::conflict(
            "cannot_deactivate_self",
            "you cannot deactivate your own account",
        ));
    }
    let account = UserRow::find(conn, &actor.tenant, id)?.ok_or(ApiError::NotFound)?;
    if account.is_active() == active {
        // Already so: nothing changes, nothing to record.
        return Ok((account.to_user(), false));
    }
    if !active && account.role == Role::Admin {
        another_active_admin_remains(conn, &actor.tenant)?;
    }
    UserRow::set_active(conn, &actor.tenant, id, active, actor.now)?;
    if !active {
        SessionRow::revoke_all_of_user(conn, &actor.tenant, id, "deactivated", actor.now)?;
    }
    let kind = if active {
        EventKind::UserReactivated
    } else {
        EventKind::UserDeactivated
    };
    actor.record(conn, kind, SubjectType::User, id)?;
    let mut user = account.to_user();
    user.active = active;
    Ok((user, true))
}

async fn set_active(
    state: web::Data<AppState>,
    request: HttpRequest,
    caller: Caller,
    id: UserId,
    active: bool,
) -> Result<web::Json<User>, ApiError> {
    caller.require(Action::ManagePeople)?;
    let actor = caller.actor(state.now());
    let address = crate::forwarded::client_address(request.peer_addr(), request.headers(), &state.proxies);
    let account = id.clone();
    let user = state
        .db_write(move |conn| {
            let (user, changed) = set_account_active(conn, &actor, &id, active)?;
            if changed && !active {
                SecurityEventRow::record(
                    conn,
                    Some(&actor.tenant),
                    SecurityEventKind::AccountDeactivated,
                    Some(&user.email),
                    Some(&user.id),
                    &address,
                    actor.now,
                )?;
            }
            Ok(user)
        })
        .await?;
    state.sessions.forget_user(&account);
    Ok(web::Json(user))
}

/// The organisation's security events, newest first: failed and throttled sign-ins,
/// refresh-token re-use, deactivations, sign-outs, each with the client's address. Admins only.
#[utoipa::path(
    tag = "people",
    params(PageQuery),
    responses(
        (status = 200, body = Page<SecurityEvent>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/security-events")]
pub async fn list_security_events(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<web::Json<Page<SecurityEvent>>, ApiError> {
    caller.require(Action::ReadSecurityEvents)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let result = state
        .db(move |conn| {
            let after = page.after_id::<EventId>();
            let rows = SecurityEventRow::list(conn, caller.tenant(), after.as_ref(), i64::from(page.limit) + 1)?;
            Ok(page.page(
                rows.iter().map(SecurityEventRow::to_event).collect(),
                |e: &SecurityEvent| e.id.to_string(),
            ))
        })
        .await?;
    Ok(web::Json(result))
}

/// Deactivate an account: the person can no longer sign in and all their sessions end now.
#[utoipa::path(
    tag = "people",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, body = User),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/deactivate")]
pub async fn deactivate_user(
    state: web::Data<AppState>,
    request: HttpRequest,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<User>, ApiError> {
    set_active(state, request, caller, id.into_inner(), false).await
}

/// Reactivate an account.
#[utoipa::path(
    tag = "people",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, body = User),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/reactivate")]
pub async fn reactivate_user(
    state: web::Data<AppState>,
    request: HttpRequest,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<User>, ApiError> {
    set_active(state, request, caller, id.into_inner(), true).await
}

/// Recovery from the command line (`relais admin reset-password`, `relais admin promote`):
/// the account becomes active, gets a new password (its sessions end) and, when asked, the
/// admin role. For the day an organisation has no admin who can sign in.
pub fn recover_account(
    conn: &mut DbConnection,
    email: &Email,
    password_hash: Option<&str>,
    promote: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<UserRow, ApiError> {
    let account = UserRow::find_by_email(conn, email.as_str())?.ok_or(ApiError::NotFound)?;
    let tenant = account.tenant();
    UserRow::recover(conn, &account.id, password_hash, promote, now)?;
    if password_hash.is_some() {
        SessionRow::revoke_all_of_user(conn, &tenant, &account.id, "password_reset", now)?;
        let event = DomainEvent::by_system(EventKind::UserPasswordReset, now).about(SubjectType::User, &account.id);
        EventRow::record(conn, &tenant, &event)?;
    }
    if promote {
        let event = DomainEvent::by_system(EventKind::UserPromoted, now).about(SubjectType::User, &account.id);
        EventRow::record(conn, &tenant, &event)?;
    }
    UserRow::find(conn, &tenant, &account.id)?.ok_or(ApiError::NotFound)
}

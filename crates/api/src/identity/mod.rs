//! Identity: sign-in, refresh rotation, sign-out, the caller extractor, and people management.

pub mod tokens;
pub mod users;

use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, web, FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use relais_db::activity::ActivityEvent;
use relais_db::identity::{RefreshTokenRow, SessionRow, UserRow};
use relais_db::organisations::Organisation;
use relais_domain::identity::{Email, Me, Role, SessionResponse, SignInRequest, PASSWORD_MAX_CHARS};
use relais_domain::ids::{OrganisationId, UserId};
use relais_domain::Problem;
use tokens::{new_refresh_token, refresh_token_digest, verify_password};

pub const REFRESH_COOKIE: &str = "relais_refresh";
/// The refresh cookie is sent only to the endpoints that use it.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// The authenticated caller: a live session of an active account.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: String,
    pub organisation_id: String,
    pub session_id: String,
    pub role: Role,
}

impl Caller {
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Caller, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let header = request
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            let token = header
                .as_deref()
                .and_then(|value| value.strip_prefix("Bearer "))
                .ok_or_else(|| {
                    ApiError::unauthenticated(
                        "unauthenticated",
                        "sign in first: send Authorization: Bearer <access token>",
                    )
                })?;
            let claims = state.keys.verify(token.trim())?;
            // The session is checked on every request so that sign-out and deactivation take
            // effect at once, not when the access token expires.
            let session_id = claims.sid.clone();
            let found = state
                .db(move |conn| Ok(SessionRow::find_with_user(conn, &session_id)?))
                .await?;
            let revoked = || ApiError::unauthenticated("session_revoked", "this session has ended; sign in again");
            let (session, user) = found.ok_or_else(revoked)?;
            if !session.is_live(relais_db::now())
                || !user.is_active()
                || user.id != claims.sub
                || user.organisation_id != claims.org
            {
                return Err(revoked());
            }
            Ok(Caller {
                role: user.role(),
                user_id: user.id,
                organisation_id: user.organisation_id,
                session_id: session.id,
            })
        })
    }
}

fn me(user: &UserRow, organisation: &Organisation) -> Me {
    Me {
        id: UserId::new(user.id.clone()),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role(),
        organisation_id: OrganisationId::new(organisation.id.clone()),
        organisation_name: organisation.name.clone(),
    }
}

fn refresh_cookie(request: &HttpRequest, token: &str, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_owned())
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(request.connection_info().scheme() == "https")
        .max_age(CookieDuration::seconds(max_age_seconds))
        .finish()
}

/// Opens a session with its first refresh token; returns (session id, refresh token).
fn open_session(conn: &mut relais_db::DbConnection, user: &UserRow) -> Result<(String, String), ApiError> {
    let now = relais_db::now();
    let session = SessionRow {
        id: relais_db::new_id(),
        organisation_id: user.organisation_id.clone(),
        user_id: user.id.clone(),
        created_at: now,
        expires_at: now + chrono::Duration::days(tokens::SESSION_DAYS),
        last_used_at: now,
        revoked_at: None,
        revoked_reason: None,
    };
    session.insert(conn)?;
    let token = add_refresh_token(conn, &session.id)?;
    Ok((session.id, token))
}

fn add_refresh_token(conn: &mut relais_db::DbConnection, session_id: &str) -> Result<String, ApiError> {
    let now = relais_db::now();
    let (token, digest) = new_refresh_token();
    RefreshTokenRow {
        id: relais_db::new_id(),
        session_id: session_id.to_owned(),
        token_hash: digest,
        created_at: now,
        expires_at: now + chrono::Duration::days(tokens::REFRESH_TOKEN_DAYS),
        used_at: None,
    }
    .insert(conn)?;
    Ok(token)
}

fn session_response(
    state: &AppState,
    request: &HttpRequest,
    user: &UserRow,
    organisation: &Organisation,
    session_id: &str,
    refresh_token: &str,
) -> Result<HttpResponse, ApiError> {
    let access_token = state
        .keys
        .issue(&user.id, &user.organisation_id, session_id, user.role())?;
    Ok(HttpResponse::Ok()
        .cookie(refresh_cookie(
            request,
            refresh_token,
            tokens::REFRESH_TOKEN_DAYS * 86_400,
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(SessionResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: tokens::ACCESS_TOKEN_SECONDS,
            user: me(user, organisation),
        }))
}

/// Sign in with e-mail and password.
///
/// Answers the same way, in about the same time, whether the account exists or not.
/// Throttled per account (failed attempts) and per client address (all attempts): 429
/// with `Retry-After`.
#[utoipa::path(
    tag = "identity",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in; the refresh token is set as an HttpOnly cookie", body = SessionResponse),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/sign-in")]
pub async fn sign_in(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: ApiJson<SignInRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = Email::parse("email", &body.email)?;
    if body.password.is_empty() {
        return Err(ApiError::field("password", "required", "password is required"));
    }
    if body.password.chars().count() > PASSWORD_MAX_CHARS {
        return Err(ApiError::field(
            "password",
            "too_long",
            "password must have at most 128 characters",
        ));
    }
    let address = request.peer_addr().map(|a| a.ip().to_string()).unwrap_or_default();
    state.throttle.check(&address, email.as_str())?;

    let lookup = email.as_str().to_owned();
    let found = state
        .db(move |conn| {
            let Some(user) = UserRow::find_by_email(conn, &lookup)? else {
                return Ok(None);
            };
            let organisation = Organisation::find(conn, &user.organisation_id)?;
            Ok(organisation.map(|organisation| (user, organisation)))
        })
        .await?;
    let dummy = state.keys.dummy_password_hash.clone();
    let (hash, candidate) = match found {
        Some((user, organisation)) => (user.password_hash.clone(), Some((user, organisation))),
        None => (dummy, None),
    };
    let password = body.password;
    let matches = web::block(move || verify_password(&password, &hash)).await?;
    let (user, organisation) = match candidate {
        Some((user, organisation)) if matches && user.is_active() => (user, organisation),
        _ => {
            state.throttle.record_failure(email.as_str());
            return Err(ApiError::unauthenticated(
                "invalid_credentials",
                "the e-mail or the password is wrong",
            ));
        }
    };
    state.throttle.record_success(email.as_str());

    let session_user = user.clone();
    let (session_id, refresh_token) = state
        .db_write(move |conn| {
            let opened = open_session(conn, &session_user)?;
            ActivityEvent::new(&session_user.organisation_id, &session_user.id, "signed_in", None).record(conn)?;
            Ok(opened)
        })
        .await?;
    tracing::info!(user_id = %user.id, "signed in");
    session_response(&state, &request, &user, &organisation, &session_id, &refresh_token)
}

enum RefreshOutcome {
    Rotated {
        user: Box<UserRow>,
        organisation: Box<Organisation>,
        session_id: String,
        token: String,
    },
    Reused,
    Ended,
}

/// Trade the refresh cookie for a new access token and a new refresh cookie.
///
/// Each refresh token works once. Presenting a spent one again means it was stolen or
/// replayed: the whole session is revoked.
#[utoipa::path(
    tag = "identity",
    responses(
        (status = 200, description = "A new access token; the refresh cookie is rotated", body = SessionResponse),
        (status = 401, description = "Missing, expired, revoked or re-used refresh token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let token = request
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .ok_or_else(|| ApiError::unauthenticated("refresh_token_missing", "no session: sign in"))?;
    let digest = refresh_token_digest(&token);
    let outcome = state
        .db_write(move |conn| {
            let Some(stored) = RefreshTokenRow::find_by_hash(conn, &digest)? else {
                return Ok(RefreshOutcome::Ended);
            };
            let Some((session, user)) = SessionRow::find_with_user(conn, &stored.session_id)? else {
                return Ok(RefreshOutcome::Ended);
            };
            let now = relais_db::now();
            if stored.used_at.is_some() || RefreshTokenRow::mark_used(conn, &stored.id)? == 0 {
                SessionRow::revoke(conn, &session.id, "refresh_token_reused")?;
                return Ok(RefreshOutcome::Reused);
            }
            if !session.is_live(now) || stored.expires_at <= now || !user.is_active() {
                return Ok(RefreshOutcome::Ended);
            }
            let Some(organisation) = Organisation::find(conn, &user.organisation_id)? else {
                return Ok(RefreshOutcome::Ended);
            };
            let token = add_refresh_token(conn, &session.id)?;
            SessionRow::touch(conn, &session.id)?;
            Ok(RefreshOutcome::Rotated {
                user: Box::new(user),
                organisation: Box::new(organisation),
                session_id: session.id,
                token,
            })
        })
        .await?;
    match outcome {
        RefreshOutcome::Rotated {
            user,
            organisation,
            session_id,
            token,
        } => session_response(&state, &request, &user, &organisation, &session_id, &token),
        RefreshOutcome::Reused => {
            tracing::warn!("refresh token re-used: session revoked");
            Err(ApiError::unauthenticated(
                "refresh_token_reused",
                "this refresh token was already used; the session is revoked",
            ))
        }
        RefreshOutcome::Ended => Err(ApiError::unauthenticated(
            "session_expired",
            "the session has ended; sign in again",
        )),
    }
}

/// Sign out: revokes the session of the refresh cookie and clears the cookie. Always 204.
/// The cookie names the session; an access token alone expires within 15 minutes.
#[utoipa::path(tag = "identity", responses((status = 204, description = "Signed out")))]
#[post("/auth/sign-out")]
pub async fn sign_out(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, ApiError> {
    if let Some(digest) = request.cookie(REFRESH_COOKIE).map(|c| refresh_token_digest(c.value())) {
        state
            .db_write(move |conn| {
                if let Some(stored) = RefreshTokenRow::find_by_hash(conn, &digest)? {
                    SessionRow::revoke(conn, &stored.session_id, "signed_out")?;
                }
                Ok(())
            })
            .await?;
    }
    let mut expired = refresh_cookie(&request, "", 0);
    expired.make_removal();
    Ok(HttpResponse::NoContent().cookie(expired).finish())
}

/// Who is signed in.
#[utoipa::path(
    tag = "identity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Me>, ApiError> {
    let found = state
        .db(move |conn| {
            let user = UserRow::find(conn, &caller.organisation_id, &caller.user_id)?.ok_or(ApiError::NotFound)?;
            let organisation = Organisation::find(conn, &caller.organisation_id)?.ok_or(ApiError::NotFound)?;
            Ok(me(&user, &organisation))
        })
        .await?;
    Ok(web::Json(found))
}

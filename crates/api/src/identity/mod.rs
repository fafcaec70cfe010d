//! Identity: sign-in, refresh rotation, sign-out, the caller extractor, and people management.

pub mod demo;
pub mod invitations;
pub mod passwords;
pub mod sessions;
pub mod tokens;
pub mod users;

use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::Routes;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use relais_db::events::EventRow;
use relais_db::identity::{RefreshTokenRow, SessionRow, UserRow};
use relais_db::organisations::Organisation;
use relais_db::security::SecurityEventRow;
use relais_domain::access::{can, Access, Action, Principal, Resource};
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::{Email, Me, Role, SecurityEventKind, SessionResponse, SignInRequest, PASSWORD_MAX_CHARS};
use relais_domain::ids::{SessionId, Tenant, UserId};
use relais_domain::Problem;
use sessions::LiveSession;
use std::sync::Arc;
use tokens::{new_refresh_token, refresh_token_digest};

pub const REFRESH_COOKIE: &str = "relais_refresh";
/// The refresh cookie is sent only to the endpoints that use it.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// The identity context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    routes
        .add(sign_in, Access::Public)
        .add(refresh, Access::Public)
        .add(sign_out, Access::Public)
        .add(get_me, Access::Allowed(Action::ReadOwnAccount))
        .add(users::list_security_events, Access::Allowed(Action::ReadSecurityEvents));
    users::routes(routes);
    invitations::routes(routes);
}

/// The result of checking the bearer token, kept in the request so that it is verified
/// once per request (the rate limiter checks it first).
#[derive(Clone, Debug)]
pub struct VerifiedToken(pub Option<Arc<tokens::Claims>>);

/// Reads and verifies the bearer token of a request, or reuses the earlier verification.
pub fn verified_token(request: &HttpRequest, keys: &tokens::TokenKeys) -> Option<Arc<tokens::Claims>> {
    if let Some(verified) = request.extensions().get::<VerifiedToken>() {
        return verified.0.clone();
    }
    let claims = bearer_token(request.headers()).and_then(|token| keys.verify(token).ok());
    request.extensions_mut().insert(VerifiedToken(claims.clone()));
    claims
}

pub fn bearer_token(headers: &actix_web::http::header::HeaderMap) -> Option<&str> {
    headers
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The authenticated caller: a live session of an active account, as a principal.
#[derive(Clone, Debug)]
pub struct Caller {
    pub principal: Principal,
    pub user_id: UserId,
    pub session_id: SessionId,
    pub role: Role,
    tenant: Tenant,
    /// The session as read from the database at most `sessions::RECHECK_AFTER` ago.
    session: Arc<LiveSession>,
}

impl Caller {
    /// The organisation every query of this request is confined to.
    pub fn tenant(&self) -> &Tenant {
        &self.tenant
    }

    /// Whether the policy lets the caller do `action` in their organisation.
    pub fn may(&self, action: Action) -> bool {
        can(&self.principal, action, &Resource::of(&self.tenant))
    }

    /// Whether the policy lets the caller do `action` on something they relate to as said
    /// (the invitee of an invitation, the owner of a tip, …).
    pub fn may_as(&self, action: Action, relationships: relais_domain::access::Relationships) -> bool {
        let resource = Resource {
            tenant: &self.tenant,
            relationships,
        };
        can(&self.principal, action, &resource)
    }

    /// 403 unless the policy lets the caller do `action`.
    pub fn require(&self, action: Action) -> Result<(), ApiError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// The caller acting now, for a use case.
    pub fn actor(&self, now: chrono::DateTime<chrono::Utc>) -> Actor {
        Actor {
            tenant: self.tenant.clone(),
            user: self.user_id.clone(),
            now,
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Caller, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let has_token = bearer_token(request.headers()).is_some();
        let claims = state.as_ref().and_then(|state| verified_token(request, &state.keys));
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("application state missing".into()))?;
            if !has_token {
                return Err(ApiError::unauthenticated(
                    "unauthenticated",
                    "sign in first: send Authorization: Bearer <access token>",
                ));
            }
            let claims = claims
                .ok_or_else(|| ApiError::unauthenticated("invalid_token", "the access token is invalid or expired"))?;
            // The session is checked on every request so that sign-out and deactivation take
            // effect at once, not when the access token expires (see `sessions` for how long
            // another process may take to notice).
            let session_id = SessionId::parse(&claims.sid)
                .ok_or_else(|| ApiError::unauthenticated("invalid_token", "the access token is invalid or expired"))?;
            let live = match state.sessions.recent(&session_id) {
                Some(live) => live,
                None => load_session(&state, session_id).await?,
            };
            let revoked = || ApiError::unauthenticated("session_revoked", "this session has ended; sign in again");
            let user = &live.user;
            if live.revoked
                || live.expires_at <= relais_db::stored(state.now())
                || !user.is_active()
                || user.id.as_str() != claims.sub
                || user.organisation_id.as_str() != claims.org
            {
                return Err(revoked());
            }
            let tenant = user.tenant();
            Ok(Caller {
                principal: Principal::Person {
                    user: user.id.clone(),
                    tenant: tenant.clone(),
                    role: user.role,
                },
                role: user.role,
                user_id: user.id.clone(),
                session_id: live.session_id.clone(),
                tenant,
                session: live.clone(),
            })
        })
    }
}

/// Reads a session, its person and organisation from the database and remembers them.
async fn load_session(state: &AppState, session_id: SessionId) -> Result<Arc<LiveSession>, ApiError> {
    let generation = state.sessions.generation();
    let found = state
        .db(move |conn| {
            let Some((session, mut user)) = SessionRow::find_with_user(conn, &session_id)? else {
                return Ok(None);
            };
            let organisation = Organisation::find(conn, &user.tenant())?.ok_or(ApiError::NotFound)?;
            // Requests never need the hash; it is not kept in memory longer than this.
            user.password_hash.clear();
            Ok(Some(LiveSession {
                session_id: session.id,
                user,
                expires_at: session.expires_at,
                revoked: session.revoked_at.is_some(),
                organisation_name: organisation.name,
            }))
        })
        .await?
        .ok_or_else(|| ApiError::unauthenticated("session_revoked", "this session has ended; sign in again"))?;
    let live = Arc::new(found);
    state.sessions.remember(generation, live.clone());
    Ok(live)
}

fn me(user: &UserRow, organisation: &Organisation) -> Me {
    Me {
        id: user.id.clone(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        organisation_id: organisation.id.clone(),
        organisation_name: organisation.name.clone(),
    }
}

/// Whether the client reached us over HTTPS (said only by a trusted proxy).
fn https(request: &HttpRequest) -> bool {
    request.app_data::<web::Data<AppState>>().is_some_and(|state| {
        crate::forwarded::client_used_https(request.peer_addr(), request.headers(), &state.proxies)
    })
}

fn refresh_cookie(request: &HttpRequest, token: &str, max_age_seconds: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_owned())
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(https(request))
        .max_age(CookieDuration::seconds(max_age_seconds))
        .finish()
}

/// Opens a session with its first refresh token; returns (session id, refresh token).
fn open_session(
    conn: &mut relais_db::DbConnection,
    user: &UserRow,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(SessionId, String), ApiError> {
    let now = relais_db::stored(at);
    let session = SessionRow {
        id: SessionId::generate(),
        organisation_id: user.organisation_id.clone(),
        user_id: user.id.clone(),
        created_at: now,
        expires_at: now + chrono::Duration::days(tokens::SESSION_DAYS),
        last_used_at: now,
        revoked_at: None,
        revoked_reason: None,
    };
    session.insert(conn)?;
    let token = add_refresh_token(conn, &session.id, at)?;
    Ok((session.id, token))
}

fn add_refresh_token(
    conn: &mut relais_db::DbConnection,
    session_id: &SessionId,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<String, ApiError> {
    let now = relais_db::stored(at);
    let (token, digest) = new_refresh_token();
    RefreshTokenRow {
        id: relais_db::new_id(),
        session_id: session_id.clone(),
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
    session_id: &SessionId,
    refresh_token: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let access_token = state.keys.issue(
        user.id.as_str(),
        user.organisation_id.as_str(),
        session_id.as_str(),
        user.role,
    )?;
    let mut response = HttpResponse::Ok();
    if let Some(refresh_token) = refresh_token {
        response.cookie(refresh_cookie(
            request,
            refresh_token,
            tokens::REFRESH_TOKEN_DAYS * 86_400,
        ));
    }
    Ok(response
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(SessionResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: tokens::ACCESS_TOKEN_SECONDS,
            user: me(user, organisation),
        }))
}

/// Records a security event about the account with this e-mail, if there is one (the
/// event then belongs to its organisation), or about the e-mail alone. For a throttled
/// sign-in, before any lookup was made.
fn record_security_event(
    conn: &mut relais_db::DbConnection,
    kind: SecurityEventKind,
    account: &str,
    address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let user = UserRow::find_by_email(conn, account)?;
    let tenant = user.as_ref().map(UserRow::tenant);
    SecurityEventRow::record(
        conn,
        tenant.as_ref(),
        kind,
        Some(account),
        user.as_ref().map(|u| &u.id),
        address,
        now,
    )?;
    Ok(())
}

/// Records a security event about an account.
fn record_for(
    conn: &mut relais_db::DbConnection,
    user: &UserRow,
    kind: SecurityEventKind,
    address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let tenant = user.tenant();
    SecurityEventRow::record(
        conn,
        Some(&tenant),
        kind,
        Some(&user.email),
        Some(&user.id),
        address,
        now,
    )?;
    Ok(())
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
    let body = body.into_inner()?;
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
    let address = crate::forwarded::client_address(request.peer_addr(), request.headers(), &state.proxies);
    let attempt = match state.throttle.begin(&address, email.as_str(), state.now()) {
        Ok(attempt) => attempt,
        Err(refused) => {
            tracing::warn!(account = %email.as_str(), %address, "sign-in throttled");
            // Recorded once per account, address and window, not for every refusal.
            if state.throttle.first_refusal(&address, email.as_str(), state.now()) {
                let (account, now) = (email.as_str().to_owned(), state.now());
                state
                    .db_write(move |conn| {
                        record_security_event(conn, SecurityEventKind::SignInThrottled, &account, &address, now)
                    })
                    .await?;
            }
            return Err(refused);
        }
    };

    let lookup = email.as_str().to_owned();
    let found = state
        .db(move |conn| {
            let Some(user) = UserRow::find_by_email(conn, &lookup)? else {
                return Ok(None);
            };
            let organisation = Organisation::find(conn, &user.tenant())?;
            Ok(organisation.map(|organisation| (user, organisation)))
        })
        .await?;
    let dummy = state.keys.dummy_password_hash.clone();
    let (hash, candidate) = match found {
        // An account without a password yet (imported, not invited) costs the same check
        // as an unknown address: the answer's timing says nothing about which it is.
        Some((user, organisation)) if user.password_hash.is_empty() => (dummy, Some((user, organisation))),
        Some((user, organisation)) => (user.password_hash.clone(), Some((user, organisation))),
        None => (dummy, None),
    };
    let password = body.password;
    let gate = state.passwords.clone();
    let matches = match web::block(move || gate.verify(&password, &hash)).await? {
        Ok(matches) => matches,
        Err(busy) => {
            attempt.not_checked();
            return Err(busy);
        }
    };
    let (user, organisation) = match candidate {
        Some((user, organisation)) if matches && user.is_active() => (user, organisation),
        refused => {
            // The attempt stays counted as a failure.
            tracing::warn!(account = %email.as_str(), %address, "failed sign-in");
            // The account, when there is one, was found above: no second lookup.
            let known = refused.map(|(user, _)| (user.tenant(), user.id));
            let (account, now) = (email.as_str().to_owned(), state.now());
            state
                .db_write(move |conn| {
                    SecurityEventRow::record(
                        conn,
                        known.as_ref().map(|(tenant, _)| tenant),
                        SecurityEventKind::FailedSignIn,
                        Some(&account),
                        known.as_ref().map(|(_, id)| id),
                        &address,
                        now,
                    )?;
                    Ok(())
                })
                .await?;
            return Err(ApiError::unauthenticated(
                "invalid_credentials",
                "the e-mail or the password is wrong",
            ));
        }
    };
    attempt.succeeded();

    let session_user = user.clone();
    let now = state.now();
    let (session_id, refresh_token) = state
        .db_write(move |conn| {
            let opened = open_session(conn, &session_user, now)?;
            let event = DomainEvent::by(&session_user.id, EventKind::SignedIn, now);
            EventRow::record(conn, &session_user.tenant(), &event)?;
            Ok(opened)
        })
        .await?;
    tracing::info!(user_id = %user.id, "signed in");
    session_response(
        &state,
        &request,
        &user,
        &organisation,
        &session_id,
        Some(&refresh_token),
    )
}

enum RefreshOutcome {
    Rotated {
        user: Box<UserRow>,
        organisation: Box<Organisation>,
        session_id: SessionId,
        token: String,
    },
    /// The token was rotated a moment ago by another tab of the same browser: a new access
    /// token, and the cookie the other tab's answer already set stays.
    JustRotated {
        user: Box<UserRow>,
        organisation: Box<Organisation>,
        session_id: SessionId,
    },
    Reused(SessionId),
    Ended,
}

/// How long a rotated refresh token still earns an access token (two tabs refreshing at once).
pub const REFRESH_GRACE_SECONDS: i64 = 30;

/// Trade the refresh cookie for a new access token and a new refresh cookie.
///
/// Each refresh token works once. Presenting a spent one again means it was stolen or
/// replayed: the whole session is revoked — except within 30 seconds of its rotation (two
/// tabs of one browser refreshing together), which earns an access token and no new cookie.
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
    let now = state.now();
    let address = crate::forwarded::client_address(request.peer_addr(), request.headers(), &state.proxies);
    let outcome = state
        .db_write(move |conn| {
            let Some(stored) = RefreshTokenRow::find_by_hash(conn, &digest)? else {
                return Ok(RefreshOutcome::Ended);
            };
            let Some((session, user)) = SessionRow::find_with_user(conn, &stored.session_id)? else {
                return Ok(RefreshOutcome::Ended);
            };
            let spent_just_now = match stored.used_at {
                Some(at) => relais_db::stored(now) - at <= chrono::Duration::seconds(REFRESH_GRACE_SECONDS),
                // Spent by a concurrent request this very moment.
                None => RefreshTokenRow::mark_used(conn, &stored.id, now)? == 0,
            };
            let spent_long_ago = stored.used_at.is_some() && !spent_just_now;
            if spent_long_ago {
                SessionRow::revoke(conn, &session.id, "refresh_token_reused", now)?;
                record_for(conn, &user, SecurityEventKind::RefreshTokenReused, &address, now)?;
                return Ok(RefreshOutcome::Reused(session.id));
            }
            if !session.is_live(now) || stored.expires_at <= relais_db::stored(now) || !user.is_active() {
                return Ok(RefreshOutcome::Ended);
            }
            let Some(organisation) = Organisation::find(conn, &user.tenant())? else {
                return Ok(RefreshOutcome::Ended);
            };
            if spent_just_now {
                return Ok(RefreshOutcome::JustRotated {
                    user: Box::new(user),
                    organisation: Box::new(organisation),
                    session_id: session.id,
                });
            }
            let token = add_refresh_token(conn, &session.id, now)?;
            SessionRow::touch(conn, &session.id, now)?;
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
        } => session_response(&state, &request, &user, &organisation, &session_id, Some(&token)),
        RefreshOutcome::JustRotated {
            user,
            organisation,
            session_id,
        } => session_response(&state, &request, &user, &organisation, &session_id, None),
        RefreshOutcome::Reused(session_id) => {
            state.sessions.forget_session(&session_id);
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

/// Sign out: ends the session of the refresh cookie, or of the access token presented
/// (`Authorization: Bearer …`) when there is no cookie, and clears the cookie. Always 204.
#[utoipa::path(tag = "identity", responses((status = 204, description = "Signed out")))]
#[post("/auth/sign-out")]
pub async fn sign_out(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let digest = request.cookie(REFRESH_COOKIE).map(|c| refresh_token_digest(c.value()));
    let from_token = verified_token(&request, &state.keys).and_then(|claims| SessionId::parse(&claims.sid));
    if digest.is_some() || from_token.is_some() {
        let now = state.now();
        let address = crate::forwarded::client_address(request.peer_addr(), request.headers(), &state.proxies);
        let ended = state
            .db_write(move |conn| {
                let from_cookie = match digest {
                    Some(digest) => RefreshTokenRow::find_by_hash(conn, &digest)?.map(|stored| stored.session_id),
                    None => None,
                };
                let Some(session) = from_cookie.or(from_token) else {
                    return Ok(None);
                };
                if SessionRow::revoke(conn, &session, "signed_out", now)? > 0 {
                    if let Some((_, user)) = SessionRow::find_with_user(conn, &session)? {
                        record_for(conn, &user, SecurityEventKind::SignedOut, &address, now)?;
                    }
                }
                Ok(Some(session))
            })
            .await?;
        if let Some(session) = ended {
            state.sessions.forget_session(&session);
        }
    }
    let mut expired = refresh_cookie(&request, "", 0);
    expired.make_removal();
    Ok(HttpResponse::NoContent().cookie(expired).finish())
}

/// Who is signed in.
#[utoipa::path(
    tag = "identity",
    responses(
        (status = 200, body = Me),
    )
)]
#[get("/me")]
pub async fn get_me(caller: Caller) -> Result<web::Json<Me>, ApiError> {
    caller.require(Action::ReadOwnAccount)?;
    Ok(web::Json(caller.session.me()))
}

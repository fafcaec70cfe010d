//! Invitations: a one-time link for a person to set their password. It is how a person
//! imported from the HR file gets a sign-in, how an admin creates an account without
//! typing a password for someone, and how an admin lets back in someone who forgot theirs.
//! The link holds a random token; only its SHA-256 is stored. It works once, for seven
//! days, and a newer link replaces older ones.

use super::tokens::{new_refresh_token, refresh_token_digest};
use super::{open_session, session_response, Caller};
use crate::errors::ApiError;
use crate::extract::ApiJson;
use crate::routes::Routes;
use crate::state::AppState;
use actix_web::{post, web, HttpRequest, HttpResponse};
use relais_db::events::EventRow;
use relais_db::identity::{InvitationRow, SessionRow, UserRow};
use relais_db::organisations::Organisation;
use relais_domain::access::{Access, Action};
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::identity::{
    check_new_password, AccountInvitation, InvitationCheck, InvitationPreview, SessionResponse, SetPasswordRequest,
};
use relais_domain::ids::UserId;
use relais_domain::Problem;

/// How long a link works.
pub const INVITATION_DAYS: i64 = 7;
/// Where the web app takes an invitation.
pub const WELCOME_PATH: &str = "/welcome";

pub fn routes(routes: &mut Routes) {
    routes
        .add(invite_user, Access::Allowed(Action::ManagePeople))
        .add(check_invitation, Access::Public)
        .add(accept_invitation, Access::Public);
}

/// The invitation e-mail, in French then English: the product's first users are French.
fn invitation_mail(user: &UserRow, organisation: &str, link: &str) -> crate::mail::Mail {
    crate::mail::Mail {
        to: user.email.clone(),
        subject: format!("Votre accès à Relais — {organisation}"),
        text: format!(
            "Bonjour {name},\n\nL'équipe formation de {organisation} vous ouvre un accès à Relais. \
             Choisissez votre mot de passe ici (lien valable {INVITATION_DAYS} jours, une seule fois) :\n\n{link}\n\n\
             —\n\nHello {name},\n\nThe training team of {organisation} opens a Relais account for you. \
             Choose your password here (the link works once, for {INVITATION_DAYS} days):\n\n{link}\n",
            name = user.display_name,
        ),
    }
}

fn invalid() -> ApiError {
    ApiError::conflict(
        "invitation_invalid",
        "this link is unknown, already used or expired: ask for a new one",
    )
}

/// Make a one-time link for a person to set their password (valid seven days; older links
/// stop working). Give it to them; it signs them in once used. Admins only.
#[utoipa::path(
    tag = "people",
    params(("id" = String, Path, description = "Person (account) id")),
    responses(
        (status = 200, body = AccountInvitation),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is deactivated", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/invitation")]
pub async fn invite_user(
    state: web::Data<AppState>,
    request: HttpRequest,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<AccountInvitation>, ApiError> {
    caller.require(Action::ManagePeople)?;
    let actor = caller.actor(state.now());
    let relay = state.config.mail_relay().map_err(ApiError::Internal)?;
    // Links in e-mail are absolute: the configured address, or the one this request reached.
    let base = match &state.config.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let info = request.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        }
    };
    let invitation = state
        .db_write(move |conn| {
            let user = UserRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            if !user.is_active() {
                return Err(ApiError::conflict(
                    "account_inactive",
                    "reactivate the account before inviting the person",
                ));
            }
            let (token, digest) = new_refresh_token();
            let expires_at = actor.now + chrono::Duration::days(INVITATION_DAYS);
            InvitationRow::replace(
                conn,
                &actor.tenant,
                &user.id,
                &digest,
                Some(&actor.user),
                actor.now,
                expires_at,
            )?;
            actor.record(conn, EventKind::AccountInvited, SubjectType::User, &user.id)?;
            let link = format!("{WELCOME_PATH}?token={token}");
            let emailed = relay.is_some();
            if emailed {
                let organisation = Organisation::find(conn, &actor.tenant)?
                    .map(|o| o.name)
                    .unwrap_or_default();
                crate::mail::enqueue(
                    conn,
                    &actor.tenant,
                    &invitation_mail(&user, &organisation, &format!("{base}{link}")),
                    actor.now,
                )?;
            }
            Ok(AccountInvitation {
                link: (!emailed).then_some(link),
                emailed,
                expires_at: relais_db::stored(expires_at).and_utc(),
                email: user.email,
            })
        })
        .await?;
    Ok(web::Json(invitation))
}

/// Who a link is for, before they choose a password: the link's person and organisation.
/// Does not use the link up.
#[utoipa::path(
    tag = "identity",
    request_body = InvitationCheck,
    responses(
        (status = 200, body = InvitationPreview),
        (status = 409, description = "Unknown, used or expired link", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invitation")]
pub async fn check_invitation(
    state: web::Data<AppState>,
    body: ApiJson<InvitationCheck>,
) -> Result<web::Json<InvitationPreview>, ApiError> {
    let body = body.into_inner()?;
    let digest = refresh_token_digest(&body.token);
    let now = state.now();
    let preview = state
        .db(move |conn| {
            let (invitation, user) = InvitationRow::find_live(conn, &digest, now)?.ok_or_else(invalid)?;
            let organisation = Organisation::find(conn, &user.tenant())?.ok_or_else(invalid)?;
            Ok(InvitationPreview {
                display_name: user.display_name,
                email: user.email,
                organisation_name: organisation.name,
                expires_at: invitation.expires_at.and_utc(),
            })
        })
        .await?;
    Ok(web::Json(preview))
}

/// Set one's password with a link, and be signed in. The link is used up; the person's
/// other sessions end (someone else may have known the old password).
#[utoipa::path(
    tag = "identity",
    request_body = SetPasswordRequest,
    responses(
        (status = 200, description = "Signed in; the refresh cookie is set", body = SessionResponse),
        (status = 409, description = "Unknown, used or expired link", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/set-password")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: ApiJson<SetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner()?;
    check_new_password("password", &body.password).map_err(|e| ApiError::Validation(vec![e]))?;
    let digest = refresh_token_digest(&body.token);
    let now = state.now();
    // A link that cannot work costs no password hash.
    let lookup = digest.clone();
    state
        .db(move |conn| {
            InvitationRow::find_live(conn, &lookup, now)?
                .map(|_| ())
                .ok_or_else(invalid)
        })
        .await?;
    let gate = state.passwords.clone();
    let password = body.password;
    let hash = web::block(move || gate.hash(&password)).await??;
    let (user, organisation, session_id, refresh_token) = state
        .db_write(move |conn| {
            let (invitation, user) = InvitationRow::find_live(conn, &digest, now)?.ok_or_else(invalid)?;
            // Used up here, once: a second request with the same link finds it used.
            if !InvitationRow::use_up(conn, &invitation.id, now)? {
                return Err(invalid());
            }
            let tenant = user.tenant();
            UserRow::set_password_hash(conn, &tenant, &user.id, &hash, now)?;
            SessionRow::revoke_all_of_user(conn, &tenant, &user.id, "password_set", now)?;
            let organisation = Organisation::find(conn, &tenant)?.ok_or_else(invalid)?;
            let (session_id, refresh_token) = open_session(conn, &user, now)?;
            let events = [
                EventRow::of(
                    &tenant,
                    &DomainEvent::by(&user.id, EventKind::PasswordSet, now).about(SubjectType::User, &user.id),
                ),
                EventRow::of(&tenant, &DomainEvent::by(&user.id, EventKind::SignedIn, now)),
            ];
            EventRow::record_many(conn, &events)?;
            Ok((user, organisation, session_id, refresh_token))
        })
        .await?;
    state.sessions.forget_user(&user.id);
    tracing::info!(user_id = %user.id, "password set through an invitation");
    session_response(
        &state,
        &request,
        &user,
        &organisation,
        &session_id,
        Some(&refresh_token),
    )
}

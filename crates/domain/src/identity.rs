//! Identity: roles, the password and e-mail rules, the sign-in throttle window, and the
//! account request/response types.

use crate::errors::{FieldError, FieldErrors};
use crate::ids::{OrganisationId, UserId};
use crate::text::DisplayName;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// What a person may do in their organisation. One role per person.
    pub enum Role {
        /// The training team: runs programmes, manages people.
        Admin = "admin",
        /// Leads learner communities.
        Ambassador = "ambassador",
        /// Every employee.
        Learner = "learner",
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// The most used passwords of at least 12 characters in public breach lists, French ones
/// included. Compared case-insensitively. NIST SP 800-63B asks for such a block list
/// instead of composition rules.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456123456",
    "111111111111",
    "000000000000",
    "123123123123",
    "password1234",
    "password12345",
    "password123!",
    "passwordpassword",
    "motdepasse123",
    "motdepasse1234",
    "motdepassemotdepasse",
    "azertyuiop12",
    "azertyuiop123",
    "azertyuiopqsdf",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopasdf",
    "qwerty123456",
    "azerty123456",
    "iloveyou1234",
    "jetaime123456",
    "welcome12345",
    "bienvenue123",
    "bienvenue1234",
    "soleil123456",
    "changeme1234",
    "administrator",
    "administrateur",
    "letmein12345",
    "football1234",
    "abcdefghijkl",
    "abc123abc123",
    "1q2w3e4r5t6y",
    "a1b2c3d4e5f6",
    "zaq12wsxcde3",
    "relais123456",
];

/// Checks a new password: 12–128 characters, not one of the most common ones, nothing else.
pub fn check_new_password(field: &str, password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN_CHARS {
        return Err(FieldError::new(
            field,
            "too_short",
            format!("{field} must have at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if length > PASSWORD_MAX_CHARS {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{field} must have at most {PASSWORD_MAX_CHARS} characters"),
        ));
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(FieldError::new(
            field,
            "too_common",
            format!("{field} is one of the most common passwords; choose another"),
        ));
    }
    Ok(())
}

/// An e-mail address, lower-cased so that sign-in ignores case. The accepted shape is
/// exactly `EMAIL_PATTERN` (the HTML form's rule, ASCII only): clients trim what people type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

/// The e-mail rule as a regex, stated in the OpenAPI document.
pub const EMAIL_PATTERN: &str = "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+$";
pub const EMAIL_MAX_CHARS: usize = 254;

fn is_local_part_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

impl Email {
    pub fn parse(field: &str, value: &str) -> Result<Email, FieldError> {
        if value.is_empty() {
            return Err(FieldError::new(field, "required", format!("{field} is required")));
        }
        if value.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("{field} must have at most {EMAIL_MAX_CHARS} characters"),
            ));
        }
        let invalid = || FieldError::new(field, "invalid_email", format!("{field} is not an e-mail address"));
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let local_ok = (1..=64).contains(&local.chars().count()) && local.chars().all(is_local_part_char);
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels
                .iter()
                .all(|label| (1..=63).contains(&label.len()) && label.chars().all(is_label_char));
        if local_ok && domain_ok {
            Ok(Email(value.to_ascii_lowercase()))
        } else {
            Err(invalid())
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The sliding-window limit on sign-in attempts: at most `max_attempts` in `window_seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleRule {
    pub max_attempts: usize,
    pub window_seconds: i64,
}

/// Whether another attempt may be made now, given the times of recent attempts; if not,
/// how many seconds until the oldest one leaves the window.
pub fn throttle_retry_after(rule: ThrottleRule, attempts: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<i64> {
    let window_start = now - chrono::Duration::seconds(rule.window_seconds);
    let mut recent: Vec<&DateTime<Utc>> = attempts.iter().filter(|at| **at > window_start).collect();
    if recent.len() < rule.max_attempts {
        return None;
    }
    recent.sort();
    let index = recent.len() - rule.max_attempts;
    let frees_at = *recent[index] + chrono::Duration::seconds(rule.window_seconds);
    Some((frees_at - now).num_seconds().max(1))
}

/// Sign-in request.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 254, example = "admin@example.com"))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 128))]
    pub password: String,
}

/// An access token and who it belongs to; the refresh token travels in an HttpOnly cookie.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: Me,
}

/// The signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
}

/// A person of the organisation, as admins see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// False once deactivated: the person can no longer sign in.
    pub active: bool,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

/// Longest search text of the people list.
pub const SEARCH_MAX_CHARS: usize = 100;

/// A list's search text `q`, trimmed; `None` when empty. Refused beyond `SEARCH_MAX_CHARS`.
pub fn search_text(q: Option<&str>) -> Result<Option<String>, FieldError> {
    let text = q.map(str::trim).unwrap_or_default();
    if text.chars().count() > SEARCH_MAX_CHARS {
        return Err(FieldError::new(
            "q",
            "too_long",
            format!("q must have at most {SEARCH_MAX_CHARS} characters"),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// Query of the people list: a search and fixed filters.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserListQuery {
    /// Part of a name or e-mail address (case ignored).
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only people of this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Only active (`true`) or deactivated (`false`) people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Page size, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl UserListQuery {
    /// The search text, trimmed; `None` when empty. Refused beyond `SEARCH_MAX_CHARS`.
    pub fn search(&self) -> Result<Option<String>, FieldError> {
        search_text(self.q.as_deref())
    }
}

/// Changing a person's name or role.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub display_name: DisplayName,
    pub role: Role,
}

impl UpdateUserRequest {
    pub fn validate(&self) -> Result<(String, Role), Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let name = errors.check(self.display_name.check("display_name"));
        match name {
            Some(name) if errors.is_empty() => Ok((name, self.role)),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Creating an account in the caller's organisation.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub display_name: DisplayName,
    pub role: Role,
    /// The initial password, 12–128 characters. Leave it out to give the person a sign-in
    /// link instead (`POST /users/{id}/invitation`): they choose their password themselves.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// A checked `CreateUserRequest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    /// None: no sign-in until the person uses an invitation link.
    pub password: Option<String>,
}

impl CreateUserRequest {
    pub fn validate(&self) -> Result<NewUser, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let email = errors.check(Email::parse("email", &self.email));
        let display_name = errors.check(self.display_name.check("display_name"));
        if let Some(password) = &self.password {
            errors.check(check_new_password("password", password));
        }
        match (email, display_name) {
            (Some(email), Some(display_name)) if errors.is_empty() => Ok(NewUser {
                email,
                display_name,
                role: self.role,
                password: self.password.clone(),
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn passwords_need_length_not_composition() {
        let cases = [
            ("short", Some("too_short"), "under 12 characters"),
            ("correct horse battery", None, "a passphrase without digits is fine"),
            ("PASSWORD1234", Some("too_common"), "common list is case-insensitive"),
            ("motdepasse123", Some("too_common"), "French common passwords too"),
            (&"x".repeat(129), Some("too_long"), "over 128 characters"),
            ("ééééééééééé", Some("too_short"), "11 characters even if 22 bytes"),
        ];
        for (password, expected, why) in cases {
            let got = check_new_password("password", password).err().map(|e| e.code);
            assert_eq!(got.as_deref(), expected, "{why}");
        }
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("email", "Ana@Example.COM").map(|e| e.0),
            Ok("ana@example.com".into())
        );
        assert_eq!(
            Email::parse("email", "o'neil+tag@mail.example.fr").map(|e| e.0),
            Ok("o'neil+tag@mail.example.fr".into())
        );
        let bad = [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "ana@.com",
            " ana@example.com",
            "ana@exämple.com",
            "ana@b@example.com",
        ];
        for bad in bad {
            assert!(Email::parse("email", bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn throttle_allows_up_to_the_limit_then_says_when() {
        let rule = ThrottleRule {
            max_attempts: 3,
            window_seconds: 60,
        };
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).single().expect("valid time");
        let at = |s: i64| t0 + chrono::Duration::seconds(s);
        assert_eq!(throttle_retry_after(rule, &[at(0), at(10)], at(20)), None);
        assert_eq!(throttle_retry_after(rule, &[at(0), at(10), at(15)], at(20)), Some(40));
        // The oldest attempt left the window: one more is allowed.
        assert_eq!(throttle_retry_after(rule, &[at(0), at(10), at(15)], at(61)), None);
    }

    #[test]
    fn create_user_reports_every_bad_field() {
        let request = CreateUserRequest {
            email: "nope".into(),
            display_name: "A".into(),
            role: Role::Learner,
            password: Some("short".into()),
        };
        let fields: Vec<String> = request
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["email", "display_name", "password"]);
    }
}

crate::stored_enum! {
    /// What happened to someone's access.
    pub enum SecurityEventKind {
        /// A wrong password (or an unknown or deactivated account).
        FailedSignIn = "failed_sign_in",
        /// Sign-in refused by the throttle (first refusal of a window).
        SignInThrottled = "sign_in_throttled",
        /// A spent refresh token came back: its session was revoked.
        RefreshTokenReused = "refresh_token_reused",
        /// An admin deactivated the account.
        AccountDeactivated = "account_deactivated",
        SignedOut = "signed_out",
    }
}

/// A security event, as admins read them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecurityEvent {
    pub id: crate::ids::EventId,
    pub kind: SecurityEventKind,
    /// The e-mail typed, or the account's.
    pub account: Option<String>,
    pub user_id: Option<UserId>,
    /// The client's address.
    pub address: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub occurred_at: DateTime<Utc>,
}

/// A one-time link for a person to set their password, as the admin gets it to pass on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountInvitation {
    /// The web app's path with the token (`/welcome?token=…`; prefix the app's address),
    /// for the admin to pass on — only when no e-mail relay is configured.
    pub link: Option<String>,
    /// True when the link was sent by e-mail to `email` (and is not shown).
    pub emailed: bool,
    pub email: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub expires_at: DateTime<Utc>,
}

/// The token of an invitation link.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvitationCheck {
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub token: String,
}

/// Whose account an invitation link opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    pub display_name: String,
    pub email: String,
    pub organisation_name: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub expires_at: DateTime<Utc>,
}

/// Choosing one's password with an invitation link.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPasswordRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub token: String,
    /// 12–128 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: String,
}

/// The identity context's endpoints.
pub mod endpoints {
    use super::{
        AccountInvitation, CreateUserRequest, InvitationCheck, InvitationPreview, Me, SecurityEvent, SessionResponse,
        SetPasswordRequest, SignInRequest, UpdateUserRequest, User, UserListQuery,
    };
    use crate::endpoints::{Endpoint, Method, NoContent, Nothing, Route};
    use crate::pagination::{Page, PageQuery};

    pub const SIGN_IN: Endpoint<SignInRequest, SessionResponse> = Endpoint::new(Method::Post, "/auth/sign-in");
    pub const REFRESH: Endpoint<Nothing, SessionResponse> = Endpoint::new(Method::Post, "/auth/refresh");
    pub const SIGN_OUT: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Post, "/auth/sign-out");
    pub const ME: Endpoint<Nothing, Me> = Endpoint::new(Method::Get, "/me");
    pub const LIST_USERS: Endpoint<Nothing, Page<User>, UserListQuery> = Endpoint::new(Method::Get, "/users");
    pub const CREATE_USER: Endpoint<CreateUserRequest, User> = Endpoint::new(Method::Post, "/users");
    pub const GET_USER: Endpoint<Nothing, User> = Endpoint::new(Method::Get, "/users/{id}");
    pub const UPDATE_USER: Endpoint<UpdateUserRequest, User> = Endpoint::new(Method::Put, "/users/{id}");
    pub const DEACTIVATE_USER: Endpoint<Nothing, User> = Endpoint::new(Method::Post, "/users/{id}/deactivate");
    pub const REACTIVATE_USER: Endpoint<Nothing, User> = Endpoint::new(Method::Post, "/users/{id}/reactivate");
    pub const INVITE_USER: Endpoint<Nothing, AccountInvitation> = Endpoint::new(Method::Post, "/users/{id}/invitation");
    pub const CHECK_INVITATION: Endpoint<InvitationCheck, InvitationPreview> =
        Endpoint::new(Method::Post, "/auth/invitation");
    pub const SET_PASSWORD: Endpoint<SetPasswordRequest, SessionResponse> =
        Endpoint::new(Method::Post, "/auth/set-password");
    pub const SECURITY_EVENTS: Endpoint<Nothing, Page<SecurityEvent>, PageQuery> =
        Endpoint::new(Method::Get, "/security-events");

    pub fn routes() -> Vec<Route> {
        vec![
            SIGN_IN.route(),
            REFRESH.route(),
            SIGN_OUT.route(),
            ME.route(),
            LIST_USERS.route(),
            CREATE_USER.route(),
            GET_USER.route(),
            UPDATE_USER.route(),
            DEACTIVATE_USER.route(),
            REACTIVATE_USER.route(),
            SECURITY_EVENTS.route(),
            INVITE_USER.route(),
            CHECK_INVITATION.route(),
            SET_PASSWORD.route(),
        ]
    }
}

//! The API client: every call is built from the domain crate's endpoint definitions (the
//! same types as the server's), so no path or query string is written by hand here. The
//! access token lives in memory only; the refresh token is an HttpOnly cookie the browser
//! sends to `/api/v1/auth/*`. A 401 triggers one shared refresh, then a retry. Each context
//! has its own `api.rs` of typed calls on top of this.

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use relais_domain::access::{can, Action, Principal, Resource};
use relais_domain::endpoints::{Endpoint, Method, Nothing};
use relais_domain::identity::endpoints::{CHECK_INVITATION, REFRESH, SET_PASSWORD, SIGN_IN, SIGN_OUT};
use relais_domain::identity::{
    InvitationCheck, InvitationPreview, Me, SessionResponse, SetPasswordRequest, SignInRequest,
};
use relais_domain::ids::Tenant;
use relais_domain::{FieldError, Problem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;

/// Why a call failed: the server's problem document, or no answer at all.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    Problem(Problem),
    Network,
}

impl ApiError {
    pub fn code(&self) -> &str {
        match self {
            ApiError::Problem(problem) => &problem.code,
            ApiError::Network => "network",
        }
    }
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Problem(problem) => problem.errors.clone(),
            ApiError::Network => Vec::new(),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The signed-in state, shared through context.
#[derive(Clone, Copy)]
pub struct Session {
    pub status: RwSignal<SessionStatus>,
    /// The person signed out themselves: the page they were on is not offered to whoever
    /// signs in next.
    pub signed_out_on_purpose: RwSignal<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SessionStatus {
    /// The app has not yet asked the server whether the refresh cookie is good.
    Checking,
    SignedIn(Me),
    SignedOut,
}

thread_local! {
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static REFRESHING: RefCell<Option<Shared<LocalBoxFuture<'static, bool>>>> = const { RefCell::new(None) };
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

impl Session {
    pub fn new() -> Self {
        let session = Session {
            status: RwSignal::new(SessionStatus::Checking),
            signed_out_on_purpose: RwSignal::new(false),
        };
        SESSION.with(|s| *s.borrow_mut() = Some(session));
        session
    }

    /// Who is signed in, without subscribing to changes: for code that runs inside another
    /// reactive view (a list row), which must not re-run when the session ends — the page
    /// is then being left, and its data already gone.
    pub fn me_untracked(&self) -> Option<Me> {
        match self.status.get_untracked() {
            SessionStatus::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    pub fn me(&self) -> Option<Me> {
        match self.status.get() {
            SessionStatus::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    /// Whether the signed-in person may do `action`: the server's own policy, run here to
    /// hide what they could not use (the server still decides).
    pub fn may(&self, action: Action) -> bool {
        Self::allows(self.me(), action)
    }

    /// `may` without subscribing to changes (see `me_untracked`).
    pub fn may_untracked(&self, action: Action) -> bool {
        Self::allows(self.me_untracked(), action)
    }

    fn allows(me: Option<Me>, action: Action) -> bool {
        me.is_some_and(|me| {
            let tenant = Tenant::new(me.organisation_id.clone());
            let principal = Principal::Person {
                user: me.id.clone(),
                tenant: tenant.clone(),
                role: me.role,
            };
            can(&principal, action, &Resource::of(&tenant))
        })
    }

    fn accept(response: SessionResponse) {
        ACCESS_TOKEN.with(|t| *t.borrow_mut() = Some(response.access_token));
        if let Some(session) = SESSION.with(|s| *s.borrow()) {
            session.signed_out_on_purpose.set(false);
            session.status.set(SessionStatus::SignedIn(response.user));
        }
    }

    fn forget() {
        ACCESS_TOKEN.with(|t| *t.borrow_mut() = None);
        if let Some(session) = SESSION.with(|s| *s.borrow()) {
            session.status.set(SessionStatus::SignedOut);
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

async fn problem_of(response: Response) -> ApiError {
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Problem(Problem {
            problem_type: "about:blank".into(),
            title: response.status_text(),
            status: response.status(),
            detail: None,
            code: "unexpected_response".into(),
            errors: Vec::new(),
        }),
    }
}

/// Trades the refresh cookie for a new access token. Concurrent callers share one request:
/// two refreshes with the same cookie would look like token theft to the server.
pub async fn refresh_session() -> bool {
    let shared = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                async {
                    let ok = match Request::post(&url(REFRESH.path)).send().await {
                        Ok(response) if response.ok() => match response.json::<SessionResponse>().await {
                            Ok(session) => {
                                Session::accept(session);
                                true
                            }
                            Err(_) => false,
                        },
                        _ => false,
                    };
                    if !ok {
                        Session::forget();
                    }
                    ok
                }
                .boxed_local()
                .shared()
            })
            .clone()
    });
    let ok = shared.await;
    REFRESHING.with(|r| *r.borrow_mut() = None);
    ok
}

fn with_token(builder: RequestBuilder) -> RequestBuilder {
    match ACCESS_TOKEN.with(|t| t.borrow().clone()) {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

fn url(path: &str) -> String {
    format!("/api/v1{path}")
}

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Delete => Request::delete(url),
        Method::Get => Request::get(url),
    }
}

async fn send_once(
    method: Method,
    url: &str,
    body: Option<&serde_json::Value>,
    idempotency_key: Option<&str>,
) -> Result<Response, ApiError> {
    let mut request = with_token(builder(method, url));
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let sent = match body {
        Some(body) => match request.json(body) {
            Ok(request) => request.send().await,
            Err(_) => return Err(ApiError::Network),
        },
        None => request.send().await,
    };
    sent.map_err(|_| ApiError::Network)
}

/// Sends, refreshing the session once on 401.
async fn send(
    method: Method,
    url: &str,
    body: Option<serde_json::Value>,
    idempotency_key: Option<&str>,
) -> Result<Response, ApiError> {
    let response = send_once(method, url, body.as_ref(), idempotency_key).await?;
    if response.status() == 401 && refresh_session().await {
        return send_once(method, url, body.as_ref(), idempotency_key).await;
    }
    if response.status() == 401 {
        Session::forget();
    }
    Ok(response)
}

/// `?a=1&b=x` from a query type's fields, leaving out absent ones.
fn query_string<Q: Serialize>(query: &Q) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(query) else {
        return String::new();
    };
    let pairs: Vec<String> = fields
        .into_iter()
        .filter_map(|(name, value)| {
            let value = match value {
                serde_json::Value::Null => return None,
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            Some(format!("{name}={}", String::from(js_sys::encode_uri_component(&value))))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Calls `endpoint` with its path parameters in order, its query and its body.
pub async fn call<B: Serialize, R: DeserializeOwned, Q: Serialize>(
    endpoint: &Endpoint<B, R, Q>,
    params: &[&str],
    query: Option<&Q>,
    body: Option<&B>,
) -> ApiResult<R> {
    call_with_key(endpoint, params, query, body, None).await
}

/// Calls a creation with an `Idempotency-Key` (see `components::Submission`): sent again
/// with the same key, it answers what it first created instead of creating twice.
pub async fn create<B: Serialize, R: DeserializeOwned, Q: Serialize>(
    endpoint: &Endpoint<B, R, Q>,
    params: &[&str],
    body: &B,
    idempotency_key: &str,
) -> ApiResult<R> {
    call_with_key(endpoint, params, None, Some(body), Some(idempotency_key)).await
}

async fn call_with_key<B: Serialize, R: DeserializeOwned, Q: Serialize>(
    endpoint: &Endpoint<B, R, Q>,
    params: &[&str],
    query: Option<&Q>,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> ApiResult<R> {
    let query = query.map(query_string).unwrap_or_default();
    let target = format!("{}{query}", url(&endpoint.path_with(params)));
    let body = match body {
        Some(body) => Some(serde_json::to_value(body).map_err(|_| ApiError::Network)?),
        None => None,
    };
    let response = send(endpoint.method, &target, body, idempotency_key).await?;
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    if response.status() == 204 {
        // `NoContent` reads from an absent body as from `null`.
        return serde_json::from_str("null").map_err(|_| ApiError::Network);
    }
    response.json::<R>().await.map_err(|_| ApiError::Network)
}

/// Sends a file as the body of `endpoint` (an image upload), refreshing the session once on
/// 401: the body is the file itself, typed as the browser read it.
pub async fn put_file<R: DeserializeOwned, Q: Serialize>(
    endpoint: &Endpoint<Nothing, R, Q>,
    params: &[&str],
    query: &Q,
    file: &web_sys::File,
) -> ApiResult<R> {
    let target = format!("{}{}", url(&endpoint.path_with(params)), query_string(query));
    let attempt = || async {
        with_token(Request::put(&target))
            .header("Content-Type", &file.type_())
            .body(file.clone())
            .map_err(|_| ApiError::Network)?
            .send()
            .await
            .map_err(|_| ApiError::Network)
    };
    let mut response = attempt().await?;
    if response.status() == 401 && refresh_session().await {
        response = attempt().await?;
    }
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    response.json::<R>().await.map_err(|_| ApiError::Network)
}

/// A file the API serves (an image, at `url` as the API gave it) as an object URL the page
/// can show: an `<img>` cannot send the access token itself.
pub async fn object_url(url: &str) -> Option<String> {
    let response = send(Method::Get, url, None, None).await.ok()?;
    if !response.ok() {
        return None;
    }
    let bytes = response.binary().await.ok()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Who an invitation link is for.
pub async fn check_invitation(request: &InvitationCheck) -> ApiResult<InvitationPreview> {
    call(&CHECK_INVITATION, &[], None, Some(request)).await
}

/// Chooses one's password with an invitation link, and signs in.
pub async fn set_password(request: &SetPasswordRequest) -> ApiResult<Me> {
    let session: SessionResponse = call(&SET_PASSWORD, &[], None, Some(request)).await?;
    let me = session.user.clone();
    Session::accept(session);
    Ok(me)
}

pub async fn sign_in(request: &SignInRequest) -> ApiResult<Me> {
    let response = Request::post(&url(SIGN_IN.path))
        .json(request)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(problem_of(response).await);
    }
    let session = response
        .json::<SessionResponse>()
        .await
        .map_err(|_| ApiError::Network)?;
    let me = session.user.clone();
    Session::accept(session);
    Ok(me)
}

pub async fn sign_out() {
    let request = with_token(Request::post(&url(SIGN_OUT.path)));
    // The screen leaves at once; the server ends the session (and clears the cookie) behind.
    if let Some(session) = SESSION.with(|s| *s.borrow()) {
        session.signed_out_on_purpose.set(true);
    }
    Session::forget();
    let _ = request.send().await;
}

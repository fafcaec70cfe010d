//! One typed client function per endpoint, sharing the domain crate's types with the server.
//! The access token lives in memory only; the refresh token is an HttpOnly cookie the
//! browser sends to `/api/v1/auth/*`. A 401 triggers one shared refresh, then a retry.

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use relais_domain::identity::{CreateUserRequest, Me, SessionResponse, SignInRequest, User};
use relais_domain::pagination::Page;
use relais_domain::programmes::{
    CloseProgrammeRequest, Need, NeedRequest, Objective, ObjectiveRequest, Programme, ProgrammeDashboard,
    ProgrammeDetail, ProgrammeRequest,
};
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
        };
        SESSION.with(|s| *s.borrow_mut() = Some(session));
        session
    }

    pub fn me(&self) -> Option<Me> {
        match self.status.get() {
            SessionStatus::SignedIn(me) => Some(me),
            _ => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.me()
            .map(|me| me.role == relais_domain::identity::Role::Admin)
            .unwrap_or(false)
    }

    fn accept(response: SessionResponse) {
        ACCESS_TOKEN.with(|t| *t.borrow_mut() = Some(response.access_token));
        if let Some(session) = SESSION.with(|s| *s.borrow()) {
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
                    let ok = match Request::post("/api/v1/auth/refresh").send().await {
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

fn builder(method: &str, path: &str) -> RequestBuilder {
    let url = format!("/api/v1{path}");
    match method {
        "POST" => Request::post(&url),
        "PUT" => Request::put(&url),
        "DELETE" => Request::delete(&url),
        _ => Request::get(&url),
    }
}

async fn send_once(method: &str, path: &str, body: Option<&serde_json::Value>) -> Result<Response, ApiError> {
    let request = with_token(builder(method, path));
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
async fn send(method: &str, path: &str, body: Option<serde_json::Value>) -> Result<Response, ApiError> {
    let response = send_once(method, path, body.as_ref()).await?;
    if response.status() == 401 && refresh_session().await {
        return send_once(method, path, body.as_ref()).await;
    }
    if response.status() == 401 {
        Session::forget();
    }
    Ok(response)
}

async fn call<T: DeserializeOwned>(method: &str, path: &str, body: Option<serde_json::Value>) -> ApiResult<T> {
    let response = send(method, path, body).await?;
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiError::Network)
    } else {
        Err(problem_of(response).await)
    }
}

async fn call_empty(method: &str, path: &str) -> ApiResult<()> {
    let response = send(method, path, None).await?;
    if response.ok() {
        Ok(())
    } else {
        Err(problem_of(response).await)
    }
}

fn json<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

pub async fn sign_in(request: &SignInRequest) -> ApiResult<Me> {
    let response = Request::post("/api/v1/auth/sign-in")
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
    let _ = with_token(Request::post("/api/v1/auth/sign-out")).send().await;
    Session::forget();
}

pub async fn list_programmes(cursor: Option<String>) -> ApiResult<Page<Programme>> {
    let query = cursor.map(|c| format!("&cursor={c}")).unwrap_or_default();
    call("GET", &format!("/programmes?limit=50{query}"), None).await
}

pub async fn create_programme(request: &ProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    call("POST", "/programmes", json(request)).await
}

pub async fn get_programme(id: &str) -> ApiResult<ProgrammeDetail> {
    call("GET", &format!("/programmes/{id}"), None).await
}

pub async fn update_programme(id: &str, request: &ProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    call("PUT", &format!("/programmes/{id}"), json(request)).await
}

pub async fn delete_programme(id: &str) -> ApiResult<()> {
    call_empty("DELETE", &format!("/programmes/{id}")).await
}

pub async fn activate_programme(id: &str) -> ApiResult<ProgrammeDetail> {
    call("POST", &format!("/programmes/{id}/activate"), None).await
}

pub async fn close_programme(id: &str, request: &CloseProgrammeRequest) -> ApiResult<ProgrammeDetail> {
    call("POST", &format!("/programmes/{id}/close"), json(request)).await
}

pub async fn create_need(id: &str, request: &NeedRequest) -> ApiResult<Need> {
    call("POST", &format!("/programmes/{id}/needs"), json(request)).await
}

pub async fn update_need(id: &str, need_id: &str, request: &NeedRequest) -> ApiResult<Need> {
    call("PUT", &format!("/programmes/{id}/needs/{need_id}"), json(request)).await
}

pub async fn delete_need(id: &str, need_id: &str) -> ApiResult<()> {
    call_empty("DELETE", &format!("/programmes/{id}/needs/{need_id}")).await
}

pub async fn create_objective(id: &str, request: &ObjectiveRequest) -> ApiResult<Objective> {
    call("POST", &format!("/programmes/{id}/objectives"), json(request)).await
}

pub async fn update_objective(id: &str, objective_id: &str, request: &ObjectiveRequest) -> ApiResult<Objective> {
    call(
        "PUT",
        &format!("/programmes/{id}/objectives/{objective_id}"),
        json(request),
    )
    .await
}

pub async fn delete_objective(id: &str, objective_id: &str) -> ApiResult<()> {
    call_empty("DELETE", &format!("/programmes/{id}/objectives/{objective_id}")).await
}

pub async fn programme_dashboard(id: &str) -> ApiResult<ProgrammeDashboard> {
    call("GET", &format!("/programmes/{id}/dashboard"), None).await
}

pub async fn list_users(cursor: Option<String>) -> ApiResult<Page<User>> {
    let query = cursor.map(|c| format!("&cursor={c}")).unwrap_or_default();
    call("GET", &format!("/users?limit=100{query}"), None).await
}

pub async fn create_user(request: &CreateUserRequest) -> ApiResult<User> {
    call("POST", "/users", json(request)).await
}

pub async fn set_user_active(id: &str, active: bool) -> ApiResult<User> {
    let action = if active { "reactivate" } else { "deactivate" };
    call("POST", &format!("/users/{id}/{action}"), None).await
}

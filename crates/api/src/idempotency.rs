//! `Idempotency-Key` on creations: the same person sending the same key again within 24
//! hours gets the first answer again instead of a second creation — a double click, or a
//! retry after an answer lost on a poor network, creates once.
//!
//! The key is reserved before the handler runs (a unique row per person and key), so two
//! requests racing with one key cannot both create: the later waits for the first answer.
//! A key reused for another request (other path or body) is refused. A failed first request
//! frees its key, so the client may correct the request and send it again.

use crate::errors::ApiError;
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpResponse, ResponseError};
use relais_db::idempotency::{IdempotentRequest, Reservation};
use relais_domain::access::Access;
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const HEADER: &str = "idempotency-key";
/// Longest key accepted; a UUID is 36.
pub const KEY_MAX_CHARS: usize = 255;
/// Set on a replayed answer.
const REPLAYED: &str = "idempotent-replayed";
/// How long a request waits for the answer of a first request with the same key still
/// running, before it is told to retry.
const WAIT_FOR_FIRST: Duration = Duration::from_secs(10);

/// The key, checked: one header of 1 to 255 visible ASCII characters.
fn key_of(headers: &actix_web::http::header::HeaderMap) -> Result<String, ApiError> {
    let mut values = headers.get_all(HEADER);
    let key = values
        .next()
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    let valid = values.next().is_none()
        && !key.is_empty()
        && key.len() <= KEY_MAX_CHARS
        && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(key.to_owned())
    } else {
        Err(ApiError::field(
            "Idempotency-Key",
            "invalid",
            format!("send one Idempotency-Key header of 1 to {KEY_MAX_CHARS} visible ASCII characters"),
        ))
    }
}

fn replay(stored: &IdempotentRequest) -> HttpResponse {
    let status = stored
        .status
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut answer = HttpResponse::build(status);
    answer.insert_header((header::CONTENT_TYPE, "application/json"));
    answer.insert_header((HeaderName::from_static(REPLAYED), HeaderValue::from_static("true")));
    if let Some(location) = &stored.location {
        answer.insert_header((header::LOCATION, location.clone()));
    }
    answer.body(stored.body.clone().unwrap_or_default())
}

fn digest(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(method.as_bytes());
    hash.update([0]);
    hash.update(path_and_query.as_bytes());
    hash.update([0]);
    hash.update(body);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The middleware, on the `/api/v1` scope. Requests without the header, and any that is not
/// a creation, pass untouched; so do callers the creation's policy refuses (the handler then
/// answers 401 or 403, whatever the key).
pub async fn replay_or_create(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    // The path as the router sees it (percent-decoded), so `/api/v1/%70rogrammes` is the
    // creation it routes to.
    let routed_path = request.match_info().as_str().to_owned();
    let access = match (
        request.method() == actix_web::http::Method::POST,
        request.headers().contains_key(HEADER),
    ) {
        (true, true) => state.routes.creation(&routed_path),
        _ => None,
    };
    let Some(access) = access else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let (http_request, mut payload) = request.into_parts();
    let pass = |http_request, payload| ServiceRequest::from_parts(http_request, payload);
    let caller = match Caller::from_request(&http_request, &mut Payload::None).await {
        Ok(caller) => caller,
        Err(_) => return Ok(next.call(pass(http_request, payload)).await?.map_into_boxed_body()),
    };
    if let Access::Allowed(action) = access {
        if !caller.may(action) {
            return Ok(next.call(pass(http_request, payload)).await?.map_into_boxed_body());
        }
    }
    let answer_now = |http_request, response: HttpResponse| Ok(ServiceResponse::new(http_request, response));
    let key = match key_of(http_request.headers()) {
        Ok(key) => key,
        Err(error) => return answer_now(http_request, error.error_response()),
    };
    let body = match crate::extract::read_body(&http_request, &mut payload).await {
        Ok(body) => body,
        Err(error) => return answer_now(http_request, error.error_response()),
    };
    let path = http_request
        .uri()
        .path_and_query()
        .map_or("", |p| p.as_str())
        .to_owned();
    let hash = digest(http_request.method().as_str(), &path, &body);
    let user = caller.user_id.clone();
    let now = state.now();
    let reservation = {
        let (user, key, hash) = (user.clone(), key.clone(), hash.clone());
        state
            .db_write(move |conn| Ok(IdempotentRequest::reserve(conn, &user, &key, &hash, now)?))
            .await
    };
    match reservation {
        Err(error) => answer_now(http_request, error.error_response()),
        Ok(Reservation::Seen(seen)) => {
            let answer = wait_for_answer(&state, seen, &hash).await;
            answer_now(http_request, answer.unwrap_or_else(|error| error.error_response()))
        }
        Ok(Reservation::First) => {
            let request = ServiceRequest::from_parts(http_request, Payload::from(body));
            let response = next.call(request).await?.map_into_boxed_body();
            keep_or_free(&state, response, user, key).await
        }
    }
}

/// The first request's answer: at once when it is there, after waiting while it runs.
async fn wait_for_answer(state: &AppState, mut seen: IdempotentRequest, hash: &str) -> Result<HttpResponse, ApiError> {
    let started = std::time::Instant::now();
    loop {
        if seen.request_hash != hash {
            return Err(ApiError::conflict(
                "idempotency_key_reused",
                "this Idempotency-Key was already used for another request; use a new key",
            ));
        }
        if seen.status.is_some() {
            return Ok(replay(&seen));
        }
        if started.elapsed() >= WAIT_FOR_FIRST {
            return Err(ApiError::conflict(
                "idempotency_request_in_progress",
                "a request with this Idempotency-Key is still being answered; retry shortly",
            ));
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        let (user, key) = (seen.user_id.clone(), seen.idempotency_key.clone());
        match state
            .db(move |conn| Ok(IdempotentRequest::find(conn, &user, &key)?))
            .await?
        {
            Some(found) => seen = found,
            // The first request failed and freed its key: this one may not create silently
            // in its place (it was not reserved); the client retries.
            None => {
                return Err(ApiError::conflict(
                    "idempotency_request_failed",
                    "the first request with this Idempotency-Key failed; send it again",
                ))
            }
        }
    }
}

/// Keeps a successful first answer for replays; frees the key after a failure.
async fn keep_or_free(
    state: &AppState,
    response: ServiceResponse<BoxBody>,
    user: relais_domain::ids::UserId,
    key: String,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let (http_request, response) = response.into_parts();
    let status = response.status();
    if !status.is_success() {
        let _ = state
            .db_write(move |conn| Ok(IdempotentRequest::release(conn, &user, &key)?))
            .await;
        return Ok(ServiceResponse::new(http_request, response));
    }
    let (head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let location = head
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let kept = state
        .db_write(move |conn| {
            Ok(IdempotentRequest::complete(
                conn,
                &user,
                &key,
                status.as_u16(),
                location.as_deref(),
                &text,
            )?)
        })
        .await;
    if let Err(error) = kept {
        // The creation stands; only its replay is lost (a retry would then wait and be
        // told to send again after the reservation is abandoned).
        tracing::warn!(%error, "idempotent answer not kept");
    }
    Ok(ServiceResponse::new(
        http_request,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

//! JSON body and query-string extractors whose errors name the offending field
//! (`context`, `objectives[0].target`), not just "the body".

use crate::errors::ApiError;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// A JSON body: `application/json` (or `+json`) only, within the configured size limit,
/// unknown fields refused by the types themselves. What is wrong with it is told only when
/// the handler asks (`into_inner`), after it has checked who may call: a caller the policy
/// refuses learns 403, never the shape the body should have had.
pub struct ApiJson<T>(Result<T, ApiError>);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

fn is_json(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// The field a deserialisation error is about: its path, or for a missing field (reported
/// at the parent) the name in the message.
fn field_of(path: &serde_path_to_error::Path, message: &str) -> String {
    let path = path.to_string();
    let named = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))
        .and_then(|rest| rest.split('`').next());
    match (path.as_str(), named) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        (parent, Some(name)) if message.starts_with("missing field") => format!("{parent}.{name}"),
        (path, _) => path.to_owned(),
    }
}

fn code_of(message: &str) -> &'static str {
    if message.starts_with("missing field") {
        "required"
    } else if message.starts_with("unknown field") {
        "unknown_field"
    } else {
        "invalid_value"
    }
}

/// Drops serde_json's " at line 1 column 9" suffix: the field name says where.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every request body of the API is an object; serde would also read a struct from an
    // array of its fields in order, which the contract does not allow.
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{') && serde_json::from_slice::<serde_json::Value>(bytes).is_ok() {
        return Err(ApiError::field(
            "body",
            "not_an_object",
            "the body must be a JSON object",
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => {
            deserializer.end().map_err(|e| ApiError::BadRequest {
                code: "malformed_json",
                detail: format!("the body is not valid JSON: {e}"),
            })?;
            Ok(value)
        }
        Err(error) => {
            let inner = error.inner();
            // serde_json reports a value of the wrong type for an enum (null, a number, a
            // list) as a syntax error; the body is valid JSON, so it is the field's fault.
            let valid_json = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
            if (inner.is_syntax() || inner.is_eof()) && valid_json && !error.path().to_string().is_empty() {
                return Err(ApiError::field(
                    &field_of(error.path(), "invalid value"),
                    "invalid_value",
                    "not one of the allowed values",
                ));
            }
            if inner.is_syntax() || inner.is_eof() {
                return Err(ApiError::BadRequest {
                    code: "malformed_json",
                    detail: format!("the body is not valid JSON: {inner}"),
                });
            }
            let message = without_position(&inner.to_string());
            Err(ApiError::field(
                &field_of(error.path(), &message),
                code_of(&message),
                message,
            ))
        }
    }
}

/// Reads a request's body under the size limit and the read deadline, with problem errors:
/// 413 past the limit, 408 when it trickles in, 400 when it is broken.
pub fn read_body(
    request: &HttpRequest,
    payload: &mut Payload,
) -> impl std::future::Future<Output = Result<web::Bytes, ApiError>> + 'static {
    let config = request
        .app_data::<web::Data<crate::state::AppState>>()
        .map(|s| (s.config.max_body_bytes, s.config.body_read_timeout_seconds));
    let (max_body, read_timeout) = config.unwrap_or((0, 10));
    let bytes = web::Bytes::from_request(request, payload);
    async move {
        // A body that trickles in holds a connection and a worker: it has a deadline.
        let read = actix_web::rt::time::timeout(std::time::Duration::from_secs(read_timeout), bytes);
        read.await.map_err(|_| ApiError::RequestTimeout)?.map_err(|error| {
            let status = error.as_response_error().status_code();
            if status == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge { limit: max_body }
            } else {
                ApiError::BadRequest {
                    code: "malformed_body",
                    detail: error.to_string(),
                }
            }
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(request);
        let body = read_body(request, payload);
        let read_body = async move {
            if !json {
                return Err(ApiError::UnsupportedMediaType);
            }
            parse_json(&body.await?)
        };
        Box::pin(async move { Ok(ApiJson(read_body.await)) })
    }
}

/// A JSON body that may exceed the configured limit, up to `LIMIT` bytes: for the few
/// routes that take a file (an HR export). Same rules and errors as `ApiJson`; the read
/// deadline is six times the usual one, since a file takes longer to arrive.
pub struct LargeJson<T, const LIMIT: usize>(Result<T, ApiError>);

impl<T, const LIMIT: usize> LargeJson<T, LIMIT> {
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static, const LIMIT: usize> FromRequest for LargeJson<T, LIMIT> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = is_json(request);
        let read_timeout = request
            .app_data::<web::Data<crate::state::AppState>>()
            .map_or(10, |s| s.config.body_read_timeout_seconds);
        let stream = web::Payload::from_request(request, payload);
        let read_body = async move {
            if !json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let stream = stream.await.map_err(|e| ApiError::BadRequest {
                code: "malformed_body",
                detail: e.to_string(),
            })?;
            let read = actix_web::rt::time::timeout(
                std::time::Duration::from_secs(read_timeout * 6),
                stream.to_bytes_limited(LIMIT),
            );
            let bytes = read
                .await
                .map_err(|_| ApiError::RequestTimeout)?
                .map_err(|_| ApiError::PayloadTooLarge { limit: LIMIT })?
                .map_err(|e| ApiError::BadRequest {
                    code: "malformed_body",
                    detail: e.to_string(),
                })?;
            parse_json(&bytes)
        };
        Box::pin(async move { Ok(LargeJson(read_body.await)) })
    }
}

/// A query string, with errors naming the parameter; like `ApiJson`, told when the handler
/// asks, after its access check.
pub struct ApiQuery<T>(Result<T, ApiError>);

impl<T> ApiQuery<T> {
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = request.query_string();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_pairs(query));
        let parsed = serde_path_to_error::deserialize::<_, T>(deserializer).map_err(|error| {
            let message = error.inner().to_string();
            // Query values are untyped strings: a wrong one is named by its parameter.
            let field = match field_of(error.path(), &message).as_str() {
                "body" => "query".to_owned(),
                field => field.to_owned(),
            };
            ApiError::field(&field, code_of(&message), message)
        });
        std::future::ready(Ok(ApiQuery(parsed)))
    }
}

fn form_urlencoded_pairs(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields are only deserialised")]
    struct Sample {
        title: String,
        kind: relais_domain::identity::Role,
    }

    fn fields(body: &str) -> (u16, Vec<String>) {
        match parse_json::<Sample>(body.as_bytes()) {
            Ok(_) => (200, vec![]),
            Err(ApiError::Validation(errors)) => (422, errors.into_iter().map(|e| e.field).collect()),
            Err(other) => (actix_web::ResponseError::status_code(&other).as_u16(), vec![]),
        }
    }

    #[test]
    fn json_errors_name_the_field() {
        assert_eq!(fields(r#"{"title": "a", "kind": "admin"}"#), (200, vec![]));
        assert_eq!(fields(r#"{"kind": "admin"}"#), (422, vec!["title".to_owned()]));
        assert_eq!(
            fields(r#"{"title": "a", "kind": "boss"}"#),
            (422, vec!["kind".to_owned()])
        );
        assert_eq!(
            fields(r#"{"title": 3, "kind": "admin"}"#),
            (422, vec!["title".to_owned()])
        );
        assert_eq!(
            fields(r#"{"title": "a", "kind": "admin", "x": 1}"#),
            (422, vec!["x".to_owned()])
        );
        assert_eq!(fields(r#"{"title": "a""#), (400, vec![]));
        assert_eq!(fields(r#"{"title": "a", "kind": "admin"} trailing"#), (400, vec![]));
    }
}

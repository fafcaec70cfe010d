//! The API's one error type and its RFC 9457 problem+json rendering, with stable codes.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use relais_domain::{FieldError, Problem};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    #[error("{detail}")]
    Unauthenticated { code: &'static str, detail: String },
    #[error("your role does not allow this action")]
    Forbidden,
    #[error("no such resource")]
    NotFound,
    #[error("this resource accepts {allow} only")]
    MethodNotAllowed { allow: String },
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error("the body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("too many attempts; retry in {retry_after} seconds")]
    TooManyRequests { retry_after: i64 },
    #[error("the server is busy; retry in {retry_after} seconds")]
    Busy { retry_after: i64 },
    #[error("the body did not arrive in time")]
    RequestTimeout,
    #[error("unexpected error")]
    Internal(String),
}

impl ApiError {
    pub fn unauthenticated(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Unauthenticated {
            code,
            detail: detail.into(),
        }
    }
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            detail: detail.into(),
        }
    }
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The stable code clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest { code, .. } => code,
            ApiError::Unauthenticated { code, .. } => code,
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::Conflict { code, .. } => code,
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::Busy { .. } => "server_busy",
            ApiError::RequestTimeout => "request_timeout",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "Invalid request fields",
            ApiError::BadRequest { .. } => "Malformed request",
            ApiError::Unauthenticated { .. } => "Authentication required",
            ApiError::Forbidden => "Forbidden",
            ApiError::NotFound => "Not found",
            ApiError::MethodNotAllowed { .. } => "Method not allowed",
            ApiError::Conflict { .. } => "Conflict with the current state",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::PayloadTooLarge { .. } => "Payload too large",
            ApiError::TooManyRequests { .. } => "Too many requests",
            ApiError::Busy { .. } => "Server busy",
            ApiError::RequestTimeout => "Request timeout",
            ApiError::Internal(_) => "Internal server error",
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code().as_u16();
        Problem {
            problem_type: format!("urn:relais:problem:{}", self.code()),
            title: self.title().to_owned(),
            status,
            // An internal error's cause is logged, never sent.
            detail: Some(self.to_string()),
            code: self.code().to_owned(),
            errors: match self {
                ApiError::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(cause = %cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            ApiError::TooManyRequests { retry_after } | ApiError::Busy { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::MethodNotAllowed { allow } => {
                response.insert_header((header::ALLOW, allow.clone()));
            }
            ApiError::Unauthenticated { .. } => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

/// Storage errors map to the wire here, once: a missing row is a 404, a broken uniqueness
/// rule a 409, anything else (an unknown stored value included) an opaque 500 with its
/// cause logged.
impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => ApiError::NotFound,
            ref unique if relais_db::is_unique_violation(unique) => {
                ApiError::conflict("already_exists", "this already exists")
            }
            other => ApiError::Internal(format!("database: {other}")),
        }
    }
}

impl From<relais_db::DbError> for ApiError {
    fn from(error: relais_db::DbError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(format!("blocking task: {error}"))
    }
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::Validation(vec![error])
    }
}

impl From<Vec<FieldError>> for ApiError {
    fn from(errors: Vec<FieldError>) -> Self {
        ApiError::Validation(errors)
    }
}

//! Operations: health and readiness probes, Prometheus metrics, and the middleware that
//! gives each request an id, a tracing span, a metrics sample and the security headers.

use crate::errors::ApiError;
use crate::state::{AppState, Limited};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{get, web, HttpResponse, ResponseError};
use diesel::connection::SimpleConnection;
use relais_domain::access::Access;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;
use tracing::Instrument;

/// Latency buckets in seconds, Prometheus style.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

#[derive(Default)]
struct RouteSamples {
    /// Count per status code.
    by_status: BTreeMap<u16, u64>,
    /// Cumulative counts per bucket, plus the sum, for the latency histogram.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// Request counts and latencies per route pattern (not per path, to bound cardinality).
#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<(&'static str, String), RouteSamples>>,
}

impl Metrics {
    fn observe(&self, method: &'static str, route: String, status: u16, seconds: f64) {
        let Ok(mut routes) = self.routes.lock() else { return };
        let samples = routes.entry((method, route)).or_default();
        *samples.by_status.entry(status).or_default() += 1;
        samples.count += 1;
        samples.sum_seconds += seconds;
        for (bucket, bound) in samples.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let Ok(routes) = self.routes.lock() else { return out };
        out.push_str("# HELP relais_http_requests_total HTTP requests answered, by route and status.\n");
        out.push_str("# TYPE relais_http_requests_total counter\n");
        for ((method, route), samples) in routes.iter() {
            for (status, count) in &samples.by_status {
                let _ = writeln!(
                    out,
                    "relais_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {count}"
                );
            }
        }
        out.push_str("# HELP relais_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE relais_http_request_duration_seconds histogram\n");
        for ((method, route), samples) in routes.iter() {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            for (bound, count) in BUCKETS.iter().zip(samples.buckets) {
                let _ = writeln!(
                    out,
                    "relais_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "relais_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                samples.count
            );
            let _ = writeln!(
                out,
                "relais_http_request_duration_seconds_sum{{{labels}}} {}",
                samples.sum_seconds
            );
            let _ = writeln!(
                out,
                "relais_http_request_duration_seconds_count{{{labels}}} {}",
                samples.count
            );
        }
        out
    }
}

/// A client-supplied id is kept when it is short and plain, so traces can be joined across
/// systems; anything else is replaced.
fn request_id_from(request: &ServiceRequest) -> String {
    request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_owned)
        .unwrap_or_else(new_request_id)
}

/// A UUIDv7 whose random part comes from the thread's generator: `Uuid::now_v7` asks the
/// kernel for randomness on every call (3 % of a `/me` request), which a request id does not need.
fn new_request_id() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_millis() as u64)
        .unwrap_or_default();
    let random: [u8; 10] = rand::random();
    uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .into_uuid()
        .to_string()
}

/// Content-Security-Policy: the app loads its own script and wasm only; the API docs page
/// also needs inline styles. Tips' images are shown from `blob:` URLs (read with the token).
const CSP_APP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; \
     connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const CSP_DOCS: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn observe(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let request_id = request_id_from(&request);
    // A clone of a standard method copies no text.
    let method = request.method().clone();
    let path = request.path().to_owned();
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let https = state.as_ref().is_some_and(|state| {
        crate::forwarded::client_used_https(request.peer_addr(), request.headers(), &state.proxies)
    });
    let metrics = state.as_ref().map(|state| state.metrics.clone());
    // CORS preflights are the `cors` middleware's to answer.
    let preflight =
        method == actix_web::http::Method::OPTIONS && request.headers().contains_key("access-control-request-method");
    // The methods of the route the path is, looked up once for the 405 and the metrics label.
    let known = state.as_ref().and_then(|state| state.routes.allowed(&path));
    let registered = known.is_some();
    let allowed = known.filter(|_| !preflight);
    let span = tracing::info_span!("request", request_id = %request_id, method = %method, path = %path);

    // A known path called with a method it does not have: 405 with `Allow` (RFC 9110),
    // OPTIONS answered with the list itself.
    let mut response = match allowed.filter(|methods| !methods.contains(&method.as_str())) {
        Some(methods) => {
            let allow = methods.join(", ");
            let (request, _) = request.into_parts();
            let answer = if method == actix_web::http::Method::OPTIONS {
                HttpResponse::NoContent().insert_header((header::ALLOW, allow)).finish()
            } else {
                ApiError::MethodNotAllowed { allow }.error_response()
            };
            ServiceResponse::new(request, answer)
        }
        None => next.call(request).instrument(span.clone()).await?.map_into_boxed_body(),
    };
    let status = response.status().as_u16();
    // Labels come from closed sets: a route the app registered (or "unmatched") and a
    // method it knows (or "other"); made-up paths and methods cannot grow the metrics.
    let route = route_label(registered, &path, response.request().match_pattern());
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(metrics) = metrics {
        metrics.observe(metric_method(method.as_str()), route.clone(), status, elapsed);
    }
    // One line per request only at debug level; at the default level, what matters: server
    // errors and slow requests.
    let slow_ms = state.as_ref().map_or(1000, |state| state.config.slow_request_ms);
    let elapsed_ms = elapsed * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, route = %route, elapsed_ms, "answered with a server error");
        } else if elapsed_ms >= slow_ms as f64 {
            tracing::info!(status, route = %route, elapsed_ms, "slow request");
        } else {
            tracing::debug!(status, route = %route, elapsed_ms, "answered");
        }
    });

    let headers = response.headers_mut();
    // API answers are about one person's session: never stored by a browser or a proxy.
    if path.starts_with("/api/v1") && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(HeaderName::from_static("x-request-id"), value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let csp = if path.starts_with("/api/docs") {
        CSP_DOCS
    } else {
        CSP_APP
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    Ok(response)
}

/// The method as a metrics label: one of the methods the app knows, or "other".
fn metric_method(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

/// The route as a metrics label: the pattern of a registered route, "/api/docs", "web" for
/// the web app's files and deep links, or "unmatched".
fn route_label(registered: bool, path: &str, pattern: Option<String>) -> String {
    match pattern {
        Some(pattern) if registered => pattern,
        _ if path.starts_with("/api/docs") => "/api/docs".to_owned(),
        _ if path.starts_with("/api/") => "unmatched".to_owned(),
        _ => "web".to_owned(),
    }
}

/// The `/api/v1` scope's middleware: the rate limit, then `Idempotency-Key` on creations.
/// One layer rather than two: each layer costs every request a boxed future.
pub async fn limit_then_replay(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Some(refused) = over_limit(&request) {
        let (request, _) = request.into_parts();
        return Ok(ServiceResponse::new(request, refused.error_response()));
    }
    crate::idempotency::replay_or_create(request, next).await
}

/// Whether a request is over the per-address or per-account rate (429 with `Retry-After`).
/// The account is read from a valid access token without touching the database.
fn over_limit(request: &ServiceRequest) -> Option<ApiError> {
    if let Some(state) = request.app_data::<web::Data<AppState>>() {
        let address = crate::forwarded::client_address(request.peer_addr(), request.headers(), &state.proxies);
        // Verified once here and kept in the request for the caller extractor.
        let claims = crate::identity::verified_token(request.request(), &state.keys);
        let config = &state.config;
        let now = state.now();
        let verdict = state
            .limiter
            .check(Limited::Address(&address), config.requests_per_minute_per_address, now)
            .and_then(|()| match &claims {
                Some(claims) => state.limiter.check(
                    Limited::Account(&claims.sub),
                    config.requests_per_minute_per_account,
                    now,
                ),
                None => Ok(()),
            });
        return verdict.err();
    }
    None
}

const CORS_METHODS: &str = "GET, POST, PUT, DELETE";
const CORS_HEADERS: &str = "authorization, content-type, x-request-id";

/// Cross-origin access for the configured origins only (none by default). Requests from
/// other origins are served as usual but without CORS headers, so browsers keep their
/// answers from the calling page; same-origin requests (the web app) are unaffected.
pub async fn cors(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let allowed = match (&origin, request.app_data::<web::Data<AppState>>()) {
        (Some(origin), Some(state)) => state.config.cors_allowed_origins.iter().any(|o| o == origin),
        _ => false,
    };
    let preflight = request.method() == actix_web::http::Method::OPTIONS
        && request.headers().contains_key("access-control-request-method");
    let mut response = if preflight {
        let (request, _) = request.into_parts();
        let mut builder = HttpResponse::NoContent();
        if allowed {
            builder
                .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, CORS_METHODS))
                .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, CORS_HEADERS))
                .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"));
        }
        ServiceResponse::new(request, builder.finish())
    } else {
        next.call(request).await?.map_into_boxed_body()
    };
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let (true, Some(origin)) = (allowed, origin) {
        if let Ok(value) = HeaderValue::from_str(&origin) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            headers.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("x-request-id, retry-after"),
            );
        }
    }
    Ok(response)
}

/// The operations routes, outside `/api/v1`: open to probes and scrapers.
pub fn routes(routes: &mut crate::routes::Routes) {
    routes
        .add(healthz, Access::Public)
        .add(readyz, Access::Public)
        .add(prometheus_metrics, Access::Public);
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
}

/// Liveness: the process answers.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health { status: "ok".into() })
}

/// Readiness: the database answers.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = Health),
        (status = 503, description = "The database does not answer", body = relais_domain::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(ApiError::from))
        .await
    {
        Ok(()) => HttpResponse::Ok().json(Health { status: "ok".into() }),
        Err(error) => {
            tracing::warn!(error = %error, "not ready");
            HttpResponse::ServiceUnavailable()
                .content_type("application/problem+json")
                .json(relais_domain::Problem {
                    problem_type: "urn:relais:problem:database_unavailable".into(),
                    title: "Database unavailable".into(),
                    status: 503,
                    detail: Some("the database does not answer".into()),
                    code: "database_unavailable".into(),
                    errors: Vec::new(),
                })
        }
    }
}

/// Request counts and latencies per route, in Prometheus text format.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
#[get("/metrics")]
pub async fn prometheus_metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}

//! Relais HTTP API: the actix-web application, its OpenAPI document and its start-up.

pub mod analytics;
pub mod bench;
pub mod candidates;
pub mod config;
pub mod contests;
pub mod demo;
pub mod directory;
pub mod errors;
pub mod extract;
pub mod forwarded;
pub mod idempotency;
pub mod identity;
pub mod jobs;
pub mod mail;
pub mod modules;
pub mod ops;
pub mod programmes;
pub mod recognition;
pub mod routes;
pub mod state;
pub mod tips;
pub mod use_cases;
pub mod web;
pub mod worker;

use crate::config::Config;
use crate::errors::ApiError;
use crate::identity::tokens::{TokenKeys, JWT_KEY_PURPOSE};
use crate::routes::{DeclaredRoute, Routes};
use crate::state::{AppState, SignInThrottle};
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{middleware, web as aweb, App, HttpServer};
use relais_db::keys::ServerKey;
use relais_domain::clock::{Clock, SystemClock};
use std::net::TcpListener;
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Relais API",
        description = "Relais turns business experts into training ambassadors. Every error is an RFC 9457 \
                       problem document (`application/problem+json`) with a stable `code`.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "identity", description = "Sign-in, token refresh and sign-out"),
        (name = "people", description = "Accounts of the organisation"),
        (name = "directory", description = "Step 2 — Who: the people directory, its regions, sites and expertise domains, and HR file imports"),
        (name = "candidates", description = "Step 2 — Who: candidate ranking, nominations, the ambassador pipeline and site coverage"),
        (name = "tips", description = "Step 3 — Value: tips, their reactions, comments and saves, and the creator spotlight"),
        (name = "contests", description = "Step 3 — Value: contests — windows, entries, public votes, jury scores and results"),
        (name = "modules", description = "Step 3 — Value: the catalogue of training modules, their credited experts and completions"),
        (name = "recognition", description = "Step 3 — Value: badges, kudos, points and leaderboards, each person's recognition"),
        (name = "programmes", description = "Programmes: why training matters here — needs, objectives and their dashboard"),
        (name = "operations", description = "Health, readiness, metrics, background jobs"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The product contexts under `/api/v1`: each registers its own routes, with who may call
/// them. A new context adds one line here.
const CONTEXTS: &[fn(&mut Routes)] = &[
    identity::routes,
    programmes::routes,
    directory::routes,
    candidates::routes,
    tips::routes,
    recognition::routes,
    contests::routes,
    modules::routes,
    jobs::routes,
];

fn api_v1(config: &mut utoipa_actix_web::service_config::ServiceConfig, declared: Option<&mut Vec<DeclaredRoute>>) {
    let mut routes = Routes::new(config, "/api/v1", declared);
    for context in CONTEXTS {
        context(&mut routes);
    }
}

fn root(config: &mut utoipa_actix_web::service_config::ServiceConfig, declared: Option<&mut Vec<DeclaredRoute>>) {
    ops::routes(&mut Routes::new(config, "", declared));
}

/// The OpenAPI document as served, for the docs page and clients.
async fn served_spec(state: aweb::Data<AppState>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(state.spec.as_ref())
}

async fn api_not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

/// The OpenAPI document, as served at `/api/v1/openapi.json` and committed in `api-spec/`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    openapi_and_routes().0
}

/// The OpenAPI document as JSON, exactly as served at `/api/v1/openapi.json`.
pub fn openapi_document() -> serde_json::Value {
    routes::openapi_json(&openapi())
}

/// The OpenAPI document and every route's declared access, from the one registration.
pub fn openapi_and_routes() -> (utoipa::openapi::OpenApi, Vec<DeclaredRoute>) {
    let mut declared = Vec::new();
    let mut declared_v1 = Vec::new();
    let (_, mut spec) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(|config| root(config, Some(&mut declared)))
        .service(scope::scope("/api/v1").configure(|config| api_v1(config, Some(&mut declared_v1))))
        .split_for_parts();
    declared.extend(declared_v1);
    spec.info.version = env!("CARGO_PKG_VERSION").to_owned();
    routes::document_access(&mut spec, &declared);
    routes::document_shared_answers(&mut spec);
    routes::document_patterns(&mut spec);
    routes::document_links(&mut spec, &declared);
    (spec, declared)
}

/// The application: API, docs, probes and the web app, behind the observing middleware.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let max_body = state.config.max_body_bytes;
    let web_dir = state.config.web_dir.clone();
    App::new()
        .app_data(aweb::Data::new(state))
        .app_data(aweb::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
        .app_data(aweb::PayloadConfig::default().limit(max_body))
        .wrap(middleware::from_fn(ops::cors))
        .wrap(middleware::from_fn(ops::observe))
        .configure(|config| root(&mut utoipa_actix_web::service_config::ServiceConfig::new(config), None))
        // The document the docs page reads, ahead of the API scope that would answer 404.
        .route("/api/v1/openapi.json", aweb::get().to(served_spec))
        .service(
            aweb::scope("/api/v1")
                .wrap(middleware::from_fn(ops::limit_then_replay))
                .configure(|config| api_v1(&mut utoipa_actix_web::service_config::ServiceConfig::new(config), None))
                .default_service(aweb::to(api_not_found)),
        )
        // After the API: the router tries services in order, and the docs' pattern is a
        // regular expression that every API request paid for when it came first.
        // It reads the document from `served_spec`: given the document itself, it kept a copy
        // of it (400 KB) in each worker thread.
        .service(SwaggerUi::new("/api/docs/{_:.*}").config(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"])))
        .service(aweb::scope("/api").default_service(aweb::to(api_not_found)))
        .service(web::files(web_dir))
}

/// Opens the database (migrating it), loads or creates the signing key, and builds the state.
pub fn build_state(config: Config) -> Result<AppState, String> {
    build_state_with_clock(config, Arc::new(SystemClock))
}

/// `build_state` with another clock (tests move time with a `ManualClock`).
pub fn build_state_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<AppState, String> {
    let options = relais_db::PoolOptions {
        max_size: config.pool_size,
        ..Default::default()
    };
    let (pool, backend) = relais_db::connect(&config.database_url, options, true).map_err(|e| e.to_string())?;
    let mut connection = pool.get().map_err(|e| e.to_string())?;
    let key = ServerKey::get_or_create(&mut connection, JWT_KEY_PURPOSE, TokenKeys::generate_secret)
        .map_err(|e| e.to_string())?;
    drop(connection);
    let keys = TokenKeys::new(key.id, &key.secret).map_err(|e| e.to_string())?;
    let (spec, declared) = openapi_and_routes();
    Ok(AppState {
        pool,
        backend,
        keys: Arc::new(keys),
        throttle: Arc::new(SignInThrottle::new(&config)),
        limiter: Arc::new(state::RequestLimiter::default()),
        routes: Arc::new(routes::RouteTable::from_spec(&spec, &declared)),
        spec: Arc::new(routes::openapi_json(&spec)),
        write_lane: Arc::new(state::WriteLane::default()),
        metrics: Arc::new(ops::Metrics::default()),
        proxies: Arc::new(forwarded::TrustedProxies::parse(&config.trusted_proxies)?),
        passwords: Arc::new(crate::identity::passwords::PasswordGate::new(
            config.password_checks_at_once,
            config.password_check_queue,
        )),
        sessions: Arc::default(),
        config: Arc::new(config),
        clock,
    })
}

/// Starts serving on `listener`; the returned server runs until stopped.
pub fn run(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let server = HttpServer::new(move || app(state.clone())).listen(listener)?.run();
    Ok(server)
}

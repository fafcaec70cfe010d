//! `spawn_app()`: the real app on port 0 with a fresh database per test — a temp SQLite file,
//! or a new PostgreSQL database when `RELAIS_TEST_DATABASE_URL` names a server.

use diesel::connection::SimpleConnection;
use diesel::Connection;
use relais_api::config::Config;
use relais_db::organisations::Organisation;
use relais_db::DbConnection;
use relais_domain::clock::ManualClock;
use relais_domain::identity::Role;
use relais_domain::ids::{OrganisationId, Tenant};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::sync::{Arc, OnceLock};

pub const PASSWORD: &str = "a long enough test passphrase";

pub struct Person {
    pub id: String,
    pub email: String,
}

pub struct TestTenant {
    pub id: String,
    pub admin: Person,
    pub ambassador: Person,
    pub learner: Person,
}

pub struct TestApp {
    pub address: String,
    pub client: awc::Client,
    pub database_url: String,
    pub org: TestTenant,
    pub other_org: TestTenant,
    /// The app's clock: tests move it instead of sleeping.
    pub clock: Arc<ManualClock>,
    /// The running app's state (its pool, clock and configuration), for background work.
    pub state: relais_api::state::AppState,
    postgres: Option<PostgresDatabase>,
}

pub struct Response {
    pub status: u16,
    pub headers: awc::http::header::HeaderMap,
    pub body: Value,
    pub text: String,
    /// The body as sent (a file's bytes).
    pub bytes: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }
    /// The refresh token from `Set-Cookie`, if any.
    pub fn refresh_cookie(&self) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.strip_prefix("relais_refresh=")
                    .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
            })
    }
    pub fn set_cookie(&self) -> String {
        self.header("set-cookie").unwrap_or_default()
    }
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
    pub fn error_fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// One argon2 hash shared by every seeded account of the test binary: hashing is slow on
/// purpose and the tests sign in with the same password.
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| relais_api::identity::tokens::hash_password(PASSWORD).expect("hash"))
        .clone()
}

impl TestTenant {
    pub fn tenant(&self) -> Tenant {
        Tenant::new(OrganisationId::new(self.id.clone()))
    }
}

fn seed_tenant(conn: &mut DbConnection, name: &str, at: chrono::DateTime<chrono::Utc>) -> TestTenant {
    let now = relais_db::stored(at);
    use relais_api::identity::users::{create_account, NewAccount};
    use relais_domain::identity::Email;
    let organisation = Organisation {
        id: OrganisationId::generate(),
        name: name.to_owned(),
        slug: name.to_lowercase().replace(' ', "-"),
        k_threshold: 5,
        created_at: now,
    };
    organisation.insert(conn).expect("insert organisation");
    let tenant = organisation.tenant();
    let mut person = |role: Role| {
        let email = format!("{role}.{}@example.com", &relais_db::new_id()[24..]);
        let account = NewAccount {
            email: Email::parse("email", &email).expect("e-mail"),
            display_name: format!("{role} of {name}"),
            role,
            password_hash: password_hash(),
        };
        let row = create_account(conn, &tenant, None, account, at).expect("create account");
        Person {
            id: row.id.to_string(),
            email,
        }
    };
    TestTenant {
        admin: person(Role::Admin),
        ambassador: person(Role::Ambassador),
        learner: person(Role::Learner),
        id: organisation.id.to_string(),
    }
}

struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        if let Ok(mut conn) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// The database for one test: a temp SQLite file by default; with RELAIS_TEST_DATABASE_URL
/// (a PostgreSQL server URL whose role may create databases), a new database on it.
fn fresh_database() -> (String, Option<PostgresDatabase>) {
    match std::env::var("RELAIS_TEST_DATABASE_URL") {
        Ok(admin_url) if admin_url.starts_with("postgres") => {
            let name = format!("relais_test_{}", relais_db::new_id().replace('-', ""));
            let mut conn = diesel::PgConnection::establish(&admin_url).expect("connect to the PostgreSQL test server");
            conn.batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create test database");
            // The server part, and the connection options after `?` (kept for the new database).
            let (address, options) = match admin_url.split_once('?') {
                Some((address, options)) => (address, format!("?{options}")),
                None => (admin_url.as_str(), String::new()),
            };
            let base = address.rsplit_once('/').map(|(base, _)| base).unwrap_or(address);
            (
                format!("{base}/{name}{options}"),
                Some(PostgresDatabase {
                    admin_url: admin_url.clone(),
                    name,
                }),
            )
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir").keep();
            (format!("sqlite://{}", dir.join("relais.db").display()), None)
        }
    }
}

/// A free loopback port for a server started by the test.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// Polls `/readyz` of a `relais` started by the test, for up to ten seconds.
pub async fn wait_ready(client: &awc::Client, base: &str) -> bool {
    for _ in 0..200 {
        if client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .map(|r| r.status().is_success())
            .unwrap_or(false)
        {
            return true;
        }
        actix_rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

pub fn test_config(database_url: &str) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().expect("address"),
        database_url: database_url.to_owned(),
        web_dir: std::path::PathBuf::from("/nonexistent-relais-web"),
        // Each app its own files (tips' images).
        data_dir: std::env::temp_dir().join(format!("relais-test-data-{}", relais_db::new_id())),
        pool_size: 4,
        ..Config::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    init_logs();
    let (database_url, postgres) = fresh_database();
    let mut config = test_config(&database_url);
    adjust(&mut config);
    // Starts at the real time: access tokens are checked against the system clock.
    let clock = Arc::new(ManualClock::starting_at(chrono::Utc::now()));
    let state = relais_api::build_state_with_clock(config, clock.clone()).expect("build state");
    let (org, other_org) = {
        let mut conn = state.pool.get().expect("connection");
        let now = clock_now(&clock);
        (
            seed_tenant(&mut conn, "Alpha Retail", now),
            seed_tenant(&mut conn, "Beta Stores", now),
        )
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let server = relais_api::run(listener, state.clone()).expect("server");
    actix_rt::spawn(server);
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: awc::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .finish(),
        database_url,
        org,
        other_org,
        clock,
        state,
        postgres,
    }
}

fn clock_now(clock: &ManualClock) -> chrono::DateTime<chrono::Utc> {
    use relais_domain::clock::Clock;
    clock.now()
}

fn init_logs() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        if std::env::var("TEST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("info")
                .with_test_writer()
                .try_init();
        }
    });
}

impl TestApp {
    /// Runs the event consumers until they have applied every event (what the background
    /// workers do within seconds), so that dashboards see what the test just did.
    pub fn catch_up(&self) -> usize {
        relais_api::worker::catch_up(&self.state, chrono::Duration::zero()).expect("consumers catch up")
    }

    /// The app's time now.
    /// Runs every due background job now (workers are not started in tests).
    pub fn run_jobs(&self) -> usize {
        let mut ran = 0;
        while relais_api::worker::run_one_job(&self.state, "test").expect("job runs")
            != relais_api::worker::JobOutcome::Idle
        {
            ran += 1;
            assert!(ran < 1000, "jobs keep coming");
        }
        ran
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        clock_now(&self.clock)
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    pub fn connection(&self) -> DbConnection {
        relais_db::connection::ConnectionManager::new(&self.database_url)
            .establish()
            .expect("establish")
    }

    async fn finish(&self, request: awc::ClientRequest, body: Option<&Value>) -> Response {
        let sent = match body {
            Some(body) => request.send_json(body).await,
            None => request.send().await,
        };
        read(sent.expect("request sent")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.finish(self.request("GET", path, token), None).await
    }
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.finish(self.request("POST", path, token), Some(body)).await
    }
    pub async fn post_empty(&self, path: &str, token: Option<&str>) -> Response {
        self.finish(self.request("POST", path, token), None).await
    }
    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.finish(self.request("PUT", path, token), Some(body)).await
    }
    /// A PUT whose body is a file (an image), not JSON.
    pub async fn put_bytes(&self, path: &str, token: Option<&str>, content_type: &str, body: Vec<u8>) -> Response {
        let request = self
            .request("PUT", path, token)
            .insert_header(("Content-Type", content_type));
        read(request.send_body(body).await.expect("request sent")).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Response {
        self.finish(self.request("DELETE", path, token), None).await
    }
    pub async fn post_raw(&self, path: &str, token: Option<&str>, content_type: &str, body: String) -> Response {
        let request = self
            .request("POST", path, token)
            .insert_header(("content-type", content_type));
        read(request.send_body(body).await.expect("request sent")).await
    }
    pub async fn post_with_cookie(&self, path: &str, refresh_token: &str) -> Response {
        let request = self
            .request("POST", path, None)
            .insert_header(("cookie", format!("relais_refresh={refresh_token}")));
        read(request.send().await.expect("request sent")).await
    }

    pub fn request(&self, method: &str, path: &str, token: Option<&str>) -> awc::ClientRequest {
        let url = format!("{}{}", self.address, path);
        let method = awc::http::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, url);
        if let Some(token) = token {
            request = request.insert_header(("authorization", format!("Bearer {token}")));
        }
        request
    }

    /// Signs in and returns (access token, refresh token).
    pub async fn sign_in(&self, email: &str) -> (String, String) {
        let response = self
            .post(
                "/api/v1/auth/sign-in",
                None,
                &json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status, 200, "sign in {email}: {}", response.text);
        let token = response.body["access_token"].as_str().expect("access token").to_owned();
        (token, response.refresh_cookie().expect("refresh cookie"))
    }

    pub async fn token(&self, email: &str) -> String {
        self.sign_in(email).await.0
    }

    pub async fn admin(&self) -> String {
        self.token(&self.org.admin.email).await
    }
}

pub async fn read(mut response: awc::ClientResponse) -> Response {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.body().limit(4 * 1024 * 1024).await.expect("body");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response {
        status,
        headers,
        body,
        text,
        bytes: bytes.to_vec(),
    }
}

/// A valid programme body, starting today.
pub fn programme_body(title: &str) -> Value {
    let today = chrono::Utc::now().date_naive();
    json!({
        "title": title,
        "context": "tool_launch",
        "description": "Pourquoi ce programme",
        "starts_on": (today - chrono::Duration::days(10)).to_string(),
        "ends_on": (today + chrono::Duration::days(180)).to_string(),
    })
}

pub fn objective_body(need_id: &str) -> Value {
    let due = chrono::Utc::now().date_naive() + chrono::Duration::days(90);
    json!({
        "need_id": need_id,
        "title": "Plus d'apprenants actifs",
        "metric": "active_learner_rate",
        "target": 60.0,
        "due_on": due.to_string(),
    })
}

/// Creates a programme with one need and one objective; returns (programme, need, objective) ids.
pub async fn programme_with_objective(app: &TestApp, token: &str) -> (String, String, String) {
    let created = app
        .post("/api/v1/programmes", Some(token), &programme_body("Lancement appli"))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["programme"]["id"].as_str().expect("id").to_owned();
    let need = app
        .post(
            &format!("/api/v1/programmes/{id}/needs"),
            Some(token),
            &json!({"title": "Adoption faible", "evidence": "", "priority": "high"}),
        )
        .await;
    assert_eq!(need.status, 201, "{}", need.text);
    let need_id = need.body["id"].as_str().expect("need id").to_owned();
    let objective = app
        .post(
            &format!("/api/v1/programmes/{id}/objectives"),
            Some(token),
            &objective_body(&need_id),
        )
        .await;
    assert_eq!(objective.status, 201, "{}", objective.text);
    let objective_id = objective.body["id"].as_str().expect("objective id").to_owned();
    (id, need_id, objective_id)
}

/// A child process killed when dropped, so a failing test leaves none behind.
pub struct KilledOnDrop(pub std::process::Child);

impl Drop for KilledOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A `relais serve` process on the test's database, killed when dropped.
pub struct ServerProcess {
    _child: KilledOnDrop,
    pub base: String,
}

impl ServerProcess {
    /// Starts the real binary on a free port and waits until it is ready.
    pub async fn start(database_url: &str) -> ServerProcess {
        let port = free_port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_relais"))
            .args([
                "--database-url",
                database_url,
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
            ])
            .env("RUST_LOG", "error")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start relais");
        let server = ServerProcess {
            _child: KilledOnDrop(child),
            base: format!("http://127.0.0.1:{port}"),
        };
        assert!(
            wait_ready(&awc::Client::default(), &server.base).await,
            "relais did not start"
        );
        server
    }

    /// `GET path` with a bearer token; the status.
    pub async fn get_status(&self, path: &str, token: &str) -> u16 {
        awc::Client::default()
            .get(format!("{}{path}", self.base))
            .insert_header(("authorization", format!("Bearer {token}")))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    }
}

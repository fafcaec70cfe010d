//! Server configuration: one typed struct from defaults, an optional TOML file, `RELAIS_*`
//! environment variables and flags (later ones win).

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

pub const DEFAULT_BIND: &str = "127.0.0.1:8470";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/relais.db";

/// Everything `relais serve` needs. Secrets (the JWT key) are not here: they are generated
/// on first start and kept in the database.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen.
    pub bind: SocketAddr,
    /// `sqlite://path`, a file path, or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// Folder holding the built web app (`index.html`, wasm, JS).
    pub web_dir: PathBuf,
    /// Folder of the files Relais keeps besides its database (tips' images).
    pub data_dir: PathBuf,
    /// Connections per process.
    pub pool_size: u32,
    /// Largest accepted JSON body, in bytes.
    pub max_body_bytes: usize,
    /// Seconds a request body may take to arrive (408 after).
    pub body_read_timeout_seconds: u64,
    /// Failed sign-ins allowed per account and client address in the throttle window.
    pub sign_in_failures_per_account_and_address: usize,
    /// Failed sign-ins allowed per account from all addresses together, per hour.
    pub sign_in_failures_per_account: usize,
    /// Password checks (argon2, 19 MiB each) run at once; others wait in a queue.
    pub password_checks_at_once: usize,
    /// Password checks that may wait; beyond, sign-in answers 503 with `Retry-After`.
    pub password_check_queue: usize,
    /// Sign-in attempts allowed from everyone together, per minute: a budget for
    /// unauthenticated work that no number of addresses gets round.
    pub sign_in_attempts_per_minute: usize,
    /// Sign-in attempts allowed per client address in the throttle window.
    pub sign_in_attempts_per_address: usize,
    /// Throttle window, in seconds.
    pub sign_in_window_seconds: i64,
    /// API requests allowed per client address per minute (sign-in has its own, stricter rule).
    pub requests_per_minute_per_address: u32,
    /// API requests allowed per signed-in account per minute.
    pub requests_per_minute_per_account: u32,
    /// Origins allowed to call the API from a browser on another origin. Empty: none (CORS closed).
    pub cors_allowed_origins: Vec<String>,
    /// Load balancers and reverse proxies (CIDRs) whose `Forwarded` / `X-Forwarded-*` headers
    /// say the client's address and scheme. Empty: the TCP peer is the client.
    pub trusted_proxies: Vec<String>,
    /// `json` for one JSON object per line, `text` for people.
    pub log_format: LogFormat,
    /// Background workers (domain-event consumers and jobs) that `relais serve` runs beside
    /// the HTTP server; `relais worker` runs them alone. 0: none in `serve`.
    pub workers: usize,
    /// How long a worker holds a job before another may take it again (a crashed worker's).
    pub job_lease_seconds: i64,
    /// How old an event must be before consumers read it, in milliseconds: on PostgreSQL
    /// transactions may commit out of id order, and a consumer must not step past an event
    /// that is about to be committed.
    pub events_settle_ms: i64,
    /// Requests slower than this many milliseconds are logged at the default level.
    pub slow_request_ms: u64,
    /// The SMTP relay that sends e-mail (invitation links): `smtp://host[:port]`, plain SMTP
    /// to a relay of the local network (no TLS or authentication here). None: no e-mail,
    /// and the screens show links for the admin to pass on.
    pub smtp_url: Option<String>,
    /// The sender of e-mail.
    pub mail_from: String,
    /// The address people reach Relais at (`https://relais.example.com`), for links in
    /// e-mail. None: the address the request came to.
    pub public_url: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: DEFAULT_BIND
                .parse()
                .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8470))),
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            web_dir: PathBuf::from("frontend/dist"),
            data_dir: PathBuf::from("data"),
            pool_size: 8,
            max_body_bytes: 64 * 1024,
            body_read_timeout_seconds: 10,
            sign_in_failures_per_account_and_address: 5,
            sign_in_failures_per_account: 100,
            sign_in_attempts_per_minute: 600,
            password_checks_at_once: std::thread::available_parallelism().map_or(2, |n| n.get()),
            password_check_queue: 64,
            sign_in_attempts_per_address: 30,
            sign_in_window_seconds: 15 * 60,
            requests_per_minute_per_address: 1200,
            requests_per_minute_per_account: 600,
            cors_allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
            log_format: LogFormat::Text,
            workers: 2,
            job_lease_seconds: 300,
            events_settle_ms: 2000,
            slow_request_ms: 1000,
            smtp_url: None,
            mail_from: "relais@localhost".to_owned(),
            public_url: None,
        }
    }
}

/// The optional TOML file: any subset of the fields.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub bind: Option<SocketAddr>,
    pub database_url: Option<String>,
    pub web_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub pool_size: Option<u32>,
    pub max_body_bytes: Option<usize>,
    pub body_read_timeout_seconds: Option<u64>,
    pub sign_in_failures_per_account_and_address: Option<usize>,
    pub sign_in_failures_per_account: Option<usize>,
    pub sign_in_attempts_per_minute: Option<usize>,
    pub password_checks_at_once: Option<usize>,
    pub password_check_queue: Option<usize>,
    pub sign_in_attempts_per_address: Option<usize>,
    pub sign_in_window_seconds: Option<i64>,
    pub requests_per_minute_per_address: Option<u32>,
    pub requests_per_minute_per_account: Option<u32>,
    pub cors_allowed_origins: Option<Vec<String>>,
    pub trusted_proxies: Option<Vec<String>>,
    pub log_format: Option<LogFormat>,
    pub workers: Option<usize>,
    pub job_lease_seconds: Option<i64>,
    pub events_settle_ms: Option<i64>,
    pub slow_request_ms: Option<u64>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub public_url: Option<String>,
}

impl FileConfig {
    pub fn load(path: &std::path::Path) -> Result<FileConfig, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("invalid configuration file {}: {e}", path.display()))
    }

    pub fn apply(self, config: &mut Config) {
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(value) = self.$field { config.$field = value; } )* };
        }
        take!(
            bind,
            database_url,
            web_dir,
            data_dir,
            pool_size,
            max_body_bytes,
            body_read_timeout_seconds,
            sign_in_failures_per_account_and_address,
            sign_in_failures_per_account,
            sign_in_attempts_per_minute,
            password_checks_at_once,
            password_check_queue,
            sign_in_attempts_per_address,
            sign_in_window_seconds,
            requests_per_minute_per_address,
            requests_per_minute_per_account,
            cors_allowed_origins,
            trusted_proxies,
            log_format,
            workers,
            job_lease_seconds,
            events_settle_ms,
            slow_request_ms,
            mail_from
        );
        if self.smtp_url.is_some() {
            config.smtp_url = self.smtp_url;
        }
        if self.public_url.is_some() {
            config.public_url = self.public_url;
        }
    }
}

impl Config {
    /// The SMTP relay, when e-mail is configured; an error for a malformed setting.
    pub fn mail_relay(&self) -> Result<Option<crate::mail::Relay>, String> {
        self.smtp_url
            .as_deref()
            .map(|url| crate::mail::Relay::parse(url, &self.mail_from))
            .transpose()
    }
}

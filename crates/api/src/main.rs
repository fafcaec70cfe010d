//! The `relais` binary: serve, migrate, demo, openapi, admin.

use clap::{Parser, Subcommand};
use relais_api::config::{Config, FileConfig, LogFormat};
use relais_api::errors::ApiError;
use relais_api::identity::tokens::hash_password;
use relais_api::identity::users::{create_account, NewAccount};
use relais_db::identity::UserRow;
use relais_db::organisations::Organisation;
use relais_domain::clock::{Clock, SystemClock};
use relais_domain::identity::{check_new_password, Email, Role};
use relais_domain::ids::OrganisationId;
use relais_domain::text::{DisplayName, OrganisationName};
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "relais",
    version,
    about = "Relais: training ambassadors for your organisation"
)]
struct Cli {
    /// TOML configuration file (any subset of the settings).
    #[arg(long, global = true, env = "RELAIS_CONFIG")]
    config: Option<PathBuf>,
    /// `sqlite://path`, a file path, or `postgres://…` [default: sqlite://data/relais.db]
    #[arg(long, global = true, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// `text` or `json` logs on standard error.
    #[arg(long, global = true, env = "RELAIS_LOG_FORMAT")]
    log_format: Option<LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API and the web app.
    Serve {
        /// Address to listen on [default: 127.0.0.1:8470].
        #[arg(long, env = "RELAIS_BIND")]
        bind: Option<SocketAddr>,
        /// Folder of the built web app [default: frontend/dist].
        #[arg(long, env = "RELAIS_WEB_DIR")]
        web_dir: Option<PathBuf>,
        /// Database connections per process [default: 8].
        #[arg(long, env = "RELAIS_POOL_SIZE")]
        pool_size: Option<u32>,
        /// Load the demo organisation first if it is not there.
        #[arg(long)]
        demo: bool,
        /// Benchmarks only: also serve a bare actix-web JSON handler (no middleware, no
        /// database) at this address, `GET /bench/bare`, as the baseline of `make bench`.
        #[arg(long)]
        bench_baseline_bind: Option<SocketAddr>,
    },
    /// Run background workers (event consumers and jobs) without the HTTP server.
    Worker {
        /// Worker threads in this process [default: the `workers` setting, at least 1].
        #[arg(long, env = "RELAIS_WORKERS")]
        workers: Option<usize>,
        /// Seconds a job is held before another worker may take it again.
        #[arg(long, env = "RELAIS_JOB_LEASE_SECONDS")]
        job_lease_seconds: Option<i64>,
    },
    /// Domain-event consumers.
    Events {
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// Apply pending migrations and exit.
    Migrate,
    /// Load the demo organisation (idempotent) and print its sign-ins.
    Demo,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Benchmark data and raw baselines (`make bench`).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
}

#[derive(Subcommand)]
enum EventsCommand {
    /// Replay a consumer from the first event (its derived data is rebuilt).
    Replay {
        /// The consumer's name (`rollups`).
        #[arg(long)]
        consumer: String,
    },
    /// Bring every consumer up to the last event at once (after a bulk load).
    Rebuild,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Create the large benchmark organisation (idempotent).
    Seed {
        #[arg(long, default_value_t = 50_000)]
        people: usize,
        #[arg(long, default_value_t = 5_000_000)]
        events: usize,
        #[arg(long, default_value_t = 20)]
        programmes: usize,
    },
    /// Time an HR file import of that many people into a new organisation (C1).
    Import {
        #[arg(long, default_value_t = 50_000)]
        rows: usize,
    },
    /// Time the tip search over that many published tips of a new organisation (V1).
    Tips {
        #[arg(long, default_value_t = 100_000)]
        count: usize,
    },
    /// Time the hand-written dashboard aggregate and single-row write transactions.
    Sql {
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Give an account a new password (read from RELAIS_ADMIN_PASSWORD, or generated and
    /// printed once) and reactivate it; its sessions end.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
    /// Make an account an active admin of its organisation (recovery when no admin can sign in).
    Promote {
        #[arg(long)]
        email: String,
    },
    /// Create a new organisation with its first admin. The password is read from
    /// RELAIS_ADMIN_PASSWORD, or generated and printed once.
    Create {
        #[arg(long)]
        email: String,
        /// The organisation's name.
        #[arg(long)]
        org: String,
        /// The admin's display name.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("relais: {message}");
            ExitCode::FAILURE
        }
    }
}

fn load_config(cli: &Cli) -> Result<Config, String> {
    let mut config = Config::default();
    if let Some(path) = &cli.config {
        FileConfig::load(path)?.apply(&mut config);
    }
    if let Ok(url) = std::env::var("RELAIS_DATABASE_URL") {
        config.database_url = url;
    }
    if let Ok(url) = std::env::var("RELAIS_SMTP_URL") {
        config.smtp_url = Some(url);
    }
    if let Ok(from) = std::env::var("RELAIS_MAIL_FROM") {
        config.mail_from = from;
    }
    if let Ok(url) = std::env::var("RELAIS_PUBLIC_URL") {
        config.public_url = Some(url);
    }
    // A malformed mail setting stops the start, rather than failing every e-mail later.
    config.mail_relay()?;
    if let Some(url) = &cli.database_url {
        config.database_url = url.clone();
    }
    if let Some(format) = cli.log_format {
        config.log_format = format;
    }
    Ok(config)
}

fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    // Colour codes only for a person at a terminal, never into a file or a collector.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).init(),
        LogFormat::Text => builder.compact().init(),
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let mut config = load_config(&cli)?;
    init_logs(config.log_format);
    match cli.command {
        Command::Serve {
            bind,
            web_dir,
            pool_size,
            demo,
            bench_baseline_bind,
        } => {
            if let Some(bind) = bind {
                config.bind = bind;
            }
            if let Some(web_dir) = web_dir {
                config.web_dir = web_dir;
            }
            if let Some(pool_size) = pool_size {
                config.pool_size = pool_size;
            }
            serve(config, demo, bench_baseline_bind)
        }
        Command::Worker {
            workers,
            job_lease_seconds,
        } => {
            if let Some(seconds) = job_lease_seconds {
                config.job_lease_seconds = seconds;
            }
            let count = workers.unwrap_or(config.workers).max(1);
            let state = relais_api::build_state(config)?;
            relais_api::worker::spawn(&state, count).map_err(|e| e.to_string())?;
            println!("Relais workers running ({count}).");
            loop {
                std::thread::park();
            }
        }
        Command::Events { command } => {
            let state = relais_api::build_state(config)?;
            match command {
                EventsCommand::Replay { consumer } => {
                    let found = relais_api::worker::CONSUMERS
                        .iter()
                        .find(|c| c.name() == consumer)
                        .ok_or_else(|| format!("no consumer named {consumer}"))?;
                    let applied = relais_api::worker::replay(&state, *found).map_err(|e| e.to_string())?;
                    println!("{consumer}: replayed {applied} events.");
                }
                EventsCommand::Rebuild => {
                    relais_api::worker::rebuild_all(&state).map_err(|e| e.to_string())?;
                    println!("Every consumer is up to the last event.");
                }
            }
            Ok(())
        }
        Command::Migrate => {
            relais_db::connect(&config.database_url, relais_db::PoolOptions::default(), true)
                .map_err(|e| e.to_string())?;
            println!("Migrations applied.");
            Ok(())
        }
        Command::Demo => {
            load_demo(&relais_api::build_state(config)?)?;
            Ok(())
        }
        Command::Openapi => {
            let spec = serde_json::to_string_pretty(&relais_api::openapi_document()).map_err(|e| e.to_string())?;
            println!("{spec}");
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Create { email, org, name },
        } => create_admin(&config, &email, &org, &name),
        Command::Admin {
            command: AdminCommand::ResetPassword { email },
        } => recover(&config, &email, true, false),
        Command::Admin {
            command: AdminCommand::Promote { email },
        } => recover(&config, &email, false, true),
        Command::Bench { command } => {
            let state = relais_api::build_state(config)?;
            let mut connection = state.pool.get().map_err(|e| e.to_string())?;
            match command {
                BenchCommand::Seed {
                    people,
                    events,
                    programmes,
                } => relais_api::bench::seed(&mut connection, people, events, programmes, SystemClock.now())
                    .and_then(|()| relais_api::worker::rebuild_all(&state)),
                BenchCommand::Import { rows } => relais_api::bench::import(&mut connection, rows, SystemClock.now()),
                BenchCommand::Tips { count } => relais_api::bench::tips(&mut connection, count, SystemClock.now()),
                BenchCommand::Sql { rounds } => {
                    relais_api::bench::raw_baselines(&mut connection, rounds, SystemClock.now())
                }
            }
            .map_err(|e| e.to_string())
        }
    }
}

/// Loads the demo and brings the roll-ups up to it, so its dashboards are complete at once.
fn load_demo(state: &relais_api::state::AppState) -> Result<(), String> {
    let mut connection = state.pool.get().map_err(|e| e.to_string())?;
    let created = relais_api::demo::load(&mut connection, state.now()).map_err(|e| format!("demo: {e:?}"))?;
    drop(connection);
    if created {
        relais_api::worker::rebuild_all(state).map_err(|e| format!("demo: {e}"))?;
    }
    println!(
        "{}",
        if created {
            "Demo organisation loaded."
        } else {
            "Demo organisation already present."
        }
    );
    println!("{}", relais_api::demo::sign_ins());
    Ok(())
}

fn serve(config: Config, demo: bool, bench_baseline_bind: Option<SocketAddr>) -> Result<(), String> {
    let listener = TcpListener::bind(config.bind).map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let workers = config.workers;
    let state = relais_api::build_state(config)?;
    if demo {
        load_demo(&state)?;
    }
    relais_api::worker::spawn(&state, workers).map_err(|e| e.to_string())?;
    println!("Relais is running at http://{address}/  (API docs: http://{address}/api/docs/)");
    actix_web::rt::System::new().block_on(async move {
        if let Some(address) = bench_baseline_bind {
            let baseline = actix_web::HttpServer::new(|| {
                actix_web::App::new().route(
                    "/bench/bare",
                    actix_web::web::get()
                        .to(|| async { actix_web::HttpResponse::Ok().json(serde_json::json!({"status": "ok"})) }),
                )
            })
            .bind(address)
            .map_err(|e| format!("cannot listen on {address}: {e}"))?
            .run();
            println!("bench baseline at http://{address}/bench/bare");
            actix_web::rt::spawn(baseline);
        }
        let server = relais_api::run(listener, state).map_err(|e| e.to_string())?;
        server.await.map_err(|e| e.to_string())
    })
}

fn slug_of(name: &str) -> String {
    let slug: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        relais_db::new_id()
    } else {
        slug
    }
}

/// `relais admin reset-password` and `relais admin promote`.
fn recover(config: &Config, email: &str, new_password: bool, promote: bool) -> Result<(), String> {
    let email = Email::parse("email", email).map_err(|e| e.message)?;
    let password = if new_password { Some(admin_password()?) } else { None };
    let hash = match &password {
        Some((password, _)) => Some(hash_password(password).map_err(|e| e.to_string())?),
        None => None,
    };
    let (pool, _) =
        relais_db::connect(&config.database_url, relais_db::PoolOptions::default(), true).map_err(|e| e.to_string())?;
    let mut connection = pool.get().map_err(|e| e.to_string())?;
    let account = relais_db::write_transaction(&mut connection, |conn| {
        relais_api::identity::users::recover_account(conn, &email, hash.as_deref(), promote, SystemClock.now())
    })
    .map_err(|e| match e {
        ApiError::NotFound => format!("no account uses {}", email.as_str()),
        other => other.to_string(),
    })?;
    println!("{} is active, {}.", account.email, account.role);
    if let Some((password, true)) = password {
        println!("Password (shown once): {password}");
    }
    Ok(())
}

/// The password for a command: RELAIS_ADMIN_PASSWORD, or a generated one (and true).
fn admin_password() -> Result<(String, bool), String> {
    let (password, generated) = match std::env::var("RELAIS_ADMIN_PASSWORD") {
        Ok(password) => (password, false),
        Err(_) => (relais_api::identity::tokens::new_refresh_token().0, true),
    };
    check_new_password("RELAIS_ADMIN_PASSWORD", &password).map_err(|e| e.message)?;
    Ok((password, generated))
}

fn create_admin(config: &Config, email: &str, org: &str, name: &str) -> Result<(), String> {
    let email = Email::parse("email", email).map_err(|e| e.message)?;
    let org_name = OrganisationName::from(org).check("org").map_err(|e| e.message)?;
    let display_name = DisplayName::from(name).check("name").map_err(|e| e.message)?;
    let (password, generated) = admin_password()?;
    let hash = hash_password(&password).map_err(|e| e.to_string())?;
    let (pool, _) =
        relais_db::connect(&config.database_url, relais_db::PoolOptions::default(), true).map_err(|e| e.to_string())?;
    let mut connection = pool.get().map_err(|e| e.to_string())?;
    let slug = slug_of(&org_name);
    relais_db::write_transaction(&mut connection, |conn| {
        if Organisation::find_by_slug(conn, &slug)?.is_some() {
            return Err(ApiError::conflict(
                "organisation_exists",
                format!("an organisation named {slug} already exists"),
            ));
        }
        if UserRow::find_by_email(conn, email.as_str())?.is_some() {
            return Err(ApiError::conflict(
                "email_taken",
                format!("an account already uses {}", email.as_str()),
            ));
        }
        let now = SystemClock.now();
        let organisation = Organisation {
            id: OrganisationId::generate(),
            name: org_name.clone(),
            slug: slug.clone(),
            k_threshold: relais_domain::analytics::MIN_K as i32,
            created_at: relais_db::stored(now),
        };
        organisation.insert(conn)?;
        let account = NewAccount {
            email: email.clone(),
            display_name,
            role: Role::Admin,
            password_hash: hash,
        };
        create_account(conn, &organisation.tenant(), None, account, now)?;
        Ok(())
    })
    .map_err(|e: ApiError| e.to_string())?;
    println!("Organisation « {org_name} » created with admin {}.", email.as_str());
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}

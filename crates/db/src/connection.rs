//! Connections, pooling, pragmas and migrations for both backends.

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{ManageConnection, Pool};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

/// One connection type for both backends; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` or `postgresql://` selects PostgreSQL; anything else is a SQLite file
    /// (with or without a `sqlite://` prefix).
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot connect to the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("no database connection available: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
}

/// Opens connections for the URL's backend. SQLite connections get their pragmas here so
/// that every pooled connection has them.
#[derive(Clone, Debug)]
pub struct ConnectionManager {
    url: String,
    backend: Backend,
}

/// SQLite settings applied to every connection:
/// - WAL lets readers run beside the single writer;
/// - `synchronous = FULL` fsyncs the WAL at each commit, so an acknowledged write survives
///   a crash of the process *and* of the machine (NORMAL would only survive the process);
/// - `busy_timeout` makes a second writer wait instead of failing;
/// - foreign keys are off by default in SQLite.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";

impl ConnectionManager {
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            backend: Backend::from_url(url),
        }
    }

    fn sqlite_path(&self) -> &str {
        self.url.strip_prefix("sqlite://").unwrap_or(&self.url)
    }

    /// Establishes the concrete connection so that a refused connection says why.
    pub fn establish(&self) -> Result<DbConnection, DbError> {
        match self.backend {
            Backend::Postgres => Ok(DbConnection::Postgresql(PgConnection::establish(&self.url)?)),
            Backend::Sqlite => {
                let mut connection = SqliteConnection::establish(self.sqlite_path())?;
                connection.batch_execute(SQLITE_PRAGMAS)?;
                Ok(DbConnection::Sqlite(connection))
            }
        }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        self.establish().map_err(|error| match error {
            DbError::Connection(e) => diesel::r2d2::Error::ConnectionError(e),
            DbError::Query(e) => diesel::r2d2::Error::QueryError(e),
            other => diesel::r2d2::Error::ConnectionError(diesel::ConnectionError::BadConnection(other.to_string())),
        })
    }

    /// Checked when taken from the pool. A PostgreSQL connection can be cut by the network or
    /// the server; an SQLite one is a file handle in this process, and the check (a `SELECT 1`
    /// parsed afresh each time) cost every request more than it could ever find.
    fn is_valid(&self, connection: &mut DbConnection) -> Result<(), Self::Error> {
        match connection {
            DbConnection::Sqlite(_) => Ok(()),
            DbConnection::Postgresql(_) => connection
                .batch_execute("SELECT 1")
                .map_err(diesel::r2d2::Error::QueryError),
        }
    }

    fn has_broken(&self, _connection: &mut DbConnection) -> bool {
        false
    }
}

pub type DbPool = Pool<ConnectionManager>;
pub type PooledConnection = diesel::r2d2::PooledConnection<ConnectionManager>;

#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    pub max_size: u32,
    pub connection_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 8,
            connection_timeout: Duration::from_secs(10),
        }
    }
}

/// Opens a pool on the URL, creating the SQLite file's folder, and applies pending
/// migrations when `migrate` is set.
pub fn connect(url: &str, options: PoolOptions, migrate: bool) -> Result<(DbPool, Backend), DbError> {
    let manager = ConnectionManager::new(url);
    if manager.backend == Backend::Sqlite {
        if let Some(folder) = std::path::Path::new(manager.sqlite_path()).parent() {
            if !folder.as_os_str().is_empty() {
                std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
                    path: folder.display().to_string(),
                    source,
                })?;
            }
        }
    }
    // Fail fast with the real reason before the pool hides it behind a timeout.
    let mut first = manager.establish()?;
    if migrate {
        run_migrations(&mut first)?;
    }
    drop(first);
    let backend = manager.backend;
    let pool = Pool::builder()
        .max_size(options.max_size)
        .connection_timeout(options.connection_timeout)
        .build(manager)?;
    Ok((pool, backend))
}

pub fn run_migrations(connection: &mut DbConnection) -> Result<(), DbError> {
    let result = match connection {
        DbConnection::Postgresql(pg) => pg.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        DbConnection::Sqlite(sqlite) => sqlite.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Migration(e.to_string()))
}

pub fn revert_all_migrations(connection: &mut DbConnection) -> Result<(), DbError> {
    let result = match connection {
        DbConnection::Postgresql(pg) => pg.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        DbConnection::Sqlite(sqlite) => sqlite.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Migration(e.to_string()))
}

/// Runs `work` in one transaction. On SQLite the transaction takes the write lock at its
/// start (`BEGIN IMMEDIATE`): a deferred transaction that reads then writes would fail at
/// once with SQLITE_BUSY when another writer got there first, instead of waiting.
pub fn write_transaction<T, E>(
    connection: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let DbConnection::Sqlite(sqlite) = connection else {
        return connection.transaction(work);
    };
    // Through diesel's transaction manager, so that nested transactions (diesel's own batch
    // inserts on SQLite open one) become savepoints.
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    let result = work(connection);
    let DbConnection::Sqlite(sqlite) = connection else {
        return Err(diesel::result::Error::BrokenTransactionManager.into());
    };
    match result {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(sqlite)?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = AnsiTransactionManager::rollback_transaction(sqlite) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(error)
        }
    }
}

/// A new time-ordered id: UUIDv7 text sorts by creation, which cursor pagination relies on.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A moment as stored: UTC without zone, to the microsecond (PostgreSQL's precision).
pub fn stored(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    relais_domain::clock::truncate_to_micros(at).naive_utc()
}

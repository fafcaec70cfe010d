//! Relais storage: one diesel connection type over SQLite (embedded default) and PostgreSQL,
//! a pool, embedded migrations, and the queries of each product context.

pub mod analytics;
pub mod candidates;
pub mod connection;
pub mod contests;
pub mod directory;
pub mod events;
pub mod idempotency;
pub mod identity;
pub mod jobs;
pub mod keys;
pub mod metrics;
pub mod modules;
pub mod organisations;
pub mod programmes;
pub mod recognition;
pub mod schema;
pub mod security;
pub mod times;
pub mod tips;

pub use connection::{connect, new_id, stored, write_transaction, Backend, DbConnection, DbError, DbPool, PoolOptions};
pub use diesel::result::Error as QueryError;
pub type QueryResult<T> = Result<T, diesel::result::Error>;

/// Runs `insert` as INSERT … ON CONFLICT DO NOTHING on either backend and gives the number
/// of rows written (0: the row was there). The shared backend type cannot build it, so each
/// arm runs the same statement on its concrete connection; and unlike a raised unique
/// violation, it leaves a PostgreSQL transaction usable.
#[macro_export]
macro_rules! insert_or_ignore {
    ($conn:expr, $insert:expr) => {
        match $conn {
            $crate::DbConnection::Postgresql(pg) => $insert.on_conflict_do_nothing().execute(pg),
            $crate::DbConnection::Sqlite(sqlite) => $insert.on_conflict_do_nothing().execute(sqlite),
        }
    };
}

/// Raw SQL is written with PostgreSQL's `$1` parameters; SQLite numbers them `?1`.
pub fn numbered_parameters(conn: &DbConnection, sql: &str) -> String {
    match conn {
        DbConnection::Sqlite(_) => sql.replace('$', "?"),
        DbConnection::Postgresql(_) => sql.to_owned(),
    }
}

/// True when a write failed on a UNIQUE constraint (mapped to 409 in one place: the API's
/// error conversion).
pub fn is_unique_violation(error: &diesel::result::Error) -> bool {
    matches!(
        error,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

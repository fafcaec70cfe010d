//! Server secrets (the JWT signing key), generated once and shared by every process.

use crate::schema::server_keys;
use crate::{write_transaction, DbConnection, QueryResult};
use diesel::prelude::*;

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = server_keys)]
pub struct ServerKey {
    pub id: String,
    pub purpose: String,
    pub secret: String,
    pub created_at: chrono::NaiveDateTime,
}

impl std::fmt::Debug for ServerKey {
    // The secret never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerKey")
            .field("id", &self.id)
            .field("purpose", &self.purpose)
            .finish_non_exhaustive()
    }
}

impl ServerKey {
    /// The newest key for `purpose`, created with `generate` if there is none (stamped with
    /// the wall clock: a key belongs to the installation, not to any organisation's time).
    /// Runs in a write transaction so two processes starting together agree on one key.
    pub fn get_or_create(
        conn: &mut DbConnection,
        purpose: &str,
        generate: impl FnOnce() -> String,
    ) -> QueryResult<ServerKey> {
        write_transaction(conn, |conn| {
            if let Some(key) = Self::newest(conn, purpose)? {
                return Ok(key);
            }
            let key = ServerKey {
                id: crate::new_id(),
                purpose: purpose.to_owned(),
                secret: generate(),
                created_at: crate::stored(chrono::Utc::now()),
            };
            diesel::insert_into(server_keys::table).values(&key).execute(conn)?;
            Ok(key)
        })
    }

    fn newest(conn: &mut DbConnection, purpose: &str) -> QueryResult<Option<ServerKey>> {
        server_keys::table
            .filter(server_keys::purpose.eq(purpose))
            .order((server_keys::created_at.desc(), server_keys::id.desc()))
            .select(ServerKey::as_select())
            .first(conn)
            .optional()
    }
}

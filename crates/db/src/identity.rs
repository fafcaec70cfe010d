//! People with accounts, their sessions and rotating refresh tokens.

use crate::schema::{refresh_tokens, sessions, users};
use crate::{DbConnection, QueryResult};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use relais_domain::identity::{Role, User};
use relais_domain::ids::UserId;

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub organisation_id: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub active: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl std::fmt::Debug for UserRow {
    // The password hash never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl UserRow {
    pub fn role(&self) -> Role {
        // The CHECK constraint admits only known roles; an unknown one gets the least power.
        Role::parse(&self.role).unwrap_or(Role::Learner)
    }

    pub fn is_active(&self) -> bool {
        self.active == 1
    }

    pub fn to_user(&self) -> User {
        User {
            id: UserId::new(self.id.clone()),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
            active: self.is_active(),
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(users::table).values(self).execute(conn).map(|_| ())
    }

    /// Many rows at once (demo and benchmark data): multi-row inserts do not compile through
    /// the shared backend, so each arm runs the same statement on its own connection.
    pub fn insert_many(conn: &mut DbConnection, rows: &[UserRow]) -> QueryResult<()> {
        for chunk in rows.chunks(500) {
            match conn {
                DbConnection::Postgresql(pg) => diesel::insert_into(users::table).values(chunk).execute(pg)?,
                DbConnection::Sqlite(sqlite) => diesel::insert_into(users::table).values(chunk).execute(sqlite)?,
            };
        }
        Ok(())
    }

    pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
        users::table
            .filter(users::email.eq(email))
            .select(UserRow::as_select())
            .first(conn)
            .optional()
    }

    /// A user of `organisation_id`; another tenant's id finds nothing.
    pub fn find(conn: &mut DbConnection, organisation_id: &str, id: &str) -> QueryResult<Option<UserRow>> {
        users::table
            .filter(users::organisation_id.eq(organisation_id))
            .filter(users::id.eq(id))
            .select(UserRow::as_select())
            .first(conn)
            .optional()
    }

    /// Newest first, `limit` rows strictly older than `after`.
    pub fn list(
        conn: &mut DbConnection,
        organisation_id: &str,
        after: Option<&str>,
        limit: i64,
    ) -> QueryResult<Vec<UserRow>> {
        let mut query = users::table
            .filter(users::organisation_id.eq(organisation_id))
            .select(UserRow::as_select())
            .order(users::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(users::id.lt(after.to_owned()));
        }
        query.load(conn)
    }

    pub fn set_active(conn: &mut DbConnection, organisation_id: &str, id: &str, active: bool) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::organisation_id.eq(organisation_id))
                .filter(users::id.eq(id)),
        )
        .set((users::active.eq(i32::from(active)), users::updated_at.eq(crate::now())))
        .execute(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub organisation_id: String,
    pub user_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_reason: Option<String>,
}

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub session_id: String,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

impl SessionRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(sessions::table)
            .values(self)
            .execute(conn)
            .map(|_| ())
    }

    /// The session and its user, whatever their state; the caller decides what is valid.
    pub fn find_with_user(conn: &mut DbConnection, session_id: &str) -> QueryResult<Option<(SessionRow, UserRow)>> {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(session_id))
            .select((SessionRow::as_select(), UserRow::as_select()))
            .first(conn)
            .optional()
    }

    pub fn is_live(&self, now: NaiveDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }

    pub fn revoke(conn: &mut DbConnection, session_id: &str, reason: &str) -> QueryResult<usize> {
        diesel::update(
            sessions::table
                .filter(sessions::id.eq(session_id))
                .filter(sessions::revoked_at.is_null()),
        )
        .set((
            sessions::revoked_at.eq(crate::now()),
            sessions::revoked_reason.eq(reason),
        ))
        .execute(conn)
    }

    /// Ends every session of a person (deactivation, password change).
    pub fn revoke_all_of_user(conn: &mut DbConnection, user_id: &str, reason: &str) -> QueryResult<usize> {
        diesel::update(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::revoked_at.is_null()),
        )
        .set((
            sessions::revoked_at.eq(crate::now()),
            sessions::revoked_reason.eq(reason),
        ))
        .execute(conn)
    }

    pub fn touch(conn: &mut DbConnection, session_id: &str) -> QueryResult<usize> {
        diesel::update(sessions::table.filter(sessions::id.eq(session_id)))
            .set(sessions::last_used_at.eq(crate::now()))
            .execute(conn)
    }
}

impl RefreshTokenRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(refresh_tokens::table)
            .values(self)
            .execute(conn)
            .map(|_| ())
    }

    pub fn find_by_hash(conn: &mut DbConnection, token_hash: &str) -> QueryResult<Option<RefreshTokenRow>> {
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .select(RefreshTokenRow::as_select())
            .first(conn)
            .optional()
    }

    /// Marks the token spent. Returns 0 when another request spent it first, which the
    /// caller treats as re-use.
    pub fn mark_used(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::id.eq(id))
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(crate::now()))
        .execute(conn)
    }
}

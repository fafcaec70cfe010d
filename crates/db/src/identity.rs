//! People with accounts, their sessions and rotating refresh tokens.

use crate::schema::{account_invitations, refresh_tokens, sessions, users};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::identity::{Role, User};
use relais_domain::ids::{OrganisationId, SessionId, Tenant, UserId};

#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: UserId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub organisation_id: OrganisationId,
    pub email: String,
    pub display_name: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub role: Role,
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
    pub fn tenant(&self) -> Tenant {
        Tenant::new(self.organisation_id.clone())
    }

    pub fn is_active(&self) -> bool {
        self.active == 1
    }

    pub fn to_user(&self) -> User {
        User {
            id: self.id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            active: self.is_active(),
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(users::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    /// Many rows at once (demo and benchmark data): multi-row inserts do not compile through
    /// the shared backend, so each arm runs the same statement on its own connection.
    pub fn insert_many(conn: &mut DbConnection, rows: &[UserRow]) -> QueryResult<()> {
        for chunk in rows.chunks(500) {
            match conn {
                DbConnection::Postgresql(pg) => diesel::insert_into(users::table).values(chunk.to_vec()).execute(pg)?,
                DbConnection::Sqlite(sqlite) => diesel::insert_into(users::table)
                    .values(chunk.to_vec())
                    .execute(sqlite)?,
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

    /// A user of the tenant; another tenant's id finds nothing.
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &UserId) -> QueryResult<Option<UserRow>> {
        users::table
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::id.eq(id.as_str()))
            .select(UserRow::as_select())
            .first(conn)
            .optional()
    }

    /// Newest first, `limit` rows strictly older than `after`.
    /// Changes a person's name and role.
    pub fn update_profile(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &UserId,
        display_name: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::organisation_id.eq(tenant.as_str()))
                .filter(users::id.eq(id.as_str())),
        )
        .set((
            users::display_name.eq(display_name),
            users::role.eq(role.as_str()),
            users::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    /// Gives the account its password (through an invitation link).
    pub fn set_password_hash(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &UserId,
        hash: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::organisation_id.eq(tenant.as_str()))
                .filter(users::id.eq(id.as_str())),
        )
        .set((users::password_hash.eq(hash), users::updated_at.eq(stored(now))))
        .execute(conn)
    }

    /// Active admins of the tenant.
    pub fn active_admins(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<i64> {
        users::table
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::role.eq(Role::Admin.as_str()))
            .filter(users::active.eq(1))
            .count()
            .get_result(conn)
    }

    /// Gives the account a new password hash and makes it an active admin if `promote`.
    pub fn recover(
        conn: &mut DbConnection,
        id: &UserId,
        password_hash: Option<&str>,
        promote: bool,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        let target = users::table.filter(users::id.eq(id.as_str()));
        let mut changed = diesel::update(target)
            .set((users::active.eq(1), users::updated_at.eq(stored(now))))
            .execute(conn)?;
        if let Some(hash) = password_hash {
            changed = diesel::update(target)
                .set(users::password_hash.eq(hash))
                .execute(conn)?;
        }
        if promote {
            changed = diesel::update(target)
                .set(users::role.eq(Role::Admin.as_str()))
                .execute(conn)?;
        }
        Ok(changed)
    }

    pub fn set_active(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &UserId,
        active: bool,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            users::table
                .filter(users::organisation_id.eq(tenant.as_str()))
                .filter(users::id.eq(id.as_str())),
        )
        .set((users::active.eq(i32::from(active)), users::updated_at.eq(stored(now))))
        .execute(conn)
    }
}

diesel::define_sql_function! {
    /// SQL `lower`, on both backends.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// A `LIKE` pattern that finds `search` literally anywhere, case ignored (compared with
/// `lower(column)`): `%`, `_` and the escape itself are escaped (use `.escape('\\')`).
pub(crate) fn like_pattern(search: &str) -> String {
    let escaped = search
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The people list's filters (Lemmy's `…Query` pattern): newest first.
#[derive(Clone, Debug)]
pub struct UserQuery<'a> {
    pub tenant: &'a Tenant,
    /// Part of a name or e-mail, case ignored.
    pub search: Option<&'a str>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    pub after: Option<&'a UserId>,
    pub limit: i64,
}

impl UserQuery<'_> {
    pub fn list(&self, conn: &mut DbConnection) -> QueryResult<Vec<UserRow>> {
        let mut query = users::table
            .filter(users::organisation_id.eq(self.tenant.as_str().to_owned()))
            .select(UserRow::as_select())
            .order(users::id.desc())
            .limit(self.limit)
            .into_boxed();
        if let Some(search) = self.search {
            let pattern = like_pattern(search);
            query = query.filter(
                lower(users::display_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::email).like(pattern).escape('\\')),
            );
        }
        if let Some(role) = self.role {
            query = query.filter(users::role.eq(role.as_str()));
        }
        if let Some(active) = self.active {
            query = query.filter(users::active.eq(i32::from(active)));
        }
        if let Some(after) = self.after {
            query = query.filter(users::id.lt(after.as_str().to_owned()));
        }
        query.load(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: SessionId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub organisation_id: OrganisationId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub user_id: UserId,
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
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub session_id: SessionId,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

impl SessionRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(sessions::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    /// The session and its user, whatever their state; the caller decides what is valid.
    pub fn find_with_user(
        conn: &mut DbConnection,
        session_id: &SessionId,
    ) -> QueryResult<Option<(SessionRow, UserRow)>> {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(session_id.as_str()))
            .select((SessionRow::as_select(), UserRow::as_select()))
            .first(conn)
            .optional()
    }

    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > stored(now)
    }

    pub fn revoke(
        conn: &mut DbConnection,
        session_id: &SessionId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            sessions::table
                .filter(sessions::id.eq(session_id.as_str()))
                .filter(sessions::revoked_at.is_null()),
        )
        .set((
            sessions::revoked_at.eq(stored(now)),
            sessions::revoked_reason.eq(reason),
        ))
        .execute(conn)
    }

    /// Ends every session of a person (deactivation, password change).
    pub fn revoke_all_of_user(
        conn: &mut DbConnection,
        tenant: &Tenant,
        user_id: &UserId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            sessions::table
                .filter(sessions::organisation_id.eq(tenant.as_str()))
                .filter(sessions::user_id.eq(user_id.as_str()))
                .filter(sessions::revoked_at.is_null()),
        )
        .set((
            sessions::revoked_at.eq(stored(now)),
            sessions::revoked_reason.eq(reason),
        ))
        .execute(conn)
    }

    pub fn touch(conn: &mut DbConnection, session_id: &SessionId, now: DateTime<Utc>) -> QueryResult<usize> {
        diesel::update(sessions::table.filter(sessions::id.eq(session_id.as_str())))
            .set(sessions::last_used_at.eq(stored(now)))
            .execute(conn)
    }
}

impl RefreshTokenRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(refresh_tokens::table)
            .values(self.clone())
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
    pub fn mark_used(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> QueryResult<usize> {
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::id.eq(id))
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(stored(now)))
        .execute(conn)
    }
}

/// A one-time link to set one's password; only the token's SHA-256 is kept.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = account_invitations)]
pub struct InvitationRow {
    pub id: String,
    pub organisation_id: String,
    pub user_id: String,
    pub token_hash: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

impl InvitationRow {
    /// A new link for the person; their older unused links stop working.
    pub fn replace(
        conn: &mut DbConnection,
        tenant: &Tenant,
        user: &UserId,
        token_hash: &str,
        by: Option<&UserId>,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::update(
            account_invitations::table
                .filter(account_invitations::organisation_id.eq(tenant.as_str()))
                .filter(account_invitations::user_id.eq(user.as_str()))
                .filter(account_invitations::used_at.is_null()),
        )
        .set(account_invitations::used_at.eq(stored(now)))
        .execute(conn)?;
        diesel::insert_into(account_invitations::table)
            .values(InvitationRow {
                id: crate::new_id(),
                organisation_id: tenant.as_str().to_owned(),
                user_id: user.as_str().to_owned(),
                token_hash: token_hash.to_owned(),
                created_by: by.map(|b| b.as_str().to_owned()),
                created_at: stored(now),
                expires_at: stored(expires_at),
                used_at: None,
            })
            .execute(conn)
            .map(|_| ())
    }

    /// The unused, unexpired link with this token hash, with its active account.
    pub fn find_live(
        conn: &mut DbConnection,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<(InvitationRow, UserRow)>> {
        account_invitations::table
            .inner_join(users::table.on(users::id.eq(account_invitations::user_id)))
            .filter(account_invitations::token_hash.eq(token_hash))
            .filter(account_invitations::used_at.is_null())
            .filter(account_invitations::expires_at.gt(stored(now)))
            .filter(users::active.eq(1))
            .select((InvitationRow::as_select(), UserRow::as_select()))
            .first(conn)
            .optional()
    }

    /// Marks the link used; false when it already was (a second request with it).
    pub fn use_up(conn: &mut DbConnection, id: &str, now: DateTime<Utc>) -> QueryResult<bool> {
        let changed = diesel::update(
            account_invitations::table
                .filter(account_invitations::id.eq(id))
                .filter(account_invitations::used_at.is_null()),
        )
        .set(account_invitations::used_at.eq(stored(now)))
        .execute(conn)?;
        Ok(changed == 1)
    }
}

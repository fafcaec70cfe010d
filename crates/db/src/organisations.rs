//! Organisations: the tenants.

use crate::schema::organisations;
use crate::{DbConnection, QueryResult};
use diesel::prelude::*;
use relais_domain::analytics::effective_k;
use relais_domain::ids::{OrganisationId, Tenant};

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: OrganisationId,
    pub name: String,
    pub slug: String,
    pub k_threshold: i32,
    pub created_at: chrono::NaiveDateTime,
}

impl Organisation {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(organisations::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Option<Organisation>> {
        organisations::table
            .find(tenant.as_str())
            .select(Organisation::as_select())
            .first(conn)
            .optional()
    }

    /// Locks the organisation's row until the end of the transaction, so that changes that
    /// must see each other (the last active admin) take turns. SQLite's write transaction
    /// already holds the only write lock.
    pub fn lock(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<()> {
        if let DbConnection::Postgresql(pg) = conn {
            organisations::table
                .find(tenant.as_str())
                .select(organisations::id)
                .for_update()
                .first::<String>(pg)?;
        }
        Ok(())
    }

    pub fn tenant(&self) -> Tenant {
        Tenant::new(self.id.clone())
    }

    /// The k of the privacy rule in force: the setting, never below the minimum.
    pub fn k(&self) -> u32 {
        effective_k(u32::try_from(self.k_threshold).ok())
    }

    /// Every organisation, for the system jobs that visit each in turn (each visit then goes
    /// through that organisation's tenant).
    pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Organisation>> {
        organisations::table
            .order(organisations::id)
            .select(Organisation::as_select())
            .load(conn)
    }

    pub fn find_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<Organisation>> {
        organisations::table
            .filter(organisations::slug.eq(slug))
            .select(Organisation::as_select())
            .first(conn)
            .optional()
    }
}

//! Organisations: the tenants.

use crate::schema::organisations;
use crate::{DbConnection, QueryResult};
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub k_threshold: i32,
    pub created_at: chrono::NaiveDateTime,
}

impl Organisation {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(organisations::table)
            .values(self)
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Organisation>> {
        organisations::table
            .find(id)
            .select(Organisation::as_select())
            .first(conn)
            .optional()
    }

    pub fn find_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<Organisation>> {
        organisations::table
            .filter(organisations::slug.eq(slug))
            .select(Organisation::as_select())
            .first(conn)
            .optional()
    }
}

//! The append-only activity log and the counts computed from it.

use crate::schema::{activity_events, users};
use crate::{DbConnection, QueryResult};
use chrono::NaiveDateTime;
use diesel::dsl::count;
use diesel::prelude::*;

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = activity_events)]
pub struct ActivityEvent {
    pub id: String,
    pub organisation_id: String,
    pub actor_id: Option<String>,
    pub kind: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub community_id: Option<String>,
    pub site_id: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub value: Option<f64>,
}

impl ActivityEvent {
    /// An event by `actor_id` about an object, now.
    pub fn new(organisation_id: &str, actor_id: &str, kind: &str, object: Option<(&str, &str)>) -> Self {
        Self {
            id: crate::new_id(),
            organisation_id: organisation_id.to_owned(),
            actor_id: Some(actor_id.to_owned()),
            kind: kind.to_owned(),
            object_type: object.map(|(t, _)| t.to_owned()),
            object_id: object.map(|(_, id)| id.to_owned()),
            community_id: None,
            site_id: None,
            occurred_at: crate::now(),
            value: None,
        }
    }

    pub fn record(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(activity_events::table)
            .values(self)
            .execute(conn)
            .map(|_| ())
    }

    pub fn record_many(conn: &mut DbConnection, events: &[ActivityEvent]) -> QueryResult<()> {
        // Multi-row inserts do not compile through the shared backend, so each arm runs the
        // same statement on its concrete connection; chunks stay under SQLite's parameter limit.
        for chunk in events.chunks(500) {
            match conn {
                DbConnection::Postgresql(pg) => {
                    diesel::insert_into(activity_events::table).values(chunk).execute(pg)?
                }
                DbConnection::Sqlite(sqlite) => diesel::insert_into(activity_events::table)
                    .values(chunk)
                    .execute(sqlite)?,
            };
        }
        Ok(())
    }
}

/// Counts of people of one role in an organisation.
pub struct PeopleCounts;

impl PeopleCounts {
    /// Accounts of `role` that are active and existed at `as_of`.
    pub fn accounts(
        conn: &mut DbConnection,
        organisation_id: &str,
        role: &str,
        as_of: NaiveDateTime,
    ) -> QueryResult<u64> {
        let count: i64 = users::table
            .filter(users::organisation_id.eq(organisation_id))
            .filter(users::role.eq(role))
            .filter(users::active.eq(1))
            .filter(users::created_at.le(as_of))
            .count()
            .get_result(conn)?;
        Ok(count.max(0) as u64)
    }

    /// Distinct active accounts of `role` with any activity in `(since, until]`.
    pub fn active(
        conn: &mut DbConnection,
        organisation_id: &str,
        role: &str,
        since: NaiveDateTime,
        until: NaiveDateTime,
    ) -> QueryResult<u64> {
        let people_of_role = users::table
            .filter(users::organisation_id.eq(organisation_id))
            .filter(users::role.eq(role))
            .filter(users::active.eq(1))
            .filter(users::created_at.le(until))
            .select(users::id.nullable());
        let count: i64 = activity_events::table
            .filter(activity_events::organisation_id.eq(organisation_id))
            .filter(activity_events::occurred_at.gt(since))
            .filter(activity_events::occurred_at.le(until))
            .filter(activity_events::actor_id.eq_any(people_of_role))
            .select(count(activity_events::actor_id).aggregate_distinct())
            .get_result(conn)?;
        Ok(count.max(0) as u64)
    }
}

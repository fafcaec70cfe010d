//! The outbox of domain events (`activity_events`, append-only), read in order by its
//! consumers, and the counts computed from the raw log for past moments (baselines).

use crate::schema::{activity_events, event_consumers, users};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::count;
use diesel::prelude::*;
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::Role;
use relais_domain::ids::{EventId, OrganisationId, Tenant};

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = activity_events)]
pub struct EventRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: EventId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub organisation_id: OrganisationId,
    pub actor_id: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: EventKind,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub community_id: Option<String>,
    pub site_id: Option<String>,
    pub occurred_at: NaiveDateTime,
    pub value: Option<f64>,
}

impl EventRow {
    pub fn of(tenant: &Tenant, event: &DomainEvent) -> Self {
        Self {
            id: EventId::generate(),
            organisation_id: tenant.id().clone(),
            actor_id: event.actor.as_ref().map(|actor| actor.as_str().to_owned()),
            kind: event.kind,
            object_type: event.subject.as_ref().map(|(t, _)| t.as_str().to_owned()),
            object_id: event.subject.as_ref().map(|(_, id)| id.clone()),
            community_id: None,
            site_id: None,
            occurred_at: stored(event.occurred_at),
            value: None,
        }
    }

    /// Records one event; call it inside the transaction of the change it describes.
    pub fn record(conn: &mut DbConnection, tenant: &Tenant, event: &DomainEvent) -> QueryResult<()> {
        diesel::insert_into(activity_events::table)
            .values(Self::of(tenant, event))
            .execute(conn)?;
        Ok(())
    }

    pub fn record_many(conn: &mut DbConnection, events: &[EventRow]) -> QueryResult<()> {
        // Multi-row inserts do not compile through the shared backend, so each arm runs the
        // same statement on its concrete connection; chunks stay under SQLite's parameter limit.
        for chunk in events.chunks(500) {
            match conn {
                DbConnection::Postgresql(pg) => diesel::insert_into(activity_events::table)
                    .values(chunk.to_vec())
                    .execute(pg)?,
                DbConnection::Sqlite(sqlite) => diesel::insert_into(activity_events::table)
                    .values(chunk.to_vec())
                    .execute(sqlite)?,
            };
        }
        Ok(())
    }

    /// Events after `position` (an event id, "" for the start) and before `horizon` (an id
    /// prefix; see `horizon`), oldest first.
    pub fn after(conn: &mut DbConnection, position: &str, horizon: &str, limit: i64) -> QueryResult<Vec<EventRow>> {
        activity_events::table
            .filter(activity_events::id.gt(position.to_owned()))
            .filter(activity_events::id.lt(horizon.to_owned()))
            .order(activity_events::id.asc())
            .limit(limit)
            .select(EventRow::as_select())
            .load(conn)
    }

    /// The newest event id, "" when there is none.
    pub fn last_id(conn: &mut DbConnection) -> QueryResult<String> {
        let last: Option<String> = activity_events::table
            .select(diesel::dsl::max(activity_events::id))
            .first(conn)?;
        Ok(last.unwrap_or_default())
    }
}

/// The id prefix below which events are settled: ids are UUIDv7, whose text starts with the
/// millisecond they were made at. Transactions on PostgreSQL may commit out of id order, so
/// consumers read only events made at least `settle` before `now` (the wall clock that
/// made the ids), by which time every transaction that made one has committed or failed.
pub fn horizon(now: DateTime<Utc>, settle: chrono::Duration) -> String {
    // Events made in the horizon's own millisecond count too: the prefix of the next one.
    let millis = ((now - settle).timestamp_millis() + 1).max(0) as u64;
    format!("{:08x}-{:04x}", millis >> 16, millis & 0xffff)
}

/// A consumer's durable position in the outbox.
pub struct ConsumerPosition;

impl ConsumerPosition {
    /// The position of `name`, locked until the end of the transaction so that two processes
    /// never apply the same events at once (SQLite: the write transaction holds the lock).
    pub fn lock(conn: &mut DbConnection, name: &str, now: DateTime<Utc>) -> QueryResult<String> {
        let insert = diesel::insert_into(event_consumers::table).values((
            event_consumers::name.eq(name),
            event_consumers::position.eq(""),
            event_consumers::updated_at.eq(stored(now)),
        ));
        crate::insert_or_ignore!(conn, insert)?;
        let query = event_consumers::table
            .filter(event_consumers::name.eq(name))
            .select(event_consumers::position);
        match conn {
            DbConnection::Postgresql(pg) => query.for_update().first(pg),
            DbConnection::Sqlite(sqlite) => query.first(sqlite),
        }
    }

    /// The position of `name` without locking it ("" before its first run).
    pub fn read(conn: &mut DbConnection, name: &str) -> QueryResult<String> {
        let position: Option<String> = event_consumers::table
            .filter(event_consumers::name.eq(name))
            .select(event_consumers::position)
            .first(conn)
            .optional()?;
        Ok(position.unwrap_or_default())
    }

    pub fn set(conn: &mut DbConnection, name: &str, position: &str, now: DateTime<Utc>) -> QueryResult<usize> {
        diesel::update(event_consumers::table.filter(event_consumers::name.eq(name)))
            .set((
                event_consumers::position.eq(position),
                event_consumers::updated_at.eq(stored(now)),
            ))
            .execute(conn)
    }
}

/// Counts of people of one role in an organisation.
pub struct PeopleCounts;

impl PeopleCounts {
    /// Accounts of `role` that are active and existed at `as_of`.
    pub fn accounts(conn: &mut DbConnection, tenant: &Tenant, role: Role, as_of: NaiveDateTime) -> QueryResult<u64> {
        let count: i64 = users::table
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::role.eq(role.as_str()))
            .filter(users::active.eq(1))
            .filter(users::created_at.le(as_of))
            .count()
            .get_result(conn)?;
        Ok(count.max(0) as u64)
    }

    /// Distinct active accounts of `role` with any activity in `[since, until]`, from the
    /// event log: for past moments (baselines), and to check the roll-ups.
    pub fn active_between(
        conn: &mut DbConnection,
        tenant: &Tenant,
        role: Role,
        since: NaiveDateTime,
        until: NaiveDateTime,
    ) -> QueryResult<u64> {
        let people_of_role = users::table
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::role.eq(role.as_str()))
            .filter(users::active.eq(1))
            .filter(users::created_at.le(until))
            .select(users::id.nullable());
        let count: i64 = activity_events::table
            .filter(activity_events::organisation_id.eq(tenant.as_str()))
            .filter(activity_events::occurred_at.ge(since))
            .filter(activity_events::occurred_at.le(until))
            .filter(activity_events::actor_id.eq_any(people_of_role))
            .select(count(activity_events::actor_id).aggregate_distinct())
            .get_result(conn)?;
        Ok(count.max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_of_the_horizons_own_millisecond_are_settled() {
        let made = EventId::generate();
        let now = Utc::now();
        assert!(made.as_str() < horizon(now, chrono::Duration::zero()).as_str());
        assert!(made.as_str() > horizon(now, chrono::Duration::seconds(1)).as_str());
    }
}

//! The outbox of domain events (`activity_events`, append-only), each person's last
//! activity kept beside it, and the counts computed from them.

use crate::schema::{activity_events, people_activity, users};
use crate::{stored, DbConnection, QueryResult};
use chrono::NaiveDateTime;
use diesel::dsl::count;
use diesel::prelude::*;
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::Role;
use relais_domain::ids::{EventId, OrganisationId, Tenant};
use std::collections::BTreeMap;

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
        let row = Self::of(tenant, event);
        diesel::insert_into(activity_events::table)
            .values(row.clone())
            .execute(conn)?;
        if let Some(actor) = &row.actor_id {
            touch_people(conn, row.organisation_id.as_str(), &[(actor.as_str(), row.occurred_at)])?;
        }
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
        // Each person's latest moment in this batch, per organisation.
        let mut latest: BTreeMap<(&str, &str), NaiveDateTime> = BTreeMap::new();
        for event in events {
            if let Some(actor) = &event.actor_id {
                let at = latest
                    .entry((event.organisation_id.as_str(), actor.as_str()))
                    .or_insert(event.occurred_at);
                *at = (*at).max(event.occurred_at);
            }
        }
        let mut by_organisation: BTreeMap<&str, Vec<(&str, NaiveDateTime)>> = BTreeMap::new();
        for ((organisation, actor), at) in latest {
            by_organisation.entry(organisation).or_default().push((actor, at));
        }
        for (organisation, people) in by_organisation {
            touch_people(conn, organisation, &people)?;
        }
        Ok(())
    }
}

/// Moves each person's last-activity time forward (never back: bulk loads arrive out of order).
fn touch_people(conn: &mut DbConnection, organisation_id: &str, people: &[(&str, NaiveDateTime)]) -> QueryResult<()> {
    use diesel::sql_types::{Text, Timestamp};
    for chunk in people.chunks(300) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
            .collect();
        let text = format!(
            "INSERT INTO people_activity (user_id, organisation_id, last_active_at) VALUES {} \
             ON CONFLICT (user_id) DO UPDATE SET last_active_at = CASE \
             WHEN excluded.last_active_at > people_activity.last_active_at THEN excluded.last_active_at \
             ELSE people_activity.last_active_at END",
            rows.join(", ")
        );
        let mut query = diesel::sql_query(crate::numbered_parameters(conn, &text)).into_boxed();
        for (actor, at) in chunk {
            query = query
                .bind::<Text, _>(actor.to_string())
                .bind::<Text, _>(organisation_id.to_owned())
                .bind::<Timestamp, _>(*at);
        }
        query.execute(conn)?;
    }
    Ok(())
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

    /// Distinct active accounts of `role` with any activity since `since`, up to now: read
    /// from each person's last activity, one row per person.
    pub fn active_now(conn: &mut DbConnection, tenant: &Tenant, role: Role, since: NaiveDateTime) -> QueryResult<u64> {
        let recent = people_activity::table
            .filter(people_activity::organisation_id.eq(tenant.as_str()))
            .filter(people_activity::last_active_at.gt(since))
            .select(people_activity::user_id);
        let count: i64 = users::table
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::role.eq(role.as_str()))
            .filter(users::active.eq(1))
            .filter(users::id.eq_any(recent))
            .count()
            .get_result(conn)?;
        Ok(count.max(0) as u64)
    }

    /// Distinct active accounts of `role` with any activity in `(since, until]`, from the
    /// event log: for past dates (baselines), or to check `active_now`.
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
            .filter(activity_events::occurred_at.gt(since))
            .filter(activity_events::occurred_at.le(until))
            .filter(activity_events::actor_id.eq_any(people_of_role))
            .select(count(activity_events::actor_id).aggregate_distinct())
            .get_result(conn)?;
        Ok(count.max(0) as u64)
    }
}

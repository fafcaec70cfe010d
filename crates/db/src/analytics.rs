//! Roll-ups: per-organisation aggregates kept by the `rollups` consumer from the outbox, so
//! that dashboards read a handful of rows whatever the size of the history. They count
//! people (by role, active accounts only) by the day of their last activity, and events by
//! kind and day.

use crate::events::EventRow;
use crate::schema::{rollup_accounts, rollup_last_active_days, rollup_people, users};
use crate::{numbered_parameters, DbConnection, QueryResult};
use chrono::NaiveDate;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Date, Integer, Text};
use relais_domain::events::SubjectType;
use relais_domain::identity::Role;
use relais_domain::ids::Tenant;
use std::collections::BTreeMap;

/// A person as the roll-ups count them.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Counted {
    role: String,
    active: bool,
    last_active_day: Option<NaiveDate>,
}

pub struct Rollups;

impl Rollups {
    /// Active accounts of `role`.
    pub fn accounts(conn: &mut DbConnection, tenant: &Tenant, role: Role) -> QueryResult<u64> {
        let accounts: Option<i32> = rollup_accounts::table
            .filter(rollup_accounts::organisation_id.eq(tenant.as_str()))
            .filter(rollup_accounts::role.eq(role.as_str()))
            .select(rollup_accounts::accounts)
            .first(conn)
            .optional()?;
        Ok(accounts.unwrap_or(0).max(0) as u64)
    }

    /// Active accounts of `role` whose last activity was on `first_day` or later.
    pub fn active_since(
        conn: &mut DbConnection,
        tenant: &Tenant,
        role: Role,
        first_day: NaiveDate,
    ) -> QueryResult<u64> {
        let people: Option<i64> = rollup_last_active_days::table
            .filter(rollup_last_active_days::organisation_id.eq(tenant.as_str()))
            .filter(rollup_last_active_days::role.eq(role.as_str()))
            .filter(rollup_last_active_days::day.ge(first_day))
            .select(diesel::dsl::sum(rollup_last_active_days::people))
            .first(conn)?;
        Ok(people.unwrap_or(0).max(0) as u64)
    }

    /// Applies a batch of events, in the consumer's transaction.
    pub fn apply(conn: &mut DbConnection, events: &[EventRow]) -> QueryResult<()> {
        let mut event_days: BTreeMap<(String, NaiveDate, String), i32> = BTreeMap::new();
        // Everyone the batch is about, with the latest day they acted on, if they did.
        let mut people: BTreeMap<(String, String), Option<NaiveDate>> = BTreeMap::new();
        for event in events {
            let organisation = event.organisation_id.to_string();
            let day = event.occurred_at.date();
            *event_days
                .entry((organisation.clone(), day, event.kind.as_str().to_owned()))
                .or_default() += 1;
            if let Some(actor) = &event.actor_id {
                let last = people.entry((organisation.clone(), actor.clone())).or_default();
                *last = (*last).max(Some(day));
            }
            if event.object_type.as_deref() == Some(SubjectType::User.as_str()) {
                if let Some(user) = &event.object_id {
                    people.entry((organisation, user.clone())).or_default();
                }
            }
        }
        for ((organisation, day, kind), count) in event_days {
            add_event_day(conn, &organisation, day, &kind, count)?;
        }
        for ((organisation, user), day) in people {
            refresh_person(conn, &organisation, &user, day)?;
        }
        Ok(())
    }

    /// Empties every roll-up (before a replay from the start).
    pub fn clear(conn: &mut DbConnection) -> QueryResult<()> {
        conn.batch_execute(
            "DELETE FROM rollup_event_days; DELETE FROM rollup_last_active_days; \
             DELETE FROM rollup_accounts; DELETE FROM rollup_people;",
        )
    }

    /// Rebuilds every roll-up from the accounts and the whole event log in a few set-based
    /// statements: what a replay of every event gives, much faster (bulk loads). The caller
    /// then sets the consumer's position to the last event.
    pub fn rebuild(conn: &mut DbConnection) -> QueryResult<()> {
        Self::clear(conn)?;
        let day_of = |column: &str| match conn {
            DbConnection::Sqlite(_) => format!("date({column})"),
            DbConnection::Postgresql(_) => format!("CAST({column} AS DATE)"),
        };
        let sql = format!(
            "INSERT INTO rollup_people (organisation_id, user_id, role, active, last_active_day) \
             SELECT u.organisation_id, u.id, u.role, u.active, {last_day} FROM users u \
             LEFT JOIN (SELECT organisation_id, actor_id, MAX(occurred_at) AS last_at FROM activity_events \
                        WHERE actor_id IS NOT NULL GROUP BY organisation_id, actor_id) a \
             ON a.organisation_id = u.organisation_id AND a.actor_id = u.id; \
             INSERT INTO rollup_accounts (organisation_id, role, accounts) \
             SELECT organisation_id, role, COUNT(*) FROM rollup_people WHERE active = 1 GROUP BY organisation_id, role; \
             INSERT INTO rollup_last_active_days (organisation_id, role, day, people) \
             SELECT organisation_id, role, last_active_day, COUNT(*) FROM rollup_people \
             WHERE active = 1 AND last_active_day IS NOT NULL GROUP BY organisation_id, role, last_active_day; \
             INSERT INTO rollup_event_days (organisation_id, day, kind, events) \
             SELECT organisation_id, {event_day}, kind, COUNT(*) FROM activity_events \
             GROUP BY organisation_id, {event_day}, kind;",
            last_day = day_of("a.last_at"),
            event_day = day_of("occurred_at"),
        );
        conn.batch_execute(&sql)
    }
}

fn add_event_day(
    conn: &mut DbConnection,
    organisation: &str,
    day: NaiveDate,
    kind: &str,
    events: i32,
) -> QueryResult<()> {
    let sql = numbered_parameters(
        conn,
        "INSERT INTO rollup_event_days (organisation_id, day, kind, events) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organisation_id, day, kind) DO UPDATE SET events = rollup_event_days.events + excluded.events",
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(organisation)
        .bind::<Date, _>(day)
        .bind::<Text, _>(kind)
        .bind::<Integer, _>(events)
        .execute(conn)
        .map(|_| ())
}

/// Adds (`delta` 1) or removes (-1) a person's share of the counters.
fn count(conn: &mut DbConnection, organisation: &str, person: &Counted, delta: i32) -> QueryResult<()> {
    if !person.active {
        return Ok(());
    }
    let sql = numbered_parameters(
        conn,
        "INSERT INTO rollup_accounts (organisation_id, role, accounts) VALUES ($1, $2, $3) \
         ON CONFLICT (organisation_id, role) DO UPDATE SET accounts = rollup_accounts.accounts + excluded.accounts",
    );
    diesel::sql_query(sql)
        .bind::<Text, _>(organisation)
        .bind::<Text, _>(&person.role)
        .bind::<Integer, _>(delta)
        .execute(conn)?;
    if let Some(day) = person.last_active_day {
        let sql = numbered_parameters(
            conn,
            "INSERT INTO rollup_last_active_days (organisation_id, role, day, people) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (organisation_id, role, day) DO UPDATE \
             SET people = rollup_last_active_days.people + excluded.people",
        );
        diesel::sql_query(sql)
            .bind::<Text, _>(organisation)
            .bind::<Text, _>(&person.role)
            .bind::<Date, _>(day)
            .bind::<Integer, _>(delta)
            .execute(conn)?;
    }
    Ok(())
}

/// Recounts one person from their account as it is now and the latest day they acted on.
/// Reading the account's current role and state (not the event's) makes applying an event
/// twice, or events about a person in any order, end in the same counts.
fn refresh_person(conn: &mut DbConnection, organisation: &str, user: &str, day: Option<NaiveDate>) -> QueryResult<()> {
    let account: Option<(String, i32)> = users::table
        .filter(users::organisation_id.eq(organisation))
        .filter(users::id.eq(user))
        .select((users::role, users::active))
        .first(conn)
        .optional()?;
    let Some((role, active)) = account else {
        // Not an account of this organisation (an integration acting, say): nothing to count.
        return Ok(());
    };
    let before: Option<Counted> = rollup_people::table
        .filter(rollup_people::organisation_id.eq(organisation))
        .filter(rollup_people::user_id.eq(user))
        .select((
            rollup_people::role,
            rollup_people::active,
            rollup_people::last_active_day,
        ))
        .first::<(String, i32, Option<NaiveDate>)>(conn)
        .optional()?
        .map(|(role, active, last_active_day)| Counted {
            role,
            active: active == 1,
            last_active_day,
        });
    let after = Counted {
        role,
        active: active == 1,
        last_active_day: before.as_ref().and_then(|b| b.last_active_day).max(day),
    };
    if before.as_ref() == Some(&after) {
        return Ok(());
    }
    if let Some(before) = &before {
        count(conn, organisation, before, -1)?;
        diesel::update(
            rollup_people::table
                .filter(rollup_people::organisation_id.eq(organisation))
                .filter(rollup_people::user_id.eq(user)),
        )
        .set((
            rollup_people::role.eq(&after.role),
            rollup_people::active.eq(i32::from(after.active)),
            rollup_people::last_active_day.eq(after.last_active_day),
        ))
        .execute(conn)?;
    } else {
        diesel::insert_into(rollup_people::table)
            .values((
                rollup_people::organisation_id.eq(organisation),
                rollup_people::user_id.eq(user),
                rollup_people::role.eq(&after.role),
                rollup_people::active.eq(i32::from(after.active)),
                rollup_people::last_active_day.eq(after.last_active_day),
            ))
            .execute(conn)?;
    }
    count(conn, organisation, &after, 1)
}

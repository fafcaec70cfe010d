//! Security events: who failed or was refused access, from where, and when.

use crate::schema::security_events;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::identity::{SecurityEvent, SecurityEventKind};
use relais_domain::ids::{EventId, Tenant, UserId};

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = security_events)]
pub struct SecurityEventRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: EventId,
    pub organisation_id: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: SecurityEventKind,
    pub account: Option<String>,
    pub user_id: Option<String>,
    pub address: String,
    pub occurred_at: NaiveDateTime,
}

impl SecurityEventRow {
    /// Records an event about an account (of `tenant`, when it is one).
    pub fn record(
        conn: &mut DbConnection,
        tenant: Option<&Tenant>,
        kind: SecurityEventKind,
        account: Option<&str>,
        user: Option<&UserId>,
        address: &str,
        at: DateTime<Utc>,
    ) -> QueryResult<()> {
        let row = SecurityEventRow {
            id: EventId::generate(),
            organisation_id: tenant.map(|t| t.as_str().to_owned()),
            kind,
            account: account.map(str::to_owned),
            user_id: user.map(|u| u.as_str().to_owned()),
            address: address.to_owned(),
            occurred_at: stored(at),
        };
        diesel::insert_into(security_events::table)
            .values(row)
            .execute(conn)
            .map(|_| ())
    }

    /// The tenant's events, newest first.
    pub fn list(
        conn: &mut DbConnection,
        tenant: &Tenant,
        after: Option<&EventId>,
        limit: i64,
    ) -> QueryResult<Vec<Self>> {
        let mut query = security_events::table
            .filter(security_events::organisation_id.eq(tenant.as_str().to_owned()))
            .order(security_events::id.desc())
            .limit(limit)
            .select(SecurityEventRow::as_select())
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(security_events::id.lt(after.as_str().to_owned()));
        }
        query.load(conn)
    }

    pub fn to_event(&self) -> SecurityEvent {
        SecurityEvent {
            id: self.id.clone(),
            kind: self.kind,
            account: self.account.clone(),
            user_id: self.user_id.clone().map(UserId::new),
            address: self.address.clone(),
            occurred_at: self.occurred_at.and_utc(),
        }
    }
}

//! What every use case receives: who acts, for which organisation, at what time. Handlers
//! build it from the caller and the state's clock; the CLI, seeders and jobs build it
//! themselves, so each action has one implementation whoever triggers it.

use crate::errors::ApiError;
use chrono::{DateTime, Utc};
use relais_db::events::EventRow;
use relais_db::DbConnection;
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::ids::{Tenant, UserId};

#[derive(Clone, Debug)]
pub struct Actor {
    pub tenant: Tenant,
    pub user: UserId,
    pub now: DateTime<Utc>,
}

impl Actor {
    /// Records the domain event of a change, in the change's transaction.
    pub fn record(
        &self,
        conn: &mut DbConnection,
        kind: EventKind,
        subject: SubjectType,
        id: &impl std::fmt::Display,
    ) -> Result<(), ApiError> {
        let event = DomainEvent::by(&self.user, kind, self.now).about(subject, id);
        EventRow::record(conn, &self.tenant, &event)?;
        Ok(())
    }
}

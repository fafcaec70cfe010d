//! Analytics: the roll-ups consumer, which keeps per-organisation aggregates from the
//! domain events so that dashboards never read raw events.

use crate::errors::ApiError;
use crate::worker::Consumer;
use relais_db::analytics::Rollups;
use relais_db::events::EventRow;
use relais_db::DbConnection;

/// Active accounts by role and day of last activity, events by kind and day.
pub struct RollupsConsumer;

impl Consumer for RollupsConsumer {
    fn name(&self) -> &'static str {
        "rollups"
    }

    fn apply(&self, conn: &mut DbConnection, events: &[EventRow]) -> Result<(), ApiError> {
        Ok(Rollups::apply(conn, events)?)
    }

    fn reset(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        Ok(Rollups::clear(conn)?)
    }

    fn rebuild(&self, conn: &mut DbConnection) -> Result<bool, ApiError> {
        Rollups::rebuild(conn)?;
        Ok(true)
    }
}

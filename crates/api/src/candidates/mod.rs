//! Step 2 — Who, finding ambassadors (C2–C5): the ranking with its breakdown, scoring
//! weights and coverage (`ranking`), the pipeline and the invitee's answer (`pipeline`),
//! nominations, applications and field observations (`nominations`). Scores, nominations
//! and observations are the training team's: no one else reads them.

pub mod demo;
pub mod nominations;
pub mod pipeline;
pub mod ranking;

use crate::errors::ApiError;
use crate::routes::Routes;
use relais_db::programmes::ProgrammeRow;
use relais_db::DbConnection;
use relais_domain::access::{Access, Action};
use relais_domain::ids::{ProgrammeId, Tenant};

/// The candidates context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let manage = Access::Allowed(Action::ManageCandidates);
    routes
        .add(ranking::ranking, manage)
        .add(ranking::get_weights, manage)
        .add(ranking::set_weights, manage)
        .add(ranking::coverage, manage)
        .add(pipeline::pipeline, manage)
        .add_create(pipeline::suggest, manage, "/candidacy/id")
        .add(pipeline::get_candidacy, manage)
        .add(pipeline::move_candidacy, manage)
        .add(pipeline::my_invitations, Access::Allowed(Action::ReadOwnAccount))
        .add(pipeline::answer, Access::Allowed(Action::AnswerAmbassadorInvitation))
        .add_create(nominations::nominate, Access::Allowed(Action::Nominate), "/id")
        .add(nominations::list_nominations, manage)
        .add(nominations::my_nominations, Access::Allowed(Action::Nominate))
        .add(nominations::review, manage)
        .add(nominations::observations, manage)
        .add_create(nominations::observe, manage, "/id")
        .add(nominations::delete_observation, manage);
}

/// A programme of the tenant (any state: the training team works on drafts too).
fn programme(conn: &mut DbConnection, tenant: &Tenant, id: &ProgrammeId) -> Result<ProgrammeRow, ApiError> {
    ProgrammeRow::find(conn, tenant, id)?.ok_or(ApiError::NotFound)
}

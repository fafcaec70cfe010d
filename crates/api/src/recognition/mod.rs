//! Step 3 — Value, recognition (V5): badges earned by rules and given by the training team,
//! kudos, points and leaderboards (`handlers`), and the consumer of domain events that
//! awards badges and writes the points ledger (`consumer`), and the demo's (`demo`).

pub mod consumer;
pub mod demo;
pub mod handlers;

use crate::routes::Routes;
use relais_domain::access::{Access, Action};

/// The recognition context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let everyone = Access::Allowed(Action::ShareTips);
    let team = Access::Allowed(Action::ManageRecognition);
    routes
        .add(handlers::recognition_profile, everyone)
        .add_create(handlers::give_kudos, everyone, "/id")
        .add(handlers::get_kudos, everyone)
        .add(handlers::leaderboard, everyone)
        .add(handlers::set_preferences, everyone)
        .add(handlers::list_badges, everyone)
        .add_create(handlers::create_badge, team, "/id")
        .add(handlers::get_badge, everyone)
        .add(handlers::award, team);
}

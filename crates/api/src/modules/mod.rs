//! Step 3 — Value, modules with featured experts (V4): the catalogue, each module's page with
//! its credited experts, "I completed it" (`handlers`), and the demo's modules (`demo`).

pub mod demo;
pub mod handlers;

use crate::routes::Routes;
use relais_domain::access::{Access, Action};

/// The modules context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let everyone = Access::Allowed(Action::ShareTips);
    let team = Access::Allowed(Action::ManageModules);
    routes
        .add(handlers::list_modules, everyone)
        .add_create(handlers::create_module, team, "/id")
        .add(handlers::get_module, everyone)
        .add(handlers::update_module, team)
        .add(handlers::delete_module, team)
        .add(handlers::complete_module, everyone)
        .add(handlers::uncomplete_module, everyone);
}

//! Step 2 — Who, the people directory (C1): regions, sites and expertise domains (`places`),
//! people's work facts and the directory search (`people`), HR file imports (`imports`).
//! Everyone looks colleagues up; admins manage.

pub mod demo;
pub mod imports;
pub mod people;
pub mod places;

use crate::routes::Routes;
use relais_domain::access::{Access, Action};

/// The directory context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let read = Access::Allowed(Action::ReadDirectory);
    let manage = Access::Allowed(Action::ManageDirectory);
    routes
        .add(places::list_regions, read)
        .add_create(places::create_region, manage, "/id")
        .add(places::update_region, manage)
        .add(places::delete_region, manage)
        .add(places::list_sites, read)
        .add_create(places::create_site, manage, "/id")
        .add(places::update_site, manage)
        .add(places::delete_site, manage)
        .add(places::list_domains, read)
        .add_create(places::create_domain, manage, "/id")
        .add(places::update_domain, manage)
        .add(places::delete_domain, manage)
        // `/directory/imports` before `/directory/{id}`: the router takes the first match.
        .add(imports::start_import, manage)
        .add(imports::list_imports, manage)
        .add(imports::get_import, manage)
        .add(imports::apply_import, manage)
        .add(people::search, read)
        .add(people::profile, read)
        .add(people::update_work_facts, manage);
}

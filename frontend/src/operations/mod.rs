//! Operations, for admins: background jobs that failed for good, and the security log
//! (failed and throttled sign-ins, refresh-token re-use, deactivations, sign-outs).

pub mod api;
pub mod screen;
pub mod strings;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::OperationsText;

/// The operations entry of the navigation.
pub const NAV: NavEntry = NavEntry {
    href: "/operations",
    label: |lang| OperationsText::Nav.in_lang(lang),
    action: Action::ReadOperations,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(why {
    Operations => view! { <screen::Operations /> },
});

/// The operations screen's route.
#[component(transparent)]
pub fn OperationsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/operations") view=|| view! { <PageFrame><Protected>{in_part(Screen::Operations)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

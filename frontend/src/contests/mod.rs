//! Step 3 — Value, contests: the list by phase, a contest's page (entering a tip, voting,
//! the jury's scoring, the results) and the training team's form to create or change one.

pub mod api;
pub mod form;
pub mod list;
pub mod page;
pub mod strings;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::ContestsText;

/// The contests entry of the navigation (everyone).
pub const NAV: NavEntry = NavEntry {
    href: "/contests",
    label: |lang| ContestsText::Nav.in_lang(lang),
    action: Action::ShareTips,
};

#[component(transparent)]
pub fn ContestsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/contests") view=|| view! { <PageFrame><Protected><list::Contests /></Protected></PageFrame> } />
        <Route path=path!("/contests/new") view=|| view! { <PageFrame><Protected><form::NewContest /></Protected></PageFrame> } />
        <Route path=path!("/contests/:id") view=|| view! { <PageFrame><Protected><page::ContestPage /></Protected></PageFrame> } />
        <Route path=path!("/contests/:id/edit") view=|| view! { <PageFrame><Protected><form::EditContest /></Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

//! Step 3 — Value, modules with featured experts: the catalogue (by domain), a module's page
//! (its experts, the LMS link, "I completed it") and the training team's form.

pub mod api;
pub mod catalogue;
pub mod form;
pub mod page;
pub mod strings;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::ModulesText;

/// The modules entry of the navigation (everyone).
pub const NAV: NavEntry = NavEntry {
    href: "/modules",
    label: |lang| ModulesText::Nav.in_lang(lang),
    action: Action::ShareTips,
};

#[component(transparent)]
pub fn ModulesRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/modules") view=|| view! { <PageFrame><Protected><catalogue::Catalogue /></Protected></PageFrame> } />
        <Route path=path!("/modules/new") view=|| view! { <PageFrame><Protected><form::NewModule /></Protected></PageFrame> } />
        <Route path=path!("/modules/:id") view=|| view! { <PageFrame><Protected><page::ModulePage /></Protected></PageFrame> } />
        <Route path=path!("/modules/:id/edit") view=|| view! { <PageFrame><Protected><form::EditModule /></Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

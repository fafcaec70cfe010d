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

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(value {
    Catalogue => view! { <catalogue::Catalogue /> },
    New => view! { <form::NewModule /> },
    Page => view! { <page::ModulePage /> },
    Edit => view! { <form::EditModule /> },
});

#[component(transparent)]
pub fn ModulesRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/modules") view=|| view! { <PageFrame><Protected>{in_part(Screen::Catalogue)}</Protected></PageFrame> } />
        <Route path=path!("/modules/new") view=|| view! { <PageFrame><Protected>{in_part(Screen::New)}</Protected></PageFrame> } />
        <Route path=path!("/modules/:id") view=|| view! { <PageFrame><Protected>{in_part(Screen::Page)}</Protected></PageFrame> } />
        <Route path=path!("/modules/:id/edit") view=|| view! { <PageFrame><Protected>{in_part(Screen::Edit)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

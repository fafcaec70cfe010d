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

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(value {
    List => view! { <list::Contests /> },
    New => view! { <form::NewContest /> },
    Page => view! { <page::ContestPage /> },
    Edit => view! { <form::EditContest /> },
});

#[component(transparent)]
pub fn ContestsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/contests") view=|| view! { <PageFrame><Protected>{in_part(Screen::List)}</Protected></PageFrame> } />
        <Route path=path!("/contests/new") view=|| view! { <PageFrame><Protected>{in_part(Screen::New)}</Protected></PageFrame> } />
        <Route path=path!("/contests/:id") view=|| view! { <PageFrame><Protected>{in_part(Screen::Page)}</Protected></PageFrame> } />
        <Route path=path!("/contests/:id/edit") view=|| view! { <PageFrame><Protected>{in_part(Screen::Edit)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

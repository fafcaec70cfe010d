//! Step 2 — Who, the people directory: looking colleagues up (everyone), a person's page,
//! and importing the HR file (admins).

pub mod api;
pub mod facts;
pub mod import;
pub mod places;
pub mod screen;
pub mod strings;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::DirectoryText;

/// The directory entry of the navigation.
pub const NAV: NavEntry = NavEntry {
    href: "/directory",
    label: |lang| DirectoryText::Nav.in_lang(lang),
    action: Action::ReadDirectory,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(who {
    Directory => view! { <screen::Directory /> },
    Import => view! { <import::Import /> },
    Places => view! { <places::Places /> },
    Person => view! { <screen::Person /> },
});

/// The directory's routes.
#[component(transparent)]
pub fn DirectoryRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/directory") view=|| view! { <PageFrame><Protected>{in_part(Screen::Directory)}</Protected></PageFrame> } />
        <Route path=path!("/directory/import") view=|| view! { <PageFrame><Protected>{in_part(Screen::Import)}</Protected></PageFrame> } />
        <Route path=path!("/directory/places") view=|| view! { <PageFrame><Protected>{in_part(Screen::Places)}</Protected></PageFrame> } />
        <Route path=path!("/directory/:id") view=|| view! { <PageFrame><Protected>{in_part(Screen::Person)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

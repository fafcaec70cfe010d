//! Identity: the sign-in screen, the welcome screen of invitation links, and the people
//! screen, their strings and calls.

pub mod api;
pub mod invite;
pub mod people;
pub mod sign_in;
pub mod strings;
pub mod welcome;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::IdentityText;

/// The people entry of the navigation.
pub const NAV: NavEntry = NavEntry {
    href: "/people",
    label: |lang| IdentityText::NavPeople.in_lang(lang),
    action: Action::ListPeople,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(who {
    People => view! { <people::People /> },
    Welcome => view! { <welcome::Welcome /> },
});

/// The identity screens' routes.
#[component(transparent)]
pub fn IdentityRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/sign-in") view=|| view! { <PageFrame><sign_in::SignIn /></PageFrame> } />
        <Route path=path!("/people") view=|| view! { <PageFrame><Protected>{in_part(Screen::People)}</Protected></PageFrame> } />
        <Route path=path!("/welcome") view=|| view! { <PageFrame>{in_part(Screen::Welcome)}</PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

//! Step 3 — Value, recognition: the week's and month's leaderboards (and leaving them), a
//! person's recognition profile with badges and kudos (and thanking them), and the training
//! team's custom badges.

pub mod api;
pub mod badges;
pub mod leaderboard;
pub mod profile;
pub mod strings;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::RecognitionText;

/// The recognition entry of the navigation (everyone).
pub const NAV: NavEntry = NavEntry {
    href: "/recognition",
    label: |lang| RecognitionText::Nav.in_lang(lang),
    action: Action::ShareTips,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(value {
    Leaderboards => view! { <leaderboard::Leaderboards /> },
    Badges => view! { <badges::Badges /> },
    Profile => view! { <profile::ProfilePage /> },
});

#[component(transparent)]
pub fn RecognitionRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/recognition") view=|| view! { <PageFrame><Protected>{in_part(Screen::Leaderboards)}</Protected></PageFrame> } />
        <Route path=path!("/recognition/badges") view=|| view! { <PageFrame><Protected>{in_part(Screen::Badges)}</Protected></PageFrame> } />
        <Route path=path!("/people/:id") view=|| view! { <PageFrame><Protected>{in_part(Screen::Profile)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

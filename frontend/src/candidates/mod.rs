//! Step 2 — Who, finding ambassadors: for the training team, the workspace of a programme
//! (ranking with each score's breakdown, pipeline board, nominations inbox, coverage,
//! weights); for everyone, their invitations, nominating a colleague and applying.

pub mod api;
pub mod mine;
pub mod observations;
pub mod strings;
pub mod workspace;

use crate::client::use_session;
use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::CandidatesText;

/// The ambassadors entry of the navigation (everyone: the training team sees its
/// workspace there, others their invitations and nominations).
pub const NAV: NavEntry = NavEntry {
    href: "/ambassadors",
    label: |lang| CandidatesText::Nav.in_lang(lang),
    action: Action::Nominate,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(who {
    Ambassadors => view! { <Ambassadors /> },
});

#[component(transparent)]
pub fn CandidatesRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/ambassadors") view=|| view! { <PageFrame><Protected>{in_part(Screen::Ambassadors)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component]
fn Ambassadors() -> impl IntoView {
    let session = use_session();
    // Only a change of what the person may do changes the page: a refreshed session (after
    // accepting an invitation) must not rebuild it and lose its notice.
    let manages = Memo::new(move |_| session.may(Action::ManageCandidates));
    move || {
        if manages.get() {
            view! { <workspace::Workspace /> }.into_any()
        } else {
            view! { <mine::MySpace /> }.into_any()
        }
    }
}

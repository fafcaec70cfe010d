//! Relais web app: a Leptos CSR single-page app served by `relais`.

mod client;
mod components;
mod i18n;
// The product contexts, as in the server: each owns its screens, strings and calls.
mod identity;
mod operations;
mod programmes;

use client::{use_session, Session, SessionStatus};
use components::{Nav, NavEntry};
use i18n::I18n;
use identity::IdentityRoutes;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use programmes::ProgrammeRoutes;

/// The navigation, one entry per context that has one. Also what decides whether a page
/// someone is sent back to after signing in is theirs to see.
pub(crate) const NAV: &[NavEntry] = &[programmes::NAV, identity::NAV, operations::NAV];

fn main() {
    console_error_panic_hook::set_once();
    // The page's own "loading" note has done its work.
    if let Some(loading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app-loading"))
    {
        loading.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    provide_context(I18n::new());
    // Silent sign-in from the refresh cookie, then a refresh well before the access token's
    // 15 minutes run out.
    leptos::task::spawn_local(async {
        client::refresh_session().await;
    });
    let _ = set_interval_with_handle(
        move || {
            if matches!(session.status.get_untracked(), SessionStatus::SignedIn(_)) {
                leptos::task::spawn_local(async {
                    client::refresh_session().await;
                });
            }
        },
        std::time::Duration::from_secs(10 * 60),
    );
    view! {
        <Router>
            <components::SkipLink />
            <Nav entries=NAV />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <components::NotFoundPage /> }>
                    <Route path=path!("/") view=Home />
                    <IdentityRoutes />
                    <ProgrammeRoutes />
                    <operations::OperationsRoutes />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Home() -> impl IntoView {
    let session = use_session();
    move || match session.status.get() {
        SessionStatus::Checking => view! { <components::Loading /> }.into_any(),
        SessionStatus::SignedIn(_) => view! { <Redirect path="/programmes" /> }.into_any(),
        SessionStatus::SignedOut => view! { <Redirect path="/sign-in" /> }.into_any(),
    }
}

//! Relais web app: a Leptos CSR single-page app served by `relais`.

mod client;
mod components;
mod i18n;
mod parts;
// The product contexts, as in the server: each owns its screens, strings and calls.
mod candidates;
mod contests;
mod directory;
mod identity;
mod modules;
mod operations;
mod programmes;
mod recognition;
mod tips;

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
pub(crate) const NAV: &[NavEntry] = &[
    programmes::NAV,
    directory::NAV,
    candidates::NAV,
    tips::NAV,
    recognition::NAV,
    contests::NAV,
    modules::NAV,
    identity::NAV,
    operations::NAV,
];

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
            <FocusOnNavigation />
            <components::SkipLink />
            <Nav entries=NAV />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <components::NotFoundPage /> }>
                    <Route path=path!("/") view=Home />
                    <IdentityRoutes />
                    <ProgrammeRoutes />
                    <directory::DirectoryRoutes />
                    <candidates::CandidatesRoutes />
                    <tips::TipsRoutes />
                    <recognition::RecognitionRoutes />
                    <contests::ContestsRoutes />
                    <modules::ModulesRoutes />
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

/// After moving to another page, the focus goes to its heading (as a page load would put
/// readers at the top), not left on a link that is gone. The heading may come with the
/// page's data: it is looked for a little while, unless the reader has focused something.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            // What had the focus when the page changed (the link followed, about to go).
            let left = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            // After the new page has replaced the old one (whose heading is still there now).
            set_timeout(move || focus_heading(left, 20), std::time::Duration::from_millis(50));
        }
        path
    });
}

pub(crate) fn focus_heading(left: Option<web_sys::Element>, tries_left: u32) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let reader_moved_on = document.active_element().is_some_and(|element| {
        element.tag_name() != "BODY" && element.tag_name() != "H1" && Some(&element) != left.as_ref()
    });
    if reader_moved_on {
        return;
    }
    match document
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(heading) => {
            let _ = heading.set_attribute("tabindex", "-1");
            let _ = heading.focus();
        }
        None if tries_left > 0 => {
            set_timeout(
                move || focus_heading(left, tries_left - 1),
                std::time::Duration::from_millis(100),
            );
        }
        None => {}
    }
}

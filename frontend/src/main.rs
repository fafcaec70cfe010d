//! Relais web app: a Leptos CSR single-page app served by `relais`.

mod api;
mod components;
mod i18n;
mod pages;

use api::{use_session, Session, SessionStatus};
use components::Nav;
use i18n::{tr, I18n, Text};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::people::People;
use pages::programmes::dashboard::ProgrammeDashboardPage;
use pages::programmes::editor::ProgrammeEditor;
use pages::programmes::list::ProgrammeList;
use pages::sign_in::SignIn;

fn main() {
    console_error_panic_hook::set_once();
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
        api::refresh_session().await;
    });
    let _ = set_interval_with_handle(
        move || {
            if matches!(session.status.get_untracked(), SessionStatus::SignedIn(_)) {
                leptos::task::spawn_local(async {
                    api::refresh_session().await;
                });
            }
        },
        std::time::Duration::from_secs(10 * 60),
    );
    view! {
        <Router>
            <Nav />
            <main>
                <Routes fallback=|| view! { <p class="error">{tr(Text::NotFound)}</p> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/sign-in") view=SignIn />
                    <Route path=path!("/programmes") view=ProgrammeList />
                    <Route path=path!("/programmes/:id") view=ProgrammeEditor />
                    <Route path=path!("/programmes/:id/dashboard") view=ProgrammeDashboardPage />
                    <Route path=path!("/people") view=People />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Home() -> impl IntoView {
    let session = use_session();
    move || match session.status.get() {
        SessionStatus::Checking => view! { <p class="muted">{tr(Text::Loading)}</p> }.into_any(),
        SessionStatus::SignedIn(_) => view! { <Redirect path="/programmes" /> }.into_any(),
        SessionStatus::SignedOut => view! { <Redirect path="/sign-in" /> }.into_any(),
    }
}

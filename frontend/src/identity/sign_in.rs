//! Sign-in screen.

use super::strings::IdentityText;
use crate::client::{self, use_session, ApiError, Session, SessionStatus};
use crate::components::{page_title, ErrorBanner, Submission, SubmitButton, TextField};
use crate::i18n::{tr, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use relais_domain::identity::SignInRequest;

/// Where to go after signing in: the page that sent us here, if it is one of ours and the
/// person now signed in may see it (the page may have been another person's, who signed
/// out there); their home otherwise.
fn next_path(raw: Option<String>, session: Session) -> String {
    let allowed = |next: &str| {
        // Decided on the path alone: `/people?x` is the people page.
        let path = next.split(['?', '#']).next().unwrap_or_default();
        crate::NAV
            .iter()
            .filter(|entry| path == entry.href || path.starts_with(&format!("{}/", entry.href)))
            .all(|entry| session.may(entry.action))
    };
    raw.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/sign-in"))
        .filter(|p| allowed(p))
        .unwrap_or_else(|| "/".into())
}

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let i18n = crate::i18n::use_i18n();
    page_title(move || i18n.t(IdentityText::SignIn).to_owned());
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();

    // Already signed in (e.g. after the silent refresh): go on.
    let go_on = navigate.clone();
    Effect::new(move |_| {
        if let SessionStatus::SignedIn(_) = session.status.get() {
            go_on(
                &next_path(query.get_untracked().get("next"), session),
                Default::default(),
            );
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = SignInRequest {
            // People paste addresses with stray spaces; the API takes them exact.
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        // Signed in, the page goes on by itself (the effect above).
        submission.send(error, move |_| async move { client::sign_in(&request).await }, |_| ());
    };

    view! {
        <section class="card narrow">
            <h1>{tr(IdentityText::SignIn)}</h1>
            <p class="muted">{tr(Text::AppTagline)}</p>
            <form on:submit=submit novalidate>
                <ErrorBanner error=error />
                <TextField
                    id="email"
                    label=IdentityText::Email
                    field="email"
                    value=email
                    error=error
                    input_type="email"
                    autocomplete="username"
                />
                <TextField
                    id="password"
                    label=IdentityText::Password
                    field="password"
                    value=password
                    error=error
                    input_type="password"
                    autocomplete="current-password"
                />
                <SubmitButton submission=submission label=IdentityText::SignIn />
            </form>
        </section>
    }
}

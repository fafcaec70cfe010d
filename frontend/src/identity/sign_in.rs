//! Sign-in screen.

use super::strings::IdentityText;
use crate::client::{self, use_session, ApiError, SessionStatus};
use crate::components::{ErrorBanner, TextField};
use crate::i18n::{tr, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use relais_domain::identity::SignInRequest;

/// Where to go after signing in: the page that sent us here, if it is one of ours.
fn next_path(raw: Option<String>) -> String {
    raw.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/sign-in"))
        .unwrap_or_else(|| "/programmes".into())
}

#[component]
pub fn SignIn() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    // Already signed in (e.g. after the silent refresh): go on.
    let go_on = navigate.clone();
    Effect::new(move |_| {
        if let SessionStatus::SignedIn(_) = session.status.get() {
            go_on(&next_path(query.get_untracked().get("next")), Default::default());
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        pending.set(true);
        let request = SignInRequest {
            // People paste addresses with stray spaces; the API takes them exact.
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = client::sign_in(&request).await;
            pending.set(false);
            match result {
                Ok(_) => error.set(None),
                Err(failure) => error.set(Some(failure)),
            }
        });
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
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || if pending.get() { tr(IdentityText::SigningIn)() } else { tr(IdentityText::SignIn)() }}
                </button>
            </form>
        </section>
    }
}

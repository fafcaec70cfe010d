//! The welcome screen: a person opens the one-time link an admin gave them, sees whose
//! account it is, chooses a password, and is signed in.

use super::strings::IdentityText;
use crate::client::{self, use_session, ApiError, SessionStatus};
use crate::components::{page_title, ErrorBanner, Loading, Submission, SubmitButton, TextField};
use crate::i18n::{format_moment, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use relais_domain::identity::{InvitationCheck, SetPasswordRequest};

#[component]
pub fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    page_title(move || i18n.t(IdentityText::WelcomeTitle).to_owned());
    let query = use_query_map();
    let token = query.get_untracked().get("token").unwrap_or_default();
    let check_token = token.clone();
    let preview = LocalResource::new(move || {
        let token = check_token.clone();
        async move { client::check_invitation(&InvitationCheck { token }).await }
    });
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if submission.pending.get() {
            return;
        }
        if let SessionStatus::SignedIn(_) = session.status.get() {
            if error.get_untracked().is_none() && !password.get_untracked().is_empty() {
                navigate("/", Default::default());
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (chosen, again) = (password.get_untracked(), confirm.get_untracked());
        if chosen != again {
            error.set(Some(crate::components::local_problem(vec![
                relais_domain::FieldError::new("confirm", "mismatch", "the two passwords differ"),
            ])));
            return;
        }
        let request = SetPasswordRequest {
            token: token.clone(),
            password: chosen,
        };
        submission.send(
            error,
            move |_| async move { client::set_password(&request).await },
            |_| (),
        );
    };
    view! {
        <section class="card narrow">
            <h1>{tr(IdentityText::WelcomeTitle)}</h1>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    preview
                        .get()
                        .map(|result| match result {
                            Ok(found) => {
                                let expires = found.expires_at;
                                view! {
                                    <p>
                                        {format!("{} — {}", found.display_name, found.organisation_name)}
                                        <br />
                                        <span class="muted">{found.email.clone()}</span>
                                    </p>
                                    <p class="muted">
                                        {tr(IdentityText::WelcomeHint)} " "
                                        {move || format!("{} {}", i18n.t(IdentityText::LinkExpires), format_moment(expires, i18n.lang.get()))}
                                    </p>
                                    <form on:submit=submit.clone() novalidate>
                                        <ErrorBanner error=error />
                                        <input type="hidden" autocomplete="username" value=found.email />
                                        <TextField
                                            id="new-password"
                                            label=IdentityText::NewPassword
                                            field="password"
                                            value=password
                                            error=error
                                            input_type="password"
                                            autocomplete="new-password"
                                        />
                                        <p class="muted small">{tr(IdentityText::PasswordHint)}</p>
                                        <TextField
                                            id="confirm-password"
                                            label=IdentityText::ConfirmPassword
                                            field="confirm"
                                            value=confirm
                                            error=error
                                            input_type="password"
                                            autocomplete="new-password"
                                        />
                                        <SubmitButton submission=submission label=IdentityText::SetPassword />
                                    </form>
                                }
                                    .into_any()
                            }
                            Err(_) => view! {
                                <p class="error" role="alert">{tr(IdentityText::LinkInvalid)}</p>
                                <a href="/sign-in">{tr(IdentityText::SignIn)}</a>
                            }
                                .into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

//! The admin's "sign-in link" button: makes a one-time link for a person to set their
//! password and shows it, ready to copy and send (valid seven days).

use super::api;
use super::strings::IdentityText;
use crate::client::ApiError;
use crate::components::{ErrorBanner, Submission};
use crate::i18n::{format_moment, tr, use_i18n};
use leptos::prelude::*;
use relais_domain::identity::AccountInvitation;

#[component]
pub fn InviteButton(
    /// The person's account id.
    user_id: String,
    /// Whose link: named in the button for screen readers in lists.
    display_name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let made = RwSignal::new(None::<AccountInvitation>);
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let input_id = format!("invite-link-{user_id}");
    let make = move |_| {
        let id = user_id.clone();
        submission.send(
            error,
            move |_| async move { api::invite_user(&id).await },
            move |invitation| {
                made.set(Some(invitation));
            },
        );
    };
    let name = display_name.clone();
    view! {
        <div class="invite">
            <button
                type="button"
                class="secondary"
                aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
                aria-label=move || format!("{} — {}", i18n.t(IdentityText::MakeLink), name)
                on:click=make
            >
                {tr(IdentityText::MakeLink)}
            </button>
            <ErrorBanner error=error />
            {move || {
                made.get().map(|invitation| {
                    if invitation.emailed {
                        let email = invitation.email.clone();
                        return view! {
                            <p class="invite-link notice" role="status">
                                {move || format!("{} {}", i18n.t(IdentityText::LinkEmailed), email)}
                            </p>
                        }
                            .into_any();
                    }
                    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                    let link = format!("{origin}{}", invitation.link.clone().unwrap_or_default());
                    let expires = invitation.expires_at;
                    let input_id = input_id.clone();
                    view! {
                        <div class="invite-link" role="status">
                            <label for=input_id.clone()>
                                {move || format!("{} {}", i18n.t(IdentityText::LinkFor), invitation.email)}
                            </label>
                            <input id=input_id readonly value=link on:focus=|ev| {
                                use wasm_bindgen::JsCast;
                                if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                    input.select();
                                }
                            } />
                            <p class="muted small">
                                {move || format!("{} {}", i18n.t(IdentityText::LinkExpires), format_moment(expires, i18n.lang.get()))}
                            </p>
                        </div>
                    }
                        .into_any()
                })
            }}
        </div>
    }
}

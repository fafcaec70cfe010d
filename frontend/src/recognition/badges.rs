//! The training team's badges: create them, give them to a colleague with a reason.

use super::api;
use super::strings::{recognition_error, RecognitionText};
use crate::client::use_session;
use crate::components::{
    focus_later, page_title, ErrorBanner, LoadFailed, Loading, Submission, SubmitButton, TextField,
};
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use relais_domain::access::Action;
use relais_domain::recognition::{AwardRequest, BadgeRequest};

#[component]
pub fn Badges() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    page_title(move || i18n.t(RecognitionText::BadgesTitle).to_owned());
    view! {
        <section>
            <p><a href="/recognition">{tr(RecognitionText::Title)}</a></p>
            <h1>{tr(RecognitionText::BadgesTitle)}</h1>
            <Show
                when=move || session.may(Action::ManageRecognition)
                fallback=|| view! { <p class="error" role="alert">{tr(RecognitionText::Forbidden)}</p> }
            >
                <BadgesContent />
            </Show>
        </section>
    }
}

#[component]
fn BadgesContent() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<RecognitionText>);
    let list = LocalResource::new(move || {
        let _ = version.get();
        api::badges()
    });
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let create_error = RwSignal::new(None);
    let creating = Submission::new();
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        notice.set(None);
        let request = BadgeRequest {
            name: name.get_untracked().into(),
            description: description.get_untracked().into(),
        };
        if let Err(errors) = request.validate() {
            create_error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        creating.send(
            create_error,
            move |key| async move { api::create_badge(&request, &key).await },
            move |_| {
                name.set(String::new());
                description.set(String::new());
                notice.set(Some(RecognitionText::Created));
                version.update(|v| *v += 1);
                focus_later("badges-notice");
            },
        );
    };
    // Giving: a badge, a person found by name, a reason.
    let chosen_badge = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let person = RwSignal::new(None::<(String, String)>);
    let reason = RwSignal::new(String::new());
    let give_error = RwSignal::new(None);
    let giving = Submission::new();
    let matches = crate::components::people_matching(search);
    let give = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        notice.set(None);
        let request = AwardRequest {
            reason: reason.get_untracked().into(),
        };
        let mut problems = Vec::new();
        let badge = chosen_badge.get_untracked();
        if badge.is_empty() {
            problems.push(relais_domain::FieldError::new("badge", "required", "choose a badge"));
        }
        let Some((person_id, _)) = person.get_untracked() else {
            problems.push(relais_domain::FieldError::new("person", "required", "choose a person"));
            give_error.set(Some(crate::components::local_problem(problems)));
            return;
        };
        if let Err(problem) = request.reason.check("reason") {
            problems.push(problem);
        }
        if !problems.is_empty() {
            give_error.set(Some(crate::components::local_problem(problems)));
            return;
        }
        giving.send(
            give_error,
            move |_| async move { api::award(&badge, &person_id, &request).await },
            move |_| {
                reason.set(String::new());
                person.set(None);
                search.set(String::new());
                notice.set(Some(RecognitionText::Given));
                version.update(|v| *v += 1);
                focus_later("badges-notice");
            },
        );
    };
    view! {
        <p class="muted">{tr(RecognitionText::BadgesIntro)}</p>
        <p class="notice" id="badges-notice" tabindex="-1" role="status">{move || notice.get().map(|t| i18n.t(t))}</p>
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                list.get()
                    .map(|result| match result {
                        Ok(badges) if badges.is_empty() => view! { <p class="empty">{tr(RecognitionText::NoCustomBadge)}</p> }.into_any(),
                        Ok(badges) => view! {
                            <ul class="badge-list">
                                {badges
                                    .into_iter()
                                    .map(|b| view! {
                                        <li class="earned-badge">
                                            <strong>{b.name}</strong>
                                            <span class="small">{b.description}</span>
                                            <span class="muted small">{move || crate::i18n::counted(b.holders, RecognitionText::HolderOne, RecognitionText::Holders, i18n.lang.get())}</span>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Transition>
        <form class="card" on:submit=give novalidate>
            <h2>{tr(RecognitionText::GiveTitle)}</h2>
            <label for="give-badge">{tr(RecognitionText::Badge)}</label>
            <select id="give-badge" name="badge" on:change=move |ev| chosen_badge.set(event_target_value(&ev))>
                <option value="">"—"</option>
                {move || {
                    list.get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|b| view! { <option value=b.id.to_string()>{b.name}</option> })
                        .collect_view()
                }}
            </select>
            <label for="give-person">{tr(RecognitionText::FindPerson)}</label>
            <input
                id="give-person"
                type="search"
                autocomplete="off"
                prop:value=move || search.get()
                on:input=move |ev| {
                    person.set(None);
                    search.set(event_target_value(&ev));
                }
            />
            <Show when=move || person.get().is_some()>
                <p class="notice">{move || person.get().map(|(_, name)| name)}</p>
            </Show>
            <Show when=move || person.get().is_none()>
                <ul class="choices">
                    {move || {
                        matches
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|p| {
                                let chosen = (p.id.to_string(), p.display_name.clone());
                                view! {
                                    <li>
                                        <button type="button" class="link" on:click=move |_| person.set(Some(chosen.clone()))>
                                            {p.display_name.clone()} " — " {p.job_title.clone()}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <TextField id="give-reason" label=RecognitionText::Reason field="reason" value=reason error=give_error rows=3 />
            <ErrorBanner error=give_error codes=recognition_error />
            <SubmitButton submission=giving label=RecognitionText::Give />
        </form>
        <form class="card" on:submit=create novalidate>
            <h2>{tr(RecognitionText::NewBadge)}</h2>
            <TextField id="badge-name" label=RecognitionText::BadgeName field="name" value=name error=create_error />
            <TextField id="badge-description" label=RecognitionText::BadgeDescription field="description" value=description error=create_error rows=2 />
            <ErrorBanner error=create_error codes=recognition_error />
            <SubmitButton submission=creating label=RecognitionText::Create />
        </form>
    }
}

//! Field observations on a person's page, for the training team: what they saw of this
//! person's pull on colleagues (1–5), which counts in the candidate score.

use super::api;
use super::strings::CandidatesText;
use crate::client::ApiError;
use crate::components::{ErrorBanner, LoadFailed, Loading, Submission, SubmitButton, TextField};
use crate::i18n::{format_moment, tr, use_i18n};
use leptos::prelude::*;
use relais_domain::candidates::{ObservationRequest, Reason};
use relais_domain::ids::UserId;

#[component]
pub fn ObservationsCard(person: UserId) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let list_for = person.to_string();
    let observations = LocalResource::new(move || {
        let _ = version.get();
        let id = list_for.clone();
        async move { api::observations(&id).await }
    });
    let rating = RwSignal::new(String::from("4"));
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = ObservationRequest {
            person_id: person.clone(),
            rating: rating.get_untracked().parse().unwrap_or(0),
            note: Reason::from(note.get_untracked()),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        submission.send(
            error,
            move |key| async move { api::observe(&request, &key).await },
            move |_| {
                note.set(String::new());
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <div class="card">
            <h2>{tr(CandidatesText::Observations)}</h2>
            <p class="muted small">{tr(CandidatesText::ObservationsHint)}</p>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    observations
                        .get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="empty">{tr(CandidatesText::NoObservation)}</p> }.into_any()
                            }
                            Ok(list) => view! {
                                <ul class="observations">
                                    {list
                                        .into_iter()
                                        .map(|o| {
                                            let at = o.created_at;
                                            view! {
                                                <li>
                                                    <strong>{format!("{}/5", o.rating)}</strong>
                                                    " — " {o.note}
                                                    <span class="muted small">{move || format!(" ({}, {})", o.author_name, format_moment(at, i18n.lang.get()))}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Suspense>
            <form on:submit=submit novalidate>
                <ErrorBanner error=error />
                <label for="observation-rating">{tr(CandidatesText::Rating)}</label>
                <select id="observation-rating" on:change=move |ev| rating.set(event_target_value(&ev))>
                    {(1..=5)
                        .map(|n| view! { <option value=n.to_string() selected=n == 4>{n.to_string()}</option> })
                        .collect_view()}
                </select>
                <TextField id="observation-note" label=CandidatesText::WhatWasSeen field="note" value=note error=error rows=2 />
                <SubmitButton submission=submission label=CandidatesText::Record />
            </form>
        </div>
    }
}

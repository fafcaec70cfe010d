//! Everyone's ambassador page: their invitations (accept or decline, freely), nominating a
//! colleague or putting themselves forward, and what they nominated.

use super::api;
use super::strings::{kind_text, CandidatesText};
use crate::client::{use_session, ApiError};
use crate::components::{
    focus_later, page_title, ErrorBanner, LoadFailed, Loading, Submission, SubmitButton, TextField,
};
use crate::i18n::{format_moment, tr, use_i18n};
use leptos::prelude::*;
use relais_domain::candidates::{AmbassadorInvitation, AnswerRequest, CandidacyState, NominationRequest, Note, Reason};
use relais_domain::ids::{ProgrammeId, UserId};
use relais_domain::programmes::ProgrammeStatus;

#[component]
pub fn MySpace() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(CandidatesText::MyTitle).to_owned());
    let notice = RwSignal::new(None::<CandidatesText>);
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |text: CandidatesText| {
        notice.set(Some(text));
        version.update(|v| *v += 1);
        focus_later("ambassador-notice");
    });
    view! {
        <section>
            <h1>{tr(CandidatesText::MyTitle)}</h1>
            <p class="muted">{tr(CandidatesText::MyIntro)}</p>
            <p class="notice" id="ambassador-notice" tabindex="-1" role="status" aria-live="polite">
                {move || notice.get().map(|t| i18n.t(t))}
            </p>
            <Invitations version=version changed=changed />
            <NominateForm changed=changed notice=notice />
            <MyNominations version=version />
        </section>
    }
}

#[component]
fn Invitations(version: RwSignal<u32>, changed: Callback<CandidatesText>) -> impl IntoView {
    let invitations = LocalResource::new(move || {
        let _ = version.get();
        api::my_invitations()
    });
    view! {
        <div class="card">
            <h2>{tr(CandidatesText::MyInvitations)}</h2>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    invitations
                        .get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="empty">{tr(CandidatesText::NoInvitation)}</p> }.into_any()
                            }
                            Ok(list) => list
                                .into_iter()
                                .map(|invitation| view! { <InvitationCard invitation=invitation changed=changed /> })
                                .collect_view()
                                .into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn InvitationCard(invitation: AmbassadorInvitation, changed: Callback<CandidatesText>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let reason = RwSignal::new(String::new());
    let submission = Submission::new();
    let id = invitation.candidacy_id.to_string();
    let open = invitation.state == CandidacyState::Invited;
    let answered = match invitation.state {
        CandidacyState::Accepted | CandidacyState::Active => Some(CandidatesText::Accepted),
        CandidacyState::Declined => Some(CandidatesText::Declined),
        _ => None,
    };
    let sites = invitation
        .sites
        .iter()
        .map(|s| s.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let invited_at = invitation.invited_at;
    let reason_id = format!("decline-reason-{id}");
    let answer = move |accept: bool| {
        let id = id.clone();
        let request = AnswerRequest {
            accept,
            reason: Note::from(reason.get_untracked()),
        };
        submission.send(
            error,
            move |_| async move { api::answer(&id, &request).await },
            move |_| {
                if accept {
                    // The role changed: a fresh session says so in the header at once.
                    leptos::task::spawn_local(async {
                        crate::client::refresh_session().await;
                    });
                }
                changed.run(if accept {
                    CandidatesText::AcceptedNotice
                } else {
                    CandidatesText::DeclinedNotice
                })
            },
        );
    };
    let accept = answer.clone();
    view! {
        <article class="invitation">
            <h3>{invitation.programme_title.clone()}</h3>
            <p class="muted small">{move || format_moment(invited_at, i18n.lang.get())}</p>
            <h4>{tr(CandidatesText::WhatItInvolves)}</h4>
            <p>{invitation.role_description.clone()}</p>
            <p><strong>{tr(CandidatesText::SitesCovered)}</strong> " " {sites}</p>
            {answered.map(|text| view! { <p class="notice">{tr(text)}</p> })}
            <Show when=move || open>
                <ErrorBanner error=error />
                <TextField id=reason_id.clone() label=CandidatesText::DeclineReason field="reason" value=reason error=error rows=2 />
                <div class="actions">
                    <form on:submit={
                        let accept = accept.clone();
                        move |event: leptos::ev::SubmitEvent| {
                            event.prevent_default();
                            accept(true);
                        }
                    }>
                        <SubmitButton submission=submission label=CandidatesText::Accept />
                    </form>
                    <button
                        type="button"
                        class="secondary"
                        aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
                        on:click={
                            let answer = answer.clone();
                            move |_| answer(false)
                        }
                    >
                        {tr(CandidatesText::Decline)}
                    </button>
                </div>
            </Show>
        </article>
    }
}

#[component]
fn NominateForm(changed: Callback<CandidatesText>, notice: RwSignal<Option<CandidatesText>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let programmes = LocalResource::new(|| async {
        crate::programmes::api::list_programmes(None).await.map(|page| {
            page.items
                .into_iter()
                .filter(|p| p.status == ProgrammeStatus::Active)
                .collect::<Vec<_>>()
        })
    });
    let programme = RwSignal::new(String::new());
    let myself = RwSignal::new(false);
    let search = RwSignal::new(String::new());
    let nominee = RwSignal::new(None::<(UserId, String)>);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let found = LocalResource::new(move || {
        let q = search.get();
        async move {
            if q.trim().chars().count() < 2 {
                return Ok(Vec::new());
            }
            let filters = crate::directory::api::Filters {
                q,
                ..Default::default()
            };
            crate::directory::api::search(&filters, None)
                .await
                .map(|page| page.items)
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let me = session.me_untracked().map(|m| m.id);
        let nominee_id = if myself.get_untracked() {
            me
        } else {
            nominee.get_untracked().map(|(id, _)| id)
        };
        let programme_id = ProgrammeId::parse(&programme.get_untracked()).or_else(|| {
            programmes
                .get_untracked()
                .and_then(Result::ok)
                .and_then(|list| list.first().map(|p| p.id.clone()))
        });
        // Every problem at once: the colleague and the reason.
        let mut problems = Vec::new();
        if nominee_id.is_none() {
            problems.push(relais_domain::FieldError::new(
                "nominee_id",
                "required",
                "choose a colleague",
            ));
        }
        let request = NominationRequest {
            programme_id: programme_id.clone().unwrap_or_else(|| ProgrammeId::new("")),
            nominee_id: nominee_id.clone().unwrap_or_else(|| UserId::new("")),
            reason: Reason::from(reason.get_untracked()),
        };
        if let Err(errors) = request.validate() {
            problems.extend(errors);
        }
        // Nothing from the last sending stays beside this one's outcome.
        notice.set(None);
        if !problems.is_empty() || programme_id.is_none() {
            error.set(Some(crate::components::local_problem(problems)));
            return;
        }
        submission.send(
            error,
            move |key| async move { api::nominate(&request, &key).await },
            move |_| {
                reason.set(String::new());
                nominee.set(None);
                search.set(String::new());
                changed.run(CandidatesText::NominationSent);
            },
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{tr(CandidatesText::NominateTitle)}</h2>
            <p class="muted">{tr(CandidatesText::NominateIntro)}</p>
            <ErrorBanner error=error />
            <label for="nominate-programme">{tr(CandidatesText::Programme)}</label>
            <select id="nominate-programme" on:change=move |ev| programme.set(event_target_value(&ev))>
                {move || {
                    programmes
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| view! { <option value=p.id.to_string()>{p.title}</option> })
                        .collect_view()
                }}
            </select>
            <div class="checkbox">
                <input id="nominate-myself" type="checkbox" prop:checked=move || myself.get() on:change=move |ev| myself.set(event_target_checked(&ev)) />
                <label for="nominate-myself">{tr(CandidatesText::ApplyMyself)}</label>
            </div>
            <Show when=move || !myself.get()>
                <label for="nominate-search">{tr(CandidatesText::FindColleague)}</label>
                <input
                    id="nominate-search"
                    type="search"
                    maxlength="100"
                    aria-invalid=crate::components::invalid(error, "nominee_id")
                    aria-describedby="nominee_id-error"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <p class="field-error" id="nominee_id-error">
                    {move || {
                        error
                            .get()
                            .and_then(|e| e.field_errors().into_iter().find(|f| f.field == "nominee_id"))
                            .map(|_| i18n.t(CandidatesText::PickColleague))
                    }}
                </p>
                {move || {
                    nominee
                        .get()
                        .map(|(_, name)| view! { <p class="notice">{tr(CandidatesText::Colleague)} " : " <strong>{name}</strong></p> })
                }}
                <ul class="choices" aria-label=move || i18n.t(CandidatesText::Colleague)>
                    {move || {
                        found
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .take(8)
                            .map(|person| {
                                let (id, name) = (person.id.clone(), person.display_name.clone());
                                let site = person.site.map(|s| s.name).unwrap_or_default();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="link"
                                            on:click=move |_| nominee.set(Some((id.clone(), name.clone())))
                                        >
                                            {format!("{} — {} {}", person.display_name, person.job_title, site)}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <TextField id="nominate-reason" label=CandidatesText::Reason field="reason" value=reason error=error rows=3 hint=CandidatesText::ReasonHint />
            <SubmitButton submission=submission label=CandidatesText::Send />
        </form>
    }
}

#[component]
fn MyNominations(version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let mine = LocalResource::new(move || {
        let _ = version.get();
        api::my_nominations()
    });
    view! {
        <div class="card">
            <h2>{tr(CandidatesText::MyNominations)}</h2>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    mine.get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="empty">{tr(CandidatesText::NoMyNomination)}</p> }.into_any()
                            }
                            Ok(list) => view! {
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|n| {
                                            let (kind, at) = (n.kind, n.created_at);
                                            view! {
                                                <li>
                                                    <strong>{n.nominee_name}</strong>
                                                    " "
                                                    <span class="badge">{tr(kind_text(kind))}</span>
                                                    <span class="muted small">{move || format!(" · {}", format_moment(at, i18n.lang.get()))}</span>
                                                    <blockquote class="small">{n.reason}</blockquote>
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
        </div>
    }
}

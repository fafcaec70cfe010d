//! The operations screen.

use super::api;
use super::strings::{job_kind_name, job_state_name, security_event_name, OperationsText};
use crate::client::use_session;
use crate::components::{page_title, MorePages, PagedTable};
use crate::i18n::{format_moment, tr, use_i18n, Text};
use leptos::prelude::*;
use relais_domain::access::Action;
use relais_domain::identity::SecurityEvent;
use relais_domain::jobs::{Job, JobState};

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn Operations() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    page_title(move || i18n.t(OperationsText::Title).to_owned());
    view! {
        <section>
            <h1>{tr(OperationsText::Title)}</h1>
            <Show
                when=move || session.may(Action::ReadOperations)
                fallback=move || view! { <p class="error" role="alert">{tr(Text::ErrorForbidden)}</p> <a href="/">{tr(Text::BackHome)}</a> }
            >
                <p class="muted">{tr(OperationsText::Intro)}</p>
                <Jobs />
                <SecurityLog />
            </Show>
        </section>
    }
}

#[component]
fn Jobs() -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(JobState::Dead);
    let more = MorePages::<Job>::new();
    let jobs = LocalResource::new(move || {
        let state = state.get();
        async move {
            let page = api::list_jobs(state, None).await;
            if let Ok(page) = &page {
                more.reset(page);
            }
            page
        }
    });
    let row = move |job: Job| {
        let (kind, created, finished, run_at) = (job.kind, job.created_at, job.finished_at, job.run_at);
        view! {
            <tr>
                <td>{move || job_kind_name(kind, i18n.lang.get())}</td>
                <td>{format!("{} / {}", job.attempts, job.max_attempts)}</td>
                // The worker's own words, for whoever runs Relais: kept as written (English).
                <td class="error-text" lang="en">{job.last_error.unwrap_or_default()}</td>
                <td>{move || format_moment(created, i18n.lang.get())}</td>
                <td>
                    {move || match finished {
                        Some(at) => format_moment(at, i18n.lang.get()),
                        None => format!("{} {}", i18n.t(OperationsText::NextRun), format_moment(run_at, i18n.lang.get())),
                    }}
                </td>
            </tr>
        }
    };
    view! {
        <div class="card">
            <h2>{tr(OperationsText::Jobs)}</h2>
            <p class="muted">{tr(OperationsText::JobsHint)}</p>
            <label for="job-state">{tr(OperationsText::JobState)}</label>
            <select
                id="job-state"
                class="inline"
                on:change=move |ev| {
                    if let Some(value) = JobState::parse(&event_target_value(&ev)) {
                        state.set(value);
                    }
                }
            >
                {[JobState::Dead, JobState::Queued, JobState::Running, JobState::Succeeded]
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.as_str() selected=move || state.get() == option>
                                {move || job_state_name(option, i18n.lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <PagedTable
                first=jobs
                more=more
                next=move |cursor| api::list_jobs(state.get_untracked(), cursor)
                row=row
                headers=vec![
                    OperationsText::Kind.into(),
                    OperationsText::Attempts.into(),
                    OperationsText::LastError.into(),
                    OperationsText::Created.into(),
                    OperationsText::Finished.into(),
                ]
                name=OperationsText::Jobs
                empty=OperationsText::NoJobs
            />
        </div>
    }
}

#[component]
fn SecurityLog() -> impl IntoView {
    let i18n = use_i18n();
    let more = MorePages::<SecurityEvent>::new();
    let events = LocalResource::new(move || async move {
        let page = api::list_security_events(None).await;
        if let Ok(page) = &page {
            more.reset(page);
        }
        page
    });
    let row = move |event: SecurityEvent| {
        let (kind, at) = (event.kind, event.occurred_at);
        view! {
            <tr>
                <td>{move || format_moment(at, i18n.lang.get())}</td>
                <td>{move || security_event_name(kind, i18n.lang.get())}</td>
                <td>{event.account.unwrap_or_default()}</td>
                <td>{event.address}</td>
            </tr>
        }
    };
    view! {
        <div class="card">
            <h2>{tr(OperationsText::Security)}</h2>
            <p class="muted">{tr(OperationsText::SecurityHint)}</p>
            <PagedTable
                first=events
                more=more
                next=api::list_security_events
                row=row
                headers=vec![
                    OperationsText::When.into(),
                    OperationsText::Event.into(),
                    OperationsText::Account.into(),
                    OperationsText::Address.into(),
                ]
                name=OperationsText::Security
                empty=OperationsText::NoSecurityEvents
            />
        </div>
    }
}

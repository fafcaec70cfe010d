//! The organisation's contests, by phase: voting first (what one can do now), then those
//! taking entries, those to come, and the finished ones with their results.

use super::api;
use super::strings::{mode_name, phase_name, ContestsText};
use crate::components::{page_title, LoadFailed, Loading};
use crate::i18n::{counted, format_moment, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use relais_domain::access::Action;
use relais_domain::contests::{Contest, ContestPhase};

#[component]
pub fn Contests() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::client::use_session();
    page_title(move || i18n.t(ContestsText::Title).to_owned());
    let list = LocalResource::new(api::list);
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(ContestsText::Title)}</h1>
                <Show when=move || session.may(Action::ManageContests)>
                    <div class="actions">
                        <A href="/contests/new" attr:class="button primary">{tr(ContestsText::NewContest)}</A>
                    </div>
                </Show>
            </header>
            <p class="muted">{tr(ContestsText::Intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    list.get()
                        .map(|result| match result {
                            Ok(contests) if contests.is_empty() => view! { <p class="empty">{tr(ContestsText::NoContest)}</p> }.into_any(),
                            Ok(contests) => {
                                [ContestPhase::Voting, ContestPhase::Submissions, ContestPhase::Upcoming, ContestPhase::Closed]
                                    .into_iter()
                                    .filter_map(|phase| {
                                        let mut of_phase: Vec<Contest> = contests.iter().filter(|c| c.phase == phase).cloned().collect();
                                        // What comes next first; the finished ones, the latest first.
                                        of_phase.sort_by_key(|c| key_moment(c).1);
                                        if phase == ContestPhase::Closed {
                                            of_phase.reverse();
                                        }
                                        (!of_phase.is_empty()).then(|| view! {
                                            <h2>{move || phase_name(phase, i18n.lang.get())}</h2>
                                            <ul class="contest-list">
                                                {of_phase.into_iter().map(|c| view! { <ContestCard contest=c /> }).collect_view()}
                                            </ul>
                                        })
                                    })
                                    .collect_view()
                                    .into_any()
                            }
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// The moment that matters in the contest's phase, with what it is.
pub fn key_moment(contest: &Contest) -> (ContestsText, chrono::DateTime<chrono::Utc>) {
    match contest.phase {
        ContestPhase::Upcoming => (ContestsText::Opens, contest.submissions_open_at),
        ContestPhase::Submissions => (ContestsText::SubmissionsUntil, contest.submissions_close_at),
        ContestPhase::Voting => (ContestsText::VotingUntil, contest.voting_close_at),
        ContestPhase::Closed => (ContestsText::EndedOn, contest.voting_close_at),
    }
}

#[component]
fn ContestCard(contest: Contest) -> impl IntoView {
    let i18n = use_i18n();
    let (what, when) = key_moment(&contest);
    let (mode, entries, phase) = (contest.mode, contest.entries, contest.phase);
    view! {
        <li class="card contest-card">
            <h3><A href=format!("/contests/{}", contest.id)>{contest.title.clone()}</A></h3>
            <p class="small">
                <span class=format!("phase phase-{}", phase.as_str())>{move || phase_name(phase, i18n.lang.get())}</span>
                " · " {move || mode_name(mode, i18n.lang.get())}
                " · " {move || counted(entries, ContestsText::EntryOne, ContestsText::EntriesCount, i18n.lang.get())}
            </p>
            <p class="muted small">{tr(what)} " " {move || format_moment(when, i18n.lang.get())}</p>
        </li>
    }
}

//! A contest's page: its rules and windows, entering one of one's tips while submissions
//! are open, the entries with the vote (capped, never for one's own) or the juror's scores
//! while voting is open, and the results once it has ended. Settings for the training team.

use super::api;
use super::list::key_moment;
use super::strings::{contest_error, mode_name, phase_name, ContestsText};
use crate::client::use_session;
use crate::components::{
    page_title, ConfirmAction, ErrorBanner, FieldMessage, LoadFailed, Loading, NotFoundPage, Outcome, Submission,
    SubmitButton,
};
use crate::i18n::{counted, format_moment, format_number, format_percent, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::contests::{
    AudienceKind, Contest, ContestMode, ContestPhase, Entry, EntryRequest, ScoreRequest, SCORE_MAX, SCORE_MIN,
};
use relais_domain::tips::{TipId, TipStatus};

#[component]
pub fn ContestPage() -> impl IntoView {
    let params = use_params_map();
    let contest = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::contest(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                contest
                    .get()
                    .map(|result| match result {
                        Ok(contest) => view! { <ContestView contest=contest /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ContestView(contest: Contest) -> impl IntoView {
    let i18n = use_i18n();
    let title = contest.title.clone();
    page_title(move || title.clone());
    let outcome = Outcome::new("contest-notice");
    let id = StoredValue::new(contest.id.to_string());
    let (phase, mode) = (contest.phase, contest.mode);
    let my_votes = RwSignal::new(contest.my_votes);
    let cap = contest.votes_per_voter;
    let (what, when) = key_moment(&contest);
    let navigate = use_navigate();
    let on_delete = Callback::new(move |_| {
        let navigate = navigate.clone();
        outcome.start();
        leptos::task::spawn_local(async move {
            match api::delete(&id.get_value()).await {
                Ok(_) => navigate("/contests", Default::default()),
                Err(failure) => outcome.failed(failure),
            }
        });
    });
    let manage_edit = contest.can_manage && phase == ContestPhase::Upcoming;
    let manage_delete = contest.can_manage && contest.entries == 0;
    let voting_open = phase == ContestPhase::Voting && mode.has_public_vote() && contest.eligible;
    let places: Vec<String> = contest.places.iter().map(|p| p.name.clone()).collect();
    let audience = contest.audience;
    let jurors: Vec<String> = contest.jurors.iter().map(|j| j.display_name.clone()).collect();
    let criteria = contest.criteria.clone();
    let rules = contest.rules.clone();
    let public_weight = contest.public_weight;
    let winners = contest.winners;
    let show_enter = phase == ContestPhase::Submissions && contest.eligible;
    let not_eligible = !contest.eligible && phase != ContestPhase::Closed;
    let juror_now = contest.is_juror && phase == ContestPhase::Voting;
    let context = EntriesContext {
        id,
        outcome,
        my_votes,
        voting_open,
        juror_now,
        criteria: StoredValue::new(contest.criteria.clone()),
    };
    view! {
        <article class="contest">
            <p><a href="/contests">{tr(ContestsText::BackToContests)}</a></p>
            <header class="page-header">
                <h1>{contest.title.clone()}</h1>
                <div class="actions">
                    <Show when=move || manage_edit>
                        <A href=format!("/contests/{}/edit", id.get_value()) attr:class="button secondary">{tr(ContestsText::Edit)}</A>
                    </Show>
                    <Show when=move || manage_delete>
                        <ConfirmAction
                            label=ContestsText::Delete
                            question=ContestsText::DeleteQuestion
                            on_confirm=on_delete
                            class="secondary danger-outline"
                        />
                    </Show>
                </div>
            </header>
            <p class="small">
                <span class=format!("phase phase-{}", phase.as_str())>{move || phase_name(phase, i18n.lang.get())}</span>
                " · " {tr(what)} " " {move || format_moment(when, i18n.lang.get())}
            </p>
            <Show when=move || not_eligible>
                <p class="notice-draft">{tr(ContestsText::NotEligible)}</p>
            </Show>
            <Show when=move || juror_now>
                <p class="notice-draft">{tr(ContestsText::YouAreJuror)}</p>
            </Show>
            <section class="card">
                <h2>{tr(ContestsText::Rules)}</h2>
                {(!rules.trim().is_empty()).then(|| view! { <p class="pre-line">{rules.clone()}</p> })}
                <dl class="facts">
                    <dt>{tr(ContestsText::HowToWin)}</dt>
                    <dd>{move || mode_name(mode, i18n.lang.get())}</dd>
                    <Show when=move || mode.has_public_vote()>
                        <dt>{tr(ContestsText::VotesPerVoter)}</dt>
                        <dd>{cap}</dd>
                    </Show>
                    <Show when=move || mode == ContestMode::Mixed>
                        <dt>{tr(ContestsText::PublicShare)}</dt>
                        <dd>{move || format_percent(f64::from(public_weight), i18n.lang.get())}</dd>
                    </Show>
                    <Show when=move || mode.has_jury()>
                        <dt>{tr(ContestsText::Criteria)}</dt>
                        <dd>
                            {criteria
                                .iter()
                                .map(|c| {
                                    let (name, weight) = (c.name.clone(), c.weight);
                                    view! { <span class="criterion">{name} " (" {tr(ContestsText::WeightLabel)} " " {weight} ")"</span> " " }
                                })
                                .collect_view()}
                        </dd>
                        <dt>{tr(ContestsText::Jurors)}</dt>
                        <dd>{jurors.join(", ")}</dd>
                    </Show>
                    <dt>{tr(ContestsText::WinnersLabel)}</dt>
                    <dd>{winners}</dd>
                    <dt>{tr(ContestsText::Audience)}</dt>
                    <dd>
                        {move || match audience {
                            AudienceKind::Organisation => i18n.t(ContestsText::WholeOrganisation).to_owned(),
                            _ => places.join(", "),
                        }}
                    </dd>
                </dl>
            </section>
            // What the last action came to, just above the forms and entries it concerns.
            <p class="notice" id="contest-notice" tabindex="-1" role="status">
                {move || outcome.notice.get().map(|n| n.in_lang(i18n.lang.get()))}
            </p>
            <ErrorBanner error=outcome.error codes=contest_error />
            <Show when=move || show_enter>
                <EnterTip context=context />
            </Show>
            <Show when=move || phase != ContestPhase::Upcoming>
                <Entries context=context cap=cap />
            </Show>
            <Show when=move || phase == ContestPhase::Closed>
                <Results id=id.get_value() />
            </Show>
        </article>
    }
}

/// What the parts of a contest's page share.
#[derive(Clone, Copy)]
struct EntriesContext {
    id: StoredValue<String>,
    outcome: Outcome,
    my_votes: RwSignal<u32>,
    /// The caller may vote now.
    voting_open: bool,
    /// The caller is a juror and voting is open.
    juror_now: bool,
    criteria: StoredValue<Vec<relais_domain::contests::Criterion>>,
}

/// Entering one of one's published tips.
#[component]
fn EnterTip(context: EntriesContext) -> impl IntoView {
    let mine = LocalResource::new(|| crate::tips::api::mine(false, None));
    let chosen = RwSignal::new(String::new());
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        context.outcome.start();
        let tip = chosen.get_untracked();
        if tip.is_empty() {
            context
                .outcome
                .failed(crate::components::local_problem(vec![relais_domain::FieldError::new(
                    "tip",
                    "required",
                    "choose a tip",
                )]));
            return;
        }
        let request = EntryRequest { tip: TipId::new(tip) };
        submission.send(
            context.outcome.error,
            move |key| async move { api::enter(&context.id.get_value(), &request, &key).await },
            move |_| {
                chosen.set(String::new());
                context.outcome.done(ContestsText::Entered);
            },
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{tr(ContestsText::EnterTitle)}</h2>
            <p class="muted small" id="enter-hint">{tr(ContestsText::EnterHint)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    let published: Vec<(String, String)> = mine
                        .get()
                        .and_then(Result::ok)
                        .map(|page| {
                            page.items
                                .into_iter()
                                .filter(|t| t.status == TipStatus::Published)
                                .map(|t| (t.id.to_string(), t.title))
                                .collect()
                        })
                        .unwrap_or_default();
                    if published.is_empty() {
                        view! {
                            <p class="empty">
                                {tr(ContestsText::NoTipToEnter)} " " <A href="/tips/new">{tr(ContestsText::WriteTip)}</A>
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <label for="enter-tip">{tr(ContestsText::ChooseTip)}</label>
                            <select
                                id="enter-tip"
                                name="tip"
                                aria-describedby="enter-hint enter-tip-error"
                                aria-invalid=crate::components::invalid(context.outcome.error, "tip")
                                on:change=move |ev| chosen.set(event_target_value(&ev))
                            >
                                <option value="">"—"</option>
                                {published
                                    .into_iter()
                                    .map(|(id, title)| view! { <option value=id>{title}</option> })
                                    .collect_view()}
                            </select>
                            <FieldMessage error=context.outcome.error field="tip" input_id="enter-tip".to_owned() />
                            <SubmitButton submission=submission label=ContestsText::Enter />
                        }
                            .into_any()
                    }
                }}
            </Transition>
        </form>
    }
}

/// The entries, with the vote, the juror's scores or the votes received.
#[component]
fn Entries(context: EntriesContext, cap: u32) -> impl IntoView {
    let at_cap = move || context.my_votes.get() >= cap;
    let i18n = use_i18n();
    let entries = LocalResource::new(move || {
        let _ = context.outcome.version.get();
        let id = context.id.get_value();
        async move { api::entries(&id).await }
    });
    view! {
        <section>
            <h2>{tr(ContestsText::EntriesTitle)}</h2>
            <Show when=move || context.voting_open>
                <p class="small" id="votes-used">
                    {move || format!("{} {} {} {}", i18n.t(ContestsText::VotesUsed), context.my_votes.get(), i18n.t(ContestsText::Of), cap)}
                </p>
                <Show when=at_cap>
                    <p class="small" id="cap-reached">{tr(ContestsText::CapReached)}</p>
                </Show>
                <p class="muted small" id="vote-hint">{tr(ContestsText::VoteHint)} " " {tr(ContestsText::VotesHidden)}</p>
            </Show>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    entries
                        .get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => view! { <p class="empty">{tr(ContestsText::NoEntry)}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="entry-list">
                                    {list.into_iter().map(|entry| view! { <EntryCard entry=entry context=context cap=cap /> }).collect_view()}
                                </ul>
                            }
                                .into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn EntryCard(entry: Entry, context: EntriesContext, cap: u32) -> impl IntoView {
    let i18n = use_i18n();
    let own = use_session()
        .me_untracked()
        .is_some_and(|me| me.id == entry.tip.author.id);
    let entry_id = StoredValue::new(entry.id.to_string());
    let voted = RwSignal::new(entry.my_vote);
    let busy = RwSignal::new(false);
    // Every vote used: the others wait until one is taken back (said beside the count).
    let capped = move || !voted.get() && context.my_votes.get() >= cap;
    let toggle = move |_| {
        if busy.get_untracked() || capped() {
            return;
        }
        busy.set(true);
        context.outcome.start();
        let on = !voted.get_untracked();
        leptos::task::spawn_local(async move {
            match api::vote(&context.id.get_value(), &entry_id.get_value(), on).await {
                Ok(state) => {
                    let _ = voted.try_set(state.voted);
                    let _ = context.my_votes.try_set(state.my_votes);
                    let _ = context.outcome.notice.try_set(Some(
                        if state.voted {
                            ContestsText::VoteRecorded
                        } else {
                            ContestsText::VoteRemoved
                        }
                        .into(),
                    ));
                }
                Err(failure) => context.outcome.failed(failure),
            }
            let _ = busy.try_set(false);
        });
    };
    let on_withdraw = Callback::new(move |_| {
        context.outcome.start();
        leptos::task::spawn_local(async move {
            match api::withdraw(&context.id.get_value(), &entry_id.get_value()).await {
                Ok(_) => context.outcome.done(ContestsText::Withdrawn),
                Err(failure) => context.outcome.failed(failure),
            }
        });
    });
    let can_vote = context.voting_open && !own;
    let can_score = context.juror_now && !own;
    let can_withdraw = entry.can_withdraw;
    let votes = entry.votes;
    let tip = entry.tip.clone();
    let heading = format!("entry-{}", entry.id);
    let labelled_by = heading.clone();
    let label_for_vote = StoredValue::new(heading.clone());
    view! {
        <li class="card entry-card" aria-labelledby=labelled_by>
            <h3 id=heading><A href=format!("/tips/{}", tip.id)>{tip.title.clone()}</A></h3>
            <p class="muted small">
                {tip.author.display_name.clone()}
                <Show when=move || own>
                    " · " <strong>{tr(ContestsText::YourEntry)}</strong>
                </Show>
                {votes.map(|n| view! { " · " {move || counted(n, ContestsText::VoteOne, ContestsText::VotesMany, i18n.lang.get())} })}
            </p>
            <p>{tip.excerpt.clone()}</p>
            <div class="actions">
                <Show when=move || can_vote>
                    <button
                        type="button"
                        class=move || if voted.get() { "secondary voted" } else { "primary" }
                        aria-pressed=move || if voted.get() { "true" } else { "false" }
                        aria-disabled=move || if capped() { "true" } else { "false" }
                        aria-describedby=move || {
                            let heading = label_for_vote.get_value();
                            if capped() { format!("{heading} cap-reached") } else { format!("{heading} vote-hint") }
                        }
                        aria-busy=move || if busy.get() { "true" } else { "false" }
                        on:click=toggle
                    >
                        <span aria-hidden="true">{move || if voted.get() { "✓ " } else { "" }}</span>
                        {tr(ContestsText::Vote)}
                    </button>
                </Show>
                <Show when=move || can_withdraw>
                    <ConfirmAction
                        label=ContestsText::Withdraw
                        question=ContestsText::WithdrawQuestion
                        on_confirm=on_withdraw
                        class="secondary danger-outline"
                    />
                </Show>
            </div>
            <Show when=move || can_score>
                <ScoreForm entry_id=entry_id.get_value() initial=entry.my_scores.clone() context=context />
            </Show>
        </li>
    }
}

/// A juror's scores for one entry: a choice from 1 to 10 per criterion.
#[component]
fn ScoreForm(entry_id: String, initial: Option<Vec<u8>>, context: EntriesContext) -> impl IntoView {
    let criteria = context.criteria.get_value();
    let scores = RwSignal::new(initial.unwrap_or_else(|| vec![0; criteria.len()]));
    let submission = Submission::new();
    let entry = StoredValue::new(entry_id.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        context.outcome.start();
        let request = ScoreRequest {
            scores: scores.get_untracked(),
        };
        if let Err(problem) = request.check(context.criteria.with_value(Vec::len)) {
            context.outcome.failed(crate::components::local_problem(vec![problem]));
            return;
        }
        submission.send(
            context.outcome.error,
            move |_| async move { api::score(&context.id.get_value(), &entry.get_value(), &request).await },
            move |_| context.outcome.done(ContestsText::Scored),
        );
    };
    view! {
        <form class="score-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{tr(ContestsText::ScoreTitle)} " — " {tr(ContestsText::ScoreHint)}</legend>
                {criteria
                    .into_iter()
                    .enumerate()
                    .map(|(index, criterion)| {
                        let select_id = format!("score-{entry_id}-{index}");
                        view! {
                            <span class="score-choice">
                                <label for=select_id.clone()>{criterion.name.clone()}</label>
                                <select
                                    id=select_id
                                    on:change=move |ev| {
                                        let value = event_target_value(&ev).parse().unwrap_or(0);
                                        scores.update(|s| {
                                            if let Some(slot) = s.get_mut(index) {
                                                *slot = value;
                                            }
                                        });
                                    }
                                >
                                    <option value="0" selected=move || scores.with_untracked(|s| s.get(index) == Some(&0))>"—"</option>
                                    {(SCORE_MIN..=SCORE_MAX)
                                        .map(|n| {
                                            let selected = scores.with_untracked(|s| s.get(index) == Some(&n));
                                            view! { <option value=n.to_string() selected=selected>{n}</option> }
                                        })
                                        .collect_view()}
                                </select>
                            </span>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <SubmitButton submission=submission label=ContestsText::SaveScores class="secondary" />
        </form>
    }
}

/// The results: rank, tip, author, votes, jury score, total; the winners marked.
#[component]
fn Results(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let results = LocalResource::new(move || {
        let id = id.clone();
        async move { api::results(&id).await }
    });
    view! {
        <section>
            <h2>{tr(ContestsText::Results)}</h2>
            <p class="muted small">{tr(ContestsText::TieRule)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    results
                        .get()
                        .map(|result| match result {
                            Ok(results) if results.items.is_empty() => view! { <p class="empty">{tr(ContestsText::NoResult)}</p> }.into_any(),
                            Ok(results) => view! {
                                <div class="table-wrap" tabindex="0" role="region" aria-label=tr(ContestsText::Results)>
                                    <table>
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(ContestsText::Rank)}</th>
                                                <th scope="col">{tr(ContestsText::TipColumn)}</th>
                                                <th scope="col">{tr(ContestsText::AuthorColumn)}</th>
                                                <th scope="col" class="score">{tr(ContestsText::VotesColumn)}</th>
                                                <th scope="col" class="score">{tr(ContestsText::JuryColumn)}</th>
                                                <th scope="col" class="score">{tr(ContestsText::TotalColumn)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {results
                                                .items
                                                .into_iter()
                                                .map(|line| {
                                                    let (rank, winner, votes, jury, total) = (line.rank, line.winner, line.votes, line.jury_score, line.total);
                                                    view! {
                                                        <tr class=if winner { "winner" } else { "" }>
                                                            <td>
                                                                {rank}
                                                                <Show when=move || winner>
                                                                    " " <span class="tag">{tr(ContestsText::Winner)}</span>
                                                                </Show>
                                                            </td>
                                                            <td><A href=format!("/tips/{}", line.tip_id)>{line.tip_title.clone()}</A></td>
                                                            <td>{line.author.display_name.clone()}</td>
                                                            <td class="score">{move || format_number(f64::from(votes), i18n.lang.get(), 0)}</td>
                                                            <td class="score">{move || jury.map(|j| format_number(j, i18n.lang.get(), 2)).unwrap_or_else(|| "—".to_owned())}</td>
                                                            <td class="score">{move || format_number(total, i18n.lang.get(), 2)}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

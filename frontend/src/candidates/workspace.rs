//! The training team's workspace for one programme: ranking with breakdowns, the pipeline
//! board, the nominations inbox, coverage, and the scoring weights.

use super::api;
use super::strings::{coverage_name, kind_text, move_label, signal_name, state_heading, state_name, CandidatesText};
use crate::client::ApiError;
use crate::components::{
    focus_later, invalid, page_title, CheckboxChoices, ErrorBanner, FieldMessage, LoadFailed, Loading, Outcome,
    Submission, SubmitButton, TextField,
};
use crate::i18n::{format_moment, format_number, format_percent, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use relais_domain::candidates::coverage::CoverageStatus;
use relais_domain::candidates::scoring::{RankedCandidate, Signal, Weights};
use relais_domain::candidates::{
    admin_moves, CandidacyDetail, CandidacyState, MoveRequest, NominationStatus, Note, RankingQuery, ReviewDecision,
    RoleDescription, SuggestRequest,
};
use relais_domain::ids::ProgrammeId;
use relais_domain::programmes::{Programme, ProgrammeStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Ranking,
    Pipeline,
    Nominations,
    Coverage,
    Weights,
}

impl Part {
    const ALL: [Part; 5] = [
        Part::Ranking,
        Part::Pipeline,
        Part::Nominations,
        Part::Coverage,
        Part::Weights,
    ];

    fn tab_id(self) -> &'static str {
        match self {
            Part::Ranking => "tab-ranking",
            Part::Pipeline => "tab-pipeline",
            Part::Nominations => "tab-nominations",
            Part::Coverage => "tab-coverage",
            Part::Weights => "tab-weights",
        }
    }

    fn label(self) -> CandidatesText {
        match self {
            Part::Ranking => CandidatesText::Ranking,
            Part::Pipeline => CandidatesText::Pipeline,
            Part::Nominations => CandidatesText::Nominations,
            Part::Coverage => CandidatesText::Coverage,
            Part::Weights => CandidatesText::Weights,
        }
    }
}

/// What the parts share: the programme, and a notice of what was just done.
#[derive(Clone, Copy)]
struct Shared {
    programme: RwSignal<String>,
    outcome: Outcome,
}

impl Shared {
    fn done(&self, text: CandidatesText) {
        self.outcome.done(text);
    }
}

#[component]
pub fn Workspace() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(CandidatesText::Title).to_owned());
    let programmes = LocalResource::new(|| async {
        crate::programmes::api::list_programmes(None).await.map(|page| {
            page.items
                .into_iter()
                .filter(|p| p.status != ProgrammeStatus::Closed)
                .collect::<Vec<Programme>>()
        })
    });
    view! {
        <section>
            <h1>{tr(CandidatesText::Title)}</h1>
            <p class="muted">{tr(CandidatesText::Intro)}</p>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || {
                    programmes
                        .get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="empty">{tr(CandidatesText::NoProgramme)}</p> }.into_any()
                            }
                            Ok(list) => view! { <Chosen programmes=list /> }.into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Chosen(programmes: Vec<Programme>) -> impl IntoView {
    let i18n = use_i18n();
    // The active one first: it is the one people are found for.
    let first = programmes
        .iter()
        .find(|p| p.status == ProgrammeStatus::Active)
        .or(programmes.first())
        .map(|p| p.id.to_string())
        .unwrap_or_default();
    let shared = Shared {
        programme: RwSignal::new(first),
        outcome: Outcome::new("candidates-notice"),
    };
    let part = RwSignal::new(Part::Ranking);
    let select = move |which: Part| {
        part.set(which);
        focus_later(which.tab_id());
    };
    let keydown = move |event: leptos::ev::KeyboardEvent| {
        let at = Part::ALL.iter().position(|p| *p == part.get_untracked()).unwrap_or(0);
        let last = Part::ALL.len() - 1;
        let to = match event.key().as_str() {
            "ArrowRight" => Some(if at == last { 0 } else { at + 1 }),
            "ArrowLeft" => Some(if at == 0 { last } else { at - 1 }),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(to) = to {
            event.prevent_default();
            select(Part::ALL[to]);
        }
    };
    view! {
        <div class="filters">
            <div>
                <label for="candidates-programme">{tr(CandidatesText::Programme)}</label>
                <select
                    id="candidates-programme"
                    on:change=move |ev| {
                        shared.programme.set(event_target_value(&ev));
                        shared.outcome.notice.set(None);
                    }
                >
                    {programmes
                        .into_iter()
                        .map(|p| {
                            let id = p.id.to_string();
                            let selected = id == shared.programme.get_untracked();
                            view! { <option value=id selected=selected>{p.title}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        </div>
        <p class="notice" id="candidates-notice" tabindex="-1" role="status" aria-live="polite">
            {move || shared.outcome.notice.get().map(|t| t.in_lang(i18n.lang.get()))}
        </p>
        <ErrorBanner error=shared.outcome.error />
        <div class="tabs" role="tablist" aria-label=move || i18n.t(CandidatesText::Sections) on:keydown=keydown>
            {Part::ALL
                .into_iter()
                .map(|which| {
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=which.tab_id()
                            aria-controls="candidates-part"
                            aria-selected=move || if part.get() == which { "true" } else { "false" }
                            tabindex=move || if part.get() == which { "0" } else { "-1" }
                            on:click=move |_| select(which)
                        >
                            {tr(which.label())}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <div role="tabpanel" id="candidates-part" aria-labelledby=move || part.get().tab_id() tabindex="0">
            {move || match part.get() {
                Part::Ranking => view! { <RankingPart shared=shared /> }.into_any(),
                Part::Pipeline => view! { <PipelinePart shared=shared /> }.into_any(),
                Part::Nominations => view! { <NominationsPart shared=shared /> }.into_any(),
                Part::Coverage => view! { <CoveragePart shared=shared /> }.into_any(),
                Part::Weights => view! { <WeightsPart shared=shared /> }.into_any(),
            }}
        </div>
    }
}

fn number(value: f64, digits: u32) -> impl Fn() -> String + Copy {
    let i18n = use_i18n();
    move || format_number(value, i18n.lang.get(), digits)
}

#[component]
fn RankingPart(shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let ambassador = RwSignal::new(Some(false));
    let ranking = LocalResource::new(move || {
        let programme = shared.programme.get();
        let _ = shared.outcome.version.get();
        let query = RankingQuery {
            ambassador: ambassador.get(),
            ..RankingQuery::default()
        };
        async move { api::ranking(&programme, &query).await }
    });
    view! {
        <p class="muted">{tr(CandidatesText::RankingIntro)}</p>
        <div class="filters">
            <div>
                <label for="ranking-ambassador">{tr(CandidatesText::AmbassadorFilter)}</label>
                <select
                    id="ranking-ambassador"
                    on:change=move |ev| {
                        ambassador.set(match event_target_value(&ev).as_str() {
                            "yes" => Some(true),
                            "all" => None,
                            _ => Some(false),
                        })
                    }
                >
                    <option value="no">{tr(CandidatesText::NotAmbassadors)}</option>
                    <option value="yes">{tr(CandidatesText::AmbassadorsOnly)}</option>
                    <option value="all">{tr(CandidatesText::Everyone)}</option>
                </select>
            </div>
        </div>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                ranking
                    .get()
                    .map(|result| match result {
                        Ok(ranking) if ranking.items.is_empty() => {
                            view! { <p class="empty">{tr(CandidatesText::NoCandidate)}</p> }.into_any()
                        }
                        Ok(ranking) => {
                            let considered = ranking.considered;
                            let shown = ranking.items.len() as f64;
                            view! {
                                <p class="muted">
                                    {move || {
                                        let lang = i18n.lang.get();
                                        format!(
                                            "{} {} {} {}",
                                            i18n.t(CandidatesText::BestShown),
                                            format_number(shown, lang, 0),
                                            i18n.t(CandidatesText::Of),
                                            format_number(f64::from(considered), lang, 0),
                                        ) + " " + i18n.t(CandidatesText::Considered)
                                    }}
                                </p>
                                <ol class="ranking">
                                    {ranking
                                        .items
                                        .into_iter()
                                        .map(|candidate| view! { <RankedRow candidate=candidate shared=shared /> })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn RankedRow(candidate: RankedCandidate, shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let submission = Submission::new();
    let person = candidate.person_id.clone();
    let breakdown_id = format!("breakdown-{person}");
    let total = candidate.score.total;
    let state = candidate.candidacy;
    let site = candidate
        .site
        .as_ref()
        .map(|s| format!("{} · {}", s.name, s.region_name))
        .unwrap_or_default();
    let contributions = candidate.score.contributions.clone();
    let add = move |_| {
        let request = SuggestRequest {
            programme_id: ProgrammeId::new(shared.programme.get_untracked()),
            person_id: person.clone(),
            note: Note::default(),
        };
        submission.send(
            shared.outcome.error,
            move |key| async move { api::suggest(&request, &key).await },
            move |_| shared.done(CandidatesText::Added),
        );
    };
    view! {
        <li class="card ranked">
            <div class="ranked-head">
                <div>
                    <A href=format!("/directory/{}", candidate.person_id)>{candidate.display_name.clone()}</A>
                    <div class="muted small">{format!("{} — {site}", candidate.job_title)}</div>
                </div>
                <div class="score" aria-label=move || format!("{} {}", i18n.t(CandidatesText::Score), format_number(total, i18n.lang.get(), 0))>
                    <strong>{number(total, 0)}</strong>
                    // An SVG bar: inline styles are refused by the content security policy.
                    <svg class="score-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true">
                        <rect class="track" width="100" height="4"></rect>
                        <rect class="fill" width=format!("{:.1}", total.clamp(0.0, 100.0)) height="4"></rect>
                    </svg>
                </div>
            </div>
            <div class="actions">
                <button
                    type="button"
                    class="link"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=breakdown_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {tr(CandidatesText::Breakdown)}
                </button>
                {candidate.is_ambassador.then(|| view! { <span class="badge">{tr(CandidatesText::Ambassador)}</span> })}
                {match state {
                    Some(state) => view! { <span class="badge">{move || state_name(state, i18n.lang.get())}</span> }.into_any(),
                    None => view! {
                        <button
                            type="button"
                            class="secondary"
                            aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
                            on:click=add
                        >
                            {tr(CandidatesText::AddToPipeline)}
                        </button>
                    }
                        .into_any(),
                }}
            </div>
            <Show when=move || open.get()>
                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t(CandidatesText::Breakdown)>
                <table class="data breakdown" id=breakdown_id.clone()>
                    <caption class="visually-hidden">{tr(CandidatesText::Breakdown)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(CandidatesText::Signal)}</th>
                            <th scope="col">{tr(CandidatesText::Raw)}</th>
                            <th scope="col">{tr(CandidatesText::Weight)}</th>
                            <th scope="col">{tr(CandidatesText::Points)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {contributions
                            .clone()
                            .into_iter()
                            .map(|c| {
                                let signal: Signal = c.signal;
                                view! {
                                    <tr>
                                        <th scope="row">{move || signal_name(signal, i18n.lang.get())}</th>
                                        <td>{number(c.raw, 1)}</td>
                                        <td>{number(c.weight, 1)}</td>
                                        <td>{number(c.points, 1)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                </div>
            </Show>
        </li>
    }
}

#[component]
fn PipelinePart(shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let pipeline = LocalResource::new(move || {
        let programme = shared.programme.get();
        let _ = shared.outcome.version.get();
        async move { api::pipeline(&programme).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                pipeline
                    .get()
                    .map(|result| match result {
                        Ok(list) => {
                            view! {
                                <div class="board">
                                    {CandidacyState::ALL
                                        .into_iter()
                                        .map(|state| {
                                            let cards: Vec<CandidacyDetail> = list
                                                .iter()
                                                .filter(|c| c.candidacy.state == state)
                                                .cloned()
                                                .collect();
                                            let count = cards.len();
                                            let heading_id = format!("column-{}", state.as_str());
                                            let labelled_by = heading_id.clone();
                                            view! {
                                                <section class="column" aria-labelledby=labelled_by>
                                                    <h2 id=heading_id>{move || format!("{} ({count})", state_heading(state, i18n.lang.get()))}</h2>
                                                    {if cards.is_empty() {
                                                        view! { <p class="empty small">{tr(CandidatesText::EmptyColumn)}</p> }.into_any()
                                                    } else {
                                                        view! {
                                                            <ul>
                                                                {cards
                                                                    .into_iter()
                                                                    .map(|detail| view! { <PipelineCard detail=detail shared=shared /> })
                                                                    .collect_view()}
                                                            </ul>
                                                        }
                                                            .into_any()
                                                    }}
                                                </section>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn PipelineCard(detail: CandidacyDetail, shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let candidacy = detail.candidacy;
    let id = candidacy.id.to_string();
    let inviting = RwSignal::new(false);
    let history_open = RwSignal::new(false);
    let submission = Submission::new();
    let moves = admin_moves(candidacy.state);
    let from = candidacy.state;
    let name = candidacy.display_name.clone();
    let site = candidacy.site.clone();
    let covered = candidacy
        .sites
        .iter()
        .map(|s| s.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let decline = candidacy.decline_reason.clone();
    let history = detail.history;
    let history_id = format!("history-{id}");
    let move_now = {
        let id = id.clone();
        move |to: CandidacyState| {
            let id = id.clone();
            let request = MoveRequest {
                to,
                note: Note::default(),
                role_description: None,
                site_ids: Vec::new(),
            };
            submission.send(
                shared.outcome.error,
                move |_| async move { api::move_candidacy(&id, &request).await },
                move |_| shared.done(CandidatesText::Moved),
            );
        }
    };
    view! {
        <li class="card pipeline-card">
            <A href=format!("/directory/{}", candidacy.person_id)>{candidacy.display_name.clone()}</A>
            <div class="muted small">
                {candidacy.job_title.clone()}
                {site.map(|s| format!(" — {}", s.name))}
            </div>
            {(!covered.is_empty()).then(|| view! { <div class="small">{tr(CandidatesText::SitesCovered)} " " {covered.clone()}</div> })}
            {decline.map(|reason| view! { <blockquote class="small">{reason}</blockquote> })}
            <div class="actions">
                {moves
                    .into_iter()
                    .map(|to| {
                        let move_now = move_now.clone();
                        let name = name.clone();
                        let label = move || format!("{} — {}", move_label(from, to, i18n.lang.get()), name);
                        view! {
                            <button
                                type="button"
                                class="secondary"
                                aria-label=label
                                aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
                                on:click=move |_| {
                                    if to == CandidacyState::Invited {
                                        inviting.set(true);
                                    } else {
                                        move_now(to);
                                    }
                                }
                            >
                                {move || move_label(from, to, i18n.lang.get())}
                            </button>
                        }
                    })
                    .collect_view()}
                <button
                    type="button"
                    class="link"
                    aria-expanded=move || if history_open.get() { "true" } else { "false" }
                    aria-controls=history_id.clone()
                    on:click=move |_| history_open.update(|o| *o = !*o)
                >
                    {tr(CandidatesText::History)}
                </button>
            </div>
            <Show when=move || inviting.get()>
                <InviteForm id=id.clone() site=candidacy.site.clone() shared=shared on_cancel=Callback::new(move |_| inviting.set(false)) />
            </Show>
            <Show when=move || history_open.get()>
                <ol class="history small" id=history_id.clone()>
                    {history
                        .clone()
                        .into_iter()
                        .map(|change| {
                            let (to, at) = (change.to, change.at);
                            view! {
                                <li>
                                    {move || format!("{} · {}", format_moment(at, i18n.lang.get()), state_name(to, i18n.lang.get()))}
                                    {change.by_name.map(|name| format!(" · {name}"))}
                                    {(!change.note.is_empty()).then(|| format!(" — {}", change.note))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </Show>
        </li>
    }
}

#[component]
fn InviteForm(
    id: String,
    site: Option<relais_domain::directory::SiteRef>,
    shared: Shared,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let description = RwSignal::new(i18n.t(CandidatesText::RoleDescriptionDefault).to_owned());
    let chosen = RwSignal::new(site.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let sites = LocalResource::new(crate::directory::api::sites);
    let field_id = format!("invite-description-{id}");
    let heading_id = format!("invite-heading-{id}");
    let heading = NodeRef::<leptos::html::H3>::new();
    crate::components::focus_on_mount(heading);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = MoveRequest {
            to: CandidacyState::Invited,
            note: Note::default(),
            role_description: Some(RoleDescription::from(description.get_untracked())),
            site_ids: chosen.get_untracked(),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        let id = id.clone();
        submission.send(
            error,
            move |_| async move { api::move_candidacy(&id, &request).await },
            move |_| shared.done(CandidatesText::Moved),
        );
    };
    view! {
        <form class="invite-form" on:submit=submit on:keydown=crate::components::escape_cancels(on_cancel) novalidate>
            <h3 id=heading_id tabindex="-1" node_ref=heading>{tr(CandidatesText::InviteTitle)}</h3>
            <ErrorBanner error=error />
            <TextField
                id=field_id
                label=CandidatesText::RoleDescription
                field="role_description"
                value=description
                error=error
                rows=5
            />
            <fieldset>
                <legend>{tr(CandidatesText::SitesToCover)}</legend>
                <div class="site-choices">
                    // Its own transition: the board's suspense must not flash (and lose the
                    // focus) while the sites load.
                    <Transition fallback=|| ()>
                    <CheckboxChoices
                        options=leptos::prelude::Signal::derive(move || {
                            sites
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|site| (site.id, format!("{} ({})", site.name, site.region_name)))
                                .collect()
                        })
                        chosen=chosen
                        id_prefix="site"
                    />
                    </Transition>
                </div>
                <crate::components::FieldMessage error=error field="site_ids" input_id="invite-sites".to_owned() />
            </fieldset>
            <div class="actions">
                <SubmitButton submission=submission label=CandidatesText::SendInvitation />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{tr(CandidatesText::Cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn NominationsPart(shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let inbox = LocalResource::new(move || {
        let programme = shared.programme.get();
        let _ = shared.outcome.version.get();
        async move { api::nominations(&programme, NominationStatus::Open).await }
    });
    view! {
        <p class="muted">{tr(CandidatesText::NominationsIntro)}</p>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                inbox
                    .get()
                    .map(|result| match result {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="empty">{tr(CandidatesText::NoNomination)}</p> }.into_any()
                        }
                        Ok(page) => view! {
                            <ul class="nominations">
                                {page
                                    .items
                                    .into_iter()
                                    .map(|n| {
                                        let (kind, at) = (n.kind, n.created_at);
                                        let (retain_id, dismiss_id) = (n.id.to_string(), n.id.to_string());
                                        let name = n.nominee_name.clone();
                                        // One answer per card: a double click reviews once.
                                        let submission = Submission::new();
                                        let review = move |id: String, status: ReviewDecision| {
                                            submission.send(
                                                shared.outcome.error,
                                                move |_| async move { api::review(&id, status).await },
                                                move |_| {
                                                    shared.done(if status == ReviewDecision::Retained {
                                                        CandidatesText::Retained
                                                    } else {
                                                        CandidatesText::Dismissed
                                                    })
                                                },
                                            );
                                        };
                                        view! {
                                            <li class="card">
                                                <strong>{n.nominee_name.clone()}</strong>
                                                " "
                                                <span class="badge">{tr(kind_text(kind))}</span>
                                                <div class="muted small">
                                                    {move || format!("{} {} · {}", i18n.t(CandidatesText::NominatedBy), n.nominator_name, format_moment(at, i18n.lang.get()))}
                                                </div>
                                                <blockquote>{n.reason.clone()}</blockquote>
                                                <div class="actions">
                                                    <button
                                                        type="button"
                                                        class="primary"
                                                        aria-label=move || format!("{} — {}", i18n.t(CandidatesText::Retain), name)
                                                        aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
                                                        on:click=move |_| review(retain_id.clone(), ReviewDecision::Retained)
                                                    >
                                                        {tr(CandidatesText::Retain)}
                                                    </button>
                                                    <button
                                                        type="button"
                                                        class="secondary"
                                                        aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
                                                        on:click=move |_| review(dismiss_id.clone(), ReviewDecision::Dismissed)
                                                    >
                                                        {tr(CandidatesText::Dismiss)}
                                                    </button>
                                                </div>
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
    }
}

#[component]
fn CoveragePart(shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let coverage = LocalResource::new(move || {
        let programme = shared.programme.get();
        let _ = shared.outcome.version.get();
        async move { api::coverage(&programme).await }
    });
    view! {
        <p class="muted">{tr(CandidatesText::CoverageIntro)}</p>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                coverage
                    .get()
                    .map(|result| match result {
                        Ok(coverage) => {
                            let share = coverage.covered_share;
                            view! {
                                <div class="tiles">
                                    <div class="tile">
                                        <span class="tile-label">{tr(CandidatesText::CoveredShare)}</span>
                                        <strong class="tile-value">{move || share.map(|s| format_percent(s, i18n.lang.get())).unwrap_or_else(|| "—".into())}</strong>
                                    </div>
                                    <div class="tile">
                                        <span class="tile-label">{tr(CandidatesText::LearnersPerAmbassador)}</span>
                                        <strong class="tile-value">{coverage.learners_per_ambassador_target}</strong>
                                    </div>
                                </div>
                                <h2>{tr(CandidatesText::Region)}</h2>
                                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t(CandidatesText::Region)>
                                    <table class="data coverage-regions">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(CandidatesText::Region)}</th>
                                                <th scope="col">{tr(CandidatesText::Learners)}</th>
                                                <th scope="col">{tr(CandidatesText::Ambassadors)}</th>
                                                <th scope="col">{tr(CandidatesText::Sites)}</th>
                                                <th scope="col">{tr(CandidatesText::Uncovered)}</th>
                                                <th scope="col">{tr(CandidatesText::UnderCovered)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {coverage
                                                .regions
                                                .into_iter()
                                                .map(|r| view! {
                                                    <tr>
                                                        <th scope="row">{r.region_name}</th>
                                                        <td>{r.learners}</td>
                                                        <td>{r.ambassadors}</td>
                                                        <td>{r.sites}</td>
                                                        <td>{r.uncovered_sites}</td>
                                                        <td>{r.under_covered_sites}</td>
                                                    </tr>
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <h2>{tr(CandidatesText::Sites)}</h2>
                                <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t(CandidatesText::Sites)>
                                    <table class="data coverage-sites">
                                        <thead>
                                            <tr>
                                                <th scope="col">{tr(CandidatesText::Site)}</th>
                                                <th scope="col">{tr(CandidatesText::Status)}</th>
                                                <th scope="col">{tr(CandidatesText::Learners)}</th>
                                                <th scope="col">{tr(CandidatesText::Ambassadors)}</th>
                                                <th scope="col">{tr(CandidatesText::Needed)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {coverage
                                                .sites
                                                .into_iter()
                                                .map(|s| {
                                                    let status = s.status;
                                                    let class = match status {
                                                        CoverageStatus::Uncovered => "badge off-track",
                                                        CoverageStatus::UnderCovered => "badge at-risk",
                                                        _ => "badge",
                                                    };
                                                    view! {
                                                        <tr>
                                                            <th scope="row">{format!("{} · {}", s.site.name, s.site.region_name)}</th>
                                                            <td><span class=class>{move || coverage_name(status, i18n.lang.get())}</span></td>
                                                            <td>{s.learners}</td>
                                                            <td>{s.ambassadors}</td>
                                                            <td>{s.needed}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn WeightsPart(shared: Shared) -> impl IntoView {
    let weights = LocalResource::new(move || {
        let programme = shared.programme.get();
        let _ = shared.outcome.version.get();
        async move { api::weights(&programme).await }
    });
    view! {
        <p class="muted">{tr(CandidatesText::WeightsIntro)}</p>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                weights
                    .get()
                    .map(|result| match result {
                        Ok(weights) => view! { <WeightsForm weights=weights shared=shared /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn WeightsForm(weights: Weights, shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let values: Vec<(Signal, RwSignal<String>)> = Signal::ALL
        .into_iter()
        .map(|s| (s, RwSignal::new(weights.of(s).to_string())))
        .collect();
    let half_life = RwSignal::new(weights.half_life_days.to_string());
    let per_ambassador = RwSignal::new(weights.learners_per_ambassador.to_string());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let stored = StoredValue::new(values.clone());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let read = |signal: Signal| {
            stored.with_value(|values| {
                values
                    .iter()
                    .find(|(s, _)| *s == signal)
                    .and_then(|(_, v)| v.get_untracked().replace(',', ".").trim().parse::<f64>().ok())
                    .unwrap_or(f64::NAN)
            })
        };
        let request = Weights {
            management_level: read(Signal::ManagementLevel),
            span_of_control: read(Signal::SpanOfControl),
            peer_nominations: read(Signal::PeerNominations),
            field_observations: read(Signal::FieldObservations),
            coverage_need: read(Signal::CoverageNeed),
            tips_published: read(Signal::TipsPublished),
            distinct_reactors: read(Signal::DistinctReactors),
            accepted_answers: read(Signal::AcceptedAnswers),
            contest_entries: read(Signal::ContestEntries),
            half_life_days: half_life.get_untracked().trim().parse().unwrap_or(0),
            learners_per_ambassador: per_ambassador.get_untracked().trim().parse().unwrap_or(0),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        let programme = shared.programme.get_untracked();
        submission.send(
            error,
            move |_| async move { api::set_weights(&programme, &request).await },
            move |_| shared.done(CandidatesText::Saved),
        );
    };
    view! {
        <form class="card weights" on:submit=submit novalidate>
            <ErrorBanner error=error />
            <div class="row">
                {values
                    .into_iter()
                    .map(|(signal, value)| {
                        let id = format!("weight-{}", signal.as_str());
                        let (label_for, message_for) = (id.clone(), id.clone());
                        view! {
                            <div>
                                <label for=label_for>{move || signal_name(signal, i18n.lang.get())}</label>
                                <input
                                    aria-describedby=format!("{id}-error")
                                    aria-invalid=invalid(error, signal.as_str())
                                    id=id
                                    type="number"
                                    min="0"
                                    max="10"
                                    step="0.5"
                                    inputmode="decimal"
                                    prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev))
                                />
                                <FieldMessage error=error field=signal.as_str() input_id=message_for />
                            </div>
                        }
                    })
                    .collect_view()}
                <div>
                    <label for="weight-half-life">{tr(CandidatesText::HalfLife)}</label>
                    <input id="weight-half-life" type="number" min="7" max="730" prop:value=move || half_life.get() on:input=move |ev| half_life.set(event_target_value(&ev)) />
                </div>
                <div>
                    <label for="weight-per-ambassador">{tr(CandidatesText::LearnersPerAmbassador)}</label>
                    <input id="weight-per-ambassador" type="number" min="5" max="500" prop:value=move || per_ambassador.get() on:input=move |ev| per_ambassador.set(event_target_value(&ev)) />
                </div>
            </div>
            <SubmitButton submission=submission label=CandidatesText::Save />
        </form>
    }
}

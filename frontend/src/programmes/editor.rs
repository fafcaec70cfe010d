//! One programme. Admins edit it in three parts — overview (with its lifecycle), needs,
//! objectives — each add or edit form opening on demand; everyone else reads a view written
//! for them: what the programme asks of them, why it exists, and its objectives' progress.

use super::api;
use super::dashboard::objective_row;
use super::form::ProgrammeForm;
use super::strings::{context_name, format_value, metric_name, priority_name, status_name, ProgrammeText};
use super::{date_field, merge_errors};
use crate::client::{use_session, ApiError};
use crate::components::{
    escape_cancels, focus_later, local_problem, page_title, ConfirmAction, ErrorBanner, FieldMessage, Icon, IconSvg,
    LoadFailed, NotFoundBack, Submission, SubmitButton, TextField,
};
use crate::i18n::{format_date, format_period, tr, use_i18n, Label, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::access::Action;
use relais_domain::identity::Role;
use relais_domain::ids::NeedId;
use relais_domain::programmes::{
    CloseProgrammeRequest, Metric, Need, NeedPriority, NeedRequest, Objective, ObjectiveRequest, ProgrammeDetail,
    ProgrammeStatus,
};

/// The three parts of the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Overview,
    Needs,
    Objectives,
}

impl Part {
    const ALL: [Part; 3] = [Part::Overview, Part::Needs, Part::Objectives];

    fn tab_id(self) -> &'static str {
        match self {
            Part::Overview => "tab-overview",
            Part::Needs => "tab-needs",
            Part::Objectives => "tab-objectives",
        }
    }
}

/// What the editor keeps across the reloads its own changes cause.
#[derive(Clone, Copy)]
struct EditorState {
    reload: Callback<()>,
    part: RwSignal<Part>,
    /// The last change, announced politely.
    notice: RwSignal<Option<Label>>,
    /// An element to give the focus to once the page shows it (what was just added).
    focus: RwSignal<Option<String>>,
}

impl EditorState {
    /// After a change: announce it, and reload (the focus goes to `focus` if given).
    fn changed(&self, notice: impl Into<Label>, focus: Option<String>) {
        let _ = self.notice.try_set(Some(notice.into()));
        let _ = self.focus.try_set(focus);
        self.reload.run(());
    }
}

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn ProgrammeEditor() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = LocalResource::new(move || {
        let id = id();
        async move { api::get_programme(&id).await }
    });
    let state = EditorState {
        reload: Callback::new(move |_: ()| detail.refetch()),
        part: RwSignal::new(Part::Overview),
        notice: RwSignal::new(None),
        focus: RwSignal::new(None),
    };
    view! {
        <Suspense fallback=|| view! { <crate::components::Loading /> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        // Untracked: this view must not re-run when the session ends (the page
                        // is then being left and its data already gone).
                        Ok(detail) if session.may_untracked(Action::ManageProgrammes) => {
                            view! { <EditorBody detail=detail state=state /> }.into_any()
                        }
                        Ok(detail) => view! { <ReadView detail=detail /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundBack /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn EditorBody(detail: ProgrammeDetail, state: EditorState) -> impl IntoView {
    let i18n = use_i18n();
    let programme = detail.programme.clone();
    let id = programme.id.to_string();
    let status = programme.status;
    let can_edit = status.is_editable();
    let context = programme.context;
    let (starts, ends) = (programme.starts_on, programme.ends_on);
    {
        let title = programme.title.clone();
        page_title(move || title.clone());
    }
    // What was just added gets the focus once it is on the page.
    Effect::new(move |_| {
        if let Some(target) = state.focus.get_untracked() {
            focus_later(target);
            state.focus.set(None);
        }
    });
    let needs_count = detail.needs.len();
    let objectives_count = detail.objectives.len();
    let dashboard_href = format!("/programmes/{id}/dashboard");
    let part = state.part;
    let panel = {
        let detail = detail.clone();
        move || match part.get() {
            Part::Overview => view! { <OverviewPart detail=detail.clone() state=state /> }.into_any(),
            Part::Needs => view! { <NeedsPart detail=detail.clone() state=state can_edit=can_edit /> }.into_any(),
            Part::Objectives => {
                view! { <ObjectivesPart detail=detail.clone() state=state can_edit=can_edit /> }.into_any()
            }
        }
    };
    view! {
        <article class="programme">
            <a href="/programmes" class="back"><IconSvg icon=Icon::Back />{tr(ProgrammeText::BackToProgrammes)}</a>
            <header class="page-header">
                <div>
                    <h1 id="page-title" tabindex="-1">{programme.title.clone()}</h1>
                    <p class="muted">
                        <span class=format!("badge status-{}", status.as_str())>{move || status_name(status, i18n.lang.get())}</span>
                        " " {move || context_name(context, i18n.lang.get())} " · " {move || format_period(starts, ends, i18n.lang.get())}
                    </p>
                </div>
                <a href=dashboard_href class="button secondary"><IconSvg icon=Icon::Chart />{tr(ProgrammeText::OpenDashboard)}</a>
            </header>
            <p class="notice" role="status" aria-live="polite">
                {move || state.notice.get().map(|label| label.in_lang(i18n.lang.get()))}
            </p>
            <PartTabs part=part needs=needs_count objectives=objectives_count />
            <div role="tabpanel" id="programme-part" aria-labelledby=move || part.get().tab_id() tabindex="0">
                {panel}
            </div>
        </article>
    }
}

/// The tabs between the editor's parts (WAI-ARIA tabs: arrows, Home and End move along).
#[component]
fn PartTabs(part: RwSignal<Part>, needs: usize, objectives: usize) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |which: Part| match which {
        Part::Overview => i18n.t(ProgrammeText::Overview).to_owned(),
        Part::Needs => format!("{} ({needs})", i18n.t(ProgrammeText::Needs)),
        Part::Objectives => format!("{} ({objectives})", i18n.t(ProgrammeText::Objectives)),
    };
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
        <div class="tabs" role="tablist" aria-label=move || i18n.t(ProgrammeText::Sections) on:keydown=keydown>
            {Part::ALL
                .into_iter()
                .map(|which| {
                    view! {
                        <button
                            type="button"
                            role="tab"
                            id=which.tab_id()
                            aria-controls="programme-part"
                            aria-selected=move || if part.get() == which { "true" } else { "false" }
                            tabindex=move || if part.get() == which { "0" } else { "-1" }
                            on:click=move |_| select(which)
                        >
                            {move || label(which)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn OverviewPart(detail: ProgrammeDetail, state: EditorState) -> impl IntoView {
    let programme = detail.programme.clone();
    let status = programme.status;
    let can_edit = status.is_editable();
    let retrospective = programme.retrospective.clone();
    let description = programme.description.clone();
    view! {
        {if can_edit {
            view! {
                <section class="card">
                    <h2>{tr(ProgrammeText::TheProgramme)}</h2>
                    <ProgrammeForm
                        existing=programme.clone()
                        on_saved=Callback::new(move |_| state.changed(Text::Saved, None))
                    />
                </section>
            }
                .into_any()
        } else {
            view! {
                <section class="card">
                    <h2>{tr(ProgrammeText::Description)}</h2>
                    <p class="description">{description}</p>
                    {retrospective
                        .map(|text| {
                            view! {
                                <h2>{tr(ProgrammeText::Retrospective)}</h2>
                                <p class="description">{text}</p>
                            }
                        })}
                </section>
            }
                .into_any()
        }}
        {(status != ProgrammeStatus::Closed)
            .then(|| view! { <Lifecycle programme_id=programme.id.to_string() status=status state=state /> })}
    }
}

#[component]
fn NeedsPart(detail: ProgrammeDetail, state: EditorState, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = detail.programme.id.to_string();
    let action_error = RwSignal::new(None::<ApiError>);
    let adding = RwSignal::new(false);
    let delete_need = {
        let id = id.clone();
        move |need_id: String| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::delete_need(&id, &need_id).await {
                    Ok(()) => state.changed(ProgrammeText::NeedDeleted, Some("add-need".into())),
                    Err(error) => {
                        let _ = action_error.try_set(Some(error));
                    }
                }
            });
        }
    };
    let answered_by = |need_id: &NeedId| detail.objectives.iter().filter(|o| &o.need_id == need_id).count();
    let items = detail
        .needs
        .iter()
        .cloned()
        .map(|need| {
            let answering = answered_by(&need.id);
            let priority = need.priority;
            let need_id = need.id.to_string();
            let item_id = format!("need-{need_id}");
            let editing = RwSignal::new(false);
            let edited = need.clone();
            let programme_id = id.clone();
            let delete_need = delete_need.clone();
            view! {
                <li class="need" id=item_id tabindex="-1">
                    <div class="line">
                        <strong>{need.title}</strong>
                        <span class=format!("badge priority-{}", priority.as_str())>
                            {move || priority_name(priority, i18n.lang.get())}
                        </span>
                    </div>
                    <p class="muted">{need.evidence}</p>
                    <Show when=move || can_edit && !editing.get()>
                        {
                            let need_id = need_id.clone();
                            let delete_need = delete_need.clone();
                            view! {
                                <div class="actions spread">
                                    <button type="button" class="link" on:click=move |_| editing.set(true)>
                                        <IconSvg icon=Icon::Edit />
                                        {tr(Text::Edit)}
                                    </button>
                                    {if answering == 0 {
                                        let need_id = need_id.clone();
                                        let delete_need = delete_need.clone();
                                        view! {
                                            <ConfirmAction
                                                icon=Icon::Delete
                                                label=Text::Delete
                                                question=ProgrammeText::DeleteNeedQuestion
                                                on_confirm=Callback::new(move |_| delete_need(need_id.clone()))
                                            />
                                        }
                                            .into_any()
                                    } else {
                                        view! { <span class="muted small">{tr(ProgrammeText::NeedAnswered)}</span> }.into_any()
                                    }}
                                </div>
                            }
                        }
                    </Show>
                    <Show when=move || editing.get()>
                        <NeedForm
                            programme_id=programme_id.clone()
                            existing=edited.clone()
                            on_saved=Callback::new(move |need: Need| {
                                state.changed(ProgrammeText::NeedSaved, Some(format!("need-{}", need.id)))
                            })
                            on_cancel={
                                let item = format!("need-{}", edited.id);
                                Callback::new(move |_| {
                                    editing.set(false);
                                    focus_later(item.clone());
                                })
                            }
                        />
                    </Show>
                </li>
            }
        })
        .collect_view();
    let has_needs = !detail.needs.is_empty();
    view! {
        <section class="card">
            <div class="card-title">
                <h2>{tr(ProgrammeText::Needs)}</h2>
                <Show when=move || can_edit && !adding.get()>
                    <button type="button" id="add-need" class="primary" on:click=move |_| adding.set(true)>
                        <IconSvg icon=Icon::Plus />
                        {tr(ProgrammeText::AddNeed)}
                    </button>
                </Show>
            </div>
            <p class="muted">{tr(ProgrammeText::NeedsHint)}</p>
            <ErrorBanner error=action_error />
            <Show when=move || adding.get()>
                <NeedForm
                    programme_id=id.clone()
                    on_saved=Callback::new(move |need: Need| {
                        state.changed(ProgrammeText::NeedAdded, Some(format!("need-{}", need.id)))
                    })
                    on_cancel=Callback::new(move |_| {
                        adding.set(false);
                        focus_later("add-need");
                    })
                />
            </Show>
            {if has_needs {
                view! { <ul class="needs">{items}</ul> }.into_any()
            } else {
                view! { <p class="empty">{tr(ProgrammeText::NoNeeds)}</p> }.into_any()
            }}
        </section>
    }
}

#[component]
fn ObjectivesPart(detail: ProgrammeDetail, state: EditorState, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let programme = detail.programme.clone();
    let id = programme.id.to_string();
    let (starts, ends) = (programme.starts_on, programme.ends_on);
    let active = programme.status == ProgrammeStatus::Active;
    let needs = detail.needs.clone();
    let action_error = RwSignal::new(None::<ApiError>);
    let adding = RwSignal::new(false);
    let need_title = {
        let needs = needs.clone();
        move |need_id: &NeedId| {
            needs
                .iter()
                .find(|n| &n.id == need_id)
                .map(|n| n.title.clone())
                .unwrap_or_default()
        }
    };
    let delete_objective = {
        let id = id.clone();
        move |objective_id: String| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::delete_objective(&id, &objective_id).await {
                    Ok(()) => state.changed(ProgrammeText::ObjectiveDeleted, Some("add-objective".into())),
                    Err(error) => {
                        let _ = action_error.try_set(Some(error));
                    }
                }
            });
        }
    };
    let items = detail
        .objectives
        .iter()
        .cloned()
        .map(|objective| {
            let metric = objective.metric;
            let objective_id = objective.id.to_string();
            let item_id = format!("objective-{objective_id}");
            let baseline = objective.baseline;
            let (target, due_on) = (objective.target, objective.due_on);
            let captured = objective.baseline_at.is_some();
            let editing = RwSignal::new(false);
            let edited = objective.clone();
            let programme_id = id.clone();
            let needs = needs.clone();
            let delete_objective = delete_objective.clone();
            view! {
                <li class="objective" id=item_id tabindex="-1">
                    <div class="line">
                        <strong>{objective.title}</strong>
                    </div>
                    <dl class="facts">
                        <dt>{tr(ProgrammeText::Metric)}</dt>
                        <dd>{move || metric_name(metric, i18n.lang.get())}</dd>
                        <dt>{tr(ProgrammeText::Target)}</dt>
                        <dd>{move || format_value(target, metric.unit(), i18n.lang.get())}</dd>
                        <dt>{tr(ProgrammeText::DueOn)}</dt>
                        <dd>{move || format_date(due_on, i18n.lang.get())}</dd>
                        <dt>{tr(ProgrammeText::Baseline)}</dt>
                        <dd>
                            {move || match (baseline, captured) {
                                (Some(value), _) => format_value(value, metric.unit(), i18n.lang.get()),
                                (None, true) => i18n.t(ProgrammeText::NoDataYet).to_owned(),
                                (None, false) => i18n.t(ProgrammeText::NotYetCaptured).to_owned(),
                            }}
                        </dd>
                        <dt>{tr(ProgrammeText::Need)}</dt>
                        <dd>{need_title(&objective.need_id)}</dd>
                    </dl>
                    <Show when=move || can_edit && !editing.get()>
                        {
                            let objective_id = objective_id.clone();
                            let delete_objective = delete_objective.clone();
                            view! {
                                <div class="actions spread">
                                    <button type="button" class="link" on:click=move |_| editing.set(true)>
                                        <IconSvg icon=Icon::Edit />
                                        {tr(Text::Edit)}
                                    </button>
                                    <ConfirmAction
                                        icon=Icon::Delete
                                        label=Text::Delete
                                        question=ProgrammeText::DeleteObjectiveQuestion
                                        on_confirm=Callback::new(move |_| delete_objective(objective_id.clone()))
                                    />
                                </div>
                            }
                        }
                    </Show>
                    <Show when=move || editing.get()>
                        <ObjectiveForm
                            programme_id=programme_id.clone()
                            needs=needs.clone()
                            period=(starts, ends)
                            metric_locked=active
                            existing=edited.clone()
                            on_saved=Callback::new(move |objective: Objective| {
                                state.changed(ProgrammeText::ObjectiveSaved, Some(format!("objective-{}", objective.id)))
                            })
                            on_cancel={
                                let item = format!("objective-{}", edited.id);
                                Callback::new(move |_| {
                                    editing.set(false);
                                    focus_later(item.clone());
                                })
                            }
                        />
                    </Show>
                </li>
            }
        })
        .collect_view();
    let has_objectives = !detail.objectives.is_empty();
    let has_needs = !needs.is_empty();
    view! {
        <section class="card">
            <div class="card-title">
                <h2>{tr(ProgrammeText::Objectives)}</h2>
                <Show when=move || can_edit && has_needs && !adding.get()>
                    <button type="button" id="add-objective" class="primary" on:click=move |_| adding.set(true)>
                        <IconSvg icon=Icon::Plus />
                        {tr(ProgrammeText::AddObjective)}
                    </button>
                </Show>
            </div>
            <p class="muted">{tr(ProgrammeText::ObjectivesHint)}</p>
            <ErrorBanner error=action_error />
            <Show when=move || can_edit && !has_needs>
                <p class="empty">
                    {tr(ProgrammeText::AddNeedFirst)} " "
                    <button type="button" class="link" on:click=move |_| state.part.set(Part::Needs)>
                        {tr(ProgrammeText::GoToNeeds)}
                    </button>
                </p>
            </Show>
            <Show when=move || adding.get()>
                <ObjectiveForm
                    programme_id=id.clone()
                    needs=needs.clone()
                    period=(starts, ends)
                    on_saved=Callback::new(move |objective: Objective| {
                        state.changed(ProgrammeText::ObjectiveAdded, Some(format!("objective-{}", objective.id)))
                    })
                    on_cancel=Callback::new(move |_| {
                        adding.set(false);
                        focus_later("add-objective");
                    })
                />
            </Show>
            {if has_objectives {
                view! { <ul class="objectives">{items}</ul> }.into_any()
            } else {
                view! { <p class="empty">{tr(ProgrammeText::NoObjectives)}</p> }.into_any()
            }}
        </section>
    }
}

/// What ambassadors and learners read: what the programme asks of them, why it exists, and
/// how its objectives are going (the evidence behind needs is the training team's).
#[component]
fn ReadView(detail: ProgrammeDetail) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let programme = detail.programme.clone();
    let status = programme.status;
    let (starts, ends) = (programme.starts_on, programme.ends_on);
    let id = programme.id.to_string();
    {
        let title = programme.title.clone();
        page_title(move || title.clone());
    }
    let asks = match session.me_untracked().map(|me| me.role) {
        Some(Role::Ambassador) => ProgrammeText::AsksAmbassador,
        _ => ProgrammeText::AsksLearner,
    };
    let progress = LocalResource::new(move || {
        let id = id.clone();
        async move { api::programme_dashboard(&id).await }
    });
    view! {
        <article class="programme read">
            <a href="/programmes" class="back"><IconSvg icon=Icon::Back />{tr(ProgrammeText::BackToProgrammes)}</a>
            <header class="page-header">
                <div>
                    <h1>{programme.title.clone()}</h1>
                    <p class="muted">
                        <span class=format!("badge status-{}", status.as_str())>{move || status_name(status, i18n.lang.get())}</span>
                        " " {move || format_period(starts, ends, i18n.lang.get())}
                    </p>
                </div>
            </header>
            <section class="card">
                <h2>{tr(ProgrammeText::WhatItAsks)}</h2>
                <p>{tr(asks)}</p>
                <p class="description">{programme.description.clone()}</p>
            </section>
            <section class="card">
                <h2>{tr(ProgrammeText::Objectives)}</h2>
                <Suspense fallback=|| view! { <crate::components::Loading /> }>
                    {move || {
                        progress
                            .get()
                            .map(|result| match result {
                                Ok(dashboard) if dashboard.objectives.is_empty() => {
                                    view! { <p class="empty">{tr(ProgrammeText::NoObjectives)}</p> }.into_any()
                                }
                                Ok(dashboard) => {
                                    view! {
                                        <ul class="objective-progress">
                                            {dashboard.objectives.into_iter().map(|p| objective_row(p, false)).collect_view()}
                                        </ul>
                                    }
                                        .into_any()
                                }
                                Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                            })
                    }}
                </Suspense>
            </section>
            <section class="card">
                <h2>{tr(ProgrammeText::WhyThisProgramme)}</h2>
                <ul class="needs">
                    {detail
                        .needs
                        .into_iter()
                        .map(|need| {
                            let priority = need.priority;
                            view! {
                                <li class="need">
                                    <strong>{need.title}</strong>
                                    " "
                                    <span class=format!("badge priority-{}", priority.as_str())>
                                        {move || priority_name(priority, i18n.lang.get())}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        </article>
    }
}

/// Adds a need, or edits `existing`; closes with Cancel.
#[component]
fn NeedForm(
    programme_id: String,
    #[prop(optional)] existing: Option<Need>,
    on_saved: Callback<Need>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let need_id = existing.as_ref().map(|n| n.id.to_string());
    // Ids unique on the page, even with several forms open.
    let prefix = match &need_id {
        Some(id) => format!("edit-need-{id}"),
        None => "need".to_owned(),
    };
    // Opened, the form takes the focus on its first field.
    focus_later(format!("{prefix}-title"));
    let heading: Label = if need_id.is_some() {
        Text::Edit.into()
    } else {
        ProgrammeText::AddNeed.into()
    };
    let title = RwSignal::new(existing.as_ref().map(|n| n.title.clone()).unwrap_or_default());
    let evidence = RwSignal::new(existing.as_ref().map(|n| n.evidence.clone()).unwrap_or_default());
    let priority = RwSignal::new(existing.as_ref().map(|n| n.priority).unwrap_or(NeedPriority::High));
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = NeedRequest {
            title: title.get_untracked().into(),
            evidence: evidence.get_untracked().into(),
            priority: priority.get_untracked(),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(local_problem(errors)));
            return;
        }
        let programme_id = programme_id.clone();
        let need_id = need_id.clone();
        submission.send(
            error,
            move |key| async move {
                match need_id {
                    Some(need_id) => api::update_need(&programme_id, &need_id, &request).await,
                    None => api::create_need(&programme_id, &request, &key).await,
                }
            },
            move |need| on_saved.run(need),
        );
    };
    view! {
        <form class="inline-form" id=format!("{prefix}-form") on:submit=submit on:keydown=escape_cancels(on_cancel) novalidate>
            <h3>{move || heading.in_lang(i18n.lang.get())}</h3>
            <ErrorBanner error=error />
            <TextField id=format!("{prefix}-title") label=ProgrammeText::Title field="title" value=title error=error />
            <TextField id=format!("{prefix}-evidence") label=ProgrammeText::Evidence field="evidence" value=evidence error=error rows=2 />
            <label for=format!("{prefix}-priority")>{tr(ProgrammeText::Priority)}</label>
            <select
                id=format!("{prefix}-priority")
                name="need_priority"
                on:change=move |ev| {
                    if let Some(value) = NeedPriority::parse(&event_target_value(&ev)) {
                        priority.set(value);
                    }
                }
            >
                {NeedPriority::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.as_str() selected=move || priority.get() == option>
                                {move || priority_name(option, i18n.lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <div class="actions">
                <SubmitButton submission=submission label=ProgrammeText::SaveNeed />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{tr(Text::Cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn ObjectiveForm(
    programme_id: String,
    needs: Vec<Need>,
    /// The programme's period: an objective is due within it.
    period: (chrono::NaiveDate, chrono::NaiveDate),
    /// The programme is active: an objective's metric no longer changes (its baseline was
    /// measured with it).
    #[prop(optional)]
    metric_locked: bool,
    #[prop(optional)] existing: Option<Objective>,
    on_saved: Callback<Objective>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let (starts, ends) = period;
    let default_due = starts + (ends - starts) / 2;
    let i18n = use_i18n();
    let objective_id = existing.as_ref().map(|o| o.id.to_string());
    // Ids unique on the page, even with several forms open.
    let prefix = match &objective_id {
        Some(id) => format!("edit-objective-{id}"),
        None => "objective".to_owned(),
    };
    // Opened, the form takes the focus on its first field.
    focus_later(format!("{prefix}-need"));
    let heading: Label = if objective_id.is_some() {
        Text::Edit.into()
    } else {
        ProgrammeText::AddObjective.into()
    };
    let need = RwSignal::new(
        existing
            .as_ref()
            .map(|o| o.need_id.to_string())
            .or_else(|| needs.first().map(|n| n.id.to_string()))
            .unwrap_or_default(),
    );
    let title = RwSignal::new(existing.as_ref().map(|o| o.title.clone()).unwrap_or_default());
    let metric = RwSignal::new(existing.as_ref().map(|o| o.metric).unwrap_or(Metric::ActiveLearnerRate));
    let target = RwSignal::new(
        existing
            .as_ref()
            .map(|o| o.target.to_string())
            .unwrap_or_else(|| String::from("60")),
    );
    let due_on = RwSignal::new(existing.as_ref().map(|o| o.due_on).unwrap_or(default_due).to_string());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = Vec::new();
        let due = date_field("due_on", &due_on.get_untracked(), &mut errors);
        let target_value = target.get_untracked().trim().replace(',', ".").parse::<f64>().ok();
        if target_value.is_none() {
            errors.push(relais_domain::FieldError::new(
                "target",
                "invalid_value",
                "target must be a number",
            ));
        }
        // Every field checked at once, by the domain's own rules, before anything is sent;
        // a field that could not be read stands in with a valid value for the others' sake.
        let request = ObjectiveRequest {
            need_id: NeedId::new(need.get_untracked()),
            title: title.get_untracked().into(),
            metric: metric.get_untracked(),
            target: target_value.unwrap_or(1.0),
            due_on: due.unwrap_or(default_due),
        };
        if let Err(found) = request.validate(starts, ends) {
            merge_errors(&mut errors, found);
        }
        if !errors.is_empty() {
            error.set(Some(local_problem(errors)));
            return;
        }
        let programme_id = programme_id.clone();
        let objective_id = objective_id.clone();
        submission.send(
            error,
            move |key| async move {
                match objective_id {
                    Some(objective_id) => api::update_objective(&programme_id, &objective_id, &request).await,
                    None => api::create_objective(&programme_id, &request, &key).await,
                }
            },
            move |objective| on_saved.run(objective),
        );
    };
    view! {
        <form class="inline-form" id=format!("{prefix}-form") on:submit=submit on:keydown=escape_cancels(on_cancel) novalidate>
            <h3>{move || heading.in_lang(i18n.lang.get())}</h3>
            <ErrorBanner error=error />
            <label for=format!("{prefix}-need")>{tr(ProgrammeText::Need)}</label>
            <select id=format!("{prefix}-need") name="objective_need" on:change=move |ev| need.set(event_target_value(&ev))>
                {needs
                    .into_iter()
                    .map(|option| {
                        let value = option.id.to_string();
                        let selected = value.clone();
                        view! {
                            <option value=value selected=move || need.get() == selected>
                                {option.title}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldMessage error=error field="need_id" input_id=format!("{prefix}-need") />
            <TextField id=format!("{prefix}-title") label=ProgrammeText::Title field="title" value=title error=error />
            <label for=format!("{prefix}-metric")>{tr(ProgrammeText::Metric)}</label>
            <select
                id=format!("{prefix}-metric")
                name="objective_metric"
                disabled=metric_locked
                on:change=move |ev| {
                    if let Some(value) = Metric::parse(&event_target_value(&ev)) {
                        metric.set(value);
                    }
                }
            >
                {Metric::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.as_str() selected=move || metric.get() == option>
                                {move || metric_name(option, i18n.lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <Show when=move || metric_locked>
                <span class="hint">{tr(ProgrammeText::MetricLocked)}</span>
            </Show>
            <div class="row">
                <div>
                    <TextField
                        id=format!("{prefix}-target")
                        label=ProgrammeText::Target
                        field="target"
                        value=target
                        error=error
                        inputmode="decimal"
                    />
                </div>
                <div>
                    <TextField
                        id=format!("{prefix}-due")
                        label=ProgrammeText::DueOn
                        field="due_on"
                        value=due_on
                        error=error
                        input_type="date"
                    />
                </div>
            </div>
            <div class="actions">
                <SubmitButton submission=submission label=ProgrammeText::SaveObjective />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{tr(Text::Cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn Lifecycle(programme_id: String, status: ProgrammeStatus, state: EditorState) -> impl IntoView {
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiError>);
    let retrospective = RwSignal::new(String::new());
    let submission = Submission::new();
    let activate = {
        let id = programme_id.clone();
        Callback::new(move |_: ()| {
            let id = id.clone();
            submission.send(
                error,
                move |_| async move { api::activate_programme(&id).await },
                move |_| state.changed(ProgrammeText::ActivatedNotice, Some("page-title".into())),
            );
        })
    };
    let delete = {
        let id = programme_id.clone();
        Callback::new(move |_: ()| {
            let id = id.clone();
            let navigate = navigate.clone();
            submission.send(
                error,
                move |_| async move { api::delete_programme(&id).await },
                move |()| navigate("/programmes", Default::default()),
            );
        })
    };
    // Closing is the most final action: asked first, like the others.
    let close = {
        let id = programme_id.clone();
        Callback::new(move |_: ()| {
            let id = id.clone();
            let request = CloseProgrammeRequest {
                retrospective: retrospective.get_untracked().into(),
            };
            if let Err(errors) = request.validate() {
                error.set(Some(local_problem(errors)));
                return;
            }
            submission.send(
                error,
                move |_| async move { api::close_programme(&id, &request).await },
                move |_| state.changed(ProgrammeText::ClosedNotice, Some("page-title".into())),
            );
        })
    };
    view! {
        <section class="card lifecycle">
            <h2>{tr(ProgrammeText::Lifecycle)}</h2>
            {match status {
                ProgrammeStatus::Draft => {
                    view! {
                        <ErrorBanner error=error />
                        <p class="muted">{tr(ProgrammeText::ActivateHint)}</p>
                        <div class="actions spread">
                            <ConfirmAction
                                label=ProgrammeText::Activate
                                question=ProgrammeText::ActivateQuestion
                                on_confirm=activate
                                class="primary"
                                confirm_class="primary"
                            />
                            <ConfirmAction
                                label=ProgrammeText::DeleteDraft
                                question=ProgrammeText::DeleteDraftQuestion
                                on_confirm=delete
                            />
                        </div>
                    }
                        .into_any()
                }
                ProgrammeStatus::Active => {
                    view! {
                        <form on:submit=|event| event.prevent_default() novalidate>
                            <ErrorBanner error=error />
                            <TextField
                                id="retrospective"
                                label=ProgrammeText::Retrospective
                                field="retrospective"
                                value=retrospective
                                error=error
                                rows=3
                                hint=ProgrammeText::RetrospectiveHint
                            />
                            <ConfirmAction
                                label=ProgrammeText::Close
                                question=ProgrammeText::CloseQuestion
                                on_confirm=close
                                class="danger"
                            />
                        </form>
                    }
                        .into_any()
                }
                ProgrammeStatus::Closed => ().into_any(),
            }}
        </section>
    }
}

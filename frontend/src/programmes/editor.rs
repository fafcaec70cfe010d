//! One programme: its purpose, needs and objectives; admins edit them and move the
//! programme through its lifecycle, everyone else reads.

use super::api;
use super::form::ProgrammeForm;
use super::strings::{context_name, format_value, metric_name, priority_name, status_name, ProgrammeText};
use super::{date_field, merge_errors};
use crate::client::{use_session, ApiError};
use crate::components::{
    local_problem, page_title, ConfirmAction, ErrorBanner, FieldMessage, NotFoundBack, Submission, SubmitButton,
    TextField,
};
use crate::i18n::{format_date, format_period, tr, use_i18n, Label, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::access::Action;
use relais_domain::ids::NeedId;
use relais_domain::programmes::{
    CloseProgrammeRequest, Metric, Need, NeedPriority, NeedRequest, Objective, ObjectiveRequest, ProgrammeDetail,
    ProgrammeStatus,
};

#[component]
pub fn ProgrammeEditor() -> impl IntoView {
    view! {
        <crate::components::Protected>
            <EditorContent />
        </crate::components::Protected>
    }
}

#[component]
fn EditorContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = LocalResource::new(move || {
        let id = id();
        async move { api::get_programme(&id).await }
    });
    let reload = Callback::new(move |_: ()| detail.refetch());
    // Lives above the refetched body so a confirmation survives the reload it causes.
    let notice = RwSignal::new(None::<Text>);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{tr(Text::Loading)}</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(detail) => view! { <EditorBody detail=detail reload=reload notice=notice /> }.into_any(),
                        Err(_) => view! { <NotFoundBack /> }.into_any()
                    })
            }}
        </Suspense>
    }
}

#[component]
fn EditorBody(detail: ProgrammeDetail, reload: Callback<()>, notice: RwSignal<Option<Text>>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let programme = detail.programme.clone();
    let id = programme.id.to_string();
    let status = programme.status;
    let can_edit = session.may(Action::ManageProgrammes) && status.is_editable();
    let needs = detail.needs.clone();
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
    let action_error = RwSignal::new(None::<ApiError>);
    let context = programme.context;
    {
        let title = programme.title.clone();
        page_title(move || title.clone());
    }

    let delete_need = {
        let id = id.clone();
        move |need_id: String| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::delete_need(&id, &need_id).await {
                    Ok(()) => reload.run(()),
                    Err(error) => {
                        let _ = action_error.try_set(Some(error));
                    }
                }
            });
        }
    };
    let delete_objective = {
        let id = id.clone();
        move |objective_id: String| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::delete_objective(&id, &objective_id).await {
                    Ok(()) => reload.run(()),
                    Err(error) => {
                        let _ = action_error.try_set(Some(error));
                    }
                }
            });
        }
    };

    let programme_id = id.clone();
    let needs_view = needs
        .iter()
        .cloned()
        .map(|need| {
            let priority = need.priority;
            let need_id = need.id.to_string();
            let delete_need = delete_need.clone();
            let editing = RwSignal::new(false);
            let edited = need.clone();
            let programme_id = programme_id.clone();
            view! {
                <li class="need">
                    <div class="line">
                        <strong>{need.title}</strong>
                        <span class=format!("badge priority-{}", priority.as_str())>
                            {move || priority_name(priority, i18n.lang.get())}
                        </span>
                        <Show when=move || can_edit>
                            <button type="button" class="link" on:click=move |_| editing.update(|e| *e = !*e)>
                                {tr(Text::Edit)}
                            </button>
                            {
                                let need_id = need_id.clone();
                                let delete_need = delete_need.clone();
                                view! {
                                    <ConfirmAction
                                        label=Text::Delete
                                        question=ProgrammeText::DeleteNeedQuestion
                                        on_confirm=Callback::new(move |_| delete_need(need_id.clone()))
                                    />
                                }
                            }
                        </Show>
                    </div>
                    <p class="muted">{need.evidence}</p>
                    <Show when=move || editing.get()>
                        <NeedForm programme_id=programme_id.clone() existing=edited.clone() reload=reload />
                    </Show>
                </li>
            }
        })
        .collect_view();

    let (starts, ends) = (programme.starts_on, programme.ends_on);
    let objectives_view = detail
        .objectives
        .iter()
        .cloned()
        .map(|objective| {
            let metric = objective.metric;
            let objective_id = objective.id.to_string();
            let delete_objective = delete_objective.clone();
            let baseline = objective.baseline;
            let (target, due_on) = (objective.target, objective.due_on);
            let captured = objective.baseline_at.is_some();
            let editing = RwSignal::new(false);
            let edited = objective.clone();
            let programme_id = programme_id.clone();
            let needs = needs.clone();
            view! {
                <li class="objective">
                    <div class="line">
                        <strong>{objective.title}</strong>
                        <Show when=move || can_edit>
                            <button type="button" class="link" on:click=move |_| editing.update(|e| *e = !*e)>
                                {tr(Text::Edit)}
                            </button>
                            {
                                let objective_id = objective_id.clone();
                                let delete_objective = delete_objective.clone();
                                view! {
                                    <ConfirmAction
                                        label=Text::Delete
                                        question=ProgrammeText::DeleteObjectiveQuestion
                                        on_confirm=Callback::new(move |_| delete_objective(objective_id.clone()))
                                    />
                                }
                            }
                        </Show>
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
                    <Show when=move || editing.get()>
                        <ObjectiveForm
                            programme_id=programme_id.clone()
                            needs=needs.clone()
                            period=(starts, ends)
                            existing=edited.clone()
                            reload=reload
                        />
                    </Show>
                </li>
            }
        })
        .collect_view();

    let dashboard_href = format!("/programmes/{id}/dashboard");
    let has_needs = !needs.is_empty();
    let has_objectives = !detail.objectives.is_empty();
    let description = programme.description.clone();
    let retrospective = programme.retrospective.clone();
    let period = move || format_period(starts, ends, i18n.lang.get());

    view! {
        <article class="programme">
            <a href="/programmes" class="back">{tr(ProgrammeText::BackToProgrammes)}</a>
            <div class="heading">
                <h1>{programme.title.clone()}</h1>
                <span class=format!("badge status-{}", status.as_str())>{move || status_name(status, i18n.lang.get())}</span>
            </div>
            <p class="muted">{move || context_name(context, i18n.lang.get())} " · " {period}</p>
            <a href=dashboard_href class="button secondary">{tr(ProgrammeText::OpenDashboard)}</a>
            <ErrorBanner error=action_error />
            {if can_edit {
                view! {
                    <section class="card">
                        <ProgrammeForm
                            existing=programme.clone()
                            on_saved=Callback::new(move |_| {
                                notice.set(Some(Text::Saved));
                                reload.run(());
                            })
                        />
                        {move || notice.get().map(|text| view! { <span class="saved" role="status">{tr(text)}</span> })}
                    </section>
                }
                    .into_any()
            } else {
                view! {
                    <section class="card">
                        <p class="muted">{tr(ProgrammeText::ReadOnlyHint)}</p>
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
            <section class="card">
                <h2>{tr(ProgrammeText::Needs)}</h2>
                {if has_needs {
                    view! { <ul class="needs">{needs_view}</ul> }.into_any()
                } else {
                    view! { <p class="muted">{tr(ProgrammeText::NoNeeds)}</p> }.into_any()
                }}
                <Show when=move || can_edit>
                    <NeedForm programme_id=id.clone() reload=reload />
                </Show>
            </section>
            <section class="card">
                <h2>{tr(ProgrammeText::Objectives)}</h2>
                {if has_objectives {
                    view! { <ul class="objectives">{objectives_view}</ul> }.into_any()
                } else {
                    view! { <p class="muted">{tr(ProgrammeText::NoObjectives)}</p> }.into_any()
                }}
                {
                    let needs = needs.clone();
                    let programme_id = programme.id.to_string();
                    move || {
                        (can_edit && !needs.is_empty())
                            .then(|| {
                                view! {
                                    <ObjectiveForm
                                        programme_id=programme_id.clone()
                                        needs=needs.clone()
                                        period=(starts, ends)
                                        reload=reload
                                    />
                                }
                            })
                    }
                }
            </section>
            <Show when=move || session.may(Action::ManageProgrammes)>
                <Lifecycle programme_id=programme.id.to_string() status=status reload=reload />
            </Show>
        </article>
    }
}

/// Adds a need, or edits `existing`.
#[component]
fn NeedForm(programme_id: String, #[prop(optional)] existing: Option<Need>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let need_id = existing.as_ref().map(|n| n.id.to_string());
    let prefix = if need_id.is_some() { "edit-need" } else { "need" };
    let heading: Label = if need_id.is_some() {
        Text::Save.into()
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
        submission.run(move |key| async move {
            let result = match need_id {
                Some(need_id) => api::update_need(&programme_id, &need_id, &request).await,
                None => api::create_need(&programme_id, &request, &key).await,
            };
            match result {
                Ok(_) => {
                    let _ = error.try_set(None);
                    let _ = title.try_set(String::new());
                    let _ = evidence.try_set(String::new());
                    reload.run(());
                    true
                }
                Err(failure) => {
                    let _ = error.try_set(Some(failure));
                    false
                }
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <Show when=move || heading == Label::from(ProgrammeText::AddNeed)>
                <h3>{tr(ProgrammeText::AddNeed)}</h3>
            </Show>
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
            <SubmitButton submission=submission label=heading class="secondary" />
        </form>
    }
}

#[component]
fn ObjectiveForm(
    programme_id: String,
    needs: Vec<Need>,
    /// The programme's period: an objective is due within it.
    period: (chrono::NaiveDate, chrono::NaiveDate),
    #[prop(optional)] existing: Option<Objective>,
    reload: Callback<()>,
) -> impl IntoView {
    let (starts, ends) = period;
    let default_due = starts + (ends - starts) / 2;
    let i18n = use_i18n();
    let objective_id = existing.as_ref().map(|o| o.id.to_string());
    let prefix = if objective_id.is_some() {
        "edit-objective"
    } else {
        "objective"
    };
    let heading: Label = if objective_id.is_some() {
        Text::Save.into()
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
        submission.run(move |key| async move {
            let result = match objective_id {
                Some(objective_id) => api::update_objective(&programme_id, &objective_id, &request).await,
                None => api::create_objective(&programme_id, &request, &key).await,
            };
            match result {
                Ok(_) => {
                    let _ = error.try_set(None);
                    let _ = title.try_set(String::new());
                    reload.run(());
                    true
                }
                Err(failure) => {
                    let _ = error.try_set(Some(failure));
                    false
                }
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <Show when=move || heading == Label::from(ProgrammeText::AddObjective)>
                <h3>{tr(ProgrammeText::AddObjective)}</h3>
            </Show>
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
            <SubmitButton submission=submission label=heading class="secondary" />
        </form>
    }
}

#[component]
fn Lifecycle(programme_id: String, status: ProgrammeStatus, reload: Callback<()>) -> impl IntoView {
    let navigate = use_navigate();
    let error = RwSignal::new(None::<ApiError>);
    let retrospective = RwSignal::new(String::new());
    let submission = Submission::new();
    let activate = {
        let id = programme_id.clone();
        Callback::new(move |_: ()| {
            let id = id.clone();
            submission.run(move |_| async move {
                match api::activate_programme(&id).await {
                    Ok(_) => {
                        reload.run(());
                        true
                    }
                    Err(failure) => {
                        let _ = error.try_set(Some(failure));
                        false
                    }
                }
            });
        })
    };
    let delete = {
        let id = programme_id.clone();
        Callback::new(move |_: ()| {
            let id = id.clone();
            let navigate = navigate.clone();
            submission.run(move |_| async move {
                match api::delete_programme(&id).await {
                    Ok(()) => {
                        navigate("/programmes", Default::default());
                        true
                    }
                    Err(failure) => {
                        let _ = error.try_set(Some(failure));
                        false
                    }
                }
            });
        })
    };
    let close = {
        let id = programme_id.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let id = id.clone();
            let request = CloseProgrammeRequest {
                retrospective: retrospective.get_untracked().into(),
            };
            if let Err(errors) = request.validate() {
                error.set(Some(local_problem(errors)));
                return;
            }
            submission.run(move |_| async move {
                match api::close_programme(&id, &request).await {
                    Ok(_) => {
                        reload.run(());
                        true
                    }
                    Err(failure) => {
                        let _ = error.try_set(Some(failure));
                        false
                    }
                }
            });
        }
    };
    view! {
        <section class="card lifecycle">
            <h2>{tr(ProgrammeText::Lifecycle)}</h2>
            <ErrorBanner error=error />
            {match status {
                ProgrammeStatus::Draft => {
                    view! {
                        <p class="muted">{tr(ProgrammeText::ActivateHint)}</p>
                        <div class="actions spread">
                            <ConfirmAction
                                label=ProgrammeText::Activate
                                question=ProgrammeText::ActivateQuestion
                                on_confirm=activate
                                class="primary"
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
                        <form on:submit=close novalidate>
                            <TextField
                                id="retrospective"
                                label=ProgrammeText::Retrospective
                                field="retrospective"
                                value=retrospective
                                error=error
                                rows=3
                                hint=ProgrammeText::RetrospectiveHint
                            />
                            <SubmitButton submission=submission label=ProgrammeText::Close class="danger" />
                        </form>
                    }
                        .into_any()
                }
                ProgrammeStatus::Closed => ().into_any(),
            }}
        </section>
    }
}

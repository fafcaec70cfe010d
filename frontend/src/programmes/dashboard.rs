//! The programme dashboard (W4): objectives with computed progress drawn as SVG, and the
//! ambassador network's figures, hidden below k.

use super::api;
use super::pacing::{pacing_badge, PacingBar};
use super::strings::{format_value, metric_name, reading_text, status_name, ProgrammeText};
use crate::components::{page_title, NotFoundBack, Protected};
use crate::i18n::{format_date, format_moment, format_period, tr, use_i18n, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use relais_domain::analytics::Reading;
use relais_domain::programmes::{MetricUnit, ObjectiveProgress, ProgrammeDashboard};

#[component]
pub fn ProgrammeDashboardPage() -> impl IntoView {
    view! {
        <Protected>
            <DashboardContent />
        </Protected>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let dashboard = LocalResource::new(move || {
        let id = id();
        async move { api::programme_dashboard(&id).await }
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted">{tr(Text::Loading)}</p> }>
            {move || {
                dashboard
                    .get()
                    .map(|result| match result {
                        Ok(dashboard) => view! { <DashboardBody dashboard=dashboard /> }.into_any(),
                        Err(_) => view! { <NotFoundBack /> }.into_any()
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DashboardBody(dashboard: ProgrammeDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let programme = dashboard.programme;
    {
        let title = programme.title.clone();
        page_title(move || format!("{} · {}", i18n.t(ProgrammeText::Dashboard), title));
    }
    let status = programme.status;
    let editor = format!("/programmes/{}", programme.id);
    let k = dashboard.k;
    let tiles = [
        (ProgrammeText::Learners, dashboard.learners),
        (ProgrammeText::Ambassadors, dashboard.ambassadors),
        (ProgrammeText::ActiveAmbassadors, dashboard.active_ambassadors),
        (ProgrammeText::Coverage, dashboard.coverage),
    ];
    let any_suppressed = tiles.iter().any(|(_, r)| *r == Reading::Suppressed)
        || dashboard.objectives.iter().any(|o| o.current == Reading::Suppressed);
    let computed_at = dashboard.computed_at;
    let (starts, ends) = (programme.starts_on, programme.ends_on);
    view! {
        <article class="dashboard">
            <a href=editor class="back">{tr(ProgrammeText::EditProgramme)}</a>
            <div class="heading">
                <h1>{tr(ProgrammeText::Dashboard)} " — " {programme.title}</h1>
                <span class=format!("badge status-{}", status.as_str())>{move || status_name(status, i18n.lang.get())}</span>
            </div>
            <p class="muted">
                {tr(ProgrammeText::Period)} " " {move || format_period(starts, ends, i18n.lang.get())} " · "
                {tr(ProgrammeText::ComputedAt)} " " {move || format_moment(computed_at, i18n.lang.get())}
            </p>
            <section class="tiles">
                {tiles
                    .into_iter()
                    .map(|(label, reading)| {
                        view! {
                            <div class="tile">
                                <span class="tile-label">{tr(label)}</span>
                                <span class=format!("tile-value {}", reading_class(reading))>
                                    {move || reading_text(reading, MetricUnit::Count, i18n.lang.get())}
                                </span>
                            </div>
                        }
                    })
                    .collect_view()}
            </section>
            <section class="card">
                <h2>{tr(ProgrammeText::Objectives)}</h2>
                <ul class="objective-progress">
                    {dashboard.objectives.into_iter().map(objective_row).collect_view()}
                </ul>
            </section>
            <Show when=move || any_suppressed>
                <p class="muted small">{tr(ProgrammeText::SuppressedHint)} " (k = " {k} ")"</p>
            </Show>
        </article>
    }
}

fn reading_class(reading: Reading) -> &'static str {
    match reading {
        Reading::Value { .. } => "value",
        Reading::NoData => "no-data",
        Reading::Suppressed => "suppressed",
    }
}

fn objective_row(progress: ObjectiveProgress) -> impl IntoView {
    let i18n = use_i18n();
    let objective = progress.objective;
    let metric = objective.metric;
    let unit = progress.unit;
    let current = progress.current;
    let baseline = objective.baseline;
    let captured = objective.baseline_at.is_some();
    let target_value = objective.target;
    let target = move || format_value(target_value, unit, i18n.lang.get());
    let due_on = objective.due_on;
    let pacing = progress.pacing;
    view! {
        <li class="objective-card">
            <div class="line">
                <strong>{objective.title}</strong>
                {move || pacing.map(|p| pacing_badge(p.status, p.achieved, i18n.lang.get()))}
            </div>
            <p class="muted">{move || metric_name(metric, i18n.lang.get())} " · " {tr(ProgrammeText::DueOn)} " " {move || format_date(due_on, i18n.lang.get())}</p>
            <dl class="facts">
                <dt>{tr(ProgrammeText::Baseline)}</dt>
                <dd>
                    {move || match (baseline, captured) {
                        (Some(value), _) => format_value(value, unit, i18n.lang.get()),
                        (None, true) => i18n.t(ProgrammeText::NoDataYet).to_owned(),
                        (None, false) => i18n.t(ProgrammeText::NotYetCaptured).to_owned(),
                    }}
                </dd>
                <dt>{tr(ProgrammeText::Current)}</dt>
                <dd class=reading_class(current)>{move || reading_text(current, unit, i18n.lang.get())}</dd>
                <dt>{tr(ProgrammeText::Target)}</dt>
                <dd>{target}</dd>
            </dl>
            {pacing.map(|pacing| view! { <PacingBar pacing=pacing /> })}
        </li>
    }
}

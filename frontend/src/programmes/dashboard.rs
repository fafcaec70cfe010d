//! The programme dashboard (W4): objectives with computed progress drawn as SVG, and the
//! ambassador network's figures, hidden below k.

use super::api;
use super::pacing::{pacing_badge, PacingBar};
use super::strings::{format_value, metric_name, metric_source, reading_text, status_name, ProgrammeText};
use super::trend::TrendLine;
use crate::components::{page_title, Icon, IconSvg, LoadFailed, NotFoundBack};
use crate::i18n::{format_date, format_moment, format_period, tr, use_i18n, Lang, Strings};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use relais_domain::analytics::Reading;
use relais_domain::programmes::{MetricUnit, Objective, ObjectiveProgress, ProgrammeDashboard, ProgrammeStatus};

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn ProgrammeDashboardPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let dashboard = LocalResource::new(move || {
        let id = id();
        async move { api::programme_dashboard(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <crate::components::Loading /> }>
            {move || {
                dashboard
                    .get()
                    .map(|result| match result {
                        Ok(dashboard) => view! { <DashboardBody dashboard=dashboard /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundBack /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn DashboardBody(dashboard: ProgrammeDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let for_csv = StoredValue::new(dashboard.clone());
    let csv = move || for_csv.with_value(|dashboard| dashboard_csv(dashboard, i18n.lang.get()));
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
    let draft = status == ProgrammeStatus::Draft;
    let closed = status == ProgrammeStatus::Closed;
    let file_name = {
        let slug: String = programme
            .title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let slug = slug
            .split('-')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        format!("relais-{slug}-{}.csv", dashboard.computed_at.date_naive())
    };
    let retrospective = programme.retrospective.clone();
    let planned: Vec<Objective> = dashboard.objectives.iter().map(|p| p.objective.clone()).collect();
    view! {
        <article class="dashboard">
            <a href=editor class="back"><IconSvg icon=Icon::Back />{tr(ProgrammeText::EditProgramme)}</a>
            <header class="page-header">
                <div>
                    <h1>{tr(ProgrammeText::Dashboard)} " — " {programme.title}</h1>
                    <p class="muted">
                        <span class=format!("badge status-{}", status.as_str())>{move || status_name(status, i18n.lang.get())}</span>
                        " " {tr(ProgrammeText::Period)} " " {move || format_period(starts, ends, i18n.lang.get())}
                    </p>
                </div>
                <Show when=move || !draft>
                    <a class="button secondary" href=csv download=file_name.clone()>
                        <IconSvg icon=Icon::Download />
                        {tr(ProgrammeText::ExportCsv)}
                    </a>
                </Show>
            </header>
            {if draft {
                view! {
                    <section class="card">
                        <h2>{tr(ProgrammeText::WhatWillBeMeasured)}</h2>
                        <p class="muted">{tr(ProgrammeText::DraftHint)}</p>
                        {if planned.is_empty() {
                            view! { <p class="empty">{tr(ProgrammeText::NoObjectives)}</p> }.into_any()
                        } else {
                            view! { <ul class="objective-progress">{planned.into_iter().map(planned_row).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                }
                    .into_any()
            } else {
                view! {
                    <p class="muted">
                        {move || {
                            if closed { i18n.t(ProgrammeText::FiguresAtClosing) } else { i18n.t(ProgrammeText::ComputedAt) }
                        }} " " {move || format_moment(computed_at, i18n.lang.get())}
                    </p>
                    {retrospective
                        .map(|text| {
                            view! {
                                <section class="card">
                                    <h2>{tr(ProgrammeText::Retrospective)}</h2>
                                    <p class="description">{text}</p>
                                </section>
                            }
                        })}
                    <section class="tiles">
                        {tiles
                            .into_iter()
                            .map(|(label, reading)| {
                                view! {
                                    <div class="tile">
                                        <span class="tile-label">{tr(label)}</span>
                                        <span class=format!("tile-value {}", reading_class(reading))>
                                            {move || shown(reading, MetricUnit::Count, closed, i18n.lang.get())}
                                        </span>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </section>
                    <section class="card">
                        <h2>{tr(ProgrammeText::Objectives)}</h2>
                        <ul class="objective-progress">
                            {dashboard.objectives.into_iter().map(|p| objective_row(p, closed)).collect_view()}
                        </ul>
                    </section>
                    <Show when=move || any_suppressed>
                        <p class="muted small">{tr(ProgrammeText::SuppressedHint)} " " {k} " " {tr(ProgrammeText::People)}</p>
                    </Show>
                }
                    .into_any()
            }}
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

/// A figure's text; a closed programme's missing figure is "no data", not "not yet".
fn shown(reading: Reading, unit: MetricUnit, closed: bool, lang: Lang) -> String {
    match reading {
        Reading::NoData if closed => ProgrammeText::NoDataAtClosing.in_lang(lang).to_owned(),
        other => reading_text(other, unit, lang),
    }
}

pub(super) fn objective_row(progress: ObjectiveProgress, closed: bool) -> impl IntoView {
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
    let trend = progress.trend;
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
                <dd class=reading_class(current)>{move || shown(current, unit, closed, i18n.lang.get())}</dd>
                <dt>{tr(ProgrammeText::Target)}</dt>
                <dd>{target}</dd>
            </dl>
            {pacing.map(|pacing| view! { <PacingBar pacing=pacing /> })}
            <TrendLine points=trend target=target_value due_on=due_on unit=unit />
            <details class="source">
                <summary>{tr(ProgrammeText::Source)}</summary>
                <p class="muted small">{move || metric_source(metric, i18n.lang.get())}</p>
            </details>
        </li>
    }
}

/// A draft's objective: what will be measured, and from what.
fn planned_row(objective: Objective) -> impl IntoView {
    let i18n = use_i18n();
    let metric = objective.metric;
    let (target, due_on) = (objective.target, objective.due_on);
    view! {
        <li class="objective-card">
            <strong>{objective.title}</strong>
            <dl class="facts">
                <dt>{tr(ProgrammeText::Metric)}</dt>
                <dd>{move || metric_name(metric, i18n.lang.get())}</dd>
                <dt>{tr(ProgrammeText::Target)}</dt>
                <dd>{move || format_value(target, metric.unit(), i18n.lang.get())}</dd>
                <dt>{tr(ProgrammeText::DueOn)}</dt>
                <dd>{move || format_date(due_on, i18n.lang.get())}</dd>
            </dl>
            <p class="muted small">{move || metric_source(metric, i18n.lang.get())}</p>
        </li>
    }
}

/// One CSV field, quoted when it must be (RFC 4180).
fn csv_field(value: &str, separator: char) -> String {
    if value.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The dashboard's objectives as CSV for a spreadsheet in the reader's language: in French
/// `;` between columns and decimal commas (what French spreadsheets expect), headers and
/// states in words; UTF-8 with a byte-order mark so accents survive. Returned as a `data:`
/// address for a download link.
fn dashboard_csv(dashboard: &ProgrammeDashboard, lang: Lang) -> String {
    let separator = if lang == Lang::Fr { ';' } else { ',' };
    let number = |value: f64| {
        let text = ((value * 10.0).round() / 10.0).to_string();
        if lang == Lang::Fr {
            text.replace('.', ",")
        } else {
            text
        }
    };
    let headers = [
        ProgrammeText::Title,
        ProgrammeText::Metric,
        ProgrammeText::Baseline,
        ProgrammeText::Current,
        ProgrammeText::Target,
        ProgrammeText::DueOn,
        ProgrammeText::Progress,
        ProgrammeText::ComputedAt,
    ]
    .map(|header| csv_field(header.in_lang(lang), separator));
    let mut csv = format!("\u{feff}{}\r\n", headers.join(&separator.to_string()));
    for progress in &dashboard.objectives {
        let objective = &progress.objective;
        let current = match progress.current {
            Reading::Value { value } => number(value),
            other => reading_text(other, progress.unit, lang),
        };
        let pacing = match progress.pacing {
            Some(p) if p.achieved => ProgrammeText::Achieved.in_lang(lang).to_owned(),
            Some(p) => super::strings::pacing_name(p.status, lang).to_owned(),
            None => String::new(),
        };
        let fields = [
            objective.title.clone(),
            metric_name(objective.metric, lang).to_owned(),
            objective.baseline.map(number).unwrap_or_default(),
            current,
            number(objective.target),
            objective.due_on.to_string(),
            pacing,
            dashboard.computed_at.to_rfc3339(),
        ]
        .map(|field| csv_field(&field, separator));
        csv.push_str(&fields.join(&separator.to_string()));
        csv.push_str("\r\n");
    }
    format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&csv))
    )
}

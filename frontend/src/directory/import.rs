//! The HR file import, for admins: choose the file, preview what it would change (every
//! bad row with its line and column), then apply it, with its progress while it runs.

use super::api;
use super::strings::{change_name, import_error_text, DirectoryText};
use crate::client::{use_session, ApiError};
use crate::components::{focus_later, page_title, ErrorBanner, Submission, SubmitButton};
use crate::i18n::{format_number, tr, use_i18n, Lang, Text};
use leptos::prelude::*;
use leptos_router::components::A;
use relais_domain::access::Action;
use relais_domain::directory::import::{DirectoryImport, ImportReport, ImportRequest, ImportState, MAX_LISTED};
use wasm_bindgen::JsCast;

/// Waits `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Follows the import while it runs; stops when it is done or the screen is gone.
fn follow(import: RwSignal<Option<DirectoryImport>>, error: RwSignal<Option<ApiError>>) {
    leptos::task::spawn_local(async move {
        loop {
            let Some(Some(current)) = import.try_get_untracked() else {
                return;
            };
            if !matches!(current.state, ImportState::Previewing | ImportState::Applying) {
                focus_later("import-outcome");
                return;
            }
            sleep(600).await;
            match api::get_import(current.id.as_str()).await {
                Ok(now) => {
                    if import.try_set(Some(now)).is_some() {
                        return;
                    }
                }
                Err(failure) => {
                    let _ = error.try_set(Some(failure));
                    return;
                }
            }
        }
    });
}

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn Import() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    page_title(move || i18n.t(DirectoryText::ImportTitle).to_owned());
    let file = RwSignal::new(None::<(String, String)>);
    let file_problem = RwSignal::new(None::<DirectoryText>);
    let deactivate = RwSignal::new(false);
    let import = RwSignal::new(None::<DirectoryImport>);
    let error = RwSignal::new(None::<ApiError>);
    let sending = Submission::new();
    let applying = Submission::new();

    let chosen = move |event: leptos::ev::Event| {
        let input = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(chosen) = input.and_then(|i| i.files()).and_then(|files| files.get(0)) else {
            file.set(None);
            return;
        };
        let name = chosen.name();
        file_problem.set(None);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(chosen.text()).await {
                Ok(text) => {
                    let text = text.as_string().unwrap_or_default();
                    // Said at once, rather than after a preview of garbage.
                    let problem = if text.trim().is_empty() {
                        Some(DirectoryText::FileEmpty)
                    } else if !relais_domain::directory::import::is_text(&text) {
                        Some(DirectoryText::FileNotText)
                    } else {
                        None
                    };
                    let _ = file_problem.try_set(problem);
                    let _ = file.try_set(problem.is_none().then_some((name, text)));
                }
                Err(_) => {
                    let _ = file_problem.try_set(Some(DirectoryText::FileUnreadable));
                }
            }
        });
    };
    let preview = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some((file_name, content)) = file.get_untracked() else {
            file_problem.set(Some(DirectoryText::NoFileChosen));
            focus_later("import-file");
            return;
        };
        let request = ImportRequest {
            file_name,
            content,
            deactivate_missing: Some(deactivate.get_untracked()),
        };
        sending.send(
            error,
            move |_| async move { api::start_import(&request).await },
            move |started| {
                import.set(Some(started));
                follow(import, error);
            },
        );
    };
    let apply = Callback::new(move |()| {
        let Some(id) = import.get_untracked().map(|i| i.id.to_string()) else {
            return;
        };
        applying.send(
            error,
            move |_| async move { api::apply_import(&id).await },
            move |queued| {
                import.set(Some(queued));
                follow(import, error);
            },
        );
    });
    let state = move || import.with(|i| i.as_ref().map(|i| i.state));

    view! {
        <section>
            <p><a href="/directory">{tr(DirectoryText::BackToDirectory)}</a></p>
            <h1>{tr(DirectoryText::ImportTitle)}</h1>
            <Show
                when=move || session.may(Action::ManageDirectory)
                fallback=move || view! { <p class="error" role="alert">{tr(Text::ErrorForbidden)}</p> }
            >
                <p class="muted">{tr(DirectoryText::ImportIntro)}</p>
                <ErrorBanner error=error />
                <Show when=move || state().is_none()>
                    <form class="card" on:submit=preview novalidate>
                        <p class="muted small">{tr(DirectoryText::ImportFormat)}</p>
                        <label for="import-file">{tr(DirectoryText::ChooseFile)}</label>
                        <input
                            id="import-file"
                            type="file"
                            accept=".csv,text/csv,text/plain"
                            aria-describedby="import-file-error"
                            aria-invalid=move || if file_problem.get().is_some() { "true" } else { "false" }
                            on:change=chosen
                        />
                        <p class="field-error" id="import-file-error">{move || file_problem.get().map(|t| i18n.t(t))}</p>
                        <div class="checkbox">
                            <input
                                id="import-deactivate"
                                type="checkbox"
                                aria-describedby="import-deactivate-hint"
                                prop:checked=move || deactivate.get()
                                on:change=move |ev| deactivate.set(event_target_checked(&ev))
                            />
                            <label for="import-deactivate">{tr(DirectoryText::DeactivateMissing)}</label>
                        </div>
                        <p class="muted small" id="import-deactivate-hint">{tr(DirectoryText::DeactivateMissingHint)}</p>
                        <SubmitButton submission=sending label=DirectoryText::Preview />
                    </form>
                </Show>
                {move || import.get().map(|current| view! { <ImportProgressView import=current apply=apply applying=applying /> })}
            </Show>
        </section>
    }
}

#[component]
fn ImportProgressView(import: DirectoryImport, apply: Callback<()>, applying: Submission) -> impl IntoView {
    let i18n = use_i18n();
    let running = matches!(import.state, ImportState::Previewing | ImportState::Applying);
    let label = if import.state == ImportState::Previewing {
        DirectoryText::Previewing
    } else {
        DirectoryText::Applying
    };
    let progress = import.progress;
    let report = match import.state {
        ImportState::Applied | ImportState::Rejected => import.result.clone(),
        _ => import.preview.clone(),
    };
    let can_apply = import.state == ImportState::Previewed && report.as_ref().is_some_and(|r| r.error_count == 0);
    let outcome = match import.state {
        ImportState::Applied => Some((DirectoryText::Applied, "notice")),
        ImportState::Rejected => Some((DirectoryText::Rejected, "error")),
        ImportState::Previewed => Some((DirectoryText::NothingChangedYet, "muted")),
        _ => None,
    };
    let rejected = import.state == ImportState::Rejected;
    let heading = if import.state == ImportState::Applied {
        DirectoryText::AppliedTitle
    } else {
        DirectoryText::PreviewTitle
    };
    let done = matches!(import.state, ImportState::Applied | ImportState::Rejected);
    view! {
        <div class="card" aria-busy=if running { "true" } else { "false" }>
            <h2>{move || format!("{} — {}", i18n.t(heading), import.file_name)}</h2>
            <Show when=move || running>
                <p role="status" aria-live="polite">
                    <span class="spinner" aria-hidden="true"></span>
                    {tr(label)}
                </p>
                {match progress {
                    Some(p) if p.total > 0 => view! {
                        <progress max=p.total value=p.done aria-label=move || i18n.t(label)></progress>
                        <p class="muted">{move || format!("{} / {}", format_number(f64::from(p.done), i18n.lang.get(), 0), format_number(f64::from(p.total), i18n.lang.get(), 0))}</p>
                    }.into_any(),
                    _ => view! { <progress aria-label=move || i18n.t(label)></progress> }.into_any(),
                }}
            </Show>
            {outcome.map(|(text, class)| view! {
                <p id="import-outcome" class=class tabindex="-1" role="status">{tr(text)}</p>
            })}
            <Show when=move || rejected>
                <p>{tr(DirectoryText::RejectedHint)}</p>
            </Show>
            {report.map(|report| view! { <ReportView report=report /> })}
            <Show when=move || can_apply>
                <form on:submit=move |event| {
                    event.prevent_default();
                    apply.run(());
                }>
                    <SubmitButton submission=applying label=DirectoryText::Apply />
                </form>
            </Show>
            <Show when=move || done>
                <p class="actions">
                    <A href="/directory" attr:class="button primary">{tr(DirectoryText::SeeDirectory)}</A>
                    " "
                    <a href="/directory/import" class="button secondary" on:click=|_| {
                        // A fresh screen for the next file.
                        if let Some(window) = web_sys::window() {
                            let _ = window.location().reload();
                        }
                    }>{tr(DirectoryText::AnotherFile)}</a>
                </p>
            </Show>
            <Show when=move || import.state == ImportState::Previewed && !can_apply>
                <p><a href="/directory/import" class="button secondary">{tr(DirectoryText::AnotherFile)}</a></p>
            </Show>
        </div>
    }
}

fn count(lang: Lang, value: u32) -> String {
    format_number(f64::from(value), lang, 0)
}

#[component]
fn ReportView(report: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let tiles = [
        (DirectoryText::Rows, report.rows),
        (DirectoryText::Created, report.created),
        (DirectoryText::Updated, report.updated),
        (DirectoryText::Unchanged, report.unchanged),
        (DirectoryText::DeactivatedCount, report.deactivated),
        (DirectoryText::Errors, report.error_count),
    ];
    let lists = [
        (DirectoryText::NewRegions, report.new_regions.join(", ")),
        (DirectoryText::NewSites, report.new_sites.join(", ")),
        (DirectoryText::NewDomains, report.new_domains.join(", ")),
        (DirectoryText::IgnoredColumns, report.ignored_columns.join(", ")),
    ];
    let capped = report.error_count as usize > report.errors.len() || report.changes.len() >= MAX_LISTED;
    let errors = report.errors;
    let changes = report.changes;
    let has_errors = !errors.is_empty();
    let has_changes = !changes.is_empty();
    view! {
        <div class="tiles">
            {tiles
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <div class="tile">
                            <span class="tile-label">{tr(label)}</span>
                            <strong class="tile-value">{move || count(i18n.lang.get(), value)}</strong>
                        </div>
                    }
                })
                .collect_view()}
        </div>
        <dl class="facts">
            {lists
                .into_iter()
                .filter(|(_, names)| !names.is_empty())
                .map(|(label, names)| view! { <dt>{tr(label)}</dt> <dd>{names}</dd> })
                .collect_view()}
        </dl>
        <Show when=move || capped>
            <p class="muted">{tr(DirectoryText::MoreListed)}</p>
        </Show>
        <Show when=move || has_errors>
            <h3>{tr(DirectoryText::Errors)}</h3>
            <p class="muted">{tr(DirectoryText::ErrorsHint)}</p>
        </Show>
        {has_errors.then(|| view! {
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t(DirectoryText::Errors)>
                <table class="data import-errors">
                    <thead>
                        <tr>
                            <th scope="col">{tr(DirectoryText::Line)}</th>
                            <th scope="col">{tr(DirectoryText::Column)}</th>
                            <th scope="col">{tr(DirectoryText::Problem)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {errors
                            .into_iter()
                            .map(|e| {
                                let message = e.message.clone();
                                let code = e.code.clone();
                                view! {
                                    <tr>
                                        <td>{e.line}</td>
                                        <td><code>{e.column.unwrap_or_default()}</code></td>
                                        <td>
                                            {move || match (import_error_text(&code, i18n.lang.get()), i18n.lang.get()) {
                                                (Some(text), Lang::Fr) => text.to_owned(),
                                                // English readers also get the file's values the server names.
                                                _ => message.clone(),
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {has_changes.then(|| view! {
            <h3>{tr(DirectoryText::Changes)}</h3>
            <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t(DirectoryText::Changes)>
                <table class="data import-changes">
                    <thead>
                        <tr>
                            <th scope="col">{tr(DirectoryText::Line)}</th>
                            <th scope="col">{tr(DirectoryText::Name)}</th>
                            <th scope="col">{tr(DirectoryText::Change)}</th>
                            <th scope="col">{tr(DirectoryText::Fields)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {changes
                            .into_iter()
                            .map(|c| {
                                let kind = c.kind;
                                view! {
                                    <tr>
                                        <td>{c.line.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</td>
                                        <td>{format!("{} ({})", c.display_name, c.hr_id)}</td>
                                        <td>{move || change_name(kind, i18n.lang.get())}</td>
                                        <td><code>{c.fields.join(", ")}</code></td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

//! A module's page: what it teaches (or the LMS link), the experts credited with a link to
//! their profile, how many completed it, and "I completed it" (taken back at will).

use super::api;
use super::strings::{delivery_name, module_error, ModulesText};
use crate::components::{page_title, ConfirmAction, ErrorBanner, LoadFailed, Loading, NotFoundPage, Outcome};
use crate::i18n::{counted, format_moment, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::modules::{Module, ModuleDelivery};

#[component]
pub fn ModulePage() -> impl IntoView {
    let params = use_params_map();
    let module = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::module(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                module
                    .get()
                    .map(|result| match result {
                        Ok(module) => view! { <ModuleView module=module /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ModuleView(module: Module) -> impl IntoView {
    let i18n = use_i18n();
    let title = module.title.clone();
    page_title(move || title.clone());
    let outcome = Outcome::new("module-notice");
    let id = StoredValue::new(module.id.to_string());
    let completed_at = RwSignal::new(module.completed_at);
    let completions = RwSignal::new(module.completions);
    let busy = RwSignal::new(false);
    let toggle = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.start();
        let done = completed_at.get_untracked().is_some();
        leptos::task::spawn_local(async move {
            if done {
                match api::uncomplete(&id.get_value()).await {
                    Ok(_) => {
                        let _ = completed_at.try_set(None);
                        completions.update(|n| *n = n.saturating_sub(1));
                        let _ = outcome.notice.try_set(Some(ModulesText::Undone.into()));
                    }
                    Err(failure) => outcome.failed(failure),
                }
            } else {
                match api::complete(&id.get_value()).await {
                    Ok(completion) => {
                        let _ = completed_at.try_set(Some(completion.completed_at));
                        let _ = completions.try_set(completion.completions);
                        let _ = outcome.notice.try_set(Some(ModulesText::Recorded.into()));
                    }
                    Err(failure) => outcome.failed(failure),
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let navigate = use_navigate();
    let on_delete = Callback::new(move |_| {
        let navigate = navigate.clone();
        outcome.start();
        leptos::task::spawn_local(async move {
            match api::delete(&id.get_value()).await {
                Ok(_) => navigate("/modules", Default::default()),
                Err(failure) => outcome.failed(failure),
            }
        });
    });
    let can_manage = module.can_manage;
    let delivery = module.delivery;
    let minutes = module.duration_minutes;
    view! {
        <article class="module">
            <p><a href="/modules">{tr(ModulesText::BackToModules)}</a></p>
            <header class="page-header">
                <h1>{module.title.clone()}</h1>
                <Show when=move || can_manage>
                    <div class="actions">
                        <A href=format!("/modules/{}/edit", id.get_value()) attr:class="button secondary">{tr(ModulesText::Edit)}</A>
                        <ConfirmAction
                            label=ModulesText::Delete
                            question=ModulesText::DeleteQuestion
                            on_confirm=on_delete
                            class="secondary danger-outline"
                        />
                    </div>
                </Show>
            </header>
            <p class="muted small">
                {module.domain.as_ref().map(|d| view! { {d.name.clone()} " · " })}
                {minutes} " " {tr(ModulesText::Minutes)}
                " · " {move || delivery_name(delivery, i18n.lang.get())}
                " · " {move || counted(completions.get(), ModulesText::CompletionOne, ModulesText::Completions, i18n.lang.get())}
            </p>
            <p>{module.summary.clone()}</p>
            {match (delivery, module.url.clone()) {
                (ModuleDelivery::Lms, Some(url)) => view! {
                    <p><a class="button primary" href=url rel="noopener noreferrer" target="_blank">{tr(ModulesText::OpenInLms)}</a></p>
                    {can_manage.then(|| module.xapi_activity_id.clone().map(|a| view! {
                        <p class="muted small">{tr(ModulesText::ActivityIdLabel)} " " <code>{a}</code></p>
                    }))}
                }
                    .into_any(),
                _ => view! { <div class="card pre-line">{module.description.clone()}</div> }.into_any(),
            }}
            <h2>{tr(ModulesText::Experts)}</h2>
            {if module.experts.is_empty() {
                view! { <p class="empty">{tr(ModulesText::NoExpert)}</p> }.into_any()
            } else {
                view! {
                    <ul class="experts">
                        {module
                            .experts
                            .clone()
                            .into_iter()
                            .map(|e| view! {
                                <li>
                                    <A href=format!("/people/{}", e.id)>{e.display_name}</A>
                                    " — " <span class="muted">{e.job_title}</span>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <div class="card">
                <p class="small">
                    {move || completed_at.get().map(|at| format!("{} {}", i18n.t(ModulesText::CompletedOn), format_moment(at, i18n.lang.get())))}
                </p>
                <button
                    type="button"
                    class=move || if completed_at.get().is_some() { "secondary" } else { "primary" }
                    aria-pressed=move || if completed_at.get().is_some() { "true" } else { "false" }
                    aria-busy=move || if busy.get() { "true" } else { "false" }
                    on:click=toggle
                >
                    {move || i18n.t(ModulesText::IDidIt)}
                </button>
                <p class="notice" id="module-notice" tabindex="-1" role="status">
                    {move || outcome.notice.get().map(|n| n.in_lang(i18n.lang.get()))}
                </p>
                <ErrorBanner error=outcome.error codes=module_error />
            </div>
        </article>
    }
}

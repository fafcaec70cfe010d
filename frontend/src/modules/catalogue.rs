//! The catalogue: every module by title, of one expertise domain when chosen, with its
//! experts, duration, where it is taken and whether one completed it.

use super::api;
use super::strings::{delivery_name, ModulesText};
use crate::components::{page_title, LoadFailed, Loading};
use crate::i18n::{counted, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use relais_domain::access::Action;
use relais_domain::directory::DomainId;
use relais_domain::modules::Module;

#[component]
pub fn Catalogue() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::client::use_session();
    page_title(move || i18n.t(ModulesText::Title).to_owned());
    let domain = RwSignal::new(String::new());
    let domains = LocalResource::new(crate::directory::api::domains);
    let list = LocalResource::new(move || {
        let chosen = domain.get();
        async move { api::list((!chosen.is_empty()).then(|| DomainId::new(chosen))).await }
    });
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(ModulesText::Title)}</h1>
                <Show when=move || session.may(Action::ManageModules)>
                    <div class="actions">
                        <A href="/modules/new" attr:class="button primary">{tr(ModulesText::NewModule)}</A>
                    </div>
                </Show>
            </header>
            <p class="muted">{tr(ModulesText::Intro)}</p>
            <label for="module-domain">{tr(ModulesText::Domain)}</label>
            <select id="module-domain" on:change=move |ev| domain.set(event_target_value(&ev))>
                <option value="">{tr(ModulesText::AllDomains)}</option>
                {move || {
                    domains
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| view! { <option value=d.id.to_string()>{d.name}</option> })
                        .collect_view()
                }}
            </select>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    list.get()
                        .map(|result| match result {
                            Ok(modules) if modules.is_empty() => {
                                let text = if domain.get_untracked().is_empty() { ModulesText::NoModule } else { ModulesText::NoModuleInDomain };
                                view! { <p class="empty" role="status">{tr(text)}</p> }.into_any()
                            }
                            Ok(modules) => view! {
                                <ul class="module-list">
                                    {modules.into_iter().map(|m| view! { <ModuleCard module=m /> }).collect_view()}
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
fn ModuleCard(module: Module) -> impl IntoView {
    let i18n = use_i18n();
    let (delivery, completions, minutes, done) = (
        module.delivery,
        module.completions,
        module.duration_minutes,
        module.completed_at.is_some(),
    );
    let experts: Vec<String> = module.experts.iter().map(|e| e.display_name.clone()).collect();
    view! {
        <li class="card module-card">
            <h2><A href=format!("/modules/{}", module.id)>{module.title.clone()}</A></h2>
            <p>{module.summary.clone()}</p>
            <p class="muted small">
                {module.domain.as_ref().map(|d| view! { {d.name.clone()} " · " })}
                {minutes} " " {tr(ModulesText::Minutes)}
                " · " {move || delivery_name(delivery, i18n.lang.get())}
                " · " {move || counted(completions, ModulesText::CompletionOne, ModulesText::Completions, i18n.lang.get())}
            </p>
            {(!experts.is_empty()).then(|| view! { <p class="small">{tr(ModulesText::ExpertsLabel)} " " {experts.join(", ")}</p> })}
            <Show when=move || done>
                <p class="small"><span class="tag">{tr(ModulesText::CompletedByMe)}</span></p>
            </Show>
        </li>
    }
}

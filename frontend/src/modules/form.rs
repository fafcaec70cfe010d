//! The training team's module form: title, summary, domain, duration, where it is taken
//! (described here, or in the LMS with its address and xAPI activity id), and the experts
//! credited. The same form adds a module and changes one.

use super::api;
use super::strings::{delivery_name, module_error, ModulesText};
use crate::client::use_session;
use crate::components::{
    local_problem, page_title, ErrorBanner, LoadFailed, Loading, NotFoundPage, PeoplePicker, RadioChoice, Submission,
    SubmitButton, TextField,
};
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::access::Action;
use relais_domain::directory::DomainId;
use relais_domain::modules::{Module, ModuleDelivery, ModuleRequest};

#[component]
pub fn NewModule() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(ModulesText::NewTitle).to_owned());
    view! { <ModuleForm initial=None /> }
}

#[component]
pub fn EditModule() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(ModulesText::EditTitle).to_owned());
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
                        Ok(module) => view! { <ModuleForm initial=Some(module) /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ModuleForm(initial: Option<Module>) -> impl IntoView {
    let session = use_session();
    let heading = if initial.is_some() {
        ModulesText::EditTitle
    } else {
        ModulesText::NewTitle
    };
    let back_label = if initial.is_some() {
        ModulesText::BackToModule
    } else {
        ModulesText::BackToModules
    };
    let back = initial
        .as_ref()
        .map_or_else(|| "/modules".to_owned(), |m| format!("/modules/{}", m.id));
    view! {
        <section>
            <p><a href=back>{tr(back_label)}</a></p>
            <h1>{tr(heading)}</h1>
            <Show
                when=move || session.may(Action::ManageModules)
                fallback=|| view! { <p class="error" role="alert">{tr(ModulesText::Forbidden)}</p> }
            >
                <Fields initial=initial.clone() />
            </Show>
        </section>
    }
}

#[component]
fn Fields(initial: Option<Module>) -> impl IntoView {
    let navigate = use_navigate();
    let editing = initial.as_ref().map(|m| m.id.to_string());
    let title = RwSignal::new(initial.as_ref().map(|m| m.title.clone()).unwrap_or_default());
    let summary = RwSignal::new(initial.as_ref().map(|m| m.summary.clone()).unwrap_or_default());
    let domain = RwSignal::new(
        initial
            .as_ref()
            .and_then(|m| m.domain.as_ref().map(|d| d.id.to_string()))
            .unwrap_or_default(),
    );
    let duration = RwSignal::new(initial.as_ref().map_or(30, |m| m.duration_minutes).to_string());
    let delivery = RwSignal::new(initial.as_ref().map_or(ModuleDelivery::Internal, |m| m.delivery));
    let description = RwSignal::new(initial.as_ref().map(|m| m.description.clone()).unwrap_or_default());
    let url = RwSignal::new(initial.as_ref().and_then(|m| m.url.clone()).unwrap_or_default());
    let activity = RwSignal::new(
        initial
            .as_ref()
            .and_then(|m| m.xapi_activity_id.clone())
            .unwrap_or_default(),
    );
    let experts = RwSignal::new(
        initial
            .as_ref()
            .map(|m| {
                m.experts
                    .iter()
                    .map(|e| (e.id.clone(), e.display_name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let domains = LocalResource::new(crate::directory::api::domains);
    let error = RwSignal::new(None);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = delivery.get_untracked();
        let text = |value: String| (!value.trim().is_empty()).then_some(value);
        let request = ModuleRequest {
            title: title.get_untracked().into(),
            summary: summary.get_untracked().into(),
            domain_id: text(domain.get_untracked()).map(DomainId::new),
            duration_minutes: duration.get_untracked().trim().parse().unwrap_or(0),
            delivery: chosen,
            description: if chosen == ModuleDelivery::Internal {
                description.get_untracked()
            } else {
                String::new()
            }
            .into(),
            url: if chosen == ModuleDelivery::Lms {
                text(url.get_untracked())
            } else {
                None
            },
            xapi_activity_id: if chosen == ModuleDelivery::Lms {
                text(activity.get_untracked())
            } else {
                None
            },
            experts: experts.get_untracked().into_iter().map(|(id, _)| id).collect(),
        };
        if let Err(problems) = request.validate() {
            error.set(Some(local_problem(problems)));
            return;
        }
        let navigate = navigate.clone();
        let editing = editing.clone();
        submission.send(
            error,
            move |key| async move {
                match editing {
                    Some(id) => api::update(&id, &request).await,
                    None => api::create_module(&request, &key).await,
                }
            },
            move |module: Module| navigate(&format!("/modules/{}", module.id), Default::default()),
        );
    };
    let submit_label = if initial.is_some() {
        ModulesText::Save
    } else {
        ModulesText::Create
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <TextField id="module-title" label=ModulesText::FieldTitle field="title" value=title error=error />
            <TextField id="module-summary" label=ModulesText::FieldSummary field="summary" value=summary error=error rows=2 />
            <label for="module-domain-field">{tr(ModulesText::Domain)}</label>
            <select id="module-domain-field" on:change=move |ev| domain.set(event_target_value(&ev))>
                <option value="">{tr(ModulesText::NoDomain)}</option>
                {move || {
                    let current = domain.get_untracked();
                    domains
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| {
                            let selected = d.id.as_str() == current;
                            view! { <option value=d.id.to_string() selected=selected>{d.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <TextField id="module-duration" label=ModulesText::FieldDuration field="duration_minutes" value=duration error=error input_type="text" inputmode="numeric" />
            <RadioChoice
                legend=ModulesText::FieldDelivery
                name="module-delivery"
                options=ModuleDelivery::ALL.to_vec()
                value=delivery
                key=ModuleDelivery::as_str
                label=delivery_name
            />
            <Show when=move || delivery.get() == ModuleDelivery::Internal>
                <TextField id="module-description" label=ModulesText::FieldDescription field="description" value=description error=error rows=8 />
            </Show>
            <Show when=move || delivery.get() == ModuleDelivery::Lms>
                <TextField id="module-url" label=ModulesText::FieldUrl field="url" value=url error=error input_type="url" />
                <TextField id="module-activity" label=ModulesText::FieldActivity field="xapi_activity_id" value=activity error=error hint=ModulesText::ActivityHint />
            </Show>
            <PeoplePicker
                legend=ModulesText::Experts
                search_label=ModulesText::FindExpert
                remove_label=ModulesText::Remove
                chosen=experts
                id="module-expert-search"
                field="experts"
                error=error
            />
            <ErrorBanner error=error codes=module_error />
            <SubmitButton submission=submission label=submit_label />
        </form>
    }
}

//! An admin's edit of a person's work facts, on their page: job title, level, manager,
//! site, expertise domains, work pattern, HR id. The HR import may set them again.

use super::api;
use super::strings::{level_name, pattern_name, DirectoryText};
use crate::client::ApiError;
use crate::components::{CheckboxChoices, ErrorBanner, Submission, SubmitButton, TextField};
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use relais_domain::directory::{
    DomainId, JobTitle, ManagementLevel, PersonProfile, SiteId, WorkFactsRequest, WorkPattern,
};
use relais_domain::ids::UserId;

#[component]
pub fn WorkFactsForm(profile: PersonProfile, on_saved: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let person = profile.person.clone();
    let id = person.id.to_string();
    let job_title = RwSignal::new(person.job_title.clone());
    let hr_id = RwSignal::new(profile.hr_id.clone().unwrap_or_default());
    let level = RwSignal::new(person.management_level);
    let pattern = RwSignal::new(person.work_pattern);
    let site = RwSignal::new(person.site.as_ref().map(|s| s.id.clone()));
    let domains = RwSignal::new(person.domains.iter().map(|d| d.id.clone()).collect::<Vec<DomainId>>());
    let manager = RwSignal::new(profile.manager.as_ref().map(|m| (m.id.clone(), m.display_name.clone())));
    let manager_search = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let sites = LocalResource::new(api::sites);
    let all_domains = LocalResource::new(api::domains);
    let found = LocalResource::new(move || {
        let q = manager_search.get();
        async move {
            if q.trim().chars().count() < 2 {
                return Ok(Vec::new());
            }
            let filters = api::Filters {
                q,
                ..Default::default()
            };
            api::search(&filters, None).await.map(|page| page.items)
        }
    });
    let myself = person.id.clone();
    let heading = NodeRef::<leptos::html::H2>::new();
    crate::components::focus_on_mount(heading);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = WorkFactsRequest {
            hr_id: hr_id.get_untracked(),
            job_title: JobTitle::from(job_title.get_untracked()),
            management_level: level.get_untracked(),
            manager_id: manager.get_untracked().map(|(id, _)| id),
            site_id: site.get_untracked(),
            domain_ids: domains.get_untracked(),
            work_pattern: pattern.get_untracked(),
        };
        if let Err(errors) = request.validate(&myself) {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        let id = id.clone();
        submission.send(
            error,
            move |_| async move { api::update_work_facts(&id, &request).await },
            move |_| on_saved.run(()),
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2 id="work-facts-heading" tabindex="-1" node_ref=heading>{tr(DirectoryText::EditFacts)}</h2>
            <ErrorBanner error=error />
            <TextField id="facts-job-title" label=DirectoryText::JobTitle field="job_title" value=job_title error=error />
            <div class="row">
                <div>
                    <label for="facts-level">{tr(DirectoryText::Level)}</label>
                    <select
                        id="facts-level"
                        on:change=move |ev| {
                            if let Some(value) = ManagementLevel::parse(&event_target_value(&ev)) {
                                level.set(value);
                            }
                        }
                    >
                        {ManagementLevel::ALL
                            .into_iter()
                            .map(|option| view! {
                                <option value=option.as_str() selected=move || level.get() == option>
                                    {move || level_name(option, i18n.lang.get())}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div>
                    <label for="facts-pattern">{tr(DirectoryText::WorkPatternLabel)}</label>
                    <select
                        id="facts-pattern"
                        on:change=move |ev| {
                            if let Some(value) = WorkPattern::parse(&event_target_value(&ev)) {
                                pattern.set(value);
                            }
                        }
                    >
                        {WorkPattern::ALL
                            .into_iter()
                            .map(|option| view! {
                                <option value=option.as_str() selected=move || pattern.get() == option>
                                    {move || pattern_name(option, i18n.lang.get())}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <label for="facts-site">{tr(DirectoryText::Site)}</label>
            <select id="facts-site" on:change=move |ev| site.set(SiteId::parse(&event_target_value(&ev)))>
                <option value="">{tr(DirectoryText::NoSite)}</option>
                // Its own transition: the page's suspense must not flash (and lose the focus)
                // while the lists load.
                <Transition fallback=|| ()>
                {move || {
                    sites
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|s| {
                            let selected = site.get_untracked().as_ref() == Some(&s.id);
                            view! { <option value=s.id.to_string() selected=selected>{format!("{} · {}", s.name, s.region_name)}</option> }
                        })
                        .collect_view()
                }}
                </Transition>
            </select>
            <fieldset>
                <legend>{tr(DirectoryText::Domains)}</legend>
                <div class="site-choices">
                    <Transition fallback=|| ()>
                    <CheckboxChoices
                        options=Signal::derive(move || {
                            all_domains
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|d| (d.id, d.name))
                                .collect()
                        })
                        chosen=domains
                        id_prefix="facts-domain"
                    />
                    </Transition>
                </div>
            </fieldset>
            <label for="facts-manager-search">{tr(DirectoryText::ManagerLabel)}</label>
            <p class="small">
                {move || manager.get().map(|(_, name)| name).unwrap_or_else(|| "—".into())}
                " "
                <Show when=move || manager.get().is_some()>
                    <button type="button" class="link" on:click=move |_| manager.set(None)>{tr(DirectoryText::NoManager)}</button>
                </Show>
            </p>
            <input
                id="facts-manager-search"
                type="search"
                maxlength="100"
                placeholder=move || i18n.t(DirectoryText::Search)
                aria-describedby="manager_id-error"
                aria-invalid=crate::components::invalid(error, "manager_id")
                prop:value=move || manager_search.get()
                on:input=move |ev| manager_search.set(event_target_value(&ev))
            />
            <crate::components::FieldMessage error=error field="manager_id" input_id="manager_id".to_owned() />
            <ul class="choices">
                <Transition fallback=|| ()>
                {move || {
                    found
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .take(6)
                        .map(|p| {
                            let (pid, name): (UserId, String) = (p.id.clone(), p.display_name.clone());
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| {
                                            manager.set(Some((pid.clone(), name.clone())));
                                            manager_search.set(String::new());
                                        }
                                    >
                                        {format!("{} — {}", p.display_name, p.job_title)}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                </Transition>
            </ul>
            <TextField id="facts-hr-id" label=DirectoryText::HrId field="hr_id" value=hr_id error=error />
            <div class="actions">
                <SubmitButton submission=submission label=DirectoryText::Save />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{tr(DirectoryText::Cancel)}</button>
            </div>
        </form>
    }
}

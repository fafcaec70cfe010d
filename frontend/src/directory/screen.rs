//! The directory: search and filters, and a person's page.

use super::api::{self, Filters};
use super::strings::{level_name, pattern_name, site_kind_name, DirectoryText};
use crate::client::use_session;
use crate::components::{
    focus_later, page_title, Icon, IconSvg, LoadFailed, Loading, MorePages, NotFoundPage, PagedTable,
};
use crate::i18n::{format_number, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use relais_domain::access::Action;
use relais_domain::directory::{DirectoryEntry, DomainId, ManagementLevel, PersonProfile, RegionId, SiteId};

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn Directory() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let filters = RwSignal::new(Filters::default());
    let more = MorePages::<DirectoryEntry>::new();
    let people = LocalResource::new(move || {
        let filters = filters.get();
        async move {
            let page = api::search(&filters, None).await;
            if let Ok(page) = &page {
                more.reset(page);
            }
            page
        }
    });
    let regions = LocalResource::new(api::regions);
    let sites = LocalResource::new(api::sites);
    let domains = LocalResource::new(api::domains);
    page_title(move || i18n.t(DirectoryText::Title).to_owned());
    let row = move |person: DirectoryEntry| view! { <EntryRow person=person /> };
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(DirectoryText::Title)}</h1>
                <Show when=move || session.may(Action::ManageDirectory)>
                    <div class="actions">
                        <A href="/directory/import" attr:class="button secondary">
                            <IconSvg icon=Icon::Plus />
                            {tr(DirectoryText::ImportFile)}
                        </A>
                        <A href="/directory/places" attr:class="button secondary">{tr(DirectoryText::ManagePlaces)}</A>
                    </div>
                </Show>
            </header>
            <p class="muted">{tr(DirectoryText::Intro)}</p>
            <form class="filters" role="search" on:submit=|event| event.prevent_default()>
                <div>
                    <label for="directory-search">{tr(DirectoryText::Search)}</label>
                    <input
                        id="directory-search"
                        type="search"
                        maxlength="100"
                        prop:value=move || filters.with(|f| f.q.clone())
                        on:input=move |ev| filters.update(|f| f.q = event_target_value(&ev))
                    />
                </div>
                <div>
                    <label for="directory-region">{tr(DirectoryText::Region)}</label>
                    <select
                        id="directory-region"
                        on:change=move |ev| filters.update(|f| f.region = RegionId::parse(&event_target_value(&ev)))
                    >
                        <option value="">{tr(DirectoryText::AllRegions)}</option>
                        {move || {
                            regions
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|region| view! { <option value=region.id.to_string()>{region.name}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for="directory-site">{tr(DirectoryText::Site)}</label>
                    <select
                        id="directory-site"
                        on:change=move |ev| filters.update(|f| f.site = SiteId::parse(&event_target_value(&ev)))
                    >
                        <option value="">{tr(DirectoryText::AllSites)}</option>
                        {move || {
                            let region = filters.with(|f| f.region.clone());
                            sites
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .filter(|site| region.as_ref().is_none_or(|r| &site.region_id == r))
                                .map(|site| view! { <option value=site.id.to_string()>{site.name}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for="directory-domain">{tr(DirectoryText::Domain)}</label>
                    <select
                        id="directory-domain"
                        on:change=move |ev| filters.update(|f| f.domain = DomainId::parse(&event_target_value(&ev)))
                    >
                        <option value="">{tr(DirectoryText::AllDomains)}</option>
                        {move || {
                            domains
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|domain| view! { <option value=domain.id.to_string()>{domain.name}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for="directory-level">{tr(DirectoryText::Level)}</label>
                    <select
                        id="directory-level"
                        on:change=move |ev| filters.update(|f| f.level = ManagementLevel::parse(&event_target_value(&ev)))
                    >
                        <option value="">{tr(DirectoryText::AllLevels)}</option>
                        {ManagementLevel::ALL
                            .into_iter()
                            .map(|level| {
                                view! { <option value=level.as_str()>{move || level_name(level, i18n.lang.get())}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </form>
            <PagedTable
                first=people
                more=more
                next=move |cursor| {
                    let f = filters.get_untracked();
                    async move { api::search(&f, cursor).await }
                }
                row=row
                headers=vec![
                    DirectoryText::Name.into(),
                    DirectoryText::JobTitle.into(),
                    DirectoryText::Site.into(),
                    DirectoryText::Domains.into(),
                ]
                name=DirectoryText::People
                empty=DirectoryText::NoOneFound
                class="people"
            />
        </section>
    }
}

/// One person of the list; each fact labelled, so that at 360 px a row reads as a card.
#[component]
fn EntryRow(person: DirectoryEntry) -> impl IntoView {
    let i18n = use_i18n();
    let level = person.management_level;
    let site = person
        .site
        .as_ref()
        .map(|s| format!("{} · {}", s.name, s.region_name))
        .unwrap_or_default();
    let domains = person
        .domains
        .iter()
        .map(|d| d.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let title = person.job_title.clone();
    view! {
        <tr>
            <td data-label=move || i18n.t(DirectoryText::Name)>
                <A href=format!("/directory/{}", person.id)>{person.display_name.clone()}</A>
            </td>
            <td data-label=move || i18n.t(DirectoryText::JobTitle)>
                {title}
                <Show when=move || level != ManagementLevel::None>
                    " "
                    <span class="badge">{move || level_name(level, i18n.lang.get())}</span>
                </Show>
            </td>
            <td data-label=move || i18n.t(DirectoryText::Site)>{site}</td>
            <td data-label=move || i18n.t(DirectoryText::Domains)>{domains}</td>
        </tr>
    }
}

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn Person() -> impl IntoView {
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    // Outside the page's view: a save reads the person again, and the notice must outlive it.
    let saved = RwSignal::new(false);
    let profile = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let _ = version.get();
        async move { api::profile(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                profile
                    .get()
                    .map(|result| match result {
                        Ok(profile) => view! { <ProfileView profile=profile version=version saved=saved /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ProfileView(profile: PersonProfile, version: RwSignal<u32>, saved: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let editing = RwSignal::new(false);
    let editable = StoredValue::new(profile.clone());
    let observed = StoredValue::new(profile.person.id.clone());
    let person = profile.person;
    let name = person.display_name.clone();
    page_title(move || name.clone());
    let (level, pattern) = (person.management_level, person.work_pattern);
    let site = person.site.clone();
    let domains = person
        .domains
        .iter()
        .map(|d| d.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let team_size = profile.team_size;
    let reports = profile.direct_reports;
    let (id, active, invite_name) = (person.id.to_string(), person.active, person.display_name.clone());
    let no_reports = reports.is_empty();
    view! {
        <section>
            <p><a href="/directory">{tr(DirectoryText::BackToDirectory)}</a></p>
            <header class="page-header">
                <h1>{person.display_name.clone()}</h1>
                <Show when=move || !person.active>
                    <span class="badge">{tr(DirectoryText::Deactivated)}</span>
                </Show>
                <A href=format!("/people/{}", person.id) attr:class="button secondary">{tr(DirectoryText::Recognition)}</A>
            </header>
            <div class="card">
                <dl class="facts">
                    <dt>{tr(DirectoryText::JobTitle)}</dt>
                    <dd>{person.job_title.clone()}</dd>
                    <dt>{tr(DirectoryText::Level)}</dt>
                    <dd>{move || level_name(level, i18n.lang.get())}</dd>
                    <dt>{tr(DirectoryText::Site)}</dt>
                    <dd>
                        {move || match &site {
                            Some(site) => format!("{} ({}) · {}", site.name, site_kind_name(site.kind, i18n.lang.get()), site.region_name),
                            None => i18n.t(DirectoryText::NoSite).to_owned(),
                        }}
                    </dd>
                    <dt>{tr(DirectoryText::Domains)}</dt>
                    <dd>{domains}</dd>
                    <dt>{tr(DirectoryText::WorkPatternLabel)}</dt>
                    <dd>{move || pattern_name(pattern, i18n.lang.get())}</dd>
                    <dt>{tr(DirectoryText::Email)}</dt>
                    <dd><a href=format!("mailto:{}", person.email)>{person.email.clone()}</a></dd>
                    <dt>{tr(DirectoryText::ManagerLabel)}</dt>
                    <dd>
                        {profile
                            .manager
                            .map(|m| view! { <A href=format!("/directory/{}", m.id)>{m.display_name}</A> }.into_any())
                            .unwrap_or_else(|| "—".into_any())}
                    </dd>
                    {profile.hr_id.map(|hr_id| view! { <dt>{tr(DirectoryText::HrId)}</dt> <dd>{hr_id}</dd> })}
                    {profile.can_sign_in.map(|can| view! {
                        <dt>{tr(DirectoryText::SignIn)}</dt>
                        <dd>
                            {tr(if can { DirectoryText::CanSignIn } else { DirectoryText::CannotSignIn })}
                            <Show when=move || active>
                                <crate::identity::invite::InviteButton user_id=id.clone() display_name=invite_name.clone() />
                            </Show>
                        </dd>
                    })}
                </dl>
            </div>
            <Show when=move || session.may(Action::ManageDirectory)>
                <p class="notice" role="status">{move || saved.get().then(|| i18n.t(DirectoryText::FactsSaved))}</p>
                <Show
                    when=move || editing.get()
                    fallback=move || view! {
                        <button
                            type="button"
                            class="secondary"
                            id="edit-facts"
                            on:click=move |_| editing.set(true)
                        >
                            {tr(DirectoryText::EditFacts)}
                        </button>
                    }
                >
                    <super::facts::WorkFactsForm
                        profile=editable.get_value()
                        on_saved=Callback::new(move |_| {
                            editing.set(false);
                            saved.set(true);
                            version.update(|v| *v += 1);
                        })
                        on_cancel=Callback::new(move |_| {
                            editing.set(false);
                            focus_later("edit-facts");
                        })
                    />
                </Show>
            </Show>
            <Show when=move || session.may(Action::ManageCandidates)>
                <crate::candidates::observations::ObservationsCard person=observed.get_value() />
            </Show>
            <div class="card">
                <h2>{tr(DirectoryText::DirectReports)}</h2>
                <p>
                    {tr(DirectoryText::TeamSize)} " "
                    <strong>{move || format_number(f64::from(team_size), i18n.lang.get(), 0)}</strong>
                </p>
                <Show when=move || no_reports>
                    <p class="empty">{tr(DirectoryText::NoReports)}</p>
                </Show>
                <ul class="people-list">
                    {reports
                        .into_iter()
                        .map(|r| {
                            view! {
                                <li>
                                    <A href=format!("/directory/{}", r.id)>{r.display_name}</A>
                                    " — " {r.job_title}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </section>
    }
}

//! The organisation's places and expertise domains, for admins: regions, the sites in them
//! (store, agency, plant, office, field team), and the domains people list. The HR import
//! creates them too; here they are added, renamed, moved and deleted by hand.

use super::api;
use super::strings::{site_kind_name, DirectoryText};
use crate::client::{use_session, ApiError};
use crate::components::{
    page_title, ConfirmAction, ErrorBanner, LoadFailed, Loading, Outcome, Submission, SubmitButton, TextField,
};
use crate::i18n::Label;
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use relais_domain::access::Action;
use relais_domain::directory::{DomainRequest, PlaceName, RegionId, RegionRequest, SiteKind, SiteRequest};

/// What the three lists share: a notice, an error, and a version to read them again.
type Shared = Outcome;

/// The places' refusals in the reader's language.
fn place_error(code: &str) -> Option<Label> {
    let text = match code {
        "name_taken" => DirectoryText::ErrorNameTaken,
        "region_has_sites" => DirectoryText::ErrorRegionHasSites,
        "site_has_people" => DirectoryText::ErrorSiteHasPeople,
        _ => return None,
    };
    Some(text.into())
}

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn Places() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    page_title(move || i18n.t(DirectoryText::PlacesTitle).to_owned());
    let shared = Outcome::new("places-notice");
    view! {
        <section>
            <p><a href="/directory">{tr(DirectoryText::BackToDirectory)}</a></p>
            <h1>{tr(DirectoryText::PlacesTitle)}</h1>
            <Show
                when=move || session.may(Action::ManageDirectory)
                fallback=move || view! { <p class="error" role="alert">{tr(crate::i18n::Text::ErrorForbidden)}</p> }
            >
                <p class="muted">{tr(DirectoryText::PlacesIntro)}</p>
                <p class="notice" id="places-notice" tabindex="-1" role="status" aria-live="polite">
                    {move || shared.notice.get().map(|t| t.in_lang(i18n.lang.get()))}
                </p>
                <ErrorBanner error=shared.error codes=place_error />
                <NamedPlaces kind=NamedKind::Regions shared=shared />
                <Sites shared=shared />
                <NamedPlaces kind=NamedKind::Domains shared=shared />
            </Show>
        </section>
    }
}

/// A name in place: an input and Save, for a region or a domain.
#[component]
fn Rename(id: String, name: String, save: Callback<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(name.clone());
    let input_id = format!("rename-{id}");
    let label = name.clone();
    view! {
        <form class="inline-form" on:submit=move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            save.run((id.clone(), value.get_untracked()));
        }>
            <label class="visually-hidden" for=input_id.clone()>{move || format!("{} — {}", i18n.t(DirectoryText::Name), label)}</label>
            <input id=input_id maxlength="80" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            <button type="submit" class="secondary" aria-label=move || format!("{} — {}", i18n.t(DirectoryText::Save), name)>{tr(DirectoryText::Save)}</button>
        </form>
    }
}

/// The two lists that are only names: regions (with how many sites each has) and expertise
/// domains (with how many people list each). One screen part serves both.
#[derive(Clone, Copy, PartialEq)]
enum NamedKind {
    Regions,
    Domains,
}

/// A name of either list, with how many depend on it.
#[derive(Clone)]
struct NamedItem {
    id: String,
    name: String,
    count: u32,
}

impl NamedKind {
    async fn list(self) -> crate::client::ApiResult<Vec<NamedItem>> {
        Ok(match self {
            NamedKind::Regions => api::regions()
                .await?
                .into_iter()
                .map(|r| NamedItem {
                    id: r.id.to_string(),
                    name: r.name,
                    count: r.sites,
                })
                .collect(),
            NamedKind::Domains => api::domains()
                .await?
                .into_iter()
                .map(|d| NamedItem {
                    id: d.id.to_string(),
                    name: d.name,
                    count: d.people,
                })
                .collect(),
        })
    }

    fn validate(self, name: &str) -> Result<(), Vec<relais_domain::FieldError>> {
        let name = PlaceName::from(name.to_owned());
        match self {
            NamedKind::Regions => RegionRequest { name }.validate().map(|_| ()),
            NamedKind::Domains => DomainRequest { name }.validate().map(|_| ()),
        }
    }

    async fn create(self, name: String, key: String) -> crate::client::ApiResult<()> {
        let name = PlaceName::from(name);
        match self {
            NamedKind::Regions => api::create_region(&RegionRequest { name }, &key).await.map(|_| ()),
            NamedKind::Domains => api::create_domain(&DomainRequest { name }, &key).await.map(|_| ()),
        }
    }

    async fn rename(self, id: String, name: String) -> crate::client::ApiResult<()> {
        let name = PlaceName::from(name);
        match self {
            NamedKind::Regions => api::update_region(&id, &RegionRequest { name }).await.map(|_| ()),
            NamedKind::Domains => api::update_domain(&id, &DomainRequest { name }).await.map(|_| ()),
        }
    }

    async fn delete(self, id: String) -> crate::client::ApiResult<()> {
        match self {
            NamedKind::Regions => api::delete_region(&id).await,
            NamedKind::Domains => api::delete_domain(&id).await,
        }
    }

    /// Its heading, what the count counts, the delete question, the new name's label and
    /// the new name's input id.
    fn texts(self) -> (DirectoryText, DirectoryText, DirectoryText, DirectoryText, &'static str) {
        match self {
            NamedKind::Regions => (
                DirectoryText::Regions,
                DirectoryText::SitesCount,
                DirectoryText::DeleteRegionQuestion,
                DirectoryText::NewRegion,
                "new-region",
            ),
            NamedKind::Domains => (
                DirectoryText::Domains,
                DirectoryText::PeopleCount,
                DirectoryText::DeleteDomainQuestion,
                DirectoryText::NewDomain,
                "new-domain",
            ),
        }
    }
}

#[component]
fn NamedPlaces(kind: NamedKind, shared: Shared) -> impl IntoView {
    let (title, count_text, question, new_label, input_id) = kind.texts();
    let items = LocalResource::new(move || {
        let _ = shared.version.get();
        kind.list()
    });
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    // Any later success on the page clears this form's last refusal.
    Effect::new(move |_| {
        shared.version.get();
        error.set(None);
    });
    let submission = Submission::new();
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = name.get_untracked();
        if let Err(errors) = kind.validate(&typed) {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        shared.start();
        submission.send(
            error,
            move |key| kind.create(typed, key),
            move |_| {
                name.set(String::new());
                shared.done(DirectoryText::Saved);
            },
        );
    };
    let rename = Callback::new(move |(id, name): (String, String)| {
        shared.start();
        leptos::task::spawn_local(async move {
            match kind.rename(id, name).await {
                Ok(_) => shared.done(DirectoryText::Saved),
                Err(e) => shared.failed(e),
            }
        });
    });
    view! {
        <div class="card">
            <h2>{tr(title)}</h2>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || items.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="places">
                            {list.into_iter().map(|item| {
                                let delete_id = item.id.clone();
                                view! {
                                    <li>
                                        <Rename id=item.id name=item.name save=rename />
                                        <span class="muted small">{format!("{} ", item.count)} {tr(count_text)}</span>
                                        <ConfirmAction
                                            label=DirectoryText::Delete
                                            question=question
                                            on_confirm=Callback::new(move |_| {
                                                let id = delete_id.clone();
                                                shared.start();
                                                leptos::task::spawn_local(async move {
                                                    match kind.delete(id).await {
                                                        Ok(_) => shared.done(DirectoryText::Deleted),
                                                        Err(e) => shared.failed(e),
                                                    }
                                                });
                                            })
                                        />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                })}
            </Suspense>
            <form on:submit=add novalidate>
                <ErrorBanner error=error codes=place_error />
                <TextField id=input_id label=new_label field="name" value=name error=error />
                <SubmitButton submission=submission label=DirectoryText::Add />
            </form>
        </div>
    }
}

#[component]
fn Sites(shared: Shared) -> impl IntoView {
    let i18n = use_i18n();
    let sites = LocalResource::new(move || {
        let _ = shared.version.get();
        api::sites()
    });
    let regions = LocalResource::new(move || {
        let _ = shared.version.get();
        api::regions()
    });
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(SiteKind::Store);
    let region = RwSignal::new(None::<RegionId>);
    let error = RwSignal::new(None::<ApiError>);
    // Any later success on the page clears this form's last refusal.
    Effect::new(move |_| {
        shared.version.get();
        error.set(None);
    });
    let submission = Submission::new();
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let region_id = region.get_untracked().or_else(|| {
            regions
                .get_untracked()
                .and_then(Result::ok)
                .and_then(|list| list.first().map(|r| r.id.clone()))
        });
        let Some(region_id) = region_id else {
            error.set(Some(crate::components::local_problem(vec![
                relais_domain::FieldError::new("region_id", "required", "add a region first"),
            ])));
            return;
        };
        let request = SiteRequest {
            name: PlaceName::from(name.get_untracked()),
            kind: kind.get_untracked(),
            region_id,
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        shared.start();
        submission.send(
            error,
            move |key| async move { api::create_site(&request, &key).await },
            move |_| {
                name.set(String::new());
                shared.done(DirectoryText::Saved);
            },
        );
    };
    view! {
        <div class="card">
            <h2>{tr(DirectoryText::Sites)}</h2>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || sites.get().map(|result| match result {
                    Ok(list) => view! {
                        <div class="table-wrap" role="region" tabindex="0" aria-label=move || i18n.t(DirectoryText::Sites)>
                            <table class="data places-sites">
                                <thead>
                                    <tr>
                                        <th scope="col">{tr(DirectoryText::Name)}</th>
                                        <th scope="col">{tr(DirectoryText::Kind)}</th>
                                        <th scope="col">{tr(DirectoryText::Region)}</th>
                                        <th scope="col">{tr(DirectoryText::People)}</th>
                                        <th scope="col"><span class="visually-hidden">{tr(DirectoryText::Delete)}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|s| {
                                        let id = s.id.to_string();
                                        let site_kind = s.kind;
                                        view! {
                                            <tr>
                                                <th scope="row">{s.name.clone()}</th>
                                                <td>{move || site_kind_name(site_kind, i18n.lang.get())}</td>
                                                <td>{s.region_name.clone()}</td>
                                                <td>{s.people}</td>
                                                <td>
                                                    <ConfirmAction
                                                        label=DirectoryText::Delete
                                                        question=DirectoryText::DeleteSiteQuestion
                                                        on_confirm=Callback::new(move |_| {
                                                            let id = id.clone();
                                                            shared.start();
                                                            leptos::task::spawn_local(async move {
                                                                match api::delete_site(&id).await {
                                                                    Ok(_) => shared.done(DirectoryText::Deleted),
                                                                    Err(e) => shared.failed(e),
                                                                }
                                                            });
                                                        })
                                                    />
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                })}
            </Suspense>
            <form on:submit=add novalidate>
                <ErrorBanner error=error codes=place_error />
                <TextField id="new-site" label=DirectoryText::NewSite field="name" value=name error=error />
                <div class="row">
                    <div>
                        <label for="new-site-kind">{tr(DirectoryText::Kind)}</label>
                        <select id="new-site-kind" on:change=move |ev| {
                            if let Some(value) = SiteKind::parse(&event_target_value(&ev)) {
                                kind.set(value);
                            }
                        }>
                            {SiteKind::ALL.into_iter().map(|k| view! {
                                <option value=k.as_str()>{move || site_kind_name(k, i18n.lang.get())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="new-site-region">{tr(DirectoryText::Region)}</label>
                        <select id="new-site-region" on:change=move |ev| region.set(RegionId::parse(&event_target_value(&ev)))>
                            {move || regions.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| view! {
                                <option value=r.id.to_string()>{r.name}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <SubmitButton submission=submission label=DirectoryText::Add />
            </form>
        </div>
    }
}

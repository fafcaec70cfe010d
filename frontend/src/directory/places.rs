//! The organisation's places and expertise domains, for admins: regions, the sites in them
//! (store, agency, plant, office, field team), and the domains people list. The HR import
//! creates them too; here they are added, renamed, moved and deleted by hand.

use super::api;
use super::strings::{site_kind_name, DirectoryText};
use crate::client::{use_session, ApiError};
use crate::components::{
    focus_later, page_title, ConfirmAction, ErrorBanner, LoadFailed, Loading, Protected, Submission, SubmitButton,
    TextField,
};
use crate::i18n::Label;
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use relais_domain::access::Action;
use relais_domain::directory::{DomainRequest, PlaceName, RegionId, RegionRequest, SiteKind, SiteRequest};

#[component]
pub fn Places() -> impl IntoView {
    view! {
        <Protected>
            <PlacesContent />
        </Protected>
    }
}

/// What the three lists share: a notice, an error, and a version to read them again.
#[derive(Clone, Copy)]
struct Shared {
    notice: RwSignal<Option<DirectoryText>>,
    error: RwSignal<Option<ApiError>>,
    version: RwSignal<u32>,
}

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

impl Shared {
    /// A refusal: shown instead of the last success.
    fn failed(&self, error: ApiError) {
        let _ = self.notice.try_set(None);
        let _ = self.error.try_set(Some(error));
    }

    /// Before a new action: nothing from the last one stays on screen.
    fn start(&self) {
        let _ = self.notice.try_set(None);
        let _ = self.error.try_set(None);
    }

    fn done(&self, text: DirectoryText) {
        let _ = self.error.try_set(None);
        let _ = self.notice.try_set(Some(text));
        self.version.update(|v| *v += 1);
        focus_later("places-notice");
    }
}

#[component]
fn PlacesContent() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    page_title(move || i18n.t(DirectoryText::PlacesTitle).to_owned());
    let shared = Shared {
        notice: RwSignal::new(None),
        error: RwSignal::new(None),
        version: RwSignal::new(0),
    };
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
                    {move || shared.notice.get().map(|t| i18n.t(t))}
                </p>
                <ErrorBanner error=shared.error codes=place_error />
                <Regions shared=shared />
                <Sites shared=shared />
                <Domains shared=shared />
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

#[component]
fn Regions(shared: Shared) -> impl IntoView {
    let regions = LocalResource::new(move || {
        let _ = shared.version.get();
        api::regions()
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
        let request = RegionRequest {
            name: PlaceName::from(name.get_untracked()),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        shared.start();
        submission.send(
            error,
            move |key| async move { api::create_region(&request, &key).await },
            move |_| {
                name.set(String::new());
                shared.done(DirectoryText::Saved);
            },
        );
    };
    let rename = Callback::new(move |(id, name): (String, String)| {
        let request = RegionRequest {
            name: PlaceName::from(name),
        };
        shared.start();
        leptos::task::spawn_local(async move {
            match api::update_region(&id, &request).await {
                Ok(_) => shared.done(DirectoryText::Saved),
                Err(e) => shared.failed(e),
            }
        });
    });
    view! {
        <div class="card">
            <h2>{tr(DirectoryText::Regions)}</h2>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || regions.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="places">
                            {list.into_iter().map(|r| {
                                let id = r.id.to_string();
                                let delete_id = id.clone();
                                view! {
                                    <li>
                                        <Rename id=id name=r.name.clone() save=rename />
                                        <span class="muted small">{format!("{} ", r.sites)} {tr(DirectoryText::SitesCount)}</span>
                                        <ConfirmAction
                                            label=DirectoryText::Delete
                                            question=DirectoryText::DeleteRegionQuestion
                                            on_confirm=Callback::new(move |_| {
                                                let id = delete_id.clone();
                                                shared.start();
                                                leptos::task::spawn_local(async move {
                                                    match api::delete_region(&id).await {
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
                <TextField id="new-region" label=DirectoryText::NewRegion field="name" value=name error=error />
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

#[component]
fn Domains(shared: Shared) -> impl IntoView {
    let domains = LocalResource::new(move || {
        let _ = shared.version.get();
        api::domains()
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
        let request = DomainRequest {
            name: PlaceName::from(name.get_untracked()),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        shared.start();
        submission.send(
            error,
            move |key| async move { api::create_domain(&request, &key).await },
            move |_| {
                name.set(String::new());
                shared.done(DirectoryText::Saved);
            },
        );
    };
    let rename = Callback::new(move |(id, name): (String, String)| {
        let request = DomainRequest {
            name: PlaceName::from(name),
        };
        shared.start();
        leptos::task::spawn_local(async move {
            match api::update_domain(&id, &request).await {
                Ok(_) => shared.done(DirectoryText::Saved),
                Err(e) => shared.failed(e),
            }
        });
    });
    view! {
        <div class="card">
            <h2>{tr(DirectoryText::Domains)}</h2>
            <Suspense fallback=|| view! { <Loading /> }>
                {move || domains.get().map(|result| match result {
                    Ok(list) => view! {
                        <ul class="places">
                            {list.into_iter().map(|d| {
                                let id = d.id.to_string();
                                let delete_id = id.clone();
                                view! {
                                    <li>
                                        <Rename id=id name=d.name.clone() save=rename />
                                        <span class="muted small">{format!("{} ", d.people)} {tr(DirectoryText::PeopleCount)}</span>
                                        <ConfirmAction
                                            label=DirectoryText::Delete
                                            question=DirectoryText::DeleteDomainQuestion
                                            on_confirm=Callback::new(move |_| {
                                                let id = delete_id.clone();
                                                shared.start();
                                                leptos::task::spawn_local(async move {
                                                    match api::delete_domain(&id).await {
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
                <TextField id="new-domain" label=DirectoryText::NewDomain field="name" value=name error=error />
                <SubmitButton submission=submission label=DirectoryText::Add />
            </form>
        </div>
    }
}

//! The programme list, with the creation form for admins.

use super::api;
use super::form::ProgrammeForm;
use super::strings::{context_name, status_name, ProgrammeText};
use crate::client::use_session;
use crate::components::{focus_later, page_title, Icon, IconSvg, LoadFailed, MorePages};
use crate::i18n::{format_period, tr, use_i18n, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use relais_domain::access::Action;
use relais_domain::programmes::{Programme, ProgrammeDetail};

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn ProgrammeList() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    page_title(move || i18n.t(ProgrammeText::Programmes).to_owned());
    let creating = RwSignal::new(false);
    let more = MorePages::<Programme>::new();
    let programmes = LocalResource::new(move || async move {
        let page = api::list_programmes(None).await;
        if let Ok(page) = &page {
            more.reset(page);
        }
        page
    });
    let on_created = Callback::new(move |detail: ProgrammeDetail| {
        navigate(&format!("/programmes/{}", detail.programme.id), Default::default());
    });

    let row = move |programme: Programme| {
        let status = programme.status;
        let context = programme.context;
        let href = format!("/programmes/{}", programme.id);
        let dashboard = format!("/programmes/{}/dashboard", programme.id);
        let (starts, ends) = (programme.starts_on, programme.ends_on);
        view! {
            <li class="programme-item">
                <div>
                    <a href=href class="programme-link">{programme.title}</a>
                    <span class=format!("badge status-{}", status.as_str())>{move || status_name(status, i18n.lang.get())}</span>
                </div>
                <p class="muted">
                    {move || context_name(context, i18n.lang.get())} " · "
                    {move || format_period(starts, ends, i18n.lang.get())}
                </p>
                <a href=dashboard>{tr(ProgrammeText::OpenDashboard)}</a>
            </li>
        }
    };

    view! {
        <section>
            <div class="heading">
                <h1>{tr(ProgrammeText::Programmes)}</h1>
                <Show when=move || session.may(Action::ManageProgrammes) && !creating.get()>
                    <button
                        type="button"
                        id="new-programme"
                        class="primary"
                        on:click=move |_| {
                            creating.set(true);
                            focus_later("programme-title");
                        }
                    >
                        <IconSvg icon=Icon::Plus />
                        {tr(ProgrammeText::NewProgramme)}
                    </button>
                </Show>
            </div>
            <Show when=move || creating.get()>
                <div class="card">
                    <h2>{tr(ProgrammeText::NewProgramme)}</h2>
                    <ProgrammeForm on_saved=on_created />
                    <button
                        type="button"
                        class="secondary"
                        on:click=move |_| {
                            creating.set(false);
                            focus_later("new-programme");
                        }
                    >
                        {tr(Text::Cancel)}
                    </button>
                </div>
            </Show>
            <Suspense fallback=|| view! { <crate::components::Loading /> }>
                {move || {
                    programmes
                        .get()
                        .map(|result| match result {
                            Ok(page) if page.items.is_empty() => {
                                view! {
                                    <div class="card empty">
                                        <p>{tr(ProgrammeText::NoProgrammes)}</p>
                                        <Show when=move || session.may(Action::ManageProgrammes)>
                                            <button
                                                type="button"
                                                class="primary"
                                                on:click=move |_| {
                                                    creating.set(true);
                                                    focus_later("programme-title");
                                                }
                                            >
                                                {tr(ProgrammeText::NewProgramme)}
                                            </button>
                                        </Show>
                                    </div>
                                }
                                    .into_any()
                            }
                            Ok(page) => {
                                view! {
                                    <ul class="programmes">
                                        {page.items.into_iter().map(row).collect_view()}
                                        {move || more.items.get().into_iter().map(row).collect_view()}
                                    </ul>
                                    <Show when=move || more.has_more()>
                                        <button type="button" on:click=move |_| more.load_more(api::list_programmes)>{tr(Text::LoadMore)}</button>
                                    </Show>
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

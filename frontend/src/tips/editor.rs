//! Writing and editing a tip: title, Markdown text with a preview rendered by the server
//! (exactly as the tip will show), tags, an expertise domain; saved as a draft or published.

use super::api;
use super::feed::Menu;
use super::strings::{tip_field_error, TipsText};
use crate::components::{
    focus_on_mount, local_problem, page_title, ErrorBanner, LoadFailed, Loading, NotFoundPage, Submission, TextField,
};
use crate::i18n::{tr, use_i18n, Strings, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::directory::DomainId;
use relais_domain::tips::{PreviewRequest, Tip, TipRequest, TipStatus};

#[component]
pub fn NewTip() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(TipsText::NewTitle).to_owned());
    view! { <TipForm tip=None /> }
}

#[component]
pub fn EditTip() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(TipsText::EditTitle).to_owned());
    let params = use_params_map();
    let tip = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::tip(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                tip.get()
                    .map(|result| match result {
                        Ok(tip) if tip.can_edit => {
                            let (id, image) = (tip.summary.id.to_string(), tip.summary.image.clone());
                            view! {
                                <TipForm tip=Some(tip) />
                                <super::image::ImageEditor tip_id=id image=image />
                            }
                                .into_any()
                        }
                        Ok(_) => view! { <LoadFailed error=crate::client::ApiError::Problem(forbidden()) /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn forbidden() -> relais_domain::Problem {
    relais_domain::Problem {
        problem_type: "urn:relais:problem:forbidden".into(),
        title: "Forbidden".into(),
        status: 403,
        detail: None,
        code: "forbidden".into(),
        errors: Vec::new(),
    }
}

/// The tags as typed: comma-separated.
fn tags_of(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

#[component]
fn TipForm(tip: Option<Tip>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let editing = tip.as_ref().map(|t| (t.summary.id.to_string(), t.summary.status));
    let title = RwSignal::new(tip.as_ref().map(|t| t.summary.title.clone()).unwrap_or_default());
    let body = RwSignal::new(tip.as_ref().map(|t| t.body.clone()).unwrap_or_default());
    let tags = RwSignal::new(tip.as_ref().map(|t| t.summary.tags.join(", ")).unwrap_or_default());
    let domain = RwSignal::new(
        tip.as_ref()
            .and_then(|t| t.summary.domain.as_ref().map(|d| d.id.to_string()))
            .unwrap_or_default(),
    );
    let domains = LocalResource::new(api::domains);
    let error = RwSignal::new(None);
    let preview = RwSignal::new(None::<String>);
    let previewing = RwSignal::new(false);
    let submission = Submission::new();
    let first_field = NodeRef::<leptos::html::Div>::new();
    focus_on_mount(first_field);
    let editing_store = StoredValue::new(editing.clone());
    let save = Callback::new(move |status: TipStatus| {
        let request = TipRequest {
            title: title.get_untracked().into(),
            body: body.get_untracked().into(),
            tags: tags_of(&tags.get_untracked()),
            domain_id: DomainId::parse(&domain.get_untracked()),
            status: Some(status),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(local_problem(errors)));
            return;
        }
        let navigate = navigate.clone();
        let target = editing_store.get_value();
        submission.send(
            error,
            move |key| async move {
                match target {
                    Some((id, _)) => api::update(&id, &request).await,
                    None => api::write(&request, &key).await,
                }
            },
            move |tip: Tip| navigate(&format!("/tips/{}", tip.summary.id), Default::default()),
        );
    });
    // Enter in a field keeps the tip as it is: a new one stays a draft.
    let default_status = editing.as_ref().map_or(TipStatus::Draft, |(_, status)| *status);
    let show_preview = move |_| {
        error.set(None);
        let text = body.get_untracked();
        if text.trim().chars().count() < 10 {
            preview.set(Some(String::new()));
            return;
        }
        previewing.set(true);
        leptos::task::spawn_local(async move {
            match api::preview(&PreviewRequest { body: text.into() }).await {
                Ok(rendered) => preview.set(Some(rendered.html)),
                Err(failure) => error.set(Some(failure)),
            }
            previewing.set(false);
        });
    };
    let pending = move || submission.pending.get();
    let tag_error = move || {
        error.get().and_then(|e| {
            e.field_errors()
                .into_iter()
                .find(|f| f.field.starts_with("tags"))
                .map(|f| {
                    tip_field_error(&f.field, &f.code).map_or(f.message, |t| t.in_lang(i18n.lang.get()).to_owned())
                })
        })
    };
    let domain_error = move || {
        error.get().and_then(|e| {
            e.field_errors().into_iter().find(|f| f.field == "domain_id").map(|f| {
                tip_field_error(&f.field, &f.code).map_or(f.message, |t| t.in_lang(i18n.lang.get()).to_owned())
            })
        })
    };
    let is_published = editing.as_ref().is_some_and(|(_, s)| *s == TipStatus::Published);
    let cancel_href = editing
        .as_ref()
        .map_or("/tips".to_owned(), |(id, _)| format!("/tips/{id}"));
    view! {
        <section>
            <p><a href="/tips">{tr(TipsText::BackToTips)}</a></p>
            <Menu />
            <h1>{tr(if editing.is_some() { TipsText::EditTitle } else { TipsText::NewTitle })}</h1>
            <form class="card tip-form" novalidate on:submit=move |event| {
                event.prevent_default();
                save.run(default_status);
            }>
                <div node_ref=first_field>
                    <TextField id="tip-title" label=TipsText::TitleLabel field="title" value=title error=error />
                </div>
                <TextField
                    id="tip-body"
                    label=TipsText::BodyLabel
                    field="body"
                    value=body
                    error=error
                    rows=12
                    hint=TipsText::BodyHint
                />
                <label for="tip-tags">{tr(TipsText::TagsLabel)}</label>
                <input
                    id="tip-tags"
                    name="tags"
                    type="text"
                    aria-describedby="tip-tags-hint tip-tags-error"
                    aria-invalid=move || if tag_error().is_some() { "true" } else { "false" }
                    prop:value=move || tags.get()
                    on:input=move |ev| tags.set(event_target_value(&ev))
                />
                <span class="hint" id="tip-tags-hint">{tr(TipsText::TagsHint)}</span>
                <span class="field-error" id="tip-tags-error">{tag_error}</span>
                <label for="tip-domain">{tr(TipsText::Domain)}</label>
                <select
                    id="tip-domain"
                    name="domain_id"
                    aria-describedby="tip-domain-error"
                    on:change=move |ev| domain.set(event_target_value(&ev))
                >
                    <option value="">{tr(TipsText::NoDomain)}</option>
                    {move || {
                        domains
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|d| {
                                let value = d.id.to_string();
                                let selected = domain.get_untracked() == value;
                                view! { <option value=value selected=selected>{d.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <span class="field-error" id="tip-domain-error">{domain_error}</span>
                <ErrorBanner error=error />
                <div class="actions">
                    <button type="button" class="secondary" aria-busy=move || if previewing.get() { "true" } else { "false" } on:click=show_preview>
                        {tr(TipsText::ShowPreview)}
                    </button>
                    <Show when=move || !is_published>
                        <button
                            type="button"
                            class="secondary"
                            aria-disabled=move || if pending() { "true" } else { "false" }
                            on:click=move |_| save.run(TipStatus::Draft)
                        >
                            {move || if pending() { i18n.t(Text::Sending) } else { i18n.t(TipsText::SaveDraft) }}
                        </button>
                    </Show>
                    <button
                        type="button"
                        class="primary"
                        aria-disabled=move || if pending() { "true" } else { "false" }
                        on:click=move |_| save.run(TipStatus::Published)
                    >
                        {move || {
                            if pending() {
                                i18n.t(Text::Sending)
                            } else if is_published {
                                i18n.t(TipsText::SaveChanges)
                            } else {
                                i18n.t(TipsText::Publish)
                            }
                        }}
                    </button>
                    <a href=cancel_href class="button secondary">{tr(TipsText::Cancel)}</a>
                </div>
            </form>
            <section class="preview" aria-live="polite" aria-labelledby="preview-title">
                {move || {
                    preview
                        .get()
                        .map(|html| {
                            view! {
                                <h2 id="preview-title">{tr(TipsText::PreviewTitle)}</h2>
                                {if html.is_empty() {
                                    view! { <p class="empty">{tr(TipsText::PreviewEmpty)}</p> }.into_any()
                                } else {
                                    view! { <div class="prose card" inner_html=html></div> }.into_any()
                                }}
                            }
                        })
                }}
            </section>
        </section>
    }
}

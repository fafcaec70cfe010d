//! A tip's page: the rendered text, reactions and save (for colleagues), edit and delete
//! (for its author or an admin), its history, and its comments.

use super::api;
use super::feed::Menu;
use super::strings::{reaction_name, tip_error, TipsText};
use crate::components::{
    page_title, ConfirmAction, ErrorBanner, FieldMessage, LoadFailed, Loading, NotFoundPage, Submission, SubmitButton,
};
use crate::i18n::{format_moment, tr, use_i18n, Strings};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::tips::{Comment, CommentRequest, ReactionKind, Tip, TipStatus};

#[component]
pub fn TipPage() -> impl IntoView {
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    let tip = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let _ = version.get();
        async move { api::tip(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                tip.get()
                    .map(|result| match result {
                        Ok(tip) => view! { <TipView tip=tip /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn TipView(tip: Tip) -> impl IntoView {
    let i18n = use_i18n();
    let summary = tip.summary.clone();
    let title = summary.title.clone();
    page_title(move || title.clone());
    let id = summary.id.to_string();
    let mine = crate::client::use_session()
        .me_untracked()
        .is_some_and(|me| me.id == summary.author.id);
    let published = summary.status == TipStatus::Published;
    let (can_edit, body_html, revisions) = (tip.can_edit, tip.body_html.clone(), tip.revisions);
    let tags = summary.tags.clone();
    let when = summary.published_at.unwrap_or(summary.updated_at);
    let error = RwSignal::new(None);
    let message = RwSignal::new(None::<TipsText>);
    let navigate = use_navigate();
    let delete_id = id.clone();
    let on_delete = Callback::new(move |_| {
        let id = delete_id.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::delete(&id).await {
                Ok(_) => navigate("/tips", Default::default()),
                Err(failure) => error.set(Some(failure)),
            }
        });
    });
    view! {
        <article class="tip">
            <p><a href="/tips">{tr(TipsText::BackToTips)}</a></p>
            <Menu />
            <header class="page-header">
                <h1>{summary.title.clone()}</h1>
                <Show when=move || can_edit>
                    <div class="actions">
                        <A href=format!("/tips/{}/edit", summary.id) attr:class="button secondary">{tr(TipsText::Edit)}</A>
                        <ConfirmAction
                            label=TipsText::Delete
                            question=TipsText::DeleteQuestion
                            on_confirm=on_delete
                            class="secondary danger-outline"
                        />
                    </div>
                </Show>
            </header>
            <p class="muted small">
                {move || i18n.t(TipsText::By)} " "
                <A href=format!("/directory/{}", summary.author.id)>{summary.author.display_name.clone()}</A>
                " · " {move || format_moment(when, i18n.lang.get())}
                {summary.domain.clone().map(|d| view! { " · " {d.name} })}
            </p>
            <Show when=move || !published>
                <p class="notice-draft">{tr(TipsText::DraftNote)}</p>
            </Show>
            <ul class="tags" aria-label=tr(TipsText::TagsLabel)>
                {tags
                    .into_iter()
                    .map(|tag| view! { <li><a href=format!("/tips?tag={tag}") class="tag">"#" {tag.clone()}</a></li> })
                    .collect_view()}
            </ul>
            {summary.image.clone().map(|image| view! { <super::image::TipPicture image=image /> })}
            <div class="prose card" inner_html=body_html></div>
            <Show when=move || published>
                <Reactions tip=tip.clone() mine=mine message=message error=error />
            </Show>
            <p class="notice" role="status">{move || message.get().map(|m| m.in_lang(i18n.lang.get()))}</p>
            <ErrorBanner error=error codes=tip_error />
            <History id=id.clone() count=revisions />
            <Show when=move || published>
                <Comments id=id.clone() />
            </Show>
        </article>
    }
}

/// The three reactions as toggle buttons with their counts, and the save toggle.
#[component]
fn Reactions(
    tip: Tip,
    mine: bool,
    message: RwSignal<Option<TipsText>>,
    error: RwSignal<Option<crate::client::ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(tip.summary.id.to_string());
    let counts = RwSignal::new(tip.summary.reactions);
    let chosen = RwSignal::new(tip.my_reactions.clone());
    let saved = RwSignal::new(tip.saved);
    let busy = RwSignal::new(false);
    let toggle = move |kind: ReactionKind| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let on = !chosen.with_untracked(|c| c.contains(&kind));
        leptos::task::spawn_local(async move {
            match api::react(&id.get_value(), kind, on).await {
                Ok(reactions) => {
                    counts.set(reactions.reactions);
                    chosen.set(reactions.my_reactions);
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    let toggle_save = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let on = !saved.get_untracked();
        leptos::task::spawn_local(async move {
            match api::save(&id.get_value(), on).await {
                Ok(_) => {
                    saved.set(on);
                    message.set(on.then_some(TipsText::SavedState));
                    error.set(None);
                }
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="reactions" aria-labelledby="reactions-title">
            <h2 id="reactions-title" class="visually-hidden">{tr(TipsText::Reactions)}</h2>
            <Show
                when=move || !mine
                fallback=move || {
                    view! {
                        <p class="muted small">
                            {tr(TipsText::OwnTip)} " "
                            {ReactionKind::ALL
                                .into_iter()
                                .map(|kind| view! { <span class="count-item">{move || reaction_name(kind, i18n.lang.get())} " " {move || counts.get().of(kind)}</span> " " })
                                .collect_view()}
                        </p>
                    }
                }
            >
                <div class="actions">
                    {ReactionKind::ALL
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <button
                                    type="button"
                                    class="reaction"
                                    aria-pressed=move || if chosen.with(|c| c.contains(&kind)) { "true" } else { "false" }
                                    aria-busy=move || if busy.get() { "true" } else { "false" }
                                    on:click=move |_| toggle(kind)
                                >
                                    {move || reaction_name(kind, i18n.lang.get())}
                                    " "
                                    <span class="count">{move || counts.get().of(kind)}</span>
                                </button>
                            }
                        })
                        .collect_view()}
                    <button
                        type="button"
                        class="reaction save"
                        aria-pressed=move || if saved.get() { "true" } else { "false" }
                        on:click=toggle_save
                    >
                        {move || i18n.t(if saved.get() { TipsText::SavedState } else { TipsText::Save })}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// Earlier versions, opened on demand.
#[component]
fn History(id: String, count: u32) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let revisions = LocalResource::new(move || {
        let id = id.clone();
        let wanted = open.get();
        async move {
            if wanted {
                api::revisions(&id).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    view! {
        <details class="history" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            let open_now = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .is_some_and(|d| d.open());
            open.set(open_now);
        }>
            <summary>{tr(TipsText::History)} " (" {count} ")"</summary>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    revisions
                        .get()
                        .map(|result| match result {
                            Ok(Some(list)) if list.is_empty() => view! { <p class="empty">{tr(TipsText::NoHistory)}</p> }.into_any(),
                            Ok(Some(list)) => view! {
                                <ol class="revisions">
                                    {list
                                        .into_iter()
                                        .map(|r| {
                                            let at = r.edited_at;
                                            view! {
                                                <li>
                                                    <p class="muted small">
                                                        {tr(TipsText::ReplacedBy)} " " {r.edited_by} " · "
                                                        {move || format_moment(at, i18n.lang.get())}
                                                    </p>
                                                    <p><strong>{r.title}</strong></p>
                                                    <pre class="revision-body">{r.body}</pre>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any(),
                            Ok(None) => ().into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Transition>
        </details>
    }
}

#[component]
fn Comments(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0u32);
    let list_id = StoredValue::new(id.clone());
    let comments = LocalResource::new(move || {
        let id = list_id.get_value();
        let _ = version.get();
        async move { api::comments(&id).await }
    });
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = CommentRequest {
            body: text.get_untracked().into(),
        };
        if let Err(problem) = request.body.check("body") {
            error.set(Some(crate::components::local_problem(vec![problem])));
            return;
        }
        let id = list_id.get_value();
        submission.send(
            error,
            move |key| async move { api::comment(&id, &request, &key).await },
            move |_| {
                text.set(String::new());
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <section class="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">{tr(TipsText::Comments)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    comments
                        .get()
                        .map(|result| match result {
                            Ok(list) if list.is_empty() => view! { <p class="empty">{tr(TipsText::NoComment)}</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="comment-list">
                                    {list
                                        .into_iter()
                                        .map(|c| view! { <CommentItem comment=c tip=list_id.get_value() version=version /> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Transition>
            <form class="comment-form" on:submit=submit novalidate>
                <label for="comment-body">{tr(TipsText::CommentLabel)}</label>
                <textarea
                    id="comment-body"
                    name="body"
                    rows="3"
                    maxlength="2000"
                    aria-invalid=crate::components::invalid(error, "body")
                    aria-describedby="comment-body-error"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
                <FieldMessage error=error field="body" input_id="comment-body".to_owned() />
                <ErrorBanner error=error />
                <SubmitButton submission=submission label=TipsText::SendComment />
            </form>
            <p class="visually-hidden" aria-live="polite">
                {move || comments.get().and_then(Result::ok).map(|l| crate::i18n::counted(l.len() as u32, TipsText::CommentOne, TipsText::CommentsCount, i18n.lang.get()))}
            </p>
        </section>
    }
}

#[component]
fn CommentItem(comment: Comment, tip: String, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let at = comment.created_at;
    let comment_id = comment.id.to_string();
    let on_delete = Callback::new(move |_| {
        let (tip, id) = (tip.clone(), comment_id.clone());
        leptos::task::spawn_local(async move {
            if api::delete_comment(&tip, &id).await.is_ok() {
                version.update(|v| *v += 1);
            }
        });
    });
    view! {
        <li class="comment">
            <p class="muted small">
                <strong>{comment.author.display_name.clone()}</strong> " · " {move || format_moment(at, i18n.lang.get())}
            </p>
            <p class="description">{comment.body.clone()}</p>
            <Show when=move || comment.can_delete>
                <ConfirmAction
                    label=TipsText::DeleteComment
                    question=TipsText::DeleteCommentQuestion
                    on_confirm=on_delete
                />
            </Show>
        </li>
    }
}

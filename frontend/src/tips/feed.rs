//! The feed of published tips with search and filters, and the caller's own lists (their
//! tips with drafts, their saved tips): cards read page by page.

use super::api::{self, Filters};
use super::strings::{reaction_name, TipsText};
use crate::components::{page_title, LoadFailed, Loading, MorePages};
use crate::i18n::{format_moment, tr, use_i18n, Text};
use leptos::prelude::*;
use leptos_router::components::A;
use relais_domain::directory::DomainId;
use relais_domain::pagination::Page;
use relais_domain::tips::{ReactionKind, TipStatus, TipSummary};

/// The links to the tips' other pages, shown on each.
#[component]
pub fn Menu() -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label=tr(TipsText::Tips)>
            <A href="/tips" exact=true>{tr(TipsText::Tips)}</A>
            <A href="/tips/mine">{tr(TipsText::MyTips)}</A>
            <A href="/tips/saved">{tr(TipsText::SavedTips)}</A>
            <A href="/tips/spotlight">{tr(TipsText::Spotlight)}</A>
        </nav>
    }
}

#[component]
pub fn Feed() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(TipsText::Title).to_owned());
    // A tag chosen on another page arrives in the address.
    let query = leptos_router::hooks::use_query_map();
    let tag = query.with_untracked(|q| q.get("tag")).unwrap_or_default();
    let author = query
        .with_untracked(|q| q.get("author"))
        .and_then(|a| relais_domain::ids::UserId::parse(&a));
    let filters = RwSignal::new(Filters {
        tag,
        author,
        ..Filters::default()
    });
    // What is typed is searched once the typing pauses, not at every key.
    let typed = RwSignal::new(String::new());
    let pending_search = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    let on_typed = move |text: String| {
        typed.set(text.clone());
        if let Some(handle) = pending_search.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || filters.update(|f| f.q = text.clone()),
            std::time::Duration::from_millis(300),
        )
        .ok();
        pending_search.set_value(handle);
    };
    let more = MorePages::<TipSummary>::new();
    let tips = LocalResource::new(move || {
        let filters = filters.get();
        async move {
            let page = api::feed(&filters, None).await;
            if let Ok(page) = &page {
                more.reset(page);
            }
            page
        }
    });
    let domains = LocalResource::new(api::domains);
    let on_tag = Callback::new(move |tag: String| filters.update(|f| f.tag = tag));
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(TipsText::Title)}</h1>
                <A href="/tips/new" attr:class="button primary">{tr(TipsText::Write)}</A>
            </header>
            <Menu />
            <p class="muted">{tr(TipsText::Intro)}</p>
            <form class="filters" role="search" on:submit=|event| event.prevent_default()>
                <div>
                    <label for="tips-search">{tr(TipsText::Search)}</label>
                    <input
                        id="tips-search"
                        type="search"
                        maxlength="200"
                        prop:value=move || typed.get()
                        on:input=move |ev| on_typed(event_target_value(&ev))
                    />
                </div>
                <div>
                    <label for="tips-domain">{tr(TipsText::Domain)}</label>
                    <select
                        id="tips-domain"
                        on:change=move |ev| filters.update(|f| f.domain = DomainId::parse(&event_target_value(&ev)))
                    >
                        <option value="">{tr(TipsText::AllDomains)}</option>
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
                    <label for="tips-tag">{tr(TipsText::Tag)}</label>
                    <input
                        id="tips-tag"
                        type="text"
                        maxlength="30"
                        aria-describedby="tips-tag-hint"
                        prop:value=move || filters.with(|f| f.tag.clone())
                        on:change=move |ev| filters.update(|f| f.tag = event_target_value(&ev))
                    />
                    <span class="hint" id="tips-tag-hint">{tr(TipsText::TagHint)}</span>
                </div>
            </form>
            <TipCards
                first=tips
                more=more
                next=move |cursor| {
                    let f = filters.get_untracked();
                    async move { api::feed(&f, cursor).await }
                }
                empty=TipsText::NoTip
                on_tag=on_tag
            />
        </section>
    }
}

/// The caller's tips (drafts too), or the tips they saved.
#[component]
pub fn Mine(saved: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (title, intro, empty) = if saved {
        (TipsText::SavedTips, TipsText::SavedIntro, TipsText::NoSaved)
    } else {
        (TipsText::MyTips, TipsText::MineIntro, TipsText::NoMine)
    };
    page_title(move || i18n.t(title).to_owned());
    let more = MorePages::<TipSummary>::new();
    let tips = LocalResource::new(move || async move {
        let page = api::mine(saved, None).await;
        if let Ok(page) = &page {
            more.reset(page);
        }
        page
    });
    let navigate = leptos_router::hooks::use_navigate();
    let on_tag = Callback::new(move |tag: String| {
        navigate(&format!("/tips?tag={tag}"), Default::default());
    });
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(title)}</h1>
                <A href="/tips/new" attr:class="button primary">{tr(TipsText::Write)}</A>
            </header>
            <Menu />
            <p class="muted">{tr(intro)}</p>
            <TipCards
                first=tips
                more=more
                next=move |cursor| async move { api::mine(saved, cursor).await }
                empty=empty
                on_tag=on_tag
            />
        </section>
    }
}

/// Tip cards read page by page, with loading, empty and failure states.
#[component]
fn TipCards<N, Fut>(
    first: LocalResource<crate::client::ApiResult<Page<TipSummary>>>,
    more: MorePages<TipSummary>,
    next: N,
    empty: TipsText,
    on_tag: Callback<String>,
) -> impl IntoView
where
    N: Fn(Option<String>) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = crate::client::ApiResult<Page<TipSummary>>> + 'static,
{
    let card = move |tip: TipSummary| view! { <TipCard tip=tip on_tag=on_tag /> };
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                first
                    .get()
                    .map(|result| match result {
                        Ok(page) if page.items.is_empty() => view! { <p class="empty">{tr(empty)}</p> }.into_any(),
                        Ok(page) => view! {
                            <ul class="tip-list" aria-label=tr(TipsText::Tips)>
                                {page.items.into_iter().map(card).collect_view()}
                                {move || more.items.get().into_iter().map(card).collect_view()}
                            </ul>
                            <Show when=move || more.has_more()>
                                <button type="button" class="secondary" on:click=move |_| more.load_more(next)>
                                    {tr(Text::LoadMore)}
                                </button>
                            </Show>
                        }
                            .into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// One tip in a list: its title (the link to it), author, date, domain, tags, the start of
/// its text and its reactions.
#[component]
fn TipCard(tip: TipSummary, on_tag: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = tip.status == TipStatus::Draft;
    let when = tip.published_at.unwrap_or(tip.updated_at);
    let reactions = tip.reactions;
    let comments = tip.comments;
    view! {
        <li class="tip-card">
            <h2 class="tip-title">
                <A href=format!("/tips/{}", tip.id)>{tip.title.clone()}</A>
                <Show when=move || draft>
                    " "
                    <span class="badge status-draft">{tr(TipsText::Draft)}</span>
                </Show>
            </h2>
            <p class="muted small">
                {move || i18n.t(TipsText::By)} " " {tip.author.display_name.clone()} " · "
                {move || format_moment(when, i18n.lang.get())}
                {tip.domain.clone().map(|d| view! { " · " {d.name} })}
            </p>
            <p class="excerpt">{tip.excerpt.clone()}</p>
            <div class="line">
                <ul class="tags" aria-label=tr(TipsText::TagsLabel)>
                    {tip
                        .tags
                        .iter()
                        .cloned()
                        .map(|tag| {
                            let chosen = tag.clone();
                            view! {
                                <li>
                                    <button type="button" class="tag" on:click=move |_| on_tag.run(chosen.clone())>
                                        "#" {tag}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p class="small muted counts">
                    {ReactionKind::ALL
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <span>{move || reaction_name(kind, i18n.lang.get())} " " {reactions.of(kind)}</span>
                                " · "
                            }
                        })
                        .collect_view()}
                    <span>{move || crate::i18n::counted(comments, TipsText::CommentOne, TipsText::CommentsCount, i18n.lang.get())}</span>
                </p>
            </div>
        </li>
    }
}

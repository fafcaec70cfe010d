//! The leaderboards: this week's or this month's points, of one site when chosen, and one's
//! own choice to leave them.

use super::api;
use super::strings::{period_name, RecognitionText};
use crate::client::use_session;
use crate::components::{page_title, ErrorBanner, LoadFailed, Loading, RadioChoice};
use crate::i18n::{tr, use_i18n, Strings};
use leptos::prelude::*;
use leptos_router::components::A;
use relais_domain::access::Action;
use relais_domain::directory::SiteId;
use relais_domain::recognition::LeaderboardPeriod;

#[component]
pub fn Leaderboards() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    page_title(move || i18n.t(RecognitionText::Title).to_owned());
    let period = RwSignal::new(LeaderboardPeriod::Week);
    let site = RwSignal::new(None::<SiteId>);
    let version = RwSignal::new(0u32);
    let board = LocalResource::new(move || {
        let (period, site) = (period.get(), site.get());
        let _ = version.get();
        async move { api::leaderboard(period, site).await }
    });
    let sites = LocalResource::new(crate::directory::api::sites);
    let me = session.me_untracked().map(|me| me.id.to_string()).unwrap_or_default();
    let error = RwSignal::new(None);
    let opted_out = move || board.get().and_then(Result::ok).map(|b| b.caller_opted_out);
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        leptos::task::spawn_local(async move {
            match api::set_preferences(on).await {
                Ok(_) => {
                    error.set(None);
                    version.update(|v| *v += 1);
                }
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(RecognitionText::Title)}</h1>
                <div class="actions">
                    <A href=format!("/people/{me}") attr:class="button secondary">{tr(RecognitionText::MyProfile)}</A>
                    <Show when=move || session.may(Action::ManageRecognition)>
                        <A href="/recognition/badges" attr:class="button secondary">{tr(RecognitionText::ManageBadges)}</A>
                    </Show>
                </div>
            </header>
            <p class="muted">{tr(RecognitionText::Intro)}</p>
            <div class="filters">
                <RadioChoice
                    legend=RecognitionText::Period
                    name="board"
                    options=LeaderboardPeriod::ALL.to_vec()
                    value=period
                    key=LeaderboardPeriod::as_str
                    label=period_name
                />
                <div>
                    <label for="board-site">{tr(RecognitionText::Site)}</label>
                    <select id="board-site" on:change=move |ev| site.set(SiteId::parse(&event_target_value(&ev)))>
                        <option value="">{tr(RecognitionText::AllSites)}</option>
                        {move || {
                            sites
                                .get()
                                .and_then(Result::ok)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|s| view! { <option value=s.id.to_string()>{s.name}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
            </div>
            <div class="checkbox">
                <input
                    id="leaderboard-opt-out"
                    type="checkbox"
                    aria-describedby="leaderboard-opt-out-hint"
                    prop:checked=move || opted_out().unwrap_or(false)
                    on:change=toggle
                />
                <label for="leaderboard-opt-out">{tr(RecognitionText::OptOut)}</label>
            </div>
            <p class="hint" id="leaderboard-opt-out-hint">{tr(RecognitionText::OptOutHint)}</p>
            <p class="notice" role="status">
                {move || opted_out().unwrap_or(false).then(|| i18n.t(RecognitionText::OptedOutNotice))}
            </p>
            <ErrorBanner error=error />
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    board
                        .get()
                        .map(|result| match result {
                            Ok(board) if board.items.is_empty() => view! { <p class="empty">{tr(RecognitionText::NoOne)}</p> }.into_any(),
                            Ok(board) => view! {
                                <ol class="leaderboard" aria-label=tr(RecognitionText::Ranking)>
                                    {board
                                        .items
                                        .into_iter()
                                        .map(|entry| {
                                            let points = f64::from(entry.points);
                                            view! {
                                                <li class="leader">
                                                    <span class="rank" aria-hidden="true">{entry.rank}</span>
                                                    <span class="leader-name">
                                                        <A href=format!("/people/{}", entry.person.id)>{entry.person.display_name.clone()}</A>
                                                        <span class="muted small">{entry.person.job_title.clone()}</span>
                                                    </span>
                                                    <span class="leader-points">
                                                        {move || crate::i18n::counted(points as u32, RecognitionText::PointOne, RecognitionText::Points, i18n.lang.get())}
                                                    </span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                            }
                                .into_any(),
                            Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                        })
                }}
            </Transition>
            <p class="muted small">{move || RecognitionText::Rules.in_lang(i18n.lang.get())}</p>
        </section>
    }
}

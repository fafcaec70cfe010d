//! The creator spotlight: the period's best content creators, with how their points came.

use super::api;
use super::feed::Menu;
use super::strings::{period_name, TipsText};
use crate::components::{page_title, LoadFailed, Loading, RadioChoice};
use crate::i18n::{counted, format_number, tr, use_i18n};
use leptos::prelude::*;
use relais_domain::tips::spotlight::SpotlightPeriod;

#[component]
pub fn Spotlight() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(TipsText::Spotlight).to_owned());
    let period = RwSignal::new(SpotlightPeriod::Month);
    let standings = LocalResource::new(move || {
        let period = period.get();
        async move { api::spotlight(period).await }
    });
    view! {
        <section>
            <h1>{tr(TipsText::Spotlight)}</h1>
            <Menu />
            <p class="muted">{tr(TipsText::SpotlightIntro)}</p>
            <RadioChoice
                legend=TipsText::Period
                name="period"
                options=SpotlightPeriod::ALL.to_vec()
                value=period
                key=SpotlightPeriod::as_str
                label=period_name
            />
            <Transition fallback=|| view! { <Loading /> }>
                {move || {
                    standings
                        .get()
                        .map(|result| match result {
                            Ok(spotlight) if spotlight.items.is_empty() => view! { <p class="empty">{tr(TipsText::NoCreator)}</p> }.into_any(),
                            Ok(spotlight) => view! {
                                <ol class="spotlight" aria-label=tr(TipsText::Creators)>
                                    {spotlight
                                        .items
                                        .into_iter()
                                        .map(|entry| {
                                            let points = entry.points;
                                            view! {
                                                <li class="spotlight-entry">
                                                    <div class="ranked-head">
                                                        <div>
                                                            <a href=format!("/tips?author={}", entry.person.id)>{entry.person.display_name.clone()}</a>
                                                            <p class="muted small">{entry.person.job_title.clone()}</p>
                                                        </div>
                                                        <p class="score">
                                                            <strong>{move || format_number(points, i18n.lang.get(), 1)}</strong>
                                                            " " {move || i18n.t(if points < 2.0 { TipsText::PointOne } else { TipsText::Points })}
                                                        </p>
                                                    </div>
                                                    <p class="small">
                                                        {move || {
                                                            let lang = i18n.lang.get();
                                                            format!(
                                                                "{} · {} · {}",
                                                                counted(entry.tips, TipsText::TipOne, TipsText::TipsCount, lang),
                                                                counted(entry.reactions, TipsText::ReactionOne, TipsText::ReactionsCount, lang),
                                                                counted(entry.distinct_reactors, TipsText::ReactorOne, TipsText::Reactors, lang),
                                                            )
                                                        }}
                                                    </p>
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
            <p class="muted small">{tr(TipsText::SpotlightRules)}</p>
        </section>
    }
}

//! A person's recognition: their contributions, badges and the thank-yous they received;
//! colleagues thank them from here.

use super::api;
use super::strings::{badge_meaning, badge_name, RecognitionText};
use crate::client::use_session;
use crate::components::{
    page_title, ErrorBanner, FieldMessage, LoadFailed, Loading, NotFoundPage, Submission, SubmitButton,
};
use crate::i18n::{format_moment, tr, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use relais_domain::recognition::{KudosRequest, Profile};

#[component]
pub fn ProfilePage() -> impl IntoView {
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    let thanked = RwSignal::new(false);
    let profile = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let _ = version.get();
        async move { api::profile(&id).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                profile
                    .get()
                    .map(|result| match result {
                        Ok(profile) => view! { <ProfileView profile=profile version=version thanked=thanked /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn ProfileView(profile: Profile, version: RwSignal<u32>, thanked: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let name = profile.person.display_name.clone();
    page_title(move || name.clone());
    let own = use_session()
        .me_untracked()
        .is_some_and(|me| me.id == profile.person.id);
    let c = profile.contributions;
    let person_id = profile.person.id.to_string();
    view! {
        <section>
            <header class="page-header">
                <div>
                    <h1>{profile.person.display_name.clone()}</h1>
                    <p class="muted">{profile.person.job_title.clone()}</p>
                </div>
                <A href=format!("/directory/{person_id}") attr:class="button secondary">{tr(RecognitionText::Directory)}</A>
            </header>
            <h2>{tr(RecognitionText::Contributions)}</h2>
            <div class="tiles">
                <div class="tile"><span class="tile-label">{tr(RecognitionText::TipsPublished)}</span><strong class="tile-value">{c.tips_published}</strong></div>
                <div class="tile"><span class="tile-label">{tr(RecognitionText::ReactionsReceived)}</span><strong class="tile-value">{c.reactions_received}</strong></div>
                <div class="tile"><span class="tile-label">{tr(RecognitionText::CommentsWritten)}</span><strong class="tile-value">{c.comments_written}</strong></div>
                <div class="tile"><span class="tile-label">{tr(RecognitionText::KudosReceived)}</span><strong class="tile-value">{c.kudos_received}</strong></div>
            </div>
            <h2>{tr(RecognitionText::Badges)}</h2>
            {if profile.badges.is_empty() {
                view! { <p class="empty">{tr(RecognitionText::NoBadge)}</p> }.into_any()
            } else {
                view! {
                    <ul class="badge-list">
                        {profile
                            .badges
                            .into_iter()
                            .map(|award| {
                                let at = award.awarded_at;
                                let automatic = award.automatic;
                                let custom = award.badge.clone();
                                let reason = award.reason.clone();
                                view! {
                                    <li class="earned-badge">
                                        <strong>
                                            {move || match (automatic, &custom) {
                                                (Some(badge), _) => badge_name(badge, i18n.lang.get()).to_owned(),
                                                (None, Some(badge)) => badge.name.clone(),
                                                (None, None) => String::new(),
                                            }}
                                        </strong>
                                        <span class="small">
                                            {move || match (automatic, &award.badge) {
                                                (Some(badge), _) => badge_meaning(badge, i18n.lang.get()).to_owned(),
                                                (None, Some(badge)) => badge.description.clone(),
                                                (None, None) => String::new(),
                                            }}
                                        </span>
                                        {(!reason.is_empty()).then(|| view! { <blockquote class="small">{reason.clone()}</blockquote> })}
                                        <span class="muted small">{move || format_moment(at, i18n.lang.get())}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {(!profile.modules_credited.is_empty()).then(|| view! {
                <h2>{tr(RecognitionText::ModulesCredited)}</h2>
                <ul class="credited-modules">
                    {profile
                        .modules_credited
                        .iter()
                        .map(|m| view! { <li><a href=format!("/modules/{}", m.id)>{m.title.clone()}</a></li> })
                        .collect_view()}
                </ul>
            })}
            <h2>{tr(RecognitionText::Kudos)}</h2>
            <p class="notice" role="status">{move || thanked.get().then(|| i18n.t(RecognitionText::Thanked))}</p>
            {if profile.kudos.is_empty() {
                view! { <p class="empty">{tr(RecognitionText::NoKudos)}</p> }.into_any()
            } else {
                view! {
                    <ul class="comment-list">
                        {profile
                            .kudos
                            .into_iter()
                            .map(|k| {
                                let at = k.created_at;
                                view! {
                                    <li class="comment">
                                        <p class="muted small">
                                            <A href=format!("/people/{}", k.from.id)>{k.from.display_name.clone()}</A>
                                            " · " {move || format_moment(at, i18n.lang.get())}
                                        </p>
                                        <p class="description">{k.message.clone()}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <Show when=move || !own>
                <ThankForm to=person_id.clone() version=version thanked=thanked />
            </Show>
        </section>
    }
}

#[component]
fn ThankForm(to: String, version: RwSignal<u32>, thanked: RwSignal<bool>) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let submission = Submission::new();
    let to = StoredValue::new(to);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        thanked.set(false);
        let request = KudosRequest {
            to: relais_domain::ids::UserId::new(to.get_value()),
            message: message.get_untracked().into(),
        };
        if let Err(problem) = request.message.check("message") {
            error.set(Some(crate::components::local_problem(vec![problem])));
            return;
        }
        submission.send(
            error,
            move |key| async move { api::thank(&request, &key).await },
            move |_| {
                message.set(String::new());
                thanked.set(true);
                version.update(|v| *v += 1);
            },
        );
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h3>{tr(RecognitionText::ThankTitle)}</h3>
            <label for="kudos-message">{tr(RecognitionText::ThankLabel)}</label>
            <textarea
                id="kudos-message"
                rows="3"
                maxlength="280"
                aria-invalid=crate::components::invalid(error, "message")
                aria-describedby="kudos-message-error"
                prop:value=move || message.get()
                on:input=move |ev| message.set(event_target_value(&ev))
            ></textarea>
            <FieldMessage error=error field="message" input_id="kudos-message".to_owned() />
            <ErrorBanner error=error codes=super::strings::recognition_error />
            <SubmitButton submission=submission label=RecognitionText::Send />
        </form>
    }
}

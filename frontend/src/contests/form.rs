//! The training team's contest form: theme and rules, who takes part, the windows (in the
//! reader's time zone), and how winners are chosen — the public's votes, a jury's weighted
//! criteria, or both. The same form creates a contest and changes one before it opens.

use super::api;
use super::strings::{contest_error, mode_name, ContestsText};
use crate::client::use_session;
use crate::components::{
    focus_later, invalid, local_problem, page_title, CheckboxChoices, ErrorBanner, FieldMessage, LoadFailed, Loading,
    NotFoundPage, PeoplePicker, RadioChoice, Submission, SubmitButton, TextField,
};
use crate::i18n::{tr, use_i18n, Lang, Strings};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use relais_domain::access::Action;
use relais_domain::contests::{AudienceKind, Contest, ContestMode, ContestRequest, CriterionRequest, MAX_CRITERIA};
use relais_domain::directory::{RegionId, SiteId};
use relais_domain::FieldError;
use wasm_bindgen::JsValue;

fn audience_name(audience: AudienceKind, lang: Lang) -> &'static str {
    match audience {
        AudienceKind::Organisation => ContestsText::WholeOrganisation.in_lang(lang),
        AudienceKind::Regions => ContestsText::AudienceRegions.in_lang(lang),
        AudienceKind::Sites => ContestsText::AudienceSites.in_lang(lang),
    }
}

/// A `datetime-local` value (the reader's time) as a moment; None when empty or invalid.
fn from_local(text: &str) -> Option<DateTime<Utc>> {
    if text.trim().is_empty() {
        return None;
    }
    let millis = js_sys::Date::new(&JsValue::from_str(text)).get_time();
    if millis.is_nan() {
        return None;
    }
    DateTime::from_timestamp_millis(millis as i64)
}

/// A moment as a `datetime-local` value in the reader's time.
fn to_local(at: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

#[component]
pub fn NewContest() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(ContestsText::NewTitle).to_owned());
    view! { <ContestForm initial=None /> }
}

#[component]
pub fn EditContest() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(ContestsText::EditTitle).to_owned());
    let params = use_params_map();
    let contest = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::contest(&id).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                contest
                    .get()
                    .map(|result| match result {
                        Ok(contest) => view! { <ContestForm initial=Some(contest) /> }.into_any(),
                        Err(error) if error.code() == "not_found" => view! { <NotFoundPage /> }.into_any(),
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// One criterion's row, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct CriterionRow {
    key: u32,
    name: RwSignal<String>,
    weight: RwSignal<String>,
}

#[component]
fn ContestForm(initial: Option<Contest>) -> impl IntoView {
    let session = use_session();
    let editing = initial.as_ref().map(|c| c.id.to_string());
    let heading = if editing.is_some() {
        ContestsText::EditTitle
    } else {
        ContestsText::NewTitle
    };
    let back_label = if editing.is_some() {
        ContestsText::BackToContest
    } else {
        ContestsText::BackToContests
    };
    let back = editing
        .as_ref()
        .map_or_else(|| "/contests".to_owned(), |id| format!("/contests/{id}"));
    view! {
        <section>
            <p><a href=back>{tr(back_label)}</a></p>
            <h1>{tr(heading)}</h1>
            <Show
                when=move || session.may(Action::ManageContests)
                fallback=|| view! { <p class="error" role="alert">{tr(ContestsText::Forbidden)}</p> }
            >
                <FormFields initial=initial.clone() />
            </Show>
        </section>
    }
}

#[component]
fn FormFields(initial: Option<Contest>) -> impl IntoView {
    let navigate = use_navigate();
    let editing = initial.as_ref().map(|c| c.id.to_string());
    let tomorrow = (Utc::now() + Duration::days(1))
        .date_naive()
        .and_hms_opt(8, 0, 0)
        .map(|t| t.and_utc());
    let default_open = tomorrow.unwrap_or_else(Utc::now);
    let title = RwSignal::new(initial.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let rules = RwSignal::new(initial.as_ref().map(|c| c.rules.clone()).unwrap_or_default());
    let mode = RwSignal::new(initial.as_ref().map_or(ContestMode::Public, |c| c.mode));
    let audience = RwSignal::new(initial.as_ref().map_or(AudienceKind::Organisation, |c| c.audience));
    let place_ids: Vec<String> = initial
        .as_ref()
        .map(|c| c.places.iter().map(|p| p.id.clone()).collect())
        .unwrap_or_default();
    let chosen_regions = RwSignal::new(if audience.get_untracked() == AudienceKind::Regions {
        place_ids.clone()
    } else {
        Vec::new()
    });
    let chosen_sites = RwSignal::new(if audience.get_untracked() == AudienceKind::Sites {
        place_ids
    } else {
        Vec::new()
    });
    let opens = RwSignal::new(to_local(
        initial.as_ref().map_or(default_open, |c| c.submissions_open_at),
    ));
    let closes = RwSignal::new(to_local(
        initial
            .as_ref()
            .map_or(default_open + Duration::days(7), |c| c.submissions_close_at),
    ));
    let ends = RwSignal::new(to_local(
        initial
            .as_ref()
            .map_or(default_open + Duration::days(14), |c| c.voting_close_at),
    ));
    let votes = RwSignal::new(
        initial
            .as_ref()
            .filter(|c| c.votes_per_voter > 0)
            .map_or(3, |c| c.votes_per_voter)
            .to_string(),
    );
    let public_weight = RwSignal::new(
        initial
            .as_ref()
            .filter(|c| c.mode == ContestMode::Mixed)
            .map_or(50, |c| c.public_weight)
            .to_string(),
    );
    let winners = RwSignal::new(initial.as_ref().map_or(1, |c| c.winners).to_string());
    let next_key = StoredValue::new(0u32);
    let row = move |name: String, weight: u32| {
        next_key.update_value(|k| *k += 1);
        CriterionRow {
            key: next_key.get_value(),
            name: RwSignal::new(name),
            weight: RwSignal::new(weight.to_string()),
        }
    };
    let start_criteria: Vec<CriterionRow> = match initial.as_ref().filter(|c| !c.criteria.is_empty()) {
        Some(c) => c.criteria.iter().map(|c| row(c.name.clone(), c.weight)).collect(),
        None => vec![row(String::new(), 1)],
    };
    let criteria = RwSignal::new(start_criteria);
    let jurors = RwSignal::new(
        initial
            .as_ref()
            .map(|c| {
                c.jurors
                    .iter()
                    .map(|j| (j.id.clone(), j.display_name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    );
    let regions = LocalResource::new(crate::directory::api::regions);
    let sites = LocalResource::new(crate::directory::api::sites);
    let region_options = Signal::derive(move || {
        regions
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name))
            .collect::<Vec<_>>()
    });
    let site_options = Signal::derive(move || {
        sites
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.id.to_string(), format!("{} ({})", s.name, s.region_name)))
            .collect::<Vec<_>>()
    });
    let error = RwSignal::new(None);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut problems = Vec::new();
        let mut moment = |field: &str, text: String| {
            from_local(&text).unwrap_or_else(|| {
                problems.push(FieldError::new(field, "required", "give a date and time"));
                Utc::now()
            })
        };
        let submissions_open_at = moment("submissions_open_at", opens.get_untracked());
        let submissions_close_at = moment("submissions_close_at", closes.get_untracked());
        let voting_close_at = moment("voting_close_at", ends.get_untracked());
        let number = |text: String| text.trim().parse::<u32>().ok();
        let chosen_mode = mode.get_untracked();
        let chosen_audience = audience.get_untracked();
        let request = ContestRequest {
            title: title.get_untracked().into(),
            rules: rules.get_untracked().into(),
            mode: chosen_mode,
            audience: chosen_audience,
            regions: if chosen_audience == AudienceKind::Regions {
                chosen_regions.get_untracked().into_iter().map(RegionId::new).collect()
            } else {
                Vec::new()
            },
            sites: if chosen_audience == AudienceKind::Sites {
                chosen_sites.get_untracked().into_iter().map(SiteId::new).collect()
            } else {
                Vec::new()
            },
            submissions_open_at,
            submissions_close_at,
            voting_close_at,
            votes_per_voter: if chosen_mode.has_public_vote() {
                Some(number(votes.get_untracked()).unwrap_or(0))
            } else {
                None
            },
            public_weight: (chosen_mode == ContestMode::Mixed)
                .then(|| number(public_weight.get_untracked()).unwrap_or(0)),
            criteria: if chosen_mode.has_jury() {
                criteria
                    .get_untracked()
                    .iter()
                    .map(|c| CriterionRequest {
                        name: c.name.get_untracked().into(),
                        weight: number(c.weight.get_untracked()).unwrap_or(0),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            jurors: if chosen_mode.has_jury() {
                jurors.get_untracked().into_iter().map(|(id, _)| id).collect()
            } else {
                Vec::new()
            },
            winners: Some(number(winners.get_untracked()).unwrap_or(0)),
        };
        if let Err(errors) = request.validate() {
            problems.extend(errors);
        }
        if !problems.is_empty() {
            error.set(Some(local_problem(problems)));
            return;
        }
        let navigate = navigate.clone();
        let editing = editing.clone();
        submission.send(
            error,
            move |key| async move {
                match editing {
                    Some(id) => api::update(&id, &request).await,
                    None => api::create_contest(&request, &key).await,
                }
            },
            move |contest: Contest| navigate(&format!("/contests/{}", contest.id), Default::default()),
        );
    };
    let submit_label = if initial.is_some() {
        ContestsText::Save
    } else {
        ContestsText::Create
    };
    view! {
        <form class="card contest-form" on:submit=submit novalidate>
            <TextField id="contest-title" label=ContestsText::FieldTitle field="title" value=title error=error />
            <TextField id="contest-rules" label=ContestsText::FieldRules field="rules" value=rules error=error rows=5 />
            <RadioChoice
                legend=ContestsText::FieldMode
                name="contest-mode"
                options=ContestMode::ALL.to_vec()
                value=mode
                key=ContestMode::as_str
                label=mode_name
            />
            <RadioChoice
                legend=ContestsText::FieldAudience
                name="contest-audience"
                options=AudienceKind::ALL.to_vec()
                value=audience
                key=AudienceKind::as_str
                label=audience_name
            />
            <Show when=move || audience.get() == AudienceKind::Regions>
                <fieldset class="choices-box">
                    <legend>{tr(ContestsText::AudienceRegions)}</legend>
                    <CheckboxChoices options=region_options chosen=chosen_regions id_prefix="contest-region" />
                    <FieldMessage error=error field="regions" input_id="contest-region".to_owned() />
                </fieldset>
            </Show>
            <Show when=move || audience.get() == AudienceKind::Sites>
                <fieldset class="choices-box">
                    <legend>{tr(ContestsText::AudienceSites)}</legend>
                    <CheckboxChoices options=site_options chosen=chosen_sites id_prefix="contest-site" />
                    <FieldMessage error=error field="sites" input_id="contest-site".to_owned() />
                </fieldset>
            </Show>
            <p class="muted small">{tr(ContestsText::LocalTime)}</p>
            <TextField id="contest-opens" label=ContestsText::OpensAt field="submissions_open_at" value=opens error=error input_type="datetime-local" />
            <TextField id="contest-closes" label=ContestsText::ClosesAt field="submissions_close_at" value=closes error=error input_type="datetime-local" />
            <TextField id="contest-ends" label=ContestsText::VotingEnds field="voting_close_at" value=ends error=error input_type="datetime-local" />
            <Show when=move || mode.get().has_public_vote()>
                <TextField id="contest-votes" label=ContestsText::VotesPerVoter field="votes_per_voter" value=votes error=error input_type="text" inputmode="numeric" />
            </Show>
            <Show when=move || mode.get() == ContestMode::Mixed>
                <TextField id="contest-public-weight" label=ContestsText::FieldPublicWeight field="public_weight" value=public_weight error=error input_type="text" inputmode="numeric" />
            </Show>
            <Show when=move || mode.get().has_jury()>
                <fieldset class="choices-box">
                    <legend>{tr(ContestsText::Criteria)}</legend>
                    <For each=move || criteria.get() key=|c| c.key let:criterion>
                        <div class="criterion-row">
                            <span>
                                <label for=format!("criterion-name-{}", criterion.key)>{tr(ContestsText::CriterionName)}</label>
                                <input
                                    id=format!("criterion-name-{}", criterion.key)
                                    aria-invalid=invalid(error, "criteria")
                                    aria-describedby="contest-add-criterion-error"
                                    prop:value=move || criterion.name.get()
                                    on:input=move |ev| criterion.name.set(event_target_value(&ev))
                                />
                            </span>
                            <span>
                                <label for=format!("criterion-weight-{}", criterion.key)>{tr(ContestsText::CriterionWeight)}</label>
                                <input
                                    id=format!("criterion-weight-{}", criterion.key)
                                    type="text"
                                    inputmode="numeric"
                                    aria-invalid=invalid(error, "criteria")
                                    aria-describedby="contest-add-criterion-error"
                                    prop:value=move || criterion.weight.get()
                                    on:input=move |ev| criterion.weight.set(event_target_value(&ev))
                                />
                            </span>
                            <button
                                type="button"
                                class="link"
                                on:click=move |_| {
                                    criteria.update(|list| list.retain(|c| c.key != criterion.key));
                                    // The row and its button are gone: the focus goes on to adding.
                                    focus_later("contest-add-criterion");
                                }
                            >
                                {tr(ContestsText::RemoveCriterion)}
                            </button>
                        </div>
                    </For>
                    <FieldMessage error=error field="criteria" input_id="contest-add-criterion".to_owned() />
                    <button
                        type="button"
                        id="contest-add-criterion"
                        class="secondary"
                        hidden=move || criteria.with(|list| list.len() >= MAX_CRITERIA)
                        on:click=move |_| {
                            let added = row(String::new(), 1);
                            let key = added.key;
                            criteria.update(|list| list.push(added));
                            focus_later(format!("criterion-name-{key}"));
                        }
                    >
                        {tr(ContestsText::AddCriterion)}
                    </button>
                </fieldset>
                <PeoplePicker
                    legend=ContestsText::Jurors
                    search_label=ContestsText::FindJuror
                    remove_label=ContestsText::RemoveJuror
                    chosen=jurors
                    id="contest-juror-search"
                    field="jurors"
                    error=error
                />
            </Show>
            <TextField id="contest-winners" label=ContestsText::FieldWinners field="winners" value=winners error=error input_type="text" inputmode="numeric" />
            <ErrorBanner error=error codes=contest_error />
            <SubmitButton submission=submission label=submit_label />
        </form>
    }
}

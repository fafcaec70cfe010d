//! The programme form, for creating and for editing.

use super::api;
use super::strings::{context_name, ProgrammeText};
use super::{date_field, merge_errors, today};
use crate::client::ApiError;
use crate::components::{local_problem, ErrorBanner, Submission, SubmitButton, TextField};
use crate::i18n::{tr, use_i18n, Label, Text};
use leptos::prelude::*;
use relais_domain::programmes::{Programme, ProgrammeContext, ProgrammeDetail, ProgrammeRequest};

#[component]
pub fn ProgrammeForm(
    /// The programme being edited; a new one when absent.
    #[prop(optional)]
    existing: Option<Programme>,
    on_saved: Callback<ProgrammeDetail>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = existing.as_ref().map(|p| p.id.to_string());
    let title = RwSignal::new(existing.as_ref().map(|p| p.title.clone()).unwrap_or_default());
    let context = RwSignal::new(
        existing
            .as_ref()
            .map(|p| p.context)
            .unwrap_or(ProgrammeContext::ToolLaunch),
    );
    let description = RwSignal::new(existing.as_ref().map(|p| p.description.clone()).unwrap_or_default());
    let starts_on = RwSignal::new(existing.as_ref().map(|p| p.starts_on).unwrap_or_else(today).to_string());
    let ends_on = RwSignal::new(
        existing
            .as_ref()
            .map(|p| p.ends_on)
            .unwrap_or_else(|| today() + chrono::Duration::days(180))
            .to_string(),
    );
    let error = RwSignal::new(None::<ApiError>);
    let is_new = id.is_none();
    let submission = Submission::new();

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut errors = Vec::new();
        let starts = date_field("starts_on", &starts_on.get_untracked(), &mut errors);
        let ends = date_field("ends_on", &ends_on.get_untracked(), &mut errors);
        // Every field checked at once, by the domain's own rules, before anything is sent;
        // a date that could not be read stands in as a valid one for the others' sake.
        let starts_on = starts.unwrap_or_else(today);
        let request = ProgrammeRequest {
            title: title.get_untracked().into(),
            context: context.get_untracked(),
            description: description.get_untracked().into(),
            starts_on,
            ends_on: ends.unwrap_or(starts_on + chrono::Duration::days(1)),
        };
        if let Err(found) = request.validate() {
            merge_errors(&mut errors, found);
        }
        if !errors.is_empty() {
            error.set(Some(local_problem(errors)));
            return;
        }
        let id = id.clone();
        submission.send(
            error,
            move |key| async move {
                match id {
                    Some(id) => api::update_programme(&id, &request).await,
                    None => api::create_programme(&request, &key).await,
                }
            },
            move |detail| on_saved.run(detail),
        );
    };

    view! {
        <form class="programme-form" on:submit=submit novalidate>
            <ErrorBanner error=error />
            <TextField id="programme-title" label=ProgrammeText::Title field="title" value=title error=error />
            <label for="programme-context">{tr(ProgrammeText::Context)}</label>
            <select
                id="programme-context"
                name="context"
                on:change=move |ev| {
                    if let Some(value) = ProgrammeContext::parse(&event_target_value(&ev)) {
                        context.set(value);
                    }
                }
            >
                {ProgrammeContext::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.as_str() selected=move || context.get() == option>
                                {move || context_name(option, i18n.lang.get())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <TextField
                id="programme-description"
                label=ProgrammeText::Description
                field="description"
                value=description
                error=error
                rows=4
            />
            <div class="row">
                <div>
                    <TextField
                        id="programme-starts"
                        label=ProgrammeText::StartsOn
                        field="starts_on"
                        value=starts_on
                        error=error
                        input_type="date"
                    />
                </div>
                <div>
                    <TextField
                        id="programme-ends"
                        label=ProgrammeText::EndsOn
                        field="ends_on"
                        value=ends_on
                        error=error
                        input_type="date"
                    />
                </div>
            </div>
            <SubmitButton
                submission=submission
                label=if is_new { Label::from(ProgrammeText::CreateProgramme) } else { Label::from(Text::Save) }
            />
        </form>
    }
}

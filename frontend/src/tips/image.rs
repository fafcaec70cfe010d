//! A tip's image: shown on its page (read with the session's token, as an object URL), and
//! chosen, described and replaced or removed on its edit page.

use super::api;
use super::strings::{tip_error, TipsText};
use crate::components::{local_problem, ConfirmAction, ErrorBanner, FieldMessage, Outcome, TextField};
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use relais_domain::tips::{TipImage, MAX_IMAGE_BYTES};
use relais_domain::FieldError;

/// The image, at its own proportions, with its text alternative.
#[component]
pub fn TipPicture(image: TipImage) -> impl IntoView {
    let url = image.url.clone();
    let source = LocalResource::new(move || {
        let url = url.clone();
        async move { crate::client::object_url(&url).await }
    });
    let (alt, width, height) = (image.alt.clone(), image.width, image.height);
    view! {
        <figure class="tip-image">
            {move || match source.get().flatten() {
                Some(src) => view! { <img src=src alt=alt.clone() width=width height=height /> }.into_any(),
                None => view! { <p class="muted small">{tr(TipsText::ImageLoading)}</p> }.into_any(),
            }}
        </figure>
    }
}

#[component]
pub fn ImageEditor(tip_id: String, image: Option<TipImage>) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(tip_id);
    let current = RwSignal::new(image);
    let alt = RwSignal::new(current.with_untracked(|i| i.as_ref().map(|i| i.alt.clone()).unwrap_or_default()));
    let outcome = Outcome::new("image-notice");
    let pending = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        outcome.start();
        let file = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0));
        let mut problems = Vec::new();
        match &file {
            None => problems.push(FieldError::new("body", "required", i18n.t(TipsText::ChooseFile))),
            Some(file) if file.size() > MAX_IMAGE_BYTES as f64 => {
                problems.push(FieldError::new("body", "too_big", i18n.t(TipsText::FileTooBig)))
            }
            Some(_) => {}
        }
        if let Err(problem) = relais_domain::tips::ImageAlt::from(alt.get_untracked()).check("alt") {
            problems.push(problem);
        }
        let Some(file) = file.filter(|_| problems.is_empty()) else {
            outcome.failed(local_problem(problems));
            return;
        };
        pending.set(true);
        let text = alt.get_untracked();
        leptos::task::spawn_local(async move {
            match api::upload_image(&id.get_value(), &text, &file).await {
                Ok(saved) => {
                    let _ = current.try_set(Some(saved));
                    if let Some(input) = input.get_untracked() {
                        input.set_value("");
                    }
                    outcome.done(TipsText::Uploaded);
                }
                Err(failure) => outcome.failed(failure),
            }
            let _ = pending.try_set(false);
        });
    };
    let on_remove = Callback::new(move |_| {
        outcome.start();
        leptos::task::spawn_local(async move {
            match api::delete_image(&id.get_value()).await {
                Ok(_) => {
                    let _ = current.try_set(None);
                    let _ = alt.try_set(String::new());
                    outcome.done(TipsText::ImageRemoved);
                }
                Err(failure) => outcome.failed(failure),
            }
        });
    });
    view! {
        <section class="card tip-image-editor" aria-labelledby="image-title">
            <h2 id="image-title">{tr(TipsText::ImageTitle)}</h2>
            <p class="muted small">{tr(TipsText::ImageIntro)}</p>
            {move || current.get().map(|image| view! { <TipPicture image=image /> })}
            <form on:submit=submit novalidate>
                <label for="image-file">{tr(TipsText::ImageFileLabel)}</label>
                <input
                    id="image-file"
                    type="file"
                    accept="image/png,image/jpeg,image/webp"
                    node_ref=input
                    aria-invalid=crate::components::invalid(outcome.error, "body")
                    aria-describedby="image-file-error"
                />
                <FieldMessage error=outcome.error field="body" input_id="image-file".to_owned() />
                <TextField id="image-alt" label=TipsText::ImageAltLabel field="alt" value=alt error=outcome.error hint=TipsText::ImageAltHint />
                <ErrorBanner error=outcome.error codes=tip_error />
                <div class="actions">
                    <button
                        type="submit"
                        class="primary"
                        aria-disabled=move || if pending.get() { "true" } else { "false" }
                        aria-busy=move || if pending.get() { "true" } else { "false" }
                    >
                        {move || if pending.get() { i18n.t(crate::i18n::Text::Sending) } else { i18n.t(TipsText::Upload) }}
                    </button>
                    <Show when=move || current.get().is_some()>
                        <ConfirmAction
                            label=TipsText::RemoveImage
                            question=TipsText::RemoveImageQuestion
                            on_confirm=on_remove
                            class="secondary danger-outline"
                        />
                    </Show>
                </div>
            </form>
            <p class="notice" id="image-notice" tabindex="-1" role="status">
                {move || outcome.notice.get().map(|n| n.in_lang(i18n.lang.get()))}
            </p>
        </section>
    }
}

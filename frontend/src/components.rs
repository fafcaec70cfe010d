//! Pieces shared by the screens: navigation, the signed-in guard, error display, figures.

use crate::client::{self, use_session, ApiError, SessionStatus};
use crate::i18n::{field_error_text, tr, use_i18n, Label, Lang, Text};
use crate::identity::strings::role_name;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;
use relais_domain::access::Action;
use relais_domain::pagination::Page;

/// A context's entry in the navigation, shown to whoever the shared policy lets do its action.
#[derive(Clone, Copy)]
pub struct NavEntry {
    pub href: &'static str,
    pub label: fn(Lang) -> &'static str,
    pub action: Action,
}

#[component]
pub fn Nav(entries: &'static [NavEntry]) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let switch_to = move || {
        if i18n.lang.get() == Lang::Fr {
            Lang::En
        } else {
            Lang::Fr
        }
    };
    view! {
        <header class="topbar">
            <A href="/programmes" attr:class="brand">"Relais"</A>
            <nav aria-label="main">
                {entries
                    .iter()
                    .map(|entry| {
                        let entry = *entry;
                        view! {
                            <Show when=move || session.may(entry.action)>
                                <A href=entry.href>{move || (entry.label)(i18n.lang.get())}</A>
                            </Show>
                        }
                    })
                    .collect_view()}
            </nav>
            <div class="account">
                <button
                    type="button"
                    class="lang"
                    aria-label=move || i18n.t(Text::Language)
                    on:click=move |_| i18n.set(switch_to())
                >
                    {move || if switch_to() == Lang::Fr { "FR" } else { "EN" }}
                </button>
                {move || {
                    session
                        .me()
                        .map(|me| {
                            let role = me.role;
                            view! {
                                <span class="who">
                                    {me.display_name} " · " {move || role_name(role, i18n.lang.get())}
                                </span>
                                <button type="button" class="link" on:click=move |_| leptos::task::spawn_local(client::sign_out())>
                                    {tr(Text::SignOut)}
                                </button>
                            }
                        })
                }}
            </div>
        </header>
    }
}

/// Shows its children to a signed-in person; sends anyone else to sign in, then back here.
#[component]
pub fn Protected(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || match session.status.get() {
        SessionStatus::Checking => view! { <p class="muted">{tr(Text::Loading)}</p> }.into_any(),
        SessionStatus::SignedOut => {
            let here = location.pathname.get_untracked();
            let next = percent_encode_path(&here);
            view! { <Redirect path=format!("/sign-in?next={next}") /> }.into_any()
        }
        SessionStatus::SignedIn(_) => children().into_any(),
    }
}

/// Percent-encodes a path for a query parameter (only what paths of this app contain).
fn percent_encode_path(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' | '/' => c.to_string(),
            other => format!("%{:02X}", other as u32),
        })
        .collect()
}

/// The frame of every screen: an error a screen renders (an `Err` in its view) shows a
/// message and a way back, instead of breaking the page.
#[component]
pub fn PageFrame(children: Children) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=|errors| {
            view! {
                <div class="error" role="alert">
                    <p>{tr(Text::ErrorGeneric)}</p>
                    <ul>
                        {move || {
                            errors
                                .get()
                                .into_iter()
                                .map(|(_, error)| view! { <li>{error.to_string()}</li> })
                                .collect_view()
                        }}
                    </ul>
                    <A href="/">{tr(Text::BackHome)}</A>
                </div>
            }
        }>{children()}</ErrorBoundary>
    }
}

/// What a page shows when its object cannot be loaded: absent, or not the caller's to see.
#[component]
pub fn NotFoundBack() -> impl IntoView {
    view! {
        <p class="error">{tr(Text::NotFound)}</p>
        <A href="/">{tr(Text::BackHome)}</A>
    }
}

/// The pages after the first of a cursor-paginated list, for a "show more" button.
pub struct MorePages<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next_cursor: RwSignal<Option<String>>,
}

impl<T: Send + Sync + 'static> Clone for MorePages<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for MorePages<T> {}

impl<T: Clone + Send + Sync + 'static> MorePages<T> {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            next_cursor: RwSignal::new(None),
        }
    }

    /// Starts over after the first page was (re)loaded.
    pub fn reset(&self, first: &Page<T>) {
        self.items.set(Vec::new());
        self.next_cursor.set(first.next_cursor.clone());
    }

    pub fn has_more(&self) -> bool {
        self.next_cursor.get().is_some()
    }

    /// Fetches the next page with `fetch(cursor)` and appends it.
    pub fn load_more<Fut>(&self, fetch: impl FnOnce(Option<String>) -> Fut + 'static)
    where
        Fut: std::future::Future<Output = client::ApiResult<Page<T>>> + 'static,
    {
        let this = *self;
        let cursor = self.next_cursor.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(page) = fetch(cursor).await {
                this.next_cursor.set(page.next_cursor);
                this.items.update(|items| items.extend(page.items));
            }
        });
    }
}

/// The general message of a failed request, with its field errors listed under the fields.
#[component]
pub fn ErrorBanner(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            let text = match error.code() {
                "network" => Text::ErrorNetwork,
                "forbidden" => Text::ErrorForbidden,
                "invalid_credentials" => Text::ErrorInvalidCredentials,
                "too_many_requests" => Text::ErrorTooMany,
                "validation_failed" => Text::ErrorValidation,
                _ => Text::ErrorGeneric,
            };
            let detail = match (&error, text) {
                (ApiError::Problem(problem), Text::ErrorGeneric) => problem.detail.clone().unwrap_or_default(),
                _ => String::new(),
            };
            view! {
                <p class="error" role="alert">
                    {i18n.t(text)} " " {detail}
                </p>
            }
        })
    }
}

/// The message for one field, from the last failed request, under the input `input_id`.
#[component]
pub fn FieldMessage(error: RwSignal<Option<ApiError>>, field: &'static str, input_id: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().and_then(|error| {
            error.field_errors().into_iter().find(|e| e.field == field).map(|e| {
                let text = field_error_text(&e.code, i18n.lang.get())
                    .map(str::to_owned)
                    .unwrap_or(e.message);
                view! {
                    <span class="field-error" id=format!("{input_id}-error")>
                        {text}
                    </span>
                }
            })
        })
    }
}

/// `aria-invalid` for an input whose field has an error.
pub fn invalid(error: RwSignal<Option<ApiError>>, field: &'static str) -> impl Fn() -> &'static str {
    move || {
        if error
            .get()
            .map(|e| e.field_errors().iter().any(|f| f.field == field))
            .unwrap_or(false)
        {
            "true"
        } else {
            "false"
        }
    }
}

/// A labelled text input (or a textarea when `rows` is set) bound to `value`, showing the
/// API's error for `field` beneath it and pointing screen readers at it.
#[component]
pub fn TextField(
    /// The input's id; its error's id is `<id>-error`.
    #[prop(into)]
    id: String,
    #[prop(into)] label: Label,
    /// The request field this input fills, as the API names it in errors.
    field: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<ApiError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Rows of a multi-line field.
    #[prop(optional)]
    rows: Option<u32>,
    /// A hint shown under the input, also read by screen readers.
    #[prop(optional, into)]
    hint: Option<Label>,
) -> impl IntoView {
    let i18n = use_i18n();
    let described = match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    };
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                name=field
                rows=rows
                aria-invalid=invalid(error, field)
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id.clone()
                name=field
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=invalid(error, field)
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    view! {
        <label for=id.clone()>{move || label.in_lang(i18n.lang.get())}</label>
        {control}
        {hint.map(|hint| view! { <span class="hint" id=format!("{id}-hint")>{move || hint.in_lang(i18n.lang.get())}</span> })}
        <FieldMessage error=error field=field input_id=id />
    }
}

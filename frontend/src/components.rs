//! Pieces shared by the screens: navigation, the signed-in guard, error display, figures.

use crate::client::{self, use_session, ApiError, SessionStatus};
use crate::i18n::{field_error_text, tr, use_i18n, Label, Lang, Text};
use crate::identity::strings::role_name;
use leptos::prelude::*;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_location;
use relais_domain::access::Action;
use relais_domain::pagination::Page;
use relais_domain::{FieldError, Problem};

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
    let sign_out = move |_| leptos::task::spawn_local(client::sign_out());
    view! {
        <header class="topbar">
            <a href="/" class="brand">"Relais"</a>
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
                // The accessible name starts with the visible code (WCAG 2.5.3, "label in
                // name") and says the language in full.
                <button type="button" class="lang" lang=move || switch_to().code() on:click=move |_| i18n.set(switch_to())>
                    {move || if switch_to() == Lang::Fr { "FR" } else { "EN" }}
                    <span class="visually-hidden">
                        {move || if switch_to() == Lang::Fr { " — français" } else { " — English" }}
                    </span>
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
                                <button type="button" class="link" on:click=sign_out>
                                    {tr(Text::SignOut)}
                                </button>
                            }
                        })
                }}
            </div>
        </header>
    }
}

/// The link that skips the navigation: it moves the focus to the page's content.
#[component]
pub fn SkipLink() -> impl IntoView {
    use wasm_bindgen::JsCast;
    let skip = |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>
            {tr(Text::SkipToContent)}
        </a>
    }
}

/// Shows its children to a signed-in person; sends anyone else to sign in, then back here.
#[component]
pub fn Protected(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // Whether someone is signed in, not who with which token: a refreshed session (every ten
    // minutes, or after a role change) must not rebuild the page and lose what it holds — a
    // form being typed, a notice just shown.
    #[derive(Clone, Copy, PartialEq)]
    enum Gate {
        Checking,
        SignedOut,
        SignedIn,
    }
    let gate = Memo::new(move |_| match session.status.get() {
        SessionStatus::Checking => Gate::Checking,
        SessionStatus::SignedOut => Gate::SignedOut,
        SessionStatus::SignedIn(_) => Gate::SignedIn,
    });
    move || match gate.get() {
        Gate::Checking => view! { <Loading /> }.into_any(),
        Gate::SignedOut if session.signed_out_on_purpose.get_untracked() => {
            view! { <Redirect path="/sign-in" /> }.into_any()
        }
        Gate::SignedOut => {
            // The query too: a filtered list (`/tips?tag=…`) comes back filtered.
            let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            let next = percent_encode_path(&here);
            view! { <Redirect path=format!("/sign-in?next={next}") /> }.into_any()
        }
        Gate::SignedIn => children().into_any(),
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
    view! { <NotFoundPage /> }
}

/// Gives the focus to the element `id` once the page shows it (after the next frame):
/// after an action, to what it made or to where the reader goes on.
pub fn focus_later(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// Gives the focus to `node` once it is in the page: a form that opens takes the focus, so
/// keyboard users start where it is. After the frame that attaches it (focusing a node not
/// yet in the page does nothing). Its data should load in its own `Transition`, so that a
/// suspense above does not swap the page out and drop the focus.
pub fn focus_on_mount<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType + 'static,
    E::Output: Clone + wasm_bindgen::JsCast + 'static,
    NodeRef<E>: Copy,
{
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            });
        }
    });
}

/// Calls `cancel` when Escape is pressed inside an inline form.
pub fn escape_cancels(cancel: Callback<()>) -> impl Fn(leptos::ev::KeyboardEvent) + Copy {
    move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            cancel.run(());
        }
    }
}

/// What shows while data comes: a spinner and "Loading…", announced politely.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="muted loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {tr(Text::Loading)}
        </p>
    }
}

/// An icon of the app's own inline set (no font, no CDN), always beside a text that says
/// the same: hidden from screen readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Plus,
    Edit,
    Delete,
    Chart,
    Download,
    Back,
}

impl Icon {
    /// 24×24 outline paths.
    fn path(self) -> &'static str {
        match self {
            Icon::Plus => "M12 5v14M5 12h14",
            Icon::Edit => "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
            Icon::Delete => "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
            Icon::Chart => "M4 20V10M10 20V4M16 20v-7M22 20H2",
            Icon::Download => "M12 4v11M7 10l5 5 5-5M5 20h14",
            Icon::Back => "M19 12H5M11 6l-6 6 6 6",
        }
    }
}

#[component]
pub fn IconSvg(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=icon.path()></path>
        </svg>
    }
}

/// What a screen shows when its data could not be loaded: why, in the reader's language,
/// and a way back.
#[component]
pub fn LoadFailed(error: ApiError) -> impl IntoView {
    let text = Text::for_error_code(error.code()).unwrap_or(Text::ErrorGeneric);
    view! {
        <div class="error" role="alert">
            <p>{tr(text)}</p>
            <a href="/">{tr(Text::BackHome)}</a>
        </div>
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

/// A list read page by page: the first page from `first`, the next ones on "Show more"
/// (from `next`, given the cursor); a loading, an empty and a failure state; the table in a
/// scroll region the keyboard can reach, named `name`, its columns named by `headers`.
#[component]
pub fn PagedTable<T, R, V, N, Fut>(
    first: LocalResource<client::ApiResult<Page<T>>>,
    more: MorePages<T>,
    next: N,
    row: R,
    headers: Vec<Label>,
    #[prop(into)] name: Label,
    #[prop(into)] empty: Label,
    #[prop(default = "data")] class: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
    N: Fn(Option<String>) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = client::ApiResult<Page<T>>> + 'static,
{
    let i18n = use_i18n();
    let headers = StoredValue::new(headers);
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || {
                first
                    .get()
                    .map(|result| match result {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="empty">{move || empty.in_lang(i18n.lang.get())}</p> }.into_any()
                        }
                        Ok(page) => {
                            view! {
                                <div class="table-wrap" role="region" tabindex="0" aria-label=move || name.in_lang(i18n.lang.get())>
                                    <table class=class>
                                        <thead>
                                            <tr>
                                                {headers
                                                    .get_value()
                                                    .into_iter()
                                                    .map(|header| view! { <th scope="col">{move || header.in_lang(i18n.lang.get())}</th> })
                                                    .collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {page.items.into_iter().map(row).collect_view()}
                                            {move || more.items.get().into_iter().map(row).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Show when=move || more.has_more()>
                                    <button type="button" class="secondary" on:click=move |_| more.load_more(next)>
                                        {tr(Text::LoadMore)}
                                    </button>
                                </Show>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The general message of a failed request, translated by its stable code. A code the
/// screens do not know shows the generic message, with the server's (English) detail only
/// in the English interface.
#[component]
pub fn ErrorBanner(
    error: RwSignal<Option<ApiError>>,
    /// A context's own codes, looked up before the shared ones (`name_taken`, `own_tip`).
    #[prop(optional)]
    codes: Option<fn(&str) -> Option<Label>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let banner = NodeRef::<leptos::html::P>::new();
    // A new error takes the focus to what needs fixing: the form's first invalid field, or
    // the message itself.
    Effect::new(move |_| {
        if error.get().is_some() {
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                let Some(message) = banner.get_untracked() else { return };
                let field = message
                    .closest("form")
                    .ok()
                    .flatten()
                    .and_then(|form| form.query_selector("[aria-invalid='true']").ok().flatten())
                    .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
                let _ = match field {
                    Some(field) => field.focus(),
                    None => message.focus(),
                };
            });
        }
    });
    move || {
        error.get().map(|error| {
            let lang = i18n.lang.get();
            let own = codes
                .and_then(|codes| codes(error.code()))
                .map(|label| label.in_lang(lang));
            let known = Text::for_error_code(error.code());
            let detail = match (&error, own, known, lang) {
                (ApiError::Problem(problem), None, None, Lang::En) => problem.detail.clone().unwrap_or_default(),
                _ => String::new(),
            };
            let message = own.unwrap_or_else(|| i18n.t(known.unwrap_or(Text::ErrorGeneric)));
            view! {
                <p class="error" role="alert" tabindex="-1" node_ref=banner>
                    {message} " " {detail}
                </p>
            }
        })
    }
}

/// A form's own check before sending: the same problem shape as the server's, so one
/// display serves both.
pub fn local_problem(errors: Vec<FieldError>) -> ApiError {
    ApiError::Problem(Problem {
        problem_type: "urn:relais:problem:validation_failed".into(),
        title: "Invalid request fields".into(),
        status: 422,
        detail: None,
        code: "validation_failed".into(),
        errors,
    })
}

/// A fresh `Idempotency-Key`: the browser's random UUID.
fn new_idempotency_key() -> String {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"crypto".into())
        .ok()
        .and_then(|crypto| {
            let random_uuid = js_sys::Reflect::get(&crypto, &"randomUUID".into()).ok()?;
            random_uuid
                .dyn_into::<js_sys::Function>()
                .ok()?
                .call0(&crypto)
                .ok()?
                .as_string()
        })
        .unwrap_or_else(|| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()))
}

/// One form's submission. While a request runs, the form cannot be sent again (a double
/// click sends once); a creation carries an `Idempotency-Key` kept until it succeeds, so a
/// retry after an answer lost on a poor network does not create twice.
#[derive(Clone, Copy)]
pub struct Submission {
    pub pending: RwSignal<bool>,
    key: RwSignal<String>,
}

impl Submission {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            key: RwSignal::new(new_idempotency_key()),
        }
    }

    /// Sends the request `call` makes (given the idempotency key) unless one is under way:
    /// its refusal goes to `error` (shown with the form), its answer to `on_ok`.
    pub fn send<T, Fut>(
        &self,
        error: RwSignal<Option<ApiError>>,
        call: impl FnOnce(String) -> Fut,
        on_ok: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: std::future::Future<Output = client::ApiResult<T>> + 'static,
    {
        self.run(move |key| {
            let answer = call(key);
            async move {
                match answer.await {
                    Ok(value) => {
                        let _ = error.try_set(None);
                        on_ok(value);
                        true
                    }
                    Err(failure) => {
                        let _ = error.try_set(Some(failure));
                        false
                    }
                }
            }
        });
    }

    /// Runs `work` (given the idempotency key) unless a run is under way; `work` answers
    /// whether it succeeded.
    fn run<Fut>(&self, work: impl FnOnce(String) -> Fut)
    where
        Fut: std::future::Future<Output = bool> + 'static,
    {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        let this = *self;
        let running = work(self.key.get_untracked());
        leptos::task::spawn_local(async move {
            let succeeded = running.await;
            // The form may be gone by now (a success that navigated away): then there is
            // nothing left to update, and `try_` says so instead of panicking.
            let _ = this.pending.try_set(false);
            if succeeded {
                let _ = this.key.try_set(new_idempotency_key());
            }
        });
    }
}

/// A form's submit button: says it is sending while its submission runs, and stays
/// focusable (`aria-disabled`, not `disabled`) so keyboard users do not lose their place.
#[component]
pub fn SubmitButton(
    submission: Submission,
    #[prop(into)] label: Label,
    #[prop(default = "primary")] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            class=class
            aria-disabled=move || if submission.pending.get() { "true" } else { "false" }
            aria-busy=move || if submission.pending.get() { "true" } else { "false" }
        >
            {move || {
                if submission.pending.get() {
                    view! {
                        <span class="spinner" aria-hidden="true"></span>
                        {i18n.t(Text::Sending)}
                    }
                        .into_any()
                } else {
                    label.in_lang(i18n.lang.get()).into_any()
                }
            }}
        </button>
    }
}

/// A button for an irreversible action: it asks first, in a modal dialog (focus kept
/// inside, Escape cancels, Cancel has the focus), and runs `on_confirm` only on Confirm.
#[component]
pub fn ConfirmAction(
    /// The button's text.
    #[prop(into)]
    label: Label,
    /// What the dialog asks.
    #[prop(into)]
    question: Label,
    on_confirm: Callback<()>,
    #[prop(default = "link danger")] class: &'static str,
    /// The Confirm button's look: `danger` for what cannot be undone, `primary` otherwise.
    #[prop(default = "danger")]
    confirm_class: &'static str,
    /// An icon before the button's text.
    #[prop(optional)]
    icon: Option<Icon>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let question_id = format!("confirm-{}", new_idempotency_key());
    let labelled_by = question_id.clone();
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    view! {
        <button
            type="button"
            class=class
            on:click=move |_| {
                if let Some(dialog) = dialog.get_untracked() {
                    let _ = dialog.show_modal();
                }
            }
        >
            {icon.map(|icon| view! { <IconSvg icon=icon /> })}
            {move || label.in_lang(i18n.lang.get())}
        </button>
        <dialog node_ref=dialog class="confirm" aria-labelledby=labelled_by>
            <p id=question_id>{move || question.in_lang(i18n.lang.get())}</p>
            <div class="actions">
                <button type="button" autofocus on:click=move |_| close()>
                    {move || i18n.t(Text::Cancel)}
                </button>
                <button
                    type="button"
                    class=confirm_class
                    on:click=move |_| {
                        close();
                        on_confirm.run(());
                    }
                >
                    {move || i18n.t(Text::Confirm)}
                </button>
            </div>
        </dialog>
    }
}

/// One of a few values, chosen with radio buttons in a fieldset named `legend`: each option
/// with its id (`{name}-{key}`) and its label in the reader's language.
#[component]
pub fn RadioChoice<T>(
    #[prop(into)] legend: Label,
    /// The radio group's name, also the start of each option's id.
    name: &'static str,
    options: Vec<T>,
    value: RwSignal<T>,
    /// An option's stable key (its stored name).
    key: fn(T) -> &'static str,
    label: fn(T, Lang) -> &'static str,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <fieldset class="periods">
            <legend>{move || legend.in_lang(i18n.lang.get())}</legend>
            {options
                .into_iter()
                .map(|option| {
                    let id = format!("{name}-{}", key(option));
                    view! {
                        <span class="choice">
                            <input
                                type="radio"
                                name=name
                                id=id.clone()
                                value=key(option)
                                prop:checked=move || value.get() == option
                                on:change=move |_| value.set(option)
                            />
                            <label for=id>{move || label(option, i18n.lang.get())}</label>
                        </span>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Several of a list, chosen with labelled checkboxes (ids `{id_prefix}-{id}`): what is
/// ticked is kept in `chosen`. The boxes keep their own state; `chosen` is read when the list
/// is drawn, not followed, so ticking one does not redraw the others.
#[component]
pub fn CheckboxChoices<I>(
    options: Signal<Vec<(I, String)>>,
    chosen: RwSignal<Vec<I>>,
    id_prefix: &'static str,
) -> impl IntoView
where
    I: Clone + PartialEq + std::fmt::Display + Send + Sync + 'static,
{
    move || {
        options
            .get()
            .into_iter()
            .map(|(id, label)| {
                let input_id = format!("{id_prefix}-{id}");
                let label_for = input_id.clone();
                let checked = chosen.with_untracked(|c| c.contains(&id));
                view! {
                    <label class="checkbox" for=label_for>
                        <input
                            type="checkbox"
                            id=input_id
                            checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                chosen.update(|c| {
                                    c.retain(|x| x != &id);
                                    if on {
                                        c.push(id);
                                    }
                                });
                            }
                        />
                        {label}
                    </label>
                }
            })
            .collect_view()
    }
}

/// What a page's last action came to, shared by its parts: a notice for its status line
/// (`notice_id`), a refusal, and a version its lists read again after a change. A new
/// action clears what the last one left.
#[derive(Clone, Copy)]
pub struct Outcome {
    pub notice: RwSignal<Option<Label>>,
    pub error: RwSignal<Option<ApiError>>,
    /// Bumped after a change, so every part reads again.
    pub version: RwSignal<u32>,
    notice_id: &'static str,
}

impl Outcome {
    pub fn new(notice_id: &'static str) -> Self {
        Self {
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
            version: RwSignal::new(0),
            notice_id,
        }
    }

    /// Before a new action: nothing from the last one stays on screen.
    pub fn start(&self) {
        let _ = self.notice.try_set(None);
        let _ = self.error.try_set(None);
    }

    /// A refusal: shown instead of the last success.
    pub fn failed(&self, error: ApiError) {
        let _ = self.notice.try_set(None);
        let _ = self.error.try_set(Some(error));
    }

    /// A success: its notice (which takes the focus), and everything read again.
    pub fn done(&self, text: impl Into<Label>) {
        let _ = self.error.try_set(None);
        let _ = self.notice.try_set(Some(text.into()));
        self.version.update(|v| *v += 1);
        focus_later(self.notice_id);
    }
}

/// Sets the document's title to name the page (in the current language).
pub fn page_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| set_title(&title()));
}

/// The document's title: `page · Relais`, or `Relais` alone for no page.
pub fn set_title(page: &str) {
    let text = if page.is_empty() {
        "Relais".to_owned()
    } else {
        format!("{page} · Relais")
    };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&text);
    }
}

/// The page for an address that is none of the app's.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    page_title(move || i18n.t(Text::NotFound).to_owned());
    view! {
        <section class="card narrow">
            <h1 id="page-title" tabindex="-1">{tr(Text::NotFound)}</h1>
            <p class="muted">{tr(Text::NotFoundHint)}</p>
            <a href="/" class="button">{tr(Text::BackHome)}</a>
        </section>
    }
}

/// The message for one field, from the last failed request, under the input `input_id`.
#[component]
pub fn FieldMessage(error: RwSignal<Option<ApiError>>, field: &'static str, input_id: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().and_then(|error| {
            error.field_errors().into_iter().find(|e| e.field == field).map(|e| {
                let text = field_error_text(&e.field, &e.code, i18n.lang.get()).unwrap_or(e.message);
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

/// The first six people of the directory whose name or e-mail matches what is typed in
/// `search`, once it has two characters (none before): the matches of a people picker.
pub fn people_matching(search: RwSignal<String>) -> LocalResource<Vec<relais_domain::directory::DirectoryEntry>> {
    LocalResource::new(move || {
        let q = search.get();
        async move {
            if q.trim().chars().count() < 2 {
                return Vec::new();
            }
            let filters = crate::directory::api::Filters {
                q,
                ..Default::default()
            };
            crate::directory::api::search(&filters, None)
                .await
                .map(|page| page.items.into_iter().take(6).collect())
                .unwrap_or_default()
        }
    })
}

/// Colleagues chosen by name (a contest's jurors, a module's experts): each chosen one a chip
/// with its remove button, then a search field and its first matches (those chosen already
/// left out). The focus stays in the picker as people are added and removed.
#[component]
pub fn PeoplePicker(
    #[prop(into)] legend: Label,
    #[prop(into)] search_label: Label,
    /// Said before a chosen person's name on their remove button.
    #[prop(into)]
    remove_label: Label,
    chosen: RwSignal<Vec<(relais_domain::ids::UserId, String)>>,
    /// The search field's id (its error's id is `<id>-error`).
    id: &'static str,
    /// The request field the people fill, as the API names it in errors.
    field: &'static str,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let matches = people_matching(search);
    view! {
        <fieldset class="choices-box">
            <legend>{move || legend.in_lang(i18n.lang.get())}</legend>
            <ul class="chips">
                {move || {
                    chosen
                        .get()
                        .into_iter()
                        .map(|(person, name)| {
                            let remove = format!("{} {name}", remove_label.in_lang(i18n.lang.get()));
                            view! {
                                <li>
                                    {name.clone()} " "
                                    <button
                                        type="button"
                                        class="link"
                                        aria-label=remove
                                        on:click=move |_| {
                                            chosen.update(|list| list.retain(|(p, _)| p != &person));
                                            focus_later(id);
                                        }
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <label for=id>{move || search_label.in_lang(i18n.lang.get())}</label>
            <input
                id=id
                type="search"
                autocomplete="off"
                aria-invalid=invalid(error, field)
                aria-describedby=format!("{id}-error")
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev))
            />
            <ul class="choices">
                {move || {
                    matches
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|p| !chosen.with(|list| list.iter().any(|(id, _)| id == &p.id)))
                        .map(|p| {
                            let pick = (p.id.clone(), p.display_name.clone());
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| {
                                            let pick = pick.clone();
                                            chosen.update(|list| list.push(pick));
                                            search.set(String::new());
                                            focus_later(id);
                                        }
                                    >
                                        {p.display_name.clone()} " — " {p.job_title.clone()}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <FieldMessage error=error field=field input_id=id.to_owned() />
        </fieldset>
    }
}

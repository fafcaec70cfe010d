//! The web app comes in parts, so that a first visit downloads the shell (router, navigation,
//! session, sign-in) and not every screen. Each step of the programme is one part (`why`,
//! `who`, `value`), holding the screens of its contexts: `make web` cuts the wasm at each
//! context's `part` function (wasm-split-cli; the functions naming one part go together), and
//! the part is fetched the first time one of its screens is shown, then kept.
//!
//! A context declares its screens and their part with `screens_part!`, and its routes show
//! `in_part(Screen::List)`. The router itself never waits for a part: a route changes at
//! once and shows "Loading…" until its part is there, as it does for the page's data.

use crate::components::{focus_later, set_title, Loading};
use crate::i18n::{tr, use_i18n, Text};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::sync::OnceLock;

/// What a context's part gives once loaded: the function that draws one of its screens.
pub type DrawScreen<S> = fn(S) -> AnyView;

#[derive(Clone, Copy)]
enum PartState<S: 'static> {
    Fetching,
    Ready(DrawScreen<S>),
    Failed,
}

/// Shows `screen` from the part that `load` brings: "Loading…" while it is fetched, and, if
/// it cannot be (offline, or an old tab after an upgrade), an alert with a way to try again.
/// `loaded` keeps what the part gave, so that showing one of its screens again draws it at
/// once, without a "Loading…" turn.
pub fn screen_in_part<S, F, Fut>(screen: S, load: F, loaded: &'static OnceLock<DrawScreen<S>>) -> impl IntoView
where
    S: Copy + Send + Sync + 'static,
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<DrawScreen<S>, SplitLoaderError>> + 'static,
{
    let i18n = use_i18n();
    let state = RwSignal::new(loaded.get().map_or(PartState::Fetching, |draw| PartState::Ready(*draw)));
    let fetch = move || {
        state.set(PartState::Fetching);
        // What the reader was on (the link followed, "Try again"): where the focus moves on
        // from once the part is here, as after any change of page. On a fresh page, nothing.
        let left = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .filter(|element| element.tag_name() != "BODY");
        set_title(i18n.t(Text::Loading));
        leptos::task::spawn_local(async move {
            let next = match load().await {
                Ok(draw) => PartState::Ready(*loaded.get_or_init(|| draw)),
                Err(_) => PartState::Failed,
            };
            // The screen may have been left meanwhile; then there is nothing to update.
            if state.try_set(next).is_none() {
                if matches!(next, PartState::Failed) {
                    set_title("");
                }
                if left.is_some() {
                    match next {
                        PartState::Ready(_) => crate::focus_heading(left, 20),
                        _ => focus_later(TRY_AGAIN_ID),
                    }
                }
            }
        });
    };
    if matches!(state.get_untracked(), PartState::Fetching) {
        // Untracked: this runs while a parent view draws (`Protected`'s), which must not
        // start depending on what `fetch` reads (the language) and redraw the screen anew.
        untrack(fetch);
    }
    move || match state.get() {
        // Untracked: the screen's own reads must not redraw it from here.
        PartState::Ready(draw) => untrack(|| draw(screen)),
        PartState::Fetching => view! { <Loading /> }.into_any(),
        PartState::Failed => view! {
            <div class="error part-failed" role="alert">
                <p>{tr(Text::PartNotLoaded)}</p>
                <p class="actions">
                    <button type="button" id=TRY_AGAIN_ID on:click=move |_| fetch()>
                        {tr(Text::TryAgain)}
                    </button>
                    <button type="button" class="secondary" on:click=|_| reload()>
                        {tr(Text::ReloadPage)}
                    </button>
                </p>
            </div>
        }
        .into_any(),
    }
}

const TRY_AGAIN_ID: &str = "part-try-again";

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Declares a context's screens and the part of the web app they belong to: its `Screen`
/// enum, the `part` function that `make web` cuts out with everything only it reaches (the
/// contexts naming one part go together), and `in_part`, which shows one of the screens.
/// ```ignore
/// crate::screens_part!(why {
///     List => view! { <list::ProgrammeList /> },
///     Editor => view! { <editor::ProgrammeEditor /> },
/// });
/// ```
#[macro_export]
macro_rules! screens_part {
    ($part:ident { $($screen:ident => $view:expr),+ $(,)? }) => {
        /// The screens of this context's part of the web app.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Screen {
            $($screen),+
        }

        #[leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn part() -> Result<$crate::parts::DrawScreen<Screen>, leptos::wasm_split::SplitLoaderError> {
            fn draw(screen: Screen) -> AnyView {
                match screen {
                    $(Screen::$screen => $view.into_any()),+
                }
            }
            Ok(draw)
        }

        /// One of this context's screens, once its part of the web app is there.
        pub fn in_part(screen: Screen) -> impl IntoView {
            static LOADED: std::sync::OnceLock<$crate::parts::DrawScreen<Screen>> = std::sync::OnceLock::new();
            $crate::parts::screen_in_part(screen, part, &LOADED)
        }
    };
}

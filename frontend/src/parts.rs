//! The web app comes in parts, so that a first visit downloads the shell (router, navigation,
//! session, sign-in) and not every screen. Each context's screens form one part: `make web`
//! cuts the wasm at each context's `part` function (wasm-split-cli), and the part is fetched
//! the first time one of its screens is shown, then kept.
//!
//! A context declares its part and screens with `screens_part!`, and its routes show
//! `in_part(Screen::List)`. The router itself never waits for a part: a route changes at
//! once and shows "Loading…" until its part is there, as it does for the page's data.

use crate::components::Loading;
use crate::i18n::{tr, Text};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;

/// What a context's part gives once loaded: the function that draws one of its screens.
pub type DrawScreen<S> = fn(S) -> AnyView;

thread_local! {
    // The parts already loaded, by their screens' type: showing one of their screens again
    // draws it at once, without a "Loading…" turn.
    static LOADED: RefCell<HashMap<TypeId, Box<dyn Any>>> = RefCell::new(HashMap::new());
}

fn loaded<S: 'static>() -> Option<DrawScreen<S>> {
    LOADED.with_borrow(|loaded| {
        loaded
            .get(&TypeId::of::<S>())
            .and_then(|draw| draw.downcast_ref::<DrawScreen<S>>())
            .copied()
    })
}

#[derive(Clone, Copy)]
enum PartState<S: 'static> {
    Fetching,
    Ready(DrawScreen<S>),
    Failed,
}

/// Shows `screen` from the part that `load` brings: "Loading…" while it is fetched, and, if
/// it cannot be (offline, or an old tab after an upgrade), an alert with a way to try again.
pub fn screen_in_part<S, F, Fut>(screen: S, load: F) -> impl IntoView
where
    S: Copy + Send + Sync + 'static,
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<DrawScreen<S>, SplitLoaderError>> + 'static,
{
    let state = RwSignal::new(loaded::<S>().map_or(PartState::Fetching, PartState::Ready));
    let fetch = move || {
        state.set(PartState::Fetching);
        leptos::task::spawn_local(async move {
            let next = match load().await {
                Ok(draw) => {
                    LOADED.with_borrow_mut(|loaded| loaded.insert(TypeId::of::<S>(), Box::new(draw)));
                    PartState::Ready(draw)
                }
                Err(_) => PartState::Failed,
            };
            // The screen may have been left meanwhile; then there is nothing to update.
            let _ = state.try_set(next);
        });
    };
    if matches!(state.get_untracked(), PartState::Fetching) {
        fetch();
    }
    move || match state.get() {
        // Untracked: the screen's own reads must not redraw it from here.
        PartState::Ready(draw) => untrack(|| draw(screen)),
        PartState::Fetching => view! { <Loading /> }.into_any(),
        PartState::Failed => view! {
            <div class="error" role="alert">
                <p>{tr(Text::PartNotLoaded)}</p>
                <button type="button" on:click=move |_| fetch()>
                    {tr(Text::TryAgain)}
                </button>
            </div>
        }
        .into_any(),
    }
}

/// Declares a context's part of the web app: its `Screen` enum, the `part` function that
/// `make web` cuts out with everything only it reaches (one part per context, named after
/// the context), and `in_part`, which shows one of the screens.
/// ```ignore
/// crate::screens_part!(programmes {
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
            $crate::parts::screen_in_part(screen, part)
        }
    };
}

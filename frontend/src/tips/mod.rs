//! Step 3 — Value, tips: the feed with search and filters, a tip's page (reactions, saves,
//! comments, history), the editor with its preview, one's own and saved tips, and the
//! creator spotlight.

pub mod api;
pub mod editor;
pub mod feed;
pub mod image;
pub mod page;
pub mod spotlight;
pub mod strings;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::TipsText;

/// The tips entry of the navigation (everyone).
pub const NAV: NavEntry = NavEntry {
    href: "/tips",
    label: |lang| TipsText::Nav.in_lang(lang),
    action: Action::ShareTips,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(value {
    Feed => view! { <feed::Feed /> },
    New => view! { <editor::NewTip /> },
    Mine => view! { <feed::Mine saved=false /> },
    Saved => view! { <feed::Mine saved=true /> },
    Spotlight => view! { <spotlight::Spotlight /> },
    Page => view! { <page::TipPage /> },
    Edit => view! { <editor::EditTip /> },
});

#[component(transparent)]
pub fn TipsRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/tips") view=|| view! { <PageFrame><Protected>{in_part(Screen::Feed)}</Protected></PageFrame> } />
        <Route path=path!("/tips/new") view=|| view! { <PageFrame><Protected>{in_part(Screen::New)}</Protected></PageFrame> } />
        <Route path=path!("/tips/mine") view=|| view! { <PageFrame><Protected>{in_part(Screen::Mine)}</Protected></PageFrame> } />
        <Route path=path!("/tips/saved") view=|| view! { <PageFrame><Protected>{in_part(Screen::Saved)}</Protected></PageFrame> } />
        <Route path=path!("/tips/spotlight") view=|| view! { <PageFrame><Protected>{in_part(Screen::Spotlight)}</Protected></PageFrame> } />
        <Route path=path!("/tips/:id") view=|| view! { <PageFrame><Protected>{in_part(Screen::Page)}</Protected></PageFrame> } />
        <Route path=path!("/tips/:id/edit") view=|| view! { <PageFrame><Protected>{in_part(Screen::Edit)}</Protected></PageFrame> } />
    }
    .into_inner()
    .into_any_nested_route()
}

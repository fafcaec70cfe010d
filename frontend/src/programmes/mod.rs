//! Step 1 — Why: the programme screens (list, editor, dashboard), their strings and calls.

pub mod api;
pub mod dashboard;
pub mod editor;
pub mod form;
pub mod list;
pub mod pacing;
pub mod strings;
pub mod trend;

use crate::components::{NavEntry, PageFrame, Protected};
use crate::i18n::Strings;
use leptos::prelude::*;
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::components::Route;
use leptos_router::path;
use relais_domain::access::Action;
use strings::ProgrammeText;

/// The programmes entry of the navigation.
pub const NAV: NavEntry = NavEntry {
    href: "/programmes",
    label: |lang| ProgrammeText::NavProgrammes.in_lang(lang),
    action: Action::ReadProgrammes,
};

// The context's screens, one part of the web app fetched when first shown.
crate::screens_part!(why {
    List => view! { <list::ProgrammeList /> },
    Editor => view! { <editor::ProgrammeEditor /> },
    Dashboard => view! { <dashboard::ProgrammeDashboardPage /> },
});

/// The programme screens' routes.
#[component(transparent)]
pub fn ProgrammeRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/programmes") view=|| view! { <PageFrame><Protected>{in_part(Screen::List)}</Protected></PageFrame> } />
        <Route path=path!("/programmes/:id") view=|| view! { <PageFrame><Protected>{in_part(Screen::Editor)}</Protected></PageFrame> } />
        <Route
            path=path!("/programmes/:id/dashboard")
            view=|| view! { <PageFrame><Protected>{in_part(Screen::Dashboard)}</Protected></PageFrame> }
        />
    }
    .into_inner()
    .into_any_nested_route()
}
use chrono::NaiveDate;
use relais_domain::FieldError;

/// Adds the domain's errors for fields that have none yet (a field that could not even be
/// read keeps that error).
pub fn merge_errors(errors: &mut Vec<FieldError>, found: Vec<FieldError>) {
    for error in found {
        if !errors.iter().any(|e| e.field == error.field) {
            errors.push(error);
        }
    }
}

/// Parses an `<input type=date>` value, recording a field error when it is empty or wrong.
pub fn date_field(field: &str, value: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(FieldError::new(field, "required", format!("{field} is required")));
            None
        }
    }
}

pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

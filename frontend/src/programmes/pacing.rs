//! How an objective paces against its due date: a bar and a badge.

use super::strings::{pacing_name, ProgrammeText};
use crate::i18n::{use_i18n, Lang, Strings};
use leptos::prelude::*;
use relais_domain::programmes::{Pacing, PacingStatus};

/// A horizontal progress bar drawn as SVG: progress from baseline to target, and a tick where
/// the calendar says it should be.
#[component]
pub fn PacingBar(pacing: Pacing) -> impl IntoView {
    let i18n = use_i18n();
    let class = match pacing.status {
        PacingStatus::OnTrack => "bar on-track",
        PacingStatus::AtRisk => "bar at-risk",
        PacingStatus::OffTrack => "bar off-track",
    };
    let filled = format!("{:.1}", (pacing.progress * 100.0).clamp(0.0, 100.0));
    let expected = format!("{:.1}", (pacing.expected * 100.0).clamp(0.0, 100.0));
    let label = move || {
        let lang = i18n.lang.get();
        format!(
            "{} {} · {} {} · {}",
            i18n.t(ProgrammeText::Progress),
            crate::i18n::format_percent((pacing.progress * 100.0).round(), lang),
            i18n.t(ProgrammeText::Expected),
            crate::i18n::format_percent((pacing.expected * 100.0).round(), lang),
            if pacing.achieved {
                i18n.t(ProgrammeText::Achieved)
            } else {
                pacing_name(pacing.status, i18n.lang.get())
            }
        )
    };
    view! {
        <figure class="pacing">
            <svg class=class viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=label>
                <rect class="track" x="0" y="2" width="100" height="6" rx="3"></rect>
                <rect class="fill" x="0" y="2" width=filled height="6" rx="3"></rect>
                <line class="expected" x1=expected.clone() x2=expected y1="0" y2="10"></line>
            </svg>
            <figcaption>{label}</figcaption>
        </figure>
    }
}

pub fn pacing_badge(status: PacingStatus, achieved: bool, lang: Lang) -> impl IntoView {
    let class = match status {
        PacingStatus::OnTrack => "badge on-track",
        PacingStatus::AtRisk => "badge at-risk",
        PacingStatus::OffTrack => "badge off-track",
    };
    let text = if achieved {
        ProgrammeText::Achieved.in_lang(lang)
    } else {
        pacing_name(status, lang)
    };
    view! { <span class=class>{text}</span> }
}

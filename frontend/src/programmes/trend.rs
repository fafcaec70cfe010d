//! An objective's trend: its metric's daily values since activation, drawn as an SVG line
//! towards the target, from the start of the readings to the due date.

use super::strings::{format_value, ProgrammeText};
use crate::i18n::{format_date, use_i18n};
use leptos::prelude::*;
use relais_domain::programmes::{MetricUnit, TrendPoint};

const WIDTH: f64 = 100.0;
const HEIGHT: f64 = 30.0;

/// The value at the top of the drawing (0 is at the bottom): 100 for a percentage, else
/// the larger of the target and the highest value.
fn top_of(points: &[TrendPoint], target: f64, unit: MetricUnit) -> f64 {
    match unit {
        MetricUnit::Percent => 100.0,
        MetricUnit::Count => points.iter().map(|p| p.value).fold(target, f64::max).max(1.0),
    }
}

/// How high a value stands in the drawing.
fn height_of(value: f64, top: f64) -> f64 {
    HEIGHT - (value / top * HEIGHT).clamp(0.0, HEIGHT)
}

/// Where each point goes in the drawing: days along (from the first reading to the due
/// date), values up.
fn layout(points: &[TrendPoint], top: f64, due_on: chrono::NaiveDate) -> Vec<(f64, f64)> {
    let Some(first) = points.first() else {
        return Vec::new();
    };
    let span = (due_on - first.day).num_days().max(1) as f64;
    points
        .iter()
        .map(|point| {
            let x = ((point.day - first.day).num_days() as f64 / span * WIDTH).clamp(0.0, WIDTH);
            (x, height_of(point.value, top))
        })
        .collect()
}

#[component]
pub fn TrendLine(points: Vec<TrendPoint>, target: f64, due_on: chrono::NaiveDate, unit: MetricUnit) -> impl IntoView {
    let i18n = use_i18n();
    if points.len() < 2 {
        // One point is the baseline alone: nothing to draw yet.
        return ().into_any();
    }
    let top = top_of(&points, target, unit);
    let placed = layout(&points, top, due_on);
    let line = placed
        .iter()
        .map(|(x, y)| format!("{x:.2},{y:.2}"))
        .collect::<Vec<_>>()
        .join(" ");
    let target_y = format!("{:.2}", height_of(target, top));
    let (last_x, last_y) = placed.last().copied().unwrap_or_default();
    let (first, last) = (points[0], points[points.len() - 1]);
    let label = move || {
        let lang = i18n.lang.get();
        // French puts a space before a colon, English does not.
        let colon = if lang == crate::i18n::Lang::Fr { " :" } else { ":" };
        format!(
            "{}{colon} {} ({}) → {} ({}) · {} {}",
            i18n.t(ProgrammeText::Trend),
            format_value(first.value, unit, lang),
            format_date(first.day, lang),
            format_value(last.value, unit, lang),
            format_date(last.day, lang),
            i18n.t(ProgrammeText::Target),
            format_value(target, unit, lang),
        )
    };
    view! {
        <figure class="trend">
            <svg viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label=label>
                <line class="target" x1="0" x2="100" y1=target_y.clone() y2=target_y></line>
                <polyline class="values" points=line></polyline>
                // A zero-length stroke with round caps: a dot that the stretched drawing does
                // not turn into an ellipse.
                <path class="last" d=format!("M{last_x:.2} {last_y:.2}h0")></path>
            </svg>
            <figcaption>{label}</figcaption>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(day: u32, value: f64) -> TrendPoint {
        TrendPoint {
            day: chrono::NaiveDate::from_ymd_opt(2026, 9, day).unwrap_or_default(),
            value,
        }
    }

    #[test]
    fn points_run_from_the_first_reading_to_the_due_date() {
        let due = chrono::NaiveDate::from_ymd_opt(2026, 9, 21).unwrap_or_default();
        let points = [point(1, 0.0), point(11, 50.0)];
        let placed = layout(&points, top_of(&points, 70.0, MetricUnit::Percent), due);
        assert_eq!(placed, vec![(0.0, 30.0), (50.0, 15.0)]);
    }
}

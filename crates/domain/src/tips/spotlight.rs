//! The creator spotlight (V2): who shares knowledge that colleagues find worth reacting to,
//! over a period. Pure: the server reads the period's published tips with their reactions
//! and this function ranks. The rules:
//!
//! - a published tip is worth 2 points, each colleague's reaction 1 point, and each distinct
//!   colleague who reacted to any of the creator's tips 3 points more — so ten colleagues
//!   reacting once count far more than one colleague reacting ten times;
//! - reactions to one's own tips never count;
//! - everything fades with the tip's age: half as much after `half_life_days`.
//!
//! Ties: more distinct reactors first, then more tips, then the person's id.

use super::ReactionKind;
use crate::candidates::scoring::decay;
use crate::directory::PersonRef;
use crate::ids::UserId;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Points of a published tip.
pub const TIP_POINTS: f64 = 2.0;
/// Points of each colleague's reaction.
pub const REACTION_POINTS: f64 = 1.0;
/// Points of each distinct colleague who reacted.
pub const REACTOR_POINTS: f64 = 3.0;
/// How fast contributions fade: half as much after this many days.
pub const HALF_LIFE_DAYS: u32 = 90;
/// The spotlight's length.
pub const SPOTLIGHT_SIZE: usize = 10;

crate::stored_enum! {
    /// The spotlight's period.
    pub enum SpotlightPeriod {
        /// Since the first of this month.
        Month = "month",
        /// Since the first day of this quarter.
        Quarter = "quarter",
        AllTime = "all_time",
    }
}

impl SpotlightPeriod {
    /// When the period began, for `now`; `None` for all time.
    pub fn start(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let date = now.date_naive();
        let first = match self {
            SpotlightPeriod::Month => NaiveDate::from_ymd_opt(date.year(), date.month(), 1),
            SpotlightPeriod::Quarter => NaiveDate::from_ymd_opt(date.year(), (date.month() - 1) / 3 * 3 + 1, 1),
            SpotlightPeriod::AllTime => None,
        }?;
        first.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
    }
}

/// Query of the spotlight.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SpotlightQuery {
    /// Default `month`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<SpotlightPeriod>,
}

/// One published tip with its reactions, as the spotlight reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct TipActivity {
    pub author: UserId,
    /// Days since it was published.
    pub age_days: f64,
    /// Who reacted, and how.
    pub reactions: Vec<(UserId, ReactionKind)>,
}

/// A creator's standing.
#[derive(Clone, Debug, PartialEq)]
pub struct CreatorScore {
    pub author: UserId,
    pub tips: u32,
    /// Colleagues' reactions (one's own never count).
    pub reactions: u32,
    pub distinct_reactors: u32,
    pub points: f64,
}

/// The creators ranked by the rules above, best first.
pub fn rank_creators(tips: &[TipActivity], half_life_days: u32) -> Vec<CreatorScore> {
    struct Tally {
        tips: u32,
        reactions: u32,
        points: f64,
        /// Each reactor's freshest weight.
        reactors: HashMap<UserId, f64>,
    }
    let mut by_author: HashMap<&UserId, Tally> = HashMap::new();
    for tip in tips {
        let weight = decay(tip.age_days, half_life_days);
        let tally = by_author.entry(&tip.author).or_insert_with(|| Tally {
            tips: 0,
            reactions: 0,
            points: 0.0,
            reactors: HashMap::new(),
        });
        tally.tips += 1;
        tally.points += TIP_POINTS * weight;
        for (reactor, _) in tip.reactions.iter().filter(|(reactor, _)| reactor != &tip.author) {
            tally.reactions += 1;
            tally.points += REACTION_POINTS * weight;
            let best = tally.reactors.entry(reactor.clone()).or_insert(0.0);
            *best = best.max(weight);
        }
    }
    let mut ranked: Vec<CreatorScore> = by_author
        .into_iter()
        .map(|(author, tally)| CreatorScore {
            author: author.clone(),
            tips: tally.tips,
            reactions: tally.reactions,
            distinct_reactors: tally.reactors.len() as u32,
            points: tally.points + REACTOR_POINTS * tally.reactors.values().sum::<f64>(),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.points
            .total_cmp(&a.points)
            .then_with(|| b.distinct_reactors.cmp(&a.distinct_reactors))
            .then_with(|| b.tips.cmp(&a.tips))
            .then_with(|| a.author.cmp(&b.author))
    });
    ranked
}

/// One creator in the spotlight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpotlightEntry {
    pub person: PersonRef,
    /// Tips published in the period.
    pub tips: u32,
    pub reactions: u32,
    pub distinct_reactors: u32,
    /// Points by the rules, rounded to one decimal.
    pub points: f64,
}

/// The period's best creators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spotlight {
    pub period: SpotlightPeriod,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub since: Option<DateTime<Utc>>,
    pub items: Vec<SpotlightEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tip(author: &str, age: f64, reactors: &[&str]) -> TipActivity {
        TipActivity {
            author: UserId::new(author),
            age_days: age,
            reactions: reactors
                .iter()
                .map(|r| (UserId::new(*r), ReactionKind::Useful))
                .collect(),
        }
    }

    #[test]
    fn distinct_reactors_count_more_than_raw_reactions() {
        // Ana: one colleague reacting on five tips. Ben: five colleagues on one tip.
        let mut tips: Vec<TipActivity> = (0..5).map(|_| tip("ana", 0.0, &["x"])).collect();
        tips.push(tip("ben", 0.0, &["a", "b", "c", "d", "e"]));
        let ranked = rank_creators(&tips, HALF_LIFE_DAYS);
        // Ana: 5×2 + 5×1 + 1×3 = 18; Ben: 2 + 5 + 15 = 22.
        assert_eq!(ranked[0].author.as_str(), "ben");
        assert!((ranked[0].points - 22.0).abs() < 1e-9, "{ranked:?}");
        assert!((ranked[1].points - 18.0).abs() < 1e-9, "{ranked:?}");
        assert_eq!(ranked[1].distinct_reactors, 1);
    }

    #[test]
    fn reactions_to_ones_own_tip_never_count() {
        let ranked = rank_creators(&[tip("ana", 0.0, &["ana", "ana"])], HALF_LIFE_DAYS);
        assert_eq!(ranked[0].reactions, 0);
        assert_eq!(ranked[0].distinct_reactors, 0);
        assert!((ranked[0].points - TIP_POINTS).abs() < 1e-9);
    }

    #[test]
    fn older_contributions_fade() {
        let ranked = rank_creators(
            &[tip("old", 90.0, &["a", "b"]), tip("new", 0.0, &["a"])],
            HALF_LIFE_DAYS,
        );
        // old: (2 + 2 + 6) × ½ = 5; new: 2 + 1 + 3 = 6.
        assert_eq!(ranked[0].author.as_str(), "new");
        assert!((ranked[1].points - 5.0).abs() < 1e-9, "{ranked:?}");
    }

    #[test]
    fn ties_are_broken_by_reactors_tips_then_id() {
        let ranked = rank_creators(&[tip("b", 0.0, &[]), tip("a", 0.0, &[])], HALF_LIFE_DAYS);
        let order: Vec<&str> = ranked.iter().map(|c| c.author.as_str()).collect();
        assert_eq!(order, vec!["a", "b"]);
    }

    #[test]
    fn periods_start_on_calendar_boundaries() {
        let now = "2026-11-30T15:00:00Z".parse::<DateTime<Utc>>().expect("date");
        assert_eq!(
            SpotlightPeriod::Month.start(now).map(|d| d.to_rfc3339()),
            Some("2026-11-01T00:00:00+00:00".into())
        );
        assert_eq!(
            SpotlightPeriod::Quarter.start(now).map(|d| d.to_rfc3339()),
            Some("2026-10-01T00:00:00+00:00".into())
        );
        assert_eq!(SpotlightPeriod::AllTime.start(now), None);
    }
}

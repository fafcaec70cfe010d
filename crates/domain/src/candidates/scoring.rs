//! The candidate score (C2): an explainable number per person and programme, from signals
//! each normalised to 0–1, weighted per programme. Older nominations and observations count
//! less (a half-life). The breakdown gives, for every signal, its raw value, weight and
//! contribution, so an admin sees why someone ranks where they do.

use super::coverage::CoverageNeed;
use super::CandidacyState;
use crate::directory::{ManagementLevel, SiteRef};
use crate::errors::{FieldError, FieldErrors};
use crate::ids::UserId;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// What the score is made of.
    pub enum Signal {
        /// Management level: team leads and site managers reach colleagues daily.
        ManagementLevel = "management_level",
        /// People under them, all levels down (from manager links).
        SpanOfControl = "span_of_control",
        /// Colleagues' nominations (decayed).
        PeerNominations = "peer_nominations",
        /// Admins' field observations: mean rating 1–5 (decayed).
        FieldObservations = "field_observations",
        /// Their site (or region) lacks ambassadors.
        CoverageNeed = "coverage_need",
        /// Tips published (decayed by each tip's age).
        TipsPublished = "tips_published",
        /// Distinct colleagues who reacted to their tips (decayed by each one's latest reaction).
        DistinctReactors = "distinct_reactors",
        /// Their answers accepted in Q&A (step 4; zero until then).
        AcceptedAnswers = "accepted_answers",
        /// Contest entries (step 3; zero until then).
        ContestEntries = "contest_entries",
    }
}

/// A programme's weights (0–10 each), half-life and coverage target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Weights {
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub management_level: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub span_of_control: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub peer_nominations: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub field_observations: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub coverage_need: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub tips_published: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub distinct_reactors: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub accepted_answers: f64,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub contest_entries: f64,
    /// Days after which a nomination or an observation counts half (7–730).
    #[cfg_attr(feature = "openapi", schema(minimum = 7, maximum = 730))]
    pub half_life_days: u32,
    /// Learners one ambassador can relay for (5–500; default 25).
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 500))]
    pub learners_per_ambassador: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            management_level: 2.0,
            span_of_control: 1.5,
            peer_nominations: 2.0,
            field_observations: 2.5,
            coverage_need: 1.5,
            tips_published: 1.0,
            distinct_reactors: 1.5,
            accepted_answers: 1.0,
            contest_entries: 0.5,
            half_life_days: 90,
            learners_per_ambassador: 25,
        }
    }
}

pub const MAX_WEIGHT: f64 = 10.0;
pub const MIN_WEIGHT: f64 = 0.1;

impl Weights {
    pub fn of(&self, signal: Signal) -> f64 {
        match signal {
            Signal::ManagementLevel => self.management_level,
            Signal::SpanOfControl => self.span_of_control,
            Signal::PeerNominations => self.peer_nominations,
            Signal::FieldObservations => self.field_observations,
            Signal::CoverageNeed => self.coverage_need,
            Signal::TipsPublished => self.tips_published,
            Signal::DistinctReactors => self.distinct_reactors,
            Signal::AcceptedAnswers => self.accepted_answers,
            Signal::ContestEntries => self.contest_entries,
        }
    }

    /// Every weight in 0–10, at least one above 0, the half-life and target in bounds.
    pub fn validate(&self) -> Result<Weights, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        for signal in Signal::ALL {
            let weight = self.of(signal);
            // 0 turns a signal off; otherwise at least a tenth, so no weight is a rounding error.
            let counted = weight == 0.0 || (MIN_WEIGHT..=MAX_WEIGHT).contains(&weight);
            if !weight.is_finite() || !counted {
                errors.add(signal.as_str(), "out_of_range", "a weight is 0, or between 0.1 and 10");
            }
        }
        if Signal::ALL.iter().all(|s| self.of(*s) == 0.0) {
            errors.add("management_level", "all_zero", "at least one weight must count");
        }
        if !(7..=730).contains(&self.half_life_days) {
            errors.add("half_life_days", "out_of_range", "between 7 and 730 days");
        }
        if !(5..=500).contains(&self.learners_per_ambassador) {
            errors.add("learners_per_ambassador", "out_of_range", "between 5 and 500 learners");
        }
        errors.finish(|| self.clone())
    }
}

/// What is known of one person, as the score reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Signals {
    pub management_level: Option<ManagementLevel>,
    /// People under them, all levels.
    pub span_of_control: u32,
    /// Age in days of each open or retained nomination and application.
    pub nomination_ages: Vec<f64>,
    /// Rating 1–5 and age in days of each field observation.
    pub observations: Vec<(u8, f64)>,
    pub coverage_need: CoverageNeed,
    /// Age in days of each tip they published.
    pub tip_ages: Vec<f64>,
    /// For each distinct colleague who reacted to their tips, the age in days of their
    /// latest reaction.
    pub reactor_ages: Vec<f64>,
    pub accepted_answers: u32,
    pub contest_entries: u32,
}

/// One signal's part of a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    pub signal: Signal,
    /// The signal as measured (a level's rank 0–5, a count, a mean rating, a decayed count).
    pub raw: f64,
    /// Its value on 0–1.
    pub normalised: f64,
    pub weight: f64,
    /// Its points of the total (the total is their sum, 0–100).
    pub points: f64,
}

/// A score with its breakdown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Score {
    /// 0–100.
    pub total: f64,
    pub contributions: Vec<Contribution>,
}

/// How much something `age_days` old still counts: 1 now, ½ after one half-life.
pub fn decay(age_days: f64, half_life_days: u32) -> f64 {
    0.5_f64.powf(age_days.max(0.0) / f64::from(half_life_days.max(1)))
}

/// A count on 0–1 that grows quickly at first and never reaches 1: `n / (n + half)`.
fn saturating(count: f64, half: f64) -> f64 {
    if count <= 0.0 {
        0.0
    } else {
        count / (count + half)
    }
}

fn level_value(level: ManagementLevel) -> (f64, f64) {
    // (rank shown, value): executives are far from the field, team leads and site managers close.
    match level {
        ManagementLevel::None => (0.0, 0.0),
        ManagementLevel::TeamLead => (1.0, 0.6),
        ManagementLevel::Manager => (2.0, 0.7),
        ManagementLevel::SiteManager => (3.0, 1.0),
        ManagementLevel::RegionalDirector => (4.0, 0.8),
        ManagementLevel::Executive => (5.0, 0.4),
    }
}

/// The score of one person's signals under `weights`.
pub fn score(signals: &Signals, weights: &Weights) -> Score {
    let half_life = weights.half_life_days;
    // A fold from +0 (a float sum of nothing is -0).
    let nominations: f64 = signals
        .nomination_ages
        .iter()
        .fold(0.0, |sum, age| sum + decay(*age, half_life));
    let (rated, weight_sum) = signals
        .observations
        .iter()
        .fold((0.0, 0.0), |(sum, weights), (rating, age)| {
            let d = decay(*age, half_life);
            (sum + f64::from(*rating) * d, weights + d)
        });
    let mean_rating = if weight_sum > 0.0 { rated / weight_sum } else { 0.0 };
    let decayed = |ages: &[f64]| ages.iter().fold(0.0, |sum, age| sum + decay(*age, half_life));
    let (tips, reactors) = (decayed(&signals.tip_ages), decayed(&signals.reactor_ages));
    let (level_rank, level_norm) = level_value(signals.management_level.unwrap_or(ManagementLevel::None));
    let raw_and_normalised = |signal: Signal| -> (f64, f64) {
        match signal {
            Signal::ManagementLevel => (level_rank, level_norm),
            Signal::SpanOfControl => {
                let span = f64::from(signals.span_of_control);
                (span, saturating(span, 10.0))
            }
            Signal::PeerNominations => (nominations, saturating(nominations, 2.0)),
            Signal::FieldObservations => (
                mean_rating,
                if weight_sum > 0.0 {
                    (mean_rating - 1.0) / 4.0
                } else {
                    0.0
                },
            ),
            Signal::CoverageNeed => {
                let value = signals.coverage_need.value();
                (value, value)
            }
            Signal::TipsPublished => (tips, saturating(tips, 5.0)),
            Signal::DistinctReactors => (reactors, saturating(reactors, 10.0)),
            Signal::AcceptedAnswers => {
                let n = f64::from(signals.accepted_answers);
                (n, saturating(n, 5.0))
            }
            Signal::ContestEntries => {
                let n = f64::from(signals.contest_entries);
                (n, saturating(n, 2.0))
            }
        }
    };
    let total_weight: f64 = Signal::ALL.iter().map(|s| weights.of(*s)).sum();
    let contributions: Vec<Contribution> = Signal::ALL
        .into_iter()
        .map(|signal| {
            let (raw, normalised) = raw_and_normalised(signal);
            let weight = weights.of(signal);
            let points = if total_weight > 0.0 {
                100.0 * weight * normalised / total_weight
            } else {
                0.0
            };
            Contribution {
                signal,
                raw,
                normalised,
                weight,
                points,
            }
        })
        .collect();
    Score {
        total: contributions.iter().map(|c| c.points).sum(),
        contributions,
    }
}

/// One person of the ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedCandidate {
    pub person_id: UserId,
    pub display_name: String,
    pub job_title: String,
    pub management_level: ManagementLevel,
    pub site: Option<SiteRef>,
    /// Already an ambassador (of any programme).
    pub is_ambassador: bool,
    /// Their place in this programme's pipeline, if any.
    pub candidacy: Option<CandidacyState>,
    pub score: Score,
}

/// The best candidates of a programme, best first, with the weights used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ranking {
    pub weights: Weights,
    /// People who matched the filters and were scored.
    pub considered: u32,
    pub items: Vec<RankedCandidate>,
}

/// Sorts best first; equal scores by name, then id, so the order is stable.
pub fn rank(candidates: &mut [RankedCandidate]) {
    candidates.sort_by(|a, b| {
        b.score
            .total
            .total_cmp(&a.score.total)
            .then_with(|| a.display_name.cmp(&b.display_name))
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(score: &Score, signal: Signal) -> f64 {
        score
            .contributions
            .iter()
            .find(|c| c.signal == signal)
            .map_or(0.0, |c| c.points)
    }

    #[test]
    fn no_signal_scores_zero_and_the_breakdown_sums_to_the_total() {
        let weights = Weights::default();
        let nothing = score(&Signals::default(), &weights);
        assert_eq!(nothing.total, 0.0);
        assert_eq!(nothing.contributions.len(), Signal::ALL.len(), "every signal is shown");
        let some = score(
            &Signals {
                management_level: Some(ManagementLevel::SiteManager),
                span_of_control: 10,
                nomination_ages: vec![0.0],
                observations: vec![(5, 0.0)],
                coverage_need: CoverageNeed::SiteUncovered,
                ..Signals::default()
            },
            &weights,
        );
        let sum: f64 = some.contributions.iter().map(|c| c.points).sum();
        assert!((some.total - sum).abs() < 1e-9);
        assert!(some.total > 0.0 && some.total <= 100.0);
    }

    #[test]
    fn each_signal_raises_the_score() {
        let weights = Weights::default();
        let base = Signals::default();
        let cases: Vec<(Signal, Signals)> = vec![
            (
                Signal::ManagementLevel,
                Signals {
                    management_level: Some(ManagementLevel::TeamLead),
                    ..base.clone()
                },
            ),
            (
                Signal::SpanOfControl,
                Signals {
                    span_of_control: 6,
                    ..base.clone()
                },
            ),
            (
                Signal::PeerNominations,
                Signals {
                    nomination_ages: vec![3.0],
                    ..base.clone()
                },
            ),
            (
                Signal::FieldObservations,
                Signals {
                    observations: vec![(4, 10.0)],
                    ..base.clone()
                },
            ),
            (
                Signal::CoverageNeed,
                Signals {
                    coverage_need: CoverageNeed::SiteUnderCovered,
                    ..base.clone()
                },
            ),
            (
                Signal::TipsPublished,
                Signals {
                    tip_ages: vec![0.0, 30.0],
                    ..base.clone()
                },
            ),
            (
                Signal::DistinctReactors,
                Signals {
                    reactor_ages: vec![1.0; 7],
                    ..base.clone()
                },
            ),
            (
                Signal::AcceptedAnswers,
                Signals {
                    accepted_answers: 1,
                    ..base.clone()
                },
            ),
            (
                Signal::ContestEntries,
                Signals {
                    contest_entries: 1,
                    ..base.clone()
                },
            ),
        ];
        assert_eq!(cases.len(), Signal::ALL.len());
        for (signal, signals) in cases {
            let scored = score(&signals, &weights);
            assert!(points(&scored, signal) > 0.0, "{signal:?}");
            assert!(
                (scored.total - points(&scored, signal)).abs() < 1e-9,
                "{signal:?} alone"
            );
        }
    }

    #[test]
    fn older_activity_counts_less_by_half_lives() {
        assert!((decay(90.0, 90) - 0.5).abs() < 1e-12);
        assert!((decay(180.0, 90) - 0.25).abs() < 1e-12);
        assert_eq!(decay(-5.0, 90), 1.0, "a date in the future counts as today");
        let weights = Weights::default();
        let fresh = score(
            &Signals {
                nomination_ages: vec![1.0],
                ..Signals::default()
            },
            &weights,
        );
        let old = score(
            &Signals {
                nomination_ages: vec![365.0],
                ..Signals::default()
            },
            &weights,
        );
        assert!(points(&fresh, Signal::PeerNominations) > 3.0 * points(&old, Signal::PeerNominations));
        // A recent good observation outweighs an old bad one.
        let mixed = score(
            &Signals {
                observations: vec![(1, 400.0), (5, 1.0)],
                ..Signals::default()
            },
            &weights,
        );
        let raw = mixed
            .contributions
            .iter()
            .find(|c| c.signal == Signal::FieldObservations)
            .map(|c| c.raw);
        assert!(raw.is_some_and(|r| r > 4.8), "{raw:?}");
    }

    #[test]
    fn weights_decide_and_are_bounded() {
        let signals = Signals {
            management_level: Some(ManagementLevel::SiteManager),
            nomination_ages: vec![0.0, 0.0],
            ..Signals::default()
        };
        let only_level = Weights {
            management_level: 1.0,
            span_of_control: 0.0,
            peer_nominations: 0.0,
            field_observations: 0.0,
            coverage_need: 0.0,
            tips_published: 0.0,
            distinct_reactors: 0.0,
            accepted_answers: 0.0,
            contest_entries: 0.0,
            ..Weights::default()
        };
        assert!(
            (score(&signals, &only_level).total - 100.0).abs() < 1e-9,
            "a site manager tops a level-only score"
        );
        let bad = Weights {
            management_level: 11.0,
            half_life_days: 1,
            learners_per_ambassador: 0,
            ..Weights::default()
        };
        let fields: Vec<String> = bad
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["management_level", "half_life_days", "learners_per_ambassador"]
        );
        let zero = Weights { ..only_level.clone() };
        let zero = Weights {
            management_level: 0.0,
            ..zero
        };
        assert!(zero.validate().is_err(), "all weights at zero");
        assert!(Weights {
            management_level: f64::NAN,
            ..Weights::default()
        }
        .validate()
        .is_err());
        assert!(
            Weights {
                management_level: 5e-324,
                ..Weights::default()
            }
            .validate()
            .is_err(),
            "a rounding error is no weight"
        );
        let none = score(&Signals::default(), &Weights::default());
        assert!(
            none.contributions.iter().all(|c| c.raw.is_sign_positive()),
            "no -0 shown"
        );
    }

    #[test]
    fn ranking_is_stable_on_ties() {
        let candidate = |name: &str, total: f64| RankedCandidate {
            person_id: UserId::new(name),
            display_name: name.into(),
            job_title: String::new(),
            management_level: ManagementLevel::None,
            site: None,
            is_ambassador: false,
            candidacy: None,
            score: Score {
                total,
                contributions: Vec::new(),
            },
        };
        let mut list = vec![candidate("Bea", 10.0), candidate("Ana", 10.0), candidate("Cy", 30.0)];
        rank(&mut list);
        let names: Vec<&str> = list.iter().map(|c| c.display_name.as_str()).collect();
        assert_eq!(names, ["Cy", "Ana", "Bea"]);
    }
}

//! Step 3 — Value, contests (V3): the training team sets a theme, rules, an audience and two
//! windows read from the clock — submissions, then voting; entries are tips. Winners are
//! chosen by a public vote (eligible colleagues, capped, never for one's own entry), by a
//! jury scoring on weighted criteria, or by both with a stated weighting; the tally and its
//! tie rule live here, and winners receive the `contest_winner` badge.

use crate::directory::{PersonRef, RegionId, SiteId};
use crate::errors::FieldError;
use crate::ids::UserId;
use crate::programmes::{FIRST_YEAR, LAST_YEAR};
use crate::tips::{TipId, TipSummary};
use crate::FieldErrors;
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

crate::id_type!(
    /// A contest.
    ContestId
);
crate::id_type!(
    /// A tip entered in a contest.
    EntryId
);

crate::stored_enum! {
    /// How winners are chosen.
    pub enum ContestMode {
        /// Eligible colleagues vote, each up to a cap.
        Public = "public",
        /// Named jurors score each entry on weighted criteria.
        Jury = "jury",
        /// Both, with a stated weighting of the public's share.
        Mixed = "mixed",
    }
}

impl ContestMode {
    pub fn has_public_vote(self) -> bool {
        matches!(self, ContestMode::Public | ContestMode::Mixed)
    }
    pub fn has_jury(self) -> bool {
        matches!(self, ContestMode::Jury | ContestMode::Mixed)
    }
}

crate::stored_enum! {
    /// Who may enter and vote.
    pub enum AudienceKind {
        /// Every active colleague.
        Organisation = "organisation",
        /// The people who work at a site of these regions.
        Regions = "regions",
        /// The people who work at these sites.
        Sites = "sites",
    }
}

crate::stored_enum! {
    /// Where a contest stands, read from the clock.
    pub enum ContestPhase {
        /// Submissions have not opened.
        Upcoming = "upcoming",
        /// Eligible colleagues enter their tips.
        Submissions = "submissions",
        /// Entries are closed; votes and jury scores are open.
        Voting = "voting",
        /// Results are final: no vote or score changes any more.
        Closed = "closed",
    }
}

/// The windows: submissions from `submissions_open_at` to `submissions_close_at`, then
/// voting until `voting_close_at`. Each start is included, each end excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    pub submissions_open_at: DateTime<Utc>,
    pub submissions_close_at: DateTime<Utc>,
    pub voting_close_at: DateTime<Utc>,
}

impl Windows {
    pub fn phase(&self, now: DateTime<Utc>) -> ContestPhase {
        if now < self.submissions_open_at {
            ContestPhase::Upcoming
        } else if now < self.submissions_close_at {
            ContestPhase::Submissions
        } else if now < self.voting_close_at {
            ContestPhase::Voting
        } else {
            ContestPhase::Closed
        }
    }
}

/// Shortest window: an hour (shorter ones are typing mistakes).
pub const MIN_WINDOW: Duration = Duration::hours(1);
/// Longest contest, submissions to the end of voting: a year.
pub const MAX_CONTEST_DAYS: i64 = 366;
/// Votes a voter may have at once, at most (the cap is the contest's, 1 to this).
pub const MAX_VOTES_PER_VOTER: u32 = 10;
/// Criteria of a jury, at most.
pub const MAX_CRITERIA: usize = 6;
/// Jurors, at most.
pub const MAX_JURORS: usize = 12;
/// Places of an audience, at most.
pub const MAX_PLACES: usize = 50;
/// Winners, at most.
pub const MAX_WINNERS: u32 = 3;
/// Tips one person may enter in one contest.
pub const ENTRIES_PER_PERSON: u32 = 3;
/// The jury's scale: each criterion scored from 1 to 10.
pub const SCORE_MIN: u8 = 1;
pub const SCORE_MAX: u8 = 10;

crate::bounded_text! {
    /// A contest's theme: 3–120 characters.
    pub struct ContestTitle(3, 120);
}

crate::bounded_text! {
    /// A contest's rules, plain text: up to 4,000 characters.
    pub struct ContestRules(0, 4000);
}

crate::bounded_text! {
    /// A jury criterion: 2–60 characters.
    pub struct CriterionName(2, 60);
}

/// A criterion the jury scores, with its weight (1–100, relative to the others).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CriterionRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub name: CriterionName,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub weight: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    pub name: String,
    pub weight: u32,
}

/// A contest as the training team writes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContestRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub title: ContestTitle,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub rules: ContestRules,
    pub mode: ContestMode,
    pub audience: AudienceKind,
    /// With `audience: regions`: the regions (1–50).
    #[serde(default)]
    pub regions: Vec<RegionId>,
    /// With `audience: sites`: the sites (1–50).
    #[serde(default)]
    pub sites: Vec<SiteId>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub submissions_open_at: DateTime<Utc>,
    /// Also when voting opens.
    #[serde(serialize_with = "crate::time_format::utc")]
    pub submissions_close_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub voting_close_at: DateTime<Utc>,
    /// Public and mixed modes: votes each voter may cast (1–10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10))]
    pub votes_per_voter: Option<u32>,
    /// Mixed mode: the public vote's share of the result in percent (1–99); the jury has
    /// the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub public_weight: Option<u32>,
    /// Jury and mixed modes: what jurors score (1–6 criteria).
    #[serde(default)]
    pub criteria: Vec<CriterionRequest>,
    /// Jury and mixed modes: the jurors (1–12 colleagues).
    #[serde(default)]
    pub jurors: Vec<UserId>,
    /// How many entries win (1–3, default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3))]
    pub winners: Option<u32>,
}

/// A contest's rules once checked: what is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContestSpec {
    pub title: String,
    pub rules: String,
    pub mode: ContestMode,
    pub audience: AudienceKind,
    /// The regions or sites of the audience (ids), empty for the organisation.
    pub places: Vec<String>,
    pub windows: Windows,
    /// 0 without a public vote.
    pub votes_per_voter: u32,
    /// The public vote's share in percent: 100 public, 0 jury, 1–99 mixed.
    pub public_weight: u32,
    pub criteria: Vec<Criterion>,
    pub jurors: Vec<UserId>,
    pub winners: u32,
}

fn check_instant(errors: &mut FieldErrors, field: &str, at: DateTime<Utc>) -> bool {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&at.year()) {
        errors.add(
            field,
            "out_of_range",
            format!("{field} must fall between {FIRST_YEAR} and {LAST_YEAR}"),
        );
        return false;
    }
    true
}

fn no_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items.iter().enumerate().all(|(i, a)| !items[..i].contains(a))
}

impl ContestRequest {
    /// Every rule of a contest's settings, each error naming its field.
    pub fn validate(&self) -> Result<ContestSpec, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check(self.title.check("title"));
        let rules = errors.check(self.rules.check("rules"));
        let places: Vec<String> = match self.audience {
            AudienceKind::Organisation => {
                for (field, given) in [("regions", !self.regions.is_empty()), ("sites", !self.sites.is_empty())] {
                    if given {
                        errors.add(field, "not_allowed", "the whole organisation takes no places");
                    }
                }
                Vec::new()
            }
            AudienceKind::Regions => {
                if !self.sites.is_empty() {
                    errors.add("sites", "not_allowed", "an audience of regions takes no sites");
                }
                self.regions.iter().map(|r| r.as_str().to_owned()).collect()
            }
            AudienceKind::Sites => {
                if !self.regions.is_empty() {
                    errors.add("regions", "not_allowed", "an audience of sites takes no regions");
                }
                self.sites.iter().map(|s| s.as_str().to_owned()).collect()
            }
        };
        if self.audience != AudienceKind::Organisation {
            let field = if self.audience == AudienceKind::Regions {
                "regions"
            } else {
                "sites"
            };
            if places.is_empty() || places.len() > MAX_PLACES {
                errors.add(field, "count", format!("name 1 to {MAX_PLACES} {field}"));
            } else if !no_duplicates(&places) {
                errors.add(field, "duplicate", format!("each of the {field} once"));
            }
        }
        let open = check_instant(&mut errors, "submissions_open_at", self.submissions_open_at);
        let close = check_instant(&mut errors, "submissions_close_at", self.submissions_close_at);
        let end = check_instant(&mut errors, "voting_close_at", self.voting_close_at);
        if open && close && self.submissions_close_at < self.submissions_open_at + MIN_WINDOW {
            errors.add(
                "submissions_close_at",
                "too_early",
                "submissions stay open at least an hour",
            );
        }
        if close && end && self.voting_close_at < self.submissions_close_at + MIN_WINDOW {
            errors.add("voting_close_at", "too_early", "voting stays open at least an hour");
        }
        if open && end && self.voting_close_at - self.submissions_open_at > Duration::days(MAX_CONTEST_DAYS) {
            errors.add("voting_close_at", "too_late", "a contest lasts at most a year");
        }
        let votes_per_voter = match (self.mode.has_public_vote(), self.votes_per_voter) {
            (true, Some(n)) if (1..=MAX_VOTES_PER_VOTER).contains(&n) => n,
            (true, Some(_)) | (true, None) => {
                errors.add(
                    "votes_per_voter",
                    "out_of_range",
                    format!("a public vote gives each voter 1 to {MAX_VOTES_PER_VOTER} votes"),
                );
                0
            }
            (false, Some(_)) => {
                errors.add("votes_per_voter", "not_allowed", "a jury contest has no public vote");
                0
            }
            (false, None) => 0,
        };
        let public_weight = match (self.mode, self.public_weight) {
            (ContestMode::Mixed, Some(w)) if (1..=99).contains(&w) => w,
            (ContestMode::Mixed, _) => {
                errors.add(
                    "public_weight",
                    "out_of_range",
                    "a mixed contest states the public's share, 1 to 99 percent",
                );
                50
            }
            (_, Some(_)) => {
                errors.add(
                    "public_weight",
                    "not_allowed",
                    "only a mixed contest weighs public and jury",
                );
                0
            }
            (ContestMode::Public, None) => 100,
            (ContestMode::Jury, None) => 0,
        };
        let mut criteria = Vec::new();
        if self.mode.has_jury() {
            if self.criteria.is_empty() || self.criteria.len() > MAX_CRITERIA {
                errors.add(
                    "criteria",
                    "count",
                    format!("a jury scores 1 to {MAX_CRITERIA} criteria"),
                );
            }
            for criterion in &self.criteria {
                let name = errors.check(criterion.name.check("criteria"));
                if !(1..=100).contains(&criterion.weight) {
                    errors.add("criteria", "weight", "each criterion weighs 1 to 100");
                }
                if let Some(name) = name {
                    criteria.push(Criterion {
                        name,
                        weight: criterion.weight,
                    });
                }
            }
            let lowered: Vec<String> = criteria.iter().map(|c| c.name.to_lowercase()).collect();
            if !no_duplicates(&lowered) {
                errors.add("criteria", "duplicate", "each criterion once");
            }
            if self.jurors.is_empty() || self.jurors.len() > MAX_JURORS {
                errors.add("jurors", "count", format!("a jury has 1 to {MAX_JURORS} jurors"));
            } else if !no_duplicates(&self.jurors) {
                errors.add("jurors", "duplicate", "each juror once");
            }
        } else {
            for (field, given) in [
                ("criteria", !self.criteria.is_empty()),
                ("jurors", !self.jurors.is_empty()),
            ] {
                if given {
                    errors.add(field, "not_allowed", "a public vote has no jury");
                }
            }
        }
        let winners = self.winners.unwrap_or(1);
        if !(1..=MAX_WINNERS).contains(&winners) {
            errors.add("winners", "out_of_range", format!("1 to {MAX_WINNERS} winners"));
        }
        errors.finish(|| ContestSpec {
            title: title.unwrap_or_default(),
            rules: rules.unwrap_or_default(),
            mode: self.mode,
            audience: self.audience,
            places,
            windows: Windows {
                submissions_open_at: self.submissions_open_at,
                submissions_close_at: self.submissions_close_at,
                voting_close_at: self.voting_close_at,
            },
            votes_per_voter,
            public_weight,
            criteria,
            jurors: if self.mode.has_jury() {
                self.jurors.clone()
            } else {
                Vec::new()
            },
            winners,
        })
    }
}

/// Where a person works, as the audience rule reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workplace {
    pub site: Option<String>,
    pub region: Option<String>,
}

/// Whether someone working at `place` belongs to the audience. People without a site are
/// only in an organisation-wide audience.
pub fn in_audience(audience: AudienceKind, places: &[String], place: &Workplace) -> bool {
    let among = |id: &Option<String>| id.as_ref().is_some_and(|id| places.contains(id));
    match audience {
        AudienceKind::Organisation => true,
        AudienceKind::Regions => among(&place.region),
        AudienceKind::Sites => among(&place.site),
    }
}

/// A refusal of the contest rules: a stable code and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub detail: &'static str,
}

const fn refusal(code: &'static str, detail: &'static str) -> Refusal {
    Refusal { code, detail }
}

pub const NOT_ELIGIBLE: Refusal = refusal("not_eligible", "you are not in this contest's audience");
pub const NOT_SUBMITTING: Refusal = refusal(
    "not_submitting",
    "the contest takes entries only in its submission window",
);
pub const NOT_VOTING: Refusal = refusal("not_voting", "votes and scores are taken only in the voting window");
pub const NO_PUBLIC_VOTE: Refusal = refusal("no_public_vote", "this contest is decided by its jury");
pub const OWN_ENTRY: Refusal = refusal("own_entry", "no vote or score for one's own entry");
pub const VOTE_CAP: Refusal = refusal(
    "vote_cap_reached",
    "you cast every vote this contest gives; take one back first",
);
pub const ENTRY_CAP: Refusal = refusal("entry_cap_reached", "you entered as many tips as a contest takes");
pub const NOT_JUROR: Refusal = refusal("not_juror", "only the contest's jurors score entries");
pub const JUROR_ENTRY: Refusal = refusal("juror_entry", "jurors do not enter the contest they judge");

/// Whether a voter may add a vote for an entry (a vote already cast is not counted twice:
/// voting again for the same entry changes nothing).
pub fn vote_refusal(
    mode: ContestMode,
    phase: ContestPhase,
    eligible: bool,
    own_entry: bool,
    votes_cast: u32,
    cap: u32,
) -> Option<Refusal> {
    if !mode.has_public_vote() {
        Some(NO_PUBLIC_VOTE)
    } else if phase != ContestPhase::Voting {
        Some(NOT_VOTING)
    } else if !eligible {
        Some(NOT_ELIGIBLE)
    } else if own_entry {
        Some(OWN_ENTRY)
    } else if votes_cast >= cap {
        Some(VOTE_CAP)
    } else {
        None
    }
}

/// Whether a person may enter one more tip. Jurors do not compete in what they judge.
pub fn entry_refusal(phase: ContestPhase, eligible: bool, is_juror: bool, entries_so_far: u32) -> Option<Refusal> {
    if phase != ContestPhase::Submissions {
        Some(NOT_SUBMITTING)
    } else if !eligible {
        Some(NOT_ELIGIBLE)
    } else if is_juror {
        Some(JUROR_ENTRY)
    } else if entries_so_far >= ENTRIES_PER_PERSON {
        Some(ENTRY_CAP)
    } else {
        None
    }
}

/// Whether a juror may score an entry now.
pub fn score_refusal(phase: ContestPhase, is_juror: bool, own_entry: bool) -> Option<Refusal> {
    if !is_juror {
        Some(NOT_JUROR)
    } else if phase != ContestPhase::Voting {
        Some(NOT_VOTING)
    } else if own_entry {
        Some(OWN_ENTRY)
    } else {
        None
    }
}

/// A juror's scores for an entry: one per criterion, in the criteria's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// Each from 1 to 10.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 6))]
    pub scores: Vec<u8>,
}

impl ScoreRequest {
    pub fn check(&self, criteria: usize) -> Result<(), FieldError> {
        if self.scores.len() != criteria {
            return Err(FieldError::new(
                "scores",
                "count",
                format!("one score for each of the {criteria} criteria"),
            ));
        }
        if self.scores.iter().any(|s| !(SCORE_MIN..=SCORE_MAX).contains(s)) {
            return Err(FieldError::new(
                "scores",
                "out_of_range",
                format!("each score is from {SCORE_MIN} to {SCORE_MAX}"),
            ));
        }
        Ok(())
    }
}

/// What the tally reads of one entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntryFacts {
    pub votes: u32,
    /// Each juror's scores (one per criterion) for this entry.
    pub jury: Vec<Vec<u8>>,
}

/// One entry's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    /// Index of the entry in what `tally` was given.
    pub entry: usize,
    /// 1 for the best; entries tied on every rule share a rank.
    pub rank: u32,
    pub votes: u32,
    /// The jurors' mean weighted score on the 1–10 scale; None without jury or scores.
    pub jury_score: Option<f64>,
    /// The result out of 100.
    pub total: f64,
    pub winner: bool,
}

/// The jurors' mean of their weighted scores, on the 1–10 scale (jurors who did not score
/// the entry are left out of its mean).
pub fn jury_score(criteria: &[Criterion], scores: &[Vec<u8>]) -> Option<f64> {
    let weights: u32 = criteria.iter().map(|c| c.weight).sum();
    let per_juror: Vec<f64> = scores
        .iter()
        .filter(|s| s.len() == criteria.len() && weights > 0)
        .map(|s| {
            let sum: u32 = s.iter().zip(criteria).map(|(v, c)| u32::from(*v) * c.weight).sum();
            f64::from(sum) / f64::from(weights)
        })
        .collect();
    (!per_juror.is_empty()).then(|| per_juror.iter().sum::<f64>() / per_juror.len() as f64)
}

/// Rounded to the millionth: closer totals are equal (floating sums must not break ties).
fn millionths(x: f64) -> i64 {
    (x * 1_000_000.0).round() as i64
}

/// The results. Each entry's total, out of 100, is the public share times its votes over
/// the most votes any entry got, plus the jury share times its jury score over 10.
///
/// The tie rule: equal totals are separated by the higher jury score, then by more votes;
/// entries equal on all three are tied — they share the rank, and both win if that rank
/// wins. The order within a tie is the order given (entered first, first).
pub fn tally(
    mode: ContestMode,
    public_weight: u32,
    criteria: &[Criterion],
    entries: &[EntryFacts],
    winners: u32,
) -> Vec<Tally> {
    let public = if mode.has_public_vote() {
        f64::from(public_weight.min(100))
    } else {
        0.0
    };
    let jury = 100.0 - public;
    let most_votes = entries.iter().map(|e| e.votes).max().unwrap_or(0);
    let mut lines: Vec<Tally> = entries
        .iter()
        .enumerate()
        .map(|(index, facts)| {
            let score = if mode.has_jury() {
                jury_score(criteria, &facts.jury)
            } else {
                None
            };
            let vote_part = if most_votes > 0 {
                f64::from(facts.votes) / f64::from(most_votes)
            } else {
                0.0
            };
            let jury_part = score.map_or(0.0, |s| s / f64::from(SCORE_MAX));
            Tally {
                entry: index,
                rank: 0,
                votes: facts.votes,
                jury_score: score,
                total: public * vote_part + jury * jury_part,
                winner: false,
            }
        })
        .collect();
    let key = |t: &Tally| (millionths(t.total), millionths(t.jury_score.unwrap_or(0.0)), t.votes);
    lines.sort_by(|a, b| key(b).cmp(&key(a)).then(a.entry.cmp(&b.entry)));
    for index in 0..lines.len() {
        lines[index].rank = if index > 0 && key(&lines[index - 1]) == key(&lines[index]) {
            lines[index - 1].rank
        } else {
            index as u32 + 1
        };
        // Nothing wins a contest nobody voted in or scored.
        lines[index].winner = lines[index].rank <= winners && lines[index].total > 0.0;
    }
    lines
}

/// A contest as everyone sees it, with what the caller may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contest {
    pub id: ContestId,
    pub title: String,
    pub rules: String,
    pub mode: ContestMode,
    pub audience: AudienceKind,
    /// The audience's regions or sites, by name.
    pub places: Vec<AudiencePlace>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub submissions_open_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub submissions_close_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub voting_close_at: DateTime<Utc>,
    pub votes_per_voter: u32,
    /// The public vote's share of the result in percent (100 public, 0 jury).
    pub public_weight: u32,
    pub criteria: Vec<Criterion>,
    pub jurors: Vec<PersonRef>,
    pub winners: u32,
    pub phase: ContestPhase,
    pub entries: u32,
    /// Whether the caller is in the audience (may enter and vote).
    pub eligible: bool,
    pub is_juror: bool,
    /// Votes the caller has cast in this contest.
    pub my_votes: u32,
    /// Whether the caller may edit it (the training team).
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AudiencePlace {
    pub id: String,
    pub name: String,
}

/// Query of the contest list.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ContestListQuery {
    /// Only contests in this phase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<ContestPhase>,
}

/// Entering a tip: one's own, published.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EntryRequest {
    pub tip: TipId,
}

/// An entry, as the contest page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    pub id: EntryId,
    pub tip: TipSummary,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub entered_at: DateTime<Utc>,
    /// Whether the caller voted for it.
    pub my_vote: bool,
    /// The caller's scores, when they are a juror who scored it.
    pub my_scores: Option<Vec<u8>>,
    /// Votes received: shown once the contest is closed, so that no one votes for the
    /// entry already ahead.
    pub votes: Option<u32>,
    /// Whether the caller may withdraw it (its author, or the training team, during
    /// submissions).
    pub can_withdraw: bool,
}

/// A vote's effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteState {
    /// Whether the caller's vote is on the entry now.
    pub voted: bool,
    /// Votes the caller has cast in the contest.
    pub my_votes: u32,
    pub votes_per_voter: u32,
}

/// One line of the results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultLine {
    pub rank: u32,
    pub entry_id: EntryId,
    pub tip_id: TipId,
    pub tip_title: String,
    pub author: PersonRef,
    pub votes: u32,
    /// The jurors' mean weighted score, 1–10.
    pub jury_score: Option<f64>,
    /// Out of 100.
    pub total: f64,
    pub winner: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContestResults {
    pub contest_id: ContestId,
    pub items: Vec<ResultLine>,
}

pub mod endpoints {
    //! The contests context's endpoints, shared by the web app's client and the server's tests.
    use super::{
        Contest, ContestListQuery, ContestRequest, ContestResults, Entry, EntryRequest, ScoreRequest, VoteState,
    };
    use crate::endpoints::{Endpoint, Method, NoContent, Nothing, Route};

    pub const LIST: Endpoint<Nothing, Vec<Contest>, ContestListQuery> = Endpoint::new(Method::Get, "/contests");
    pub const CREATE: Endpoint<ContestRequest, Contest> = Endpoint::new(Method::Post, "/contests");
    pub const GET: Endpoint<Nothing, Contest> = Endpoint::new(Method::Get, "/contests/{id}");
    pub const UPDATE: Endpoint<ContestRequest, Contest> = Endpoint::new(Method::Put, "/contests/{id}");
    pub const DELETE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/contests/{id}");
    pub const ENTRIES: Endpoint<Nothing, Vec<Entry>> = Endpoint::new(Method::Get, "/contests/{id}/entries");
    pub const ENTRY: Endpoint<Nothing, Entry> = Endpoint::new(Method::Get, "/contests/{id}/entries/{entry_id}");
    pub const ENTER: Endpoint<EntryRequest, Entry> = Endpoint::new(Method::Post, "/contests/{id}/entries");
    pub const WITHDRAW: Endpoint<Nothing, NoContent> =
        Endpoint::new(Method::Delete, "/contests/{id}/entries/{entry_id}");
    pub const VOTE: Endpoint<Nothing, VoteState> = Endpoint::new(Method::Put, "/contests/{id}/entries/{entry_id}/vote");
    pub const UNVOTE: Endpoint<Nothing, VoteState> =
        Endpoint::new(Method::Delete, "/contests/{id}/entries/{entry_id}/vote");
    pub const SCORE: Endpoint<ScoreRequest, Entry> =
        Endpoint::new(Method::Put, "/contests/{id}/entries/{entry_id}/scores");
    pub const RESULTS: Endpoint<Nothing, ContestResults> = Endpoint::new(Method::Get, "/contests/{id}/results");

    pub fn routes() -> Vec<Route> {
        vec![
            LIST.route(),
            CREATE.route(),
            GET.route(),
            UPDATE.route(),
            DELETE.route(),
            ENTRIES.route(),
            ENTER.route(),
            ENTRY.route(),
            WITHDRAW.route(),
            VOTE.route(),
            UNVOTE.route(),
            SCORE.route(),
            RESULTS.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("date")
    }

    fn request(mode: ContestMode) -> ContestRequest {
        ContestRequest {
            title: "Le meilleur conseil caisse".into(),
            rules: "Un conseil par personne.".into(),
            mode,
            audience: AudienceKind::Organisation,
            regions: Vec::new(),
            sites: Vec::new(),
            submissions_open_at: at("2026-12-01T08:00:00Z"),
            submissions_close_at: at("2026-12-10T08:00:00Z"),
            voting_close_at: at("2026-12-17T08:00:00Z"),
            votes_per_voter: mode.has_public_vote().then_some(3),
            public_weight: (mode == ContestMode::Mixed).then_some(40),
            criteria: if mode.has_jury() {
                vec![
                    CriterionRequest {
                        name: "Utilité".into(),
                        weight: 2,
                    },
                    CriterionRequest {
                        name: "Clarté".into(),
                        weight: 1,
                    },
                ]
            } else {
                Vec::new()
            },
            jurors: if mode.has_jury() {
                vec![UserId::new("jury-1")]
            } else {
                Vec::new()
            },
            winners: None,
        }
    }

    fn fields(result: Result<ContestSpec, Vec<FieldError>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn windows_follow_the_clock_start_included_end_excluded() {
        let spec = request(ContestMode::Public).validate().expect("valid");
        let w = spec.windows;
        assert_eq!(w.phase(at("2026-12-01T07:59:59Z")), ContestPhase::Upcoming);
        assert_eq!(w.phase(at("2026-12-01T08:00:00Z")), ContestPhase::Submissions);
        assert_eq!(w.phase(at("2026-12-10T08:00:00Z")), ContestPhase::Voting);
        assert_eq!(w.phase(at("2026-12-17T07:59:59Z")), ContestPhase::Voting);
        assert_eq!(w.phase(at("2026-12-17T08:00:00Z")), ContestPhase::Closed);
        assert_eq!(spec.public_weight, 100);
        assert_eq!(spec.winners, 1);
        assert_eq!(request(ContestMode::Jury).validate().expect("valid").public_weight, 0);
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        let mut bad = request(ContestMode::Public);
        bad.submissions_close_at = at("2026-12-01T08:30:00Z");
        bad.voting_close_at = at("2026-11-01T08:00:00Z");
        bad.votes_per_voter = Some(11);
        bad.jurors = vec![UserId::new("x")];
        bad.winners = Some(4);
        assert_eq!(
            fields(bad.validate()),
            vec![
                "submissions_close_at",
                "voting_close_at",
                "votes_per_voter",
                "jurors",
                "winners"
            ]
        );
        let mut jury = request(ContestMode::Jury);
        jury.votes_per_voter = Some(2);
        jury.criteria.push(CriterionRequest {
            name: "utilité".into(),
            weight: 0,
        });
        jury.jurors = vec![UserId::new("a"), UserId::new("a")];
        assert_eq!(
            fields(jury.validate()),
            vec!["votes_per_voter", "criteria", "criteria", "jurors"]
        );
        let mut mixed = request(ContestMode::Mixed);
        mixed.public_weight = Some(100);
        mixed.audience = AudienceKind::Sites;
        mixed.regions = vec![RegionId::new("r")];
        assert_eq!(fields(mixed.validate()), vec!["regions", "sites", "public_weight"]);
        let mut far = request(ContestMode::Public);
        far.voting_close_at = at("2101-01-01T00:00:00Z");
        assert_eq!(fields(far.validate()), vec!["voting_close_at"]);
    }

    #[test]
    fn the_audience_is_the_organisation_its_regions_or_its_sites() {
        let place = Workplace {
            site: Some("s1".into()),
            region: Some("r1".into()),
        };
        let nowhere = Workplace::default();
        assert!(in_audience(AudienceKind::Organisation, &[], &nowhere));
        assert!(in_audience(AudienceKind::Regions, &["r1".into()], &place));
        assert!(!in_audience(AudienceKind::Regions, &["r2".into()], &place));
        assert!(in_audience(AudienceKind::Sites, &["s1".into()], &place));
        assert!(!in_audience(AudienceKind::Sites, &["s1".into()], &nowhere));
    }

    #[test]
    fn anti_gaming_rules_refuse_with_their_reason() {
        use ContestMode::*;
        use ContestPhase::*;
        assert_eq!(vote_refusal(Public, Voting, true, false, 0, 3), None);
        assert_eq!(vote_refusal(Public, Voting, true, true, 0, 3), Some(OWN_ENTRY));
        assert_eq!(vote_refusal(Public, Voting, true, false, 3, 3), Some(VOTE_CAP));
        assert_eq!(vote_refusal(Public, Submissions, true, false, 0, 3), Some(NOT_VOTING));
        assert_eq!(vote_refusal(Public, Closed, true, false, 0, 3), Some(NOT_VOTING));
        assert_eq!(vote_refusal(Mixed, Voting, false, false, 0, 3), Some(NOT_ELIGIBLE));
        assert_eq!(vote_refusal(Jury, Voting, true, false, 0, 0), Some(NO_PUBLIC_VOTE));
        assert_eq!(entry_refusal(Submissions, true, false, 2), None);
        assert_eq!(entry_refusal(Submissions, true, false, 3), Some(ENTRY_CAP));
        assert_eq!(entry_refusal(Voting, true, false, 0), Some(NOT_SUBMITTING));
        assert_eq!(entry_refusal(Submissions, false, false, 0), Some(NOT_ELIGIBLE));
        assert_eq!(entry_refusal(Submissions, true, true, 0), Some(JUROR_ENTRY));
        assert_eq!(score_refusal(Voting, false, false), Some(NOT_JUROR));
        assert_eq!(score_refusal(Closed, true, false), Some(NOT_VOTING));
        assert_eq!(score_refusal(Voting, true, true), Some(OWN_ENTRY));
        assert_eq!(score_refusal(Voting, true, false), None);
        let scores = |s: Vec<u8>| ScoreRequest { scores: s }.check(2).map_err(|e| e.code);
        assert_eq!(scores(vec![1, 10]), Ok(()));
        assert_eq!(scores(vec![0, 5]), Err("out_of_range".into()));
        assert_eq!(scores(vec![11, 5]), Err("out_of_range".into()));
        assert_eq!(scores(vec![5]), Err("count".into()));
    }

    fn votes(n: u32) -> EntryFacts {
        EntryFacts {
            votes: n,
            jury: Vec::new(),
        }
    }

    #[test]
    fn a_public_tally_ranks_by_votes_and_ties_share_the_rank() {
        let lines = tally(
            ContestMode::Public,
            100,
            &[],
            &[votes(2), votes(5), votes(5), votes(0)],
            1,
        );
        let order: Vec<(usize, u32, bool)> = lines.iter().map(|t| (t.entry, t.rank, t.winner)).collect();
        assert_eq!(order, vec![(1, 1, true), (2, 1, true), (0, 3, false), (3, 4, false)]);
        assert!((lines[0].total - 100.0).abs() < 1e-9);
        assert!((lines[2].total - 40.0).abs() < 1e-9);
        // Nobody voted: nobody wins.
        assert!(tally(ContestMode::Public, 100, &[], &[votes(0), votes(0)], 1)
            .iter()
            .all(|t| !t.winner));
    }

    #[test]
    fn a_jury_tally_weighs_criteria_and_averages_jurors() {
        let criteria = vec![
            Criterion {
                name: "Utilité".into(),
                weight: 3,
            },
            Criterion {
                name: "Clarté".into(),
                weight: 1,
            },
        ];
        let entries = vec![
            EntryFacts {
                votes: 0,
                jury: vec![vec![8, 4], vec![6, 6]],
            }, // (28/4 + 24/4) / 2 = 6.5
            EntryFacts {
                votes: 0,
                jury: vec![vec![4, 10]],
            }, // 22/4 = 5.5
            EntryFacts {
                votes: 0,
                jury: Vec::new(),
            }, // unscored
        ];
        let lines = tally(ContestMode::Jury, 0, &criteria, &entries, 2);
        assert_eq!(lines[0].entry, 0);
        assert_eq!(lines[0].jury_score, Some(6.5));
        assert!((lines[0].total - 65.0).abs() < 1e-9);
        assert_eq!(lines[1].jury_score, Some(5.5));
        assert!(lines[1].winner, "two winners");
        assert_eq!((lines[2].jury_score, lines[2].winner), (None, false));
    }

    #[test]
    fn a_mixed_tally_weighs_public_and_jury_and_breaks_ties_by_the_jury_then_votes() {
        let criteria = vec![Criterion {
            name: "Utilité".into(),
            weight: 1,
        }];
        // 50/50: entry 0 = 50·(4/4) + 50·(5/10) = 75; entry 1 = 50·(2/4) + 50·(10/10) = 75.
        let entries = vec![
            EntryFacts {
                votes: 4,
                jury: vec![vec![5]],
            },
            EntryFacts {
                votes: 2,
                jury: vec![vec![10]],
            },
            EntryFacts {
                votes: 4,
                jury: vec![vec![5]],
            },
        ];
        let lines = tally(ContestMode::Mixed, 50, &criteria, &entries, 1);
        let order: Vec<(usize, u32, bool)> = lines.iter().map(|t| (t.entry, t.rank, t.winner)).collect();
        // Equal totals: the higher jury score first; 0 and 2 equal on everything share rank 2.
        assert_eq!(order, vec![(1, 1, true), (0, 2, false), (2, 2, false)]);
        // 30 % public: the jury decides more.
        let lines = tally(ContestMode::Mixed, 30, &criteria, &entries, 1);
        assert_eq!(lines[0].entry, 1);
        assert!((lines[0].total - (30.0 * 0.5 + 70.0)).abs() < 1e-9);
    }
}

//! Step 1 — Why: programmes (W1), needs (W2), objectives with computed metrics and pacing
//! (W3), and the programme dashboard (W4).

use crate::analytics::Reading;
use crate::errors::{FieldError, FieldErrors};
use crate::ids::{NeedId, ObjectiveId, ProgrammeId};
use crate::text::{Evidence, LongText, Retrospective, Title};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = Title::MAX;
pub const DESCRIPTION_MAX: usize = LongText::MAX;
pub const RETROSPECTIVE_MIN: usize = Retrospective::MIN;
pub const RETROSPECTIVE_MAX: usize = Retrospective::MAX;
/// A programme runs for at most five years: longer periods are typing mistakes.
pub const MAX_PERIOD_DAYS: i64 = 5 * 366;

/// Dates a programme may use: years 2000 to 2100. Earlier or later ones are typing mistakes
/// (and PostgreSQL refuses years before 4713 BC).
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;
/// The date rule as a regex, stated in the OpenAPI document beside `format: date`.
pub const DATE_PATTERN: &str = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// Reads a date written exactly `YYYY-MM-DD`, as the contract's pattern says. chrono's own
/// reading is lenient (it takes `2026-1-5` and a leading `+`), so a client could send what the
/// spec forbids and be understood differently by another server.
pub fn strict_date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| serde::de::Error::custom("expected a calendar date written YYYY-MM-DD"))
}

fn check_date(errors: &mut FieldErrors, field: &str, date: NaiveDate) {
    use chrono::Datelike;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        errors.add(
            field,
            "out_of_range",
            format!("{field} must fall between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"),
        );
    }
}

crate::stored_enum! {
    /// Why the programme exists.
    pub enum ProgrammeContext {
        EngagementDeficit = "engagement_deficit",
        ToolLaunch = "tool_launch",
        SkillsGap = "skills_gap",
        Onboarding = "onboarding",
        Other = "other",
    }
}

/// Who the programme is for. Regions and sites arrive with the directory (C1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgrammeScope {
    /// The whole organisation.
    Organisation,
}

crate::stored_enum! {
    /// Where a programme is in its life.
    pub enum ProgrammeStatus {
        Draft = "draft",
        Active = "active",
        Closed = "closed",
    }
}

impl ProgrammeStatus {
    /// Closed programmes are a record: nothing in them changes any more.
    pub fn is_editable(self) -> bool {
        self != ProgrammeStatus::Closed
    }
}

/// Why a lifecycle step was refused; each is a 409 with this code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// Activate needs a draft, close needs an active programme.
    InvalidTransition { from: ProgrammeStatus, to: ProgrammeStatus },
    /// A programme without objectives cannot be measured, so it cannot start.
    NoObjectives,
}

impl TransitionError {
    pub fn code(self) -> &'static str {
        match self {
            TransitionError::InvalidTransition { .. } => "invalid_transition",
            TransitionError::NoObjectives => "programme_has_no_objectives",
        }
    }
    pub fn message(self) -> String {
        match self {
            TransitionError::InvalidTransition { from, to } => {
                format!("a {} programme cannot become {}", from.as_str(), to.as_str())
            }
            TransitionError::NoObjectives => "add at least one objective before activating the programme".to_owned(),
        }
    }
}

/// draft → active, once it has objectives (their baselines are then captured).
pub fn activate(current: ProgrammeStatus, objective_count: usize) -> Result<ProgrammeStatus, TransitionError> {
    if current != ProgrammeStatus::Draft {
        return Err(TransitionError::InvalidTransition {
            from: current,
            to: ProgrammeStatus::Active,
        });
    }
    if objective_count == 0 {
        return Err(TransitionError::NoObjectives);
    }
    Ok(ProgrammeStatus::Active)
}

/// active → closed; the retrospective is checked by `CloseProgrammeRequest::validate`.
pub fn close(current: ProgrammeStatus) -> Result<ProgrammeStatus, TransitionError> {
    if current != ProgrammeStatus::Active {
        return Err(TransitionError::InvalidTransition {
            from: current,
            to: ProgrammeStatus::Closed,
        });
    }
    Ok(ProgrammeStatus::Closed)
}

crate::stored_enum! {
    /// How pressing a need is.
    pub enum NeedPriority {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

/// The unit a metric is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MetricUnit {
    /// 0–100.
    Percent,
    /// A number of things over the window.
    Count,
}

crate::stored_enum! {
    /// The catalogue of metrics the platform computes itself (W3). Objectives pick one;
    /// progress is never typed in.
    pub enum Metric {
        /// Share of active learners with any activity in the last 30 days.
        ActiveLearnerRate = "active_learner_rate",
        /// Share of learners who took part in a community in the last 30 days.
        CommunityParticipation = "community_participation",
        /// Tips published in the last 30 days.
        TipsPublished = "tips_published",
        /// Share of last 30 days' questions answered within 48 hours.
        QuestionsAnsweredWithin48h = "questions_answered_within_48h",
        /// Share of quiz attempts passed in the last 30 days.
        QuizSuccessRate = "quiz_success_rate",
        /// Share of challenge participants who completed it.
        ChallengeCompletion = "challenge_completion",
        /// Share of sites with enough ambassadors.
        SiteCoverage = "site_coverage",
        /// Training module completions reported in the last 30 days.
        ModuleCompletions = "module_completions",
    }
}

impl Metric {
    /// The window over which activity counts: the 30 calendar days (UTC) ending today.
    pub const WINDOW_DAYS: i64 = 30;

    /// The first day of the window that ends on `today`.
    pub fn window_start(today: NaiveDate) -> NaiveDate {
        today - chrono::Duration::days(Self::WINDOW_DAYS - 1)
    }

    pub fn unit(self) -> MetricUnit {
        match self {
            Metric::TipsPublished | Metric::ModuleCompletions => MetricUnit::Count,
            _ => MetricUnit::Percent,
        }
    }
    /// Whether the platform already records the data this metric needs; the others say
    /// "no data yet" until their step lands.
    pub fn has_data_source(self) -> bool {
        matches!(self, Metric::ActiveLearnerRate)
    }
}

/// The part of a programme that admins type in.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgrammeRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub title: Title,
    pub context: ProgrammeContext,
    #[cfg_attr(feature = "openapi", schema(inline))]
    #[serde(default)]
    pub description: LongText,
    #[serde(deserialize_with = "strict_date")]
    pub starts_on: NaiveDate,
    #[serde(deserialize_with = "strict_date")]
    pub ends_on: NaiveDate,
}

/// A checked `ProgrammeRequest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeFields {
    pub title: String,
    pub context: ProgrammeContext,
    pub description: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl ProgrammeRequest {
    pub fn validate(&self) -> Result<ProgrammeFields, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check(self.title.check("title"));
        let description = errors.check(self.description.check("description"));
        check_date(&mut errors, "starts_on", self.starts_on);
        check_date(&mut errors, "ends_on", self.ends_on);
        let period_days = (self.ends_on - self.starts_on).num_days();
        if errors.fields_contain("starts_on") || errors.fields_contain("ends_on") {
            // A date out of bounds already says what is wrong with the period.
        } else if period_days <= 0 {
            errors.add("ends_on", "before_start", "ends_on must be after starts_on");
        } else if period_days > MAX_PERIOD_DAYS {
            errors.add("ends_on", "period_too_long", "a programme runs for at most five years");
        }
        match (title, description) {
            (Some(title), Some(description)) if errors.is_empty() => Ok(ProgrammeFields {
                title,
                context: self.context,
                description,
                starts_on: self.starts_on,
                ends_on: self.ends_on,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Closing a programme asks what was learnt.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseProgrammeRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub retrospective: Retrospective,
}

impl CloseProgrammeRequest {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        self.retrospective.check("retrospective").map_err(|e| vec![e])
    }
}

/// A programme as the API shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Programme {
    pub id: ProgrammeId,
    pub title: String,
    pub context: ProgrammeContext,
    pub description: String,
    pub scope: ProgrammeScope,
    #[serde(serialize_with = "crate::time_format::date")]
    pub starts_on: NaiveDate,
    #[serde(serialize_with = "crate::time_format::date")]
    pub ends_on: NaiveDate,
    pub status: ProgrammeStatus,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub activated_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub closed_at: Option<DateTime<Utc>>,
    pub retrospective: Option<String>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub updated_at: DateTime<Utc>,
}

/// A need (W2).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NeedRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub title: Title,
    #[cfg_attr(feature = "openapi", schema(inline))]
    #[serde(default)]
    pub evidence: Evidence,
    pub priority: NeedPriority,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedFields {
    pub title: String,
    pub evidence: String,
    pub priority: NeedPriority,
}

impl NeedRequest {
    pub fn validate(&self) -> Result<NeedFields, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check(self.title.check("title"));
        let evidence = errors.check(self.evidence.check("evidence"));
        match (title, evidence) {
            (Some(title), Some(evidence)) => Ok(NeedFields {
                title,
                evidence,
                priority: self.priority,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Need {
    pub id: NeedId,
    pub programme_id: ProgrammeId,
    pub title: String,
    pub evidence: String,
    pub priority: NeedPriority,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

/// An objective (W3): a metric from the catalogue, a target and a due date.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ObjectiveRequest {
    /// The need this objective answers; one of the programme's needs.
    #[cfg_attr(feature = "openapi", schema(value_type = String, max_length = 36))]
    pub need_id: NeedId,
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub title: Title,
    pub metric: Metric,
    /// The value to reach: 0–100 for percentages, a positive count otherwise.
    #[cfg_attr(feature = "openapi", schema(exclusive_minimum = 0, maximum = 1_000_000_000))]
    pub target: f64,
    /// Within the programme's period.
    #[serde(deserialize_with = "strict_date")]
    pub due_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveFields {
    pub need_id: NeedId,
    pub title: String,
    pub metric: Metric,
    pub target: f64,
    pub due_on: NaiveDate,
}

impl ObjectiveRequest {
    /// Checks the objective against the programme's period.
    pub fn validate(&self, starts_on: NaiveDate, ends_on: NaiveDate) -> Result<ObjectiveFields, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check(self.title.check("title"));
        let target_ok = self.target.is_finite()
            && match self.metric.unit() {
                MetricUnit::Percent => self.target > 0.0 && self.target <= 100.0,
                MetricUnit::Count => self.target >= 1.0 && self.target <= 1_000_000_000.0,
            };
        if !target_ok {
            let message = match self.metric.unit() {
                MetricUnit::Percent => "target must be a percentage above 0 and at most 100",
                MetricUnit::Count => "target must be a count of at least 1",
            };
            errors.add("target", "out_of_range", message);
        }
        check_date(&mut errors, "due_on", self.due_on);
        if !errors.fields_contain("due_on") && (self.due_on <= starts_on || self.due_on > ends_on) {
            errors.add(
                "due_on",
                "outside_programme_period",
                "due_on must fall after the programme starts and by its end",
            );
        }
        match title {
            Some(title) if errors.is_empty() => Ok(ObjectiveFields {
                need_id: self.need_id.clone(),
                title,
                metric: self.metric,
                target: self.target,
                due_on: self.due_on,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Objective {
    pub id: ObjectiveId,
    pub programme_id: ProgrammeId,
    pub need_id: NeedId,
    pub title: String,
    pub metric: Metric,
    pub target: f64,
    #[serde(serialize_with = "crate::time_format::date")]
    pub due_on: NaiveDate,
    /// The metric's value when the programme was activated; absent before, or when the
    /// metric had no data or was suppressed then.
    pub baseline: Option<f64>,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub baseline_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

/// A programme with its needs and objectives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeDetail {
    pub programme: Programme,
    pub needs: Vec<Need>,
    pub objectives: Vec<Objective>,
}

/// Pacing verdict of an objective against its due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PacingStatus {
    OnTrack,
    AtRisk,
    OffTrack,
}

/// How far an objective has come and how far it should have.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pacing {
    /// Share of the way from baseline to target, 0–1.
    pub progress: f64,
    /// Share of the time from activation to due date already elapsed, 0–1.
    pub expected: f64,
    pub status: PacingStatus,
    /// The target is reached.
    pub achieved: bool,
}

/// Slack before an objective counts as behind: progress may trail the calendar by this much.
pub const ON_TRACK_SLACK: f64 = 0.10;
/// Beyond this lag an objective is off track.
pub const AT_RISK_SLACK: f64 = 0.25;

/// Compares progress from baseline to target with the time elapsed from `started_at` to the
/// end of `due_on`. Every metric is "higher is better".
pub fn pacing(
    baseline: f64,
    target: f64,
    current: f64,
    started_at: DateTime<Utc>,
    due_on: NaiveDate,
    now: DateTime<Utc>,
) -> Pacing {
    let achieved = current >= target;
    let progress = if achieved {
        1.0
    } else if target <= baseline {
        0.0
    } else {
        ((current - baseline) / (target - baseline)).clamp(0.0, 1.0)
    };
    let due_at = due_on
        .and_hms_opt(23, 59, 59)
        .map(|d| d.and_utc())
        .unwrap_or(started_at);
    let total = (due_at - started_at).num_seconds();
    let elapsed = (now - started_at).num_seconds();
    let expected = if total <= 0 {
        1.0
    } else {
        (elapsed as f64 / total as f64).clamp(0.0, 1.0)
    };
    let status = if achieved {
        PacingStatus::OnTrack
    } else if now > due_at {
        PacingStatus::OffTrack
    } else if progress >= expected - ON_TRACK_SLACK {
        PacingStatus::OnTrack
    } else if progress >= expected - AT_RISK_SLACK {
        PacingStatus::AtRisk
    } else {
        PacingStatus::OffTrack
    };
    Pacing {
        progress,
        expected,
        status,
        achieved,
    }
}

/// One objective on the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectiveProgress {
    pub objective: Objective,
    pub unit: MetricUnit,
    /// The metric now.
    pub current: Reading,
    /// Absent until the programme is active and both baseline and current are known.
    pub pacing: Option<Pacing>,
    /// The metric's daily values since activation, oldest first (days without a value are
    /// absent): the trend line.
    #[serde(default)]
    pub trend: Vec<TrendPoint>,
}

/// The metric's value on a day.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    #[serde(serialize_with = "crate::time_format::date")]
    pub day: NaiveDate,
    pub value: f64,
}

/// The programme dashboard (W4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeDashboard {
    pub programme: Programme,
    pub objectives: Vec<ObjectiveProgress>,
    /// Learners with an active account.
    pub learners: Reading,
    /// Ambassadors with an active account.
    pub ambassadors: Reading,
    /// Ambassadors with any activity in the last 30 days.
    pub active_ambassadors: Reading,
    /// Site coverage by ambassadors (C5); no data until the directory lands.
    pub coverage: Reading,
    /// The k below which figures over people are hidden.
    pub k: u32,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub computed_at: DateTime<Utc>,
}

/// Query of the programme list.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProgrammeListQuery {
    /// Only programmes in this status.
    pub status: Option<ProgrammeStatus>,
    /// Page size, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    pub cursor: Option<String>,
}

/// The programmes context's endpoints.
pub mod endpoints {
    use super::{
        CloseProgrammeRequest, Need, NeedRequest, Objective, ObjectiveRequest, Programme, ProgrammeDashboard,
        ProgrammeDetail, ProgrammeListQuery, ProgrammeRequest,
    };
    use crate::endpoints::{Endpoint, Method, NoContent, Nothing, Route};
    use crate::pagination::Page;

    pub const LIST: Endpoint<Nothing, Page<Programme>, ProgrammeListQuery> = Endpoint::new(Method::Get, "/programmes");
    pub const CREATE: Endpoint<ProgrammeRequest, ProgrammeDetail> = Endpoint::new(Method::Post, "/programmes");
    pub const GET: Endpoint<Nothing, ProgrammeDetail> = Endpoint::new(Method::Get, "/programmes/{id}");
    pub const UPDATE: Endpoint<ProgrammeRequest, ProgrammeDetail> = Endpoint::new(Method::Put, "/programmes/{id}");
    pub const DELETE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/programmes/{id}");
    pub const ACTIVATE: Endpoint<Nothing, ProgrammeDetail> = Endpoint::new(Method::Post, "/programmes/{id}/activate");
    pub const CLOSE: Endpoint<CloseProgrammeRequest, ProgrammeDetail> =
        Endpoint::new(Method::Post, "/programmes/{id}/close");
    pub const DASHBOARD: Endpoint<Nothing, ProgrammeDashboard> =
        Endpoint::new(Method::Get, "/programmes/{id}/dashboard");
    pub const CREATE_NEED: Endpoint<NeedRequest, Need> = Endpoint::new(Method::Post, "/programmes/{id}/needs");
    pub const GET_NEED: Endpoint<Nothing, Need> = Endpoint::new(Method::Get, "/programmes/{id}/needs/{need_id}");
    pub const UPDATE_NEED: Endpoint<NeedRequest, Need> = Endpoint::new(Method::Put, "/programmes/{id}/needs/{need_id}");
    pub const DELETE_NEED: Endpoint<Nothing, NoContent> =
        Endpoint::new(Method::Delete, "/programmes/{id}/needs/{need_id}");
    pub const CREATE_OBJECTIVE: Endpoint<ObjectiveRequest, Objective> =
        Endpoint::new(Method::Post, "/programmes/{id}/objectives");
    pub const GET_OBJECTIVE: Endpoint<Nothing, Objective> =
        Endpoint::new(Method::Get, "/programmes/{id}/objectives/{objective_id}");
    pub const UPDATE_OBJECTIVE: Endpoint<ObjectiveRequest, Objective> =
        Endpoint::new(Method::Put, "/programmes/{id}/objectives/{objective_id}");
    pub const DELETE_OBJECTIVE: Endpoint<Nothing, NoContent> =
        Endpoint::new(Method::Delete, "/programmes/{id}/objectives/{objective_id}");

    pub fn routes() -> Vec<Route> {
        vec![
            LIST.route(),
            CREATE.route(),
            GET.route(),
            UPDATE.route(),
            DELETE.route(),
            ACTIVATE.route(),
            CLOSE.route(),
            DASHBOARD.route(),
            CREATE_NEED.route(),
            GET_NEED.route(),
            UPDATE_NEED.route(),
            DELETE_NEED.route(),
            CREATE_OBJECTIVE.route(),
            GET_OBJECTIVE.route(),
            UPDATE_OBJECTIVE.route(),
            DELETE_OBJECTIVE.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }
    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().expect("valid time")
    }

    #[test]
    fn lifecycle_moves_only_forward() {
        use ProgrammeStatus::*;
        assert_eq!(activate(Draft, 1), Ok(Active));
        assert_eq!(activate(Draft, 0), Err(TransitionError::NoObjectives));
        assert_eq!(
            activate(Active, 1),
            Err(TransitionError::InvalidTransition {
                from: Active,
                to: Active
            })
        );
        assert_eq!(
            activate(Closed, 1),
            Err(TransitionError::InvalidTransition {
                from: Closed,
                to: Active
            })
        );
        assert_eq!(close(Active), Ok(Closed));
        assert_eq!(
            close(Draft),
            Err(TransitionError::InvalidTransition {
                from: Draft,
                to: Closed
            })
        );
        assert_eq!(
            close(Closed),
            Err(TransitionError::InvalidTransition {
                from: Closed,
                to: Closed
            })
        );
        assert!(!Closed.is_editable());
    }

    #[test]
    fn closing_asks_for_a_real_retrospective() {
        let short = CloseProgrammeRequest {
            retrospective: "ok".into(),
        };
        assert_eq!(short.validate().map_err(|e| e[0].code.clone()), Err("too_short".into()));
        let fine = CloseProgrammeRequest {
            retrospective: "  Les relais terrain ont porté le lancement.  ".into(),
        };
        assert_eq!(fine.validate(), Ok("Les relais terrain ont porté le lancement.".into()));
    }

    #[test]
    fn programme_request_checks_every_field() {
        let request = |title: &str, starts: NaiveDate, ends: NaiveDate| ProgrammeRequest {
            title: title.into(),
            context: ProgrammeContext::ToolLaunch,
            description: LongText::default(),
            starts_on: starts,
            ends_on: ends,
        };
        let cases = [
            (
                request("Lancement", date(2026, 1, 1), date(2026, 6, 30)),
                vec![],
                "valid",
            ),
            (
                request("ab", date(2026, 1, 1), date(2026, 6, 30)),
                vec!["title"],
                "title too short",
            ),
            (
                request("Lancement", date(2026, 6, 30), date(2026, 1, 1)),
                vec!["ends_on"],
                "ends before it starts",
            ),
            (
                request("Lancement", date(2026, 1, 1), date(2026, 1, 1)),
                vec!["ends_on"],
                "zero-length period",
            ),
            (
                request("Lancement", date(2026, 1, 1), date(2036, 1, 1)),
                vec!["ends_on"],
                "ten years",
            ),
            (
                request(&"x".repeat(121), date(2026, 1, 1), date(2025, 1, 1)),
                vec!["title", "ends_on"],
                "all errors at once",
            ),
            (
                request("Lancement", date(1999, 12, 31), date(2026, 1, 1)),
                vec!["starts_on"],
                "before 2000",
            ),
            (
                request("Lancement", date(2100, 6, 1), date(2101, 1, 1)),
                vec!["ends_on"],
                "after 2100",
            ),
        ];
        for (request, fields, why) in cases {
            let got: Vec<String> = request
                .validate()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(got, fields, "{why}");
        }
    }

    #[test]
    fn objective_targets_follow_the_metric_unit() {
        let objective = |metric: Metric, target: f64, due: NaiveDate| ObjectiveRequest {
            need_id: NeedId::new("0190f1c2-7a3b-7c4d-8e5f-0123456789ab"),
            title: "Apprenants actifs".into(),
            metric,
            target,
            due_on: due,
        };
        let (starts, ends) = (date(2026, 1, 1), date(2026, 12, 31));
        let cases = [
            (
                objective(Metric::ActiveLearnerRate, 60.0, date(2026, 6, 30)),
                vec![],
                "valid",
            ),
            (
                objective(Metric::ActiveLearnerRate, 120.0, date(2026, 6, 30)),
                vec!["target"],
                "over 100 percent",
            ),
            (
                objective(Metric::ActiveLearnerRate, 0.0, date(2026, 6, 30)),
                vec!["target"],
                "zero percent",
            ),
            (
                objective(Metric::ActiveLearnerRate, f64::NAN, date(2026, 6, 30)),
                vec!["target"],
                "not a number",
            ),
            (
                objective(Metric::TipsPublished, 250.0, date(2026, 6, 30)),
                vec![],
                "count above 100",
            ),
            (
                objective(Metric::TipsPublished, 0.5, date(2026, 6, 30)),
                vec!["target"],
                "fraction of a tip",
            ),
            (
                objective(Metric::ActiveLearnerRate, 60.0, date(2027, 1, 1)),
                vec!["due_on"],
                "after the programme",
            ),
            (
                objective(Metric::ActiveLearnerRate, 60.0, date(2026, 1, 1)),
                vec!["due_on"],
                "on the first day",
            ),
        ];
        for (request, fields, why) in cases {
            let got: Vec<String> = request
                .validate(starts, ends)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| e.field)
                .collect();
            assert_eq!(got, fields, "{why}");
        }
    }

    #[test]
    fn pacing_compares_progress_with_the_calendar() {
        let start = at(2026, 1, 1);
        let due = date(2026, 12, 31);
        // Halfway through the year (day 182 of 365).
        let mid = at(2026, 7, 2);
        let on_track = pacing(30.0, 70.0, 50.0, start, due, mid);
        assert_eq!(on_track.status, PacingStatus::OnTrack, "{on_track:?}");
        assert!((on_track.progress - 0.5).abs() < 1e-9);
        assert!((on_track.expected - 0.5).abs() < 0.01);
        // 20 % of the way at 50 % of the time: 30 points behind, off track.
        assert_eq!(pacing(30.0, 70.0, 38.0, start, due, mid).status, PacingStatus::OffTrack);
        // 35 % of the way at 50 %: within 25 points, at risk.
        assert_eq!(pacing(30.0, 70.0, 44.0, start, due, mid).status, PacingStatus::AtRisk);
        // Early on, nothing is expected yet.
        assert_eq!(
            pacing(30.0, 70.0, 30.0, start, due, at(2026, 1, 15)).status,
            PacingStatus::OnTrack
        );
        // Reached is reached, even early.
        let reached = pacing(30.0, 70.0, 75.0, start, due, at(2026, 2, 1));
        assert!(reached.achieved && reached.status == PacingStatus::OnTrack && reached.progress == 1.0);
        // Past the due date without the target: off track.
        assert_eq!(
            pacing(30.0, 70.0, 69.0, start, due, at(2027, 1, 2)).status,
            PacingStatus::OffTrack
        );
        // Going backwards never shows negative progress.
        assert_eq!(pacing(30.0, 70.0, 20.0, start, due, mid).progress, 0.0);
        // A target at or below the baseline counts only once reached.
        assert!(pacing(50.0, 40.0, 45.0, start, due, mid).achieved);
    }

    #[test]
    fn only_the_active_learner_rate_has_data_now() {
        let with_data: Vec<Metric> = Metric::ALL.into_iter().filter(|m| m.has_data_source()).collect();
        assert_eq!(with_data, [Metric::ActiveLearnerRate]);
        for metric in Metric::ALL {
            assert_eq!(Metric::parse(metric.as_str()), Some(metric));
        }
    }

    #[test]
    fn dates_are_read_only_as_yyyy_mm_dd() {
        #[derive(serde::Deserialize)]
        struct Holder {
            #[serde(deserialize_with = "strict_date")]
            day: NaiveDate,
        }
        let read = |text: &str| serde_json::from_value::<Holder>(serde_json::json!({ "day": text })).map(|h| h.day);
        assert_eq!(read("2026-09-16").ok(), Some(date(2026, 9, 16)));
        for lenient in [
            "2026-9-16",
            "+2026-09-16",
            " 2026-09-16",
            "2026-09-16 ",
            "2026-09-16T00:00",
            "2026-02-30",
            "２０２６-09-16",
        ] {
            assert!(read(lenient).is_err(), "{lenient:?} is refused");
        }
    }
}

//! W3 metrics computed from the platform's own data, under the k rule of T2.

use crate::activity::PeopleCounts;
use crate::{DbConnection, QueryResult};
use chrono::NaiveDateTime;

/// When a metric is read: now (from per-person last activity) or at a past moment (from the
/// event log). Explicit, because "now" must not depend on how long a request waited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    Now,
    At(NaiveDateTime),
}

impl Moment {
    fn time(self) -> NaiveDateTime {
        match self {
            Moment::Now => crate::now(),
            Moment::At(at) => at,
        }
    }
}

fn active(
    conn: &mut DbConnection,
    organisation_id: &str,
    role: Role,
    since: NaiveDateTime,
    moment: Moment,
) -> QueryResult<u64> {
    match moment {
        Moment::Now => PeopleCounts::active_now(conn, organisation_id, role.as_str(), since),
        Moment::At(until) => PeopleCounts::active_between(conn, organisation_id, role.as_str(), since, until),
    }
}
use relais_domain::analytics::{count_of_people, rate_over_people, Reading};
use relais_domain::identity::Role;
use relais_domain::programmes::Metric;

/// The value of `metric` for the organisation as it stands at `moment`.
pub fn read_metric(
    conn: &mut DbConnection,
    organisation_id: &str,
    metric: Metric,
    moment: Moment,
    k: u32,
) -> QueryResult<Reading> {
    let as_of = moment.time();
    let window_start = as_of - chrono::Duration::days(Metric::WINDOW_DAYS);
    match metric {
        Metric::ActiveLearnerRate => {
            let learners = PeopleCounts::accounts(conn, organisation_id, Role::Learner.as_str(), as_of)?;
            let active = active(conn, organisation_id, Role::Learner, window_start, moment)?;
            Ok(rate_over_people(active, learners, k))
        }
        // Their data arrive with later steps (communities, tips, Q&A, quizzes, challenges,
        // directory, xAPI).
        Metric::CommunityParticipation
        | Metric::TipsPublished
        | Metric::QuestionsAnsweredWithin48h
        | Metric::QuizSuccessRate
        | Metric::ChallengeCompletion
        | Metric::SiteCoverage
        | Metric::ModuleCompletions => Ok(Reading::NoData),
    }
}

/// Accounts of a role, under the k rule.
pub fn accounts_of_role(
    conn: &mut DbConnection,
    organisation_id: &str,
    role: Role,
    as_of: NaiveDateTime,
    k: u32,
) -> QueryResult<Reading> {
    Ok(count_of_people(
        PeopleCounts::accounts(conn, organisation_id, role.as_str(), as_of)?,
        k,
    ))
}

/// Accounts of a role, and those of them active in the metric window up to now, each under
/// the k rule.
pub fn people_of_role(
    conn: &mut DbConnection,
    organisation_id: &str,
    role: Role,
    k: u32,
) -> QueryResult<(Reading, Reading)> {
    let now = crate::now();
    let window_start = now - chrono::Duration::days(Metric::WINDOW_DAYS);
    let accounts = PeopleCounts::accounts(conn, organisation_id, role.as_str(), now)?;
    let active = PeopleCounts::active_now(conn, organisation_id, role.as_str(), window_start)?;
    Ok((count_of_people(accounts, k), count_of_people(active, k)))
}

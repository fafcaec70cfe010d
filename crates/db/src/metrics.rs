//! W3 metrics computed from the platform's own data, under the k rule of T2.

use crate::activity::PeopleCounts;
use crate::{DbConnection, QueryResult};
use chrono::NaiveDateTime;
use relais_domain::analytics::{count_of_people, rate_over_people, Reading};
use relais_domain::identity::Role;
use relais_domain::programmes::Metric;

/// The value of `metric` for the organisation as it stood at `as_of`.
pub fn read_metric(
    conn: &mut DbConnection,
    organisation_id: &str,
    metric: Metric,
    as_of: NaiveDateTime,
    k: u32,
) -> QueryResult<Reading> {
    let window_start = as_of - chrono::Duration::days(Metric::WINDOW_DAYS);
    match metric {
        Metric::ActiveLearnerRate => {
            let learners = PeopleCounts::accounts(conn, organisation_id, Role::Learner.as_str(), as_of)?;
            let active = PeopleCounts::active(conn, organisation_id, Role::Learner.as_str(), window_start, as_of)?;
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

/// Accounts of a role, and those of them active in the metric window, each under the k rule.
pub fn people_of_role(
    conn: &mut DbConnection,
    organisation_id: &str,
    role: Role,
    as_of: NaiveDateTime,
    k: u32,
) -> QueryResult<(Reading, Reading)> {
    let window_start = as_of - chrono::Duration::days(Metric::WINDOW_DAYS);
    let accounts = PeopleCounts::accounts(conn, organisation_id, role.as_str(), as_of)?;
    let active = PeopleCounts::active(conn, organisation_id, role.as_str(), window_start, as_of)?;
    Ok((count_of_people(accounts, k), count_of_people(active, k)))
}

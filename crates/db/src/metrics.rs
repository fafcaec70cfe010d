//! W3 metrics computed from the platform's own data, under the k rule of T2: now from the
//! roll-ups, at a past moment from the event log.

use crate::analytics::Rollups;
use crate::events::PeopleCounts;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, Utc};
use relais_domain::analytics::{count_of_people, rate_over_people, Reading};
use relais_domain::identity::Role;
use relais_domain::ids::Tenant;
use relais_domain::programmes::Metric;

/// When a metric is read: now (from the roll-ups, as far as the consumer has come) or at a
/// past moment (from the event log). Both carry their time, read from the caller's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    Now(DateTime<Utc>),
    At(DateTime<Utc>),
}

impl Moment {
    fn time(self) -> DateTime<Utc> {
        match self {
            Moment::Now(at) | Moment::At(at) => at,
        }
    }
}

/// Active accounts of `role` in the metric window ending at `moment`.
fn active(conn: &mut DbConnection, tenant: &Tenant, role: Role, moment: Moment) -> QueryResult<u64> {
    let first_day = Metric::window_start(moment.time().date_naive());
    match moment {
        Moment::Now(_) => Rollups::active_since(conn, tenant, role, first_day),
        Moment::At(until) => {
            let since = first_day.and_hms_opt(0, 0, 0).unwrap_or_default();
            PeopleCounts::active_between(conn, tenant, role, since, stored(until))
        }
    }
}

/// Active accounts of `role` at `moment`.
fn accounts(conn: &mut DbConnection, tenant: &Tenant, role: Role, moment: Moment) -> QueryResult<u64> {
    match moment {
        Moment::Now(_) => Rollups::accounts(conn, tenant, role),
        Moment::At(at) => PeopleCounts::accounts(conn, tenant, role, stored(at)),
    }
}

/// The value of `metric` for the organisation as it stands at `moment`.
pub fn read_metric(
    conn: &mut DbConnection,
    tenant: &Tenant,
    metric: Metric,
    moment: Moment,
    k: u32,
) -> QueryResult<Reading> {
    match metric {
        Metric::ActiveLearnerRate => {
            let learners = accounts(conn, tenant, Role::Learner, moment)?;
            let active = active(conn, tenant, Role::Learner, moment)?;
            Ok(rate_over_people(active, learners, k))
        }
        // The directory and the roles as they stand (no history is kept of them yet): a
        // baseline captured at activation reads the sites as they were then.
        Metric::SiteCoverage => Ok(
            match crate::candidates::covered_site_share(
                conn,
                tenant,
                relais_domain::candidates::coverage::DEFAULT_LEARNERS_PER_AMBASSADOR,
            )? {
                Some(value) => Reading::Value { value },
                None => Reading::NoData,
            },
        ),
        // Their data arrive with later steps (communities, tips, Q&A, quizzes, challenges,
        // xAPI).
        Metric::CommunityParticipation
        | Metric::TipsPublished
        | Metric::QuestionsAnsweredWithin48h
        | Metric::QuizSuccessRate
        | Metric::ChallengeCompletion
        | Metric::ModuleCompletions => Ok(Reading::NoData),
    }
}

/// Accounts of a role at `now`, under the k rule.
pub fn accounts_of_role(
    conn: &mut DbConnection,
    tenant: &Tenant,
    role: Role,
    now: DateTime<Utc>,
    k: u32,
) -> QueryResult<Reading> {
    Ok(count_of_people(
        PeopleCounts::accounts(conn, tenant, role, stored(now))?,
        k,
    ))
}

/// Accounts of a role, and those of them active in the metric window up to `now`, each
/// under the k rule.
pub fn people_of_role(
    conn: &mut DbConnection,
    tenant: &Tenant,
    role: Role,
    now: DateTime<Utc>,
    k: u32,
) -> QueryResult<(Reading, Reading)> {
    let accounts = accounts(conn, tenant, role, Moment::Now(now))?;
    let active = active(conn, tenant, role, Moment::Now(now))?;
    Ok((count_of_people(accounts, k), count_of_people(active, k)))
}

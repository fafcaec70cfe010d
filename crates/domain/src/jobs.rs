//! Durable background jobs: their states, kinds and retry rule. The queue itself lives in
//! the database (see `relais_db::jobs`); what a job does lives with its context.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    /// Where a job is in its life.
    pub enum JobState {
        /// Waiting for its `run_at`.
        Queued = "queued",
        /// Held by a worker until its lease ends.
        Running = "running",
        Succeeded = "succeeded",
        /// Failed `max_attempts` times: kept for admins to see, never retried by itself.
        Dead = "dead",
    }
}

crate::stored_enum! {
    /// What a job does.
    pub enum JobKind {
        /// Records that it ran (`job_probes`): checks that workers run, exactly once each.
        Probe = "probe",
        /// Records each active programme's objectives' values of the day (the trend lines).
        RecordObjectiveReadings = "record_objective_readings",
        /// Reads an HR file and compares it with the directory (C1).
        PreviewDirectoryImport = "preview_directory_import",
        /// Applies a previewed HR file, all or nothing (C1).
        ApplyDirectoryImport = "apply_directory_import",
        /// Sends one e-mail through the configured SMTP relay (invitation links).
        SendMail = "send_mail",
        /// Makes a contest's results final when its voting window ends (V3).
        CloseContest = "close_contest",
    }
}

/// The jobs every day brings, enqueued once a day by the workers (an idempotent effect:
/// running one twice the same day changes nothing).
pub const DAILY: &[JobKind] = &[JobKind::RecordObjectiveReadings];

/// Input of a probe job.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbePayload {
    /// Fail this many attempts before succeeding (to check retries).
    #[serde(default)]
    pub fail_attempts: u32,
    /// Work this long before recording, in milliseconds (to be caught mid-way).
    #[serde(default)]
    pub work_ms: u64,
}

/// Default attempts before a job is dead.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;
const FIRST_RETRY_SECONDS: i64 = 10;
const LONGEST_RETRY_SECONDS: i64 = 3600;

/// Seconds to wait before the next attempt after `attempts` failed ones: doubling from ten
/// seconds, at most an hour.
pub fn retry_delay_seconds(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1).min(20);
    (FIRST_RETRY_SECONDS << doublings).min(LONGEST_RETRY_SECONDS)
}

/// What happens to a job whose attempt failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryIn { seconds: i64 },
    Dead,
}

pub fn after_failure(attempts: u32, max_attempts: u32) -> AfterFailure {
    if attempts >= max_attempts {
        AfterFailure::Dead
    } else {
        AfterFailure::RetryIn {
            seconds: retry_delay_seconds(attempts),
        }
    }
}

/// The jobs context's endpoints.
pub mod endpoints {
    use super::{Job, JobListQuery};
    use crate::endpoints::{Endpoint, Method, Nothing, Route};
    use crate::pagination::Page;

    pub const LIST: Endpoint<Nothing, Page<Job>, JobListQuery> = Endpoint::new(Method::Get, "/jobs");

    pub fn routes() -> Vec<Route> {
        vec![LIST.route()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_then_give_up() {
        assert_eq!(retry_delay_seconds(1), 10);
        assert_eq!(retry_delay_seconds(2), 20);
        assert_eq!(retry_delay_seconds(3), 40);
        assert_eq!(retry_delay_seconds(12), 3600, "capped at an hour");
        assert_eq!(retry_delay_seconds(u32::MAX), 3600, "no overflow");
        assert_eq!(after_failure(1, 3), AfterFailure::RetryIn { seconds: 10 });
        assert_eq!(after_failure(3, 3), AfterFailure::Dead);
        assert_eq!(after_failure(4, 3), AfterFailure::Dead);
    }
}

/// A job as admins see it (failed ones especially: the dead-letter list).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    pub id: crate::ids::JobId,
    pub kind: JobKind,
    pub state: JobState,
    /// Attempts made so far.
    pub attempts: u32,
    pub max_attempts: u32,
    /// When it runs (next).
    #[serde(serialize_with = "crate::time_format::utc")]
    pub run_at: chrono::DateTime<chrono::Utc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Query of the job list.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct JobListQuery {
    /// Jobs in this state (default `dead`: the ones that need a look).
    pub state: Option<JobState>,
    /// Page size, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    pub cursor: Option<String>,
}

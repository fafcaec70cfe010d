//! The operations screen's calls: the jobs context's list and the identity context's
//! security log.

use crate::client::{call, ApiResult};
use relais_domain::identity::endpoints::SECURITY_EVENTS;
use relais_domain::identity::SecurityEvent;
use relais_domain::jobs::endpoints::LIST;
use relais_domain::jobs::{Job, JobListQuery, JobState};
use relais_domain::pagination::{Page, PageQuery};

pub async fn list_jobs(state: JobState, cursor: Option<String>) -> ApiResult<Page<Job>> {
    let query = JobListQuery {
        state: Some(state),
        limit: Some(50),
        cursor,
    };
    call(&LIST, &[], Some(&query), None).await
}

pub async fn list_security_events(cursor: Option<String>) -> ApiResult<Page<SecurityEvent>> {
    let query = PageQuery {
        limit: Some(50),
        cursor,
    };
    call(&SECURITY_EVENTS, &[], Some(&query), None).await
}

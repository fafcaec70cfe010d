//! Background work: event consumers (position, settle window, replay) and durable jobs
//! (retries with back-off, dead letters seen by admins, leases, unique keys, and exactly one
//! effect per job with two worker processes, one of them killed mid-way).

use crate::helpers::{spawn_app, KilledOnDrop, TestApp};
use relais_api::worker::{catch_up, run_one_job, JobOutcome};
use relais_db::events::EventRow;
use relais_db::jobs::{JobProbes, JobRow, NewJob};
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::ids::{JobId, UserId};
use relais_domain::jobs::{JobKind, JobState, ProbePayload};
use std::process::{Command, Stdio};
use std::time::Duration;

fn probe(app: &TestApp, payload: &ProbePayload, unique_key: Option<&str>, max_attempts: u32) -> Option<JobId> {
    let job = NewJob {
        tenant: Some(app.org.tenant()),
        kind: JobKind::Probe,
        payload: serde_json::to_string(payload).expect("payload"),
        unique_key: unique_key.map(str::to_owned),
        run_at: app.now(),
        max_attempts,
    };
    JobRow::enqueue(&mut app.connection(), job, app.now()).expect("enqueue")
}

fn job(app: &TestApp, id: &JobId) -> JobRow {
    JobRow::find(&mut app.connection(), id)
        .expect("find")
        .expect("job exists")
}

fn probes(app: &TestApp) -> (i64, i64) {
    JobProbes::counts(&mut app.connection()).expect("probe counts")
}

#[actix_rt::test]
async fn consumers_apply_settled_events_once_from_their_position() {
    let app = spawn_app().await;
    app.catch_up();
    let learner = UserId::new(app.org.learner.id.clone());
    let event = DomainEvent::by(&learner, EventKind::SignedIn, app.now());
    EventRow::record(&mut app.connection(), &app.org.tenant(), &event).expect("event");
    // Too fresh for a consumer that waits an hour for transactions to settle.
    assert_eq!(catch_up(&app.state, chrono::Duration::hours(1)).expect("catch up"), 0);
    // Once by each consumer.
    assert_eq!(
        app.catch_up(),
        relais_api::worker::CONSUMERS.len(),
        "applied once settled"
    );
    assert_eq!(app.catch_up(), 0, "and never again: the position moved with the effect");
}

#[actix_rt::test]
async fn a_failing_job_is_retried_with_back_off_then_succeeds() {
    let app = spawn_app().await;
    let payload = ProbePayload {
        fail_attempts: 2,
        work_ms: 0,
    };
    let id = probe(&app, &payload, None, 5).expect("enqueued");
    let outcome = run_one_job(&app.state, "w1").expect("run");
    assert!(matches!(outcome, JobOutcome::Failed(_)), "{outcome:?}");
    let after_one = job(&app, &id);
    assert_eq!((after_one.state, after_one.attempts), (JobState::Queued, 1));
    assert_eq!(
        after_one.run_at,
        relais_db::stored(app.now() + chrono::Duration::seconds(10))
    );
    assert_eq!(
        run_one_job(&app.state, "w1").expect("run"),
        JobOutcome::Idle,
        "not due yet"
    );

    app.clock.advance(chrono::Duration::seconds(10));
    assert!(matches!(
        run_one_job(&app.state, "w1").expect("run"),
        JobOutcome::Failed(_)
    ));
    assert_eq!(
        job(&app, &id).run_at,
        relais_db::stored(app.now() + chrono::Duration::seconds(20)),
        "the wait doubles"
    );
    app.clock.advance(chrono::Duration::seconds(20));
    assert_eq!(run_one_job(&app.state, "w1").expect("run"), JobOutcome::Succeeded);
    let done = job(&app, &id);
    assert_eq!(
        (done.state, done.attempts, done.last_error),
        (JobState::Succeeded, 3, None)
    );
    assert_eq!(probes(&app), (1, 1));
}

#[actix_rt::test]
async fn a_job_that_always_fails_ends_dead_and_admins_see_it() {
    let app = spawn_app().await;
    let payload = ProbePayload {
        fail_attempts: 99,
        work_ms: 0,
    };
    let id = probe(&app, &payload, None, 2).expect("enqueued");
    assert!(matches!(
        run_one_job(&app.state, "w1").expect("run"),
        JobOutcome::Failed(_)
    ));
    app.clock.advance(chrono::Duration::minutes(5));
    assert!(matches!(
        run_one_job(&app.state, "w1").expect("run"),
        JobOutcome::Failed(_)
    ));
    let dead = job(&app, &id);
    assert_eq!((dead.state, dead.attempts), (JobState::Dead, 2));
    app.clock.advance(chrono::Duration::hours(5));
    assert_eq!(
        run_one_job(&app.state, "w1").expect("run"),
        JobOutcome::Idle,
        "never retried"
    );

    let admin = app.admin().await;
    let listed = app.get("/api/v1/jobs", Some(&admin)).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.body["items"][0]["id"], id.as_str());
    assert_eq!(listed.body["items"][0]["state"], "dead");
    assert_eq!(listed.body["items"][0]["attempts"], 2);
    assert!(listed.body["items"][0]["last_error"]
        .as_str()
        .unwrap_or_default()
        .contains("on purpose"));
    let queued = app.get("/api/v1/jobs?state=queued", Some(&admin)).await;
    assert_eq!(queued.body["items"], serde_json::json!([]));
    let other_admin = app.token(&app.other_org.admin.email).await;
    let theirs = app.get("/api/v1/jobs", Some(&other_admin)).await;
    assert_eq!(
        theirs.body["items"],
        serde_json::json!([]),
        "another organisation's jobs"
    );
    let learner = app.token(&app.org.learner.email).await;
    assert_eq!(app.get("/api/v1/jobs", Some(&learner)).await.status, 403);
    let bad = app.get("/api/v1/jobs?state=lost", Some(&admin)).await;
    assert_eq!((bad.status, bad.error_fields()), (422, vec!["state".to_owned()]));
}

#[actix_rt::test]
async fn an_abandoned_job_is_taken_again_when_its_lease_ends() {
    let app = spawn_app().await;
    let id = probe(&app, &ProbePayload::default(), None, 3).expect("enqueued");
    // Worker A takes the job and dies before finishing it.
    let lease = chrono::Duration::seconds(app.state.config.job_lease_seconds);
    let taken = relais_db::write_transaction(&mut app.connection(), |conn| {
        JobRow::claim(conn, "worker-a", app.now(), lease)
    })
    .expect("claim");
    assert_eq!(taken.map(|j| j.id), Some(id.clone()));
    assert_eq!(
        run_one_job(&app.state, "worker-b").expect("run"),
        JobOutcome::Idle,
        "still leased"
    );

    app.clock.advance(lease + chrono::Duration::seconds(1));
    assert_eq!(run_one_job(&app.state, "worker-b").expect("run"), JobOutcome::Succeeded);
    let done = job(&app, &id);
    assert_eq!((done.state, done.attempts), (JobState::Succeeded, 2));
    // Worker A coming back cannot complete what B did.
    let late = JobRow::complete(&mut app.connection(), &id, "worker-a", app.now()).expect("complete");
    assert!(!late, "a lost lease completes nothing");
    assert_eq!(probes(&app), (1, 1));
}

#[actix_rt::test]
async fn a_pending_key_is_enqueued_once() {
    let app = spawn_app().await;
    let first = probe(&app, &ProbePayload::default(), Some("probe:daily"), 3);
    assert!(first.is_some());
    assert_eq!(probe(&app, &ProbePayload::default(), Some("probe:daily"), 3), None);
    assert_eq!(run_one_job(&app.state, "w1").expect("run"), JobOutcome::Succeeded);
    assert!(
        probe(&app, &ProbePayload::default(), Some("probe:daily"), 3).is_some(),
        "once done, the key is free again"
    );
}

fn start_worker(app: &TestApp) -> KilledOnDrop {
    KilledOnDrop(
        Command::new(env!("CARGO_BIN_EXE_relais"))
            .args([
                "--database-url",
                &app.database_url,
                "worker",
                "--workers",
                "2",
                "--job-lease-seconds",
                "2",
            ])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start relais worker"),
    )
}

/// Two `relais worker` processes share one queue; one is SIGKILLed mid-way. Every job has
/// exactly one effect: none lost (its abandoned job is taken again when the lease ends),
/// none doubled (a worker commits a job's effect only while it holds the job).
#[actix_rt::test]
async fn two_worker_processes_run_each_job_exactly_once_though_one_is_killed() {
    let app = spawn_app().await;
    let jobs = 1000;
    // Every hundredth job works for a second (under the two-second lease): the first worker
    // is killed while it holds one of those, so the kill surely lands mid-job.
    let payload = |n: i64| ProbePayload {
        fail_attempts: 0,
        work_ms: if n % 100 == 50 { 1000 } else { 2 },
    };
    let mut conn = app.connection();
    let slow: Vec<String> = relais_db::write_transaction(&mut conn, |conn| {
        let mut slow = Vec::new();
        for n in 0..jobs {
            let payload = payload(n);
            let job = NewJob {
                tenant: Some(app.org.tenant()),
                kind: JobKind::Probe,
                payload: serde_json::to_string(&payload).unwrap_or_default(),
                unique_key: None,
                run_at: chrono::Utc::now(),
                max_attempts: 5,
            };
            let id = JobRow::enqueue(conn, job, chrono::Utc::now())?;
            if payload.work_ms > 2 {
                slow.extend(id.map(String::from));
            }
        }
        Ok::<_, diesel::result::Error>(slow)
    })
    .expect("enqueue");
    // On PostgreSQL both run at once, sharing the queue. SQLite has one writer at a time and
    // its lock is not fair between processes (one may starve the other): there the second
    // starts when the first has been killed, and finishes the work.
    let mut first = start_worker(&app);
    let second = app.is_postgres().then(|| start_worker(&app));
    let started = std::time::Instant::now();
    // Killed while it holds a slow job (its claim committed, its effect not).
    let holder = format!("%-{}-%", first.0.id());
    let holds_a_slow_job = || {
        use diesel::prelude::*;
        use relais_db::schema::jobs::dsl as j;
        j::jobs
            .filter(j::state.eq("running"))
            .filter(j::locked_by.like(&holder))
            .filter(j::id.eq_any(&slow))
            .count()
            .get_result::<i64>(&mut app.connection())
            .unwrap_or(0)
            > 0
    };
    while !holds_a_slow_job() && started.elapsed() < Duration::from_secs(120) {
        actix_rt::time::sleep(Duration::from_millis(20)).await;
    }
    first.0.kill().expect("kill the first worker");
    let _ = first.0.wait();
    let second = second.unwrap_or_else(|| start_worker(&app));
    let killed_at = probes(&app).0;
    assert!(killed_at < jobs, "killed mid-way ({killed_at} done)");
    while JobRow::pending(&mut app.connection()).expect("pending") > 0 && started.elapsed() < Duration::from_secs(240) {
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    drop(second);
    assert_eq!(
        JobRow::pending(&mut app.connection()).ok(),
        Some(0),
        "every job finished"
    );
    assert_eq!(probes(&app), (jobs, jobs), "exactly one effect per job");
    let retaken = JobRow::list(
        &mut app.connection(),
        &app.org.tenant(),
        JobState::Succeeded,
        None,
        2000,
    )
    .expect("jobs")
    .iter()
    .filter(|job| job.attempts > 1)
    .count();
    eprintln!("two workers: killed after {killed_at} of {jobs} jobs; {retaken} taken again after the kill");
    assert!(
        retaken >= 1,
        "the killed worker's job was taken again when its lease ended"
    );
}

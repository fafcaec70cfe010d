//! Step 1: programmes, needs, objectives, lifecycle, dashboard, roles and tenancy.

use crate::helpers::{objective_body, programme_body, programme_with_objective, spawn_app, TestApp, PASSWORD};
use relais_db::events::EventRow;
use relais_db::identity::UserRow;
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::{Email, Role};
use relais_domain::ids::UserId;
use serde_json::{json, Value};

#[actix_rt::test]
async fn an_admin_runs_a_programme_from_draft_to_closed() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, need_id, objective_id) = programme_with_objective(&app, &admin).await;

    let draft = app.get(&format!("/api/v1/programmes/{id}"), Some(&admin)).await;
    assert_eq!(draft.body["programme"]["status"], "draft");
    assert_eq!(draft.body["programme"]["scope"], json!({"kind": "organisation"}));
    assert_eq!(draft.body["needs"][0]["id"], need_id.as_str());
    assert_eq!(draft.body["objectives"][0]["baseline"], Value::Null);

    let active = app
        .post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    assert_eq!(active.status, 200, "{}", active.text);
    assert_eq!(active.body["programme"]["status"], "active");
    assert!(active.body["programme"]["activated_at"].is_string());
    assert!(
        active.body["objectives"][0]["baseline_at"].is_string(),
        "baseline captured at activation"
    );

    let dashboard = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    assert_eq!(dashboard.status, 200, "{}", dashboard.text);
    assert_eq!(
        dashboard.body["objectives"][0]["objective"]["id"],
        objective_id.as_str()
    );
    assert_eq!(dashboard.body["k"], 5);

    let short = app
        .post(
            &format!("/api/v1/programmes/{id}/close"),
            Some(&admin),
            &json!({"retrospective": "ok"}),
        )
        .await;
    assert_eq!(
        (short.status, short.error_fields()),
        (422, vec!["retrospective".to_owned()])
    );
    let closed = app
        .post(
            &format!("/api/v1/programmes/{id}/close"),
            Some(&admin),
            &json!({"retrospective": "Les relais terrain ont tout changé."}),
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert_eq!(closed.body["programme"]["status"], "closed");
    assert_eq!(
        closed.body["programme"]["retrospective"],
        "Les relais terrain ont tout changé."
    );

    // A closed programme is a record.
    let edits = [
        app.put(
            &format!("/api/v1/programmes/{id}"),
            Some(&admin),
            &programme_body("Autre titre"),
        )
        .await,
        app.post(
            &format!("/api/v1/programmes/{id}/needs"),
            Some(&admin),
            &json!({"title": "Encore", "priority": "low"}),
        )
        .await,
        app.post(
            &format!("/api/v1/programmes/{id}/objectives"),
            Some(&admin),
            &objective_body(&need_id),
        )
        .await,
        app.delete(
            &format!("/api/v1/programmes/{id}/objectives/{objective_id}"),
            Some(&admin),
        )
        .await,
    ];
    for response in edits {
        assert_eq!(
            (response.status, response.code()),
            (409, "programme_closed"),
            "{}",
            response.text
        );
    }
    let reopen = app
        .post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    assert_eq!((reopen.status, reopen.code()), (409, "invalid_transition"));
}

#[actix_rt::test]
async fn lifecycle_steps_out_of_order_are_conflicts() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = app
        .post("/api/v1/programmes", Some(&admin), &programme_body("Sans objectif"))
        .await;
    let id = created.body["programme"]["id"].as_str().unwrap_or_default().to_owned();
    let empty = app
        .post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    assert_eq!((empty.status, empty.code()), (409, "programme_has_no_objectives"));
    let close_draft = app
        .post(
            &format!("/api/v1/programmes/{id}/close"),
            Some(&admin),
            &json!({"retrospective": "Jamais commencé, abandon."}),
        )
        .await;
    assert_eq!((close_draft.status, close_draft.code()), (409, "invalid_transition"));
    let deleted = app.delete(&format!("/api/v1/programmes/{id}"), Some(&admin)).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(
        app.get(&format!("/api/v1/programmes/{id}"), Some(&admin)).await.status,
        404
    );

    let (active, _, _) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{active}/activate"), Some(&admin))
        .await;
    let delete_active = app.delete(&format!("/api/v1/programmes/{active}"), Some(&admin)).await;
    assert_eq!(
        (delete_active.status, delete_active.code()),
        (409, "programme_not_draft")
    );
}

#[actix_rt::test]
async fn programme_fields_are_validated_one_by_one() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let with = |key: &str, value: Value| {
        let mut body = programme_body("Lancement");
        body[key] = value;
        body
    };
    let cases = [
        (with("title", json!("ab")), vec!["title"], "title too short"),
        (with("title", json!("x".repeat(121))), vec!["title"], "title too long"),
        (
            with("description", json!("x".repeat(5001))),
            vec!["description"],
            "description too long",
        ),
        (
            with("ends_on", json!("2000-01-01")),
            vec!["ends_on"],
            "ends before it starts",
        ),
        (with("starts_on", json!("not a date")), vec!["starts_on"], "not a date"),
        (with("context", json!("party")), vec!["context"], "unknown context"),
        (with("colour", json!("blue")), vec!["colour"], "unknown field"),
    ];
    for (body, fields, why) in cases {
        let response = app.post("/api/v1/programmes", Some(&admin), &body).await;
        assert_eq!(response.status, 422, "{why}: {}", response.text);
        assert_eq!(response.error_fields(), fields, "{why}");
    }
    let mut missing = programme_body("Lancement");
    missing.as_object_mut().map(|o| o.remove("title"));
    let response = app.post("/api/v1/programmes", Some(&admin), &missing).await;
    assert_eq!(
        (response.status, response.error_fields()),
        (422, vec!["title".to_owned()])
    );
}

#[actix_rt::test]
async fn objectives_are_validated_against_their_programme() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, need_id, _) = programme_with_objective(&app, &admin).await;
    let (other_programme, other_need, _) = programme_with_objective(&app, &admin).await;
    assert_ne!(id, other_programme);
    let with = |key: &str, value: Value| {
        let mut body = objective_body(&need_id);
        body[key] = value;
        body
    };
    let cases = [
        (with("target", json!(150)), "target", "over 100 percent"),
        (with("target", json!(-1)), "target", "negative"),
        (with("due_on", json!("2001-01-01")), "due_on", "before the programme"),
        (with("due_on", json!("2099-01-01")), "due_on", "after the programme"),
        (
            with("need_id", json!(other_need)),
            "need_id",
            "a need of another programme",
        ),
        (with("need_id", json!("nope")), "need_id", "not an id"),
        (with("metric", json!("vibes")), "metric", "unknown metric"),
    ];
    for (body, field, why) in cases {
        let response = app
            .post(&format!("/api/v1/programmes/{id}/objectives"), Some(&admin), &body)
            .await;
        assert_eq!(response.status, 422, "{why}: {}", response.text);
        assert_eq!(response.error_fields(), [field], "{why}");
    }
}

#[actix_rt::test]
async fn needs_are_edited_and_kept_while_objectives_answer_them() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, need_id, objective_id) = programme_with_objective(&app, &admin).await;
    let updated = app
        .put(
            &format!("/api/v1/programmes/{id}/needs/{need_id}"),
            Some(&admin),
            &json!({"title": "Adoption très faible", "evidence": "Mesure", "priority": "critical"}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(updated.body["priority"], "critical");
    let refused = app
        .delete(&format!("/api/v1/programmes/{id}/needs/{need_id}"), Some(&admin))
        .await;
    assert_eq!((refused.status, refused.code()), (409, "need_has_objectives"));
    assert_eq!(
        app.delete(
            &format!("/api/v1/programmes/{id}/objectives/{objective_id}"),
            Some(&admin)
        )
        .await
        .status,
        204
    );
    assert_eq!(
        app.delete(&format!("/api/v1/programmes/{id}/needs/{need_id}"), Some(&admin))
            .await
            .status,
        204
    );
    let bad = app
        .post(
            &format!("/api/v1/programmes/{id}/needs"),
            Some(&admin),
            &json!({"title": "", "priority": "urgent"}),
        )
        .await;
    assert_eq!(bad.status, 422);
    let blank = app
        .post(
            &format!("/api/v1/programmes/{id}/needs"),
            Some(&admin),
            &json!({"title": "  ", "priority": "low"}),
        )
        .await;
    assert_eq!((blank.status, blank.error_fields()), (422, vec!["title".to_owned()]));
}

#[actix_rt::test]
async fn the_metric_of_an_active_objective_is_locked_but_its_target_may_move() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, need_id, objective_id) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    let mut body = objective_body(&need_id);
    body["metric"] = json!("quiz_success_rate");
    let locked = app
        .put(
            &format!("/api/v1/programmes/{id}/objectives/{objective_id}"),
            Some(&admin),
            &body,
        )
        .await;
    assert_eq!((locked.status, locked.code()), (409, "metric_locked"));
    let mut body = objective_body(&need_id);
    body["target"] = json!(75);
    let moved = app
        .put(
            &format!("/api/v1/programmes/{id}/objectives/{objective_id}"),
            Some(&admin),
            &body,
        )
        .await;
    assert_eq!((moved.status, moved.body["target"].as_f64()), (200, Some(75.0)));
    // A new objective in an active programme gets its baseline at once.
    let added = app
        .post(
            &format!("/api/v1/programmes/{id}/objectives"),
            Some(&admin),
            &objective_body(&need_id),
        )
        .await;
    assert!(added.body["baseline_at"].is_string(), "{}", added.text);
}

#[actix_rt::test]
async fn learners_and_ambassadors_read_active_programmes_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (draft, _, _) = programme_with_objective(&app, &admin).await;
    let (active, need_id, objective_id) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{active}/activate"), Some(&admin))
        .await;

    for email in [&app.org.learner.email, &app.org.ambassador.email] {
        let token = app.token(email).await;
        let list = app.get("/api/v1/programmes", Some(&token)).await;
        let ids: Vec<&str> = list.body["items"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["id"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(ids, [active.as_str()], "{email} sees the active programme only");
        assert_eq!(
            app.get("/api/v1/programmes?status=draft", Some(&token)).await.body["items"],
            json!([])
        );
        assert_eq!(
            app.get(&format!("/api/v1/programmes/{draft}"), Some(&token))
                .await
                .status,
            404,
            "drafts are invisible"
        );
        assert_eq!(
            app.get(&format!("/api/v1/programmes/{active}"), Some(&token))
                .await
                .status,
            200
        );
        assert_eq!(
            app.get(&format!("/api/v1/programmes/{active}/dashboard"), Some(&token))
                .await
                .status,
            200
        );

        let writes = [
            app.post("/api/v1/programmes", Some(&token), &programme_body("Le mien"))
                .await,
            app.put(
                &format!("/api/v1/programmes/{active}"),
                Some(&token),
                &programme_body("Le mien"),
            )
            .await,
            app.delete(&format!("/api/v1/programmes/{draft}"), Some(&token)).await,
            app.post_empty(&format!("/api/v1/programmes/{draft}/activate"), Some(&token))
                .await,
            app.post(
                &format!("/api/v1/programmes/{active}/close"),
                Some(&token),
                &json!({"retrospective": "Fini pour moi !"}),
            )
            .await,
            app.post(
                &format!("/api/v1/programmes/{active}/needs"),
                Some(&token),
                &json!({"title": "Besoin", "priority": "low"}),
            )
            .await,
            app.put(
                &format!("/api/v1/programmes/{active}/needs/{need_id}"),
                Some(&token),
                &json!({"title": "Besoin", "priority": "low"}),
            )
            .await,
            app.delete(&format!("/api/v1/programmes/{active}/needs/{need_id}"), Some(&token))
                .await,
            app.post(
                &format!("/api/v1/programmes/{active}/objectives"),
                Some(&token),
                &objective_body(&need_id),
            )
            .await,
            app.put(
                &format!("/api/v1/programmes/{active}/objectives/{objective_id}"),
                Some(&token),
                &objective_body(&need_id),
            )
            .await,
            app.delete(
                &format!("/api/v1/programmes/{active}/objectives/{objective_id}"),
                Some(&token),
            )
            .await,
        ];
        for (index, response) in writes.iter().enumerate() {
            assert_eq!(
                (response.status, response.code()),
                (403, "forbidden"),
                "write #{index} by {email}"
            );
        }
    }
}

#[actix_rt::test]
async fn another_organisations_programme_is_not_found() {
    let app = spawn_app().await;
    let theirs_admin = app.token(&app.other_org.admin.email).await;
    let (theirs, need_id, objective_id) = programme_with_objective(&app, &theirs_admin).await;
    app.post_empty(&format!("/api/v1/programmes/{theirs}/activate"), Some(&theirs_admin))
        .await;

    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    for token in [&admin, &learner] {
        assert_eq!(
            app.get(&format!("/api/v1/programmes/{theirs}"), Some(token))
                .await
                .status,
            404
        );
        assert_eq!(
            app.get(&format!("/api/v1/programmes/{theirs}/dashboard"), Some(token))
                .await
                .status,
            404
        );
        let list = app.get("/api/v1/programmes", Some(token)).await;
        assert_eq!(list.body["items"], json!([]), "{}", list.text);
    }
    let attempts = [
        app.put(
            &format!("/api/v1/programmes/{theirs}"),
            Some(&admin),
            &programme_body("Volé"),
        )
        .await,
        app.delete(&format!("/api/v1/programmes/{theirs}"), Some(&admin)).await,
        app.post_empty(&format!("/api/v1/programmes/{theirs}/activate"), Some(&admin))
            .await,
        app.post(
            &format!("/api/v1/programmes/{theirs}/close"),
            Some(&admin),
            &json!({"retrospective": "Fermé par un autre."}),
        )
        .await,
        app.post(
            &format!("/api/v1/programmes/{theirs}/needs"),
            Some(&admin),
            &json!({"title": "Intrus", "priority": "low"}),
        )
        .await,
        app.put(
            &format!("/api/v1/programmes/{theirs}/needs/{need_id}"),
            Some(&admin),
            &json!({"title": "Intrus", "priority": "low"}),
        )
        .await,
        app.delete(&format!("/api/v1/programmes/{theirs}/needs/{need_id}"), Some(&admin))
            .await,
        app.post(
            &format!("/api/v1/programmes/{theirs}/objectives"),
            Some(&admin),
            &objective_body(&need_id),
        )
        .await,
        app.put(
            &format!("/api/v1/programmes/{theirs}/objectives/{objective_id}"),
            Some(&admin),
            &objective_body(&need_id),
        )
        .await,
        app.delete(
            &format!("/api/v1/programmes/{theirs}/objectives/{objective_id}"),
            Some(&admin),
        )
        .await,
    ];
    for (index, response) in attempts.iter().enumerate() {
        assert_eq!(response.status, 404, "attempt #{index}: {}", response.text);
    }
    // Our own programme cannot borrow their need either.
    let (ours, _, _) = programme_with_objective(&app, &admin).await;
    let borrowed = app
        .post(
            &format!("/api/v1/programmes/{ours}/objectives"),
            Some(&admin),
            &objective_body(&need_id),
        )
        .await;
    assert_eq!(borrowed.error_fields(), ["need_id"]);
    // And their programme is untouched.
    let intact = app
        .get(&format!("/api/v1/programmes/{theirs}"), Some(&theirs_admin))
        .await;
    assert_eq!(intact.body["programme"]["status"], "active");
    assert_eq!(intact.body["needs"].as_array().map(Vec::len), Some(1));
}

#[actix_rt::test]
async fn lists_are_paginated_by_cursor() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for n in 0..3 {
        app.post(
            "/api/v1/programmes",
            Some(&admin),
            &programme_body(&format!("Programme {n}")),
        )
        .await;
    }
    let first = app.get("/api/v1/programmes?limit=2", Some(&admin)).await;
    let titles = |r: &crate::helpers::Response| -> Vec<String> {
        r.body["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p["title"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(titles(&first), ["Programme 2", "Programme 1"], "newest first");
    let cursor = first.body["next_cursor"].as_str().unwrap_or_default().to_owned();
    let second = app
        .get(&format!("/api/v1/programmes?limit=2&cursor={cursor}"), Some(&admin))
        .await;
    assert_eq!(titles(&second), ["Programme 0"]);
    assert!(second.body.get("next_cursor").is_none());

    let cases = [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=abc", "cursor"),
        ("status=lost", "status"),
        ("limit=-3", "limit"),
        ("sort=title", "sort"),
    ];
    for (query, field) in cases {
        let response = app.get(&format!("/api/v1/programmes?{query}"), Some(&admin)).await;
        assert_eq!(response.status, 422, "{query}: {}", response.text);
        assert_eq!(response.error_fields(), [field], "{query}");
    }
}

/// Seeds `count` learners of the tenant (accounts made 60 days ago), `active` of them
/// signed in three days ago, the others 45 days ago.
fn seed_learners(app: &TestApp, count: usize, active: usize) {
    use relais_api::identity::users::{create_account, NewAccount};
    let mut conn = app.connection();
    let at = app.now();
    let tenant = app.org.tenant();
    let hash = UserRow::find_by_email(&mut conn, &app.org.learner.email)
        .ok()
        .flatten()
        .map(|u| u.password_hash)
        .unwrap_or_default();
    for n in 0..count {
        let account = NewAccount {
            email: Email::parse("email", &format!("seeded{n}.{}@example.com", &app.org.id[24..])).expect("e-mail"),
            display_name: format!("Seeded {n}"),
            role: Role::Learner,
            password_hash: hash.clone(),
        };
        let row = create_account(&mut conn, &tenant, None, account, at - chrono::Duration::days(60)).expect("account");
        let days_ago = if n < active { 3 } else { 45 };
        let event = DomainEvent::by(&row.id, EventKind::SignedIn, at - chrono::Duration::days(days_ago));
        EventRow::record(&mut conn, &tenant, &event).expect("event");
    }
}

#[actix_rt::test]
async fn the_active_learner_rate_is_computed_and_hidden_below_k() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, _, _) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;

    // One learner (seeded by the harness) only: too few people to show anything.
    app.catch_up();
    let small = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    assert_eq!(small.body["objectives"][0]["current"], json!({"state": "suppressed"}));
    assert_eq!(small.body["learners"], json!({"state": "suppressed"}));
    assert_eq!(small.body["objectives"][0]["pacing"], Value::Null);

    // Nine more learners, four of them active lately, plus the harness learner signing in
    // now: 5 active of 10. The admin's own sign-ins do not count: only learners'.
    seed_learners(&app, 9, 4);
    app.sign_in(&app.org.learner.email).await;
    app.catch_up();
    let dashboard = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    assert_eq!(dashboard.body["learners"], json!({"state": "value", "value": 10.0}));
    assert_eq!(
        dashboard.body["objectives"][0]["current"],
        json!({"state": "value", "value": 50.0}),
        "{}",
        dashboard.text
    );
    assert_eq!(dashboard.body["objectives"][0]["unit"], "percent");
    assert_eq!(dashboard.body["coverage"], json!({"state": "no_data"}));
    assert_eq!(dashboard.body["ambassadors"], json!({"state": "suppressed"}));
}

#[actix_rt::test]
async fn metrics_without_data_yet_say_so() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, need_id, _) = programme_with_objective(&app, &admin).await;
    let mut body = objective_body(&need_id);
    body["metric"] = json!("tips_published");
    body["target"] = json!(40);
    let created = app
        .post(&format!("/api/v1/programmes/{id}/objectives"), Some(&admin), &body)
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let dashboard = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    let tips = dashboard.body["objectives"]
        .as_array()
        .and_then(|all| all.iter().find(|o| o["objective"]["metric"] == "tips_published"))
        .cloned();
    let tips = tips.unwrap_or_default();
    assert_eq!(tips["current"], json!({"state": "no_data"}));
    assert_eq!(tips["unit"], "count");
}

#[actix_rt::test]
async fn programme_changes_are_recorded_as_activity() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, _, _) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    use diesel::prelude::*;
    use relais_db::schema::activity_events::dsl as e;
    let mut conn = app.connection();
    let kinds: Vec<String> = e::activity_events
        .filter(e::organisation_id.eq(&app.org.id))
        .filter(e::kind.ne("user_created"))
        .order(e::id.asc())
        .select(e::kind)
        .load(&mut conn)
        .expect("events");
    assert_eq!(
        kinds,
        [
            "signed_in",
            "programme_created",
            "need_created",
            "objective_created",
            "programme_activated"
        ]
    );
}

/// The roll-ups count what the event log says, whether kept event by event, replayed from
/// the start or rebuilt at once, including events loaded out of order and people whose
/// account changes.
#[actix_rt::test]
async fn rollups_agree_with_the_event_log() {
    use relais_db::analytics::Rollups;
    use relais_db::events::PeopleCounts;
    let app = spawn_app().await;
    seed_learners(&app, 12, 7);
    app.catch_up();
    let tenant = app.org.tenant();
    let at = app.now();
    let learner = UserId::new(app.org.learner.id.clone());
    // Bulk loads arrive out of order: the latest day must win.
    let late = EventRow::of(
        &tenant,
        &DomainEvent::by(&learner, EventKind::SignedIn, at - chrono::Duration::days(2)),
    );
    let early = EventRow::of(
        &tenant,
        &DomainEvent::by(&learner, EventKind::SignedIn, at - chrono::Duration::days(200)),
    );
    EventRow::record_many(&mut app.connection(), &[late, early]).expect("events");
    // A deactivated learner no longer counts, though their activity stays in the log.
    let admin = app.admin().await;
    let seeded = app.get("/api/v1/users?limit=100", Some(&admin)).await;
    let someone = seeded.body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|u| u["display_name"] == "Seeded 0"))
        .and_then(|u| u["id"].as_str())
        .unwrap_or_default()
        .to_owned();
    let deactivated = app
        .post_empty(&format!("/api/v1/users/{someone}/deactivate"), Some(&admin))
        .await;
    assert_eq!(deactivated.status, 200, "{}", deactivated.text);
    assert!(app.catch_up() > 0);

    let counts = |conn: &mut relais_db::DbConnection| {
        [1, 7, 30, 90]
            .map(|days| {
                let first = at.date_naive() - chrono::Duration::days(days - 1);
                Rollups::active_since(conn, &tenant, Role::Learner, first).expect("roll-up")
            })
            .to_vec()
    };
    let mut conn = app.connection();
    let incremental = counts(&mut conn);
    let from_log: Vec<u64> = [1, 7, 30, 90]
        .map(|days| {
            let first = (at.date_naive() - chrono::Duration::days(days - 1))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default();
            PeopleCounts::active_between(&mut conn, &tenant, Role::Learner, first, relais_db::stored(at)).expect("log")
        })
        .to_vec();
    assert_eq!(incremental, from_log, "kept event by event");
    assert_eq!(
        incremental,
        vec![0, 7, 7, 12],
        "nobody today; the harness learner and 6 of 7 seeded this week; all of them in 90 days"
    );
    assert_eq!(Rollups::accounts(&mut conn, &tenant, Role::Learner).ok(), Some(12));

    let replayed = relais_api::worker::replay(&app.state, relais_api::worker::CONSUMERS[0]).expect("replay");
    assert!(replayed > 20, "{replayed} events replayed");
    assert_eq!(counts(&mut conn), incremental, "replayed from the start");
    relais_api::worker::rebuild_all(&app.state).expect("rebuild");
    assert_eq!(counts(&mut conn), incremental, "rebuilt at once");
    assert_eq!(Rollups::accounts(&mut conn, &tenant, Role::Learner).ok(), Some(12));
    assert_eq!(app.catch_up(), 0, "the rebuild left the position at the last event");
}

/// Time comes from the app's clock: moving it moves the dashboard's pacing and window.
#[actix_rt::test]
async fn the_dashboard_reads_time_from_the_clock() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    seed_learners(&app, 10, 6);
    let (id, _, _) = programme_with_objective(&app, &admin).await;
    let activated = app
        .post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    assert_eq!(activated.status, 200, "{}", activated.text);
    app.catch_up();
    let before = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    let pacing = &before.body["objectives"][0]["pacing"];
    assert!(pacing["expected"].as_f64().unwrap_or(1.0) < 0.01, "{pacing}");
    assert_eq!(
        before.body["objectives"][0]["current"]["value"], 54.5,
        "6 of 11 learners active"
    );

    // 45 days later (the objective is due 90 days after activation): half the time has gone,
    // and the learners active three days before activation are out of the 30-day window.
    app.clock.advance(chrono::Duration::days(45));
    let admin = app.admin().await;
    let after = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    assert_eq!(after.status, 200, "{}", after.text);
    assert_eq!(
        after.body["objectives"][0]["current"],
        json!({"state": "suppressed"}),
        "no learner active in the 30 days before the new now: 0 % would say so of each of them"
    );
    // Six of them come back today.
    let tenant = app.org.tenant();
    let mut conn = app.connection();
    let seeded: Vec<UserRow> = relais_db::identity::UserQuery {
        tenant: &tenant,
        search: Some("Seeded"),
        role: None,
        active: None,
        after: None,
        limit: 100,
    }
    .list(&mut conn)
    .expect("people")
    .into_iter()
    .filter(|u| u.display_name.starts_with("Seeded"))
    .take(6)
    .collect();
    for person in &seeded {
        let event = DomainEvent::by(&person.id, EventKind::SignedIn, app.now());
        EventRow::record(&mut conn, &tenant, &event).expect("event");
    }
    app.catch_up();
    let after = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&admin))
        .await;
    assert_eq!(after.body["objectives"][0]["current"]["value"], 54.5);
    let expected = after.body["objectives"][0]["pacing"]["expected"]
        .as_f64()
        .unwrap_or(0.0);
    assert!((0.45..0.55).contains(&expected), "half the time has gone: {expected}");
    let computed_at = after.body["computed_at"].as_str().unwrap_or_default();
    let computed_at = chrono::DateTime::parse_from_rfc3339(computed_at).map(|t| t.with_timezone(&chrono::Utc));
    assert_eq!(computed_at.ok(), Some(app.now()));
}

/// A stored value the code does not know is an error, never read as some default (before,
/// an unknown metric silently became the active-learner rate).
#[actix_rt::test]
async fn an_unknown_stored_value_is_an_error_not_a_default() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, _, objective) = programme_with_objective(&app, &admin).await;
    let mut conn = app.connection();
    diesel::sql_query(relais_db::numbered_parameters(
        &conn,
        "UPDATE objectives SET metric = 'coffee_breaks' WHERE id = $1",
    ))
    .bind::<diesel::sql_types::Text, _>(&objective)
    .execute(&mut conn)
    .expect("corrupt the stored metric");
    let read = app.get(&format!("/api/v1/programmes/{id}"), Some(&admin)).await;
    assert_eq!(read.status, 500, "{}", read.text);
    assert_eq!(read.code(), "internal_error");
    assert!(!read.text.contains("coffee_breaks"), "the cause is logged, not sent");
}

/// Learners and ambassadors read what a programme aims for, not the training team's
/// evidence behind each need.
#[actix_rt::test]
async fn only_programme_managers_read_the_evidence_of_needs() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, need_id, _) = programme_with_objective(&app, &admin).await;
    let evidence = json!({"title": "Adoption faible", "evidence": "Entretiens : 7 sur 10", "priority": "high"});
    let updated = app
        .put(
            &format!("/api/v1/programmes/{id}/needs/{need_id}"),
            Some(&admin),
            &evidence,
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    let as_admin = app.get(&format!("/api/v1/programmes/{id}"), Some(&admin)).await;
    assert_eq!(as_admin.body["needs"][0]["evidence"], "Entretiens : 7 sur 10");
    for email in [&app.org.learner.email, &app.org.ambassador.email] {
        let token = app.token(email).await;
        let read = app.get(&format!("/api/v1/programmes/{id}"), Some(&token)).await;
        assert_eq!(read.status, 200, "{}", read.text);
        assert_eq!(read.body["needs"][0]["title"], "Adoption faible");
        assert_eq!(read.body["needs"][0]["evidence"], "", "{email}");
        assert!(!read.text.contains("7 sur 10"), "{email}");
    }
}

/// Dates outside 2000–2100 are field errors on both backends, never a database error.
#[actix_rt::test]
async fn dates_are_bounded() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (starts_on, ends_on, field) in [
        ("0001-01-01", "2026-06-01", "starts_on"),
        ("1999-12-31", "2026-06-01", "starts_on"),
        ("2026-01-01", "2101-01-01", "ends_on"),
        ("-4714-01-01", "2026-06-01", "starts_on"),
    ] {
        let mut body = programme_body("Programme daté");
        body["starts_on"] = starts_on.into();
        body["ends_on"] = ends_on.into();
        let response = app.post("/api/v1/programmes", Some(&admin), &body).await;
        assert_eq!(
            (response.status, response.error_fields()),
            (422, vec![field.to_owned()]),
            "{starts_on} {ends_on}: {}",
            response.text
        );
    }
}

/// A creation answers with the address of what it made; the programme and the account are
/// read back from it.
#[actix_rt::test]
async fn creations_answer_with_the_location_of_what_they_made() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = app
        .post("/api/v1/programmes", Some(&admin), &programme_body("Adresse"))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["programme"]["id"].as_str().unwrap_or_default().to_owned();
    let location = created.header("location").unwrap_or_default();
    assert_eq!(location, format!("/api/v1/programmes/{id}"));
    assert_eq!(
        app.get(&location, Some(&admin)).await.body["programme"]["id"],
        id.as_str()
    );

    let need = app
        .post(
            &format!("/api/v1/programmes/{id}/needs"),
            Some(&admin),
            &json!({"title": "Adoption faible", "evidence": "", "priority": "high"}),
        )
        .await;
    let need_id = need.body["id"].as_str().unwrap_or_default().to_owned();
    let location = need.header("location").unwrap_or_default();
    assert_eq!(location, format!("/api/v1/programmes/{id}/needs/{need_id}"));
    assert_eq!(app.get(&location, Some(&admin)).await.body["id"], need_id.as_str());
    let objective = app
        .post(
            &format!("/api/v1/programmes/{id}/objectives"),
            Some(&admin),
            &objective_body(&need_id),
        )
        .await;
    let objective_id = objective.body["id"].as_str().unwrap_or_default();
    let location = objective.header("location").unwrap_or_default();
    assert_eq!(location, format!("/api/v1/programmes/{id}/objectives/{objective_id}"));
    assert_eq!(app.get(&location, Some(&admin)).await.body["id"], objective_id);

    let user = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({"email": "nouveau@example.com", "display_name": "Nouveau", "role": "learner", "password": PASSWORD}),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let location = user.header("location").unwrap_or_default();
    assert_eq!(
        app.get(&location, Some(&admin)).await.body["email"],
        "nouveau@example.com"
    );
    let learner = app.token(&app.org.learner.email).await;
    assert_eq!(app.get(&location, Some(&learner)).await.status, 403);
}

/// A closed programme's dashboard is the one it had when it closed: people joining later,
/// or time passing, do not rewrite what it achieved; its retrospective is shown with it.
#[actix_rt::test]
async fn a_closed_programme_keeps_its_figures_at_closing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, _, _) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    let closed = app
        .post(
            &format!("/api/v1/programmes/{id}/close"),
            Some(&admin),
            &json!({"retrospective": "Les relais terrain ont tout changé."}),
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    let url = format!("/api/v1/programmes/{id}/dashboard");
    let at_closing = app.get(&url, Some(&admin)).await;
    assert_eq!(at_closing.status, 200, "{}", at_closing.text);

    seed_learners(&app, 12, 12);
    app.catch_up();
    app.clock.advance(chrono::Duration::days(40));
    let admin = app.admin().await;
    let later = app.get(&url, Some(&admin)).await;
    assert_eq!(later.status, 200, "{}", later.text);
    assert_eq!(
        later.body["learners"], at_closing.body["learners"],
        "people counted at closing"
    );
    assert_eq!(later.body["objectives"], at_closing.body["objectives"]);
    assert_eq!(later.body["computed_at"], at_closing.body["computed_at"]);
    assert_eq!(
        later.body["programme"]["retrospective"],
        "Les relais terrain ont tout changé."
    );
    let learner = app.token(&app.org.learner.email).await;
    assert_eq!(
        app.get(&url, Some(&learner)).await.status,
        404,
        "closed programmes are the team's"
    );
}

/// The daily job records each active objective's value of the day, once per day however
/// often it runs; the dashboard draws them as a trend line starting from the baseline.
#[actix_rt::test]
async fn a_daily_job_records_the_trend_of_each_objective() {
    use relais_api::worker::{run_one_job, JobOutcome};
    let app = spawn_app().await;
    let admin = app.admin().await;
    seed_learners(&app, 12, 8);
    app.catch_up();
    let (id, _, _) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    let url = format!("/api/v1/programmes/{id}/dashboard");
    let trend = |body: &Value| body["objectives"][0]["trend"].as_array().cloned().unwrap_or_default();
    let first = app.get(&url, Some(&admin)).await;
    assert_eq!(
        trend(&first.body).len(),
        1,
        "the baseline is the first point: {}",
        first.text
    );

    let run_daily = || {
        let mut conn = app.connection();
        relais_api::jobs::enqueue_daily(&mut conn, app.now()).expect("enqueue");
        relais_api::jobs::enqueue_daily(&mut conn, app.now()).expect("enqueued once while pending");
        let mut ran = 0;
        while run_one_job(&app.state, "test").expect("run") != JobOutcome::Idle {
            ran += 1;
        }
        ran
    };
    assert_eq!(run_daily(), 1, "one daily job");
    let same_day = app.get(&url, Some(&admin)).await;
    assert_eq!(trend(&same_day.body).len(), 1, "the same day is recorded once");

    for day in 1..=3 {
        app.clock.advance(chrono::Duration::days(1));
        assert_eq!(run_daily(), 1, "day {day}");
    }
    let admin = app.admin().await;
    let later = app.get(&url, Some(&admin)).await;
    let points = trend(&later.body);
    assert_eq!(points.len(), 4, "{}", later.text);
    let days: Vec<&str> = points.iter().filter_map(|p| p["day"].as_str()).collect();
    let mut sorted = days.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(days, sorted, "oldest first, one per day");
    assert_eq!(points[0]["value"], later.body["objectives"][0]["objective"]["baseline"]);
}

/// An active programme started when it was activated: its start cannot move later (its
/// baselines would then predate it); earlier stays possible.
#[actix_rt::test]
async fn an_active_programmes_start_cannot_move_after_its_activation() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, _, _) = programme_with_objective(&app, &admin).await;
    app.post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    let mut body = programme_body("Lancement appli");
    let today = chrono::Utc::now().date_naive();
    body["starts_on"] = Value::String((today + chrono::Duration::days(5)).to_string());
    let later = app.put(&format!("/api/v1/programmes/{id}"), Some(&admin), &body).await;
    assert_eq!(
        (later.status, later.error_fields()),
        (422, vec!["starts_on".to_owned()]),
        "{}",
        later.text
    );
    body["starts_on"] = Value::String((today - chrono::Duration::days(20)).to_string());
    let earlier = app.put(&format!("/api/v1/programmes/{id}"), Some(&admin), &body).await;
    assert_eq!(earlier.status, 200, "{}", earlier.text);
}

/// Once a baseline is measured, a target at or below it is refused: it would count as
/// reached from the first day.
#[actix_rt::test]
async fn a_target_must_lie_beyond_the_measured_baseline() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    seed_learners(&app, 12, 8);
    app.catch_up();
    let (id, need_id, objective_id) = programme_with_objective(&app, &admin).await;
    let active = app
        .post_empty(&format!("/api/v1/programmes/{id}/activate"), Some(&admin))
        .await;
    let baseline = active.body["objectives"][0]["baseline"]
        .as_f64()
        .expect("a measured baseline");
    let mut body = objective_body(&need_id);
    body["target"] = json!(baseline);
    let url = format!("/api/v1/programmes/{id}/objectives/{objective_id}");
    let refused = app.put(&url, Some(&admin), &body).await;
    assert_eq!(
        (refused.status, refused.error_fields()),
        (422, vec!["target".to_owned()]),
        "{}",
        refused.text
    );
    let added = app
        .post(&format!("/api/v1/programmes/{id}/objectives"), Some(&admin), &body)
        .await;
    assert_eq!(
        (added.status, added.error_fields()),
        (422, vec!["target".to_owned()]),
        "{}",
        added.text
    );
    let count = app.get(&format!("/api/v1/programmes/{id}"), Some(&admin)).await.body["objectives"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(count, 1, "the refused objective was not kept");
    body["target"] = json!((baseline + 5.0).min(100.0));
    assert_eq!(app.put(&url, Some(&admin), &body).await.status, 200);
}

//! `Idempotency-Key` on creations: a repeated key replays the first answer, never creates
//! twice, not even when the repeats race.

use crate::helpers::{programme_body, read, spawn_app, Response, TestApp};
use serde_json::Value;

async fn create_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> Response {
    let request = app
        .request("POST", "/api/v1/programmes", Some(token))
        .insert_header(("idempotency-key", key));
    read(request.send_json(body).await.expect("sent")).await
}

async fn programme_count(app: &TestApp, token: &str) -> usize {
    let list = app.get("/api/v1/programmes?limit=100", Some(token)).await;
    list.body["items"].as_array().map_or(0, Vec::len)
}

#[actix_rt::test]
async fn the_same_key_again_replays_the_first_answer() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let before = programme_count(&app, &admin).await;
    let body = programme_body("Une seule fois");
    let first = create_with_key(&app, &admin, "key-1", &body).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = create_with_key(&app, &admin, "key-1", &body).await;
    assert_eq!(again.status, 201, "{}", again.text);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.body, first.body, "the same answer");
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(programme_count(&app, &admin).await, before + 1, "created once");

    // Another key, or no key, creates again.
    assert_eq!(create_with_key(&app, &admin, "key-2", &body).await.status, 201);
    assert_eq!(app.post("/api/v1/programmes", Some(&admin), &body).await.status, 201);
    assert_eq!(programme_count(&app, &admin).await, before + 3);
}

#[actix_rt::test]
async fn a_key_is_for_one_request_and_one_person_and_24_hours() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = create_with_key(&app, &admin, "k", &programme_body("Premier")).await;
    assert_eq!(first.status, 201);
    let other_body = create_with_key(&app, &admin, "k", &programme_body("Autre")).await;
    assert_eq!((other_body.status, other_body.code()), (409, "idempotency_key_reused"));

    // Another organisation's admin using the same key creates their own.
    let other = app.token(&app.other_org.admin.email).await;
    let theirs = create_with_key(&app, &other, "k", &programme_body("Premier")).await;
    assert_eq!(theirs.status, 201, "{}", theirs.text);
    assert_ne!(theirs.body["programme"]["id"], first.body["programme"]["id"]);

    app.clock.advance(chrono::Duration::hours(25));
    let later = create_with_key(&app, &admin, "k", &programme_body("Autre")).await;
    assert_eq!(later.status, 201, "after 24 hours the key is free: {}", later.text);
    assert_eq!(later.header("idempotent-replayed"), None);
}

#[actix_rt::test]
async fn a_failed_first_request_frees_its_key() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut bad = programme_body("Mauvais");
    bad["title"] = Value::String(String::new());
    let refused = create_with_key(&app, &admin, "retry", &bad).await;
    assert_eq!(refused.status, 422);
    let corrected = create_with_key(&app, &admin, "retry", &programme_body("Corrigé")).await;
    assert_eq!(corrected.status, 201, "{}", corrected.text);
}

#[actix_rt::test]
async fn bad_keys_are_refused_naming_the_header() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for key in ["x".repeat(256), "é".to_owned(), " ".to_owned()] {
        let request = app
            .request("POST", "/api/v1/programmes", Some(&admin))
            .insert_header(("idempotency-key", key.as_str()));
        let answer = read(request.send_json(&programme_body("Clé")).await.expect("sent")).await;
        assert_eq!(answer.status, 422, "{key:?}: {}", answer.text);
        assert_eq!(answer.error_fields(), vec!["Idempotency-Key".to_owned()]);
    }
    // A learner's key does not get past the policy.
    let learner = app.token(&app.org.learner.email).await;
    let refused = create_with_key(&app, &learner, "l", &programme_body("Non")).await;
    assert_eq!(refused.status, 403);
}

/// A double click: the same request with the same key, sent eight times at once, creates
/// one programme, and every answer is that programme.
#[actix_rt::test]
async fn racing_repeats_create_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let before = programme_count(&app, &admin).await;
    let body = programme_body("Double clic");
    let answers = futures_util::future::join_all((0..8).map(|_| create_with_key(&app, &admin, "click", &body))).await;
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, 201, "{}", a.text);
            a.body["programme"]["id"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one programme for all: {ids:?}");
    assert_eq!(programme_count(&app, &admin).await, before + 1);
}

/// Found by the probe: the key is honoured on the path as routed (percent-encoded too), not
/// on paths that do not route; the policy answers before the key is looked at; a body sent
/// with a key has the same limits and answers as without.
#[actix_rt::test]
async fn the_key_follows_routing_the_policy_and_the_body_limits() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = programme_body("Encodé");
    let send = |path: &str, token: Option<&str>, key: &str| {
        app.request("POST", path, token)
            .insert_header(("idempotency-key", key.to_owned()))
    };
    let first = read(
        send("/api/v1/%70rogrammes", Some(&admin), "enc")
            .send_json(&body)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let again = read(
        send("/api/v1/%70rogrammes", Some(&admin), "enc")
            .send_json(&body)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(
        again.header("idempotent-replayed").as_deref(),
        Some("true"),
        "{}",
        again.text
    );
    assert_eq!(again.body["programme"]["id"], first.body["programme"]["id"]);

    let slash = read(
        send("/api/v1/programmes/", Some(&admin), "enc")
            .send_json(&body)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(slash.status, 404, "not a route, whatever the key: {}", slash.text);

    let learner = app.token(&app.org.learner.email).await;
    let refused = read(
        send("/api/v1/programmes", Some(&learner), "")
            .send_json(&body)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(refused.status, 403, "the policy first: {}", refused.text);
    let anonymous = read(
        send("/api/v1/programmes", None, "")
            .send_json(&body)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(anonymous.status, 401);

    let huge = serde_json::json!({"title": "x".repeat(2_000_000)});
    let large = read(
        send("/api/v1/programmes", Some(&admin), "big")
            .send_json(&huge)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(
        (large.status, large.code()),
        (413, "payload_too_large"),
        "{}",
        &large.text[..large.text.len().min(200)]
    );
    assert_eq!(
        large.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    let twice = read(
        app.request("POST", "/api/v1/programmes", Some(&admin))
            .append_header(("idempotency-key", "a"))
            .append_header(("idempotency-key", "b"))
            .send_json(&body)
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(
        (twice.status, twice.error_fields()),
        (422, vec!["Idempotency-Key".to_owned()])
    );
}

//! Step 3, recognition (V5): badges earned by rules once, custom badges given with a
//! reason, kudos, points in the ledger and the week's leaderboard, leaving it — and who may
//! do what.

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn publish(app: &TestApp, token: &str, title: &str) -> String {
    let created = app
        .post(
            "/api/v1/tips",
            Some(token),
            &json!({"title": title, "body": "Un conseil assez long pour passer.", "status": "published"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["summary"]["id"].as_str().unwrap_or_default().to_owned()
}

fn automatic(profile: &Value) -> Vec<String> {
    profile["badges"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|b| b["automatic"].as_str().map(str::to_owned))
        .collect()
}

fn board(leaderboard: &Value) -> Vec<(String, u64)> {
    leaderboard["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["person"]["id"].as_str().unwrap_or_default().to_owned(),
                e["points"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[actix_rt::test]
async fn a_first_tip_earns_its_badge_once_and_points_fill_the_week() {
    let app = spawn_app().await;
    let learner = app.token(&app.org.learner.email).await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner_id = app.org.learner.id.clone();
    let profile_path = format!("/api/v1/people/{learner_id}/recognition");

    let tip = publish(&app, &learner, "Mon premier conseil").await;
    app.catch_up();
    let profile = app.get(&profile_path, Some(&ambassador)).await;
    assert_eq!(profile.status, 200, "{}", profile.text);
    assert_eq!(automatic(&profile.body), vec!["first_tip"]);
    assert_eq!(
        profile.body["leaderboard_opt_out"],
        Value::Null,
        "someone else's preference is theirs"
    );

    publish(&app, &learner, "Mon deuxième conseil").await;
    let reacted = app
        .put(
            &format!("/api/v1/tips/{tip}/reactions/useful"),
            Some(&ambassador),
            &json!({}),
        )
        .await;
    assert_eq!(reacted.status, 200, "{}", reacted.text);
    let comment = app
        .post(
            &format!("/api/v1/tips/{tip}/comments"),
            Some(&ambassador),
            &json!({"body": "Merci !"}),
        )
        .await;
    assert_eq!(comment.status, 201, "{}", comment.text);
    // A comment written then deleted earns nothing.
    let gone = app
        .post(
            &format!("/api/v1/tips/{tip}/comments"),
            Some(&ambassador),
            &json!({"body": "Oups"}),
        )
        .await;
    let gone = gone.body["id"].as_str().unwrap_or_default().to_owned();
    app.catch_up();
    app.delete(&format!("/api/v1/tips/{tip}/comments/{gone}"), Some(&ambassador))
        .await;
    app.catch_up();
    // Replaying what was already applied changes nothing: the badge stays one.
    app.catch_up();
    let own = app.get(&profile_path, Some(&learner)).await;
    assert_eq!(automatic(&own.body), vec!["first_tip"], "exactly once");
    assert_eq!(own.body["leaderboard_opt_out"], false);
    assert_eq!(own.body["contributions"]["tips_published"], 2);
    assert_eq!(own.body["contributions"]["reactions_received"], 1);

    // 2 tips × 10 + a reaction 2 + the badge 5; the ambassador's comment 1.
    let week = app.get("/api/v1/leaderboards?period=week", Some(&learner)).await;
    assert_eq!(week.status, 200, "{}", week.text);
    assert_eq!(
        board(&week.body),
        vec![(learner_id.clone(), 27), (app.org.ambassador.id.clone(), 1)]
    );
    assert_eq!(week.body["items"][0]["rank"], 1);

    // Leaving leaderboards: absent from every one, and told so.
    let left = app
        .put(
            "/api/v1/me/recognition-preferences",
            Some(&learner),
            &json!({"leaderboard_opt_out": true}),
        )
        .await;
    assert_eq!(left.status, 200, "{}", left.text);
    let week = app.get("/api/v1/leaderboards?period=month", Some(&learner)).await;
    assert_eq!(board(&week.body), vec![(app.org.ambassador.id.clone(), 1)]);
    assert_eq!(week.body["caller_opted_out"], true);
    let spotlight = app.get("/api/v1/creators/spotlight", Some(&ambassador)).await;
    assert_eq!(spotlight.body["items"], json!([]), "the spotlight is a leaderboard too");

    // A week later, the week starts over.
    app.clock.advance(chrono::Duration::days(8));
    let next = app.get("/api/v1/leaderboards", Some(&ambassador)).await;
    assert_eq!(board(&next.body), vec![]);

    let bad = app
        .get("/api/v1/leaderboards?period=year&site=nope", Some(&learner))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    let unknown_site = app
        .get(
            "/api/v1/leaderboards?site=0193a2b4-0000-7000-8000-000000000000",
            Some(&learner),
        )
        .await;
    assert_eq!(unknown_site.status, 200, "{}", unknown_site.text);
    assert_eq!(board(&unknown_site.body), vec![], "no one works there");
}

#[actix_rt::test]
async fn kudos_go_to_a_colleague_and_show_on_their_profile() {
    let app = spawn_app().await;
    let learner = app.token(&app.org.learner.email).await;
    let ambassador_id = app.org.ambassador.id.clone();
    let given = app
        .post(
            "/api/v1/kudos",
            Some(&learner),
            &json!({"to": ambassador_id, "message": "Merci pour le brief de ce matin !"}),
        )
        .await;
    assert_eq!(given.status, 201, "{}", given.text);
    let location = given.header("location").unwrap_or_default();
    let read = app.get(&location, Some(&learner)).await;
    assert_eq!(
        read.body["message"], "Merci pour le brief de ce matin !",
        "{}",
        read.text
    );
    for (body, field) in [
        (json!({"to": app.org.learner.id, "message": "Bravo à moi !"}), "to"),
        (
            json!({"to": app.other_org.learner.id, "message": "Bonjour l'autre !"}),
            "to",
        ),
        (json!({"to": ambassador_id, "message": "ok"}), "message"),
        (json!({"to": ambassador_id, "message": "x".repeat(281)}), "message"),
    ] {
        let refused = app.post("/api/v1/kudos", Some(&learner), &body).await;
        assert_eq!(refused.status, 422, "{body}: {}", refused.text);
        assert!(
            refused.error_fields().contains(&field.to_owned()),
            "{body}: {}",
            refused.text
        );
    }
    app.catch_up();
    let profile = app
        .get(&format!("/api/v1/people/{ambassador_id}/recognition"), Some(&learner))
        .await;
    assert_eq!(profile.body["kudos"][0]["message"], "Merci pour le brief de ce matin !");
    assert_eq!(profile.body["kudos"][0]["from"]["id"], app.org.learner.id.as_str());
    assert_eq!(profile.body["contributions"]["kudos_received"], 1);
    let week = app.get("/api/v1/leaderboards", Some(&learner)).await;
    assert_eq!(board(&week.body), vec![(ambassador_id.clone(), 3)]);

    let stranger = app.token(&app.other_org.admin.email).await;
    let hidden = app
        .get(&format!("/api/v1/people/{ambassador_id}/recognition"), Some(&stranger))
        .await;
    assert_eq!(hidden.status, 404, "{}", hidden.text);
}

#[actix_rt::test]
async fn the_training_team_gives_custom_badges_once_with_a_reason() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    let refused = app
        .post("/api/v1/badges", Some(&learner), &json!({"name": "Pilier du magasin"}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    let badge = app
        .post(
            "/api/v1/badges",
            Some(&admin),
            &json!({"name": "Pilier du magasin", "description": "Toujours là pour les nouveaux."}),
        )
        .await;
    assert_eq!(badge.status, 201, "{}", badge.text);
    let badge = badge.body["id"].as_str().unwrap_or_default().to_owned();
    let twice = app
        .post("/api/v1/badges", Some(&admin), &json!({"name": "PILIER du magasin"}))
        .await;
    assert_eq!(twice.status, 409, "{}", twice.text);

    let holder = |person: &str| format!("/api/v1/badges/{badge}/holders/{person}");
    let body = json!({"reason": "A formé trois saisonniers cet été."});
    let given = app.put(&holder(&app.org.learner.id), Some(&admin), &body).await;
    assert_eq!(given.status, 200, "{}", given.text);
    assert_eq!(given.body["badge"]["holders"], 1);
    let again = app.put(&holder(&app.org.learner.id), Some(&admin), &body).await;
    assert_eq!(again.status, 409, "{}", again.text);
    assert_eq!(again.code(), "already_awarded");
    let foreign = app.put(&holder(&app.other_org.learner.id), Some(&admin), &body).await;
    assert_eq!(foreign.status, 404, "{}", foreign.text);
    let short = app
        .put(
            &holder(&app.org.ambassador.id),
            Some(&admin),
            &json!({"reason": "court"}),
        )
        .await;
    assert_eq!(short.status, 422, "{}", short.text);
    let read = app.get(&format!("/api/v1/badges/{badge}"), Some(&learner)).await;
    assert_eq!(read.body["holders"], 1, "{}", read.text);

    let profile = app
        .get(
            &format!("/api/v1/people/{}/recognition", app.org.learner.id),
            Some(&learner),
        )
        .await;
    assert_eq!(profile.body["badges"][0]["badge"]["name"], "Pilier du magasin");
    assert_eq!(
        profile.body["badges"][0]["reason"],
        "A formé trois saisonniers cet été."
    );
    let list = app.get("/api/v1/badges", Some(&learner)).await;
    assert_eq!(list.body[0]["holders"], 1);
    app.catch_up();
    let week = app.get("/api/v1/leaderboards", Some(&learner)).await;
    assert_eq!(
        board(&week.body),
        vec![(app.org.learner.id.clone(), 5)],
        "a badge earns 5"
    );
}

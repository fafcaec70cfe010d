//! Step 2, finding ambassadors (C2–C5): the pipeline from suggestion to alumni with the
//! role following it, nominations and applications, the ranking with its breakdown,
//! weights, coverage — and who may see what.

use crate::helpers::{programme_with_objective, spawn_app, TestApp};
use serde_json::{json, Value};

/// An active programme, a site with the learner placed there; (programme, site).
async fn setting(app: &TestApp, admin: &str) -> (String, String) {
    let (programme, _, _) = programme_with_objective(app, admin).await;
    let active = app
        .post_empty(&format!("/api/v1/programmes/{programme}/activate"), Some(admin))
        .await;
    assert_eq!(active.status, 200, "{}", active.text);
    let region = app
        .post("/api/v1/regions", Some(admin), &json!({"name": "Bretagne"}))
        .await;
    let site = app
        .post(
            "/api/v1/sites",
            Some(admin),
            &json!({"name": "Rennes", "kind": "store", "region_id": region.body["id"]}),
        )
        .await;
    let site = site.body["id"].as_str().unwrap_or_default().to_owned();
    let learner = app.org.learner.id.clone();
    let placed = app
        .put(
            &format!("/api/v1/directory/{learner}"),
            Some(admin),
            &json!({"job_title": "Vendeuse", "management_level": "team_lead", "manager_id": null, "site_id": site, "domain_ids": [], "work_pattern": "field"}),
        )
        .await;
    assert_eq!(placed.status, 200, "{}", placed.text);
    (programme, site)
}

fn states(history: &Value) -> Vec<String> {
    history
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| c["to"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[actix_rt::test]
async fn a_learner_goes_from_suggested_to_ambassador_and_back() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (programme, site) = setting(&app, &admin).await;
    let learner_id = app.org.learner.id.clone();

    let coverage = app
        .get(&format!("/api/v1/programmes/{programme}/coverage"), Some(&admin))
        .await;
    assert_eq!(coverage.status, 200, "{}", coverage.text);
    assert_eq!(coverage.body["sites"][0]["status"], "uncovered");

    let suggested = app
        .post(
            "/api/v1/candidacies",
            Some(&admin),
            &json!({"programme_id": programme, "person_id": learner_id, "note": "très écoutée"}),
        )
        .await;
    assert_eq!(suggested.status, 201, "{}", suggested.text);
    let id = suggested.body["candidacy"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let again = app
        .post(
            "/api/v1/candidacies",
            Some(&admin),
            &json!({"programme_id": programme, "person_id": learner_id}),
        )
        .await;
    assert_eq!(again.status, 200, "already there: not twice");

    let moves = format!("/api/v1/candidacies/{id}/moves");
    let skipped = app.post(&moves, Some(&admin), &json!({"to": "invited", "role_description": "Deux heures par mois pour aider les collègues.", "site_ids": [site]})).await;
    assert_eq!((skipped.status, skipped.code()), (409, "move_not_allowed"));
    let shortlisted = app.post(&moves, Some(&admin), &json!({"to": "shortlisted"})).await;
    assert_eq!(shortlisted.status, 200, "{}", shortlisted.text);
    let vague = app.post(&moves, Some(&admin), &json!({"to": "invited"})).await;
    assert_eq!(vague.error_fields(), ["role_description", "site_ids"]);
    let invited = app
        .post(
            &moves,
            Some(&admin),
            &json!({"to": "invited", "role_description": "Deux heures par mois pour aider les collègues.", "site_ids": [site]}),
        )
        .await;
    assert_eq!(invited.status, 200, "{}", invited.text);
    // The admin cannot answer for the invitee.
    let forced = app.post(&moves, Some(&admin), &json!({"to": "accepted"})).await;
    assert_eq!((forced.status, forced.code()), (409, "move_not_allowed"));

    // The invitee sees what the role involves, and only they may answer.
    let learner = app.token(&app.org.learner.email).await;
    let mine = app.get("/api/v1/me/ambassador-invitations", Some(&learner)).await;
    assert_eq!(mine.body[0]["state"], "invited");
    assert_eq!(mine.body[0]["sites"][0]["name"], "Rennes");
    assert!(mine.body[0]["role_description"]
        .as_str()
        .unwrap_or_default()
        .contains("Deux heures"));
    let ambassador = app.token(&app.org.ambassador.email).await;
    let theirs = app.get("/api/v1/me/ambassador-invitations", Some(&ambassador)).await;
    assert_eq!(theirs.body, json!([]), "no one else sees it");
    let answer = format!("/api/v1/me/ambassador-invitations/{id}/answer");
    let not_theirs = app.post(&answer, Some(&ambassador), &json!({"accept": true})).await;
    assert_eq!(not_theirs.status, 403);
    let not_admin = app.post(&answer, Some(&admin), &json!({"accept": true})).await;
    assert_eq!(not_admin.status, 403);
    let accepted = app.post(&answer, Some(&learner), &json!({"accept": true})).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    assert_eq!(accepted.body["state"], "accepted");
    let twice = app.post(&answer, Some(&learner), &json!({"accept": false})).await;
    assert_eq!((twice.status, twice.code()), (409, "move_not_allowed"));

    let me = app.get("/api/v1/me", Some(&learner)).await;
    assert_eq!(me.body["role"], "ambassador", "acceptance makes an ambassador, at once");
    let coverage = app
        .get(&format!("/api/v1/programmes/{programme}/coverage"), Some(&admin))
        .await;
    assert_eq!(coverage.body["sites"][0]["ambassadors"], 1);

    let active = app
        .post(
            &moves,
            Some(&admin),
            &json!({"to": "active", "note": "prise en main faite"}),
        )
        .await;
    assert_eq!(active.status, 200);
    let alumni = app
        .post(
            &moves,
            Some(&admin),
            &json!({"to": "alumni", "note": "change de magasin"}),
        )
        .await;
    assert_eq!(alumni.status, 200);
    assert_eq!(
        states(&alumni.body["history"]),
        ["suggested", "shortlisted", "invited", "accepted", "active", "alumni"]
    );
    assert_eq!(alumni.body["history"][3]["by_name"], "learner of Alpha Retail");
    assert_eq!(alumni.body["history"][5]["note"], "change de magasin");
    let me = app
        .get("/api/v1/me", Some(&app.token(&app.org.learner.email).await))
        .await;
    assert_eq!(me.body["role"], "learner", "alumni leave the role");
}

#[actix_rt::test]
async fn colleagues_nominate_admins_review_and_nominees_never_learn_who() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (programme, _) = setting(&app, &admin).await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let learner_id = app.org.learner.id.clone();
    let body = json!({"programme_id": programme, "nominee_id": learner_id, "reason": "Elle aide toute l'équipe avec l'appli."});
    let made = app.post("/api/v1/nominations", Some(&ambassador), &body).await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.body["kind"], "nomination");
    let twice = app.post("/api/v1/nominations", Some(&ambassador), &body).await;
    assert_eq!((twice.status, twice.code()), (409, "already_nominated"));
    let short = app
        .post(
            "/api/v1/nominations",
            Some(&learner),
            &json!({"programme_id": programme, "nominee_id": learner_id, "reason": "moi"}),
        )
        .await;
    assert_eq!(short.error_fields(), ["reason"]);
    let applied = app
        .post(
            "/api/v1/nominations",
            Some(&learner),
            &json!({"programme_id": programme, "nominee_id": learner_id, "reason": "J'aime montrer l'appli aux autres."}),
        )
        .await;
    assert_eq!(applied.body["kind"], "application");

    // The nominee sees their own application, not who nominated them.
    let mine = app.get("/api/v1/me/nominations", Some(&learner)).await;
    assert_eq!(mine.body.as_array().map(Vec::len), Some(1));
    assert!(!mine.text.contains("ambassador of Alpha Retail"));
    for forbidden in [
        "/api/v1/nominations",
        &format!("/api/v1/programmes/{programme}/candidates"),
    ] {
        let refused = app.get(forbidden, Some(&learner)).await;
        assert_eq!(refused.status, 403, "{forbidden}");
        let refused = app.get(forbidden, Some(&ambassador)).await;
        assert_eq!(refused.status, 403, "{forbidden}");
    }

    let inbox = app.get("/api/v1/nominations", Some(&admin)).await;
    assert_eq!(inbox.body["items"].as_array().map(Vec::len), Some(2));
    let nomination = inbox.body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|n| n["kind"] == "nomination")
        .unwrap_or_default();
    assert_eq!(nomination["nominator_name"], "ambassador of Alpha Retail");
    let id = nomination["id"].as_str().unwrap_or_default();
    let retained = app
        .put(
            &format!("/api/v1/nominations/{id}"),
            Some(&admin),
            &json!({"status": "retained"}),
        )
        .await;
    assert_eq!(retained.status, 200, "{}", retained.text);
    let again = app
        .put(
            &format!("/api/v1/nominations/{id}"),
            Some(&admin),
            &json!({"status": "dismissed"}),
        )
        .await;
    assert_eq!((again.status, again.code()), (409, "already_reviewed"));
    let pipeline = app
        .get(&format!("/api/v1/programmes/{programme}/pipeline"), Some(&admin))
        .await;
    assert_eq!(pipeline.body[0]["candidacy"]["person_id"], learner_id.as_str());
    // Reviewed, a new nomination by the same person is possible again.
    let renewed = app.post("/api/v1/nominations", Some(&ambassador), &body).await;
    assert_eq!(renewed.status, 201);
}

#[actix_rt::test]
async fn the_ranking_explains_each_score_and_follows_the_weights() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (programme, _) = setting(&app, &admin).await;
    let learner_id = app.org.learner.id.clone();
    let ranking = format!("/api/v1/programmes/{programme}/candidates");
    let first = app.get(&ranking, Some(&admin)).await;
    assert_eq!(first.status, 200, "{}", first.text);
    let top = &first.body["items"][0];
    assert_eq!(
        top["person_id"],
        learner_id.as_str(),
        "a team lead of an uncovered site"
    );
    assert_eq!(
        top["score"]["contributions"].as_array().map(Vec::len),
        Some(9),
        "every signal shown"
    );
    let before = top["score"]["total"].as_f64().unwrap_or_default();

    let observed = app
        .post(
            "/api/v1/observations",
            Some(&admin),
            &json!({"person_id": learner_id, "rating": 5, "note": "Anime le brief du matin avec l'appli."}),
        )
        .await;
    assert_eq!(observed.status, 201, "{}", observed.text);
    let listed = app
        .get(&format!("/api/v1/directory/{learner_id}/observations"), Some(&admin))
        .await;
    assert_eq!(listed.body[0]["rating"], 5);
    let bad = app
        .post(
            "/api/v1/observations",
            Some(&admin),
            &json!({"person_id": learner_id, "rating": 9, "note": "x"}),
        )
        .await;
    assert_eq!(bad.error_fields(), ["rating", "note"]);
    let after = app.get(&ranking, Some(&admin)).await;
    let total = after.body["items"][0]["score"]["total"].as_f64().unwrap_or_default();
    assert!(total > before, "{total} > {before}");
    let observation = after.body["items"][0]["score"]["contributions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|c| c["signal"] == "field_observations")
        .unwrap_or_default();
    assert_eq!(observation["raw"], 5.0);

    let weights = format!("/api/v1/programmes/{programme}/candidate-weights");
    let mut changed = app.get(&weights, Some(&admin)).await.body;
    assert_eq!(changed["learners_per_ambassador"], 25);
    changed["field_observations"] = json!(0.0);
    let saved = app.put(&weights, Some(&admin), &changed).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let reweighted = app.get(&ranking, Some(&admin)).await;
    assert!(
        reweighted.body["items"][0]["score"]["total"]
            .as_f64()
            .unwrap_or_default()
            < total
    );
    changed["span_of_control"] = json!(11);
    let refused = app.put(&weights, Some(&admin), &changed).await;
    assert_eq!(refused.error_fields(), ["span_of_control"]);

    let ambassadors_only = app.get(&format!("{ranking}?ambassador=true"), Some(&admin)).await;
    assert!(ambassadors_only.body["items"]
        .as_array()
        .is_some_and(|items| items.iter().all(|i| i["is_ambassador"] == true)));
    let too_many = app.get(&format!("{ranking}?limit=101"), Some(&admin)).await;
    assert_eq!(too_many.error_fields(), ["limit"]);
}

#[actix_rt::test]
async fn a_deactivated_person_does_not_move_on_in_the_pipeline() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (programme, _) = setting(&app, &admin).await;
    let learner = app.org.learner.id.clone();
    let suggested = app
        .post(
            "/api/v1/candidacies",
            Some(&admin),
            &json!({"programme_id": programme, "person_id": learner}),
        )
        .await;
    assert_eq!(suggested.status, 201, "{}", suggested.text);
    let candidacy = suggested.body["candidacy"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let off = app
        .post_empty(&format!("/api/v1/users/{learner}/deactivate"), Some(&admin))
        .await;
    assert_eq!(off.status, 200, "{}", off.text);
    let moves = format!("/api/v1/candidacies/{candidacy}/moves");
    let refused = app.post(&moves, Some(&admin), &json!({"to": "shortlisted"})).await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(refused.code(), "person_inactive");
}

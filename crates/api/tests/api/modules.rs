//! Step 3, modules with featured experts (V4): the catalogue, experts credited on the module
//! and on their profile, "I completed it" once, the LMS's address and activity id checked —
//! and who may do what.

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

fn lms_module(app: &TestApp, slug: &str) -> Value {
    json!({
        "title": "L'appli vendeur en dix minutes",
        "summary": "Retrouver un produit, un stock, un ticket.",
        "duration_minutes": 10,
        "delivery": "lms",
        "url": format!("https://lms.example/modules/{slug}"),
        "xapi_activity_id": format!("https://lms.example/xapi/{slug}"),
        "experts": [app.org.ambassador.id],
    })
}

#[actix_rt::test]
async fn the_team_credits_experts_and_colleagues_complete_modules_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    let created = app
        .post("/api/v1/modules", Some(&admin), &lms_module(&app, "appli"))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(created.body["experts"][0]["id"], app.org.ambassador.id.as_str());
    let location = created.header("location").unwrap_or_default();
    let read = app.get(&location, Some(&learner)).await;
    assert_eq!(
        (read.status, read.body["completions"].clone()),
        (200, json!(0)),
        "{}",
        read.text
    );
    assert_eq!(read.body["completed_at"], Value::Null);
    assert_eq!(read.body["can_manage"], false);

    let path = format!("/api/v1/modules/{id}/completion");
    let done = app.put(&path, Some(&learner), &json!({})).await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(
        (done.body["completions"].clone(), done.body["source"].clone()),
        (json!(1), json!("app"))
    );
    let again = app.put(&path, Some(&learner), &json!({})).await;
    assert_eq!(
        again.body["completed_at"], done.body["completed_at"],
        "the first date stays"
    );
    assert_eq!(again.body["completions"], 1);
    let mine = app.get(&format!("/api/v1/modules/{id}"), Some(&learner)).await;
    assert_eq!(mine.body["completed_at"], done.body["completed_at"]);
    let undone = app.delete(&path, Some(&learner)).await;
    assert_eq!(undone.status, 204);
    let read = app.get(&format!("/api/v1/modules/{id}"), Some(&learner)).await;
    assert_eq!(
        (read.body["completions"].clone(), read.body["completed_at"].clone()),
        (json!(0), Value::Null)
    );

    // Credited on the module and on the expert's profile; the catalogue filters by expert.
    let profile = app
        .get(
            &format!("/api/v1/people/{}/recognition", app.org.ambassador.id),
            Some(&learner),
        )
        .await;
    assert_eq!(
        profile.body["modules_credited"][0]["id"],
        id.as_str(),
        "{}",
        profile.text
    );
    let by_expert = app
        .get(
            &format!("/api/v1/modules?expert={}", app.org.ambassador.id),
            Some(&learner),
        )
        .await;
    assert_eq!(by_expert.body.as_array().map(Vec::len), Some(1), "{}", by_expert.text);
    let none = app
        .get(
            &format!("/api/v1/modules?expert={}", app.org.learner.id),
            Some(&learner),
        )
        .await;
    assert_eq!(none.body, json!([]));

    // Changed: the expert changes, the profile follows.
    let mut changed = lms_module(&app, "appli");
    changed["experts"] = json!([app.org.learner.id]);
    let updated = app.put(&format!("/api/v1/modules/{id}"), Some(&admin), &changed).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    let profile = app
        .get(
            &format!("/api/v1/people/{}/recognition", app.org.ambassador.id),
            Some(&learner),
        )
        .await;
    assert_eq!(profile.body["modules_credited"], json!([]));

    let deleted = app.delete(&format!("/api/v1/modules/{id}"), Some(&admin)).await;
    assert_eq!(deleted.status, 204);
    let gone = app.get(&format!("/api/v1/modules/{id}"), Some(&learner)).await;
    assert_eq!(gone.status, 404);
}

#[actix_rt::test]
async fn bad_modules_are_refused_field_by_field_and_only_the_team_writes() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    let mut bad = lms_module(&app, "x");
    bad["title"] = json!("ab");
    bad["duration_minutes"] = json!(0);
    bad["url"] = json!("javascript:alert(1)");
    bad["xapi_activity_id"] = json!("pas un iri");
    bad["experts"] = json!([app.other_org.learner.id]);
    let refused = app.post("/api/v1/modules", Some(&admin), &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        refused.error_fields(),
        vec!["title", "duration_minutes", "url", "xapi_activity_id"],
        "{}",
        refused.text
    );
    let mut stranger = lms_module(&app, "y");
    stranger["experts"] = json!([app.other_org.learner.id]);
    stranger["domain_id"] = json!("0193a2b4-0000-7000-8000-000000000000");
    let refused = app.post("/api/v1/modules", Some(&admin), &stranger).await;
    assert_eq!(refused.error_fields(), vec!["domain_id", "experts"], "{}", refused.text);
    let internal = json!({"title": "Encaisser sans erreur", "duration_minutes": 25, "delivery": "internal",
        "description": "Les gestes sûrs.", "url": "https://lms.example/x"});
    let refused = app.post("/api/v1/modules", Some(&admin), &internal).await;
    assert_eq!(refused.error_fields(), vec!["url"]);

    let first = app
        .post("/api/v1/modules", Some(&admin), &lms_module(&app, "same"))
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let twice = app
        .post("/api/v1/modules", Some(&admin), &lms_module(&app, "same"))
        .await;
    assert_eq!(
        twice.error_fields(),
        vec!["xapi_activity_id"],
        "one module per activity id"
    );
    // Written differently, the same activity is still taken.
    let mut shouted = lms_module(&app, "same");
    shouted["xapi_activity_id"] = json!("HTTPS://LMS.EXAMPLE:443/xapi/same");
    let shouted = app.post("/api/v1/modules", Some(&admin), &shouted).await;
    assert_eq!(shouted.error_fields(), vec!["xapi_activity_id"], "{}", shouted.text);
    let mut described = lms_module(&app, "described");
    described["description"] = json!("Décrit ici aussi.");
    let described = app.post("/api/v1/modules", Some(&admin), &described).await;
    assert_eq!(described.error_fields(), vec!["description"], "{}", described.text);

    let forbidden = app
        .post("/api/v1/modules", Some(&learner), &lms_module(&app, "z"))
        .await;
    assert_eq!(forbidden.status, 403);
    let id = first.body["id"].as_str().unwrap_or_default();
    let other_admin = app.token(&app.other_org.admin.email).await;
    let hidden = app.get(&format!("/api/v1/modules/{id}"), Some(&other_admin)).await;
    assert_eq!(hidden.status, 404);
    let not_theirs = app
        .put(
            &format!("/api/v1/modules/{id}/completion"),
            Some(&other_admin),
            &json!({}),
        )
        .await;
    assert_eq!(not_theirs.status, 404);
    let listed = app.get("/api/v1/modules", Some(&other_admin)).await;
    assert_eq!(listed.body, json!([]));
}

//! The authorisation matrix: every route the app registers (read from its own OpenAPI
//! document, which is collected from the one registration list) must declare who may call
//! it, and is called as anonymous, as each role, as another organisation's admin, and with
//! another organisation's ids. A route missing from the matrix fails the test.

use crate::helpers::{objective_body, programme_body, programme_with_objective, spawn_app, Response, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    /// No sign-in needed (sign-in itself, probes).
    Public,
    /// Any signed-in person of the organisation.
    AnyRole,
    /// Admins only.
    Admin,
}

/// Who may call each route. Add a line here with every new endpoint.
const MATRIX: &[(&str, &str, Who)] = &[
    ("get", "/healthz", Who::Public),
    ("get", "/readyz", Who::Public),
    ("get", "/metrics", Who::Public),
    ("post", "/api/v1/auth/sign-in", Who::Public),
    ("post", "/api/v1/auth/refresh", Who::Public),
    ("post", "/api/v1/auth/sign-out", Who::Public),
    ("get", "/api/v1/me", Who::AnyRole),
    ("get", "/api/v1/users", Who::Admin),
    ("post", "/api/v1/users", Who::Admin),
    ("post", "/api/v1/users/{id}/deactivate", Who::Admin),
    ("post", "/api/v1/users/{id}/reactivate", Who::Admin),
    ("get", "/api/v1/programmes", Who::AnyRole),
    ("post", "/api/v1/programmes", Who::Admin),
    ("get", "/api/v1/programmes/{id}", Who::AnyRole),
    ("put", "/api/v1/programmes/{id}", Who::Admin),
    ("delete", "/api/v1/programmes/{id}", Who::Admin),
    ("post", "/api/v1/programmes/{id}/activate", Who::Admin),
    ("post", "/api/v1/programmes/{id}/close", Who::Admin),
    ("get", "/api/v1/programmes/{id}/dashboard", Who::AnyRole),
    ("post", "/api/v1/programmes/{id}/needs", Who::Admin),
    ("put", "/api/v1/programmes/{id}/needs/{need_id}", Who::Admin),
    ("delete", "/api/v1/programmes/{id}/needs/{need_id}", Who::Admin),
    ("post", "/api/v1/programmes/{id}/objectives", Who::Admin),
    ("put", "/api/v1/programmes/{id}/objectives/{objective_id}", Who::Admin),
    (
        "delete",
        "/api/v1/programmes/{id}/objectives/{objective_id}",
        Who::Admin,
    ),
];

fn registered_routes() -> BTreeSet<(String, String)> {
    let spec = serde_json::to_value(relais_api::openapi()).unwrap_or_default();
    let mut routes = BTreeSet::new();
    for (path, operations) in spec["paths"].as_object().cloned().unwrap_or_default() {
        for method in operations
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            routes.insert((method, path.clone()));
        }
    }
    routes
}

#[test]
fn every_registered_route_declares_who_may_call_it() {
    let routes = registered_routes();
    let declared: BTreeSet<(String, String)> = MATRIX.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    let missing: Vec<_> = routes.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routes without an authorisation expectation: {missing:?}"
    );
    let stale: Vec<_> = declared.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "matrix lines for routes that no longer exist: {stale:?}"
    );
}

/// The objects one route is called on, made fresh for each route so that a write by one
/// caller cannot change what the next one sees.
struct Fixture {
    programme: String,
    need: String,
    objective: String,
    user: String,
    /// Strings that must never appear in another organisation's answers.
    secrets: Vec<String>,
}

async fn fixture(app: &TestApp, admin: &str, org_label: &str) -> Fixture {
    let (programme, need, objective) = programme_with_objective(app, admin).await;
    let activated = app
        .post_empty(&format!("/api/v1/programmes/{programme}/activate"), Some(admin))
        .await;
    assert_eq!(activated.status, 200, "{}", activated.text);
    let email = format!("{org_label}.{}@example.com", &relais_db::new_id()[24..]);
    let user = app
        .post("/api/v1/users", Some(admin), &json!({"email": email, "display_name": "Fixture Person", "role": "learner", "password": "a fixture passphrase"}))
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let user = user.body["id"].as_str().unwrap_or_default().to_owned();
    Fixture {
        secrets: vec![programme.clone(), need.clone(), objective.clone(), user.clone(), email],
        programme,
        need,
        objective,
        user,
    }
}

fn concrete(path: &str, f: &Fixture) -> String {
    let path = path
        .replace("{need_id}", &f.need)
        .replace("{objective_id}", &f.objective);
    if path.starts_with("/api/v1/users/") {
        path.replace("{id}", &f.user)
    } else {
        path.replace("{id}", &f.programme)
    }
}

/// A valid body for the route, so that authorisation is what decides the answer.
fn body_for(method: &str, path: &str, f: &Fixture) -> Option<Value> {
    match (method, path) {
        ("post", "/api/v1/users") => Some(
            json!({"email": format!("new.{}@example.com", &relais_db::new_id()[24..]), "display_name": "New One", "role": "learner", "password": "a new long passphrase"}),
        ),
        ("post", "/api/v1/programmes") | ("put", "/api/v1/programmes/{id}") => {
            Some(programme_body("Programme de la matrice"))
        }
        ("post", "/api/v1/programmes/{id}/close") => Some(json!({"retrospective": "Un bilan assez long pour passer."})),
        ("post", "/api/v1/programmes/{id}/needs") | ("put", "/api/v1/programmes/{id}/needs/{need_id}") => {
            Some(json!({"title": "Besoin de la matrice", "evidence": "", "priority": "low"}))
        }
        ("post", "/api/v1/programmes/{id}/objectives")
        | ("put", "/api/v1/programmes/{id}/objectives/{objective_id}") => Some(objective_body(&f.need)),
        _ => None,
    }
}

async fn call(app: &TestApp, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Response {
    match (method, body) {
        ("get", _) => app.get(path, token).await,
        ("delete", _) => app.delete(path, token).await,
        ("put", Some(body)) => app.put(path, token, body).await,
        ("post", Some(body)) => app.post(path, token, body).await,
        _ => app.post_empty(path, token).await,
    }
}

#[actix_rt::test]
async fn every_route_answers_each_caller_as_declared() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let other_admin = app.token(&app.other_org.admin.email).await;

    for (method, template, who) in MATRIX {
        let label = format!("{} {template}", method.to_uppercase());
        let ours = fixture(&app, &admin, "ours").await;
        let theirs = fixture(&app, &other_admin, "theirs").await;
        let path = concrete(template, &ours);
        let body = body_for(method, template, &ours);
        let has_ids = template.contains('{');

        if *who == Who::Public {
            let response = call(&app, method, &path, None, body.as_ref()).await;
            assert!(response.status < 500, "{label} anonymous: {}", response.text);
            continue;
        }
        let anonymous = call(&app, method, &path, None, body.as_ref()).await;
        assert_eq!(anonymous.status, 401, "{label} anonymous: {}", anonymous.text);

        // Another organisation's admin: our ids do not exist for them, and nothing of ours
        // shows in what they may list.
        let foreign = call(&app, method, &path, Some(&other_admin), body.as_ref()).await;
        if has_ids {
            assert_eq!(foreign.status, 404, "{label} by another organisation: {}", foreign.text);
        }
        for secret in &ours.secrets {
            assert!(
                !foreign.text.contains(secret.as_str()),
                "{label} leaked {secret} to another organisation"
            );
        }
        // Our admin with their ids.
        if has_ids {
            let crossed = concrete(template, &theirs);
            let their_body = body_for(method, template, &theirs);
            let response = call(&app, method, &crossed, Some(&admin), their_body.as_ref()).await;
            assert_eq!(
                response.status, 404,
                "{label} on another organisation's ids: {}",
                response.text
            );
        }

        for (role, token) in [("learner", &learner), ("ambassador", &ambassador)] {
            let response = call(&app, method, &path, Some(token), body.as_ref()).await;
            match who {
                Who::Admin => assert_eq!(response.status, 403, "{label} as {role}: {}", response.text),
                _ => assert!(
                    (200..300).contains(&response.status),
                    "{label} as {role}: {}",
                    response.text
                ),
            }
        }
        // Last, as it may change or delete the fixture: the admin is let through (a 409
        // means the state, not the caller, refused).
        let response = call(&app, method, &path, Some(&admin), body.as_ref()).await;
        assert!(
            (200..300).contains(&response.status) || response.status == 409,
            "{label} as admin: {} {}",
            response.status,
            response.text
        );
        // Their objects are untouched by all of the above.
        let intact = app
            .get(&format!("/api/v1/programmes/{}", theirs.programme), Some(&other_admin))
            .await;
        assert_eq!(intact.status, 200, "{label} altered another organisation's programme");
        assert_eq!(intact.body["needs"].as_array().map(Vec::len), Some(1), "{label}");
        assert_eq!(intact.body["objectives"].as_array().map(Vec::len), Some(1), "{label}");
    }
}

//! The authorisation matrix: every route the app registers declares, beside its handler,
//! who may call it (`Routes::add`). Each route is called as anonymous, as each role, as
//! another organisation's admin and with another organisation's ids; every answer must be
//! exactly what the declaration and the domain's policy (`can`) say. A public route must
//! succeed anonymously; an allowed caller must get a 2xx, a refused one a 403.

use crate::helpers::{
    objective_body, programme_body, programme_with_objective, spawn_app_with, Response, TestApp, PASSWORD,
};
use relais_domain::access::{can, Access, Principal, Resource};
use relais_domain::identity::Role;
use relais_domain::ids::{OrganisationId, Tenant, UserId};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn spec_routes() -> BTreeSet<(String, String)> {
    let spec = relais_api::openapi_document();
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
fn every_route_in_the_spec_has_exactly_one_declaration() {
    let (_, declared) = relais_api::openapi_and_routes();
    let declared_set: BTreeSet<(String, String)> =
        declared.iter().map(|d| (d.method.clone(), d.path.clone())).collect();
    assert_eq!(declared_set.len(), declared.len(), "a route is declared twice");
    assert_eq!(
        declared_set,
        spec_routes(),
        "declarations and the OpenAPI document differ"
    );
}

/// Whether a signed-in person of `role` may call a route, by the policy.
fn allowed(access: Access, role: Role) -> bool {
    let tenant = Tenant::new(OrganisationId::new("matrix"));
    let principal = Principal::Person {
        user: UserId::new("someone"),
        tenant: tenant.clone(),
        role,
    };
    match access {
        Access::Public => true,
        Access::Allowed(action) => can(&principal, action, &Resource::of(&tenant)),
    }
}

/// The objects one route is called on, made fresh for each route so that a write by one
/// caller cannot change what the next one sees.
struct Fixture {
    /// Active, with one need answered by `objective`.
    programme: String,
    need: String,
    objective: String,
    /// A need of `programme` that no objective answers (it may be deleted).
    spare_need: String,
    /// A draft with an objective (it may be activated or deleted).
    draft: String,
    user: String,
    /// A region with `site`, and a spare one without sites (it may be deleted).
    region: String,
    spare_region: String,
    /// A site where no one works (it may be deleted).
    site: String,
    domain: String,
    /// An HR import, previewed without errors (it may be applied).
    import: String,
    /// The token of a live invitation link for `user`.
    invitation: String,
    /// `user`'s candidacy for `programme`, suggested (it may be shortlisted).
    candidacy: String,
    /// An open nomination of `user` for `programme` (it may be reviewed).
    nomination: String,
    /// A field observation of `user` (it may be deleted).
    observation: String,
    /// A tip the admin published, and the admin's comment on it.
    tip: String,
    comment: String,
    /// A custom badge (it may be given to `user`).
    badge: String,
    /// The admin's kudos to `user`.
    kudos: String,
    /// Contests in each phase: one not yet open (it may be changed or deleted), one taking
    /// entries (with `open_entry`, the admin's), one in its voting window (with
    /// `voting_entry`, the admin's), one closed; and the learner's tip to enter.
    contest_upcoming: String,
    contest_open: String,
    open_entry: String,
    contest_voting: String,
    voting_entry: String,
    contest_closed: String,
    learner_tip: String,
    /// A training module crediting `user`.
    module: String,
    /// Strings that must never appear in another organisation's answers.
    secrets: Vec<String>,
}

async fn fixture(app: &TestApp, admin: &str, org_label: &str) -> Fixture {
    let (programme, need, objective) = programme_with_objective(app, admin).await;
    let activated = app
        .post_empty(&format!("/api/v1/programmes/{programme}/activate"), Some(admin))
        .await;
    assert_eq!(activated.status, 200, "{}", activated.text);
    let spare = app
        .post(
            &format!("/api/v1/programmes/{programme}/needs"),
            Some(admin),
            &json!({"title": "Besoin sans objectif", "evidence": "", "priority": "low"}),
        )
        .await;
    assert_eq!(spare.status, 201, "{}", spare.text);
    let spare_need = spare.body["id"].as_str().unwrap_or_default().to_owned();
    let (draft, _, _) = programme_with_objective(app, admin).await;
    let email = format!("{org_label}.{}@example.com", &relais_db::new_id()[24..]);
    let user = app
        .post("/api/v1/users", Some(admin), &json!({"email": email, "display_name": "Fixture Person", "role": "learner", "password": "a fixture passphrase"}))
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let user = user.body["id"].as_str().unwrap_or_default().to_owned();
    let created = |response: Response| -> String {
        assert!((200..300).contains(&response.status), "{}", response.text);
        response.body["id"].as_str().unwrap_or_default().to_owned()
    };
    let region = created(
        app.post("/api/v1/regions", Some(admin), &json!({"name": unique("Région")}))
            .await,
    );
    let spare_region = created(
        app.post("/api/v1/regions", Some(admin), &json!({"name": unique("Région")}))
            .await,
    );
    let site = created(
        app.post(
            "/api/v1/sites",
            Some(admin),
            &json!({"name": unique("Magasin"), "kind": "store", "region_id": region}),
        )
        .await,
    );
    let domain = created(
        app.post(
            "/api/v1/expertise-domains",
            Some(admin),
            &json!({"name": unique("Domaine")}),
        )
        .await,
    );
    let import = created(app.post("/api/v1/directory/imports", Some(admin), &import_body()).await);
    app.run_jobs();
    let invited = app
        .post_empty(&format!("/api/v1/users/{user}/invitation"), Some(admin))
        .await;
    assert_eq!(invited.status, 200, "{}", invited.text);
    let invitation = invited.body["link"]
        .as_str()
        .and_then(|link| link.split("token=").nth(1))
        .unwrap_or_default()
        .to_owned();
    let candidacy = app
        .post(
            "/api/v1/candidacies",
            Some(admin),
            &json!({"programme_id": programme, "person_id": user}),
        )
        .await;
    assert_eq!(candidacy.status, 201, "{}", candidacy.text);
    let candidacy = candidacy.body["candidacy"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let nomination = created(
        app.post(
            "/api/v1/nominations",
            Some(admin),
            &json!({"programme_id": programme, "nominee_id": user, "reason": "Une raison assez longue."}),
        )
        .await,
    );
    let observation = created(
        app.post(
            "/api/v1/observations",
            Some(admin),
            &json!({"person_id": user, "rating": 3, "note": "Une observation de la matrice."}),
        )
        .await,
    );
    let tip = app
        .post(
            "/api/v1/tips",
            Some(admin),
            &json!({"title": unique("Conseil"), "body": "Un conseil de la matrice.", "status": "published"}),
        )
        .await;
    assert_eq!(tip.status, 201, "{}", tip.text);
    let tip = tip.body["summary"]["id"].as_str().unwrap_or_default().to_owned();
    let image = app
        .put_bytes(
            &format!("/api/v1/tips/{tip}/image?{IMAGE_ALT}"),
            Some(admin),
            "image/png",
            small_png(),
        )
        .await;
    assert_eq!(image.status, 200, "{}", image.text);
    let comment = created(
        app.post(
            &format!("/api/v1/tips/{tip}/comments"),
            Some(admin),
            &json!({"body": "Un commentaire de la matrice."}),
        )
        .await,
    );
    let badge = created(
        app.post(
            "/api/v1/badges",
            Some(admin),
            &json!({"name": unique("Badge"), "description": "Un badge de la matrice."}),
        )
        .await,
    );
    let kudos = created(
        app.post(
            "/api/v1/kudos",
            Some(admin),
            &json!({"to": user, "message": "Merci de la matrice."}),
        )
        .await,
    );
    let tenant = if org_label == "ours" { &app.org } else { &app.other_org };
    let learner = app.token(&tenant.learner.email).await;
    let learner_tip = app
        .post(
            "/api/v1/tips",
            Some(&learner),
            &json!({"title": unique("Conseil"), "body": "Le conseil de l'apprenant.", "status": "published"}),
        )
        .await;
    assert_eq!(learner_tip.status, 201, "{}", learner_tip.text);
    let learner_tip = learner_tip.body["summary"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let contest_upcoming = created(app.post("/api/v1/contests", Some(admin), &contest_body(app, 1)).await);
    let (contest_open, open_entry) = contest_in_phase(app, tenant, &tip, -1);
    let (contest_voting, voting_entry) = contest_in_phase(app, tenant, &tip, -50);
    let (contest_closed, _) = contest_in_phase(app, tenant, &tip, -100);
    let module = created(
        app.post(
            "/api/v1/modules",
            Some(admin),
            &json!({"title": unique("Module"), "duration_minutes": 20, "delivery": "internal", "description": "Un module de la matrice.", "experts": [user]}),
        )
        .await,
    );
    Fixture {
        secrets: vec![
            module.clone(),
            contest_upcoming.clone(),
            contest_voting.clone(),
            tip.clone(),
            badge.clone(),
            kudos.clone(),
            programme.clone(),
            need.clone(),
            objective.clone(),
            spare_need.clone(),
            draft.clone(),
            user.clone(),
            email,
            region.clone(),
            site.clone(),
            domain.clone(),
            import.clone(),
        ],
        programme,
        need,
        objective,
        spare_need,
        draft,
        user,
        region,
        spare_region,
        site,
        domain,
        import,
        invitation,
        candidacy,
        nomination,
        observation,
        tip,
        comment,
        badge,
        kudos,
        contest_upcoming,
        contest_open,
        open_entry,
        contest_voting,
        voting_entry,
        contest_closed,
        learner_tip,
        module,
    }
}

/// A public contest whose submissions open `hours` from now (for two days, then two days
/// of voting).
fn contest_body(app: &TestApp, hours: i64) -> Value {
    let at = |h: i64| (app.now() + chrono::Duration::hours(h)).to_rfc3339();
    json!({"title": unique("Concours"), "mode": "public", "audience": "organisation", "votes_per_voter": 2,
        "submissions_open_at": at(hours), "submissions_close_at": at(hours + 48), "voting_close_at": at(hours + 96)})
}

/// A contest in the phase `hours` from its opening gives, with the admin's `tip` entered:
/// written straight to the database, as the API takes no contest already open.
fn contest_in_phase(app: &TestApp, tenant: &crate::helpers::TestTenant, tip: &str, hours: i64) -> (String, String) {
    let request: relais_domain::contests::ContestRequest =
        serde_json::from_value(contest_body(app, hours)).expect("contest body");
    let spec = request.validate().expect("valid contest");
    let mut conn = app.connection();
    let admin = UserId::new(tenant.admin.id.clone());
    let id = relais_db::contests::ContestRow::insert(&mut conn, &tenant.tenant(), &spec, &admin, app.now())
        .expect("contest");
    let entry = relais_db::contests::EntryRow::insert(
        &mut conn,
        &tenant.tenant(),
        &id,
        &relais_domain::tips::TipId::new(tip),
        &admin,
        app.now(),
    )
    .expect("entry")
    .expect("entered");
    (id.to_string(), entry.to_string())
}

/// The route's path on objects in the state its action needs: a draft to activate or
/// delete, a need without objectives to delete, the active programme otherwise.
fn concrete(method: &str, path: &str, f: &Fixture) -> String {
    let need = if method == "delete" { &f.spare_need } else { &f.need };
    let programme = match (method, path) {
        ("post", "/api/v1/programmes/{id}/activate") | ("delete", "/api/v1/programmes/{id}") => &f.draft,
        _ => &f.programme,
    };
    if path.starts_with("/api/v1/contests/") {
        let (contest, entry) = match (method, path) {
            (_, "/api/v1/contests/{id}/results") => (&f.contest_closed, &f.voting_entry),
            ("post", "/api/v1/contests/{id}/entries") | ("delete", "/api/v1/contests/{id}/entries/{entry_id}") => {
                (&f.contest_open, &f.open_entry)
            }
            (_, p) if p.contains("/entries") => (&f.contest_voting, &f.voting_entry),
            _ => (&f.contest_upcoming, &f.voting_entry),
        };
        return path.replace("{id}", contest).replace("{entry_id}", entry);
    }
    let path = path
        .replace("{need_id}", need)
        .replace("{objective_id}", &f.objective)
        .replace("{comment_id}", &f.comment)
        .replace("{person_id}", &f.user)
        .replace("{kind}", "useful");
    let region = if method == "delete" { &f.spare_region } else { &f.region };
    let id = [
        ("/api/v1/users/", &f.user),
        ("/api/v1/regions/", region),
        ("/api/v1/sites/", &f.site),
        ("/api/v1/expertise-domains/", &f.domain),
        ("/api/v1/directory/imports/", &f.import),
        ("/api/v1/directory/", &f.user),
        ("/api/v1/candidacies/", &f.candidacy),
        ("/api/v1/me/ambassador-invitations/", &f.candidacy),
        ("/api/v1/nominations/", &f.nomination),
        ("/api/v1/observations/", &f.observation),
        ("/api/v1/tips/", &f.tip),
        ("/api/v1/people/", &f.user),
        ("/api/v1/badges/", &f.badge),
        ("/api/v1/kudos/", &f.kudos),
        ("/api/v1/modules/", &f.module),
    ]
    .into_iter()
    .find(|(prefix, _)| path.starts_with(prefix))
    .map_or(programme, |(_, id)| id);
    path.replace("{id}", id)
}

/// A name no other call used.
fn unique(prefix: &str) -> String {
    format!("{prefix} {}", &relais_db::new_id()[24..])
}

/// A small HR file that previews without errors.
fn import_body() -> Value {
    let email = format!("matrix.{}@example.com", &relais_db::new_id()[24..]);
    json!({"file_name": "rh.csv", "content": format!("hr_id;name;email\nM-{email};Matrix Person;{email}\n"), "deactivate_missing": false})
}

/// A valid body for the route, so that authorisation is what decides the answer.
fn body_for(method: &str, path: &str, f: &Fixture, app: &TestApp) -> Option<Value> {
    match (method, path) {
        ("post", "/api/v1/auth/sign-in") => Some(json!({"email": app.org.learner.email, "password": PASSWORD})),
        ("post", "/api/v1/users") => Some(
            json!({"email": format!("new.{}@example.com", &relais_db::new_id()[24..]), "display_name": "New One", "role": "learner", "password": "a new long passphrase"}),
        ),
        ("post", "/api/v1/programmes") | ("put", "/api/v1/programmes/{id}") => {
            Some(programme_body("Programme de la matrice"))
        }
        ("post", "/api/v1/regions")
        | ("put", "/api/v1/regions/{id}")
        | ("post", "/api/v1/expertise-domains")
        | ("put", "/api/v1/expertise-domains/{id}") => Some(json!({"name": unique("Nom")})),
        ("post", "/api/v1/sites") | ("put", "/api/v1/sites/{id}") => {
            Some(json!({"name": unique("Site"), "kind": "agency", "region_id": f.region}))
        }
        ("put", "/api/v1/directory/{id}") => Some(
            json!({"job_title": "Vendeur", "management_level": "none", "manager_id": null, "site_id": f.site, "domain_ids": [f.domain], "work_pattern": "field"}),
        ),
        ("post", "/api/v1/directory/imports") => Some(import_body()),
        ("put", "/api/v1/programmes/{id}/candidate-weights") => {
            Some(serde_json::to_value(relais_domain::candidates::scoring::Weights::default()).unwrap_or_default())
        }
        ("post", "/api/v1/candidacies") => Some(json!({"programme_id": f.programme, "person_id": f.user})),
        ("post", "/api/v1/candidacies/{id}/moves") => Some(json!({"to": "shortlisted"})),
        ("post", "/api/v1/me/ambassador-invitations/{id}/answer") => Some(json!({"accept": true})),
        ("post", "/api/v1/nominations") => Some(
            json!({"programme_id": f.programme, "nominee_id": f.user, "reason": "Toujours prête à aider les autres."}),
        ),
        ("put", "/api/v1/nominations/{id}") => Some(json!({"status": "dismissed"})),
        ("post", "/api/v1/observations") => {
            Some(json!({"person_id": f.user, "rating": 4, "note": "Anime les briefs du matin."}))
        }
        ("post", "/api/v1/auth/invitation") => Some(json!({"token": f.invitation})),
        ("post", "/api/v1/auth/set-password") => {
            Some(json!({"token": f.invitation, "password": "a matrix passphrase"}))
        }
        ("post", "/api/v1/tips") | ("put", "/api/v1/tips/{id}") => Some(
            json!({"title": unique("Conseil"), "body": "Un conseil de la matrice.", "tags": ["matrice"], "status": "published"}),
        ),
        ("post", "/api/v1/tips/{id}/comments") => Some(json!({"body": "Un commentaire."})),
        ("post", "/api/v1/markdown/preview") => Some(json!({"body": "Un **aperçu** de la matrice."})),
        ("put", "/api/v1/tips/{id}/reactions/{kind}") | ("put", "/api/v1/tips/{id}/save") => Some(json!({})),
        ("post", "/api/v1/contests") | ("put", "/api/v1/contests/{id}") => Some(contest_body(app, 1)),
        ("post", "/api/v1/contests/{id}/entries") => Some(json!({"tip": f.learner_tip})),
        ("put", "/api/v1/contests/{id}/entries/{entry_id}/vote") => Some(json!({})),
        ("put", "/api/v1/contests/{id}/entries/{entry_id}/scores") => Some(json!({"scores": [5]})),
        ("post", "/api/v1/modules") | ("put", "/api/v1/modules/{id}") => Some(
            json!({"title": unique("Module"), "duration_minutes": 30, "delivery": "lms", "url": "https://lms.example/m", "experts": [f.user]}),
        ),
        ("put", "/api/v1/modules/{id}/completion") => Some(json!({})),
        ("post", "/api/v1/kudos") => Some(json!({"to": f.user, "message": "Merci pour ton aide !"})),
        ("put", "/api/v1/me/recognition-preferences") => Some(json!({"leaderboard_opt_out": false})),
        ("post", "/api/v1/badges") => Some(json!({"name": unique("Badge"), "description": ""})),
        ("put", "/api/v1/badges/{id}/holders/{person_id}") => Some(json!({"reason": "Pour son aide précieuse."})),
        ("put", "/api/v1/users/{id}") => Some(json!({"display_name": "Nom de la matrice", "role": "learner"})),
        ("post", "/api/v1/programmes/{id}/close") => Some(json!({"retrospective": "Un bilan assez long pour passer."})),
        ("post", "/api/v1/programmes/{id}/needs") | ("put", "/api/v1/programmes/{id}/needs/{need_id}") => {
            Some(json!({"title": "Besoin de la matrice", "evidence": "", "priority": "low"}))
        }
        ("post", "/api/v1/programmes/{id}/objectives")
        | ("put", "/api/v1/programmes/{id}/objectives/{objective_id}") => Some(objective_body(&f.need)),
        _ => None,
    }
}

/// The text alternative every image upload of the matrix gives.
const IMAGE_ALT: &str = "alt=Image%20de%20la%20matrice";

fn small_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(4, 4))
        .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encode");
    bytes
}

async fn call(app: &TestApp, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Response {
    // An image upload's body is the file itself.
    if method == "put" && path.ends_with("/image") {
        return app
            .put_bytes(&format!("{path}?{IMAGE_ALT}"), token, "image/png", small_png())
            .await;
    }
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
    // Each route makes fresh fixtures: far more requests a minute than a person makes.
    let app = spawn_app_with(|config| {
        config.requests_per_minute_per_account = 100_000;
        config.requests_per_minute_per_address = 100_000;
    })
    .await;
    let (admin, _) = app.sign_in(&app.org.admin.email).await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let other_admin = app.token(&app.other_org.admin.email).await;
    let (_, declared) = relais_api::openapi_and_routes();
    assert!(declared.len() >= 25, "{} routes", declared.len());

    for route in &declared {
        let (method, template) = (route.method.as_str(), route.path.as_str());
        let label = format!("{} {template} ({:?})", method.to_uppercase(), route.access);
        let ours = fixture(&app, &admin, "ours").await;
        let theirs = fixture(&app, &other_admin, "theirs").await;
        let path = concrete(method, template, &ours);
        let body = body_for(method, template, &ours, &app);
        let has_ids = template.contains('{');

        if route.access == Access::Public {
            // Public means: it works without signing in (refresh with a refresh cookie).
            let response = if template == "/api/v1/auth/refresh" {
                let (_, cookie) = app.sign_in(&app.org.learner.email).await;
                app.post_with_cookie(&path, &cookie).await
            } else {
                call(&app, method, &path, None, body.as_ref()).await
            };
            assert!(
                (200..300).contains(&response.status),
                "{label} anonymous: {} {}",
                response.status,
                response.text
            );
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
            let crossed = concrete(method, template, &theirs);
            let their_body = body_for(method, template, &theirs, &app);
            let response = call(&app, method, &crossed, Some(&admin), their_body.as_ref()).await;
            assert_eq!(
                response.status, 404,
                "{label} on another organisation's ids: {}",
                response.text
            );
        }

        // Each role gets exactly what the policy says: refused callers first, so that the
        // allowed call finds the objects in the state it needs.
        let mut callers = [
            (Role::Learner, &learner),
            (Role::Ambassador, &ambassador),
            (Role::Admin, &admin),
        ];
        callers.sort_by_key(|(role, _)| allowed(route.access, *role));
        let mut allowed_once = false;
        for (role, token) in callers {
            let expected = allowed(route.access, role);
            if expected && allowed_once && method != "get" {
                // A write succeeds once: a second delete or activation would be refused by
                // the state, not by the caller.
                continue;
            }
            // A fresh body: a create by another caller must not collide with this one.
            let body = body_for(method, template, &ours, &app);
            let response = call(&app, method, &path, Some(token), body.as_ref()).await;
            if expected {
                allowed_once = true;
                assert!(
                    (200..300).contains(&response.status),
                    "{label} as {role}: {} {}",
                    response.status,
                    response.text
                );
            } else {
                assert_eq!(response.status, 403, "{label} as {role}: {}", response.text);
                // A refused caller learns 403 whatever they send: not what a valid body or
                // query would have been.
                let nonsense = json!({"zzz": 1});
                let bad = match method {
                    "get" => app.get(&format!("{path}?limit=0&zzz=1"), Some(token)).await,
                    _ => call(&app, method, &path, Some(token), Some(&nonsense)).await,
                };
                assert_eq!(
                    bad.status, 403,
                    "{label} as {role} with a bad body or query: {}",
                    bad.text
                );
            }
        }
        // Their objects are untouched by all of the above.
        let intact = app
            .get(&format!("/api/v1/programmes/{}", theirs.programme), Some(&other_admin))
            .await;
        assert_eq!(intact.status, 200, "{label} altered another organisation's programme");
        assert_eq!(intact.body["needs"].as_array().map(Vec::len), Some(2), "{label}");
        assert_eq!(intact.body["objectives"].as_array().map(Vec::len), Some(1), "{label}");
    }
}

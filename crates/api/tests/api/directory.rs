//! Step 2, the directory (C1): places, work facts, search and HR file imports — preview,
//! apply, idempotence, all-or-nothing, one import at a time — with roles and tenancy.

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

const HEADER: &str =
    "hr_id;name;email;job_title;management_level;manager_hr_id;site;site_kind;region;domains;work_pattern;active";

fn hr_file(rows: &[&str]) -> String {
    let mut file = format!("\u{feff}{HEADER}");
    for row in rows {
        file.push('\n');
        file.push_str(row);
    }
    file
}

/// Sends a file and runs its preview; returns the import as then.
async fn preview(app: &TestApp, admin: &str, content: &str, deactivate_missing: bool) -> Value {
    let sent = app
        .post(
            "/api/v1/directory/imports",
            Some(admin),
            &json!({"file_name": "export-rh.csv", "content": content, "deactivate_missing": deactivate_missing}),
        )
        .await;
    assert_eq!(sent.status, 202, "{}", sent.text);
    assert_eq!(sent.body["state"], "previewing");
    let location = sent.header("location").expect("location");
    app.run_jobs();
    let import = app.get(&location, Some(admin)).await;
    assert_eq!(import.body["state"], "previewed", "{}", import.text);
    import.body
}

async fn apply(app: &TestApp, admin: &str, id: &str) -> Value {
    let applying = app
        .post_empty(&format!("/api/v1/directory/imports/{id}/apply"), Some(admin))
        .await;
    assert_eq!(applying.status, 202, "{}", applying.text);
    assert_eq!(applying.body["state"], "applying");
    app.run_jobs();
    app.get(&format!("/api/v1/directory/imports/{id}"), Some(admin))
        .await
        .body
}

const NETWORK: [&str; 4] = [
    "D1;Inès Caron;ines.caron@example.com;Directrice régionale;regional_director;;Lyon Part-Dieu;store;Auvergne-Rhône-Alpes;Management d'équipe;itinerant;oui",
    // A manager named before the line that defines them.
    "S2;Paul Noir;paul.noir@example.com;Vendeur;none;M1;Lyon Part-Dieu;;;Caisse|Relation client;field;oui",
    "M1;Léa Brun;lea.brun@example.com;Directrice de magasin;site_manager;D1;Lyon Part-Dieu;;;Caisse;field;oui",
    "S3;Yann Gris;yann.gris@example.com;Technicien;none;D1;Techniciens Sud;field_team;Provence;;itinerant;oui",
];

#[actix_rt::test]
async fn an_hr_file_is_previewed_then_applied_once_and_again_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let file = hr_file(&NETWORK);

    let first = preview(&app, &admin, &file, true).await;
    let report = &first["preview"];
    assert_eq!(report["error_count"], 0, "{report}");
    assert_eq!(
        (report["rows"].clone(), report["created"].clone()),
        (json!(4), json!(4))
    );
    assert_eq!(report["new_regions"], json!(["Auvergne-Rhône-Alpes", "Provence"]));
    assert_eq!(report["new_sites"], json!(["Lyon Part-Dieu", "Techniciens Sud"]));
    assert_eq!(report["deactivated"], 0, "accounts without HR id are never deactivated");
    let listed = app.get("/api/v1/directory?q=brun", Some(&admin)).await;
    assert_eq!(
        listed.body["items"].as_array().map(Vec::len),
        Some(0),
        "a preview writes nothing"
    );

    let id = first["id"].as_str().unwrap_or_default();
    let applied = apply(&app, &admin, id).await;
    assert_eq!(applied["state"], "applied", "{applied}");
    assert_eq!(applied["result"]["created"], 4);
    let again = app
        .post_empty(&format!("/api/v1/directory/imports/{id}/apply"), Some(&admin))
        .await;
    assert_eq!((again.status, again.code()), (409, "import_already_applied"));

    // The hierarchy, sites and domains are in the directory.
    let found = app.get("/api/v1/directory?q=l%C3%A9a%20brun", Some(&admin)).await;
    let lea = found.body["items"][0].clone();
    assert_eq!(lea["site"]["name"], "Lyon Part-Dieu");
    assert_eq!(lea["management_level"], "site_manager");
    let profile = app
        .get(
            &format!("/api/v1/directory/{}", lea["id"].as_str().unwrap_or_default()),
            Some(&admin),
        )
        .await;
    assert_eq!(profile.body["manager"]["display_name"], "Inès Caron");
    assert_eq!(profile.body["direct_reports"][0]["display_name"], "Paul Noir");
    assert_eq!(profile.body["hr_id"], "M1");
    assert_eq!(
        profile.body["can_sign_in"], false,
        "imported people have no sign-in until invited"
    );
    let ines = app.get("/api/v1/directory?q=caron", Some(&admin)).await;
    let ines_id = ines.body["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let ines = app.get(&format!("/api/v1/directory/{ines_id}"), Some(&admin)).await;
    assert_eq!(ines.body["team_size"], 3, "span of control: all levels down");
    let sites = app.get("/api/v1/sites", Some(&admin)).await;
    assert!(sites.text.contains("\"people\":3"), "{}", sites.text);

    // The same file twice changes nothing.
    let second = preview(&app, &admin, &file, true).await;
    let report = &second["preview"];
    assert_eq!(
        (
            report["created"].clone(),
            report["updated"].clone(),
            report["unchanged"].clone()
        ),
        (json!(0), json!(0), json!(4)),
        "{report}"
    );
    let id = second["id"].as_str().unwrap_or_default();
    let applied = apply(&app, &admin, id).await;
    assert_eq!(applied["result"]["unchanged"], 4);
    assert!(
        app.get("/api/v1/regions", Some(&admin))
            .await
            .text
            .matches("\"id\"")
            .count()
            == 2
    );

    // A full export without Yann deactivates him; his sessions would end.
    let without_yann = hr_file(&NETWORK[..3]);
    let third = preview(&app, &admin, &without_yann, true).await;
    assert_eq!(third["preview"]["deactivated"], 1);
    assert_eq!(third["preview"]["changes"][0]["kind"], "deactivate");
    let id = third["id"].as_str().unwrap_or_default();
    apply(&app, &admin, id).await;
    let gone = app.get("/api/v1/directory?q=yann", Some(&admin)).await;
    assert_eq!(gone.body["items"].as_array().map(Vec::len), Some(0));
    let listed = app
        .get("/api/v1/directory?q=yann&include_inactive=true", Some(&admin))
        .await;
    assert_eq!(listed.body["items"][0]["active"], false);
}

#[actix_rt::test]
async fn a_file_with_bad_rows_lists_them_and_cannot_be_applied() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let file = hr_file(&[
        "A1;Ana Lopez;ana@example.com;;;;;;;;;",
        "A2;B;not-an-address;;chef;;;;;;;",
        "A1;Ana Twin;twin@example.com;;;;;;;;;",
        "A4;Cy Doe;cy@example.com;;;ZZ;;;;;;",
        "A5;Di Roy;di@example.com;;;A6;;;;;;",
        "A6;Ed Kim;ed@example.com;;;A5;;;;;;",
    ]);
    let import = preview(&app, &admin, &file, false).await;
    let errors: Vec<(u64, String, String)> = import["preview"]["errors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or_default(),
                e["column"].as_str().unwrap_or_default().to_owned(),
                e["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(u64, String, String)> = [
        (3, "name", "too_short"),
        (3, "email", "invalid_email"),
        (3, "management_level", "invalid"),
        (4, "hr_id", "duplicate_hr_id"),
        (5, "manager_hr_id", "unknown_manager"),
        (6, "manager_hr_id", "manager_cycle"),
        (7, "manager_hr_id", "manager_cycle"),
    ]
    .into_iter()
    .map(|(l, c, k)| (l, c.to_owned(), k.to_owned()))
    .collect();
    assert_eq!(errors, expected);
    let id = import["id"].as_str().unwrap_or_default();
    let refused = app
        .post_empty(&format!("/api/v1/directory/imports/{id}/apply"), Some(&admin))
        .await;
    assert_eq!((refused.status, refused.code()), (409, "import_has_errors"));
    let nobody = app.get("/api/v1/directory?q=lopez", Some(&admin)).await;
    assert_eq!(
        nobody.body["items"].as_array().map(Vec::len),
        Some(0),
        "nothing half-imported"
    );
}

#[actix_rt::test]
async fn a_file_that_became_wrong_after_its_preview_is_rejected_whole() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = preview(&app, &admin, &hr_file(&NETWORK), false).await;
    // Meanwhile another organisation takes an address the file gives to a new person.
    let theirs = app.token(&app.other_org.admin.email).await;
    let taken = app
        .post(
            "/api/v1/users",
            Some(&theirs),
            &json!({"email": "paul.noir@example.com", "display_name": "Autre Paul", "role": "learner", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(taken.status, 201, "{}", taken.text);
    let id = first["id"].as_str().unwrap_or_default();
    let result = apply(&app, &admin, id).await;
    assert_eq!(result["state"], "rejected", "{result}");
    assert_eq!(result["result"]["errors"][0]["code"], "email_taken");
    let regions = app.get("/api/v1/regions", Some(&admin)).await;
    assert_eq!(regions.body, json!([]), "all or nothing: not even the new regions");
    let ines = app.get("/api/v1/directory?q=caron", Some(&admin)).await;
    assert_eq!(ines.body["items"].as_array().map(Vec::len), Some(0));
}

#[actix_rt::test]
async fn two_imports_apply_one_after_the_other() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = preview(&app, &admin, &hr_file(&NETWORK[..1]), false).await;
    let b = preview(&app, &admin, &hr_file(&NETWORK[..3]), false).await;
    for import in [&a, &b] {
        let id = import["id"].as_str().unwrap_or_default();
        let queued = app
            .post_empty(&format!("/api/v1/directory/imports/{id}/apply"), Some(&admin))
            .await;
        assert_eq!(queued.status, 202, "{}", queued.text);
    }
    app.run_jobs();
    let b = app
        .get(
            &format!("/api/v1/directory/imports/{}", b["id"].as_str().unwrap_or_default()),
            Some(&admin),
        )
        .await;
    // B was previewed before A applied; applied after it, it updates what A created.
    assert_eq!(b.body["state"], "applied");
    assert_eq!(
        (
            b.body["result"]["created"].clone(),
            b.body["result"]["unchanged"].clone()
        ),
        (json!(2), json!(1)),
        "{}",
        b.text
    );
    let imports = app.get("/api/v1/directory/imports", Some(&admin)).await;
    assert_eq!(imports.body["items"].as_array().map(Vec::len), Some(2));
}

#[actix_rt::test]
async fn places_have_unique_names_and_keep_what_depends_on_them() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let region = app
        .post("/api/v1/regions", Some(&admin), &json!({"name": "Bretagne"}))
        .await;
    assert_eq!(region.status, 201, "{}", region.text);
    assert!(region.header("location").is_some());
    let region_id = region.body["id"].as_str().unwrap_or_default().to_owned();
    let twin = app
        .post("/api/v1/regions", Some(&admin), &json!({"name": " bretagne "}))
        .await;
    assert_eq!((twin.status, twin.code()), (409, "name_taken"));
    let short = app.post("/api/v1/regions", Some(&admin), &json!({"name": "B"})).await;
    assert_eq!(short.error_fields(), ["name"]);
    let site = app
        .post(
            "/api/v1/sites",
            Some(&admin),
            &json!({"name": "Rennes", "kind": "store", "region_id": region_id}),
        )
        .await;
    assert_eq!(site.status, 201, "{}", site.text);
    assert_eq!(site.body["region_name"], "Bretagne");
    let unknown_region = app
        .post(
            "/api/v1/sites",
            Some(&admin),
            &json!({"name": "Brest", "kind": "spaceport", "region_id": "nope"}),
        )
        .await;
    assert_eq!(unknown_region.status, 422);
    let busy = app.delete(&format!("/api/v1/regions/{region_id}"), Some(&admin)).await;
    assert_eq!((busy.status, busy.code()), (409, "region_has_sites"));

    // Work facts: a site, a domain, a manager; a loop is refused.
    let site_id = site.body["id"].as_str().unwrap_or_default().to_owned();
    let domain = app
        .post("/api/v1/expertise-domains", Some(&admin), &json!({"name": "Caisse"}))
        .await;
    let domain_id = domain.body["id"].as_str().unwrap_or_default().to_owned();
    let learner = app.org.learner.id.to_string();
    let ambassador = app.org.ambassador.id.to_string();
    let facts = |manager: &str| json!({"hr_id": "", "job_title": "Vendeuse", "management_level": "none", "manager_id": manager, "site_id": site_id, "domain_ids": [domain_id], "work_pattern": "field"});
    let set = app
        .put(
            &format!("/api/v1/directory/{learner}"),
            Some(&admin),
            &facts(&ambassador),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(set.body["manager"]["id"], ambassador.as_str());
    let looped = app
        .put(
            &format!("/api/v1/directory/{ambassador}"),
            Some(&admin),
            &facts(&learner),
        )
        .await;
    assert_eq!(
        (looped.status, looped.error_fields()),
        (422, vec!["manager_id".to_owned()])
    );
    let busy_site = app.delete(&format!("/api/v1/sites/{site_id}"), Some(&admin)).await;
    assert_eq!((busy_site.status, busy_site.code()), (409, "site_has_people"));
    // A deleted domain leaves the people who listed it.
    let deleted = app
        .delete(&format!("/api/v1/expertise-domains/{domain_id}"), Some(&admin))
        .await;
    assert_eq!(deleted.status, 204);
    let profile = app.get(&format!("/api/v1/directory/{learner}"), Some(&admin)).await;
    assert_eq!(profile.body["person"]["domains"], json!([]));
}

#[actix_rt::test]
async fn colleagues_see_work_facts_only() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = preview(&app, &admin, &hr_file(&NETWORK), false).await;
    apply(&app, &admin, first["id"].as_str().unwrap_or_default()).await;
    let learner = app.token(&app.org.learner.email).await;
    let found = app.get("/api/v1/directory?q=brun", Some(&learner)).await;
    assert_eq!(found.status, 200);
    let id = found.body["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let profile = app.get(&format!("/api/v1/directory/{id}"), Some(&learner)).await;
    assert_eq!(profile.status, 200);
    assert_eq!(profile.body["hr_id"], Value::Null, "the HR id is the training team's");
    assert_eq!(profile.body["can_sign_in"], Value::Null);
    let imports = app.get("/api/v1/directory/imports", Some(&learner)).await;
    assert_eq!(imports.status, 403);
    let include = app
        .get("/api/v1/directory?include_inactive=true&q=zzz", Some(&learner))
        .await;
    assert_eq!(include.status, 200, "ignored for others, not an error");
    let too_long = app
        .get(&format!("/api/v1/directory?q={}", "x".repeat(101)), Some(&learner))
        .await;
    assert_eq!(too_long.error_fields(), ["q"]);
    // Filters: a site, a level.
    let sites = app.get("/api/v1/sites", Some(&learner)).await;
    let lyon = sites.body.as_array().cloned().unwrap_or_default();
    let lyon = lyon
        .iter()
        .find(|s| s["name"] == "Lyon Part-Dieu")
        .cloned()
        .unwrap_or_default();
    let at_lyon = app
        .get(
            &format!(
                "/api/v1/directory?site={}&level=none",
                lyon["id"].as_str().unwrap_or_default()
            ),
            Some(&learner),
        )
        .await;
    let names: Vec<&str> = at_lyon.body["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["display_name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Paul Noir"]);
}

#[actix_rt::test]
async fn a_file_too_big_or_not_a_file_is_refused_clearly() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let empty = app
        .post(
            "/api/v1/directory/imports",
            Some(&admin),
            &json!({"file_name": "", "content": " "}),
        )
        .await;
    assert_eq!(empty.error_fields(), ["file_name", "content"]);
    // Past the JSON limit of other routes, within the import's.
    let big = "x".repeat(200 * 1024);
    let large = app
        .post(
            "/api/v1/directory/imports",
            Some(&admin),
            &json!({"file_name": "big.csv", "content": format!("hr_id;name;email\n{big}")}),
        )
        .await;
    assert_eq!(large.status, 202, "{}", large.text);
    app.run_jobs();
    let huge = "x".repeat(33 * 1024 * 1024);
    let refused = app
        .post_raw(
            "/api/v1/directory/imports",
            Some(&admin),
            "application/json",
            format!("{{\"file_name\":\"a.csv\",\"content\":\"{huge}\"}}"),
        )
        .await;
    assert_eq!(refused.status, 413, "{}", &refused.text[..refused.text.len().min(200)]);
}

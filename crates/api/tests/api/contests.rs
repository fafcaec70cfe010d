//! Step 3, contests (V3): windows read from the clock, entries, public votes with their
//! anti-gaming rules, jury scores on weighted criteria, results with the tie rule, the
//! winner's badge — and who may do what.

use crate::helpers::{spawn_app, TestApp};
use chrono::{Duration, SecondsFormat};
use serde_json::{json, Value};

fn at(app: &TestApp, offset: Duration) -> String {
    (app.now() + offset).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A contest opening in an hour: two days of submissions, then two days of voting.
fn contest_body(app: &TestApp, mode: &str) -> Value {
    let mut body = json!({
        "title": "Le meilleur conseil caisse",
        "rules": "Un conseil publié, court et concret.",
        "mode": mode,
        "audience": "organisation",
        "submissions_open_at": at(app, Duration::hours(1)),
        "submissions_close_at": at(app, Duration::hours(49)),
        "voting_close_at": at(app, Duration::hours(97)),
    });
    if mode != "jury" {
        body["votes_per_voter"] = json!(1);
    }
    if mode == "mixed" {
        body["public_weight"] = json!(50);
    }
    if mode != "public" {
        body["criteria"] = json!([{"name": "Utilité", "weight": 3}, {"name": "Clarté", "weight": 1}]);
        body["jurors"] = json!([app.org.admin.id]);
    }
    body
}

async fn create(app: &TestApp, admin: &str, body: &Value) -> String {
    let created = app.post("/api/v1/contests", Some(admin), body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["id"].as_str().unwrap_or_default().to_owned()
}

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

async fn enter(app: &TestApp, token: &str, contest: &str, tip: &str) -> crate::helpers::Response {
    app.post(
        &format!("/api/v1/contests/{contest}/entries"),
        Some(token),
        &json!({"tip": tip}),
    )
    .await
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

#[actix_rt::test]
async fn a_public_vote_refuses_gaming_and_its_winner_gets_the_badge() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let contest = create(&app, &admin, &contest_body(&app, "public")).await;
    let base = format!("/api/v1/contests/{contest}");
    let karim_tip = publish(&app, &ambassador, "Le conseil de Karim").await;
    let lea_tip = publish(&app, &learner, "Le conseil de Léa").await;

    // Not yet open.
    let early = enter(&app, &ambassador, &contest, &karim_tip).await;
    assert_eq!((early.status, early.code()), (409, "not_submitting"), "{}", early.text);
    let read = app.get(&base, Some(&learner)).await;
    assert_eq!(read.body["phase"], "upcoming", "{}", read.text);
    assert_eq!(read.body["eligible"], true);

    app.clock.advance(Duration::hours(2));
    let karim_entry = enter(&app, &ambassador, &contest, &karim_tip).await;
    assert_eq!(karim_entry.status, 201, "{}", karim_entry.text);
    let location = karim_entry.header("location").unwrap_or_default();
    assert_eq!(app.get(&location, Some(&learner)).await.status, 200);
    let karim_entry = karim_entry.body["id"].as_str().unwrap_or_default().to_owned();
    let lea_entry = enter(&app, &learner, &contest, &lea_tip).await;
    assert_eq!(lea_entry.status, 201, "{}", lea_entry.text);
    let lea_entry = lea_entry.body["id"].as_str().unwrap_or_default().to_owned();
    // Someone else's tip, a draft, the same tip twice.
    let theirs = enter(&app, &learner, &contest, &karim_tip).await;
    assert_eq!((theirs.status, theirs.error_fields()), (422, vec!["tip".to_owned()]));
    let draft = app
        .post(
            "/api/v1/tips",
            Some(&learner),
            &json!({"title": "Brouillon", "body": "Pas encore prêt du tout.", "status": "draft"}),
        )
        .await;
    let draft = draft.body["summary"]["id"].as_str().unwrap_or_default().to_owned();
    let drafted = enter(&app, &learner, &contest, &draft).await;
    assert_eq!((drafted.status, drafted.error_fields()), (422, vec!["tip".to_owned()]));
    let twice = enter(&app, &learner, &contest, &lea_tip).await;
    assert_eq!((twice.status, twice.code()), (409, "already_entered"));
    let vote_path = |entry: &str| format!("{base}/entries/{entry}/vote");
    let too_soon = app.put(&vote_path(&karim_entry), Some(&learner), &json!({})).await;
    assert_eq!(
        (too_soon.status, too_soon.code()),
        (409, "not_voting"),
        "{}",
        too_soon.text
    );

    app.clock.advance(Duration::hours(48));
    let late = enter(&app, &admin, &contest, &karim_tip).await;
    assert_eq!((late.status, late.code()), (409, "not_submitting"));
    let own = app.put(&vote_path(&lea_entry), Some(&learner), &json!({})).await;
    assert_eq!((own.status, own.code()), (409, "own_entry"), "{}", own.text);
    let voted = app.put(&vote_path(&karim_entry), Some(&learner), &json!({})).await;
    assert_eq!(voted.status, 200, "{}", voted.text);
    assert_eq!(voted.body, json!({"voted": true, "my_votes": 1, "votes_per_voter": 1}));
    // Voting again for the same entry counts once.
    let again = app.put(&vote_path(&karim_entry), Some(&learner), &json!({})).await;
    assert_eq!((again.status, again.body["my_votes"].clone()), (200, json!(1)));
    let capped = app.put(&vote_path(&lea_entry), Some(&ambassador), &json!({})).await;
    assert_eq!(capped.status, 200, "{}", capped.text);
    let over = app.put(&vote_path(&karim_entry), Some(&admin), &json!({})).await;
    assert_eq!(over.status, 200, "{}", over.text);
    let cap = app.put(&vote_path(&lea_entry), Some(&admin), &json!({})).await;
    assert_eq!((cap.status, cap.code()), (409, "vote_cap_reached"));
    // Votes stay hidden while voting runs.
    let listed = app.get(&format!("{base}/entries"), Some(&learner)).await;
    assert_eq!(listed.body[0]["votes"], Value::Null, "{}", listed.text);
    assert_eq!(listed.body[0]["my_vote"], true);
    let not_yet = app.get(&format!("{base}/results"), Some(&learner)).await;
    assert_eq!((not_yet.status, not_yet.code()), (409, "results_not_final"));

    app.clock.advance(Duration::hours(48));
    let closed = app.put(&vote_path(&lea_entry), Some(&admin), &json!({})).await;
    assert_eq!((closed.status, closed.code()), (409, "not_voting"));
    let unvote = app.delete(&vote_path(&karim_entry), Some(&learner)).await;
    assert_eq!((unvote.status, unvote.code()), (409, "not_voting"), "votes are final");
    let results = app.get(&format!("{base}/results"), Some(&learner)).await;
    assert_eq!(results.status, 200, "{}", results.text);
    let first = &results.body["items"][0];
    assert_eq!(first["entry_id"], karim_entry.as_str());
    assert_eq!(
        (first["rank"].clone(), first["votes"].clone(), first["winner"].clone()),
        (json!(1), json!(2), json!(true))
    );
    assert_eq!(first["total"], 100.0);
    assert_eq!(results.body["items"][1]["winner"], false);
    assert_eq!(results.body["items"][1]["total"], 50.0);

    // The closing job makes it final; recognition gives the badge, once.
    assert!(app.run_jobs() >= 1);
    app.catch_up();
    app.run_jobs();
    app.catch_up();
    let profile = app
        .get(
            &format!("/api/v1/people/{}/recognition", app.org.ambassador.id),
            Some(&learner),
        )
        .await;
    let badges = automatic(&profile.body);
    assert_eq!(
        badges.iter().filter(|b| *b == "contest_winner").count(),
        1,
        "{}",
        profile.text
    );
    let lea = app
        .get(
            &format!("/api/v1/people/{}/recognition", app.org.learner.id),
            Some(&learner),
        )
        .await;
    assert!(!automatic(&lea.body).contains(&"contest_winner".to_owned()));
}

#[actix_rt::test]
async fn a_mixed_contest_weighs_the_jury_and_refuses_scores_out_of_scale_or_out_of_turn() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let contest = create(&app, &admin, &contest_body(&app, "mixed")).await;
    let base = format!("/api/v1/contests/{contest}");
    let karim_tip = publish(&app, &ambassador, "Le conseil de Karim").await;
    let lea_tip = publish(&app, &learner, "Le conseil de Léa").await;
    let admin_tip = publish(&app, &admin, "Le conseil de Claire").await;
    app.clock.advance(Duration::hours(2));
    // The juror does not compete in what she judges.
    let juror = enter(&app, &admin, &contest, &admin_tip).await;
    assert_eq!((juror.status, juror.code()), (409, "juror_entry"), "{}", juror.text);
    let mut entries = Vec::new();
    for (token, tip) in [(&ambassador, &karim_tip), (&learner, &lea_tip)] {
        let entered = enter(&app, token, &contest, tip).await;
        assert_eq!(entered.status, 201, "{}", entered.text);
        entries.push(entered.body["id"].as_str().unwrap_or_default().to_owned());
    }
    let score = |entry: &str| format!("{base}/entries/{entry}/scores");
    let early = app
        .put(&score(&entries[0]), Some(&admin), &json!({"scores": [5, 5]}))
        .await;
    assert_eq!((early.status, early.code()), (409, "not_voting"));
    app.clock.advance(Duration::hours(48));
    let not_juror = app
        .put(&score(&entries[0]), Some(&learner), &json!({"scores": [5, 5]}))
        .await;
    assert_eq!(not_juror.status, 403, "{}", not_juror.text);
    for bad in [
        json!({"scores": [0, 5]}),
        json!({"scores": [11, 5]}),
        json!({"scores": [5]}),
        json!({"scores": [5, 5, 5]}),
    ] {
        let refused = app.put(&score(&entries[0]), Some(&admin), &bad).await;
        assert_eq!(
            (refused.status, refused.error_fields()),
            (422, vec!["scores".to_owned()]),
            "{bad}: {}",
            refused.text
        );
    }
    // Karim: jury (3·4 + 1·8)/4 = 5, no vote; Léa: jury (3·8 + 1·4)/4 = 7, one vote.
    let scored = app
        .put(&score(&entries[0]), Some(&admin), &json!({"scores": [4, 8]}))
        .await;
    assert_eq!(scored.status, 200, "{}", scored.text);
    assert_eq!(scored.body["my_scores"], json!([4, 8]));
    let rescored = app
        .put(&score(&entries[1]), Some(&admin), &json!({"scores": [1, 1]}))
        .await;
    assert_eq!(rescored.status, 200);
    let rescored = app
        .put(&score(&entries[1]), Some(&admin), &json!({"scores": [8, 4]}))
        .await;
    assert_eq!(rescored.body["my_scores"], json!([8, 4]), "scoring again replaces");
    let voted = app
        .put(
            &format!("{base}/entries/{}/vote", entries[1]),
            Some(&ambassador),
            &json!({}),
        )
        .await;
    assert_eq!(voted.status, 200, "{}", voted.text);
    app.clock.advance(Duration::hours(48));
    let frozen = app
        .put(&score(&entries[0]), Some(&admin), &json!({"scores": [10, 10]}))
        .await;
    assert_eq!((frozen.status, frozen.code()), (409, "not_voting"), "scores are final");
    let results = app.get(&format!("{base}/results"), Some(&ambassador)).await;
    assert_eq!(results.status, 200, "{}", results.text);
    let items = results.body["items"].as_array().cloned().unwrap_or_default();
    // Léa: 50·1 + 50·0.7 = 85; Karim: 50·0 + 50·0.5 = 25.
    assert_eq!(items[0]["entry_id"], entries[1].as_str());
    assert_eq!(
        (items[0]["total"].clone(), items[0]["jury_score"].clone()),
        (json!(85.0), json!(7.0))
    );
    assert_eq!(
        (items[1]["total"].clone(), items[1]["winner"].clone()),
        (json!(25.0), json!(false))
    );
    assert_eq!(items.len(), 2);
}

#[actix_rt::test]
async fn settings_are_checked_and_only_the_team_manages_contests() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    let mut bad = contest_body(&app, "jury");
    bad["title"] = json!("x");
    bad["votes_per_voter"] = json!(2);
    bad["jurors"] = json!([app.other_org.admin.id]);
    bad["voting_close_at"] = json!(at(&app, Duration::hours(49)));
    let refused = app.post("/api/v1/contests", Some(&admin), &bad).await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert_eq!(
        refused.error_fields(),
        vec!["title", "voting_close_at", "votes_per_voter"],
        "{}",
        refused.text
    );
    let mut stranger = contest_body(&app, "jury");
    stranger["jurors"] = json!([app.other_org.admin.id]);
    stranger["audience"] = json!("sites");
    stranger["sites"] = json!(["0193a2b4-0000-7000-8000-000000000000"]);
    let refused = app.post("/api/v1/contests", Some(&admin), &stranger).await;
    assert_eq!(refused.error_fields(), vec!["sites", "jurors"], "{}", refused.text);
    let mut past = contest_body(&app, "public");
    past["submissions_open_at"] = json!(at(&app, -Duration::hours(10)));
    past["submissions_close_at"] = json!(at(&app, -Duration::hours(5)));
    past["voting_close_at"] = json!(at(&app, -Duration::hours(1)));
    let refused = app.post("/api/v1/contests", Some(&admin), &past).await;
    assert_eq!(refused.error_fields(), vec!["submissions_close_at"], "{}", refused.text);
    // A value of the wrong type is the field's fault, named (not a broken body).
    let mut typed = contest_body(&app, "public");
    typed["mode"] = Value::Null;
    let refused = app.post("/api/v1/contests", Some(&admin), &typed).await;
    assert_eq!(
        (refused.status, refused.error_fields()),
        (422, vec!["mode".to_owned()]),
        "{}",
        refused.text
    );

    let forbidden = app
        .post("/api/v1/contests", Some(&learner), &contest_body(&app, "public"))
        .await;
    assert_eq!(forbidden.status, 403);
    let contest = create(&app, &admin, &contest_body(&app, "public")).await;
    let other_admin = app.token(&app.other_org.admin.email).await;
    let hidden = app
        .get(&format!("/api/v1/contests/{contest}"), Some(&other_admin))
        .await;
    assert_eq!(hidden.status, 404);
    let listed = app.get("/api/v1/contests?phase=upcoming", Some(&learner)).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1), "{}", listed.text);
    let none = app.get("/api/v1/contests?phase=closed", Some(&learner)).await;
    assert_eq!(none.body, json!([]));

    let mut changed = contest_body(&app, "public");
    changed["title"] = json!("Le meilleur conseil rayon");
    let updated = app
        .put(&format!("/api/v1/contests/{contest}"), Some(&admin), &changed)
        .await;
    assert_eq!(
        (updated.status, updated.body["title"].clone()),
        (200, json!("Le meilleur conseil rayon"))
    );
    app.clock.advance(Duration::hours(2));
    let started = app
        .put(&format!("/api/v1/contests/{contest}"), Some(&admin), &changed)
        .await;
    assert_eq!((started.status, started.code()), (409, "contest_started"));
    let tip = publish(&app, &learner, "Un conseil en lice").await;
    let entered = enter(&app, &learner, &contest, &tip).await;
    assert_eq!(entered.status, 201, "{}", entered.text);
    let kept = app.delete(&format!("/api/v1/contests/{contest}"), Some(&admin)).await;
    assert_eq!((kept.status, kept.code()), (409, "contest_has_entries"));
    let entry = entered.body["id"].as_str().unwrap_or_default();
    let ambassador = app.token(&app.org.ambassador.email).await;
    let not_theirs = app
        .delete(
            &format!("/api/v1/contests/{contest}/entries/{entry}"),
            Some(&ambassador),
        )
        .await;
    assert_eq!(not_theirs.status, 403);
    let withdrawn = app
        .delete(&format!("/api/v1/contests/{contest}/entries/{entry}"), Some(&learner))
        .await;
    assert_eq!(withdrawn.status, 204, "{}", withdrawn.text);
    let deleted = app.delete(&format!("/api/v1/contests/{contest}"), Some(&admin)).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
}

#[actix_rt::test]
async fn people_outside_the_audience_neither_enter_nor_vote_and_parallel_votes_keep_the_cap() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let region = app.post("/api/v1/regions", Some(&admin), &json!({"name": "Sud"})).await;
    let region = region.body["id"].as_str().unwrap_or_default().to_owned();
    let site = app
        .post(
            "/api/v1/sites",
            Some(&admin),
            &json!({"name": "Magasin de Nice", "kind": "store", "region_id": region}),
        )
        .await;
    assert_eq!(site.status, 201, "{}", site.text);
    let site = site.body["id"].as_str().unwrap_or_default().to_owned();
    let mut body = contest_body(&app, "public");
    body["audience"] = json!("sites");
    body["sites"] = json!([site]);
    let only_nice = create(&app, &admin, &body).await;
    let read = app.get(&format!("/api/v1/contests/{only_nice}"), Some(&learner)).await;
    assert_eq!(read.body["eligible"], false, "{}", read.text);
    assert_eq!(read.body["places"][0]["name"], "Magasin de Nice");
    // Karim works in Nice: he enters there, and Léa, who does not, cannot vote for him.
    let facts = json!({"hr_id": "", "job_title": "Vendeur", "management_level": "none", "manager_id": null, "site_id": site, "domain_ids": [], "work_pattern": "office"});
    let moved = app
        .put(
            &format!("/api/v1/directory/{}", app.org.ambassador.id),
            Some(&admin),
            &facts,
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    let mut open = contest_body(&app, "public");
    open["votes_per_voter"] = json!(2);
    let everyone = create(&app, &admin, &open).await;
    app.clock.advance(Duration::hours(2));
    let tip = publish(&app, &learner, "Hors de Nice").await;
    let outside = enter(&app, &learner, &only_nice, &tip).await;
    assert_eq!((outside.status, outside.code()), (409, "not_eligible"));
    let nice_tip = publish(&app, &ambassador, "Un conseil niçois").await;
    let nice_entry = enter(&app, &ambassador, &only_nice, &nice_tip).await;
    assert_eq!(nice_entry.status, 201, "{}", nice_entry.text);
    let nice_entry = nice_entry.body["id"].as_str().unwrap_or_default().to_owned();
    let mut entries = Vec::new();
    for n in 0..3 {
        let tip = publish(&app, &ambassador, &format!("Conseil de Karim {n}")).await;
        let entered = enter(&app, &ambassador, &everyone, &tip).await;
        assert_eq!(entered.status, 201, "{}", entered.text);
        entries.push(entered.body["id"].as_str().unwrap_or_default().to_owned());
    }
    let fourth = publish(&app, &ambassador, "Un de trop").await;
    let capped = enter(&app, &ambassador, &everyone, &fourth).await;
    assert_eq!((capped.status, capped.code()), (409, "entry_cap_reached"));
    app.clock.advance(Duration::hours(48));
    let stranger = app
        .put(
            &format!("/api/v1/contests/{only_nice}/entries/{nice_entry}/vote"),
            Some(&learner),
            &json!({}),
        )
        .await;
    assert_eq!((stranger.status, stranger.code()), (409, "not_eligible"));
    let paths: Vec<String> = entries
        .iter()
        .map(|entry| format!("/api/v1/contests/{everyone}/entries/{entry}/vote"))
        .collect();
    let empty = json!({});
    let votes = futures_util::future::join_all(paths.iter().map(|path| app.put(path, Some(&learner), &empty))).await;
    let accepted = votes.iter().filter(|v| v.status == 200).count();
    let refused = votes.iter().filter(|v| v.code() == "vote_cap_reached").count();
    assert_eq!(
        (accepted, refused),
        (2, 1),
        "{:?}",
        votes.iter().map(|v| &v.text).collect::<Vec<_>>()
    );
}

#[actix_rt::test]
async fn a_tip_back_in_draft_leaves_the_contest_it_was_entered_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let mut body = contest_body(&app, "public");
    body["votes_per_voter"] = json!(2);
    let contest = create(&app, &admin, &body).await;
    let base = format!("/api/v1/contests/{contest}");
    let kept = publish(&app, &ambassador, "Un conseil qui reste").await;
    let hidden = publish(&app, &ambassador, "TITRE BIENTÔT BROUILLON").await;
    app.clock.advance(Duration::hours(2));
    let kept_entry = enter(&app, &ambassador, &contest, &kept).await;
    let kept_entry = kept_entry.body["id"].as_str().unwrap_or_default().to_owned();
    let hidden_entry = enter(&app, &ambassador, &contest, &hidden).await;
    let hidden_entry = hidden_entry.body["id"].as_str().unwrap_or_default().to_owned();
    app.clock.advance(Duration::hours(48));
    for entry in [&kept_entry, &hidden_entry] {
        let voted = app
            .put(&format!("{base}/entries/{entry}/vote"), Some(&learner), &json!({}))
            .await;
        assert_eq!(voted.status, 200, "{}", voted.text);
    }
    let draft = app
        .put(
            &format!("/api/v1/tips/{hidden}"),
            Some(&ambassador),
            &json!({"title": "TITRE BIENTÔT BROUILLON", "body": "Un conseil assez long pour passer.", "status": "draft"}),
        )
        .await;
    assert_eq!(draft.status, 200, "{}", draft.text);
    // Out of the list, the count, the voter's cap, and no vote reaches it.
    let listed = app.get(&format!("{base}/entries"), Some(&learner)).await;
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1), "{}", listed.text);
    let read = app.get(&base, Some(&learner)).await;
    assert_eq!(
        (read.body["entries"].clone(), read.body["my_votes"].clone()),
        (json!(1), json!(1))
    );
    let hidden_vote = app
        .put(&format!("{base}/entries/{hidden_entry}/vote"), Some(&admin), &json!({}))
        .await;
    assert_eq!(hidden_vote.status, 404, "{}", hidden_vote.text);
    app.clock.advance(Duration::hours(48));
    let results = app.get(&format!("{base}/results"), Some(&learner)).await;
    assert_eq!(results.status, 200, "{}", results.text);
    assert!(!results.text.contains("BROUILLON"), "{}", results.text);
    assert_eq!(results.body["items"].as_array().map(Vec::len), Some(1));
}

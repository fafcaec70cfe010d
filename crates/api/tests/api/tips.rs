//! Step 3, tips (V1) and the creator spotlight (V2): writing, drafts, history, reactions,
//! saves, comments, the sanitised body, the French search on the backend under test, the
//! spotlight and the candidates' sharing signals — and who may do what.

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

fn tip_body(title: &str, body: &str, tags: &[&str], status: &str) -> Value {
    json!({"title": title, "body": body, "tags": tags, "status": status})
}

async fn publish(app: &TestApp, token: &str, title: &str, body: &str, tags: &[&str]) -> String {
    let created = app
        .post("/api/v1/tips", Some(token), &tip_body(title, body, tags, "published"))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["summary"]["id"].as_str().unwrap_or_default().to_owned()
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[actix_rt::test]
async fn a_draft_is_its_authors_until_published_and_each_edit_is_kept() {
    let app = spawn_app().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let created = app
        .post(
            "/api/v1/tips",
            Some(&ambassador),
            &tip_body(
                "Le brief du matin",
                "Cinq minutes, **debout**, une priorité.",
                &["#Brief", "Équipe"],
                "draft",
            ),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        created.header("location"),
        Some(format!(
            "/api/v1/tips/{}",
            created.body["summary"]["id"].as_str().unwrap_or_default()
        ))
    );
    let id = created.body["summary"]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(created.body["summary"]["tags"], json!(["brief", "équipe"]));
    assert_eq!(created.body["summary"]["status"], "draft");
    assert!(created.body["body_html"]
        .as_str()
        .unwrap_or_default()
        .contains("<strong>debout</strong>"));
    assert_eq!(created.body["can_edit"], true);

    // A colleague neither sees nor finds the draft.
    assert_eq!(app.get(&format!("/api/v1/tips/{id}"), Some(&learner)).await.status, 404);
    assert!(titles(&app.get("/api/v1/tips", Some(&learner)).await.body).is_empty());
    let mine = app.get("/api/v1/me/tips", Some(&ambassador)).await;
    assert_eq!(titles(&mine.body), vec!["Le brief du matin"]);

    // Published: in the feed, dated, and the draft kept as a revision.
    app.clock.advance(chrono::Duration::minutes(5));
    let published = app
        .put(
            &format!("/api/v1/tips/{id}"),
            Some(&ambassador),
            &tip_body(
                "Le brief du matin en 5 minutes",
                "Cinq minutes, debout, une priorité.",
                &["brief"],
                "published",
            ),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    assert!(published.body["summary"]["published_at"].is_string());
    assert_eq!(published.body["revisions"], 1);
    let feed = app.get("/api/v1/tips", Some(&learner)).await;
    assert_eq!(titles(&feed.body), vec!["Le brief du matin en 5 minutes"]);
    assert!(!feed.body["items"][0]["author"]["display_name"]
        .as_str()
        .unwrap_or_default()
        .is_empty());
    let history = app.get(&format!("/api/v1/tips/{id}/revisions"), Some(&learner)).await;
    assert_eq!(history.status, 200, "{}", history.text);
    assert_eq!(history.body[0]["title"], "Le brief du matin");
    assert_eq!(history.body[0]["tags"], json!(["brief", "équipe"]));

    // An edit that leaves the status out keeps the tip published; one that changes nothing
    // keeps no revision.
    let same = json!({"title": "Le brief du matin en 5 minutes", "body": "Cinq minutes, debout, une priorité.", "tags": ["brief"]});
    let kept = app.put(&format!("/api/v1/tips/{id}"), Some(&ambassador), &same).await;
    assert_eq!(kept.status, 200, "{}", kept.text);
    assert_eq!(kept.body["summary"]["status"], "published");
    assert_eq!(kept.body["revisions"], 1, "nothing changed, nothing kept");

    // Only the author (or an admin) edits or deletes.
    let seen = app.get(&format!("/api/v1/tips/{id}"), Some(&learner)).await;
    assert_eq!(seen.body["can_edit"], false);
    let refused = app
        .put(
            &format!("/api/v1/tips/{id}"),
            Some(&learner),
            &tip_body("Détourné", "Un texte assez long.", &[], "published"),
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(
        app.delete(&format!("/api/v1/tips/{id}"), Some(&learner)).await.status,
        403
    );
    let admin = app.admin().await;
    assert_eq!(
        app.delete(&format!("/api/v1/tips/{id}"), Some(&admin)).await.status,
        204
    );
    assert_eq!(
        app.get(&format!("/api/v1/tips/{id}"), Some(&ambassador)).await.status,
        404
    );
}

#[actix_rt::test]
async fn bad_tips_are_refused_field_by_field() {
    let app = spawn_app().await;
    let learner = app.token(&app.org.learner.email).await;
    let cases = [
        (json!({"title": "a", "body": "Un texte assez long."}), "title"),
        (json!({"title": "Un titre", "body": "court"}), "body"),
        (json!({"title": "Un titre", "body": "x".repeat(20_001)}), "body"),
        (
            json!({"title": "Un titre", "body": "Un texte assez long.", "tags": ["ok", "pas<bien>"]}),
            "tags[1]",
        ),
        (
            json!({"title": "Un titre", "body": "Un texte assez long.", "tags": ["a","b","c","d","e","f","g","h","i"]}),
            "tags",
        ),
        (
            json!({"title": "Un titre", "body": "Un texte assez long.", "domain_id": "0193a2b4-0000-7000-8000-000000000000"}),
            "domain_id",
        ),
        (
            json!({"title": "Un titre", "body": "Un texte assez long.", "status": "archived"}),
            "status",
        ),
        (
            json!({"title": "\u{200b}\u{200b}\u{200b}", "body": "Un texte assez long."}),
            "title",
        ),
    ];
    for (body, field) in cases {
        let response = app.post("/api/v1/tips", Some(&learner), &body).await;
        assert_eq!(response.status, 422, "{body}: {}", response.text);
        assert!(
            response.error_fields().contains(&field.to_owned()),
            "{body}: {}",
            response.text
        );
    }
    assert!(
        titles(&app.get("/api/v1/me/tips", Some(&learner)).await.body).is_empty(),
        "nothing written"
    );
}

#[actix_rt::test]
async fn nothing_active_reaches_a_page() {
    let app = spawn_app().await;
    let learner = app.token(&app.org.learner.email).await;
    let body = "Voir <script>alert(1)</script> et <img src=x onerror=alert(1)> puis [clic](javascript:alert(1)) \
                et ![pixel](https://tracker.example/p.gif) <a href=\"javascript:alert(2)\" onclick=\"x()\">lien</a>";
    let created = app
        .post(
            "/api/v1/tips",
            Some(&learner),
            &tip_body("Un piège", body, &[], "published"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let html = created.body["body_html"].as_str().unwrap_or_default().to_lowercase();
    // Typed HTML shows as escaped text; what matters is the real tags.
    let tags = regex::Regex::new(r"<[a-z][^>]*>").expect("regex");
    for tag in tags.find_iter(&html).map(|m| m.as_str()) {
        assert!(tag.starts_with("<p") || tag.starts_with("<a "), "{tag} in {html}");
        assert!(!tag.contains(" on") && !tag.contains("src="), "{tag} in {html}");
        assert!(
            !tag.contains("href=") || tag.contains("href=\"https://"),
            "{tag} in {html}"
        );
    }
    assert!(
        html.contains("&lt;script&gt;"),
        "typed HTML is shown, not dropped: {html}"
    );
    assert_eq!(created.body["body"], body, "the Markdown is kept as written");
    let preview = app
        .post(
            "/api/v1/markdown/preview",
            Some(&learner),
            &json!({"body": "<script>x</script> **ok**"}),
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert!(!preview.body["html"].as_str().unwrap_or_default().contains("<script"));
}

#[actix_rt::test]
async fn reactions_saves_and_comments_follow_the_rules() {
    let app = spawn_app().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let admin = app.admin().await;
    let id = publish(
        &app,
        &ambassador,
        "Contrôler une livraison",
        "Trois points avant de signer le bon.",
        &["réception"],
    )
    .await;

    // One of each kind per person; never on one's own tip; unknown kinds do not exist.
    for _ in 0..2 {
        let reacted = app
            .put(
                &format!("/api/v1/tips/{id}/reactions/useful"),
                Some(&learner),
                &json!({}),
            )
            .await;
        assert_eq!(reacted.status, 200, "{}", reacted.text);
        assert_eq!(reacted.body["reactions"]["useful"], 1);
    }
    let bravo = app
        .put(
            &format!("/api/v1/tips/{id}/reactions/bravo"),
            Some(&learner),
            &json!({}),
        )
        .await;
    assert_eq!(bravo.body["my_reactions"], json!(["useful", "bravo"]));
    let own = app
        .put(
            &format!("/api/v1/tips/{id}/reactions/useful"),
            Some(&ambassador),
            &json!({}),
        )
        .await;
    assert_eq!(own.status, 409, "{}", own.text);
    assert_eq!(own.code(), "own_tip");
    assert_eq!(
        app.put(&format!("/api/v1/tips/{id}/reactions/love"), Some(&learner), &json!({}))
            .await
            .status,
        404
    );
    let undone = app
        .delete(&format!("/api/v1/tips/{id}/reactions/bravo"), Some(&learner))
        .await;
    assert_eq!(undone.body["reactions"]["bravo"], 0);

    // Parallel reactions of one kind by one person count once.
    let (path, empty) = (format!("/api/v1/tips/{id}/reactions/insightful"), json!({}));
    let calls = (0..8).map(|_| app.put(&path, Some(&admin), &empty));
    let answers = futures_util::future::join_all(calls).await;
    assert!(
        answers.iter().all(|a| a.status == 200),
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    let tip = app.get(&format!("/api/v1/tips/{id}"), Some(&learner)).await;
    assert_eq!(
        tip.body["summary"]["reactions"],
        json!({"useful": 1, "bravo": 0, "insightful": 1})
    );

    // Saves, also in parallel.
    let (save_path, empty) = (format!("/api/v1/tips/{id}/save"), json!({}));
    let saves = futures_util::future::join_all((0..6).map(|_| app.put(&save_path, Some(&learner), &empty))).await;
    assert!(
        saves.iter().all(|a| a.status == 204),
        "{:?}",
        saves.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    assert_eq!(
        app.put(&format!("/api/v1/tips/{id}/save"), Some(&learner), &json!({}))
            .await
            .status,
        204
    );
    assert_eq!(
        app.put(&format!("/api/v1/tips/{id}/save"), Some(&learner), &json!({}))
            .await
            .status,
        204
    );
    let saved = app.get("/api/v1/me/saved-tips", Some(&learner)).await;
    assert_eq!(titles(&saved.body), vec!["Contrôler une livraison"]);
    assert!(titles(&app.get("/api/v1/me/saved-tips", Some(&admin)).await.body).is_empty());
    assert_eq!(
        app.delete(&format!("/api/v1/tips/{id}/save"), Some(&learner))
            .await
            .status,
        204
    );
    assert!(titles(&app.get("/api/v1/me/saved-tips", Some(&learner)).await.body).is_empty());

    // Comments: anyone comments; the author of a comment or an admin deletes it.
    let comment = app
        .post(
            &format!("/api/v1/tips/{id}/comments"),
            Some(&learner),
            &json!({"body": "Testé ce matin, merci !"}),
        )
        .await;
    assert_eq!(comment.status, 201, "{}", comment.text);
    let comment_id = comment.body["id"].as_str().unwrap_or_default().to_owned();
    let empty = app
        .post(
            &format!("/api/v1/tips/{id}/comments"),
            Some(&learner),
            &json!({"body": "  "}),
        )
        .await;
    assert_eq!(empty.status, 422, "{}", empty.text);
    let listed = app.get(&format!("/api/v1/tips/{id}/comments"), Some(&ambassador)).await;
    assert_eq!(listed.body[0]["body"], "Testé ce matin, merci !");
    assert_eq!(listed.body[0]["can_delete"], false);
    let path = format!("/api/v1/tips/{id}/comments/{comment_id}");
    assert_eq!(app.delete(&path, Some(&ambassador)).await.status, 403);
    assert_eq!(app.delete(&path, Some(&learner)).await.status, 204);
    let summary = app.get(&format!("/api/v1/tips/{id}"), Some(&learner)).await;
    assert_eq!(summary.body["summary"]["comments"], 0);

    // A draft takes no reaction, save or comment.
    let draft = app
        .post(
            "/api/v1/tips",
            Some(&ambassador),
            &tip_body("Brouillon", "Pas encore prêt du tout.", &[], "draft"),
        )
        .await;
    let draft = draft.body["summary"]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        app.put(
            &format!("/api/v1/tips/{draft}/reactions/useful"),
            Some(&admin),
            &json!({})
        )
        .await
        .status,
        404
    );
    assert_eq!(
        app.put(&format!("/api/v1/tips/{draft}/save"), Some(&ambassador), &json!({}))
            .await
            .status,
        409
    );
}

#[actix_rt::test]
async fn search_ignores_accents_and_plurals_and_filters_combine() {
    let app = spawn_app().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    publish(
        &app,
        &ambassador,
        "Les formations courtes",
        "Moins de dix minutes, terminées plus souvent.",
        &["formation"],
    )
    .await;
    publish(
        &app,
        &ambassador,
        "Économiser l'énergie en réserve",
        "Éteindre les néons des allées vides.",
        &["énergie"],
    )
    .await;
    publish(
        &app,
        &learner,
        "Sécurité du transpalette",
        "On tire dans les pentes, on ne pousse jamais.",
        &["sécurité"],
    )
    .await;
    let found = |q: &str| {
        let path = format!("/api/v1/tips?q={}", urlencode(q));
        let app = &app;
        let learner = learner.clone();
        async move { titles(&app.get(&path, Some(&learner)).await.body) }
    };
    assert_eq!(
        found("formation").await,
        vec!["Les formations courtes"],
        "singular finds plural"
    );
    assert_eq!(found("FORMATIONS").await, vec!["Les formations courtes"]);
    assert_eq!(
        found("energie").await,
        vec!["Économiser l'énergie en réserve"],
        "no accent finds accents"
    );
    assert_eq!(
        found("securite transpal").await,
        vec!["Sécurité du transpalette"],
        "prefixes, all words"
    );
    assert_eq!(
        found("néons allées").await,
        vec!["Économiser l'énergie en réserve"],
        "the body counts"
    );
    assert!(found("formation sécurité").await.is_empty(), "every word must match");
    assert!(
        found("\"*:&|()").await.is_empty(),
        "syntax is not searched, nor an error"
    );
    assert!(found("inexistant").await.is_empty());

    let by_tag = app.get("/api/v1/tips?tag=%23S%C3%A9curit%C3%A9", Some(&learner)).await;
    assert_eq!(titles(&by_tag.body), vec!["Sécurité du transpalette"]);
    let by_author = app
        .get(
            &format!("/api/v1/tips?author={}", app.org.ambassador.id),
            Some(&learner),
        )
        .await;
    assert_eq!(titles(&by_author.body).len(), 2);
    let combined = app
        .get(
            &format!("/api/v1/tips?author={}&q=energie", app.org.ambassador.id),
            Some(&learner),
        )
        .await;
    assert_eq!(titles(&combined.body), vec!["Économiser l'énergie en réserve"]);
    let bad = app.get("/api/v1/tips?q=a&limit=0", Some(&learner)).await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert_eq!(bad.error_fields(), vec!["limit".to_owned()], "{}", bad.text);
    let no_such_tag = app.get("/api/v1/tips?tag=pas%3Cbien%3E", Some(&learner)).await;
    assert_eq!(no_such_tag.status, 200, "{}", no_such_tag.text);
    assert!(
        titles(&no_such_tag.body).is_empty(),
        "a tag no tip can have finds nothing"
    );
    let long_tag = app
        .get(&format!("/api/v1/tips?tag={}", "a".repeat(31)), Some(&learner))
        .await;
    assert_eq!(long_tag.status, 422, "{}", long_tag.text);
    assert_eq!(long_tag.error_fields(), vec!["tag".to_owned()]);

    // Pages follow one another without repeats.
    let first = app.get("/api/v1/tips?limit=2", Some(&learner)).await;
    let cursor = first.body["next_cursor"].as_str().unwrap_or_default().to_owned();
    let second = app
        .get(&format!("/api/v1/tips?limit=2&cursor={cursor}"), Some(&learner))
        .await;
    let mut all = titles(&first.body);
    all.extend(titles(&second.body));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 3, "{all:?}");
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[actix_rt::test]
async fn the_spotlight_counts_distinct_colleagues_and_feeds_the_candidates_ranking() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let learner = app.token(&app.org.learner.email).await;
    let tip = publish(
        &app,
        &learner,
        "Annuler une ligne en caisse",
        "Correction puis code article.",
        &["caisse"],
    )
    .await;
    for token in [&ambassador, &admin] {
        for kind in ["useful", "bravo"] {
            let reacted = app
                .put(&format!("/api/v1/tips/{tip}/reactions/{kind}"), Some(token), &json!({}))
                .await;
            assert_eq!(reacted.status, 200, "{}", reacted.text);
        }
    }
    publish(
        &app,
        &ambassador,
        "Une tête de gondole",
        "Une seule histoire par gondole.",
        &[],
    )
    .await;
    let spotlight = app.get("/api/v1/creators/spotlight?period=month", Some(&learner)).await;
    assert_eq!(spotlight.status, 200, "{}", spotlight.text);
    let first = &spotlight.body["items"][0];
    assert_eq!(first["person"]["id"], app.org.learner.id.as_str());
    assert_eq!(first["reactions"], 4);
    assert_eq!(first["distinct_reactors"], 2);
    assert_eq!(
        first["points"], 12.0,
        "2 for the tip, 4 reactions, 2 × 3 for two colleagues"
    );
    let bad = app
        .get("/api/v1/creators/spotlight?period=decade", Some(&learner))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);

    // The learner's sharing now shows in a programme's candidate ranking.
    let (programme, _, _) = crate::helpers::programme_with_objective(&app, &admin).await;
    let ranking = app
        .get(
            &format!("/api/v1/programmes/{programme}/candidates?limit=100"),
            Some(&admin),
        )
        .await;
    assert_eq!(ranking.status, 200, "{}", ranking.text);
    let learner_row = ranking.body["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|c| c["person_id"] == app.org.learner.id.as_str())
        .unwrap_or_default();
    let raw = |signal: &str| {
        learner_row["score"]["contributions"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .find(|c| c["signal"] == signal)
            .map(|c| c["raw"].as_f64().unwrap_or_default())
            .unwrap_or_default()
    };
    assert!((raw("tips_published") - 1.0).abs() < 0.01, "{learner_row}");
    assert!((raw("distinct_reactors") - 2.0).abs() < 0.01, "{learner_row}");
}

#[actix_rt::test]
async fn another_organisation_sees_none_of_it() {
    let app = spawn_app().await;
    let learner = app.token(&app.org.learner.email).await;
    let stranger = app.token(&app.other_org.admin.email).await;
    let id = publish(
        &app,
        &learner,
        "Un conseil maison",
        "Réservé à notre organisation.",
        &["maison"],
    )
    .await;
    assert_eq!(
        app.get(&format!("/api/v1/tips/{id}"), Some(&stranger)).await.status,
        404
    );
    assert_eq!(
        app.put(
            &format!("/api/v1/tips/{id}/reactions/useful"),
            Some(&stranger),
            &json!({})
        )
        .await
        .status,
        404
    );
    assert_eq!(
        app.post(
            &format!("/api/v1/tips/{id}/comments"),
            Some(&stranger),
            &json!({"body": "Intrus"})
        )
        .await
        .status,
        404
    );
    assert_eq!(
        app.delete(&format!("/api/v1/tips/{id}"), Some(&stranger)).await.status,
        404
    );
    let feed = app.get("/api/v1/tips?q=maison", Some(&stranger)).await;
    assert!(titles(&feed.body).is_empty());
    let spotlight = app
        .get("/api/v1/creators/spotlight?period=all_time", Some(&stranger))
        .await;
    assert_eq!(spotlight.body["items"], json!([]));
}

/// A small picture in `format`, then `extra` bytes the server must not pass on.
fn picture(format: image::ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(pixels)
        .write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .expect("encode");
    bytes
}

#[actix_rt::test]
async fn a_tip_image_is_re_encoded_without_what_the_upload_carried() {
    let app = spawn_app().await;
    let learner = app.token(&app.org.learner.email).await;
    let ambassador = app.token(&app.org.ambassador.email).await;
    let created = app
        .post(
            "/api/v1/tips",
            Some(&learner),
            &json!({"title": "Un rayon bien rangé", "body": "La photo montre le rayon après rangement.", "status": "published"}),
        )
        .await;
    let tip = created.body["summary"]["id"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/tips/{tip}/image?alt=Le%20rayon%20rang%C3%A9");

    // A JPEG carrying EXIF (with a position) and a PNG with a payload after its end.
    let mut jpeg = picture(image::ImageFormat::Jpeg, 64, 48);
    let exif = b"Exif\0\0GPS 43.7,7.26 SECRET-EXIF";
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap_or(0).to_be_bytes());
    segment.extend_from_slice(exif);
    jpeg.splice(2..2, segment);
    let uploaded = app.put_bytes(&path, Some(&learner), "image/jpeg", jpeg).await;
    assert_eq!(uploaded.status, 200, "{}", uploaded.text);
    assert_eq!(
        (
            uploaded.body["content_type"].clone(),
            uploaded.body["width"].clone(),
            uploaded.body["alt"].clone()
        ),
        (json!("image/jpeg"), json!(64), json!("Le rayon rangé"))
    );
    let read = app.get(&format!("/api/v1/tips/{tip}/image"), Some(&ambassador)).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(read.header("content-type").as_deref(), Some("image/jpeg"));
    assert!(!read.text.contains("SECRET-EXIF"), "the metadata is gone");
    assert!(image::load_from_memory(&read.bytes).is_ok(), "a readable image");

    let mut png = picture(image::ImageFormat::Png, 2400, 10);
    png.extend_from_slice(b"<script>alert('SECRET-PAYLOAD')</script>");
    let replaced = app.put_bytes(&path, Some(&learner), "image/png", png).await;
    assert_eq!(replaced.status, 200, "{}", replaced.text);
    assert_eq!(replaced.body["width"], 1600, "scaled down to 1,600 pixels");
    let read = app.get(&format!("/api/v1/tips/{tip}/image"), Some(&ambassador)).await;
    assert_eq!(read.header("content-type").as_deref(), Some("image/png"));
    assert!(!read.text.contains("SECRET-PAYLOAD"));
    let listed = app.get(&format!("/api/v1/tips/{tip}"), Some(&ambassador)).await;
    let url = listed.body["summary"]["image"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(url.starts_with(&format!("/api/v1/tips/{tip}/image?v=")), "{url}");
    assert_ne!(
        Some(url.as_str()),
        uploaded.body["url"].as_str(),
        "a new image, a new address"
    );
    assert_eq!(app.get(&url, Some(&ambassador)).await.status, 200);

    // Refused: not an image, another format, too big, no text alternative, not one's tip.
    let text = app
        .put_bytes(&path, Some(&learner), "image/png", b"not an image at all".to_vec())
        .await;
    assert_eq!(
        (text.status, text.error_fields()),
        (422, vec!["body".to_owned()]),
        "{}",
        text.text
    );
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let gif = app.put_bytes(&path, Some(&learner), "image/gif", gif).await;
    assert_eq!(gif.status, 422, "{}", gif.text);
    let huge = app
        .put_bytes(&path, Some(&learner), "image/png", vec![0; 2 * 1024 * 1024 + 1])
        .await;
    assert_eq!(huge.status, 413, "{}", huge.text);
    let bare = format!("/api/v1/tips/{tip}/image?alt=no");
    let no_alt = app
        .put_bytes(
            &bare,
            Some(&learner),
            "image/png",
            picture(image::ImageFormat::Png, 4, 4),
        )
        .await;
    assert_eq!((no_alt.status, no_alt.error_fields()), (422, vec!["alt".to_owned()]));
    let theirs = app
        .put_bytes(
            &path,
            Some(&ambassador),
            "image/png",
            picture(image::ImageFormat::Png, 4, 4),
        )
        .await;
    assert_eq!(theirs.status, 403, "{}", theirs.text);
    let stranger = app.token(&app.other_org.admin.email).await;
    let hidden = app.get(&format!("/api/v1/tips/{tip}/image"), Some(&stranger)).await;
    assert_eq!(hidden.status, 404);

    // Removed, and with the tip the file goes too.
    let removed = app.delete(&format!("/api/v1/tips/{tip}/image"), Some(&learner)).await;
    assert_eq!(removed.status, 204);
    let gone = app.get(&format!("/api/v1/tips/{tip}/image"), Some(&ambassador)).await;
    assert_eq!(gone.status, 404);
    let folder = app.state.config.data_dir.join("tip-images").join(app.org.id.as_str());
    let again = app
        .put_bytes(
            &path,
            Some(&learner),
            "image/png",
            picture(image::ImageFormat::Png, 4, 4),
        )
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(
        std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0),
        1,
        "replaced files are removed"
    );
    let deleted = app.delete(&format!("/api/v1/tips/{tip}"), Some(&learner)).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(
        std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0),
        0,
        "no file outlives its tip"
    );
}

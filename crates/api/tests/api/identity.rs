//! Sign-in, refresh rotation and re-use detection, sign-out, throttling, people management.

use crate::helpers::{spawn_app, spawn_app_with, ServerProcess, PASSWORD};
use serde_json::json;

#[actix_rt::test]
async fn sign_in_returns_an_access_token_and_a_strict_refresh_cookie() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": app.org.admin.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.text);
    assert_eq!(response.body["token_type"], "Bearer");
    assert_eq!(response.body["expires_in"], 900);
    assert_eq!(response.body["user"]["role"], "admin");
    let cookie = response.set_cookie();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(cookie.contains(attribute), "cookie lacks {attribute}: {cookie}");
    }
    let token = response.body["access_token"].as_str().unwrap_or_default();
    let me = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["email"], app.org.admin.email.as_str());
    assert_eq!(me.body["organisation_name"], "Alpha Retail");
}

#[actix_rt::test]
async fn sign_in_is_case_insensitive_on_the_email() {
    let app = spawn_app().await;
    let response = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": app.org.admin.email.to_uppercase(), "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status, 200, "{}", response.text);
}

#[actix_rt::test]
async fn wrong_password_and_unknown_account_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": app.org.admin.email, "password": "not the password at all"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": "nobody@example.com", "password": "not the password at all"}),
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.text, unknown.text,
        "answers must not reveal whether the account exists"
    );
    assert_eq!(
        wrong.body,
        json!({
            "type": "urn:relais:problem:invalid_credentials",
            "title": "Authentication required",
            "status": 401,
            "detail": "the e-mail or the password is wrong",
            "code": "invalid_credentials"
        })
    );
    assert_eq!(
        wrong.header("content-type").as_deref(),
        Some("application/problem+json")
    );
}

#[actix_rt::test]
async fn sign_in_rejects_bad_input_with_field_errors() {
    let app = spawn_app().await;
    let cases = [
        (json!({"password": PASSWORD}), 422, "email", "missing email"),
        (
            json!({"email": "not-an-email", "password": PASSWORD}),
            422,
            "email",
            "malformed email",
        ),
        (
            json!({"email": app.org.admin.email, "password": ""}),
            422,
            "password",
            "empty password",
        ),
        (
            json!({"email": app.org.admin.email, "password": "x".repeat(129)}),
            422,
            "password",
            "over 128 characters",
        ),
        (
            json!({"email": app.org.admin.email, "password": PASSWORD, "remember": true}),
            422,
            "remember",
            "unknown field",
        ),
        (json!({"email": 42, "password": PASSWORD}), 422, "email", "wrong type"),
    ];
    for (body, status, field, why) in cases {
        let response = app.post("/api/v1/auth/sign-in", None, &body).await;
        assert_eq!(response.status, status, "{why}: {}", response.text);
        assert_eq!(response.code(), "validation_failed", "{why}");
        assert_eq!(response.error_fields(), [field], "{why}");
    }
    let not_json = app
        .post_raw("/api/v1/auth/sign-in", None, "application/json", "{not json".into())
        .await;
    assert_eq!((not_json.status, not_json.code()), (400, "malformed_json"));
    let form = app
        .post_raw(
            "/api/v1/auth/sign-in",
            None,
            "application/x-www-form-urlencoded",
            "email=a".into(),
        )
        .await;
    assert_eq!((form.status, form.code()), (415, "unsupported_media_type"));
}

#[actix_rt::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_session() {
    let app = spawn_app().await;
    let (access, first) = app.sign_in(&app.org.learner.email).await;

    let rotated = app.post_with_cookie("/api/v1/auth/refresh", &first).await;
    assert_eq!(rotated.status, 200, "{}", rotated.text);
    let second = rotated.refresh_cookie().expect("a new refresh token");
    assert_ne!(first, second, "the refresh token rotates");
    let new_access = rotated.body["access_token"].as_str().unwrap_or_default().to_owned();
    assert_eq!(app.get("/api/v1/me", Some(&new_access)).await.status, 200);

    // Replaying the first token past the grace for concurrent tabs: theft is assumed, the
    // family dies.
    app.clock.advance(chrono::Duration::seconds(
        relais_api::identity::REFRESH_GRACE_SECONDS + 1,
    ));
    let replay = app.post_with_cookie("/api/v1/auth/refresh", &first).await;
    assert_eq!((replay.status, replay.code()), (401, "refresh_token_reused"));
    let after = app.post_with_cookie("/api/v1/auth/refresh", &second).await;
    assert_eq!(after.status, 401, "the rotated token died with its session");
    assert_eq!(app.get("/api/v1/me", Some(&new_access)).await.code(), "session_revoked");
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.status, 401);
}

/// Two tabs of one browser refresh with the same cookie at once: the later one gets an
/// access token (and no cookie: the earlier answer set the new one), the session lives on.
#[actix_rt::test]
async fn two_tabs_refreshing_together_keep_the_session() {
    let app = spawn_app().await;
    let (_, first) = app.sign_in(&app.org.learner.email).await;
    let (one, two) = futures_util::future::join(
        app.post_with_cookie("/api/v1/auth/refresh", &first),
        app.post_with_cookie("/api/v1/auth/refresh", &first),
    )
    .await;
    assert_eq!((one.status, two.status), (200, 200), "{} / {}", one.text, two.text);
    let cookies: Vec<String> = [&one, &two].iter().filter_map(|r| r.refresh_cookie()).collect();
    assert_eq!(cookies.len(), 1, "one rotation, one new cookie");
    for answer in [&one, &two] {
        let access = answer.body["access_token"].as_str().unwrap_or_default();
        assert_eq!(app.get("/api/v1/me", Some(access)).await.status, 200);
    }
    let next = app.post_with_cookie("/api/v1/auth/refresh", &cookies[0]).await;
    assert_eq!(next.status, 200, "the session lives on: {}", next.text);
}

#[actix_rt::test]
async fn refresh_without_or_with_a_forged_cookie_is_refused() {
    let app = spawn_app().await;
    let missing = app.post_empty("/api/v1/auth/refresh", None).await;
    assert_eq!((missing.status, missing.code()), (401, "refresh_token_missing"));
    let forged = app.post_with_cookie("/api/v1/auth/refresh", "forged-token").await;
    assert_eq!((forged.status, forged.code()), (401, "session_expired"));
}

#[actix_rt::test]
async fn sign_out_ends_the_session_at_once() {
    let app = spawn_app().await;
    let (access, refresh) = app.sign_in(&app.org.ambassador.email).await;
    // Used once first, so that the process remembers the session.
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.status, 200);
    let out = app
        .request("POST", "/api/v1/auth/sign-out", Some(&access))
        .insert_header(("cookie", format!("relais_refresh={refresh}")));
    let out = out.send().await.expect("sent");
    assert_eq!(out.status().as_u16(), 204);
    let cleared = out
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(cleared.contains("Max-Age=0"), "cookie cleared: {cleared}");
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.status, 401);
    assert_eq!(app.post_with_cookie("/api/v1/auth/refresh", &refresh).await.status, 401);
}

/// An API client holds only the access token: signing out with it ends its session too.
#[actix_rt::test]
async fn sign_out_with_the_access_token_alone_ends_its_session() {
    let app = spawn_app().await;
    let (access, refresh) = app.sign_in(&app.org.ambassador.email).await;
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.status, 200);
    let out = app.request("POST", "/api/v1/auth/sign-out", Some(&access)).send().await;
    assert_eq!(out.map(|r| r.status().as_u16()).ok(), Some(204));
    assert_eq!(app.get("/api/v1/me", Some(&access)).await.status, 401);
    assert_eq!(app.post_with_cookie("/api/v1/auth/refresh", &refresh).await.status, 401);
}

/// Access tokens carry a not-before claim the server checks.
#[actix_rt::test]
async fn access_tokens_carry_iat_and_nbf() {
    use base64::Engine;
    let app = spawn_app().await;
    let (access, _) = app.sign_in(&app.org.learner.email).await;
    let payload = access.split('.').nth(1).unwrap_or_default();
    let claims: serde_json::Value = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    assert!(claims["iat"].is_i64() && claims["nbf"] == claims["iat"], "{claims}");
}

#[actix_rt::test]
async fn failed_sign_ins_are_throttled_per_account_with_retry_after() {
    let app = spawn_app().await;
    let wrong = json!({"email": app.org.learner.email, "password": "wrong password again"});
    for attempt in 1..=5 {
        let response = app.post("/api/v1/auth/sign-in", None, &wrong).await;
        assert_eq!(response.status, 401, "attempt {attempt}");
    }
    let blocked = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": app.org.learner.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!((blocked.status, blocked.code()), (429, "too_many_requests"));
    let retry_after: i64 = blocked.header("retry-after").and_then(|v| v.parse().ok()).unwrap_or(0);
    assert_eq!(
        retry_after, 900,
        "the app's clock has not moved since the first failure"
    );
    // Another account from the same address is not locked by this one.
    app.sign_in(&app.org.admin.email).await;
    // The window is read from the app's clock: once it has passed, the account opens again.
    app.clock.advance(chrono::Duration::seconds(retry_after));
    app.sign_in(&app.org.learner.email).await;
}

#[actix_rt::test]
async fn sign_ins_are_throttled_per_client_address() {
    let app = spawn_app_with(|config| config.sign_in_attempts_per_address = 3).await;
    // A shop's staff behind one connection all signing in: successes do not count.
    for _ in 0..6 {
        app.sign_in(&app.org.admin.email).await;
    }
    // Failures from one address count across the accounts tried.
    for email in [&app.org.admin.email, &app.org.ambassador.email, &app.org.learner.email] {
        let wrong = app
            .post(
                "/api/v1/auth/sign-in",
                None,
                &json!({"email": email, "password": "not the password at all"}),
            )
            .await;
        assert_eq!(wrong.status, 401);
    }
    let blocked = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": app.org.learner.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(blocked.status, 429);
    assert!(blocked.header("retry-after").is_some());
}

#[actix_rt::test]
async fn requests_without_a_valid_token_are_unauthenticated() {
    let app = spawn_app().await;
    let cases = [
        (None, "no token"),
        (Some("garbage"), "not a JWT"),
        (Some("eyJhbGciOiJub25lIn0.e30."), "alg none"),
    ];
    for (token, why) in cases {
        let response = app.get("/api/v1/me", token).await;
        assert_eq!(response.status, 401, "{why}");
        assert_eq!(response.header("www-authenticate").as_deref(), Some("Bearer"), "{why}");
    }
}

#[actix_rt::test]
async fn admins_create_people_and_others_may_not() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    let body = json!({"email": "Nina.Roy@Example.com", "display_name": "Nina Roy", "role": "ambassador", "password": "une phrase de passe longue"});

    let refused = app.post("/api/v1/users", Some(&learner), &body).await;
    assert_eq!((refused.status, refused.code()), (403, "forbidden"));
    assert_eq!(app.get("/api/v1/users", Some(&learner)).await.status, 403);

    let created = app.post("/api/v1/users", Some(&admin), &body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["email"], "nina.roy@example.com");
    assert_eq!(created.body["role"], "ambassador");
    assert!(created.body.get("password_hash").is_none());
    let again = app.post("/api/v1/users", Some(&admin), &body).await;
    assert_eq!((again.status, again.code()), (409, "email_taken"));

    let nina = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": "nina.roy@example.com", "password": "une phrase de passe longue"}),
        )
        .await;
    assert_eq!(nina.status, 200);

    let listed = app.get("/api/v1/users?limit=100", Some(&admin)).await;
    let emails: Vec<&str> = listed.body["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|u| u["email"].as_str()).collect())
        .unwrap_or_default();
    assert!(emails.contains(&"nina.roy@example.com"));
    assert!(
        !emails.contains(&app.other_org.admin.email.as_str()),
        "another tenant's people never show"
    );
}

#[actix_rt::test]
async fn creating_a_person_checks_every_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (
            json!({"email": "x", "display_name": "Nina", "role": "learner", "password": "une phrase de passe longue"}),
            vec!["email"],
            "email",
        ),
        (
            json!({"email": "n@example.com", "display_name": "N", "role": "learner", "password": "une phrase de passe longue"}),
            vec!["display_name"],
            "name too short",
        ),
        (
            json!({"email": "n@example.com", "display_name": "Nina", "role": "learner", "password": "short"}),
            vec!["password"],
            "short password",
        ),
        (
            json!({"email": "n@example.com", "display_name": "Nina", "role": "learner", "password": "password1234"}),
            vec!["password"],
            "common password",
        ),
        (
            json!({"email": "n@example.com", "display_name": "Nina", "role": "boss", "password": "une phrase de passe longue"}),
            vec!["role"],
            "unknown role",
        ),
        (
            json!({"email": "x", "display_name": "", "role": "learner", "password": "short"}),
            vec!["email", "display_name", "password"],
            "all at once",
        ),
    ];
    for (body, fields, why) in cases {
        let response = app.post("/api/v1/users", Some(&admin), &body).await;
        assert_eq!(response.status, 422, "{why}: {}", response.text);
        assert_eq!(response.error_fields(), fields, "{why}");
    }
}

#[actix_rt::test]
async fn deactivating_someone_ends_their_sessions_and_sign_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (learner, refresh) = app.sign_in(&app.org.learner.email).await;
    assert_eq!(app.get("/api/v1/me", Some(&learner)).await.status, 200);

    let done = app
        .post_empty(
            &format!("/api/v1/users/{}/deactivate", app.org.learner.id),
            Some(&admin),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(done.body["active"], false);
    assert_eq!(
        app.get("/api/v1/me", Some(&learner)).await.status,
        401,
        "access token stops at once"
    );
    assert_eq!(app.post_with_cookie("/api/v1/auth/refresh", &refresh).await.status, 401);
    let again = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": app.org.learner.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!((again.status, again.code()), (401, "invalid_credentials"));

    let back = app
        .post_empty(
            &format!("/api/v1/users/{}/reactivate", app.org.learner.id),
            Some(&admin),
        )
        .await;
    assert_eq!(back.body["active"], true);
    app.sign_in(&app.org.learner.email).await;

    let myself = app
        .post_empty(&format!("/api/v1/users/{}/deactivate", app.org.admin.id), Some(&admin))
        .await;
    assert_eq!((myself.status, myself.code()), (409, "cannot_deactivate_self"));
}

#[actix_rt::test]
async fn people_of_another_organisation_are_out_of_reach() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let other = &app.other_org.learner.id;
    for action in ["deactivate", "reactivate"] {
        let response = app
            .post_empty(&format!("/api/v1/users/{other}/{action}"), Some(&admin))
            .await;
        assert_eq!(response.status, 404, "{action}");
    }
    let ambassador = app.token(&app.org.ambassador.email).await;
    let response = app
        .post_empty(
            &format!("/api/v1/users/{}/deactivate", app.org.learner.id),
            Some(&ambassador),
        )
        .await;
    assert_eq!(response.status, 403, "wrong role");
    // The other organisation's learner still signs in.
    app.sign_in(&app.other_org.learner.email).await;
}

/// Password checks are bounded: past the ones running and the queue, sign-in answers 503
/// with `Retry-After` instead of taking more memory.
#[actix_rt::test]
async fn sign_ins_beyond_the_password_checks_allowed_at_once_are_told_to_wait() {
    let app = spawn_app_with(|config| {
        config.password_checks_at_once = 1;
        config.password_check_queue = 0;
        // Twelve sign-ins of one account from one address, allowed by the throttle.
        config.sign_in_failures_per_account_and_address = 100;
    })
    .await;
    let body = json!({"email": app.org.learner.email, "password": PASSWORD});
    let attempts: Vec<_> = (0..12).map(|_| app.post("/api/v1/auth/sign-in", None, &body)).collect();
    let answers = futures_util::future::join_all(attempts).await;
    let busy: Vec<_> = answers.iter().filter(|r| r.status == 503).collect();
    let signed_in = answers.iter().filter(|r| r.status == 200).count();
    assert!(
        !busy.is_empty() && signed_in >= 1,
        "{} busy, {signed_in} signed in",
        busy.len()
    );
    assert_eq!(
        busy.len() + signed_in,
        12,
        "nothing else: {:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert_eq!(busy[0].code(), "server_busy");
    assert_eq!(busy[0].header("retry-after").as_deref(), Some("1"));
}

/// An organisation keeps at least one active admin, also when two admins deactivate each
/// other at the same moment.
#[actix_rt::test]
async fn two_admins_deactivating_each_other_leave_one_active() {
    use relais_db::identity::UserRow;
    use relais_domain::ids::UserId;
    let app = spawn_app().await;
    let tenant = app.org.tenant();
    let first_id = app.org.admin.id.clone();
    for round in 0..4 {
        let first = app.admin().await;
        let email = format!("second.admin{round}@example.com");
        let created = app
            .post(
                "/api/v1/users",
                Some(&first),
                &json!({"email": email, "display_name": "Second Admin", "role": "admin", "password": "a second admin passphrase"}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        let second_id = created.body["id"].as_str().unwrap_or_default().to_owned();
        let second = app
            .post(
                "/api/v1/auth/sign-in",
                None,
                &json!({"email": email, "password": "a second admin passphrase"}),
            )
            .await;
        let second = second.body["access_token"].as_str().unwrap_or_default().to_owned();
        let (one, two) = futures_util::future::join(
            app.post_empty(&format!("/api/v1/users/{second_id}/deactivate"), Some(&first)),
            app.post_empty(&format!("/api/v1/users/{first_id}/deactivate"), Some(&second)),
        )
        .await;
        let statuses = [one.status, two.status];
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "round {round}: {statuses:?}"
        );
        let mut conn = app.connection();
        assert_eq!(
            UserRow::active_admins(&mut conn, &tenant).ok(),
            Some(1),
            "round {round}"
        );
        // Put the first admin back for the next round, and the second aside.
        let first_user = UserId::new(first_id.clone());
        UserRow::set_active(&mut conn, &tenant, &first_user, true, app.now()).expect("reactivate");
        UserRow::set_active(&mut conn, &tenant, &UserId::new(second_id), false, app.now()).expect("set aside");
    }
}

/// The account model: an e-mail names one account across all organisations (sign-in is by
/// e-mail alone). An admin creating an account learns only that the address cannot be used,
/// in the same words whether it is taken in their organisation or in another.
#[actix_rt::test]
async fn a_taken_e_mail_is_refused_in_the_same_words_wherever_it_is_taken() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = |email: &str| json!({"email": email, "display_name": "Someone", "role": "learner", "password": "a long enough passphrase"});
    let ours = app
        .post("/api/v1/users", Some(&admin), &body(&app.org.learner.email))
        .await;
    let theirs = app
        .post("/api/v1/users", Some(&admin), &body(&app.other_org.learner.email))
        .await;
    assert_eq!((ours.status, theirs.status), (409, 409));
    assert_eq!(
        ours.body, theirs.body,
        "the answer does not say where the address is used"
    );
}

/// Failed and throttled sign-ins, refresh re-use, deactivation and sign-out leave a trace
/// with the account and the address, which the organisation's admins read (and nobody else).
#[actix_rt::test]
async fn security_events_are_recorded_for_the_organisations_admins() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let wrong = json!({"email": app.org.learner.email, "password": "not the password at all"});
    for _ in 0..5 {
        app.post("/api/v1/auth/sign-in", None, &wrong).await;
    }
    for _ in 0..3 {
        let refused = app.post("/api/v1/auth/sign-in", None, &wrong).await;
        assert_eq!(refused.status, 429);
    }
    let (_, spent) = app.sign_in(&app.org.ambassador.email).await;
    app.post_with_cookie("/api/v1/auth/refresh", &spent).await;
    app.clock.advance(chrono::Duration::minutes(1));
    let reused = app.post_with_cookie("/api/v1/auth/refresh", &spent).await;
    assert_eq!(reused.code(), "refresh_token_reused");
    let (other_access, _) = app.sign_in(&app.org.admin.email).await;
    let out = app
        .request("POST", "/api/v1/auth/sign-out", Some(&other_access))
        .send()
        .await;
    assert_eq!(out.map(|r| r.status().as_u16()).ok(), Some(204));
    let admin = if app.get("/api/v1/me", Some(&admin)).await.status == 200 {
        admin
    } else {
        app.admin().await
    };
    let learner = app.org.learner.id.clone();
    app.post_empty(&format!("/api/v1/users/{learner}/deactivate"), Some(&admin))
        .await;
    // Someone unknown fails too: that is in the log, but in no organisation's list.
    app.post(
        "/api/v1/auth/sign-in",
        None,
        &json!({"email": "nobody@example.com", "password": "whatever it may be"}),
    )
    .await;

    let listed = app.get("/api/v1/security-events?limit=100", Some(&admin)).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let items = listed.body["items"].as_array().cloned().unwrap_or_default();
    let count = |kind: &str| items.iter().filter(|e| e["kind"] == kind).count();
    assert_eq!(count("failed_sign_in"), 5, "{items:?}");
    assert_eq!(count("sign_in_throttled"), 1, "one per account, address and window");
    assert_eq!(count("refresh_token_reused"), 1);
    assert_eq!(count("signed_out"), 1);
    assert_eq!(count("account_deactivated"), 1);
    assert!(items.iter().all(|e| e["address"] == "127.0.0.1"), "{items:?}");
    assert!(!listed.text.contains("nobody@example.com"));
    assert!(
        !listed.text.contains("not the password"),
        "passwords are never recorded"
    );

    let other_admin = app.token(&app.other_org.admin.email).await;
    let theirs = app.get("/api/v1/security-events", Some(&other_admin)).await;
    assert!(
        !theirs.text.contains(&app.org.learner.email),
        "another organisation's events"
    );
    let ambassador = app.token(&app.org.ambassador.email).await;
    assert_eq!(app.get("/api/v1/security-events", Some(&ambassador)).await.status, 403);
}

/// Waits until `server` refuses `token` on `/me`; how long that took.
async fn refused_after(server: &ServerProcess, token: &str) -> std::time::Duration {
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(5) {
        if server.get_status("/api/v1/me", token).await == 401 {
            return started.elapsed();
        }
        actix_rt::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    started.elapsed()
}

/// Two processes on one database, each remembering live sessions: a sign-out or a
/// deactivation made through one takes effect there at once, and in the other within the
/// recheck bound (one second; the slack covers polling and a loaded machine).
#[actix_rt::test]
async fn revocations_reach_another_process_within_a_second() {
    let app = spawn_app().await;
    let other = ServerProcess::start(&app.database_url).await;
    let bound = relais_api::identity::sessions::RECHECK_AFTER + std::time::Duration::from_millis(500);
    let admin = app.admin().await;

    let (ambassador, _) = app.sign_in(&app.org.ambassador.email).await;
    let (learner, _) = app.sign_in(&app.org.learner.email).await;
    for token in [&ambassador, &learner] {
        assert_eq!(app.get("/api/v1/me", Some(token)).await.status, 200);
        assert_eq!(
            other.get_status("/api/v1/me", token).await,
            200,
            "the other process remembers it"
        );
    }

    let out = app
        .request("POST", "/api/v1/auth/sign-out", Some(&ambassador))
        .send()
        .await;
    assert_eq!(out.map(|r| r.status().as_u16()).ok(), Some(204));
    assert_eq!(
        app.get("/api/v1/me", Some(&ambassador)).await.status,
        401,
        "at once where it was made"
    );
    let waited = refused_after(&other, &ambassador).await;
    assert!(waited <= bound, "sign-out reached the other process after {waited:?}");

    let done = app
        .post_empty(
            &format!("/api/v1/users/{}/deactivate", app.org.learner.id),
            Some(&admin),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
    assert_eq!(
        app.get("/api/v1/me", Some(&learner)).await.status,
        401,
        "at once where it was made"
    );
    let waited = refused_after(&other, &learner).await;
    assert!(
        waited <= bound,
        "deactivation reached the other process after {waited:?}"
    );
}

/// Admins find people by part of a name or e-mail (case ignored, `%` and `_` taken
/// literally) and filter them by role and status.
#[actix_rt::test]
async fn admins_find_people_by_name_role_and_status() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let names = |r: &crate::helpers::Response| -> Vec<String> {
        r.body["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|u| u["email"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let everyone = app.get("/api/v1/users", Some(&admin)).await;
    assert_eq!(everyone.status, 200);
    let learner = app.org.learner.email.clone();
    let part = learner[..4].to_uppercase();
    let found = app.get(&format!("/api/v1/users?q={part}"), Some(&admin)).await;
    assert!(
        names(&found).contains(&learner),
        "{part} finds {learner}: {}",
        found.text
    );
    assert!(names(&found).len() < names(&everyone).len());
    assert!(
        names(&app.get("/api/v1/users?q=%25", Some(&admin)).await).is_empty(),
        "% is literal"
    );
    assert!(
        names(&app.get("/api/v1/users?q=_", Some(&admin)).await).is_empty(),
        "_ is literal"
    );
    let ambassadors = app.get("/api/v1/users?role=ambassador", Some(&admin)).await;
    assert_eq!(names(&ambassadors), vec![app.org.ambassador.email.clone()]);
    app.post_empty(
        &format!("/api/v1/users/{}/deactivate", app.org.learner.id),
        Some(&admin),
    )
    .await;
    let inactive = app.get("/api/v1/users?active=false", Some(&admin)).await;
    assert_eq!(names(&inactive), vec![learner]);
    let long = "x".repeat(101);
    let refused = app.get(&format!("/api/v1/users?q={long}"), Some(&admin)).await;
    assert_eq!((refused.status, refused.error_fields()), (422, vec!["q".to_owned()]));
    let bad_role = app.get("/api/v1/users?role=king", Some(&admin)).await;
    assert_eq!(bad_role.status, 422);
}

/// Admins change a person's name and role; the organisation keeps an active admin, admins
/// do not change their own role, and the new role applies at once to the person's session.
#[actix_rt::test]
async fn admins_change_a_persons_name_and_role() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.token(&app.org.learner.email).await;
    assert_eq!(app.get("/api/v1/me", Some(&learner)).await.body["role"], "learner");
    let url = format!("/api/v1/users/{}", app.org.learner.id);
    let changed = app
        .put(
            &url,
            Some(&admin),
            &json!({"display_name": "Léa Petit-Martin", "role": "ambassador"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(changed.body["role"], "ambassador");
    assert_eq!(changed.body["display_name"], "Léa Petit-Martin");
    let me = app.get("/api/v1/me", Some(&learner)).await;
    assert_eq!(me.body["role"], "ambassador", "the session sees the new role at once");

    let own = app
        .put(
            &format!("/api/v1/users/{}", app.org.admin.id),
            Some(&admin),
            &json!({"display_name": "Claire", "role": "learner"}),
        )
        .await;
    assert_eq!((own.status, own.code()), (409, "cannot_change_own_role"));
    let renamed = app
        .put(
            &format!("/api/v1/users/{}", app.org.admin.id),
            Some(&admin),
            &json!({"display_name": "Claire M.", "role": "admin"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "an admin renames themselves: {}", renamed.text);

    let bad = app
        .put(&url, Some(&admin), &json!({"display_name": "x", "role": "ambassador"}))
        .await;
    assert_eq!((bad.status, bad.error_fields()), (422, vec!["display_name".to_owned()]));
    let ambassador = app.token(&app.org.ambassador.email).await;
    let refused = app
        .put(
            &url,
            Some(&ambassador),
            &json!({"display_name": "Hack", "role": "admin"}),
        )
        .await;
    assert_eq!(refused.status, 403);
    let other = app.token(&app.other_org.admin.email).await;
    let elsewhere = app
        .put(&url, Some(&other), &json!({"display_name": "Hack", "role": "admin"}))
        .await;
    assert_eq!(elsewhere.status, 404);
}

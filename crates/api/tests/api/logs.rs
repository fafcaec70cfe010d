//! Logs never contain passwords, tokens, cookies, keys or hashes: the real binary runs a
//! sign-in / refresh / sign-out cycle at the most verbose level, and everything it printed
//! is searched for the secrets that went through it.

use crate::helpers::{free_port, spawn_app, wait_ready, PASSWORD};
use diesel::prelude::*;
use std::io::Read;
use std::process::{Command, Stdio};

#[actix_rt::test]
async fn a_session_cycle_leaves_no_secret_in_the_logs() {
    let app = spawn_app().await;
    let (mut server, base) = start(&app.database_url, &["--log-format", "json"], Some("trace"));
    let client = awc::Client::default();
    let cycle = async {
        assert!(wait_ready(&client, &base).await, "relais did not start");
        // Each step must work, and each secret must really have gone through, or the search
        // below would prove nothing.
        let mut signed_in = client
            .post(format!("{base}/api/v1/auth/sign-in"))
            .send_json(&serde_json::json!({"email": app.org.admin.email, "password": PASSWORD}))
            .await
            .expect("sign in");
        assert_eq!(signed_in.status().as_u16(), 200, "sign-in");
        let refresh = cookie_value(signed_in.headers());
        let body: serde_json::Value = signed_in.json().await.expect("sign-in body");
        let access = body["access_token"].as_str().unwrap_or_default().to_owned();

        let me = client
            .get(format!("{base}/api/v1/me"))
            .insert_header(("authorization", format!("Bearer {access}")))
            .send()
            .await
            .expect("me");
        assert_eq!(me.status().as_u16(), 200, "me");

        let new_password = "a new colleague's long passphrase";
        let created = client
            .post(format!("{base}/api/v1/users"))
            .insert_header(("authorization", format!("Bearer {access}")))
            .send_json(
                &serde_json::json!({"email": "new.colleague@example.com", "display_name": "New Colleague",
                "role": "learner", "password": new_password}),
            )
            .await
            .expect("create user");
        assert_eq!(created.status().as_u16(), 201, "create a user with a password");

        let mut rotated = client
            .post(format!("{base}/api/v1/auth/refresh"))
            .insert_header(("cookie", format!("relais_refresh={refresh}")))
            .send()
            .await
            .expect("refresh");
        assert_eq!(rotated.status().as_u16(), 200, "refresh");
        let refresh2 = cookie_value(rotated.headers());
        let rotated_body: serde_json::Value = rotated.json().await.expect("refresh body");
        let access2 = rotated_body["access_token"].as_str().unwrap_or_default().to_owned();

        let out = client
            .post(format!("{base}/api/v1/auth/sign-out"))
            .insert_header(("authorization", format!("Bearer {access2}")))
            .insert_header(("cookie", format!("relais_refresh={refresh2}")))
            .send()
            .await
            .expect("sign out");
        assert_eq!(out.status().as_u16(), 204, "sign-out");
        // A wrong password too: failed attempts must not echo what was typed.
        let typo = "typo in the passphrase";
        let failed = client
            .post(format!("{base}/api/v1/auth/sign-in"))
            .send_json(&serde_json::json!({"email": app.org.admin.email, "password": typo}))
            .await
            .expect("failed sign-in");
        assert_eq!(failed.status().as_u16(), 401, "failed sign-in");
        vec![
            PASSWORD.to_owned(),
            new_password.to_owned(),
            typo.to_owned(),
            access,
            refresh,
            access2,
            refresh2,
        ]
    }
    .await;
    let _ = server.kill();
    let _ = server.wait();
    let mut printed = String::new();
    if let Some(mut out) = server.stdout.take() {
        let _ = out.read_to_string(&mut printed);
    }
    if let Some(mut err) = server.stderr.take() {
        let _ = err.read_to_string(&mut printed);
    }

    use relais_db::schema::{server_keys, users};
    let mut conn = app.connection();
    let keys: Vec<String> = server_keys::table
        .select(server_keys::secret)
        .load(&mut conn)
        .expect("keys");
    let hashes: Vec<String> = users::table
        .select(users::password_hash)
        .load(&mut conn)
        .expect("hashes");
    assert!(
        !keys.is_empty() && hashes.len() >= 7,
        "{} keys, {} hashes",
        keys.len(),
        hashes.len()
    );
    let mut secrets = cycle;
    secrets.extend(keys);
    secrets.extend(hashes);
    for secret in &secrets {
        assert!(secret.len() >= 16, "a secret was not captured: {secret:?}");
    }

    assert!(printed.contains("signed in"), "the cycle was logged at all:\n{printed}");
    assert!(printed.contains("failed sign-in"), "the failure was logged:\n{printed}");
    for secret in &secrets {
        assert!(
            !printed.contains(secret.as_str()),
            "a secret reached the logs: {}…",
            &secret[..8]
        );
    }
    // And no cookie or authorization header in any form.
    let lowered = printed.to_lowercase();
    for marker in ["relais_refresh=", "bearer ey", "\"password\""] {
        assert!(!lowered.contains(marker), "logs contain {marker}");
    }
}

/// The real binary serving the test's database, its output captured; `RUST_LOG` as given
/// (none: the default level). Returns the process and its base URL.
fn start(database_url: &str, options: &[&str], rust_log: Option<&str>) -> (std::process::Child, String) {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_relais"));
    command
        .args(["--database-url", database_url])
        .args(options)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match rust_log {
        Some(level) => command.env("RUST_LOG", level),
        None => command.env_remove("RUST_LOG"),
    };
    (
        command.spawn().expect("start relais"),
        format!("http://127.0.0.1:{port}"),
    )
}

fn cookie_value(headers: &awc::http::header::HeaderMap) -> String {
    headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("relais_refresh="))
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_default()
        .to_owned()
}

/// At the default level the log says what matters — start-up, sign-ins, errors, slow
/// requests — not one line per request, and has no colour codes when it is not a terminal.
#[actix_rt::test]
async fn the_default_log_has_no_line_per_request_and_no_colour() {
    let app = spawn_app().await;
    let (mut server, base) = start(&app.database_url, &[], None);
    let client = awc::Client::default();
    let ready = wait_ready(&client, &base).await;
    let mut answered = 0;
    for _ in 0..50 {
        if let Ok(response) = client.get(format!("{base}/healthz")).send().await {
            answered += usize::from(response.status().is_success());
        }
    }
    let _ = client
        .post(format!("{base}/api/v1/auth/sign-in"))
        .send_json(&serde_json::json!({"email": app.org.admin.email, "password": PASSWORD}))
        .await;
    let _ = server.kill();
    let _ = server.wait();
    let mut logged = String::new();
    if let Some(mut err) = server.stderr.take() {
        let _ = err.read_to_string(&mut logged);
    }
    assert!(ready && answered == 50, "relais answered {answered} of 50:\n{logged}");
    assert!(logged.contains("signed in"), "what matters is logged:\n{logged}");
    assert!(!logged.contains("answered"), "no line per request:\n{logged}");
    assert!(
        logged.lines().count() < 10,
        "{} lines for 51 requests:\n{logged}",
        logged.lines().count()
    );
    assert!(!logged.contains('\u{1b}'), "no colour codes in a file:\n{logged}");
}

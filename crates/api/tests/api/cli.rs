//! The `relais` binary's subcommands against the database under test.

use crate::helpers::spawn_app;
use std::process::Command;

fn relais(database_url: &str, args: &[&str]) -> std::process::Output {
    relais_with_password(database_url, args, None)
}

/// Runs the binary, with `RELAIS_ADMIN_PASSWORD` set when given.
fn relais_with_password(database_url: &str, args: &[&str], password: Option<&str>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_relais"));
    command
        .arg("--database-url")
        .arg(database_url)
        .args(args)
        .env("RUST_LOG", "warn");
    if let Some(password) = password {
        command.env("RELAIS_ADMIN_PASSWORD", password);
    }
    command.output().expect("run relais")
}

#[actix_rt::test]
async fn admin_create_opens_a_new_organisation_whose_admin_can_sign_in() {
    let app = spawn_app().await;
    let output = relais_with_password(
        &app.database_url,
        &[
            "admin",
            "create",
            "--email",
            "Founder@Newco.example",
            "--org",
            "Newco Stores",
        ],
        Some("a founder's long passphrase"),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let signed_in = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &serde_json::json!({"email": "founder@newco.example", "password": "a founder's long passphrase"}),
        )
        .await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.text);
    assert_eq!(signed_in.body["user"]["organisation_name"], "Newco Stores");
    assert_eq!(signed_in.body["user"]["role"], "admin");

    let again = relais(
        &app.database_url,
        &[
            "admin",
            "create",
            "--email",
            "other@newco.example",
            "--org",
            "Newco Stores",
        ],
    );
    assert!(
        !again.status.success(),
        "a second organisation with the same name is refused"
    );
    let weak = relais_with_password(
        &app.database_url,
        &["admin", "create", "--email", "x@y.example", "--org", "Weak Co"],
        Some("short"),
    );
    assert!(!weak.status.success(), "a weak password is refused");
}

#[actix_rt::test]
async fn demo_loads_once_and_openapi_prints_the_contract() {
    let app = spawn_app().await;
    let first = relais(&app.database_url, &["demo"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("Demo organisation loaded."));
    let second = relais(&app.database_url, &["demo"]);
    assert!(
        String::from_utf8_lossy(&second.stdout).contains("already present"),
        "idempotent"
    );
    let admin = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &serde_json::json!({"email": relais_api::demo::ADMIN_EMAIL, "password": relais_api::demo::ADMIN_PASSWORD}),
        )
        .await;
    let token = admin.body["access_token"].as_str().unwrap_or_default().to_owned();
    let programmes = app.get("/api/v1/programmes?status=active", Some(&token)).await;
    assert_eq!(
        programmes.body["items"][0]["title"],
        "Lancement de la nouvelle appli de formation"
    );
    let id = programmes.body["items"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let dashboard = app
        .get(&format!("/api/v1/programmes/{id}/dashboard"), Some(&token))
        .await;
    assert_eq!(
        dashboard.body["objectives"][0]["current"]["state"], "value",
        "the demo's activity makes the metric alive"
    );
    assert_eq!(dashboard.body["objectives"][0]["pacing"]["status"], "on_track");

    let spec = relais(&app.database_url, &["openapi"]);
    let parsed: serde_json::Value = serde_json::from_slice(&spec.stdout).unwrap_or_default();
    assert_eq!(parsed["openapi"], "3.1.0");
}

/// When nobody can manage an organisation any more, the command line recovers it: a
/// deactivated learner becomes an active admin with a new password.
#[actix_rt::test]
async fn admin_promote_and_reset_password_recover_an_organisation() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let learner = app.org.learner.id.clone();
    let out = app
        .post_empty(&format!("/api/v1/users/{learner}/deactivate"), Some(&admin))
        .await;
    assert_eq!(out.status, 200, "{}", out.text);

    let promoted = relais(
        &app.database_url,
        &["admin", "promote", "--email", &app.org.learner.email],
    );
    assert!(
        promoted.status.success(),
        "{}",
        String::from_utf8_lossy(&promoted.stderr)
    );
    let reset = relais_with_password(
        &app.database_url,
        &["admin", "reset-password", "--email", &app.org.learner.email],
        Some("a recovered long passphrase"),
    );
    assert!(reset.status.success(), "{}", String::from_utf8_lossy(&reset.stderr));
    let signed_in = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &serde_json::json!({"email": app.org.learner.email, "password": "a recovered long passphrase"}),
        )
        .await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.text);
    assert_eq!(signed_in.body["user"]["role"], "admin");

    let unknown = relais(
        &app.database_url,
        &["admin", "promote", "--email", "nobody@example.com"],
    );
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account uses nobody@example.com"));
}

//! Invitations: an admin makes a one-time link, the person sets a password with it and is
//! signed in; the link works once, for seven days, and a newer one replaces it.

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

fn token_of(invitation: &Value) -> String {
    invitation["link"]
        .as_str()
        .and_then(|link| link.split("token=").nth(1))
        .unwrap_or_default()
        .to_owned()
}

async fn person_without_password(app: &TestApp, admin: &str, email: &str) -> String {
    let created = app
        .post(
            "/api/v1/users",
            Some(admin),
            &json!({"email": email, "display_name": "Nina Invitée", "role": "learner"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    created.body["id"].as_str().unwrap_or_default().to_owned()
}

#[actix_rt::test]
async fn an_invited_person_sets_a_password_and_is_signed_in() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = person_without_password(&app, &admin, "nina@example.com").await;
    // No password yet: signing in fails like a wrong password, whatever is tried.
    let refused = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": "nina@example.com", "password": ""}),
        )
        .await;
    assert_eq!(refused.status, 422);
    let refused = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": "nina@example.com", "password": "anything at all"}),
        )
        .await;
    assert_eq!((refused.status, refused.code()), (401, "invalid_credentials"));

    let invitation = app
        .post_empty(&format!("/api/v1/users/{id}/invitation"), Some(&admin))
        .await;
    assert_eq!(invitation.status, 200, "{}", invitation.text);
    assert_eq!(
        invitation.body["emailed"], false,
        "no relay configured: the link is shown"
    );
    assert!(invitation.body["link"]
        .as_str()
        .unwrap_or_default()
        .starts_with("/welcome?token="));
    let token = token_of(&invitation.body);

    let preview = app
        .post("/api/v1/auth/invitation", None, &json!({"token": token}))
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(preview.body["display_name"], "Nina Invitée");
    assert_eq!(preview.body["organisation_name"], "Alpha Retail");

    let weak = app
        .post(
            "/api/v1/auth/set-password",
            None,
            &json!({"token": token, "password": "short"}),
        )
        .await;
    assert_eq!((weak.status, weak.error_fields()), (422, vec!["password".to_owned()]));
    let set = app
        .post(
            "/api/v1/auth/set-password",
            None,
            &json!({"token": token, "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert!(set.refresh_cookie().is_some(), "signed in with a session");
    let me = app.get("/api/v1/me", set.body["access_token"].as_str()).await;
    assert_eq!(me.body["email"], "nina@example.com");

    // Used up.
    let again = app
        .post(
            "/api/v1/auth/set-password",
            None,
            &json!({"token": token, "password": "another passphrase here"}),
        )
        .await;
    assert_eq!((again.status, again.code()), (409, "invitation_invalid"));
    let signed_in = app
        .post(
            "/api/v1/auth/sign-in",
            None,
            &json!({"email": "nina@example.com", "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.text);
}

#[actix_rt::test]
async fn a_link_expires_is_replaced_and_is_for_admins_to_make() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = person_without_password(&app, &admin, "omar@example.com").await;
    let first = app
        .post_empty(&format!("/api/v1/users/{id}/invitation"), Some(&admin))
        .await;
    let second = app
        .post_empty(&format!("/api/v1/users/{id}/invitation"), Some(&admin))
        .await;
    let replaced = app
        .post(
            "/api/v1/auth/invitation",
            None,
            &json!({"token": token_of(&first.body)}),
        )
        .await;
    assert_eq!(
        (replaced.status, replaced.code()),
        (409, "invitation_invalid"),
        "a newer link replaces it"
    );
    let current = app
        .post(
            "/api/v1/auth/invitation",
            None,
            &json!({"token": token_of(&second.body)}),
        )
        .await;
    assert_eq!(current.status, 200);
    app.clock.advance(chrono::Duration::days(8));
    let expired = app
        .post(
            "/api/v1/auth/invitation",
            None,
            &json!({"token": token_of(&second.body)}),
        )
        .await;
    assert_eq!((expired.status, expired.code()), (409, "invitation_invalid"));
    let forged = app
        .post("/api/v1/auth/invitation", None, &json!({"token": "x".repeat(43)}))
        .await;
    assert_eq!(forged.status, 409);

    let learner = app.token(&app.org.learner.email).await;
    let refused = app
        .post_empty(&format!("/api/v1/users/{id}/invitation"), Some(&learner))
        .await;
    assert_eq!(refused.status, 403);
    let deactivated = app
        .post_empty(&format!("/api/v1/users/{id}/deactivate"), Some(&admin))
        .await;
    assert_eq!(deactivated.status, 200);
    let inactive = app
        .post_empty(&format!("/api/v1/users/{id}/invitation"), Some(&admin))
        .await;
    assert_eq!((inactive.status, inactive.code()), (409, "account_inactive"));
}

/// A one-message SMTP sink on a free port: answers like a relay and hands back what it got.
fn smtp_sink() -> (u16, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("sink binds");
    let port = listener.local_addr().expect("address").port();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else { return };
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut writer = stream;
        let _ = writer.write_all(b"220 sink\r\n");
        let mut data = String::new();
        let mut in_data = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if in_data {
                if line == ".\r\n" {
                    in_data = false;
                    let _ = writer.write_all(b"250 queued\r\n");
                } else {
                    data.push_str(&line);
                }
                continue;
            }
            let reply: &[u8] = match line.get(..4).unwrap_or_default().to_ascii_uppercase().as_str() {
                "EHLO" => b"250-sink\r\n250 8BITMIME\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    let _ = writer.write_all(b"221 bye\r\n");
                    break;
                }
                _ => b"250 ok\r\n",
            };
            let _ = writer.write_all(reply);
        }
        let _ = sender.send(data);
    });
    (port, receiver)
}

#[actix_rt::test]
async fn with_a_relay_the_link_goes_by_e_mail_and_is_not_shown() {
    let (port, received) = smtp_sink();
    let app = crate::helpers::spawn_app_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.mail_from = "formation@alpha.example".into();
        config.public_url = Some("https://relais.alpha.example".into());
    })
    .await;
    let admin = app.admin().await;
    let id = person_without_password(&app, &admin, "rose@example.com").await;
    let invitation = app
        .post_empty(&format!("/api/v1/users/{id}/invitation"), Some(&admin))
        .await;
    assert_eq!(invitation.status, 200, "{}", invitation.text);
    assert_eq!(invitation.body["emailed"], true);
    assert_eq!(invitation.body["link"], Value::Null, "the link is only in the e-mail");
    assert!(app.run_jobs() >= 1, "the mail job ran");
    let message = received
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the relay got a message");
    assert!(message.contains("To: <rose@example.com>"), "{message}");
    assert!(message.contains("From: Relais <formation@alpha.example>"), "{message}");
    let link = message
        .lines()
        .find(|line| line.starts_with("https://relais.alpha.example/welcome?token="))
        .expect("the link is in the message")
        .trim()
        .to_owned();
    let token = link.split("token=").nth(1).unwrap_or_default();
    let set = app
        .post(
            "/api/v1/auth/set-password",
            None,
            &json!({"token": token, "password": "a passphrase from mail"}),
        )
        .await;
    assert_eq!(set.status, 200, "the e-mailed link works: {}", set.text);
}

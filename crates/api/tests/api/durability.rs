//! Acknowledged writes survive SIGKILL: the real binary is killed at random moments while a
//! client writes through the API, restarted, and every write answered 2xx must be there,
//! with the database consistent. `RELAIS_KILL_COUNT` sets how many kills (default 20;
//! `make durability` runs 100).

use crate::helpers::{free_port, programme_body, spawn_app, wait_ready, PASSWORD};
use diesel::prelude::*;
use rand::Rng;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn start(database_url: &str, config: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_relais"))
        .args([
            "--config",
            &config.display().to_string(),
            "--database-url",
            database_url,
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start relais")
}

#[actix_rt::test]
async fn acknowledged_writes_survive_sigkill() {
    let kills: usize = std::env::var("RELAIS_KILL_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("relais.toml");
    std::fs::write(
        &config,
        "requests_per_minute_per_address = 1000000\nrequests_per_minute_per_account = 1000000\n",
    )
    .expect("config");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = awc::Client::builder().timeout(Duration::from_secs(5)).finish();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut rng = rand::thread_rng();

    for round in 0..kills {
        let mut server = start(&app.database_url, &config, port);
        assert!(wait_ready(&client, &base).await, "round {round}: relais did not start");
        let mut signed_in = client
            .post(format!("{base}/api/v1/auth/sign-in"))
            .send_json(&serde_json::json!({"email": app.org.admin.email, "password": PASSWORD}))
            .await
            .expect("sign in");
        let body: serde_json::Value = signed_in.json().await.unwrap_or_default();
        let token = body["access_token"].as_str().unwrap_or_default().to_owned();
        assert!(!token.is_empty(), "round {round}: sign-in failed: {body}");

        // Kill from another thread at a random moment while this one writes.
        let pid = server.id();
        let delay = Duration::from_millis(rng.gen_range(30..300));
        let killer = std::thread::spawn(move || {
            std::thread::sleep(delay);
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        });
        let mut n = 0;
        loop {
            n += 1;
            let sent = client
                .post(format!("{base}/api/v1/programmes"))
                .insert_header(("authorization", format!("Bearer {token}")))
                .send_json(&programme_body(&format!("Durabilité {round}-{n}")))
                .await;
            match sent {
                Ok(mut response) if response.status().as_u16() == 201 => {
                    let created: serde_json::Value = response.json().await.unwrap_or_default();
                    if let Some(id) = created["programme"]["id"].as_str() {
                        acknowledged.push(id.to_owned());
                    }
                }
                Ok(response) => panic!("round {round}: unexpected answer {}", response.status()),
                // The process died mid-request: that write was never acknowledged.
                Err(_) => break,
            }
        }
        let _ = killer.join();
        let _ = server.wait();
    }

    assert!(
        acknowledged.len() >= kills,
        "too few writes to mean anything: {}",
        acknowledged.len()
    );
    let mut conn = app.connection();
    use relais_db::schema::{activity_events, programmes};
    let stored: std::collections::HashSet<String> = programmes::table
        .filter(programmes::organisation_id.eq(&app.org.id))
        .select(programmes::id)
        .load(&mut conn)
        .expect("programmes")
        .into_iter()
        .collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    // Each programme and its activity event were written in one transaction: a torn write
    // would leave one without the other.
    let events: i64 = activity_events::table
        .filter(activity_events::organisation_id.eq(&app.org.id))
        .filter(activity_events::kind.eq("programme_created"))
        .count()
        .get_result(&mut conn)
        .expect("events");
    assert_eq!(
        events as usize,
        stored.len(),
        "programmes and their creation events match"
    );
    if let relais_db::DbConnection::Sqlite(_) = conn {
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut conn)
            .expect("integrity check");
        assert_eq!(check.first().map(|c| c.integrity_check.as_str()), Some("ok"));
    }
    eprintln!(
        "durability: {kills} kills, {} acknowledged writes, none lost",
        acknowledged.len()
    );
}

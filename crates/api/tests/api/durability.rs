//! Acknowledged writes survive SIGKILL: the real binary is killed at random moments while a
//! client writes through the API, restarted, and every write answered 2xx must be there,
//! with the database consistent. `RELAIS_KILL_COUNT` sets how many kills (default 20;
//! `make durability` runs 100).

use crate::helpers::{free_port, programme_body, spawn_app, wait_ready, KilledOnDrop, PASSWORD};
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

/// Every programme whose creation was acknowledged (201) is stored, each with its creation
/// event: they were written in one transaction, so a torn write would leave one without the
/// other.
fn assert_acknowledged_writes_kept(conn: &mut relais_db::DbConnection, organisation: &str, acknowledged: &[String]) {
    use relais_db::schema::{activity_events, programmes};
    let stored: std::collections::HashSet<String> = programmes::table
        .filter(programmes::organisation_id.eq(organisation))
        .select(programmes::id)
        .load(conn)
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
    let events: i64 = activity_events::table
        .filter(activity_events::organisation_id.eq(organisation))
        .filter(activity_events::kind.eq("programme_created"))
        .count()
        .get_result(conn)
        .expect("events");
    assert_eq!(
        events as usize,
        stored.len(),
        "programmes and their creation events match"
    );
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
    assert_acknowledged_writes_kept(&mut conn, &app.org.id, &acknowledged);
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

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A PostgreSQL server of the test's own (its own data directory and port), so that killing
/// it does not disturb the other tests. Runs as the `postgres` system user, as PostgreSQL
/// refuses root.
struct PrivatePostgres {
    dir: tempfile::TempDir,
    port: u16,
    server: Option<Child>,
}

impl PrivatePostgres {
    fn as_postgres(program: &str) -> Command {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--", &format!("{PG_BIN}/{program}")]);
        command.stdout(Stdio::null()).stderr(Stdio::null());
        command
    }

    /// None when this machine cannot run one (no PostgreSQL 15 binaries, or not root).
    fn create() -> Option<PrivatePostgres> {
        if !std::path::Path::new(PG_BIN).join("postgres").exists() {
            return None;
        }
        let dir = tempfile::tempdir().ok()?;
        let _ = Command::new("chown")
            .args(["-R", "postgres", &dir.path().display().to_string()])
            .status();
        let data = dir.path().join("data");
        let made = Self::as_postgres("initdb")
            .args(["-D", &data.display().to_string(), "-U", "postgres", "--auth=trust"])
            .status()
            .ok()?;
        if !made.success() {
            return None;
        }
        let mut postgres = PrivatePostgres {
            dir,
            port: free_port(),
            server: None,
        };
        postgres.start();
        Some(postgres)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the server (after a kill: once the dead server's processes have gone, it
    /// recovers from its write-ahead log) and waits until it accepts connections.
    fn start(&mut self) {
        for _ in 0..100 {
            let child = Self::as_postgres("postgres")
                .args([
                    "-D",
                    &self.dir.path().join("data").display().to_string(),
                    "-p",
                    &self.port.to_string(),
                    "-k",
                    &self.dir.path().display().to_string(),
                    "-c",
                    "listen_addresses=127.0.0.1",
                ])
                .spawn()
                .expect("start postgres");
            self.server = Some(child);
            for _ in 0..50 {
                let ready = Self::as_postgres("pg_isready")
                    .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
                    .status()
                    .map(|s| s.success())
                    .unwrap_or(false);
                if ready {
                    return;
                }
                if let Some(Ok(Some(_))) = self.server.as_mut().map(|c| c.try_wait()) {
                    break; // refused to start: the killed server's processes are still there
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("the private PostgreSQL did not start");
    }

    /// SIGKILL to the postmaster, as a crash would; its backends then exit on their own.
    fn kill(&mut self) {
        let pid_file = self.dir.path().join("data").join("postmaster.pid");
        let pid = std::fs::read_to_string(pid_file)
            .ok()
            .and_then(|text| text.lines().next().map(str::to_owned))
            .unwrap_or_default();
        let _ = Command::new("kill").args(["-9", &pid]).status();
        if let Some(mut runner) = self.server.take() {
            let _ = runner.wait();
        }
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        self.kill();
        // Its backends exit once they see the postmaster gone; wait so the directory can go.
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// Acknowledged writes survive the database server being SIGKILLed: a client writes through
/// `relais` while PostgreSQL is killed at random moments and restarted; every write answered
/// 201 must be there after recovery, with its event (one transaction). Runs with the
/// PostgreSQL suite, on a private server (`RELAIS_KILL_COUNT` kills, at most 30; default 5).
#[actix_rt::test]
async fn acknowledged_writes_survive_postgresql_being_killed() {
    if std::env::var("RELAIS_TEST_DATABASE_URL").is_err() {
        return; // the SQLite run: nothing of PostgreSQL's to kill
    }
    let Some(mut postgres) = PrivatePostgres::create() else {
        eprintln!("!! durability under a PostgreSQL kill NOT checked: cannot run a private PostgreSQL 15 here");
        return;
    };
    let kills: usize = std::env::var("RELAIS_KILL_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(|n: usize| n.min(30))
        .unwrap_or(5);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("relais.toml");
    std::fs::write(
        &config,
        "requests_per_minute_per_address = 1000000\nrequests_per_minute_per_account = 1000000\n",
    )
    .expect("config");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = KilledOnDrop(
        Command::new(env!("CARGO_BIN_EXE_relais"))
            .args([
                "--config",
                &config.display().to_string(),
                "--database-url",
                &postgres.url(),
            ])
            .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start relais"),
    );
    let client = awc::Client::builder().timeout(Duration::from_secs(5)).finish();
    assert!(
        wait_ready(&client, &base).await,
        "relais did not start on the private PostgreSQL"
    );
    let sign_in = || async {
        let mut answer = client
            .post(format!("{base}/api/v1/auth/sign-in"))
            .send_json(&serde_json::json!({"email": "claire.martin@horizon.example", "password": "demo-admin-horizon"}))
            .await
            .ok()?;
        let body: serde_json::Value = answer.json().await.ok()?;
        body["access_token"].as_str().map(str::to_owned)
    };
    let mut acknowledged: Vec<String> = Vec::new();
    let mut refused = 0;
    let mut rng = rand::thread_rng();
    for round in 0..kills {
        // After a restart, relais reconnects by itself; give it the time to.
        let mut token = None;
        for _ in 0..100 {
            token = sign_in().await;
            if token.is_some() {
                break;
            }
            actix_rt::time::sleep(Duration::from_millis(100)).await;
        }
        let token = token.unwrap_or_else(|| panic!("round {round}: no sign-in after the restart"));
        let kill_at = std::time::Instant::now() + Duration::from_millis(rng.gen_range(50..400));
        let mut killed = false;
        for n in 0.. {
            if !killed && std::time::Instant::now() >= kill_at {
                postgres.kill();
                killed = true;
            }
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
                // The database is gone: refused, never acknowledged. A few more tries
                // make sure requests in flight at the kill are counted as refused.
                Ok(_) | Err(_) => {
                    refused += 1;
                    if killed {
                        break;
                    }
                }
            }
        }
        postgres.start();
    }

    assert!(
        acknowledged.len() >= kills,
        "too few writes to mean anything: {}",
        acknowledged.len()
    );
    let mut conn = relais_db::connection::ConnectionManager::new(&postgres.url())
        .establish()
        .expect("connect after recovery");
    let organisation: String = {
        use relais_db::schema::programmes;
        programmes::table
            .filter(programmes::id.eq(&acknowledged[0]))
            .select(programmes::organisation_id)
            .first(&mut conn)
            .expect("the organisation written to")
    };
    assert_acknowledged_writes_kept(&mut conn, &organisation, &acknowledged);
    eprintln!(
        "durability: PostgreSQL killed {kills} times, {} writes acknowledged, {refused} refused, none lost",
        acknowledged.len()
    );
}

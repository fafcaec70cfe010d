//! `relais bench …`: data and raw baselines for `make bench`. Not used by the product.
//!
//! `seed` makes a large organisation (people, a year of activity, programmes); `sql` times
//! what the endpoints do, written by hand: the dashboard's aggregate as one SQL statement,
//! and single-row write transactions under the same durability settings.

use crate::errors::ApiError;
use crate::identity::tokens::hash_password;
use crate::programmes::use_cases;
use crate::use_cases::Actor;
use chrono::{DateTime, Duration, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use relais_db::events::EventRow;
use relais_db::identity::UserRow;
use relais_db::organisations::Organisation;
use relais_db::DbConnection;
use relais_domain::analytics::MIN_K;
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::identity::Role;
use relais_domain::ids::{OrganisationId, UserId};
use relais_domain::programmes::{
    Metric, NeedFields, NeedPriority, ObjectiveRequest, ProgrammeContext, ProgrammeFields,
};
use std::time::Instant;

pub const BENCH_SLUG: &str = "bench-retail";
pub const BENCH_ADMIN_EMAIL: &str = "admin@bench.example";
pub const BENCH_ADMIN_PASSWORD: &str = "bench admin passphrase";
const EVENT_KINDS: [EventKind; 4] = [
    EventKind::SignedIn,
    EventKind::SignedIn,
    EventKind::SignedIn,
    EventKind::ModuleViewed,
];

/// Creates the benchmark organisation unless it exists; prints what it did.
pub fn seed(
    conn: &mut DbConnection,
    people: usize,
    events: usize,
    programmes: usize,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(existing) = Organisation::find_by_slug(conn, BENCH_SLUG)? {
        println!("bench organisation already present ({})", existing.id);
        return Ok(());
    }
    let started = Instant::now();
    let hash = hash_password(BENCH_ADMIN_PASSWORD)?;
    let year_ago = relais_db::stored(now - Duration::days(365));
    let mut rng = StdRng::seed_from_u64(2026);
    let organisation = Organisation {
        id: OrganisationId::generate(),
        name: "Bench Retail".into(),
        slug: BENCH_SLUG.into(),
        k_threshold: MIN_K as i32,
        created_at: year_ago,
    };
    let tenant = organisation.tenant();
    let mut user_ids = Vec::with_capacity(people);
    relais_db::write_transaction(conn, |conn| {
        organisation.insert(conn)?;
        let mut rows = Vec::with_capacity(people.max(1));
        for n in 0..people.max(1) {
            // One admin, one ambassador in 25, learners for the rest.
            let role = if n == 0 {
                Role::Admin
            } else if n % 25 == 0 {
                Role::Ambassador
            } else {
                Role::Learner
            };
            let email = if n == 0 {
                BENCH_ADMIN_EMAIL.to_owned()
            } else {
                format!("person{n}@bench.example")
            };
            rows.push(UserRow {
                id: UserId::generate(),
                organisation_id: tenant.id().clone(),
                email,
                display_name: format!("Person {n}"),
                role,
                password_hash: hash.clone(),
                active: 1,
                created_at: year_ago,
                updated_at: year_ago,
            });
        }
        user_ids = rows.iter().map(|r| r.id.clone()).collect();
        UserRow::insert_many(conn, &rows)?;
        // Each account has its creation event, as when made one by one.
        let created: Vec<EventRow> = rows
            .iter()
            .map(|row| {
                let event = DomainEvent::by(&rows[0].id, EventKind::UserCreated, year_ago.and_utc())
                    .about(SubjectType::User, &row.id);
                EventRow::of(&tenant, &event)
            })
            .collect();
        EventRow::record_many(conn, &created)?;
        Ok::<(), ApiError>(())
    })?;
    println!("{} people in {:.1}s", user_ids.len(), started.elapsed().as_secs_f64());

    // A year of activity, in transactions of 20,000 rows.
    let chunk = 20_000;
    let mut written = 0;
    while written < events {
        let batch: Vec<EventRow> = (0..chunk.min(events - written))
            .map(|_| {
                let actor: &UserId = &user_ids[rng.gen_range(0..user_ids.len())];
                let at = (year_ago + Duration::seconds(rng.gen_range(0..365 * 86_400))).and_utc();
                let kind = EVENT_KINDS[rng.gen_range(0..EVENT_KINDS.len())];
                EventRow::of(&tenant, &DomainEvent::by(actor, kind, at))
            })
            .collect();
        relais_db::write_transaction(conn, |conn| EventRow::record_many(conn, &batch))?;
        written += batch.len();
        if written % 1_000_000 < chunk {
            println!("{written} events in {:.1}s", started.elapsed().as_secs_f64());
        }
    }

    // The programmes go through the same use cases as the API, activated 90 days ago.
    let admin = Actor {
        tenant: tenant.clone(),
        user: user_ids[0].clone(),
        now: now - Duration::days(100),
    };
    relais_db::write_transaction(conn, |conn| {
        for p in 0..programmes {
            let fields = ProgrammeFields {
                title: format!("Programme {p}"),
                context: ProgrammeContext::ToolLaunch,
                description: "Benchmark programme".into(),
                starts_on: (now - Duration::days(100)).date_naive(),
                ends_on: (now + Duration::days(265)).date_naive(),
            };
            let programme = use_cases::create_programme(conn, &admin, &fields)?.programme;
            for n in 0..3 {
                let need = NeedFields {
                    title: format!("Need {n}"),
                    evidence: String::new(),
                    priority: NeedPriority::High,
                };
                let need = use_cases::add_need(conn, &admin, &programme.id, &need)?;
                for o in 0..2 {
                    let objective = ObjectiveRequest {
                        need_id: need.id.clone(),
                        title: format!("Objective {n}.{o}").into(),
                        metric: if o == 0 {
                            Metric::ActiveLearnerRate
                        } else {
                            Metric::TipsPublished
                        },
                        target: if o == 0 { 80.0 } else { 40.0 },
                        due_on: (now + Duration::days(200)).date_naive(),
                    };
                    use_cases::add_objective(conn, &admin, &programme.id, &objective)?;
                }
            }
            let activation = Actor {
                now: now - Duration::days(90),
                ..admin.clone()
            };
            use_cases::activate_programme(conn, &activation, &programme.id)?;
        }
        Ok::<(), ApiError>(())
    })?;
    println!(
        "bench organisation {}: {} people, {events} events, {programmes} programmes in {:.1}s",
        tenant.as_str(),
        user_ids.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(QueryableByName)]
struct Rate {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    active: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    learners: i64,
}

/// Times the raw baselines and prints one `name value unit` line each.
pub fn raw_baselines(conn: &mut DbConnection, rounds: usize, now: DateTime<Utc>) -> Result<(), ApiError> {
    let org = Organisation::find_by_slug(conn, BENCH_SLUG)?
        .ok_or(ApiError::NotFound)?
        .id
        .to_string();
    let since = Metric::window_start(now.date_naive());
    // The dashboard's aggregate (active-learner rate now, from the roll-ups) typed by hand,
    // bound the same way.
    let sql = "SELECT \
        (SELECT COALESCE(SUM(people), 0) FROM rollup_last_active_days \
           WHERE organisation_id = $1 AND role = 'learner' AND day >= $2) AS active, \
        (SELECT COALESCE(SUM(accounts), 0) FROM rollup_accounts WHERE organisation_id = $1 AND role = 'learner') AS learners";
    let sql = relais_db::numbered_parameters(conn, sql);
    let started = Instant::now();
    let mut last = None;
    for _ in 0..rounds {
        let rate: Rate = diesel::sql_query(&sql)
            .bind::<diesel::sql_types::Text, _>(&org)
            .bind::<diesel::sql_types::Date, _>(since)
            .get_result(conn)?;
        last = Some((rate.active, rate.learners));
    }
    let per_query = started.elapsed().as_secs_f64() / rounds.max(1) as f64;
    println!("raw_dashboard_sql_ms {:.3} ms", per_query * 1000.0);
    if let Some((active, learners)) = last {
        println!("raw_dashboard_result {active}/{learners} learners");
    }

    // One-row write transactions with the server's durability settings.
    conn.batch_execute(
        "CREATE TABLE IF NOT EXISTS bench_writes (id TEXT PRIMARY KEY NOT NULL, at TIMESTAMP NOT NULL)",
    )?;
    let writes = rounds * 20;
    let started = Instant::now();
    for _ in 0..writes {
        relais_db::write_transaction(conn, |conn| {
            diesel::sql_query(relais_db::numbered_parameters(
                conn,
                "INSERT INTO bench_writes (id, at) VALUES ($1, $2)",
            ))
            .bind::<diesel::sql_types::Text, _>(relais_db::new_id())
            .bind::<diesel::sql_types::Timestamp, _>(relais_db::stored(now))
            .execute(conn)
            .map(|_| ())
        })?;
    }
    let per_second = writes as f64 / started.elapsed().as_secs_f64();
    println!("raw_write_tx_per_s {per_second:.0} tx/s");
    conn.batch_execute("DROP TABLE bench_writes")?;
    Ok(())
}

/// An HR file of `rows` people: 50 regions' directors, then sites of 25 with a manager each.
fn hr_file(rows: usize, tag: &str) -> String {
    let mut file = String::from("hr_id;name;email;job_title;management_level;manager_hr_id;site;region;domains\n");
    for n in 0..rows {
        let site = n / 25;
        let (level, manager) = match n % 25 {
            0 if site % 20 == 0 => ("regional_director", String::new()),
            0 => ("site_manager", format!("B{}", (site / 20) * 20 * 25)),
            _ => ("none", format!("B{}", site * 25)),
        };
        file.push_str(&format!(
            "B{n};Personne {n};p{n}.{tag}@bench-import.example;Vendeur;{level};{manager};Site {site};Région {};Caisse|Vente\n",
            site / 20
        ));
    }
    file
}

/// Times an HR import of `rows` people into a new organisation: the preview (parse and
/// compare), the first apply (all created), and the same file again (all unchanged). Prints
/// one `name value unit` line each.
pub fn import(conn: &mut DbConnection, rows: usize, now: DateTime<Utc>) -> Result<(), ApiError> {
    use crate::directory::imports::{import_file, FileImport};
    let tag = &relais_db::new_id()[24..];
    let organisation = Organisation {
        id: OrganisationId::generate(),
        name: format!("Import bench {tag}"),
        slug: format!("bench-import-{tag}"),
        k_threshold: MIN_K as i32,
        created_at: relais_db::stored(now),
    };
    organisation.insert(conn)?;
    let tenant = organisation.tenant();
    let file = hr_file(rows, tag);
    let started = Instant::now();
    let parsed = relais_domain::directory::import::parse_hr_file(&file);
    let emails: Vec<&str> = parsed.records.iter().map(|r| r.email.as_str()).collect();
    let snapshot = relais_db::directory::snapshot(conn, &tenant, &emails, None)?;
    drop(emails);
    let plan = relais_domain::directory::import::plan_import(parsed, &snapshot, false);
    println!("import_preview_ms {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    if plan.has_errors() {
        return Err(ApiError::Internal(format!(
            "bench file: {:?}",
            plan.report.errors.first()
        )));
    }
    let import = FileImport {
        tenant: &tenant,
        import: None,
        importer: None,
        content: &file,
        deactivate_missing: false,
        now,
    };
    for name in ["import_apply_ms", "import_again_ms"] {
        let started = Instant::now();
        let (report, _) = relais_db::write_transaction(conn, |conn| import_file(conn, &import, &mut |_, _| {}))?;
        println!(
            "{name} {:.0} ms ({} created, {} unchanged)",
            started.elapsed().as_secs_f64() * 1000.0,
            report.created,
            report.unchanged
        );
    }
    // C2: the candidate ranking of a programme over these people (target: under 200 ms).
    let someone = UserRow::find_by_email(conn, &format!("p0.{tag}@bench-import.example"))?
        .ok_or_else(|| ApiError::Internal("bench import: no person".into()))?;
    let actor = Actor {
        tenant: tenant.clone(),
        user: someone.id.clone(),
        now,
    };
    let programme = use_cases::create_programme(
        conn,
        &actor,
        &ProgrammeFields {
            title: "Bench ranking".into(),
            context: ProgrammeContext::Other,
            description: String::new(),
            starts_on: now.date_naive(),
            ends_on: now.date_naive() + Duration::days(200),
        },
    )?
    .programme
    .id;
    let query = relais_domain::candidates::RankingQuery::default();
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let ranking = crate::candidates::ranking::rank_candidates(conn, &tenant, &programme, &query, 30, now)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if ranking.considered as usize != rows {
            return Err(ApiError::Internal(format!("ranked {} of {rows}", ranking.considered)));
        }
    }
    times.sort_by(f64::total_cmp);
    println!("ranking_ms {:.0} ms (median of 5, {rows} people scored)", times[2]);
    Ok(())
}

/// Words the benchmark tips are written with (French shop-floor vocabulary).
const TIP_WORDS: [&str; 40] = [
    "formation",
    "caisse",
    "client",
    "sécurité",
    "rayon",
    "réserve",
    "inventaire",
    "magasin",
    "équipe",
    "vente",
    "appli",
    "livraison",
    "étiquette",
    "promotion",
    "brief",
    "planning",
    "conseil",
    "produit",
    "garantie",
    "stock",
    "commande",
    "retour",
    "accueil",
    "nouveau",
    "saisonnier",
    "rangement",
    "facing",
    "gondole",
    "prix",
    "solde",
    "carte",
    "fidélité",
    "paiement",
    "monnaie",
    "ticket",
    "badge",
    "transpalette",
    "carton",
    "cutter",
    "alarme",
];

/// Times the tip search (V1) over `count` published tips of a new organisation: the feed's
/// query with one and two words, folded and stemmed as the API does (target: under 20 ms
/// for 100,000 tips).
pub fn tips(conn: &mut DbConnection, count: usize, now: DateTime<Utc>) -> Result<(), ApiError> {
    use relais_db::tips::{TipFeed, TipRow};
    use relais_domain::tips::search::{index_text, query_words};
    use relais_domain::tips::{TipId, TipStatus};
    let tag = &relais_db::new_id()[24..];
    let organisation = Organisation {
        id: OrganisationId::generate(),
        name: format!("Tips bench {tag}"),
        slug: format!("bench-tips-{tag}"),
        k_threshold: MIN_K as i32,
        created_at: relais_db::stored(now),
    };
    let tenant = organisation.tenant();
    let author = UserRow {
        id: UserId::generate(),
        organisation_id: tenant.id().clone(),
        email: format!("author.{tag}@bench-tips.example"),
        display_name: "Bench Author".into(),
        role: Role::Learner,
        password_hash: String::new(),
        active: 1,
        created_at: relais_db::stored(now),
        updated_at: relais_db::stored(now),
    };
    relais_db::write_transaction(conn, |conn| {
        organisation.insert(conn)?;
        UserRow::insert_many(conn, std::slice::from_ref(&author))?;
        Ok::<(), ApiError>(())
    })?;
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(2026);
    let mut written = 0;
    while written < count {
        let chunk = (count - written).min(5_000);
        relais_db::write_transaction(conn, |conn| {
            for n in written..written + chunk {
                let mut words = |k: usize| -> String {
                    (0..k)
                        .map(|_| TIP_WORDS[rng.gen_range(0..TIP_WORDS.len())])
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let title = format!("Conseil {n} : {}", words(4));
                let mut body = words(40);
                // A rare word (one tip in 200) beside the common ones: both kinds of search.
                if n % 200 == 0 {
                    body.push_str(" rarissime");
                }
                let at = relais_db::stored(now - Duration::minutes(n as i64));
                let row = TipRow {
                    id: TipId::generate(),
                    organisation_id: tenant.as_str().to_owned(),
                    author_id: author.id.clone(),
                    search_text: index_text(&title, &body, &[]),
                    title,
                    body_html: body.clone(),
                    body,
                    domain_id: None,
                    community_id: None,
                    status: TipStatus::Published,
                    created_at: at,
                    updated_at: at,
                    published_at: Some(at),
                };
                row.insert(conn, &[])?;
            }
            Ok::<(), ApiError>(())
        })?;
        written += chunk;
    }
    println!("tips_written {count} in {:.1} s", started.elapsed().as_secs_f64());
    for query in [
        "formations",
        "sécurité caisse",
        "inventaire réserve magasin",
        "transpal",
        "rarissime",
        "introuvable",
    ] {
        let words = query_words(query);
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..11 {
            let started = Instant::now();
            found = TipFeed {
                words: &words,
                published_only: true,
                limit: 21,
                ..TipFeed::default()
            }
            .list(conn, &tenant)?
            .len();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "tips_search_ms {:.1} ms for \"{query}\" (median of 11, first page of {found}, {count} tips)",
            times[5]
        );
    }
    Ok(())
}

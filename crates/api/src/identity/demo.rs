//! The demo's people: the training team, six ambassadors, 36 learners, and five months of
//! their activity (a third of the learners active before the programme, more since, one
//! ambassador gone quiet).

use super::users::{create_account, NewAccount};
use crate::demo::{Demo, ADMIN_PASSWORD, AMBASSADOR_PASSWORD, LEARNER_PASSWORD};
use crate::errors::ApiError;
use crate::identity::tokens::hash_password;
use chrono::{DateTime, Duration, Utc};
use relais_db::events::EventRow;
use relais_db::identity::UserRow;
use relais_db::security::SecurityEventRow;
use relais_db::DbConnection;
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::{Email, Role, SecurityEventKind};

const AMBASSADORS: [&str; 6] = [
    "Karim Benali",
    "Sophie Durand",
    "Julien Moreau",
    "Amina Diallo",
    "Thomas Lefèvre",
    "Nathalie Roux",
];

const FIRST_NAMES: [&str; 12] = [
    "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Enzo", "Camille", "Louis", "Sarah", "Jules",
];
const LAST_NAMES: [&str; 3] = ["Petit", "Garcia", "Bernard"];

fn email_of(name: &str) -> String {
    let ascii: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'ï' | 'î' => 'i',
            ' ' => '.',
            other => other,
        })
        .collect();
    format!("{ascii}@horizon.example")
}

/// Creates the demo's people and their activity.
pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let (now, tenant) = (demo.now, demo.tenant.clone());
    let months_ago = now - Duration::days(150);
    let admin_hash = hash_password(ADMIN_PASSWORD)?;
    let ambassador_hash = hash_password(AMBASSADOR_PASSWORD)?;
    let learner_hash = hash_password(LEARNER_PASSWORD)?;
    let person = |conn: &mut DbConnection, name: &str, role: Role, hash: &str| {
        let account = NewAccount {
            email: Email::parse("email", &email_of(name))?,
            display_name: name.to_owned(),
            role,
            password_hash: hash.to_owned(),
        };
        create_account(conn, &tenant, None, account, months_ago)
    };
    let admin = person(conn, "Claire Martin", Role::Admin, &admin_hash)?;
    let mut ambassadors = Vec::new();
    for name in AMBASSADORS {
        ambassadors.push(person(conn, name, Role::Ambassador, &ambassador_hash)?);
    }
    let mut learners = Vec::new();
    for last in LAST_NAMES {
        for first in FIRST_NAMES {
            learners.push(person(conn, &format!("{first} {last}"), Role::Learner, &learner_hash)?);
        }
    }

    // Activity: a third of learners were active before the programme started, more
    // joined in as the ambassadors got going; one ambassador has gone quiet.
    let mut events = Vec::new();
    let mut sign_in = |user: &UserRow, at: DateTime<Utc>| {
        events.push(EventRow::of(
            &tenant,
            &DomainEvent::by(&user.id, EventKind::SignedIn, at),
        ));
    };
    for (index, learner) in learners.iter().enumerate() {
        let first_day = match index {
            0..=11 => 120,
            12..=22 => 45,
            _ => 0,
        };
        let mut day = first_day;
        while day > 0 {
            sign_in(
                learner,
                now - Duration::days(day) + Duration::hours((index % 9) as i64 + 8),
            );
            day -= 3 + (index as i64 % 4);
        }
        if first_day == 0 {
            sign_in(learner, now - Duration::days(100 + index as i64));
        }
    }
    for (index, ambassador) in ambassadors.iter().enumerate() {
        let quiet = index == AMBASSADORS.len() - 1;
        let mut day: i64 = if quiet { 130 } else { 110 };
        while day > if quiet { 70 } else { 0 } {
            sign_in(ambassador, now - Duration::days(day) + Duration::hours(9));
            day -= 2;
        }
    }
    EventRow::record_many(conn, &events)?;

    // What the security log shows an admin: someone trying passwords on an ambassador's
    // account from one address until throttled, and ordinary sign-outs. Recorded oldest
    // first, as they would have happened (the log lists newest first).
    let target = &ambassadors[0];
    let sign_out = |conn: &mut DbConnection, person: &UserRow, days: i64| {
        SecurityEventRow::record(
            conn,
            Some(&tenant),
            SecurityEventKind::SignedOut,
            Some(&person.email),
            Some(&person.id),
            "198.51.100.20",
            now - Duration::days(days),
        )
    };
    sign_out(conn, &ambassadors[1], 3)?;
    for minutes in [14, 13, 12, 11, 10] {
        SecurityEventRow::record(
            conn,
            Some(&tenant),
            SecurityEventKind::FailedSignIn,
            Some(&target.email),
            Some(&target.id),
            "203.0.113.54",
            now - Duration::days(2) - Duration::minutes(minutes),
        )?;
    }
    SecurityEventRow::record(
        conn,
        Some(&tenant),
        SecurityEventKind::SignInThrottled,
        Some(&target.email),
        Some(&target.id),
        "203.0.113.54",
        now - Duration::days(2) - Duration::minutes(9),
    )?;
    sign_out(conn, &learners[0], 1)?;
    demo.admin = Some(admin.id);
    Ok(())
}

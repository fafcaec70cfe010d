//! The demo's recognition: two custom badges the training team gave with a reason, and
//! thank-yous between colleagues over the last weeks (Karim, the demo ambassador, received
//! several). Automatic badges and points follow from the demo's events, as in real use.

use super::handlers::{give_badge, thank};
use crate::demo::{Demo, AMBASSADOR_EMAIL, LEARNER_EMAIL};
use crate::errors::ApiError;
use crate::use_cases::Actor;
use chrono::Duration;
use relais_db::recognition::BadgeRow;
use relais_db::DbConnection;
use relais_domain::events::{EventKind, SubjectType};

const KUDOS: &[&str] = &[
    "Merci pour ton conseil sur la caisse, ça m'a sauvé samedi !",
    "Bravo pour l'animation du brief, toute l'équipe a suivi la formation.",
    "Merci d'avoir pris le temps de former le nouveau saisonnier.",
    "Ton astuce sur l'appli vendeur a fait gagner une vente hier.",
    "Merci pour ton aide lors de l'inventaire.",
];

pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let tenant = demo.tenant.clone();
    let Some(admin) = demo.admin.clone() else {
        return Ok(());
    };
    let people = crate::demo::colleagues(conn, &tenant)?;
    let (Some(karim), Some(lea)) = (
        people.iter().find(|u| u.email == AMBASSADOR_EMAIL).cloned(),
        people.iter().find(|u| u.email == LEARNER_EMAIL).cloned(),
    ) else {
        return Ok(());
    };
    if people.len() < 40 {
        return Ok(());
    }
    let at = |user: &relais_domain::ids::UserId, days: i64| Actor {
        tenant: tenant.clone(),
        user: user.clone(),
        now: demo.now - Duration::days(days) - Duration::hours(3),
    };
    let team = at(&admin, 40);
    let pillar = BadgeRow::insert(
        conn,
        &tenant,
        "Pilier du magasin",
        "Toujours là pour aider les collègues à se former.",
        &admin,
        team.now,
    )?;
    team.record(conn, EventKind::BadgeCreated, SubjectType::Badge, &pillar)?;
    let mentor = BadgeRow::insert(
        conn,
        &tenant,
        "Mentor des saisonniers",
        "A accompagné les saisonniers dans leurs premières formations.",
        &admin,
        team.now,
    )?;
    team.record(conn, EventKind::BadgeCreated, SubjectType::Badge, &mentor)?;
    give_badge(
        conn,
        &at(&admin, 30),
        &pillar,
        &karim.id,
        "A fait découvrir l'appli de formation à tout le magasin en un mois.",
    )?;
    for (index, person) in people.iter().step_by(37).take(4).enumerate() {
        if person.id != karim.id && person.id != lea.id {
            give_badge(
                conn,
                &at(&admin, 20 - index as i64 * 4),
                &mentor,
                &person.id,
                "A suivi les saisonniers de l'été pendant leurs premières semaines.",
            )?;
        }
    }
    // Thank-yous: colleagues to Karim, and between colleagues.
    for n in 0..18usize {
        let giver = &people[(n * 23 + 7) % people.len()];
        let receiver = if n % 3 == 0 {
            &karim
        } else {
            &people[(n * 41 + 3) % people.len()]
        };
        if giver.id == receiver.id {
            continue;
        }
        thank(
            conn,
            &at(&giver.id, (n as i64 * 2) % 25),
            &receiver.id,
            KUDOS[n % KUDOS.len()],
        )?;
    }
    thank(
        conn,
        &at(&lea.id, 1),
        &karim.id,
        "Merci Karim pour ton conseil sur la recherche de formations !",
    )?;
    Ok(())
}

//! `relais demo`: a fictional French retail network with people, programmes and months of
//! activity, so a newcomer sees every screen alive. Idempotent: an existing demo is kept.

use crate::errors::ApiError;
use crate::identity::tokens::hash_password;
use crate::identity::users::{create_account, NewAccount};
use crate::programmes::use_cases;
use crate::use_cases::Actor;
use chrono::{DateTime, Duration, Utc};
use relais_db::events::EventRow;
use relais_db::identity::UserRow;
use relais_db::organisations::Organisation;
use relais_db::programmes::NeedRow;
use relais_db::DbConnection;
use relais_domain::analytics::MIN_K;
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::{Email, Role};
use relais_domain::ids::{OrganisationId, ProgrammeId};
use relais_domain::programmes::{
    Metric, NeedFields, NeedPriority, ObjectiveRequest, ProgrammeContext, ProgrammeFields,
};

pub const DEMO_SLUG: &str = "horizon-demo";
pub const ADMIN_EMAIL: &str = "claire.martin@horizon.example";
pub const ADMIN_PASSWORD: &str = "demo-admin-horizon";
pub const AMBASSADOR_EMAIL: &str = "karim.benali@horizon.example";
pub const AMBASSADOR_PASSWORD: &str = "demo-ambassadeur-horizon";
pub const LEARNER_EMAIL: &str = "lea.petit@horizon.example";
pub const LEARNER_PASSWORD: &str = "demo-apprenant-horizon";

pub fn sign_ins() -> String {
    format!(
        "Demo sign-ins (organisation « Horizon Maison », fictional):\n  \
         admin       {ADMIN_EMAIL} / {ADMIN_PASSWORD}\n  \
         ambassador  {AMBASSADOR_EMAIL} / {AMBASSADOR_PASSWORD}\n  \
         learner     {LEARNER_EMAIL} / {LEARNER_PASSWORD}"
    )
}

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

/// Loads the demo organisation unless it exists, as it stands at `now`. Everything goes
/// through the same use cases as the API, backdated. Returns true when it was created now.
pub fn load(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<bool, ApiError> {
    if Organisation::find_by_slug(conn, DEMO_SLUG)?.is_some() {
        return Ok(false);
    }
    // Hashing is slow on purpose: one hash per role, outside the transaction.
    let admin_hash = hash_password(ADMIN_PASSWORD)?;
    let ambassador_hash = hash_password(AMBASSADOR_PASSWORD)?;
    let learner_hash = hash_password(LEARNER_PASSWORD)?;
    relais_db::write_transaction(conn, |conn| {
        let months_ago = now - Duration::days(150);
        let organisation = Organisation {
            id: OrganisationId::generate(),
            name: "Horizon Maison".into(),
            slug: DEMO_SLUG.into(),
            k_threshold: MIN_K as i32,
            created_at: relais_db::stored(months_ago),
        };
        organisation.insert(conn)?;
        let tenant = organisation.tenant();
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
        let tenant = organisation.tenant();

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

        let at = |moment: DateTime<Utc>| Actor {
            tenant: tenant.clone(),
            user: admin.id.clone(),
            now: moment,
        };
        let need = |title: &str, evidence: &str, priority: NeedPriority| NeedFields {
            title: title.into(),
            evidence: evidence.into(),
            priority,
        };
        let objective =
            |need: &NeedRow, title: &str, metric: Metric, target: f64, due_on: DateTime<Utc>| ObjectiveRequest {
                need_id: need.id.clone(),
                title: title.into(),
                metric,
                target,
                due_on: due_on.date_naive(),
            };

        // The programme of the issue, prepared then active for two months.
        let prepared = at(now - Duration::days(80));
        let launch: ProgrammeId = use_cases::create_programme(
            conn,
            &prepared,
            &ProgrammeFields {
                title: "Lancement de la nouvelle appli de formation".into(),
                context: ProgrammeContext::ToolLaunch,
                description: "La nouvelle application de formation est disponible dans tous les magasins depuis \
                              septembre. Les ambassadeurs formation aident leurs collègues à l'adopter : \
                              démonstrations en magasin, conseils d'experts métier, défis entre équipes."
                    .into(),
                starts_on: (now - Duration::days(75)).date_naive(),
                ends_on: (now + Duration::days(290)).date_naive(),
            },
        )?
        .programme
        .id;
        let adoption = use_cases::add_need(
            conn,
            &prepared,
            &launch,
            &need(
                "Les vendeurs n'ouvrent pas l'appli de formation",
                "Au lancement, à peine un tiers des apprenants s'y étaient connectés dans le mois.",
                NeedPriority::Critical,
            ),
        )?;
        let newcomers = use_cases::add_need(
            conn,
            &prepared,
            &launch,
            &need(
                "Les nouveaux arrivants se forment seuls",
                "Entretiens de fin de période d'essai : 7 sur 10 ne savent pas qui solliciter en magasin.",
                NeedPriority::High,
            ),
        )?;
        let know_how = use_cases::add_need(
            conn,
            &prepared,
            &launch,
            &need(
                "Le savoir-faire produit circule mal entre magasins",
                "Les mêmes questions sur la literie et l'électroménager reviennent chaque semaine au support.",
                NeedPriority::Medium,
            ),
        )?;
        for request in [
            objective(
                &adoption,
                "70 % d'apprenants actifs chaque mois",
                Metric::ActiveLearnerRate,
                70.0,
                now + Duration::days(120),
            ),
            objective(
                &know_how,
                "40 conseils d'experts publiés par mois",
                Metric::TipsPublished,
                40.0,
                now + Duration::days(200),
            ),
            objective(
                &newcomers,
                "Chaque magasin couvert par un ambassadeur",
                Metric::SiteCoverage,
                90.0,
                now + Duration::days(240),
            ),
        ] {
            use_cases::add_objective(conn, &prepared, &launch, &request)?;
        }
        use_cases::activate_programme(conn, &at(now - Duration::days(60)), &launch)?;

        // A draft being prepared.
        let today = at(now - Duration::days(2));
        let seasonal = use_cases::create_programme(
            conn,
            &today,
            &ProgrammeFields {
                title: "Intégration des saisonniers 2027".into(),
                context: ProgrammeContext::Onboarding,
                description: "Accueillir et former les renforts de l'été avec l'aide des ambassadeurs.".into(),
                starts_on: (now + Duration::days(120)).date_naive(),
                ends_on: (now + Duration::days(240)).date_naive(),
            },
        )?
        .programme
        .id;
        use_cases::add_need(
            conn,
            &today,
            &seasonal,
            &need(
                "Les saisonniers arrivent sans formation caisse",
                "Erreurs de caisse doublées en juillet dernier.",
                NeedPriority::High,
            ),
        )?;

        // A closed one with its retrospective.
        let safety_start = at(now - Duration::days(140));
        let safety = use_cases::create_programme(
            conn,
            &safety_start,
            &ProgrammeFields {
                title: "Gestes sécurité en réserve".into(),
                context: ProgrammeContext::SkillsGap,
                description: "Remettre à niveau les gestes et postures en réserve.".into(),
                starts_on: (now - Duration::days(140)).date_naive(),
                ends_on: (now - Duration::days(20)).date_naive(),
            },
        )?
        .programme
        .id;
        let safety_need = use_cases::add_need(
            conn,
            &safety_start,
            &safety,
            &need(
                "Accidents de manutention en hausse",
                "Trois arrêts de travail au premier semestre.",
                NeedPriority::Critical,
            ),
        )?;
        use_cases::add_objective(
            conn,
            &safety_start,
            &safety,
            &objective(
                &safety_need,
                "Moitié des équipes actives sur le module sécurité",
                Metric::ActiveLearnerRate,
                50.0,
                now - Duration::days(25),
            ),
        )?;
        use_cases::activate_programme(conn, &safety_start, &safety)?;
        use_cases::close_programme(
            conn,
            &at(now - Duration::days(18)),
            &safety,
            "Les démonstrations par les ambassadeurs en réserve ont mieux marché que les vidéos. \
             À refaire avec un défi par magasin.",
        )?;
        Ok::<(), ApiError>(())
    })?;
    Ok(true)
}

//! `relais demo`: a fictional French retail network with people, programmes and months of
//! activity, so a newcomer sees every screen alive. Idempotent: an existing demo is kept.

use crate::errors::ApiError;
use crate::identity::tokens::hash_password;
use chrono::{Duration, NaiveDateTime};
use relais_db::activity::ActivityEvent;
use relais_db::identity::UserRow;
use relais_db::metrics::{read_metric, Moment};
use relais_db::organisations::Organisation;
use relais_db::programmes::{NeedRow, ObjectiveRow, ProgrammeRow};
use relais_db::DbConnection;
use relais_domain::analytics::MIN_K;
use relais_domain::identity::Role;
use relais_domain::ids::NeedId;
use relais_domain::programmes::{Metric, NeedFields, NeedPriority, ObjectiveFields, ProgrammeContext, ProgrammeFields};

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

/// Loads the demo organisation unless it exists. Returns true when it was created now.
pub fn load(conn: &mut DbConnection) -> Result<bool, ApiError> {
    if Organisation::find_by_slug(conn, DEMO_SLUG)?.is_some() {
        return Ok(false);
    }
    // Hashing is slow on purpose: one hash per role, outside the transaction.
    let admin_hash = hash_password(ADMIN_PASSWORD)?;
    let ambassador_hash = hash_password(AMBASSADOR_PASSWORD)?;
    let learner_hash = hash_password(LEARNER_PASSWORD)?;
    relais_db::write_transaction(conn, |conn| {
        let now = relais_db::now();
        let months_ago = now - Duration::days(150);
        let organisation = Organisation {
            id: relais_db::new_id(),
            name: "Horizon Maison".into(),
            slug: DEMO_SLUG.into(),
            k_threshold: MIN_K as i32,
            created_at: months_ago,
        };
        organisation.insert(conn)?;
        let org = organisation.id.as_str();
        let person = |name: &str, role: Role, hash: &str| UserRow {
            id: relais_db::new_id(),
            organisation_id: org.to_owned(),
            email: email_of(name),
            display_name: name.to_owned(),
            role: role.as_str().to_owned(),
            password_hash: hash.to_owned(),
            active: 1,
            created_at: months_ago,
            updated_at: months_ago,
        };
        let admin = person("Claire Martin", Role::Admin, &admin_hash);
        admin.insert(conn)?;
        let mut ambassadors = Vec::new();
        for name in AMBASSADORS {
            let row = person(name, Role::Ambassador, &ambassador_hash);
            row.insert(conn)?;
            ambassadors.push(row);
        }
        let mut learners = Vec::new();
        for last in LAST_NAMES {
            for first in FIRST_NAMES {
                let row = person(&format!("{first} {last}"), Role::Learner, &learner_hash);
                row.insert(conn)?;
                learners.push(row);
            }
        }

        // Activity: a third of learners were active before the programme started, more
        // joined in as the ambassadors got going; one ambassador has gone quiet.
        let activated_at = now - Duration::days(60);
        let mut events = Vec::new();
        let mut sign_in = |user: &UserRow, at: NaiveDateTime| {
            let mut event = ActivityEvent::new(org, &user.id, "signed_in", None);
            event.occurred_at = at;
            events.push(event);
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
        ActivityEvent::record_many(conn, &events)?;

        // The programme of the issue, active for two months.
        let launch = ProgrammeRow::new(
            org,
            &admin.id,
            &ProgrammeFields {
                title: "Lancement de la nouvelle appli de formation".into(),
                context: ProgrammeContext::ToolLaunch,
                description: "La nouvelle application de formation est disponible dans tous les magasins depuis \
                              septembre. Les ambassadeurs formation aident leurs collègues à l'adopter : \
                              démonstrations en magasin, conseils d'experts métier, défis entre équipes."
                    .into(),
                starts_on: (now - Duration::days(75)).date(),
                ends_on: (now + Duration::days(290)).date(),
            },
        );
        launch.insert(conn)?;
        let need = |title: &str, evidence: &str, priority: NeedPriority| {
            NeedRow::new(
                org,
                &launch.id,
                &NeedFields {
                    title: title.into(),
                    evidence: evidence.into(),
                    priority,
                },
            )
        };
        let adoption = need(
            "Les vendeurs n'ouvrent pas l'appli de formation",
            "Au lancement, à peine un tiers des apprenants s'y étaient connectés dans le mois.",
            NeedPriority::Critical,
        );
        let newcomers = need(
            "Les nouveaux arrivants se forment seuls",
            "Entretiens de fin de période d'essai : 7 sur 10 ne savent pas qui solliciter en magasin.",
            NeedPriority::High,
        );
        let know_how = need(
            "Le savoir-faire produit circule mal entre magasins",
            "Les mêmes questions sur la literie et l'électroménager reviennent chaque semaine au support.",
            NeedPriority::Medium,
        );
        for row in [&adoption, &newcomers, &know_how] {
            row.insert(conn)?;
        }
        let objective = |need: &NeedRow, title: &str, metric: Metric, target: f64, days: i64| {
            ObjectiveRow::new(
                org,
                &launch.id,
                &ObjectiveFields {
                    need_id: NeedId::new(need.id.clone()),
                    title: title.into(),
                    metric,
                    target,
                    due_on: (now + Duration::days(days)).date(),
                },
            )
        };
        let objectives = [
            objective(
                &adoption,
                "70 % d'apprenants actifs chaque mois",
                Metric::ActiveLearnerRate,
                70.0,
                120,
            ),
            objective(
                &know_how,
                "40 conseils d'experts publiés par mois",
                Metric::TipsPublished,
                40.0,
                200,
            ),
            objective(
                &newcomers,
                "Chaque magasin couvert par un ambassadeur",
                Metric::SiteCoverage,
                90.0,
                240,
            ),
        ];
        for row in &objectives {
            row.insert(conn)?;
            let baseline = read_metric(conn, org, row.metric(), Moment::At(activated_at), MIN_K)?.value();
            ObjectiveRow::set_baseline(conn, &row.id, baseline, activated_at)?;
        }
        ProgrammeRow::mark_active(conn, org, &launch.id, activated_at)?;

        // A draft being prepared, and a closed one with its retrospective.
        let seasonal = ProgrammeRow::new(
            org,
            &admin.id,
            &ProgrammeFields {
                title: "Intégration des saisonniers 2027".into(),
                context: ProgrammeContext::Onboarding,
                description: "Accueillir et former les renforts de l'été avec l'aide des ambassadeurs.".into(),
                starts_on: (now + Duration::days(120)).date(),
                ends_on: (now + Duration::days(240)).date(),
            },
        );
        seasonal.insert(conn)?;
        NeedRow::new(
            org,
            &seasonal.id,
            &NeedFields {
                title: "Les saisonniers arrivent sans formation caisse".into(),
                evidence: "Erreurs de caisse doublées en juillet dernier.".into(),
                priority: NeedPriority::High,
            },
        )
        .insert(conn)?;
        let safety = ProgrammeRow::new(
            org,
            &admin.id,
            &ProgrammeFields {
                title: "Gestes sécurité en réserve".into(),
                context: ProgrammeContext::SkillsGap,
                description: "Remettre à niveau les gestes et postures en réserve.".into(),
                starts_on: (now - Duration::days(140)).date(),
                ends_on: (now - Duration::days(20)).date(),
            },
        );
        safety.insert(conn)?;
        let safety_need = NeedRow::new(
            org,
            &safety.id,
            &NeedFields {
                title: "Accidents de manutention en hausse".into(),
                evidence: "Trois arrêts de travail au premier semestre.".into(),
                priority: NeedPriority::Critical,
            },
        );
        safety_need.insert(conn)?;
        let safety_objective = ObjectiveRow::new(
            org,
            &safety.id,
            &ObjectiveFields {
                need_id: NeedId::new(safety_need.id.clone()),
                title: "Moitié des équipes actives sur le module sécurité".into(),
                metric: Metric::ActiveLearnerRate,
                target: 50.0,
                due_on: (now - Duration::days(25)).date(),
            },
        );
        safety_objective.insert(conn)?;
        let safety_start = now - Duration::days(140);
        let baseline = read_metric(conn, org, Metric::ActiveLearnerRate, Moment::At(safety_start), MIN_K)?.value();
        ObjectiveRow::set_baseline(conn, &safety_objective.id, baseline, safety_start)?;
        ProgrammeRow::mark_active(conn, org, &safety.id, safety_start)?;
        ProgrammeRow::mark_closed(
            conn,
            org,
            &safety.id,
            "Les démonstrations par les ambassadeurs en réserve ont mieux marché que les vidéos. \
             À refaire avec un défi par magasin.",
        )?;
        Ok::<(), ApiError>(())
    })?;
    Ok(true)
}

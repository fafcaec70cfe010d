//! The demo's programmes: the tool launch, active for two months with three needs and
//! objectives, a draft being prepared, and a closed one with its retrospective.

use super::use_cases;
use crate::demo::Demo;
use crate::errors::ApiError;
use crate::use_cases::Actor;
use chrono::{DateTime, Duration, Utc};
use relais_db::programmes::NeedRow;
use relais_db::DbConnection;
use relais_domain::ids::ProgrammeId;
use relais_domain::programmes::{
    Metric, NeedFields, NeedPriority, ObjectiveRequest, ProgrammeContext, ProgrammeFields,
};

/// Creates the demo's programmes, through the same use cases as the API, backdated.
pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let (now, tenant) = (demo.now, demo.tenant.clone());
    let admin = demo
        .admin
        .clone()
        .ok_or_else(|| ApiError::Internal("the demo's people come first".into()))?;
    let at = |moment: DateTime<Utc>| Actor {
        tenant: tenant.clone(),
        user: admin.clone(),
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
    // Two months of the daily readings the workers record (every third day here), so the
    // trend lines have a history.
    if let Some(row) = relais_db::programmes::ProgrammeRow::find(conn, &demo.tenant, &launch)? {
        for days_ago in (0..=57).rev().step_by(3) {
            let moment = relais_db::metrics::Moment::At(now - Duration::days(days_ago));
            use_cases::record_programme_readings(conn, &demo.tenant, &row, moment, now)?;
        }
    }

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
    Ok(())
}

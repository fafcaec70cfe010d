//! The demo's candidates for the active programme: the six ambassadors active in the
//! pipeline since its launch, then people in every other state — suggested, shortlisted,
//! invited (Léa Petit, the demo learner, has an invitation waiting), accepted, declined
//! with a reason, alumni — open nominations and applications, and field observations. Most
//! stores still have no ambassador, as coverage shows.

use super::pipeline::{move_to, suggest_person};
use super::ranking::rank_candidates;
use crate::demo::Demo;
use crate::errors::ApiError;
use crate::use_cases::Actor;
use chrono::Duration;
use relais_db::candidates::{CandidacyRow, NominationRow, ObservationRow};
use relais_db::directory::People;
use relais_db::identity::{UserQuery, UserRow};
use relais_db::programmes::{ProgrammeQuery, ProgrammeRow};
use relais_db::DbConnection;
use relais_domain::candidates::{
    CandidacyState, Mover, NominationId, NominationKind, NominationStatus, ObservationId, RankingQuery,
};
use relais_domain::identity::Role;
use relais_domain::ids::{Tenant, UserId};
use relais_domain::programmes::ProgrammeStatus;

const ROLE: &str = "Être ambassadeur formation, c'est environ deux heures par mois : montrer l'appli \
                    de formation aux collègues de votre magasin, relayer les conseils des experts \
                    métier et animer un défi par trimestre. L'équipe formation vous accompagne \
                    (une demi-journée de prise en main, un point mensuel).";

fn find(accounts: &[UserRow], email: &str) -> Result<UserRow, ApiError> {
    accounts
        .iter()
        .find(|a| a.email == email)
        .cloned()
        .ok_or_else(|| ApiError::Internal(format!("demo account {email} missing")))
}

/// Moves a candidacy through `steps` (state, who moves, days ago, note), from where it is.
fn walk(
    conn: &mut DbConnection,
    tenant: &Tenant,
    admin: &UserId,
    candidacy: &CandidacyRow,
    steps: &[(CandidacyState, Option<&UserId>, i64, &str)],
    demo: &Demo,
) -> Result<(), ApiError> {
    for (to, invitee, days_ago, note) in steps {
        let row = CandidacyRow::find(conn, tenant, &candidacy.id)?.ok_or(ApiError::NotFound)?;
        let (user, mover) = match invitee {
            Some(person) => ((*person).clone(), Mover::Invitee),
            None => (admin.clone(), Mover::Admin),
        };
        let actor = Actor {
            tenant: tenant.clone(),
            user,
            now: demo.now - Duration::days(*days_ago),
        };
        let sites: Vec<_> = People::find(conn, tenant, &row.person_id)?
            .and_then(|p| p.entry.site.map(|s| s.id))
            .into_iter()
            .collect();
        let description = (*to == CandidacyState::Invited).then_some(ROLE);
        move_to(conn, &actor, &row, *to, mover, note, description, &sites)?;
    }
    Ok(())
}

pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let tenant = demo.tenant.clone();
    let Some(admin) = demo.admin.clone() else {
        return Ok(());
    };
    let active = ProgrammeQuery {
        tenant: &tenant,
        status: Some(ProgrammeStatus::Active),
        after: None,
        limit: 10,
    }
    .list(conn)?;
    let Some(launch): Option<ProgrammeRow> = active.into_iter().find(|p| p.title.starts_with("Lancement")) else {
        return Ok(());
    };
    let programme = launch.id.clone();
    let accounts = UserQuery {
        tenant: &tenant,
        search: None,
        role: None,
        active: None,
        after: None,
        limit: i64::MAX,
    }
    .list(conn)?;
    let at = |days: i64, user: &UserId| Actor {
        tenant: tenant.clone(),
        user: user.clone(),
        now: demo.now - Duration::days(days),
    };

    // The six ambassadors: in the pipeline since the launch, active.
    let mut ambassadors: Vec<&UserRow> = accounts.iter().filter(|a| a.role == Role::Ambassador).collect();
    ambassadors.sort_by(|a, b| a.id.cmp(&b.id));
    for (index, ambassador) in ambassadors.iter().enumerate() {
        let (row, _) = suggest_person(
            conn,
            &at(74, &admin),
            &programme,
            &ambassador.id,
            "expert reconnu du magasin",
        )?;
        walk(
            conn,
            &tenant,
            &admin,
            &row,
            &[
                (CandidacyState::Shortlisted, None, 73, ""),
                (CandidacyState::Invited, None, 72, "premier cercle du lancement"),
                (CandidacyState::Accepted, Some(&ambassador.id), 71 - index as i64, ""),
                (CandidacyState::Active, None, 65, "prise en main faite"),
            ],
            demo,
        )?;
    }

    // The best-ranked people who are not ambassadors, as the ranking puts them now.
    let ranking = rank_candidates(
        conn,
        &tenant,
        &programme,
        &RankingQuery {
            ambassador: Some(false),
            ..RankingQuery::default()
        },
        40,
        demo.now,
    )?;
    let best: Vec<UserId> = ranking.items.iter().map(|c| c.person_id.clone()).collect();

    // Field observations of the first ones.
    let notes = [
        (5, "Anime le brief du matin et montre l'appli à chaque nouvel arrivant."),
        (4, "Les vendeurs viennent lui demander conseil sur les fiches produits."),
        (4, "A organisé d'elle-même un quiz sécurité avec son équipe."),
        (2, "Très compétent mais peu disponible en ce moment (inventaires)."),
        (5, "Référent caisse de la région, très écouté."),
        (3, "Intéressé, à revoir après la période des soldes."),
    ];
    for (index, (rating, note)) in notes.iter().enumerate() {
        let Some(person) = best.get(index) else { break };
        ObservationRow {
            id: ObservationId::generate(),
            organisation_id: tenant.as_str().to_owned(),
            person_id: person.clone(),
            author_id: admin.clone(),
            rating: *rating,
            note: (*note).to_owned(),
            created_at: relais_db::stored(demo.now - Duration::days(5 + 6 * index as i64)),
        }
        .insert(conn)?;
    }

    // Nominations by colleagues, and two applications, still to review.
    let lea = find(&accounts, crate::demo::LEARNER_EMAIL)?;
    let nominators: Vec<&UserRow> = accounts
        .iter()
        .filter(|a| a.role == Role::Learner && !a.password_hash.is_empty())
        .collect();
    let reasons = [
        "Elle explique l'appli mieux que personne, toute l'équipe lui pose des questions.",
        "Toujours partant pour montrer les nouveautés aux collègues.",
        "Il a formé les trois saisonniers de l'été sans qu'on le lui demande.",
        "Très patiente avec ceux qui ne sont pas à l'aise avec le numérique.",
    ];
    for (index, reason) in reasons.iter().enumerate() {
        let (Some(nominee), Some(nominator)) = (best.get(8 + index), nominators.get(3 + index)) else {
            break;
        };
        NominationRow {
            id: NominationId::generate(),
            organisation_id: tenant.as_str().to_owned(),
            programme_id: programme.clone(),
            kind: NominationKind::Nomination,
            nominator_id: nominator.id.clone(),
            nominee_id: nominee.clone(),
            reason: (*reason).to_owned(),
            status: NominationStatus::Open,
            created_at: relais_db::stored(demo.now - Duration::days(2 + 3 * index as i64)),
            reviewed_at: None,
        }
        .insert(conn)?;
    }
    for (index, motivation) in [
        "J'aime transmettre et je connais bien l'appli depuis le pilote.",
        "Je voudrais aider mon magasin, où personne n'est encore ambassadeur.",
    ]
    .iter()
    .enumerate()
    {
        let Some(applicant) = nominators.get(10 + index) else {
            break;
        };
        NominationRow {
            id: NominationId::generate(),
            organisation_id: tenant.as_str().to_owned(),
            programme_id: programme.clone(),
            kind: NominationKind::Application,
            nominator_id: applicant.id.clone(),
            nominee_id: applicant.id.clone(),
            reason: (*motivation).to_owned(),
            status: NominationStatus::Open,
            created_at: relais_db::stored(demo.now - Duration::days(1 + index as i64)),
            reviewed_at: None,
        }
        .insert(conn)?;
    }

    // The pipeline beyond the ambassadors: every state.
    let hugo = find(&accounts, "hugo.garcia@horizon.example")?;
    let mut next = best.iter().filter(|p| **p != lea.id && **p != hugo.id);
    let mut take = || next.next().cloned();
    let suggest = |conn: &mut DbConnection, person: &UserId, days: i64| {
        suggest_person(conn, &at(days, &admin), &programme, person, "en tête du classement").map(|(row, _)| row)
    };
    for _ in 0..3 {
        if let Some(person) = take() {
            suggest(conn, &person, 3)?;
        }
    }
    for _ in 0..2 {
        if let Some(person) = take() {
            let row = suggest(conn, &person, 12)?;
            walk(
                conn,
                &tenant,
                &admin,
                &row,
                &[(CandidacyState::Shortlisted, None, 10, "vu en magasin")],
                demo,
            )?;
        }
    }
    // Hugo Garcia (a demo learner, Versailles, no ambassador there): shortlisted, ready to invite.
    let row = suggest(conn, &hugo.id, 9)?;
    walk(
        conn,
        &tenant,
        &admin,
        &row,
        &[(CandidacyState::Shortlisted, None, 8, "recommandé par son chef de rayon")],
        demo,
    )?;
    // Léa Petit, the demo learner: invited, her answer awaited.
    let row = suggest(conn, &lea.id, 7)?;
    walk(
        conn,
        &tenant,
        &admin,
        &row,
        &[
            (CandidacyState::Shortlisted, None, 6, ""),
            (CandidacyState::Invited, None, 2, ""),
        ],
        demo,
    )?;
    if let Some(person) = take() {
        let row = suggest(conn, &person, 30)?;
        walk(
            conn,
            &tenant,
            &admin,
            &row,
            &[
                (CandidacyState::Shortlisted, None, 28, ""),
                (CandidacyState::Invited, None, 25, ""),
                (CandidacyState::Accepted, Some(&person), 20, ""),
            ],
            demo,
        )?;
    }
    if let Some(person) = take() {
        let row = suggest(conn, &person, 30)?;
        walk(
            conn,
            &tenant,
            &admin,
            &row,
            &[
                (CandidacyState::Shortlisted, None, 28, ""),
                (CandidacyState::Invited, None, 25, ""),
                (
                    CandidacyState::Declined,
                    Some(&person),
                    22,
                    "Pas avant la fin de ma formation de manager, merci !",
                ),
            ],
            demo,
        )?;
    }
    if let Some(person) = take() {
        let row = suggest(conn, &person, 70)?;
        walk(
            conn,
            &tenant,
            &admin,
            &row,
            &[
                (CandidacyState::Shortlisted, None, 69, ""),
                (CandidacyState::Invited, None, 68, ""),
                (CandidacyState::Accepted, Some(&person), 66, ""),
                (CandidacyState::Active, None, 60, ""),
                (CandidacyState::Alumni, None, 15, "a changé de magasin"),
            ],
            demo,
        )?;
    }
    Ok(())
}

//! The demo's contests, one in each state a visitor should see: a finished one with its
//! results and winner (mixed: the public 40 %, a jury of two), one in its voting window
//! (public, three votes each) where Léa, the demo learner, has not voted yet, and one that
//! opens in three days. Entries are the demo's published tips, entered by their authors.

use super::entries::{cast_vote, enter};
use super::settings::create;
use crate::demo::{Demo, AMBASSADOR_EMAIL, LEARNER_EMAIL};
use crate::errors::ApiError;
use crate::use_cases::Actor;
use chrono::{DateTime, Duration, Utc};
use relais_db::contests::Scores;
use relais_db::tips::TipFeed;
use relais_db::DbConnection;
use relais_domain::contests::{AudienceKind, ContestMode, ContestRequest, CriterionRequest, EntryRequest};
use relais_domain::ids::UserId;

fn request(title: &str, rules: &str, mode: ContestMode, opens: DateTime<Utc>) -> ContestRequest {
    ContestRequest {
        title: title.into(),
        rules: rules.into(),
        mode,
        audience: AudienceKind::Organisation,
        regions: Vec::new(),
        sites: Vec::new(),
        submissions_open_at: opens,
        submissions_close_at: opens + Duration::days(8),
        voting_close_at: opens + Duration::days(15),
        votes_per_voter: mode.has_public_vote().then_some(3),
        public_weight: (mode == ContestMode::Mixed).then_some(40),
        criteria: if mode.has_jury() {
            vec![
                CriterionRequest {
                    name: "Utilité sur le terrain".into(),
                    weight: 3,
                },
                CriterionRequest {
                    name: "Clarté".into(),
                    weight: 1,
                },
            ]
        } else {
            Vec::new()
        },
        jurors: Vec::new(),
        winners: None,
    }
}

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
    let tips = TipFeed {
        published_only: true,
        limit: 200,
        ..TipFeed::default()
    }
    .list(conn, &tenant)?;
    // One tip per author, oldest first; the first five for the finished contest, the next
    // five for the running one.
    let mut authors: Vec<UserId> = Vec::new();
    let mut picked = Vec::new();
    for tip in tips.iter().rev() {
        if !authors.contains(&tip.author_id) {
            authors.push(tip.author_id.clone());
            picked.push(tip.clone());
        }
    }
    if picked.len() < 10 || people.len() < 60 {
        return Ok(());
    }
    let at = |user: &UserId, when: DateTime<Utc>| Actor {
        tenant: tenant.clone(),
        user: user.clone(),
        now: when,
    };
    let voters: Vec<&UserId> = people.iter().filter(|u| u.id != lea.id).map(|u| &u.id).collect();

    // Finished: opened 40 days ago, voting ended 25 days ago.
    let opened = demo.now - Duration::days(40);
    let mut finished = request(
        "Le geste qui fait gagner du temps en caisse",
        "Partagez un conseil publié qui fait gagner du temps à l'encaissement. Le public compte pour 40 %, le jury pour 60 % : utilité sur le terrain (×3) et clarté (×1).",
        ContestMode::Mixed,
        opened,
    );
    let juror = people
        .iter()
        .find(|u| u.id != karim.id && u.id != lea.id && !picked[..5].iter().any(|t| t.author_id == u.id))
        .map(|u| u.id.clone())
        .unwrap_or_else(|| admin.clone());
    finished.jurors = vec![admin.clone(), juror.clone()];
    let finished_id = create(conn, &at(&admin, opened - Duration::days(2)), &finished.validate()?)?;
    let mut finished_entries = Vec::new();
    for (n, tip) in picked[..5].iter().enumerate() {
        let when = opened + Duration::days(1 + n as i64);
        let entry = enter(
            conn,
            &at(&tip.author_id, when),
            &finished_id,
            &EntryRequest { tip: tip.id.clone() },
        )?;
        finished_entries.push((entry, tip.author_id.clone()));
    }
    let voting_opened = opened + Duration::days(8);
    for (v, voter) in voters.iter().enumerate().take(45) {
        for k in 0..(1 + v % 3) {
            // More votes for the second and fourth entries: a race, not a landslide.
            let (entry, author) = &finished_entries[(v * 3 + k * 2 + usize::from(v % 4 == 0)) % 5];
            if author == *voter {
                continue;
            }
            let when = voting_opened + Duration::hours(2 + v as i64);
            let _ = cast_vote(conn, &at(voter, when), &finished_id, entry)?;
        }
    }
    for (j, person) in [&admin, &juror].into_iter().enumerate() {
        for (n, (entry, author)) in finished_entries.iter().enumerate() {
            if author == person {
                continue;
            }
            let scores = [5 + ((n * 3 + j) % 5) as u8, 6 + ((n + 2 * j) % 4) as u8];
            Scores::set(conn, entry, person, &scores, voting_opened + Duration::days(2))?;
        }
    }
    super::closing::close(conn, &tenant, &finished_id, demo.now)?;

    // Running: in its voting window for five more days.
    let running_opened = demo.now - Duration::days(10);
    let running = request(
        "Votre meilleure astuce pour l'appli vendeur",
        "Un conseil publié sur l'appli vendeur, trois au plus par personne. Chaque collègue a trois voix, jamais pour ses propres conseils. Le conseil qui a le plus de voix gagne.",
        ContestMode::Public,
        running_opened,
    );
    let running_id = create(
        conn,
        &at(&admin, running_opened - Duration::days(1)),
        &running.validate()?,
    )?;
    let mut running_entries = Vec::new();
    for (n, tip) in picked[5..10].iter().enumerate() {
        let when = running_opened + Duration::hours(6 + 20 * n as i64);
        let entry = enter(
            conn,
            &at(&tip.author_id, when),
            &running_id,
            &EntryRequest { tip: tip.id.clone() },
        )?;
        running_entries.push((entry, tip.author_id.clone()));
    }
    let running_voting = running_opened + Duration::days(8);
    for (v, voter) in voters.iter().enumerate().skip(10).take(30) {
        let (entry, author) = &running_entries[(v * 7) % running_entries.len()];
        if author != *voter {
            let when = running_voting + Duration::hours(1 + v as i64);
            let _ = cast_vote(conn, &at(voter, when), &running_id, entry)?;
        }
    }

    // Upcoming: a jury of two, opening in three days.
    let upcoming_opens = demo.now + Duration::days(3);
    let mut upcoming = request(
        "Sécurité en magasin : le bon réflexe de l'hiver",
        "Un conseil publié sur la sécurité en magasin pendant l'hiver. Le jury note l'utilité sur le terrain (×3) et la clarté (×1).",
        ContestMode::Jury,
        upcoming_opens,
    );
    upcoming.jurors = vec![admin.clone(), karim.id.clone()];
    create(conn, &at(&admin, demo.now - Duration::days(1)), &upcoming.validate()?)?;
    Ok(())
}

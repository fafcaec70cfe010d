//! Recognition follows what people do: a consumer of domain events gives the badges the
//! domain's rules say were earned (each at most once) and writes the points each event
//! earns in the ledger the leaderboards sum. Replaying it rebuilds both (custom badges,
//! given by people, stay).

use crate::errors::ApiError;
use crate::worker::Consumer;
use relais_db::events::EventRow;
use relais_db::recognition::{achievements, clear_derived, tip_author, AwardRow, KudosRow, Ledger};
use relais_db::DbConnection;
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::ids::{OrganisationId, Tenant, UserId};
use relais_domain::recognition::{earned, PointsFor};

pub struct RecognitionConsumer;

impl Consumer for RecognitionConsumer {
    fn name(&self) -> &'static str {
        "recognition"
    }

    fn apply(&self, conn: &mut DbConnection, events: &[EventRow]) -> Result<(), ApiError> {
        for event in events {
            apply_one(conn, event)?;
        }
        Ok(())
    }

    fn reset(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        Ok(clear_derived(conn)?)
    }
}

/// Who earned what from one event: (person, points earned for), and whose badges to check.
fn apply_one(conn: &mut DbConnection, event: &EventRow) -> Result<(), ApiError> {
    let actor = event.actor_id.clone().map(UserId::new);
    let subject = event.object_id.as_deref();
    // The ledger's key: the event's id, except where repeating an action must not earn more
    // (taking a reaction back and giving it again).
    let mut key = event.id.as_str().to_owned();
    let (earner, earned_for, check): (Option<UserId>, Option<PointsFor>, Option<UserId>) = match event.kind {
        EventKind::TipPublished => (actor.clone(), Some(PointsFor::TipPublished), actor),
        EventKind::TipReacted => {
            let author = match subject {
                Some(tip) => tip_author(conn, tip)?,
                None => None,
            };
            // Points once per colleague and tip, however often they react.
            key = format!(
                "reacted:{}:{}",
                subject.unwrap_or_default(),
                event.actor_id.as_deref().unwrap_or_default()
            );
            (author.clone(), Some(PointsFor::ReactionReceived), author)
        }
        EventKind::TipCommented => {
            key = format!("comment:{}", subject.unwrap_or_default());
            (actor, Some(PointsFor::CommentWritten), None)
        }
        EventKind::TipCommentDeleted => {
            // Written then deleted, a comment earns nothing.
            Ledger::remove(conn, &format!("comment:{}", subject.unwrap_or_default()))?;
            (None, None, None)
        }
        EventKind::KudosGiven => {
            let to = match subject {
                Some(kudos) => KudosRow::recipient(conn, kudos)?,
                None => None,
            };
            (to, Some(PointsFor::KudosReceived), None)
        }
        EventKind::BadgeAwarded => {
            let holder = match subject {
                Some(award) => AwardRow::holder(conn, award)?.map(|(_, person)| person),
                None => None,
            };
            (holder, Some(PointsFor::BadgeEarned), None)
        }
        EventKind::ContestClosed => {
            // Each winner of the contest earns the winner's badge (once, however many wins).
            for winner in relais_db::contests::winners(conn, subject.unwrap_or_default())? {
                award_earned(conn, &event.organisation_id, &winner, event)?;
            }
            (None, None, None)
        }
        EventKind::CandidacyMoved => {
            let person = match subject {
                Some(id) => relais_db::candidates::CandidacyRow::find(
                    conn,
                    &Tenant::new(event.organisation_id.clone()),
                    &relais_domain::candidates::CandidacyId::new(id),
                )?
                .map(|row| row.person_id),
                None => None,
            };
            (None, None, person)
        }
        _ => (None, None, None),
    };
    if let (Some(person), Some(what)) = (&earner, earned_for) {
        Ledger::add(
            conn,
            &key,
            event.organisation_id.as_str(),
            person,
            what,
            event.occurred_at,
        )?;
    }
    if let Some(person) = check {
        award_earned(conn, &event.organisation_id, &person, event)?;
    }
    Ok(())
}

/// Gives the person every automatic badge they have earned and do not hold; each award is
/// itself an event (it earns points, and a webhook may announce it).
fn award_earned(
    conn: &mut DbConnection,
    organisation: &OrganisationId,
    person: &UserId,
    event: &EventRow,
) -> Result<(), ApiError> {
    let tenant = Tenant::new(organisation.clone());
    let at = event.occurred_at.and_utc();
    for badge in earned(&achievements(conn, person)?) {
        if let Some(award) = AwardRow::award_automatic(conn, &tenant, person, badge, at)? {
            let awarded = DomainEvent::by_system(EventKind::BadgeAwarded, at).about(SubjectType::BadgeAward, &award);
            EventRow::record(conn, &tenant, &awarded)?;
        }
    }
    Ok(())
}

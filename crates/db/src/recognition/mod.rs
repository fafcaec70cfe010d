//! Step 3 storage, recognition (V5): custom badges and awards (automatic ones at most once
//! per person: a partial unique index and ON CONFLICT DO NOTHING), kudos, the points ledger
//! (one row per event that earned points) and the leaderboard preference. Tenant-confined.

pub mod schema;

use self::schema::{badge_awards, badges, kudos, points_ledger, recognition_preferences};
use crate::directory::schema::work_facts;
use crate::identity::lower;
use crate::schema::users;
use crate::tips::schema::{tip_comments, tip_reactions, tips};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::directory::SiteId;
use relais_domain::identity::Role;
use relais_domain::ids::{Tenant, UserId};
use relais_domain::recognition::{Achievements, AutomaticBadge, AwardId, BadgeId, Contributions, KudosId, PointsFor};
use relais_domain::tips::{ReactionKind, TipStatus};
use std::collections::HashSet;

#[derive(Clone, Debug, Queryable)]
pub struct BadgeRow {
    pub id: String,
    pub name: String,
    pub description: String,
}

impl BadgeRow {
    /// The organisation's custom badges by name, with how many people hold each.
    pub fn list(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<(BadgeRow, i64)>> {
        let rows: Vec<BadgeRow> = badges::table
            .filter(badges::organisation_id.eq(tenant.as_str()))
            .select((badges::id, badges::name, badges::description))
            .order(badges::name.asc())
            .load(conn)?;
        let counts: Vec<(Option<String>, i64)> = badge_awards::table
            .filter(badge_awards::organisation_id.eq(tenant.as_str()))
            .filter(badge_awards::badge_id.is_not_null())
            .group_by(badge_awards::badge_id)
            .select((badge_awards::badge_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let n = counts
                    .iter()
                    .find(|(id, _)| id.as_deref() == Some(row.id.as_str()))
                    .map_or(0, |(_, n)| *n);
                (row, n)
            })
            .collect())
    }

    /// How many people hold this badge.
    pub fn holders(conn: &mut DbConnection, tenant: &Tenant, id: &BadgeId) -> QueryResult<i64> {
        badge_awards::table
            .filter(badge_awards::organisation_id.eq(tenant.as_str()))
            .filter(badge_awards::badge_id.eq(id.as_str()))
            .count()
            .get_result(conn)
    }

    /// Whether a badge has this name, case ignored (as people read names).
    pub fn name_taken(conn: &mut DbConnection, tenant: &Tenant, name: &str) -> QueryResult<bool> {
        let n: i64 = badges::table
            .filter(badges::organisation_id.eq(tenant.as_str()))
            .filter(lower(badges::name).eq(name.to_lowercase()))
            .count()
            .get_result(conn)?;
        Ok(n > 0)
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &BadgeId) -> QueryResult<Option<BadgeRow>> {
        badges::table
            .filter(badges::organisation_id.eq(tenant.as_str()))
            .filter(badges::id.eq(id.as_str()))
            .select((badges::id, badges::name, badges::description))
            .first(conn)
            .optional()
    }

    pub fn insert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        name: &str,
        description: &str,
        creator: &UserId,
        now: DateTime<Utc>,
    ) -> QueryResult<BadgeId> {
        let id = BadgeId::generate();
        diesel::insert_into(badges::table)
            .values((
                badges::id.eq(id.as_str()),
                badges::organisation_id.eq(tenant.as_str()),
                badges::name.eq(name),
                badges::description.eq(description),
                badges::created_by.eq(creator.as_str()),
                badges::created_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(id)
    }
}

/// A badge held: an automatic one, or a custom one by its id.
#[derive(Clone, Debug)]
pub struct AwardRow {
    pub id: AwardId,
    pub automatic: Option<AutomaticBadge>,
    pub badge_id: Option<BadgeId>,
    pub reason: String,
    pub awarded_at: NaiveDateTime,
}

/// The award's row, if one was written (None: the person already held it).
#[expect(clippy::too_many_arguments, reason = "one row's columns, each named")]
fn insert_award(
    conn: &mut DbConnection,
    tenant: &Tenant,
    person: &UserId,
    automatic: Option<AutomaticBadge>,
    badge: Option<&BadgeId>,
    reason: &str,
    by: Option<&UserId>,
    now: DateTime<Utc>,
) -> QueryResult<Option<AwardId>> {
    let id = AwardId::generate();
    let insert = diesel::insert_into(badge_awards::table).values((
        badge_awards::id.eq(id.as_str()),
        badge_awards::organisation_id.eq(tenant.as_str()),
        badge_awards::person_id.eq(person.as_str()),
        badge_awards::automatic.eq(automatic.map(AutomaticBadge::as_str)),
        badge_awards::badge_id.eq(badge.map(BadgeId::as_str)),
        badge_awards::reason.eq(reason),
        badge_awards::awarded_by.eq(by.map(UserId::as_str)),
        badge_awards::awarded_at.eq(stored(now)),
    ));
    let inserted = crate::insert_or_ignore!(conn, insert)?;
    Ok((inserted == 1).then_some(id))
}

impl AwardRow {
    /// Gives an automatic badge unless the person holds it.
    pub fn award_automatic(
        conn: &mut DbConnection,
        tenant: &Tenant,
        person: &UserId,
        badge: AutomaticBadge,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<AwardId>> {
        insert_award(conn, tenant, person, Some(badge), None, "", None, now)
    }

    /// Gives a custom badge unless the person holds it.
    pub fn award_custom(
        conn: &mut DbConnection,
        tenant: &Tenant,
        person: &UserId,
        badge: &BadgeId,
        reason: &str,
        by: &UserId,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<AwardId>> {
        insert_award(conn, tenant, person, None, Some(badge), reason, Some(by), now)
    }

    /// Whom an award went to.
    pub fn holder(conn: &mut DbConnection, id: &str) -> QueryResult<Option<(String, UserId)>> {
        let row: Option<(String, String)> = badge_awards::table
            .filter(badge_awards::id.eq(id))
            .select((badge_awards::organisation_id, badge_awards::person_id))
            .first(conn)
            .optional()?;
        Ok(row.map(|(org, person)| (org, UserId::new(person))))
    }

    /// A person's badges, newest first.
    pub fn of_person(conn: &mut DbConnection, tenant: &Tenant, person: &UserId) -> QueryResult<Vec<AwardRow>> {
        type Row = (String, Option<String>, Option<String>, String, NaiveDateTime);
        let rows: Vec<Row> = badge_awards::table
            .filter(badge_awards::organisation_id.eq(tenant.as_str()))
            .filter(badge_awards::person_id.eq(person.as_str()))
            .select((
                badge_awards::id,
                badge_awards::automatic,
                badge_awards::badge_id,
                badge_awards::reason,
                badge_awards::awarded_at,
            ))
            .order((badge_awards::awarded_at.desc(), badge_awards::id.desc()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, automatic, badge_id, reason, awarded_at)| AwardRow {
                id: AwardId::new(id),
                automatic: automatic.as_deref().and_then(AutomaticBadge::parse),
                badge_id: badge_id.map(BadgeId::new),
                reason,
                awarded_at,
            })
            .collect())
    }
}

#[derive(Clone, Debug, Queryable)]
pub struct KudosRow {
    pub id: String,
    pub from_id: String,
    pub message: String,
    pub created_at: NaiveDateTime,
}

impl KudosRow {
    pub fn insert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        from: &UserId,
        to: &UserId,
        message: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<KudosId> {
        let id = KudosId::generate();
        diesel::insert_into(kudos::table)
            .values((
                kudos::id.eq(id.as_str()),
                kudos::organisation_id.eq(tenant.as_str()),
                kudos::from_id.eq(from.as_str()),
                kudos::to_id.eq(to.as_str()),
                kudos::message.eq(message),
                kudos::created_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(id)
    }

    /// The kudos a person received, newest first.
    pub fn to_person(
        conn: &mut DbConnection,
        tenant: &Tenant,
        person: &UserId,
        limit: i64,
    ) -> QueryResult<Vec<KudosRow>> {
        kudos::table
            .filter(kudos::organisation_id.eq(tenant.as_str()))
            .filter(kudos::to_id.eq(person.as_str()))
            .select((kudos::id, kudos::from_id, kudos::message, kudos::created_at))
            .order((kudos::created_at.desc(), kudos::id.desc()))
            .limit(limit)
            .load(conn)
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &KudosId) -> QueryResult<Option<KudosRow>> {
        kudos::table
            .filter(kudos::organisation_id.eq(tenant.as_str()))
            .filter(kudos::id.eq(id.as_str()))
            .select((kudos::id, kudos::from_id, kudos::message, kudos::created_at))
            .first(conn)
            .optional()
    }

    /// Whether `from` thanked `to` since `since`.
    pub fn sent_since(
        conn: &mut DbConnection,
        tenant: &Tenant,
        from: &UserId,
        to: &UserId,
        since: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let n: i64 = kudos::table
            .filter(kudos::organisation_id.eq(tenant.as_str()))
            .filter(kudos::from_id.eq(from.as_str()))
            .filter(kudos::to_id.eq(to.as_str()))
            .filter(kudos::created_at.ge(stored(since)))
            .count()
            .get_result(conn)?;
        Ok(n > 0)
    }

    /// Who received these kudos.
    pub fn recipient(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserId>> {
        kudos::table
            .filter(kudos::id.eq(id))
            .select(kudos::to_id)
            .first::<String>(conn)
            .optional()
            .map(|r| r.map(UserId::new))
    }
}

/// The points ledger: one row per key (an event's id, or what may earn only once), so that
/// replaying an event or repeating an action writes nothing more.
pub struct Ledger;

impl Ledger {
    pub fn add(
        conn: &mut DbConnection,
        key: &str,
        organisation: &str,
        person: &UserId,
        earned_for: PointsFor,
        occurred_at: NaiveDateTime,
    ) -> QueryResult<()> {
        let insert = diesel::insert_into(points_ledger::table).values((
            points_ledger::event_id.eq(key),
            points_ledger::organisation_id.eq(organisation),
            points_ledger::person_id.eq(person.as_str()),
            points_ledger::earned_for.eq(earned_for.as_str()),
            points_ledger::points.eq(earned_for.points() as i32),
            points_ledger::occurred_at.eq(occurred_at),
        ));
        crate::insert_or_ignore!(conn, insert)?;
        Ok(())
    }

    /// Each person's points since `since`, of one site's people when asked.
    pub fn totals(
        conn: &mut DbConnection,
        tenant: &Tenant,
        since: DateTime<Utc>,
        site: Option<&SiteId>,
    ) -> QueryResult<Vec<(UserId, u32)>> {
        let mut query = points_ledger::table
            .filter(points_ledger::organisation_id.eq(tenant.as_str()))
            .filter(points_ledger::occurred_at.ge(stored(since)))
            .group_by(points_ledger::person_id)
            .select((points_ledger::person_id, diesel::dsl::sum(points_ledger::points)))
            .into_boxed();
        if let Some(site) = site {
            query = query.filter(
                points_ledger::person_id.eq_any(
                    work_facts::table
                        .filter(work_facts::organisation_id.eq(tenant.as_str()))
                        .filter(work_facts::site_id.eq(site.as_str()))
                        .select(work_facts::user_id),
                ),
            );
        }
        let rows: Vec<(String, Option<i64>)> = query.load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(person, total)| {
                (
                    UserId::new(person),
                    u32::try_from(total.unwrap_or(0)).unwrap_or(u32::MAX),
                )
            })
            .collect())
    }

    /// Takes back what one key earned.
    pub fn remove(conn: &mut DbConnection, key: &str) -> QueryResult<()> {
        diesel::delete(points_ledger::table.filter(points_ledger::event_id.eq(key))).execute(conn)?;
        Ok(())
    }

    pub fn clear(conn: &mut DbConnection) -> QueryResult<()> {
        diesel::delete(points_ledger::table).execute(conn)?;
        Ok(())
    }
}

/// Who left leaderboards.
pub struct Preferences;

impl Preferences {
    pub fn opted_out(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<HashSet<UserId>> {
        let rows: Vec<String> = recognition_preferences::table
            .filter(recognition_preferences::organisation_id.eq(tenant.as_str()))
            .filter(recognition_preferences::leaderboard_opt_out.eq(1))
            .select(recognition_preferences::person_id)
            .load(conn)?;
        Ok(rows.into_iter().map(UserId::new).collect())
    }

    pub fn of(conn: &mut DbConnection, person: &UserId) -> QueryResult<bool> {
        Ok(recognition_preferences::table
            .filter(recognition_preferences::person_id.eq(person.as_str()))
            .select(recognition_preferences::leaderboard_opt_out)
            .first::<i32>(conn)
            .optional()?
            == Some(1))
    }

    pub fn set(
        conn: &mut DbConnection,
        tenant: &Tenant,
        person: &UserId,
        opt_out: bool,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::delete(recognition_preferences::table.filter(recognition_preferences::person_id.eq(person.as_str())))
            .execute(conn)?;
        diesel::insert_into(recognition_preferences::table)
            .values((
                recognition_preferences::person_id.eq(person.as_str()),
                recognition_preferences::organisation_id.eq(tenant.as_str()),
                recognition_preferences::leaderboard_opt_out.eq(i32::from(opt_out)),
                recognition_preferences::updated_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(())
    }
}

/// What the badge rules read about a person.
pub fn achievements(conn: &mut DbConnection, person: &UserId) -> QueryResult<Achievements> {
    let tips_published: i64 = tips::table
        .filter(tips::author_id.eq(person.as_str()))
        .filter(tips::status.eq(TipStatus::Published.as_str()))
        .count()
        .get_result(conn)?;
    let useful_received: i64 = tip_reactions::table
        .inner_join(tips::table)
        .filter(tips::author_id.eq(person.as_str()))
        .filter(tip_reactions::person_id.ne(person.as_str()))
        .filter(tip_reactions::kind.eq(ReactionKind::Useful.as_str()))
        .count()
        .get_result(conn)?;
    let role: Option<String> = users::table
        .filter(users::id.eq(person.as_str()))
        .select(users::role)
        .first(conn)
        .optional()?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Achievements {
        tips_published: count(tips_published),
        useful_received: count(useful_received),
        is_ambassador: role.as_deref() == Some(Role::Ambassador.as_str()),
        contests_won: crate::contests::contests_won(conn, person)?,
        accepted_answers: 0,
    })
}

/// What a person's profile counts.
pub fn contributions(conn: &mut DbConnection, tenant: &Tenant, person: &UserId) -> QueryResult<Contributions> {
    let tips_published: i64 = tips::table
        .filter(tips::organisation_id.eq(tenant.as_str()))
        .filter(tips::author_id.eq(person.as_str()))
        .filter(tips::status.eq(TipStatus::Published.as_str()))
        .count()
        .get_result(conn)?;
    let reactions_received: i64 = tip_reactions::table
        .inner_join(tips::table)
        .filter(tips::organisation_id.eq(tenant.as_str()))
        .filter(tips::author_id.eq(person.as_str()))
        .filter(tip_reactions::person_id.ne(person.as_str()))
        .count()
        .get_result(conn)?;
    let comments_written: i64 = tip_comments::table
        .filter(tip_comments::organisation_id.eq(tenant.as_str()))
        .filter(tip_comments::author_id.eq(person.as_str()))
        .count()
        .get_result(conn)?;
    let kudos_received: i64 = kudos::table
        .filter(kudos::organisation_id.eq(tenant.as_str()))
        .filter(kudos::to_id.eq(person.as_str()))
        .count()
        .get_result(conn)?;
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Contributions {
        tips_published: count(tips_published),
        reactions_received: count(reactions_received),
        comments_written: count(comments_written),
        kudos_received: count(kudos_received),
    })
}

/// The author of a tip, if it still exists.
pub fn tip_author(conn: &mut DbConnection, tip: &str) -> QueryResult<Option<UserId>> {
    tips::table
        .filter(tips::id.eq(tip))
        .select(tips::author_id)
        .first::<String>(conn)
        .optional()
        .map(|r| r.map(UserId::new))
}

/// Forgets every award given by rules and the ledger (before a replay); custom awards stay.
pub fn clear_derived(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::delete(badge_awards::table.filter(badge_awards::automatic.is_not_null())).execute(conn)?;
    Ledger::clear(conn)?;
    Ok(())
}

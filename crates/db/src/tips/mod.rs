//! Step 3 storage, tips (V1): tips with tags and revisions, reactions, comments and saves,
//! the feed with its filters and full-text search on both backends, and what the creator
//! spotlight and the candidates' sharing signals read. Every query is confined to a tenant.

pub mod images;
pub mod schema;

use self::schema::{tip_comments, tip_reactions, tip_revisions, tip_saves, tip_tags, tips};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use relais_domain::directory::DomainId;
use relais_domain::ids::{Tenant, UserId};
use relais_domain::tips::{CommentId, ReactionCounts, ReactionKind, TipId, TipStatus};
use std::collections::HashMap;

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = tips)]
pub struct TipRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: TipId,
    pub organisation_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub author_id: UserId,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub domain_id: Option<String>,
    pub community_id: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: TipStatus,
    pub search_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

/// What an edit changes.
#[derive(Clone, Debug)]
pub struct TipChange<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    pub tags: &'a [String],
    pub domain_id: Option<&'a DomainId>,
    pub status: TipStatus,
    pub search_text: &'a str,
}

impl TipRow {
    /// Inserts the tip and its tags.
    pub fn insert(&self, conn: &mut DbConnection, tags: &[String]) -> QueryResult<()> {
        diesel::insert_into(tips::table).values(self.clone()).execute(conn)?;
        insert_tags(conn, &self.organisation_id, &self.id, tags)
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &TipId) -> QueryResult<Option<TipRow>> {
        tips::table
            .filter(tips::organisation_id.eq(tenant.as_str()))
            .filter(tips::id.eq(id.as_str()))
            .select(TipRow::as_select())
            .first(conn)
            .optional()
    }

    /// These tips of the tenant, by id (one query whatever their number).
    pub fn by_ids(conn: &mut DbConnection, tenant: &Tenant, ids: &[TipId]) -> QueryResult<HashMap<TipId, TipRow>> {
        let rows: Vec<TipRow> = tips::table
            .filter(tips::organisation_id.eq(tenant.as_str()))
            .filter(tips::id.eq_any(ids.iter().map(TipId::as_str)))
            .select(TipRow::as_select())
            .load(conn)?;
        Ok(rows.into_iter().map(|row| (row.id.clone(), row)).collect())
    }

    /// Keeps the tip as it was in its history, then changes it; publishing for the first
    /// time dates it. Returns whether it was just published.
    pub fn update(
        &self,
        conn: &mut DbConnection,
        editor: &UserId,
        change: &TipChange<'_>,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let old_tags = Self::tags(conn, std::slice::from_ref(&self.id))?
            .remove(&self.id)
            .unwrap_or_default();
        diesel::insert_into(tip_revisions::table)
            .values((
                tip_revisions::id.eq(crate::new_id()),
                tip_revisions::tip_id.eq(self.id.as_str()),
                tip_revisions::organisation_id.eq(&self.organisation_id),
                tip_revisions::editor_id.eq(editor.as_str()),
                tip_revisions::title.eq(&self.title),
                tip_revisions::body.eq(&self.body),
                tip_revisions::tags.eq(old_tags.join(",")),
                tip_revisions::edited_at.eq(stored(now)),
            ))
            .execute(conn)?;
        let published_now = self.published_at.is_none() && change.status == TipStatus::Published;
        let published_at = if published_now {
            Some(stored(now))
        } else {
            self.published_at
        };
        diesel::update(tips::table.filter(tips::id.eq(self.id.as_str())))
            .set((
                tips::title.eq(change.title),
                tips::body.eq(change.body),
                tips::body_html.eq(change.body_html),
                tips::domain_id.eq(change.domain_id.map(DomainId::as_str)),
                tips::status.eq(change.status.as_str()),
                tips::search_text.eq(change.search_text),
                tips::updated_at.eq(stored(now)),
                tips::published_at.eq(published_at),
            ))
            .execute(conn)?;
        diesel::delete(tip_tags::table.filter(tip_tags::tip_id.eq(self.id.as_str()))).execute(conn)?;
        insert_tags(conn, &self.organisation_id, &self.id, change.tags)?;
        Ok(published_now)
    }

    /// Deletes the tip with everything hanging off it.
    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &TipId) -> QueryResult<usize> {
        // Children first: the foreign keys cascade on both backends, but saying it keeps the
        // delete independent of a connection's foreign-key setting.
        for table_delete in [
            diesel::delete(tip_tags::table.filter(tip_tags::tip_id.eq(id.as_str()))).execute(conn),
            diesel::delete(tip_reactions::table.filter(tip_reactions::tip_id.eq(id.as_str()))).execute(conn),
            diesel::delete(tip_comments::table.filter(tip_comments::tip_id.eq(id.as_str()))).execute(conn),
            diesel::delete(tip_saves::table.filter(tip_saves::tip_id.eq(id.as_str()))).execute(conn),
            diesel::delete(tip_revisions::table.filter(tip_revisions::tip_id.eq(id.as_str()))).execute(conn),
        ] {
            table_delete?;
        }
        diesel::delete(
            tips::table
                .filter(tips::organisation_id.eq(tenant.as_str()))
                .filter(tips::id.eq(id.as_str())),
        )
        .execute(conn)
    }

    /// The tags of these tips, in the order written.
    pub fn tags(conn: &mut DbConnection, ids: &[TipId]) -> QueryResult<HashMap<TipId, Vec<String>>> {
        let wanted: Vec<&str> = ids.iter().map(TipId::as_str).collect();
        let rows: Vec<(String, String)> = tip_tags::table
            .filter(tip_tags::tip_id.eq_any(&wanted))
            .select((tip_tags::tip_id, tip_tags::tag))
            .order((tip_tags::tip_id.asc(), tip_tags::tag.asc()))
            .load(conn)?;
        let mut tags: HashMap<TipId, Vec<String>> = HashMap::new();
        for (tip, tag) in rows {
            tags.entry(TipId::new(tip)).or_default().push(tag);
        }
        Ok(tags)
    }

    /// Reactions of each kind on these tips.
    pub fn reaction_counts(conn: &mut DbConnection, ids: &[TipId]) -> QueryResult<HashMap<TipId, ReactionCounts>> {
        let wanted: Vec<&str> = ids.iter().map(TipId::as_str).collect();
        let rows: Vec<(String, String, i64)> = tip_reactions::table
            .filter(tip_reactions::tip_id.eq_any(&wanted))
            .group_by((tip_reactions::tip_id, tip_reactions::kind))
            .select((tip_reactions::tip_id, tip_reactions::kind, diesel::dsl::count_star()))
            .load(conn)?;
        let mut counts: HashMap<TipId, ReactionCounts> = HashMap::new();
        for (tip, kind, n) in rows {
            if let Some(kind) = ReactionKind::parse(&kind) {
                counts
                    .entry(TipId::new(tip))
                    .or_default()
                    .add(kind, u32::try_from(n).unwrap_or(u32::MAX));
            }
        }
        Ok(counts)
    }

    /// Comments on each of these tips.
    pub fn comment_counts(conn: &mut DbConnection, ids: &[TipId]) -> QueryResult<HashMap<TipId, u32>> {
        let wanted: Vec<&str> = ids.iter().map(TipId::as_str).collect();
        let rows: Vec<(String, i64)> = tip_comments::table
            .filter(tip_comments::tip_id.eq_any(&wanted))
            .group_by(tip_comments::tip_id)
            .select((tip_comments::tip_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(tip, n)| (TipId::new(tip), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    pub fn revision_count(conn: &mut DbConnection, id: &TipId) -> QueryResult<i64> {
        tip_revisions::table
            .filter(tip_revisions::tip_id.eq(id.as_str()))
            .count()
            .get_result(conn)
    }
}

fn insert_tags(conn: &mut DbConnection, organisation: &str, tip: &TipId, tags: &[String]) -> QueryResult<()> {
    for tag in tags {
        diesel::insert_into(tip_tags::table)
            .values((
                tip_tags::tip_id.eq(tip.as_str()),
                tip_tags::organisation_id.eq(organisation),
                tip_tags::tag.eq(tag),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// An earlier version of a tip, with who replaced it.
#[derive(Clone, Debug, Queryable)]
pub struct RevisionRow {
    pub title: String,
    pub body: String,
    pub tags: String,
    pub editor_id: String,
    pub edited_at: NaiveDateTime,
}

impl RevisionRow {
    /// A tip's history, newest first.
    pub fn of_tip(conn: &mut DbConnection, id: &TipId) -> QueryResult<Vec<RevisionRow>> {
        tip_revisions::table
            .filter(tip_revisions::tip_id.eq(id.as_str()))
            .select((
                tip_revisions::title,
                tip_revisions::body,
                tip_revisions::tags,
                tip_revisions::editor_id,
                tip_revisions::edited_at,
            ))
            .order((tip_revisions::edited_at.desc(), tip_revisions::id.desc()))
            .load(conn)
    }
}

/// A page of tips: the feed (published, with filters and search), a person's own tips (any
/// state), or the tips a person saved.
#[derive(Clone, Debug, Default)]
pub struct TipFeed<'a> {
    /// Search words as `relais_domain::tips::search::query_words` makes them; each must
    /// match the start of a word of the tip.
    pub words: &'a [String],
    pub domain: Option<&'a DomainId>,
    pub tag: Option<&'a str>,
    pub author: Option<&'a UserId>,
    /// Only published tips (the feed) or every state (the author's own list).
    pub published_only: bool,
    /// The tips this person saved, most recently saved first.
    pub saved_by: Option<&'a UserId>,
    pub limit: u32,
    /// Tips after this one in the list's order.
    pub after: Option<&'a TipId>,
}

/// How a tip list is ordered: by publication for the feed, by last change for one's own
/// tips, by when saved for saved tips; the id breaks ties.
enum FeedOrder {
    Published,
    Updated,
    Saved,
}

impl TipFeed<'_> {
    pub fn list(&self, conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<TipRow>> {
        let order = if self.saved_by.is_some() {
            FeedOrder::Saved
        } else if self.published_only {
            FeedOrder::Published
        } else {
            FeedOrder::Updated
        };
        let mut query = tips::table
            .left_join(
                tip_saves::table.on(tip_saves::tip_id
                    .eq(tips::id)
                    .and(tip_saves::person_id.eq(self.saved_by.map_or("", UserId::as_str)))),
            )
            .filter(tips::organisation_id.eq(tenant.as_str()))
            .select(TipRow::as_select())
            .into_boxed();
        if self.published_only || self.saved_by.is_some() {
            query = query.filter(tips::status.eq(TipStatus::Published.as_str()));
        }
        if self.saved_by.is_some() {
            query = query.filter(tip_saves::person_id.is_not_null());
        }
        if let Some(domain) = self.domain {
            query = query.filter(tips::domain_id.eq(domain.as_str()));
        }
        if let Some(author) = self.author {
            query = query.filter(tips::author_id.eq(author.as_str()));
        }
        if let Some(tag) = self.tag {
            query = query.filter(
                tips::id.eq_any(
                    tip_tags::table
                        .filter(tip_tags::organisation_id.eq(tenant.as_str()))
                        .filter(tip_tags::tag.eq(tag.to_owned()))
                        .select(tip_tags::tip_id),
                ),
            );
        }
        // SQLite picks one plan for every search: walking the feed in order and keeping the
        // matches is fast when many tips match, fetching the few matches and sorting them is
        // fast when few do. It is told which, from a count the index answers at once.
        let mut few_matches = false;
        if !self.words.is_empty() {
            let (sql, words) = search_condition(conn, self.words);
            if let DbConnection::Sqlite(_) = conn {
                few_matches = sqlite_matches(conn, &words)? <= FEW_MATCHES;
            }
            query = query.filter(diesel::dsl::sql::<Bool>(sql).bind::<Text, _>(words).sql(")"));
        }
        if let Some(after) = self.after {
            // The cursor tip's place in the order; a cursor from another list or a deleted
            // tip gives an empty page rather than an error.
            let Some(cursor) = TipRow::find(conn, tenant, after)? else {
                return Ok(Vec::new());
            };
            let id = cursor.id.as_str().to_owned();
            query = match order {
                FeedOrder::Published => {
                    let at = cursor.published_at.unwrap_or(cursor.created_at);
                    query.filter(
                        tips::published_at
                            .lt(at)
                            .or(tips::published_at.eq(at).and(tips::id.lt(id))),
                    )
                }
                FeedOrder::Updated => {
                    let at = cursor.updated_at;
                    query.filter(tips::updated_at.lt(at).or(tips::updated_at.eq(at).and(tips::id.lt(id))))
                }
                FeedOrder::Saved => {
                    let saved_at: Option<NaiveDateTime> = tip_saves::table
                        .filter(tip_saves::tip_id.eq(after.as_str()))
                        .filter(tip_saves::person_id.eq(self.saved_by.map_or("", UserId::as_str)))
                        .select(tip_saves::saved_at)
                        .first(conn)
                        .optional()?;
                    let Some(at) = saved_at else {
                        return Ok(Vec::new());
                    };
                    query.filter(
                        tip_saves::saved_at
                            .lt(at)
                            .or(tip_saves::saved_at.eq(at).and(tips::id.lt(id))),
                    )
                }
            };
        }
        query = match order {
            // `+` keeps SQLite from ordering through the feed's index.
            FeedOrder::Published if few_matches => query.order((
                diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::Timestamp>>("+tips.published_at")
                    .desc(),
                tips::id.desc(),
            )),
            FeedOrder::Published => query.order((tips::published_at.desc(), tips::id.desc())),
            FeedOrder::Updated => query.order((tips::updated_at.desc(), tips::id.desc())),
            FeedOrder::Saved => query.order((tip_saves::saved_at.desc(), tips::id.desc())),
        };
        query.limit(i64::from(self.limit)).load(conn)
    }
}

/// Below this many matches a search fetches them and sorts (see `TipFeed::list`).
const FEW_MATCHES: i64 = 2_000;

#[derive(QueryableByName)]
struct MatchCount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many entries of SQLite's index match (every organisation's: an estimate is enough).
fn sqlite_matches(conn: &mut DbConnection, query: &str) -> QueryResult<i64> {
    let counted: MatchCount = diesel::sql_query("SELECT count(*) AS n FROM tips_fts WHERE tips_fts MATCH ?")
        .bind::<Text, _>(query)
        .get_result(conn)?;
    Ok(counted.n)
}

/// The full-text condition, in each backend's own terms: FTS5 with prefix queries on
/// SQLite, the French text search configuration on PostgreSQL, as the SQL before one
/// bound parameter and that parameter. The words are letters and digits only (the
/// domain's `query_words`), so no search syntax comes from the caller.
fn search_condition(conn: &DbConnection, words: &[String]) -> (&'static str, String) {
    match conn {
        DbConnection::Sqlite(_) => {
            let terms: Vec<String> = words.iter().map(|w| format!("\"{w}\"*")).collect();
            // Joined on row numbers; each candidate's id is checked against its entry, which
            // a VACUUM could have renumbered (see the migration).
            (
                "tips.id = (SELECT f.tip_id FROM tips_fts f WHERE f.rowid = tips.rowid) \
                 AND tips.rowid IN (SELECT rowid FROM tips_fts WHERE tips_fts MATCH ",
                format!("search_text : ({})", terms.join(" AND ")),
            )
        }
        DbConnection::Postgresql(_) => {
            let terms: Vec<String> = words.iter().map(|w| format!("{w}:*")).collect();
            (
                "to_tsvector('french', tips.search_text) @@ to_tsquery('french', ",
                terms.join(" & "),
            )
        }
    }
}

/// One person's reactions to a tip.
pub fn my_reactions(conn: &mut DbConnection, tip: &TipId, person: &UserId) -> QueryResult<Vec<ReactionKind>> {
    let kinds: Vec<String> = tip_reactions::table
        .filter(tip_reactions::tip_id.eq(tip.as_str()))
        .filter(tip_reactions::person_id.eq(person.as_str()))
        .select(tip_reactions::kind)
        .load(conn)?;
    let mut kinds: Vec<ReactionKind> = kinds.iter().filter_map(|k| ReactionKind::parse(k)).collect();
    kinds.sort();
    Ok(kinds)
}

/// Adds a reaction; false when it was already there. Parallel identical reactions insert
/// once: ON CONFLICT DO NOTHING, which unlike a raised violation leaves a PostgreSQL
/// transaction usable.
pub fn react(
    conn: &mut DbConnection,
    tenant: &Tenant,
    tip: &TipId,
    person: &UserId,
    kind: ReactionKind,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let insert = diesel::insert_into(tip_reactions::table).values((
        tip_reactions::tip_id.eq(tip.as_str()),
        tip_reactions::person_id.eq(person.as_str()),
        tip_reactions::kind.eq(kind.as_str()),
        tip_reactions::organisation_id.eq(tenant.as_str()),
        tip_reactions::created_at.eq(stored(now)),
    ));
    let inserted = crate::insert_or_ignore!(conn, insert)?;
    Ok(inserted == 1)
}

pub fn unreact(conn: &mut DbConnection, tip: &TipId, person: &UserId, kind: ReactionKind) -> QueryResult<usize> {
    diesel::delete(
        tip_reactions::table
            .filter(tip_reactions::tip_id.eq(tip.as_str()))
            .filter(tip_reactions::person_id.eq(person.as_str()))
            .filter(tip_reactions::kind.eq(kind.as_str())),
    )
    .execute(conn)
}

pub fn is_saved(conn: &mut DbConnection, tip: &TipId, person: &UserId) -> QueryResult<bool> {
    Ok(tip_saves::table
        .filter(tip_saves::tip_id.eq(tip.as_str()))
        .filter(tip_saves::person_id.eq(person.as_str()))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Saves the tip for the person (again, or in parallel: nothing changes).
pub fn save(
    conn: &mut DbConnection,
    tenant: &Tenant,
    tip: &TipId,
    person: &UserId,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    let insert = diesel::insert_into(tip_saves::table).values((
        tip_saves::person_id.eq(person.as_str()),
        tip_saves::tip_id.eq(tip.as_str()),
        tip_saves::organisation_id.eq(tenant.as_str()),
        tip_saves::saved_at.eq(stored(now)),
    ));
    crate::insert_or_ignore!(conn, insert)?;
    Ok(())
}

pub fn unsave(conn: &mut DbConnection, tip: &TipId, person: &UserId) -> QueryResult<usize> {
    diesel::delete(
        tip_saves::table
            .filter(tip_saves::tip_id.eq(tip.as_str()))
            .filter(tip_saves::person_id.eq(person.as_str())),
    )
    .execute(conn)
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = tip_comments)]
pub struct CommentRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: CommentId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub tip_id: TipId,
    pub organisation_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub author_id: UserId,
    pub body: String,
    pub created_at: NaiveDateTime,
}

/// The most comments a tip's page lists.
pub const MAX_COMMENTS: i64 = 500;

impl CommentRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(tip_comments::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, tip: &TipId, id: &CommentId) -> QueryResult<Option<Self>> {
        tip_comments::table
            .filter(tip_comments::organisation_id.eq(tenant.as_str()))
            .filter(tip_comments::tip_id.eq(tip.as_str()))
            .filter(tip_comments::id.eq(id.as_str()))
            .select(CommentRow::as_select())
            .first(conn)
            .optional()
    }

    /// A tip's comments, oldest first.
    pub fn of_tip(conn: &mut DbConnection, tip: &TipId) -> QueryResult<Vec<Self>> {
        tip_comments::table
            .filter(tip_comments::tip_id.eq(tip.as_str()))
            .select(CommentRow::as_select())
            .order((tip_comments::created_at.asc(), tip_comments::id.asc()))
            .limit(MAX_COMMENTS)
            .load(conn)
    }

    pub fn delete(conn: &mut DbConnection, id: &CommentId) -> QueryResult<usize> {
        diesel::delete(tip_comments::table.filter(tip_comments::id.eq(id.as_str()))).execute(conn)
    }
}

/// A published tip's author, publication and reactions (who, how).
pub struct PublishedTip {
    pub author: UserId,
    pub published_at: NaiveDateTime,
    pub reactions: Vec<(UserId, ReactionKind)>,
}

/// Published tips since `since` (all when `None`) with who reacted to them and how: what
/// the creator spotlight ranks.
pub fn published_with_reactions(
    conn: &mut DbConnection,
    tenant: &Tenant,
    since: Option<DateTime<Utc>>,
) -> QueryResult<Vec<PublishedTip>> {
    let mut query = tips::table
        .filter(tips::organisation_id.eq(tenant.as_str()))
        .filter(tips::status.eq(TipStatus::Published.as_str()))
        .select((tips::id, tips::author_id, tips::published_at))
        .into_boxed();
    if let Some(since) = since {
        query = query.filter(tips::published_at.ge(stored(since)));
    }
    let published: Vec<(String, String, Option<NaiveDateTime>)> = query.load(conn)?;
    let mut reactions_query = tip_reactions::table
        .inner_join(tips::table)
        .filter(tips::organisation_id.eq(tenant.as_str()))
        .filter(tips::status.eq(TipStatus::Published.as_str()))
        .select((tip_reactions::tip_id, tip_reactions::person_id, tip_reactions::kind))
        .into_boxed();
    if let Some(since) = since {
        reactions_query = reactions_query.filter(tips::published_at.ge(stored(since)));
    }
    let reactions: Vec<(String, String, String)> = reactions_query.load(conn)?;
    let mut by_tip: HashMap<String, Vec<(UserId, ReactionKind)>> = HashMap::new();
    for (tip, person, kind) in reactions {
        if let Some(kind) = ReactionKind::parse(&kind) {
            by_tip.entry(tip).or_default().push((UserId::new(person), kind));
        }
    }
    Ok(published
        .into_iter()
        .filter_map(|(id, author, at)| {
            let reactions = by_tip.remove(&id).unwrap_or_default();
            at.map(|published_at| PublishedTip {
                author: UserId::new(author),
                published_at,
                reactions,
            })
        })
        .collect())
}

/// The candidates' sharing signals (C2), per author: when each of their published tips was
/// published, and for each distinct colleague who reacted to them, their latest reaction.
#[derive(Debug, Default)]
pub struct SharingSignals {
    pub tips: HashMap<String, Vec<NaiveDateTime>>,
    pub reactors: HashMap<String, Vec<NaiveDateTime>>,
}

pub fn sharing_signals(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<SharingSignals> {
    let published: Vec<(String, Option<NaiveDateTime>)> = tips::table
        .filter(tips::organisation_id.eq(tenant.as_str()))
        .filter(tips::status.eq(TipStatus::Published.as_str()))
        .select((tips::author_id, tips::published_at))
        .load(conn)?;
    let reactors: Vec<(String, String, Option<NaiveDateTime>)> = tip_reactions::table
        .inner_join(tips::table)
        .filter(tips::organisation_id.eq(tenant.as_str()))
        .filter(tips::status.eq(TipStatus::Published.as_str()))
        .filter(tip_reactions::person_id.ne(tips::author_id))
        .group_by((tips::author_id, tip_reactions::person_id))
        .select((
            tips::author_id,
            tip_reactions::person_id,
            diesel::dsl::max(tip_reactions::created_at),
        ))
        .load(conn)?;
    let mut signals = SharingSignals::default();
    for (author, at) in published {
        if let Some(at) = at {
            signals.tips.entry(author).or_default().push(at);
        }
    }
    for (author, _, at) in reactors {
        if let Some(at) = at {
            signals.reactors.entry(author).or_default().push(at);
        }
    }
    Ok(signals)
}

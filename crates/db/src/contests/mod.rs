//! Step 3 storage, contests (V3): a contest's settings with its audience, criteria and
//! jurors, the tips entered, votes (one per entry and voter: the primary key), jurors'
//! scores and the results written when voting ends. Tenant-confined.

pub mod schema;

use self::schema::{
    contest_criteria, contest_entries, contest_jurors, contest_places, contest_results, contest_scores, contest_votes,
    contests,
};
use crate::tips::schema::tips;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::contests::{AudienceKind, ContestId, ContestMode, ContestSpec, Criterion, EntryId, Windows};
use relais_domain::ids::{Tenant, UserId};
use relais_domain::tips::{TipId, TipStatus};
use std::collections::{HashMap, HashSet};

/// Filters contest entries to those that take part: an entry whose tip went back to draft
/// is out of the contest (not listed, counted, voted on nor tallied) until published again.
macro_rules! taking_part {
    ($query:expr) => {
        $query.filter(
            contest_entries::tip_id.eq_any(
                tips::table
                    .filter(tips::status.eq(TipStatus::Published.as_str()))
                    .select(tips::id),
            ),
        )
    };
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = contests)]
pub struct ContestRow {
    #[diesel(deserialize_as = String)]
    pub id: ContestId,
    pub organisation_id: String,
    pub title: String,
    pub rules: String,
    #[diesel(deserialize_as = String)]
    pub mode: ContestMode,
    #[diesel(deserialize_as = String)]
    pub audience: AudienceKind,
    pub votes_per_voter: i32,
    pub public_weight: i32,
    pub winners: i32,
    pub submissions_open_at: NaiveDateTime,
    pub submissions_close_at: NaiveDateTime,
    pub voting_close_at: NaiveDateTime,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

/// A contest with its audience, criteria and jurors.
#[derive(Clone, Debug)]
pub struct ContestRecord {
    pub row: ContestRow,
    pub places: Vec<String>,
    pub criteria: Vec<Criterion>,
    pub jurors: Vec<UserId>,
}

impl ContestRow {
    pub fn windows(&self) -> Windows {
        Windows {
            submissions_open_at: self.submissions_open_at.and_utc(),
            submissions_close_at: self.submissions_close_at.and_utc(),
            voting_close_at: self.voting_close_at.and_utc(),
        }
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &ContestId) -> QueryResult<Option<ContestRow>> {
        contests::table
            .filter(contests::organisation_id.eq(tenant.as_str()))
            .filter(contests::id.eq(id.as_str()))
            .select(ContestRow::as_select())
            .first(conn)
            .optional()
    }

    /// The organisation's contests, the latest to close first.
    pub fn list(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<ContestRow>> {
        contests::table
            .filter(contests::organisation_id.eq(tenant.as_str()))
            .select(ContestRow::as_select())
            .order((contests::voting_close_at.desc(), contests::id.desc()))
            .load(conn)
    }

    /// Locks the contest's row until the end of the transaction, so that a voter's parallel
    /// votes count each other against the cap (SQLite's write transaction already holds the
    /// only write lock).
    pub fn lock(conn: &mut DbConnection, id: &ContestId) -> QueryResult<()> {
        if let DbConnection::Postgresql(pg) = conn {
            contests::table
                .find(id.as_str())
                .select(contests::id)
                .for_update()
                .first::<String>(pg)?;
        }
        Ok(())
    }

    pub fn insert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        spec: &ContestSpec,
        creator: &UserId,
        now: DateTime<Utc>,
    ) -> QueryResult<ContestId> {
        let id = ContestId::generate();
        diesel::insert_into(contests::table)
            .values((
                contests::id.eq(id.as_str()),
                contests::organisation_id.eq(tenant.as_str()),
                contests::title.eq(&spec.title),
                contests::rules.eq(&spec.rules),
                contests::mode.eq(spec.mode.as_str()),
                contests::audience.eq(spec.audience.as_str()),
                contests::votes_per_voter.eq(spec.votes_per_voter as i32),
                contests::public_weight.eq(spec.public_weight as i32),
                contests::winners.eq(spec.winners as i32),
                contests::submissions_open_at.eq(stored(spec.windows.submissions_open_at)),
                contests::submissions_close_at.eq(stored(spec.windows.submissions_close_at)),
                contests::voting_close_at.eq(stored(spec.windows.voting_close_at)),
                contests::created_by.eq(creator.as_str()),
                contests::created_at.eq(stored(now)),
                contests::updated_at.eq(stored(now)),
            ))
            .execute(conn)?;
        write_parts(conn, &id, spec)?;
        Ok(id)
    }

    /// Replaces the settings (the contest has not opened).
    pub fn replace(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ContestId,
        spec: &ContestSpec,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::update(
            contests::table
                .filter(contests::organisation_id.eq(tenant.as_str()))
                .filter(contests::id.eq(id.as_str())),
        )
        .set((
            contests::title.eq(&spec.title),
            contests::rules.eq(&spec.rules),
            contests::mode.eq(spec.mode.as_str()),
            contests::audience.eq(spec.audience.as_str()),
            contests::votes_per_voter.eq(spec.votes_per_voter as i32),
            contests::public_weight.eq(spec.public_weight as i32),
            contests::winners.eq(spec.winners as i32),
            contests::submissions_open_at.eq(stored(spec.windows.submissions_open_at)),
            contests::submissions_close_at.eq(stored(spec.windows.submissions_close_at)),
            contests::voting_close_at.eq(stored(spec.windows.voting_close_at)),
            contests::updated_at.eq(stored(now)),
        ))
        .execute(conn)?;
        diesel::delete(contest_places::table.filter(contest_places::contest_id.eq(id.as_str()))).execute(conn)?;
        diesel::delete(contest_criteria::table.filter(contest_criteria::contest_id.eq(id.as_str()))).execute(conn)?;
        diesel::delete(contest_jurors::table.filter(contest_jurors::contest_id.eq(id.as_str()))).execute(conn)?;
        write_parts(conn, id, spec)
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &ContestId) -> QueryResult<usize> {
        diesel::delete(
            contests::table
                .filter(contests::organisation_id.eq(tenant.as_str()))
                .filter(contests::id.eq(id.as_str())),
        )
        .execute(conn)
    }

    /// The contest with its audience, criteria and jurors.
    pub fn record(self, conn: &mut DbConnection) -> QueryResult<ContestRecord> {
        let id = self.id.as_str().to_owned();
        let places = contest_places::table
            .filter(contest_places::contest_id.eq(&id))
            .select(contest_places::place_id)
            .order(contest_places::place_id.asc())
            .load(conn)?;
        let criteria: Vec<(String, i32)> = contest_criteria::table
            .filter(contest_criteria::contest_id.eq(&id))
            .select((contest_criteria::name, contest_criteria::weight))
            .order(contest_criteria::position.asc())
            .load(conn)?;
        let jurors: Vec<String> = contest_jurors::table
            .filter(contest_jurors::contest_id.eq(&id))
            .select(contest_jurors::person_id)
            .order(contest_jurors::person_id.asc())
            .load(conn)?;
        Ok(ContestRecord {
            row: self,
            places,
            criteria: criteria
                .into_iter()
                .map(|(name, weight)| Criterion {
                    name,
                    weight: u32::try_from(weight).unwrap_or(1),
                })
                .collect(),
            jurors: jurors.into_iter().map(UserId::new).collect(),
        })
    }

    /// Writes the results and marks the contest closed; false when it already was (a
    /// second closing job writes nothing).
    pub fn close(
        conn: &mut DbConnection,
        id: &ContestId,
        results: &[ResultRow],
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let marked = diesel::update(
            contests::table
                .filter(contests::id.eq(id.as_str()))
                .filter(contests::closed_at.is_null()),
        )
        .set(contests::closed_at.eq(stored(now)))
        .execute(conn)?;
        if marked == 0 {
            return Ok(false);
        }
        for line in results {
            diesel::insert_into(contest_results::table)
                .values((
                    contest_results::contest_id.eq(id.as_str()),
                    contest_results::entry_id.eq(line.entry.as_str()),
                    contest_results::person_id.eq(line.person.as_str()),
                    contest_results::rank.eq(line.rank as i32),
                    contest_results::winner.eq(i32::from(line.winner)),
                ))
                .execute(conn)?;
        }
        Ok(true)
    }

    /// Entries of each of these contests.
    pub fn entry_counts(conn: &mut DbConnection, ids: &[ContestId]) -> QueryResult<HashMap<ContestId, u32>> {
        let rows: Vec<(String, i64)> = taking_part!(
            contest_entries::table.filter(contest_entries::contest_id.eq_any(ids.iter().map(ContestId::as_str)))
        )
        .group_by(contest_entries::contest_id)
        .select((contest_entries::contest_id, diesel::dsl::count_star()))
        .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (ContestId::new(id), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }
}

fn write_parts(conn: &mut DbConnection, id: &ContestId, spec: &ContestSpec) -> QueryResult<()> {
    for place in &spec.places {
        diesel::insert_into(contest_places::table)
            .values((
                contest_places::contest_id.eq(id.as_str()),
                contest_places::place_id.eq(place),
            ))
            .execute(conn)?;
    }
    for (position, criterion) in spec.criteria.iter().enumerate() {
        diesel::insert_into(contest_criteria::table)
            .values((
                contest_criteria::contest_id.eq(id.as_str()),
                contest_criteria::position.eq(position as i32),
                contest_criteria::name.eq(&criterion.name),
                contest_criteria::weight.eq(criterion.weight as i32),
            ))
            .execute(conn)?;
    }
    for juror in &spec.jurors {
        diesel::insert_into(contest_jurors::table)
            .values((
                contest_jurors::contest_id.eq(id.as_str()),
                contest_jurors::person_id.eq(juror.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// One line of the results as stored.
#[derive(Clone, Debug)]
pub struct ResultRow {
    pub entry: EntryId,
    pub person: UserId,
    pub rank: u32,
    pub winner: bool,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = contest_entries)]
pub struct EntryRow {
    #[diesel(deserialize_as = String)]
    pub id: EntryId,
    pub organisation_id: String,
    #[diesel(deserialize_as = String)]
    pub contest_id: ContestId,
    #[diesel(deserialize_as = String)]
    pub tip_id: TipId,
    #[diesel(deserialize_as = String)]
    pub entrant_id: UserId,
    pub entered_at: NaiveDateTime,
}

impl EntryRow {
    pub fn insert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        contest: &ContestId,
        tip: &TipId,
        entrant: &UserId,
        now: DateTime<Utc>,
    ) -> QueryResult<Option<EntryId>> {
        let id = EntryId::generate();
        let insert = diesel::insert_into(contest_entries::table).values((
            contest_entries::id.eq(id.as_str()),
            contest_entries::organisation_id.eq(tenant.as_str()),
            contest_entries::contest_id.eq(contest.as_str()),
            contest_entries::tip_id.eq(tip.as_str()),
            contest_entries::entrant_id.eq(entrant.as_str()),
            contest_entries::entered_at.eq(stored(now)),
        ));
        let inserted = crate::insert_or_ignore!(conn, insert)?;
        Ok((inserted == 1).then_some(id))
    }

    pub fn find(conn: &mut DbConnection, contest: &ContestId, id: &EntryId) -> QueryResult<Option<EntryRow>> {
        taking_part!(contest_entries::table
            .filter(contest_entries::contest_id.eq(contest.as_str()))
            .filter(contest_entries::id.eq(id.as_str())))
        .select(EntryRow::as_select())
        .first(conn)
        .optional()
    }

    /// A contest's entries, first entered first.
    pub fn of_contest(conn: &mut DbConnection, contest: &ContestId) -> QueryResult<Vec<EntryRow>> {
        taking_part!(contest_entries::table.filter(contest_entries::contest_id.eq(contest.as_str())))
            .select(EntryRow::as_select())
            .order((contest_entries::entered_at.asc(), contest_entries::id.asc()))
            .load(conn)
    }

    /// How many tips a person entered in a contest.
    pub fn count_by(conn: &mut DbConnection, contest: &ContestId, person: &UserId) -> QueryResult<u32> {
        let n: i64 = taking_part!(contest_entries::table
            .filter(contest_entries::contest_id.eq(contest.as_str()))
            .filter(contest_entries::entrant_id.eq(person.as_str())))
        .count()
        .get_result(conn)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    pub fn delete(conn: &mut DbConnection, id: &EntryId) -> QueryResult<usize> {
        diesel::delete(contest_entries::table.filter(contest_entries::id.eq(id.as_str()))).execute(conn)
    }

    /// Each person's contest entries (the candidates' sharing signal, C2).
    pub fn per_person(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<HashMap<String, u32>> {
        let rows: Vec<(String, i64)> = contest_entries::table
            .filter(contest_entries::organisation_id.eq(tenant.as_str()))
            .group_by(contest_entries::entrant_id)
            .select((contest_entries::entrant_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(p, n)| (p, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }
}

/// The public's votes.
pub struct Votes;

impl Votes {
    /// Adds the vote; false when it was there.
    pub fn add(
        conn: &mut DbConnection,
        contest: &ContestId,
        entry: &EntryId,
        voter: &UserId,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let insert = diesel::insert_into(contest_votes::table).values((
            contest_votes::entry_id.eq(entry.as_str()),
            contest_votes::voter_id.eq(voter.as_str()),
            contest_votes::contest_id.eq(contest.as_str()),
            contest_votes::voted_at.eq(stored(now)),
        ));
        Ok(crate::insert_or_ignore!(conn, insert)? == 1)
    }

    pub fn remove(conn: &mut DbConnection, entry: &EntryId, voter: &UserId) -> QueryResult<bool> {
        let n = diesel::delete(
            contest_votes::table
                .filter(contest_votes::entry_id.eq(entry.as_str()))
                .filter(contest_votes::voter_id.eq(voter.as_str())),
        )
        .execute(conn)?;
        Ok(n > 0)
    }

    /// The entries a voter voted for in a contest.
    pub fn of_voter(conn: &mut DbConnection, contest: &ContestId, voter: &UserId) -> QueryResult<HashSet<EntryId>> {
        let rows: Vec<String> = contest_votes::table
            .filter(contest_votes::contest_id.eq(contest.as_str()))
            .filter(contest_votes::voter_id.eq(voter.as_str()))
            .filter(
                contest_votes::entry_id.eq_any(
                    taking_part!(contest_entries::table.filter(contest_entries::contest_id.eq(contest.as_str())))
                        .select(contest_entries::id),
                ),
            )
            .select(contest_votes::entry_id)
            .load(conn)?;
        Ok(rows.into_iter().map(EntryId::new).collect())
    }

    /// Votes per entry of a contest.
    pub fn counts(conn: &mut DbConnection, contest: &ContestId) -> QueryResult<HashMap<EntryId, u32>> {
        let rows: Vec<(String, i64)> = contest_votes::table
            .filter(contest_votes::contest_id.eq(contest.as_str()))
            .filter(
                contest_votes::entry_id.eq_any(
                    taking_part!(contest_entries::table.filter(contest_entries::contest_id.eq(contest.as_str())))
                        .select(contest_entries::id),
                ),
            )
            .group_by(contest_votes::entry_id)
            .select((contest_votes::entry_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(e, n)| (EntryId::new(e), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }
}

/// Jurors' scores, kept as the digits per criterion ("8,6,9").
pub struct Scores;

/// Each entry's scores, by juror.
pub type ScoresByEntry = HashMap<EntryId, Vec<(UserId, Vec<u8>)>>;

fn parse_scores(text: &str) -> Vec<u8> {
    text.split(',').filter_map(|s| s.parse().ok()).collect()
}

impl Scores {
    /// Sets a juror's scores for an entry, replacing earlier ones.
    pub fn set(
        conn: &mut DbConnection,
        entry: &EntryId,
        juror: &UserId,
        scores: &[u8],
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        let text = scores.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
        diesel::delete(
            contest_scores::table
                .filter(contest_scores::entry_id.eq(entry.as_str()))
                .filter(contest_scores::juror_id.eq(juror.as_str())),
        )
        .execute(conn)?;
        diesel::insert_into(contest_scores::table)
            .values((
                contest_scores::entry_id.eq(entry.as_str()),
                contest_scores::juror_id.eq(juror.as_str()),
                contest_scores::scores.eq(text),
                contest_scores::scored_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Every juror's scores for each entry of a contest.
    pub fn of_contest(conn: &mut DbConnection, contest: &ContestId) -> QueryResult<ScoresByEntry> {
        let rows: Vec<(String, String, String)> = contest_scores::table
            .inner_join(contest_entries::table)
            .filter(contest_entries::contest_id.eq(contest.as_str()))
            .select((
                contest_scores::entry_id,
                contest_scores::juror_id,
                contest_scores::scores,
            ))
            .order((contest_scores::entry_id.asc(), contest_scores::juror_id.asc()))
            .load(conn)?;
        let mut by_entry = ScoresByEntry::new();
        for (entry, juror, scores) in rows {
            by_entry
                .entry(EntryId::new(entry))
                .or_default()
                .push((UserId::new(juror), parse_scores(&scores)));
        }
        Ok(by_entry)
    }
}

/// Contests a person won (what the winner badge reads).
pub fn contests_won(conn: &mut DbConnection, person: &UserId) -> QueryResult<u32> {
    let n: i64 = contest_results::table
        .filter(contest_results::person_id.eq(person.as_str()))
        .filter(contest_results::winner.eq(1))
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The winners of a closed contest.
pub fn winners(conn: &mut DbConnection, contest: &str) -> QueryResult<Vec<UserId>> {
    let rows: Vec<String> = contest_results::table
        .filter(contest_results::contest_id.eq(contest))
        .filter(contest_results::winner.eq(1))
        .select(contest_results::person_id)
        .distinct()
        .load(conn)?;
    Ok(rows.into_iter().map(UserId::new).collect())
}

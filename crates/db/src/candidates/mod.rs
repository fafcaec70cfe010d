//! Step 2 storage, finding ambassadors: candidacies with their history and covered sites,
//! nominations, field observations, scoring weights, and the counts that the ranking and
//! the coverage read. Every query is confined to a tenant.

pub mod schema;

use self::schema::{
    ambassador_sites, candidacies, candidacy_changes, candidate_weights, field_observations, nominations,
};
use crate::directory::schema::work_facts;
use crate::schema::users;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::candidates::{
    CandidacyId, CandidacyState, NominationId, NominationKind, NominationStatus, ObservationId,
};
use relais_domain::directory::{ManagementLevel, SiteId};
use relais_domain::identity::Role;
use relais_domain::ids::{ProgrammeId, Tenant, UserId};
use std::collections::HashMap;

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = candidacies)]
pub struct CandidacyRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: CandidacyId,
    pub organisation_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub programme_id: ProgrammeId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub person_id: UserId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: CandidacyState,
    pub role_description: Option<String>,
    pub decline_reason: Option<String>,
    pub invited_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = candidacy_changes)]
pub struct ChangeRow {
    pub id: String,
    pub organisation_id: String,
    pub candidacy_id: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub actor_id: Option<String>,
    pub note: String,
    pub occurred_at: NaiveDateTime,
}

impl CandidacyRow {
    pub fn new(tenant: &Tenant, programme: &ProgrammeId, person: &UserId, now: DateTime<Utc>) -> Self {
        Self {
            id: CandidacyId::generate(),
            organisation_id: tenant.as_str().to_owned(),
            programme_id: programme.clone(),
            person_id: person.clone(),
            state: CandidacyState::Suggested,
            role_description: None,
            decline_reason: None,
            invited_at: None,
            created_at: stored(now),
            updated_at: stored(now),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(candidacies::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &CandidacyId) -> QueryResult<Option<CandidacyRow>> {
        candidacies::table
            .filter(candidacies::organisation_id.eq(tenant.as_str()))
            .filter(candidacies::id.eq(id.as_str()))
            .select(CandidacyRow::as_select())
            .first(conn)
            .optional()
    }

    pub fn find_for(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme: &ProgrammeId,
        person: &UserId,
    ) -> QueryResult<Option<CandidacyRow>> {
        candidacies::table
            .filter(candidacies::organisation_id.eq(tenant.as_str()))
            .filter(candidacies::programme_id.eq(programme.as_str()))
            .filter(candidacies::person_id.eq(person.as_str()))
            .select(CandidacyRow::as_select())
            .first(conn)
            .optional()
    }

    /// A programme's pipeline, oldest first.
    pub fn of_programme(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme: &ProgrammeId,
    ) -> QueryResult<Vec<CandidacyRow>> {
        candidacies::table
            .filter(candidacies::organisation_id.eq(tenant.as_str()))
            .filter(candidacies::programme_id.eq(programme.as_str()))
            .select(CandidacyRow::as_select())
            .order(candidacies::id.asc())
            .load(conn)
    }

    /// A person's candidacies in these states (their invitations, their roles).
    pub fn of_person(
        conn: &mut DbConnection,
        tenant: &Tenant,
        person: &UserId,
        states: &[CandidacyState],
    ) -> QueryResult<Vec<CandidacyRow>> {
        let states: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
        candidacies::table
            .filter(candidacies::organisation_id.eq(tenant.as_str()))
            .filter(candidacies::person_id.eq(person.as_str()))
            .filter(candidacies::state.eq_any(states))
            .select(CandidacyRow::as_select())
            .order(candidacies::id.desc())
            .load(conn)
    }

    /// Moves the candidacy, if it is still in `from` (a concurrent move finds it changed).
    #[expect(clippy::too_many_arguments, reason = "one row's columns, each named")]
    pub fn move_to(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &CandidacyId,
        from: CandidacyState,
        to: CandidacyState,
        role_description: Option<&str>,
        decline_reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let target = candidacies::table
            .filter(candidacies::organisation_id.eq(tenant.as_str()))
            .filter(candidacies::id.eq(id.as_str()))
            .filter(candidacies::state.eq(from.as_str()));
        let changed = if to == CandidacyState::Invited {
            diesel::update(target)
                .set((
                    candidacies::state.eq(to.as_str()),
                    candidacies::role_description.eq(role_description),
                    candidacies::decline_reason.eq(None::<String>),
                    candidacies::invited_at.eq(Some(stored(now))),
                    candidacies::updated_at.eq(stored(now)),
                ))
                .execute(conn)?
        } else if to == CandidacyState::Declined {
            diesel::update(target)
                .set((
                    candidacies::state.eq(to.as_str()),
                    candidacies::decline_reason.eq(decline_reason),
                    candidacies::updated_at.eq(stored(now)),
                ))
                .execute(conn)?
        } else {
            diesel::update(target)
                .set((
                    candidacies::state.eq(to.as_str()),
                    candidacies::updated_at.eq(stored(now)),
                ))
                .execute(conn)?
        };
        Ok(changed == 1)
    }

    /// Records one move in the history.
    #[expect(clippy::too_many_arguments, reason = "one row's columns, each named")]
    pub fn record_change(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &CandidacyId,
        from: Option<CandidacyState>,
        to: CandidacyState,
        actor: Option<&UserId>,
        note: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::insert_into(candidacy_changes::table)
            .values(ChangeRow {
                id: crate::new_id(),
                organisation_id: tenant.as_str().to_owned(),
                candidacy_id: id.as_str().to_owned(),
                from_state: from.map(|s| s.as_str().to_owned()),
                to_state: to.as_str().to_owned(),
                actor_id: actor.map(|a| a.as_str().to_owned()),
                note: note.to_owned(),
                occurred_at: stored(now),
            })
            .execute(conn)
            .map(|_| ())
    }

    /// The history of a candidacy, oldest first, with the actor's name.
    pub fn history(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &CandidacyId,
    ) -> QueryResult<Vec<(ChangeRow, Option<String>)>> {
        candidacy_changes::table
            .left_join(users::table.on(users::id.nullable().eq(candidacy_changes::actor_id)))
            .filter(candidacy_changes::organisation_id.eq(tenant.as_str()))
            .filter(candidacy_changes::candidacy_id.eq(id.as_str()))
            .select((ChangeRow::as_select(), users::display_name.nullable()))
            .order((candidacy_changes::occurred_at.asc(), candidacy_changes::id.asc()))
            .load(conn)
    }

    /// The sites the candidacy covers.
    pub fn sites(conn: &mut DbConnection, tenant: &Tenant, id: &CandidacyId) -> QueryResult<Vec<SiteId>> {
        let ids: Vec<String> = ambassador_sites::table
            .filter(ambassador_sites::organisation_id.eq(tenant.as_str()))
            .filter(ambassador_sites::candidacy_id.eq(id.as_str()))
            .select(ambassador_sites::site_id)
            .load(conn)?;
        Ok(ids.into_iter().map(SiteId::new).collect())
    }

    pub fn set_sites(conn: &mut DbConnection, tenant: &Tenant, id: &CandidacyId, sites: &[SiteId]) -> QueryResult<()> {
        diesel::delete(ambassador_sites::table.filter(ambassador_sites::candidacy_id.eq(id.as_str()))).execute(conn)?;
        for site in sites {
            diesel::insert_into(ambassador_sites::table)
                .values((
                    ambassador_sites::candidacy_id.eq(id.as_str()),
                    ambassador_sites::site_id.eq(site.as_str()),
                    ambassador_sites::organisation_id.eq(tenant.as_str()),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    /// Each person's state in the programme's pipeline.
    pub fn states(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme: &ProgrammeId,
    ) -> QueryResult<HashMap<String, CandidacyState>> {
        let rows: Vec<(String, String)> = candidacies::table
            .filter(candidacies::organisation_id.eq(tenant.as_str()))
            .filter(candidacies::programme_id.eq(programme.as_str()))
            .select((candidacies::person_id, candidacies::state))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .filter_map(|(person, state)| CandidacyState::parse(&state).map(|s| (person, s)))
            .collect())
    }
}

/// Sets the person's role after a move: ambassador while some candidacy makes them one,
/// learner again otherwise. Admins keep their role.
pub fn settle_role(conn: &mut DbConnection, tenant: &Tenant, person: &UserId, now: DateTime<Utc>) -> QueryResult<Role> {
    let holding: i64 = candidacies::table
        .filter(candidacies::organisation_id.eq(tenant.as_str()))
        .filter(candidacies::person_id.eq(person.as_str()))
        .filter(candidacies::state.eq_any([CandidacyState::Accepted.as_str(), CandidacyState::Active.as_str()]))
        .count()
        .get_result(conn)?;
    let role: String = users::table
        .filter(users::organisation_id.eq(tenant.as_str()))
        .filter(users::id.eq(person.as_str()))
        .select(users::role)
        .first(conn)?;
    let current = Role::parse(&role).unwrap_or(Role::Learner);
    let wanted = match (current, holding > 0) {
        (Role::Admin, _) => Role::Admin,
        (_, true) => Role::Ambassador,
        (_, false) => Role::Learner,
    };
    if wanted != current {
        diesel::update(
            users::table
                .filter(users::organisation_id.eq(tenant.as_str()))
                .filter(users::id.eq(person.as_str())),
        )
        .set((users::role.eq(wanted.as_str()), users::updated_at.eq(stored(now))))
        .execute(conn)?;
    }
    Ok(wanted)
}

// ----- Nominations -----

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = nominations)]
pub struct NominationRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: NominationId,
    pub organisation_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub programme_id: ProgrammeId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub kind: NominationKind,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub nominator_id: UserId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub nominee_id: UserId,
    pub reason: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: NominationStatus,
    pub created_at: NaiveDateTime,
    pub reviewed_at: Option<NaiveDateTime>,
}

impl NominationRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(nominations::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &NominationId) -> QueryResult<Option<NominationRow>> {
        nominations::table
            .filter(nominations::organisation_id.eq(tenant.as_str()))
            .filter(nominations::id.eq(id.as_str()))
            .select(NominationRow::as_select())
            .first(conn)
            .optional()
    }

    /// The inbox: newest first.
    pub fn list(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme: Option<&ProgrammeId>,
        status: NominationStatus,
        after: Option<&NominationId>,
        limit: i64,
    ) -> QueryResult<Vec<NominationRow>> {
        let mut query = nominations::table
            .filter(nominations::organisation_id.eq(tenant.as_str().to_owned()))
            .filter(nominations::status.eq(status.as_str()))
            .select(NominationRow::as_select())
            .order(nominations::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(programme) = programme {
            query = query.filter(nominations::programme_id.eq(programme.as_str().to_owned()));
        }
        if let Some(after) = after {
            query = query.filter(nominations::id.lt(after.as_str().to_owned()));
        }
        query.load(conn)
    }

    /// What one person nominated (or applied for), newest first.
    pub fn by_nominator(
        conn: &mut DbConnection,
        tenant: &Tenant,
        nominator: &UserId,
    ) -> QueryResult<Vec<NominationRow>> {
        nominations::table
            .filter(nominations::organisation_id.eq(tenant.as_str()))
            .filter(nominations::nominator_id.eq(nominator.as_str()))
            .select(NominationRow::as_select())
            .order(nominations::id.desc())
            .limit(200)
            .load(conn)
    }

    pub fn set_status(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &NominationId,
        status: NominationStatus,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            nominations::table
                .filter(nominations::organisation_id.eq(tenant.as_str()))
                .filter(nominations::id.eq(id.as_str())),
        )
        .set((
            nominations::status.eq(status.as_str()),
            nominations::reviewed_at.eq(Some(stored(now))),
        ))
        .execute(conn)
    }

    /// When each nominee of the programme was put forward (open or retained ones), for
    /// the score.
    pub fn dates_by_nominee(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme: &ProgrammeId,
    ) -> QueryResult<HashMap<String, Vec<NaiveDateTime>>> {
        let rows: Vec<(String, NaiveDateTime)> = nominations::table
            .filter(nominations::organisation_id.eq(tenant.as_str()))
            .filter(nominations::programme_id.eq(programme.as_str()))
            .filter(nominations::status.ne(NominationStatus::Dismissed.as_str()))
            .select((nominations::nominee_id, nominations::created_at))
            .load(conn)?;
        let mut dates: HashMap<String, Vec<NaiveDateTime>> = HashMap::new();
        for (nominee, at) in rows {
            dates.entry(nominee).or_default().push(at);
        }
        Ok(dates)
    }
}

// ----- Field observations -----

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = field_observations)]
pub struct ObservationRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: ObservationId,
    pub organisation_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub person_id: UserId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub author_id: UserId,
    pub rating: i32,
    pub note: String,
    pub created_at: NaiveDateTime,
}

impl ObservationRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(field_observations::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &ObservationId) -> QueryResult<usize> {
        diesel::delete(
            field_observations::table
                .filter(field_observations::organisation_id.eq(tenant.as_str()))
                .filter(field_observations::id.eq(id.as_str())),
        )
        .execute(conn)
    }

    /// A person's observations, newest first, with their author's name.
    pub fn of_person(
        conn: &mut DbConnection,
        tenant: &Tenant,
        person: &UserId,
    ) -> QueryResult<Vec<(ObservationRow, String)>> {
        field_observations::table
            .inner_join(users::table.on(users::id.eq(field_observations::author_id)))
            .filter(field_observations::organisation_id.eq(tenant.as_str()))
            .filter(field_observations::person_id.eq(person.as_str()))
            .select((ObservationRow::as_select(), users::display_name))
            .order(field_observations::id.desc())
            .load(conn)
    }

    /// Every observation's rating and date, by person, for the score.
    pub fn ratings_by_person(
        conn: &mut DbConnection,
        tenant: &Tenant,
    ) -> QueryResult<HashMap<String, Vec<(i32, NaiveDateTime)>>> {
        let rows: Vec<(String, i32, NaiveDateTime)> = field_observations::table
            .filter(field_observations::organisation_id.eq(tenant.as_str()))
            .select((
                field_observations::person_id,
                field_observations::rating,
                field_observations::created_at,
            ))
            .load(conn)?;
        let mut ratings: HashMap<String, Vec<(i32, NaiveDateTime)>> = HashMap::new();
        for (person, rating, at) in rows {
            ratings.entry(person).or_default().push((rating, at));
        }
        Ok(ratings)
    }
}

// ----- Weights -----

/// A programme's weights as stored (JSON), if they were ever set.
pub fn weights_json(conn: &mut DbConnection, tenant: &Tenant, programme: &ProgrammeId) -> QueryResult<Option<String>> {
    candidate_weights::table
        .filter(candidate_weights::organisation_id.eq(tenant.as_str()))
        .filter(candidate_weights::programme_id.eq(programme.as_str()))
        .select(candidate_weights::weights)
        .first(conn)
        .optional()
}

pub fn set_weights_json(
    conn: &mut DbConnection,
    tenant: &Tenant,
    programme: &ProgrammeId,
    json: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(candidate_weights::table.filter(candidate_weights::programme_id.eq(programme.as_str())))
        .execute(conn)?;
    diesel::insert_into(candidate_weights::table)
        .values((
            candidate_weights::programme_id.eq(programme.as_str()),
            candidate_weights::organisation_id.eq(tenant.as_str()),
            candidate_weights::weights.eq(json),
            candidate_weights::updated_at.eq(stored(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

// ----- What the ranking and the coverage read -----

/// One active person as the ranking reads them.
#[derive(Clone, Debug)]
pub struct PersonFacts {
    pub id: String,
    pub display_name: String,
    pub role: Role,
    pub job_title: String,
    pub level: ManagementLevel,
    pub site_id: Option<String>,
    pub manager_id: Option<String>,
}

/// Every active person of the tenant with their work facts.
pub fn active_people(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<PersonFacts>> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = users::table
        .left_join(work_facts::table.on(work_facts::user_id.eq(users::id)))
        .filter(users::organisation_id.eq(tenant.as_str()))
        .filter(users::active.eq(1))
        .select((
            users::id,
            users::display_name,
            users::role,
            work_facts::job_title.nullable(),
            work_facts::management_level.nullable(),
            work_facts::site_id.nullable(),
            work_facts::manager_id.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, display_name, role, title, level, site_id, manager_id)| PersonFacts {
                id,
                display_name,
                role: Role::parse(&role).unwrap_or(Role::Learner),
                job_title: title.unwrap_or_default(),
                level: level
                    .and_then(|l| ManagementLevel::parse(&l))
                    .unwrap_or(ManagementLevel::None),
                site_id,
                manager_id,
            },
        )
        .collect())
}

/// Learners and active ambassadors of each site, counted from the active people (their own
/// site) and the sites named in accepted or active candidacies. One rule for the ranking's
/// coverage need, the coverage screen and the W3 metric.
#[derive(Debug, Default)]
pub struct SiteTally {
    pub learners: HashMap<String, u32>,
    /// Each site's ambassadors, each person once.
    pub ambassadors: HashMap<String, Vec<String>>,
}

impl SiteTally {
    pub fn learners(&self, site: &str) -> u32 {
        self.learners.get(site).copied().unwrap_or(0)
    }

    pub fn ambassadors(&self, site: &str) -> u32 {
        self.ambassadors.get(site).map_or(0, |p| p.len() as u32)
    }
}

/// Count `people` (the tenant's active people, as `active_people` reads them) per site.
pub fn site_tally(conn: &mut DbConnection, tenant: &Tenant, people: &[PersonFacts]) -> QueryResult<SiteTally> {
    let assigned: Vec<(String, String)> = ambassador_sites::table
        .inner_join(candidacies::table)
        .inner_join(users::table.on(users::id.eq(candidacies::person_id)))
        .filter(ambassador_sites::organisation_id.eq(tenant.as_str()))
        .filter(candidacies::state.eq_any([CandidacyState::Accepted.as_str(), CandidacyState::Active.as_str()]))
        .filter(users::active.eq(1))
        .filter(users::role.eq(Role::Ambassador.as_str()))
        .select((ambassador_sites::site_id, candidacies::person_id))
        .load(conn)?;
    let mut tally = SiteTally::default();
    for person in people {
        match (person.role, &person.site_id) {
            (Role::Learner, Some(site)) => *tally.learners.entry(site.clone()).or_default() += 1,
            (Role::Ambassador, Some(site)) => tally
                .ambassadors
                .entry(site.clone())
                .or_default()
                .push(person.id.clone()),
            _ => {}
        }
    }
    for (site, person) in assigned {
        let people = tally.ambassadors.entry(site).or_default();
        if !people.contains(&person) {
            people.push(person);
        }
    }
    Ok(tally)
}

/// Active or not, the people listing this expertise domain.
pub fn people_with_domain(
    conn: &mut DbConnection,
    tenant: &Tenant,
    domain: &relais_domain::directory::DomainId,
) -> QueryResult<Vec<String>> {
    use crate::directory::schema::person_domains;
    person_domains::table
        .filter(person_domains::organisation_id.eq(tenant.as_str()))
        .filter(person_domains::domain_id.eq(domain.as_str()))
        .select(person_domains::user_id)
        .load(conn)
}

/// Share of sites with learners covered by enough active ambassadors (one per
/// `per_ambassador` learners), 0–100; none without such sites. Read as the directory and
/// the roles stand now.
pub fn covered_site_share(conn: &mut DbConnection, tenant: &Tenant, per_ambassador: u32) -> QueryResult<Option<f64>> {
    use crate::directory::schema::sites;
    let people = active_people(conn, tenant)?;
    let tally = site_tally(conn, tenant, &people)?;
    let site_ids: Vec<String> = sites::table
        .filter(sites::organisation_id.eq(tenant.as_str()))
        .select(sites::id)
        .load(conn)?;
    let mut with_learners = 0u32;
    let mut covered = 0u32;
    for site in site_ids {
        match relais_domain::candidates::coverage::status(
            tally.learners(&site),
            tally.ambassadors(&site),
            per_ambassador,
        ) {
            relais_domain::candidates::coverage::CoverageStatus::NoLearners => {}
            relais_domain::candidates::coverage::CoverageStatus::Covered => {
                with_learners += 1;
                covered += 1;
            }
            _ => with_learners += 1,
        }
    }
    Ok((with_learners > 0).then(|| 100.0 * f64::from(covered) / f64::from(with_learners)))
}

//! Step 2 storage, the people directory: regions, sites, expertise domains, work facts, and
//! HR imports (the snapshot a plan compares with, and the plan's application). Every query
//! is confined to a tenant.

pub mod schema;

use self::schema::{directory_imports, expertise_domains, person_domains, regions, sites, work_facts};
use crate::identity::{like_pattern, lower, UserRow};
use crate::schema::users;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::directory::import::{
    name_key, DirectorySnapshot, ExistingPerson, ImportPlan, ImportState, ManagerRef,
};
use relais_domain::directory::{
    DirectoryEntry, DomainId, DomainRef, ExpertiseDomain, ImportId, ManagementLevel, PersonRef, Region, RegionId, Site,
    SiteId, SiteKind, SiteRef, WorkFacts, WorkPattern,
};
use relais_domain::identity::Role;
use relais_domain::ids::{Tenant, UserId};
use std::collections::HashMap;

/// Rows written per statement: under SQLite's 32,766 bound parameters at 9 columns a row.
const CHUNK: usize = 500;

// ----- Regions -----

pub struct RegionRows;

impl RegionRows {
    /// The tenant's regions by name, with how many sites each holds.
    pub fn list(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<Region>> {
        let rows: Vec<(String, String)> = regions::table
            .filter(regions::organisation_id.eq(tenant.as_str()))
            .select((regions::id, regions::name))
            .order(regions::name_key.asc())
            .load(conn)?;
        let counts: Vec<(String, i64)> = sites::table
            .filter(sites::organisation_id.eq(tenant.as_str()))
            .group_by(sites::region_id)
            .select((sites::region_id, diesel::dsl::count_star()))
            .load(conn)?;
        let counts: HashMap<String, i64> = counts.into_iter().collect();
        Ok(rows
            .into_iter()
            .map(|(id, name)| Region {
                sites: counts.get(&id).copied().unwrap_or(0) as u32,
                id: RegionId::new(id),
                name,
            })
            .collect())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &RegionId) -> QueryResult<Option<Region>> {
        Ok(Self::list(conn, tenant)?.into_iter().find(|r| &r.id == id))
    }

    pub fn insert(conn: &mut DbConnection, tenant: &Tenant, name: &str, now: DateTime<Utc>) -> QueryResult<RegionId> {
        let id = RegionId::generate();
        diesel::insert_into(regions::table)
            .values((
                regions::id.eq(id.as_str()),
                regions::organisation_id.eq(tenant.as_str()),
                regions::name.eq(name),
                regions::name_key.eq(name_key(name)),
                regions::created_at.eq(stored(now)),
                regions::updated_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(id)
    }

    pub fn rename(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &RegionId,
        name: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            regions::table
                .filter(regions::organisation_id.eq(tenant.as_str()))
                .filter(regions::id.eq(id.as_str())),
        )
        .set((
            regions::name.eq(name),
            regions::name_key.eq(name_key(name)),
            regions::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &RegionId) -> QueryResult<usize> {
        diesel::delete(
            regions::table
                .filter(regions::organisation_id.eq(tenant.as_str()))
                .filter(regions::id.eq(id.as_str())),
        )
        .execute(conn)
    }
}

// ----- Sites -----

pub struct SiteRows;

impl SiteRows {
    /// The tenant's sites by name, with their region and how many active people work there.
    pub fn list(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<Site>> {
        let rows: Vec<(String, String, String, String, String)> = sites::table
            .inner_join(regions::table)
            .filter(sites::organisation_id.eq(tenant.as_str()))
            .select((sites::id, sites::name, sites::kind, sites::region_id, regions::name))
            .order(sites::name_key.asc())
            .load(conn)?;
        let counts: Vec<(Option<String>, i64)> = work_facts::table
            .inner_join(users::table.on(users::id.eq(work_facts::user_id)))
            .filter(work_facts::organisation_id.eq(tenant.as_str()))
            .filter(users::active.eq(1))
            .filter(work_facts::site_id.is_not_null())
            .group_by(work_facts::site_id)
            .select((work_facts::site_id, diesel::dsl::count_star()))
            .load(conn)?;
        let counts: HashMap<String, i64> = counts.into_iter().filter_map(|(s, n)| s.map(|s| (s, n))).collect();
        Ok(rows
            .into_iter()
            .map(|(id, name, kind, region_id, region_name)| Site {
                people: counts.get(&id).copied().unwrap_or(0) as u32,
                id: SiteId::new(id),
                name,
                kind: SiteKind::parse(&kind).unwrap_or(SiteKind::Store),
                region_id: RegionId::new(region_id),
                region_name,
            })
            .collect())
    }

    /// The tenant's sites as people's entries name them (no counts: read on every search).
    pub fn refs(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<HashMap<SiteId, SiteRef>> {
        let rows: Vec<(String, String, String, String, String)> = sites::table
            .inner_join(regions::table)
            .filter(sites::organisation_id.eq(tenant.as_str()))
            .select((sites::id, sites::name, sites::kind, sites::region_id, regions::name))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, kind, region_id, region_name)| {
                let id = SiteId::new(id);
                let reference = SiteRef {
                    id: id.clone(),
                    name,
                    kind: SiteKind::parse(&kind).unwrap_or(SiteKind::Store),
                    region_id: RegionId::new(region_id),
                    region_name,
                };
                (id, reference)
            })
            .collect())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &SiteId) -> QueryResult<Option<Site>> {
        Ok(Self::list(conn, tenant)?.into_iter().find(|s| &s.id == id))
    }

    pub fn insert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        name: &str,
        kind: SiteKind,
        region: &RegionId,
        now: DateTime<Utc>,
    ) -> QueryResult<SiteId> {
        let id = SiteId::generate();
        diesel::insert_into(sites::table)
            .values((
                sites::id.eq(id.as_str()),
                sites::organisation_id.eq(tenant.as_str()),
                sites::region_id.eq(region.as_str()),
                sites::name.eq(name),
                sites::name_key.eq(name_key(name)),
                sites::kind.eq(kind.as_str()),
                sites::created_at.eq(stored(now)),
                sites::updated_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(id)
    }

    pub fn update(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &SiteId,
        name: &str,
        kind: SiteKind,
        region: &RegionId,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            sites::table
                .filter(sites::organisation_id.eq(tenant.as_str()))
                .filter(sites::id.eq(id.as_str())),
        )
        .set((
            sites::name.eq(name),
            sites::name_key.eq(name_key(name)),
            sites::kind.eq(kind.as_str()),
            sites::region_id.eq(region.as_str()),
            sites::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    /// People placed at the site, active or not.
    pub fn people(conn: &mut DbConnection, tenant: &Tenant, id: &SiteId) -> QueryResult<i64> {
        work_facts::table
            .filter(work_facts::organisation_id.eq(tenant.as_str()))
            .filter(work_facts::site_id.eq(id.as_str()))
            .count()
            .get_result(conn)
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &SiteId) -> QueryResult<usize> {
        diesel::delete(
            sites::table
                .filter(sites::organisation_id.eq(tenant.as_str()))
                .filter(sites::id.eq(id.as_str())),
        )
        .execute(conn)
    }
}

// ----- Expertise domains -----

pub struct DomainRows;

impl DomainRows {
    /// The tenant's domains by name, with how many active people list each.
    pub fn list(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<ExpertiseDomain>> {
        let rows: Vec<(String, String)> = expertise_domains::table
            .filter(expertise_domains::organisation_id.eq(tenant.as_str()))
            .select((expertise_domains::id, expertise_domains::name))
            .order(expertise_domains::name_key.asc())
            .load(conn)?;
        let counts: Vec<(String, i64)> = person_domains::table
            .inner_join(users::table.on(users::id.eq(person_domains::user_id)))
            .filter(person_domains::organisation_id.eq(tenant.as_str()))
            .filter(users::active.eq(1))
            .group_by(person_domains::domain_id)
            .select((person_domains::domain_id, diesel::dsl::count_star()))
            .load(conn)?;
        let counts: HashMap<String, i64> = counts.into_iter().collect();
        Ok(rows
            .into_iter()
            .map(|(id, name)| ExpertiseDomain {
                people: counts.get(&id).copied().unwrap_or(0) as u32,
                id: DomainId::new(id),
                name,
            })
            .collect())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &DomainId) -> QueryResult<Option<ExpertiseDomain>> {
        Ok(Self::list(conn, tenant)?.into_iter().find(|d| &d.id == id))
    }

    pub fn insert(conn: &mut DbConnection, tenant: &Tenant, name: &str, now: DateTime<Utc>) -> QueryResult<DomainId> {
        let id = DomainId::generate();
        diesel::insert_into(expertise_domains::table)
            .values((
                expertise_domains::id.eq(id.as_str()),
                expertise_domains::organisation_id.eq(tenant.as_str()),
                expertise_domains::name.eq(name),
                expertise_domains::name_key.eq(name_key(name)),
                expertise_domains::created_at.eq(stored(now)),
            ))
            .execute(conn)?;
        Ok(id)
    }

    pub fn rename(conn: &mut DbConnection, tenant: &Tenant, id: &DomainId, name: &str) -> QueryResult<usize> {
        diesel::update(
            expertise_domains::table
                .filter(expertise_domains::organisation_id.eq(tenant.as_str()))
                .filter(expertise_domains::id.eq(id.as_str())),
        )
        .set((
            expertise_domains::name.eq(name),
            expertise_domains::name_key.eq(name_key(name)),
        ))
        .execute(conn)
    }

    /// Deletes the domain and takes it off everyone who listed it.
    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &DomainId) -> QueryResult<usize> {
        diesel::delete(
            person_domains::table
                .filter(person_domains::organisation_id.eq(tenant.as_str()))
                .filter(person_domains::domain_id.eq(id.as_str())),
        )
        .execute(conn)?;
        diesel::delete(
            expertise_domains::table
                .filter(expertise_domains::organisation_id.eq(tenant.as_str()))
                .filter(expertise_domains::id.eq(id.as_str())),
        )
        .execute(conn)
    }
}

// ----- People -----

/// One person's row as the directory reads it: the account and, when set, its work facts.
type PersonColumns = (
    String,
    String,
    String,
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The directory's filters (Lemmy's `…Query` pattern): by name, then id.
#[derive(Clone, Debug, Default)]
pub struct DirectorySearch<'a> {
    pub search: Option<&'a str>,
    pub region: Option<&'a RegionId>,
    pub site: Option<&'a SiteId>,
    pub domain: Option<&'a DomainId>,
    pub level: Option<ManagementLevel>,
    pub include_inactive: bool,
    pub after: Option<&'a UserId>,
    pub limit: i64,
}

impl DirectorySearch<'_> {
    pub fn list(&self, conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<Vec<DirectoryEntry>> {
        let mut query = users::table
            .left_join(work_facts::table.on(work_facts::user_id.eq(users::id)))
            .left_join(sites::table.on(sites::id.nullable().eq(work_facts::site_id)))
            .filter(users::organisation_id.eq(tenant.as_str().to_owned()))
            .select(person_columns())
            .order((users::display_name.asc(), users::id.asc()))
            .limit(self.limit)
            .into_boxed();
        if !self.include_inactive {
            query = query.filter(users::active.eq(1));
        }
        if let Some(search) = self.search {
            let pattern = like_pattern(search);
            query = query.filter(
                lower(users::display_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(users::email).like(pattern.clone()).escape('\\'))
                    .or(lower(work_facts::job_title.assume_not_null())
                        .like(pattern)
                        .escape('\\')),
            );
        }
        if let Some(site) = self.site {
            query = query.filter(work_facts::site_id.eq(site.as_str().to_owned()));
        }
        if let Some(region) = self.region {
            query = query.filter(sites::region_id.eq(region.as_str().to_owned()));
        }
        if let Some(level) = self.level {
            query = if level == ManagementLevel::None {
                query.filter(
                    work_facts::management_level
                        .is_null()
                        .or(work_facts::management_level.eq(level.as_str()).assume_not_null()),
                )
            } else {
                query.filter(work_facts::management_level.eq(level.as_str()))
            };
        }
        if let Some(domain) = self.domain {
            let listing = person_domains::table
                .filter(person_domains::domain_id.eq(domain.as_str().to_owned()))
                .select(person_domains::user_id);
            query = query.filter(users::id.eq_any(listing));
        }
        if let Some(after) = self.after {
            let name: Option<String> = users::table
                .filter(users::organisation_id.eq(tenant.as_str()))
                .filter(users::id.eq(after.as_str()))
                .select(users::display_name)
                .first(conn)
                .optional()?;
            let name = name.unwrap_or_default();
            query = query.filter(
                users::display_name.gt(name.clone()).or(users::display_name
                    .eq(name)
                    .and(users::id.gt(after.as_str().to_owned()))),
            );
        }
        let rows: Vec<PersonColumns> = query.load(conn)?;
        entries(conn, tenant, rows)
    }
}

/// The columns of `PersonColumns`, from users left-joined to their work facts.
type PersonSelection = (
    users::id,
    users::display_name,
    users::email,
    users::active,
    diesel::dsl::Nullable<work_facts::job_title>,
    diesel::dsl::Nullable<work_facts::management_level>,
    diesel::dsl::Nullable<work_facts::work_pattern>,
    diesel::dsl::Nullable<work_facts::site_id>,
    diesel::dsl::Nullable<work_facts::hr_id>,
    diesel::dsl::Nullable<work_facts::manager_id>,
);

fn person_columns() -> PersonSelection {
    (
        users::id,
        users::display_name,
        users::email,
        users::active,
        work_facts::job_title.nullable(),
        work_facts::management_level.nullable(),
        work_facts::work_pattern.nullable(),
        work_facts::site_id.nullable(),
        work_facts::hr_id.nullable(),
        work_facts::manager_id.nullable(),
    )
}

/// Entries of these rows, with their sites and domains read once for all of them.
fn entries(conn: &mut DbConnection, tenant: &Tenant, rows: Vec<PersonColumns>) -> QueryResult<Vec<DirectoryEntry>> {
    let sites = SiteRows::refs(conn, tenant)?;
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut domains: HashMap<String, Vec<DomainRef>> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let listed: Vec<(String, String, String)> = person_domains::table
            .inner_join(expertise_domains::table)
            .filter(person_domains::user_id.eq_any(chunk))
            .select((person_domains::user_id, expertise_domains::id, expertise_domains::name))
            .order(expertise_domains::name_key.asc())
            .load(conn)?;
        for (user, id, name) in listed {
            domains.entry(user).or_default().push(DomainRef {
                id: DomainId::new(id),
                name,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, display_name, email, active, title, level, pattern, site, _, _)| DirectoryEntry {
                domains: domains.remove(&id).unwrap_or_default(),
                id: UserId::new(id),
                display_name,
                email,
                job_title: title.unwrap_or_default(),
                management_level: level
                    .and_then(|l| ManagementLevel::parse(&l))
                    .unwrap_or(ManagementLevel::None),
                work_pattern: pattern
                    .and_then(|p| WorkPattern::parse(&p))
                    .unwrap_or(WorkPattern::Office),
                site: site.and_then(|s| sites.get(&SiteId::new(s))).map(|s| SiteRef {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    kind: s.kind,
                    region_id: s.region_id.clone(),
                    region_name: s.region_name.clone(),
                }),
                active: active == 1,
            },
        )
        .collect())
}

/// A person with what their page shows besides their entry.
pub struct PersonRecord {
    pub entry: DirectoryEntry,
    pub hr_id: Option<String>,
    pub manager_id: Option<UserId>,
    pub can_sign_in: bool,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    count: i64,
}

pub struct People;

/// People a list mentions, by id (`People::by_id`).
pub struct Named(HashMap<UserId, PersonRef>);

impl Named {
    /// The person, or their id with no name when they are not found.
    pub fn named(&self, id: &UserId) -> PersonRef {
        self.0.get(id).cloned().unwrap_or_else(|| PersonRef {
            id: id.clone(),
            display_name: String::new(),
            job_title: String::new(),
        })
    }

    pub fn get(&self, id: &UserId) -> Option<&PersonRef> {
        self.0.get(id)
    }
}

impl People {
    /// One person of the tenant; another tenant's id finds nothing.
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &UserId) -> QueryResult<Option<PersonRecord>> {
        let row: Option<PersonColumns> = users::table
            .left_join(work_facts::table.on(work_facts::user_id.eq(users::id)))
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::id.eq(id.as_str()))
            .select(person_columns())
            .first(conn)
            .optional()?;
        let Some(row) = row else { return Ok(None) };
        let (hr_id, manager_id) = (row.8.clone(), row.9.clone());
        let hash: String = users::table
            .filter(users::id.eq(id.as_str()))
            .select(users::password_hash)
            .first(conn)?;
        let entry = entries(conn, tenant, vec![row])?.pop();
        Ok(entry.map(|entry| PersonRecord {
            entry,
            hr_id,
            manager_id: manager_id.map(UserId::new),
            can_sign_in: !hash.is_empty(),
        }))
    }

    /// These people by id, each read once whatever the repeats; someone no longer found
    /// (another tenant's id) is left out, and `named` gives them an empty name.
    pub fn by_id(
        conn: &mut DbConnection,
        tenant: &Tenant,
        ids: impl IntoIterator<Item = UserId>,
    ) -> QueryResult<Named> {
        let mut ids: Vec<UserId> = ids.into_iter().collect();
        ids.sort();
        ids.dedup();
        Ok(Named(
            Self::refs(conn, tenant, &ids)?
                .into_iter()
                .map(|person| (person.id.clone(), person))
                .collect(),
        ))
    }

    /// Name and title of these people, in the order asked.
    pub fn refs(conn: &mut DbConnection, tenant: &Tenant, ids: &[UserId]) -> QueryResult<Vec<PersonRef>> {
        let wanted: Vec<&str> = ids.iter().map(UserId::as_str).collect();
        let rows: Vec<(String, String, Option<String>)> = users::table
            .left_join(work_facts::table.on(work_facts::user_id.eq(users::id)))
            .filter(users::organisation_id.eq(tenant.as_str()))
            .filter(users::id.eq_any(&wanted))
            .select((users::id, users::display_name, work_facts::job_title.nullable()))
            .load(conn)?;
        Ok(ids
            .iter()
            .filter_map(|id| rows.iter().find(|r| r.0 == id.as_str()))
            .map(|(id, name, title)| PersonRef {
                id: UserId::new(id.clone()),
                display_name: name.clone(),
                job_title: title.clone().unwrap_or_default(),
            })
            .collect())
    }

    /// Active people whose manager is `id`, by name.
    pub fn direct_reports(conn: &mut DbConnection, tenant: &Tenant, id: &UserId) -> QueryResult<Vec<PersonRef>> {
        let rows: Vec<(String, String, String)> = work_facts::table
            .inner_join(users::table.on(users::id.eq(work_facts::user_id)))
            .filter(work_facts::organisation_id.eq(tenant.as_str()))
            .filter(work_facts::manager_id.eq(id.as_str()))
            .filter(users::active.eq(1))
            .select((users::id, users::display_name, work_facts::job_title))
            .order(users::display_name.asc())
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, display_name, job_title)| PersonRef {
                id: UserId::new(id),
                display_name,
                job_title,
            })
            .collect())
    }

    /// Active people under `id`, all levels down. `UNION` (not `ALL`) ends at a loop.
    pub fn team_size(conn: &mut DbConnection, tenant: &Tenant, id: &UserId) -> QueryResult<i64> {
        let sql = crate::numbered_parameters(
            conn,
            "WITH RECURSIVE team(id) AS ( \
               SELECT w.user_id FROM work_facts w WHERE w.manager_id = $1 AND w.organisation_id = $2 \
               UNION \
               SELECT w.user_id FROM work_facts w JOIN team t ON w.manager_id = t.id \
             ) \
             SELECT COUNT(*) AS count FROM team JOIN users u ON u.id = team.id WHERE u.active = 1",
        );
        let counted: Count = diesel::sql_query(sql)
            .bind::<diesel::sql_types::Text, _>(id.as_str())
            .bind::<diesel::sql_types::Text, _>(tenant.as_str())
            .get_result(conn)?;
        Ok(counted.count)
    }

    /// The person's manager, if any.
    pub fn manager_of(conn: &mut DbConnection, tenant: &Tenant, id: &UserId) -> QueryResult<Option<UserId>> {
        let manager: Option<Option<String>> = work_facts::table
            .filter(work_facts::organisation_id.eq(tenant.as_str()))
            .filter(work_facts::user_id.eq(id.as_str()))
            .select(work_facts::manager_id)
            .first(conn)
            .optional()?;
        Ok(manager.flatten().map(UserId::new))
    }

    /// Who holds this HR id in the tenant.
    pub fn with_hr_id(conn: &mut DbConnection, tenant: &Tenant, hr_id: &str) -> QueryResult<Option<UserId>> {
        let found: Option<String> = work_facts::table
            .filter(work_facts::organisation_id.eq(tenant.as_str()))
            .filter(work_facts::hr_id.eq(hr_id))
            .select(work_facts::user_id)
            .first(conn)
            .optional()?;
        Ok(found.map(UserId::new))
    }

    /// Replaces a person's work facts and domains.
    pub fn set_work_facts(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &UserId,
        facts: &WorkFacts,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        let row = WorkFactsRow {
            user_id: id.as_str().to_owned(),
            organisation_id: tenant.as_str().to_owned(),
            hr_id: facts.hr_id.clone(),
            job_title: facts.job_title.clone(),
            management_level: facts.management_level.as_str().to_owned(),
            manager_id: facts.manager_id.as_ref().map(|m| m.as_str().to_owned()),
            site_id: facts.site_id.as_ref().map(|s| s.as_str().to_owned()),
            work_pattern: facts.work_pattern.as_str().to_owned(),
            updated_at: stored(now),
        };
        replace_work_facts(conn, &[row])?;
        let ids = [id.as_str().to_owned()];
        let domains: Vec<PersonDomainRow> = facts
            .domain_ids
            .iter()
            .map(|d| PersonDomainRow {
                user_id: id.as_str().to_owned(),
                domain_id: d.as_str().to_owned(),
                organisation_id: tenant.as_str().to_owned(),
            })
            .collect();
        replace_domains(conn, &ids, &domains)
    }
}

#[derive(Clone, Debug, Insertable)]
#[diesel(table_name = work_facts)]
struct WorkFactsRow {
    user_id: String,
    organisation_id: String,
    hr_id: Option<String>,
    job_title: String,
    management_level: String,
    manager_id: Option<String>,
    site_id: Option<String>,
    work_pattern: String,
    updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Insertable)]
#[diesel(table_name = person_domains)]
struct PersonDomainRow {
    user_id: String,
    domain_id: String,
    organisation_id: String,
}

/// Deletes then inserts these people's work facts (an upsert both backends write alike).
fn replace_work_facts(conn: &mut DbConnection, rows: &[WorkFactsRow]) -> QueryResult<()> {
    for chunk in rows.chunks(CHUNK) {
        let ids: Vec<&str> = chunk.iter().map(|r| r.user_id.as_str()).collect();
        diesel::delete(work_facts::table.filter(work_facts::user_id.eq_any(&ids))).execute(conn)?;
        match conn {
            DbConnection::Postgresql(pg) => diesel::insert_into(work_facts::table)
                .values(chunk.to_vec())
                .execute(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::insert_into(work_facts::table)
                .values(chunk.to_vec())
                .execute(sqlite)?,
        };
    }
    Ok(())
}

/// Replaces the domains of the people `ids` with `rows`.
fn replace_domains(conn: &mut DbConnection, ids: &[String], rows: &[PersonDomainRow]) -> QueryResult<()> {
    for chunk in ids.chunks(CHUNK) {
        diesel::delete(person_domains::table.filter(person_domains::user_id.eq_any(chunk))).execute(conn)?;
    }
    for chunk in rows.chunks(CHUNK) {
        match conn {
            DbConnection::Postgresql(pg) => diesel::insert_into(person_domains::table)
                .values(chunk.to_vec())
                .execute(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::insert_into(person_domains::table)
                .values(chunk.to_vec())
                .execute(sqlite)?,
        };
    }
    Ok(())
}

// ----- HR imports -----

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = directory_imports)]
pub struct ImportRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: ImportId,
    pub organisation_id: String,
    pub created_by: Option<String>,
    pub file_name: String,
    pub content: String,
    pub deactivate_missing: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: ImportState,
    pub preview: Option<String>,
    pub result: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub applied_at: Option<NaiveDateTime>,
}

/// An import as listed: without the file's content.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = directory_imports)]
pub struct ImportSummaryRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: ImportId,
    pub created_by: Option<String>,
    pub file_name: String,
    pub deactivate_missing: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: ImportState,
    pub preview: Option<String>,
    pub result: Option<String>,
    pub created_at: NaiveDateTime,
    pub applied_at: Option<NaiveDateTime>,
}

impl ImportRow {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(directory_imports::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    /// The import with its file (jobs read it).
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &ImportId) -> QueryResult<Option<ImportRow>> {
        directory_imports::table
            .filter(directory_imports::organisation_id.eq(tenant.as_str()))
            .filter(directory_imports::id.eq(id.as_str()))
            .select(ImportRow::as_select())
            .first(conn)
            .optional()
    }

    /// Moves the import to `state` (asked to apply).
    pub fn set_state(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ImportId,
        state: ImportState,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            directory_imports::table
                .filter(directory_imports::organisation_id.eq(tenant.as_str()))
                .filter(directory_imports::id.eq(id.as_str())),
        )
        .set((
            directory_imports::state.eq(state.as_str()),
            directory_imports::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    pub fn set_preview(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ImportId,
        preview: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            directory_imports::table
                .filter(directory_imports::organisation_id.eq(tenant.as_str()))
                .filter(directory_imports::id.eq(id.as_str())),
        )
        .set((
            directory_imports::state.eq(ImportState::Previewed.as_str()),
            directory_imports::preview.eq(preview),
            directory_imports::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    pub fn set_result(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ImportId,
        state: ImportState,
        result: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        let applied_at = (state == ImportState::Applied).then(|| stored(now));
        diesel::update(
            directory_imports::table
                .filter(directory_imports::organisation_id.eq(tenant.as_str()))
                .filter(directory_imports::id.eq(id.as_str())),
        )
        .set((
            directory_imports::state.eq(state.as_str()),
            directory_imports::result.eq(result),
            directory_imports::applied_at.eq(applied_at),
            directory_imports::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }
}

impl ImportSummaryRow {
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &ImportId) -> QueryResult<Option<ImportSummaryRow>> {
        directory_imports::table
            .filter(directory_imports::organisation_id.eq(tenant.as_str()))
            .filter(directory_imports::id.eq(id.as_str()))
            .select(ImportSummaryRow::as_select())
            .first(conn)
            .optional()
    }

    /// Newest first.
    pub fn list(
        conn: &mut DbConnection,
        tenant: &Tenant,
        after: Option<&ImportId>,
        limit: i64,
    ) -> QueryResult<Vec<ImportSummaryRow>> {
        let mut query = directory_imports::table
            .filter(directory_imports::organisation_id.eq(tenant.as_str().to_owned()))
            .select(ImportSummaryRow::as_select())
            .order(directory_imports::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(directory_imports::id.lt(after.as_str().to_owned()));
        }
        query.load(conn)
    }
}

/// Holds the organisation's directory until the transaction ends, so that two imports of
/// one organisation apply one after the other, each to what the previous one left. SQLite
/// write transactions are already one at a time; PostgreSQL locks the organisation's row.
pub fn lock_directory(conn: &mut DbConnection, tenant: &Tenant) -> QueryResult<()> {
    if let DbConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM organisations WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(tenant.as_str())
            .execute(pg)?;
    }
    Ok(())
}

/// One person's row as the import's snapshot reads it.
type SnapshotColumns = (
    String,
    String,
    String,
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// What a plan compares the file with: the whole directory of the organisation, and which
/// of the file's addresses belong to accounts elsewhere.
pub fn snapshot(
    conn: &mut DbConnection,
    tenant: &Tenant,
    file_emails: &[&str],
    importer: Option<&UserId>,
) -> QueryResult<DirectorySnapshot> {
    let rows: Vec<SnapshotColumns> = users::table
        .left_join(work_facts::table.on(work_facts::user_id.eq(users::id)))
        .left_join(sites::table.on(sites::id.nullable().eq(work_facts::site_id)))
        .filter(users::organisation_id.eq(tenant.as_str()))
        .select((
            users::id,
            users::display_name,
            users::email,
            users::active,
            work_facts::hr_id.nullable(),
            work_facts::job_title.nullable(),
            work_facts::management_level.nullable(),
            work_facts::manager_id.nullable(),
            sites::name.nullable(),
            work_facts::work_pattern.nullable(),
            work_facts::site_id.nullable(),
        ))
        .load(conn)?;
    let listed: Vec<(String, String)> = person_domains::table
        .inner_join(expertise_domains::table)
        .filter(person_domains::organisation_id.eq(tenant.as_str()))
        .select((person_domains::user_id, expertise_domains::name))
        .load(conn)?;
    let mut domains_of: HashMap<String, Vec<String>> = HashMap::new();
    for (user, name) in listed {
        domains_of.entry(user).or_default().push(name);
    }
    let people = rows
        .into_iter()
        .map(
            |(id, display_name, email, active, hr_id, title, level, manager, site, pattern, _)| ExistingPerson {
                domains: domains_of.remove(&id).unwrap_or_default(),
                id: UserId::new(id),
                hr_id,
                email,
                display_name,
                job_title: title.unwrap_or_default(),
                management_level: level
                    .and_then(|l| ManagementLevel::parse(&l))
                    .unwrap_or(ManagementLevel::None),
                manager: manager.map(UserId::new),
                site,
                work_pattern: pattern
                    .and_then(|p| WorkPattern::parse(&p))
                    .unwrap_or(WorkPattern::Office),
                active: active == 1,
            },
        )
        .collect();
    let sites: Vec<(String, String)> = sites::table
        .inner_join(regions::table)
        .filter(sites::organisation_id.eq(tenant.as_str()))
        .select((sites::name, regions::name))
        .load(conn)?;
    let regions: Vec<String> = regions::table
        .filter(regions::organisation_id.eq(tenant.as_str()))
        .select(regions::name)
        .load(conn)?;
    let domains: Vec<String> = expertise_domains::table
        .filter(expertise_domains::organisation_id.eq(tenant.as_str()))
        .select(expertise_domains::name)
        .load(conn)?;
    let mut emails_elsewhere = std::collections::HashSet::new();
    for chunk in file_emails.chunks(CHUNK) {
        let found: Vec<String> = users::table
            .filter(users::organisation_id.ne(tenant.as_str()))
            .filter(users::email.eq_any(chunk))
            .select(users::email)
            .load(conn)?;
        emails_elsewhere.extend(found);
    }
    Ok(DirectorySnapshot {
        people,
        sites,
        regions,
        domains,
        emails_elsewhere,
        importer: importer.cloned(),
    })
}

/// What applying a plan changed, beyond the plan's report: whose sessions must end.
#[derive(Clone, Debug, Default)]
pub struct Applied {
    pub created: Vec<UserId>,
    /// People deactivated by the import (absent from the file, or marked inactive).
    pub deactivated: Vec<UserId>,
    pub reactivated: Vec<UserId>,
}

/// Applies a plan without errors, inside the caller's transaction (after `lock_directory`).
/// `progress` hears how many of the plan's rows are written.
pub fn apply_plan(
    conn: &mut DbConnection,
    tenant: &Tenant,
    plan: &ImportPlan,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u32, u32),
) -> QueryResult<Applied> {
    let at = stored(now);
    let total = (plan.rows.len() + plan.deactivate.len()) as u32;
    // Places first: regions, then sites in them, then domains.
    let mut region_ids: HashMap<String, String> = regions::table
        .filter(regions::organisation_id.eq(tenant.as_str()))
        .select((regions::name_key, regions::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    for name in &plan.new_regions {
        let id = RegionRows::insert(conn, tenant, name, now)?;
        region_ids.insert(name_key(name), id.into_inner());
    }
    let mut site_ids: HashMap<String, String> = sites::table
        .filter(sites::organisation_id.eq(tenant.as_str()))
        .select((sites::name_key, sites::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    for site in &plan.new_sites {
        let region = RegionId::new(region_ids.get(&name_key(&site.region)).cloned().unwrap_or_default());
        let id = SiteRows::insert(conn, tenant, &site.name, site.kind, &region, now)?;
        site_ids.insert(name_key(&site.name), id.into_inner());
    }
    let mut domain_ids: HashMap<String, String> = expertise_domains::table
        .filter(expertise_domains::organisation_id.eq(tenant.as_str()))
        .select((expertise_domains::name_key, expertise_domains::id))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    for name in &plan.new_domains {
        let id = DomainRows::insert(conn, tenant, name, now)?;
        domain_ids.insert(name_key(name), id.into_inner());
    }

    // New people: accounts without a password (no sign-in until invited), learners.
    let mut id_of_hr: HashMap<&str, UserId> = HashMap::new();
    let mut new_users = Vec::new();
    for row in &plan.rows {
        let id = match &row.existing {
            Some(id) => id.clone(),
            None => {
                let id = UserId::generate();
                new_users.push(UserRow {
                    id: id.clone(),
                    organisation_id: tenant.id().clone(),
                    email: row.record.email.clone(),
                    display_name: row.record.display_name.clone(),
                    role: Role::Learner,
                    password_hash: String::new(),
                    active: i32::from(row.record.active),
                    created_at: at,
                    updated_at: at,
                });
                id
            }
        };
        id_of_hr.insert(row.record.hr_id.as_str(), id);
    }
    UserRow::insert_many(conn, &new_users)?;

    let mut applied = Applied {
        created: new_users.iter().map(|u| u.id.clone()).collect(),
        ..Applied::default()
    };
    let mut facts = Vec::new();
    let mut domains = Vec::new();
    let mut domain_owners = Vec::new();
    for (done, row) in plan.rows.iter().enumerate() {
        if done % 1000 == 0 {
            progress(done as u32, total);
        }
        let Some(id) = id_of_hr.get(row.record.hr_id.as_str()) else {
            continue;
        };
        if row.existing.is_some() && row.changed.is_empty() {
            continue;
        }
        let record = &row.record;
        if row.existing.is_some() && row.changed.iter().any(|c| matches!(*c, "name" | "email" | "active")) {
            diesel::update(
                users::table
                    .filter(users::organisation_id.eq(tenant.as_str()))
                    .filter(users::id.eq(id.as_str())),
            )
            .set((
                users::display_name.eq(&record.display_name),
                users::email.eq(&record.email),
                users::active.eq(i32::from(record.active)),
                users::updated_at.eq(at),
            ))
            .execute(conn)?;
            if row.changed.contains(&"active") {
                if record.active {
                    applied.reactivated.push(id.clone());
                } else {
                    applied.deactivated.push(id.clone());
                }
            }
        }
        let manager = match &row.manager {
            ManagerRef::None => None,
            ManagerRef::Existing(id) => Some(id.as_str().to_owned()),
            ManagerRef::New(hr_id) => id_of_hr.get(hr_id.as_str()).map(|id| id.as_str().to_owned()),
        };
        facts.push(WorkFactsRow {
            user_id: id.as_str().to_owned(),
            organisation_id: tenant.as_str().to_owned(),
            hr_id: Some(record.hr_id.clone()),
            job_title: record.job_title.clone(),
            management_level: record.management_level.as_str().to_owned(),
            manager_id: manager,
            site_id: record.site.as_deref().and_then(|s| site_ids.get(&name_key(s)).cloned()),
            work_pattern: record.work_pattern.as_str().to_owned(),
            updated_at: at,
        });
        if row.existing.is_none() || row.changed.contains(&"domains") {
            domain_owners.push(id.as_str().to_owned());
            for name in &record.domains {
                if let Some(domain) = domain_ids.get(&name_key(name)) {
                    domains.push(PersonDomainRow {
                        user_id: id.as_str().to_owned(),
                        domain_id: domain.clone(),
                        organisation_id: tenant.as_str().to_owned(),
                    });
                }
            }
        }
    }
    // An HR id moving from one person to another within the file would collide row by row:
    // the changed rows' HR ids are cleared first, then written.
    for chunk in facts.chunks(CHUNK) {
        let ids: Vec<&str> = chunk.iter().map(|r| r.user_id.as_str()).collect();
        diesel::update(work_facts::table.filter(work_facts::user_id.eq_any(&ids)))
            .set(work_facts::hr_id.eq(None::<String>))
            .execute(conn)?;
    }
    replace_work_facts(conn, &facts)?;
    replace_domains(conn, &domain_owners, &domains)?;

    for chunk in plan.deactivate.chunks(CHUNK) {
        let ids: Vec<&str> = chunk.iter().map(UserId::as_str).collect();
        diesel::update(
            users::table
                .filter(users::organisation_id.eq(tenant.as_str()))
                .filter(users::id.eq_any(&ids)),
        )
        .set((users::active.eq(0), users::updated_at.eq(at)))
        .execute(conn)?;
    }
    applied.deactivated.extend(plan.deactivate.iter().cloned());
    progress(total, total);
    Ok(applied)
}

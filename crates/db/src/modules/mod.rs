//! Step 3 storage, modules (V4): the catalogue, the experts credited on each module (in the
//! order given), and completions (one per module and person). Tenant-confined.

pub mod schema;

use self::schema::{module_completions, module_experts, modules};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::directory::DomainId;
use relais_domain::ids::{Tenant, UserId};
use relais_domain::modules::{CompletionSource, ModuleDelivery, ModuleId, ModuleSpec};
use std::collections::HashMap;

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = modules)]
pub struct ModuleRow {
    #[diesel(deserialize_as = String)]
    pub id: ModuleId,
    pub organisation_id: String,
    pub title: String,
    pub summary: String,
    pub domain_id: Option<String>,
    pub duration_minutes: i32,
    #[diesel(deserialize_as = String)]
    pub delivery: ModuleDelivery,
    pub description: String,
    pub url: Option<String>,
    pub xapi_activity_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ModuleRow {
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &ModuleId) -> QueryResult<Option<ModuleRow>> {
        modules::table
            .filter(modules::organisation_id.eq(tenant.as_str()))
            .filter(modules::id.eq(id.as_str()))
            .select(ModuleRow::as_select())
            .first(conn)
            .optional()
    }

    /// The catalogue by title, of one domain or one expert when asked.
    pub fn list(
        conn: &mut DbConnection,
        tenant: &Tenant,
        domain: Option<&DomainId>,
        expert: Option<&UserId>,
    ) -> QueryResult<Vec<ModuleRow>> {
        let mut query = modules::table
            .filter(modules::organisation_id.eq(tenant.as_str()))
            .select(ModuleRow::as_select())
            .order((modules::title.asc(), modules::id.asc()))
            .into_boxed();
        if let Some(domain) = domain {
            query = query.filter(modules::domain_id.eq(domain.as_str()));
        }
        if let Some(expert) = expert {
            query = query.filter(
                modules::id.eq_any(
                    module_experts::table
                        .filter(module_experts::person_id.eq(expert.as_str()))
                        .select(module_experts::module_id),
                ),
            );
        }
        query.load(conn)
    }

    /// Whether another module of the organisation has this xAPI activity id.
    pub fn activity_taken(
        conn: &mut DbConnection,
        tenant: &Tenant,
        activity: &str,
        except: Option<&ModuleId>,
    ) -> QueryResult<bool> {
        let mut query = modules::table
            .filter(modules::organisation_id.eq(tenant.as_str()))
            .filter(modules::xapi_activity_id.eq(activity))
            .into_boxed();
        if let Some(except) = except {
            query = query.filter(modules::id.ne(except.as_str()));
        }
        let n: i64 = query.count().get_result(conn)?;
        Ok(n > 0)
    }

    pub fn insert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        spec: &ModuleSpec,
        creator: &UserId,
        now: DateTime<Utc>,
    ) -> QueryResult<ModuleId> {
        let id = ModuleId::generate();
        diesel::insert_into(modules::table)
            .values((
                modules::id.eq(id.as_str()),
                modules::organisation_id.eq(tenant.as_str()),
                modules::title.eq(&spec.title),
                modules::summary.eq(&spec.summary),
                modules::domain_id.eq(spec.domain_id.as_ref().map(DomainId::as_str)),
                modules::duration_minutes.eq(spec.duration_minutes as i32),
                modules::delivery.eq(spec.delivery.as_str()),
                modules::description.eq(&spec.description),
                modules::url.eq(spec.url.as_deref()),
                modules::xapi_activity_id.eq(spec.xapi_activity_id.as_deref()),
                modules::created_by.eq(creator.as_str()),
                modules::created_at.eq(stored(now)),
                modules::updated_at.eq(stored(now)),
            ))
            .execute(conn)?;
        write_experts(conn, &id, &spec.experts)?;
        Ok(id)
    }

    pub fn replace(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ModuleId,
        spec: &ModuleSpec,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        diesel::update(
            modules::table
                .filter(modules::organisation_id.eq(tenant.as_str()))
                .filter(modules::id.eq(id.as_str())),
        )
        .set((
            modules::title.eq(&spec.title),
            modules::summary.eq(&spec.summary),
            modules::domain_id.eq(spec.domain_id.as_ref().map(DomainId::as_str)),
            modules::duration_minutes.eq(spec.duration_minutes as i32),
            modules::delivery.eq(spec.delivery.as_str()),
            modules::description.eq(&spec.description),
            modules::url.eq(spec.url.as_deref()),
            modules::xapi_activity_id.eq(spec.xapi_activity_id.as_deref()),
            modules::updated_at.eq(stored(now)),
        ))
        .execute(conn)?;
        diesel::delete(module_experts::table.filter(module_experts::module_id.eq(id.as_str()))).execute(conn)?;
        write_experts(conn, id, &spec.experts)
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &ModuleId) -> QueryResult<usize> {
        diesel::delete(
            modules::table
                .filter(modules::organisation_id.eq(tenant.as_str()))
                .filter(modules::id.eq(id.as_str())),
        )
        .execute(conn)
    }

    /// The experts of each of these modules, in the order given.
    pub fn experts(conn: &mut DbConnection, ids: &[ModuleId]) -> QueryResult<HashMap<ModuleId, Vec<UserId>>> {
        let rows: Vec<(String, String)> = module_experts::table
            .filter(module_experts::module_id.eq_any(ids.iter().map(ModuleId::as_str)))
            .select((module_experts::module_id, module_experts::person_id))
            .order((module_experts::module_id.asc(), module_experts::position.asc()))
            .load(conn)?;
        let mut by_module: HashMap<ModuleId, Vec<UserId>> = HashMap::new();
        for (module, person) in rows {
            by_module
                .entry(ModuleId::new(module))
                .or_default()
                .push(UserId::new(person));
        }
        Ok(by_module)
    }

    /// The modules a person is credited on, by title.
    pub fn credited(conn: &mut DbConnection, tenant: &Tenant, person: &UserId) -> QueryResult<Vec<(ModuleId, String)>> {
        let rows: Vec<(String, String)> = modules::table
            .inner_join(module_experts::table)
            .filter(modules::organisation_id.eq(tenant.as_str()))
            .filter(module_experts::person_id.eq(person.as_str()))
            .select((modules::id, modules::title))
            .order(modules::title.asc())
            .load(conn)?;
        Ok(rows.into_iter().map(|(id, title)| (ModuleId::new(id), title)).collect())
    }
}

fn write_experts(conn: &mut DbConnection, id: &ModuleId, experts: &[UserId]) -> QueryResult<()> {
    for (position, expert) in experts.iter().enumerate() {
        diesel::insert_into(module_experts::table)
            .values((
                module_experts::module_id.eq(id.as_str()),
                module_experts::person_id.eq(expert.as_str()),
                module_experts::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Completions of modules.
pub struct Completions;

impl Completions {
    /// Records a completion; false when the person had completed the module already.
    pub fn record(
        conn: &mut DbConnection,
        tenant: &Tenant,
        module: &ModuleId,
        person: &UserId,
        source: CompletionSource,
        now: DateTime<Utc>,
    ) -> QueryResult<bool> {
        let insert = diesel::insert_into(module_completions::table).values((
            module_completions::module_id.eq(module.as_str()),
            module_completions::person_id.eq(person.as_str()),
            module_completions::organisation_id.eq(tenant.as_str()),
            module_completions::source.eq(source.as_str()),
            module_completions::completed_at.eq(stored(now)),
        ));
        Ok(crate::insert_or_ignore!(conn, insert)? == 1)
    }

    /// A person's completion of a module: when, and who recorded it.
    pub fn of(
        conn: &mut DbConnection,
        module: &ModuleId,
        person: &UserId,
    ) -> QueryResult<Option<(NaiveDateTime, CompletionSource)>> {
        let row: Option<(NaiveDateTime, String)> = module_completions::table
            .filter(module_completions::module_id.eq(module.as_str()))
            .filter(module_completions::person_id.eq(person.as_str()))
            .select((module_completions::completed_at, module_completions::source))
            .first(conn)
            .optional()?;
        Ok(row.map(|(at, source)| (at, CompletionSource::parse(&source).unwrap_or(CompletionSource::App))))
    }

    pub fn remove(conn: &mut DbConnection, module: &ModuleId, person: &UserId) -> QueryResult<usize> {
        diesel::delete(
            module_completions::table
                .filter(module_completions::module_id.eq(module.as_str()))
                .filter(module_completions::person_id.eq(person.as_str())),
        )
        .execute(conn)
    }

    /// Completions of each of these modules.
    pub fn counts(conn: &mut DbConnection, ids: &[ModuleId]) -> QueryResult<HashMap<ModuleId, u32>> {
        let rows: Vec<(String, i64)> = module_completions::table
            .filter(module_completions::module_id.eq_any(ids.iter().map(ModuleId::as_str)))
            .group_by(module_completions::module_id)
            .select((module_completions::module_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, n)| (ModuleId::new(id), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    /// When a person completed each module they completed.
    pub fn by_person(conn: &mut DbConnection, person: &UserId) -> QueryResult<HashMap<ModuleId, NaiveDateTime>> {
        let rows: Vec<(String, NaiveDateTime)> = module_completions::table
            .filter(module_completions::person_id.eq(person.as_str()))
            .select((module_completions::module_id, module_completions::completed_at))
            .load(conn)?;
        Ok(rows.into_iter().map(|(id, at)| (ModuleId::new(id), at)).collect())
    }
}

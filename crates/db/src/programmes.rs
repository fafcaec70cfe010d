//! Step 1 storage: programmes, needs and objectives. Every query is confined to a tenant.

use crate::schema::{needs, objectives, programmes};
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::ids::{NeedId, ObjectiveId, OrganisationId, ProgrammeId, Tenant, UserId};
use relais_domain::programmes::{
    Metric, Need, NeedFields, NeedPriority, Objective, ObjectiveFields, Programme, ProgrammeContext, ProgrammeFields,
    ProgrammeScope, ProgrammeStatus,
};

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = programmes)]
pub struct ProgrammeRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: ProgrammeId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub organisation_id: OrganisationId,
    pub title: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub context: ProgrammeContext,
    pub description: String,
    pub scope_kind: String,
    #[diesel(deserialize_as = crate::times::StoredDate)]
    pub starts_on: NaiveDate,
    #[diesel(deserialize_as = crate::times::StoredDate)]
    pub ends_on: NaiveDate,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: ProgrammeStatus,
    pub activated_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub retrospective: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub created_by: UserId,
    #[diesel(deserialize_as = crate::times::StoredTime)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::times::StoredTime)]
    pub updated_at: NaiveDateTime,
}

/// Filters of the programme list (Lemmy's `CommunityQuery` pattern).
#[derive(Clone, Debug)]
pub struct ProgrammeQuery<'a> {
    pub tenant: &'a Tenant,
    pub status: Option<ProgrammeStatus>,
    pub after: Option<&'a ProgrammeId>,
    pub limit: i64,
}

impl ProgrammeQuery<'_> {
    /// Newest first.
    pub fn list(&self, conn: &mut DbConnection) -> QueryResult<Vec<ProgrammeRow>> {
        let mut query = programmes::table
            .filter(programmes::organisation_id.eq(self.tenant.as_str().to_owned()))
            .select(ProgrammeRow::as_select())
            .order(programmes::id.desc())
            .limit(self.limit)
            .into_boxed();
        if let Some(status) = self.status {
            query = query.filter(programmes::status.eq(status.as_str()));
        }
        if let Some(after) = self.after {
            query = query.filter(programmes::id.lt(after.as_str().to_owned()));
        }
        query.load(conn)
    }
}

/// The programme `id` of the tenant, as a filter.
macro_rules! programme_of {
    ($tenant:expr, $id:expr) => {
        programmes::table
            .filter(programmes::organisation_id.eq($tenant.as_str()))
            .filter(programmes::id.eq($id.as_str()))
    };
}

impl ProgrammeRow {
    pub fn new(tenant: &Tenant, created_by: &UserId, fields: &ProgrammeFields, now: DateTime<Utc>) -> Self {
        let now = stored(now);
        Self {
            id: ProgrammeId::generate(),
            organisation_id: tenant.id().clone(),
            title: fields.title.clone(),
            context: fields.context,
            description: fields.description.clone(),
            scope_kind: "organisation".to_owned(),
            starts_on: fields.starts_on,
            ends_on: fields.ends_on,
            status: ProgrammeStatus::Draft,
            activated_at: None,
            closed_at: None,
            retrospective: None,
            created_by: created_by.clone(),
            created_at: now,
            updated_at: now,
        }
    }

    pub fn to_programme(&self) -> Programme {
        Programme {
            id: self.id.clone(),
            title: self.title.clone(),
            context: self.context,
            description: self.description.clone(),
            scope: ProgrammeScope::Organisation,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: self.status,
            activated_at: self.activated_at.map(|t| t.and_utc()),
            closed_at: self.closed_at.map(|t| t.and_utc()),
            retrospective: self.retrospective.clone(),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(programmes::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &ProgrammeId) -> QueryResult<Option<ProgrammeRow>> {
        programme_of!(tenant, id)
            .select(ProgrammeRow::as_select())
            .first(conn)
            .optional()
    }

    pub fn update_fields(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ProgrammeId,
        fields: &ProgrammeFields,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(programme_of!(tenant, id))
            .set((
                programmes::title.eq(&fields.title),
                programmes::context.eq(fields.context.as_str()),
                programmes::description.eq(&fields.description),
                programmes::starts_on.eq(fields.starts_on),
                programmes::ends_on.eq(fields.ends_on),
                programmes::updated_at.eq(stored(now)),
            ))
            .execute(conn)
    }

    /// draft → active at `at`; 0 rows when it was not a draft any more.
    pub fn mark_active(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ProgrammeId,
        at: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(programme_of!(tenant, id).filter(programmes::status.eq(ProgrammeStatus::Draft.as_str())))
            .set((
                programmes::status.eq(ProgrammeStatus::Active.as_str()),
                programmes::activated_at.eq(stored(at)),
                programmes::updated_at.eq(stored(at)),
            ))
            .execute(conn)
    }

    /// active → closed at `at`; 0 rows when it was not active any more.
    pub fn mark_closed(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ProgrammeId,
        retrospective: &str,
        at: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(programme_of!(tenant, id).filter(programmes::status.eq(ProgrammeStatus::Active.as_str())))
            .set((
                programmes::status.eq(ProgrammeStatus::Closed.as_str()),
                programmes::closed_at.eq(stored(at)),
                programmes::retrospective.eq(retrospective),
                programmes::updated_at.eq(stored(at)),
            ))
            .execute(conn)
    }

    /// Deletes a draft with its needs and objectives.
    pub fn delete_draft(conn: &mut DbConnection, tenant: &Tenant, id: &ProgrammeId) -> QueryResult<usize> {
        diesel::delete(
            objectives::table
                .filter(objectives::programme_id.eq(id.as_str()))
                .filter(objectives::organisation_id.eq(tenant.as_str())),
        )
        .execute(conn)?;
        diesel::delete(
            needs::table
                .filter(needs::programme_id.eq(id.as_str()))
                .filter(needs::organisation_id.eq(tenant.as_str())),
        )
        .execute(conn)?;
        diesel::delete(programme_of!(tenant, id).filter(programmes::status.eq(ProgrammeStatus::Draft.as_str())))
            .execute(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = needs)]
pub struct NeedRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: NeedId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub organisation_id: OrganisationId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub programme_id: ProgrammeId,
    pub title: String,
    pub evidence: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub priority: NeedPriority,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NeedRow {
    pub fn new(tenant: &Tenant, programme_id: &ProgrammeId, fields: &NeedFields, now: DateTime<Utc>) -> Self {
        let now = stored(now);
        Self {
            id: NeedId::generate(),
            organisation_id: tenant.id().clone(),
            programme_id: programme_id.clone(),
            title: fields.title.clone(),
            evidence: fields.evidence.clone(),
            priority: fields.priority,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn to_need(&self) -> Need {
        Need {
            id: self.id.clone(),
            programme_id: self.programme_id.clone(),
            title: self.title.clone(),
            evidence: self.evidence.clone(),
            priority: self.priority,
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(needs::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme_id: &ProgrammeId,
        id: &NeedId,
    ) -> QueryResult<Option<NeedRow>> {
        needs::table
            .filter(needs::organisation_id.eq(tenant.as_str()))
            .filter(needs::programme_id.eq(programme_id.as_str()))
            .filter(needs::id.eq(id.as_str()))
            .select(NeedRow::as_select())
            .first(conn)
            .optional()
    }

    /// Highest priority first, then oldest first.
    pub fn list_for_programme(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme_id: &ProgrammeId,
    ) -> QueryResult<Vec<NeedRow>> {
        let mut rows: Vec<NeedRow> = needs::table
            .filter(needs::organisation_id.eq(tenant.as_str()))
            .filter(needs::programme_id.eq(programme_id.as_str()))
            .select(NeedRow::as_select())
            .order(needs::id.asc())
            .load(conn)?;
        rows.sort_by_key(|row| std::cmp::Reverse(row.priority));
        Ok(rows)
    }

    pub fn update_fields(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &NeedId,
        fields: &NeedFields,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            needs::table
                .filter(needs::organisation_id.eq(tenant.as_str()))
                .filter(needs::id.eq(id.as_str())),
        )
        .set((
            needs::title.eq(&fields.title),
            needs::evidence.eq(&fields.evidence),
            needs::priority.eq(fields.priority.as_str()),
            needs::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    pub fn objective_count(conn: &mut DbConnection, tenant: &Tenant, id: &NeedId) -> QueryResult<i64> {
        objectives::table
            .filter(objectives::organisation_id.eq(tenant.as_str()))
            .filter(objectives::need_id.eq(id.as_str()))
            .count()
            .get_result(conn)
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &NeedId) -> QueryResult<usize> {
        diesel::delete(
            needs::table
                .filter(needs::organisation_id.eq(tenant.as_str()))
                .filter(needs::id.eq(id.as_str())),
        )
        .execute(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = objectives)]
pub struct ObjectiveRow {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub id: ObjectiveId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub organisation_id: OrganisationId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub programme_id: ProgrammeId,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub need_id: NeedId,
    pub title: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub metric: Metric,
    pub target: f64,
    pub due_on: NaiveDate,
    pub baseline: Option<f64>,
    pub baseline_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ObjectiveRow {
    pub fn new(tenant: &Tenant, programme_id: &ProgrammeId, fields: &ObjectiveFields, now: DateTime<Utc>) -> Self {
        let now = stored(now);
        Self {
            id: ObjectiveId::generate(),
            organisation_id: tenant.id().clone(),
            programme_id: programme_id.clone(),
            need_id: fields.need_id.clone(),
            title: fields.title.clone(),
            metric: fields.metric,
            target: fields.target,
            due_on: fields.due_on,
            baseline: None,
            baseline_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn to_objective(&self) -> Objective {
        Objective {
            id: self.id.clone(),
            programme_id: self.programme_id.clone(),
            need_id: self.need_id.clone(),
            title: self.title.clone(),
            metric: self.metric,
            target: self.target,
            due_on: self.due_on,
            baseline: self.baseline,
            baseline_at: self.baseline_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(objectives::table)
            .values(self.clone())
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme_id: &ProgrammeId,
        id: &ObjectiveId,
    ) -> QueryResult<Option<ObjectiveRow>> {
        objectives::table
            .filter(objectives::organisation_id.eq(tenant.as_str()))
            .filter(objectives::programme_id.eq(programme_id.as_str()))
            .filter(objectives::id.eq(id.as_str()))
            .select(ObjectiveRow::as_select())
            .first(conn)
            .optional()
    }

    pub fn list_for_programme(
        conn: &mut DbConnection,
        tenant: &Tenant,
        programme_id: &ProgrammeId,
    ) -> QueryResult<Vec<ObjectiveRow>> {
        objectives::table
            .filter(objectives::organisation_id.eq(tenant.as_str()))
            .filter(objectives::programme_id.eq(programme_id.as_str()))
            .select(ObjectiveRow::as_select())
            .order(objectives::id.asc())
            .load(conn)
    }

    pub fn update_fields(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ObjectiveId,
        fields: &ObjectiveFields,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            objectives::table
                .filter(objectives::organisation_id.eq(tenant.as_str()))
                .filter(objectives::id.eq(id.as_str())),
        )
        .set((
            objectives::need_id.eq(fields.need_id.as_str()),
            objectives::title.eq(&fields.title),
            objectives::metric.eq(fields.metric.as_str()),
            objectives::target.eq(fields.target),
            objectives::due_on.eq(fields.due_on),
            objectives::updated_at.eq(stored(now)),
        ))
        .execute(conn)
    }

    pub fn set_baseline(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ObjectiveId,
        baseline: Option<f64>,
        at: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            objectives::table
                .filter(objectives::organisation_id.eq(tenant.as_str()))
                .filter(objectives::id.eq(id.as_str())),
        )
        .set((
            objectives::baseline.eq(baseline),
            objectives::baseline_at.eq(stored(at)),
            objectives::updated_at.eq(stored(at)),
        ))
        .execute(conn)
    }

    pub fn delete(conn: &mut DbConnection, tenant: &Tenant, id: &ObjectiveId) -> QueryResult<usize> {
        diesel::delete(
            objectives::table
                .filter(objectives::organisation_id.eq(tenant.as_str()))
                .filter(objectives::id.eq(id.as_str())),
        )
        .execute(conn)
    }
}

/// A closed programme's dashboard as it stood at closing (JSON), kept as it was.
pub struct ProgrammeClosing;

impl ProgrammeClosing {
    pub fn record(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ProgrammeId,
        dashboard: &str,
        at: DateTime<Utc>,
    ) -> QueryResult<()> {
        use crate::schema::programme_closings;
        diesel::insert_into(programme_closings::table)
            .values((
                programme_closings::programme_id.eq(id.as_str()),
                programme_closings::organisation_id.eq(tenant.as_str()),
                programme_closings::dashboard.eq(dashboard),
                programme_closings::closed_at.eq(stored(at)),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// The dashboard kept at closing, if the programme was closed.
    pub fn find(conn: &mut DbConnection, tenant: &Tenant, id: &ProgrammeId) -> QueryResult<Option<String>> {
        use crate::schema::programme_closings;
        programme_closings::table
            .filter(programme_closings::organisation_id.eq(tenant.as_str()))
            .filter(programme_closings::programme_id.eq(id.as_str()))
            .select(programme_closings::dashboard)
            .first(conn)
            .optional()
    }
}

/// An objective's metric on one day (the trend line).
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveReading {
    pub objective_id: ObjectiveId,
    pub day: NaiveDate,
    pub value: f64,
}

impl ObjectiveReading {
    /// Records the day's value, replacing an earlier one of the same day.
    pub fn upsert(
        conn: &mut DbConnection,
        tenant: &Tenant,
        objective_id: &ObjectiveId,
        day: NaiveDate,
        value: f64,
        now: DateTime<Utc>,
    ) -> QueryResult<()> {
        use crate::schema::objective_readings as r;
        let insert = diesel::insert_into(r::table).values((
            r::objective_id.eq(objective_id.as_str()),
            r::day.eq(day),
            r::organisation_id.eq(tenant.as_str()),
            r::value.eq(value),
            r::recorded_at.eq(stored(now)),
        ));
        let update = (r::value.eq(value), r::recorded_at.eq(stored(now)));
        match conn {
            DbConnection::Postgresql(pg) => insert
                .on_conflict((r::objective_id, r::day))
                .do_update()
                .set(update)
                .execute(pg)?,
            DbConnection::Sqlite(sqlite) => insert
                .on_conflict((r::objective_id, r::day))
                .do_update()
                .set(update)
                .execute(sqlite)?,
        };
        Ok(())
    }

    /// The readings of a programme's objectives, oldest first.
    pub fn of_programme(
        conn: &mut DbConnection,
        tenant: &Tenant,
        id: &ProgrammeId,
    ) -> QueryResult<Vec<ObjectiveReading>> {
        use crate::schema::objective_readings as r;
        let rows: Vec<(String, NaiveDate, f64)> = r::table
            .inner_join(objectives::table.on(objectives::id.eq(r::objective_id)))
            .filter(r::organisation_id.eq(tenant.as_str()))
            .filter(objectives::programme_id.eq(id.as_str()))
            .order((r::objective_id, r::day))
            .select((r::objective_id, r::day, r::value))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(objective_id, day, value)| ObjectiveReading {
                objective_id: ObjectiveId::new(objective_id),
                day,
                value,
            })
            .collect())
    }
}

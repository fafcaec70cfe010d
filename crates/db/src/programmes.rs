//! Step 1 storage: programmes, needs and objectives. Every query is scoped by organisation.

use crate::schema::{needs, objectives, programmes};
use crate::{DbConnection, QueryResult};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use relais_domain::ids::{NeedId, ObjectiveId, ProgrammeId};
use relais_domain::programmes::{
    Metric, Need, NeedFields, NeedPriority, Objective, ObjectiveFields, Programme, ProgrammeContext, ProgrammeFields,
    ProgrammeScope, ProgrammeStatus,
};

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = programmes)]
pub struct ProgrammeRow {
    pub id: String,
    pub organisation_id: String,
    pub title: String,
    pub context: String,
    pub description: String,
    pub scope_kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: String,
    pub activated_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub retrospective: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Filters of the programme list (Lemmy's `CommunityQuery` pattern).
#[derive(Clone, Debug, Default)]
pub struct ProgrammeQuery<'a> {
    pub organisation_id: &'a str,
    pub status: Option<ProgrammeStatus>,
    pub after: Option<&'a str>,
    pub limit: i64,
}

impl ProgrammeQuery<'_> {
    /// Newest first.
    pub fn list(&self, conn: &mut DbConnection) -> QueryResult<Vec<ProgrammeRow>> {
        let mut query = programmes::table
            .filter(programmes::organisation_id.eq(self.organisation_id.to_owned()))
            .select(ProgrammeRow::as_select())
            .order(programmes::id.desc())
            .limit(self.limit)
            .into_boxed();
        if let Some(status) = self.status {
            query = query.filter(programmes::status.eq(status.as_str()));
        }
        if let Some(after) = self.after {
            query = query.filter(programmes::id.lt(after.to_owned()));
        }
        query.load(conn)
    }
}

impl ProgrammeRow {
    pub fn new(organisation_id: &str, created_by: &str, fields: &ProgrammeFields) -> Self {
        let now = crate::now();
        Self {
            id: crate::new_id(),
            organisation_id: organisation_id.to_owned(),
            title: fields.title.clone(),
            context: fields.context.as_str().to_owned(),
            description: fields.description.clone(),
            scope_kind: "organisation".to_owned(),
            starts_on: fields.starts_on,
            ends_on: fields.ends_on,
            status: ProgrammeStatus::Draft.as_str().to_owned(),
            activated_at: None,
            closed_at: None,
            retrospective: None,
            created_by: created_by.to_owned(),
            created_at: now,
            updated_at: now,
        }
    }

    pub fn status(&self) -> ProgrammeStatus {
        ProgrammeStatus::parse(&self.status).unwrap_or(ProgrammeStatus::Closed)
    }

    pub fn to_programme(&self) -> Programme {
        Programme {
            id: ProgrammeId::new(self.id.clone()),
            title: self.title.clone(),
            context: ProgrammeContext::parse(&self.context).unwrap_or(ProgrammeContext::Other),
            description: self.description.clone(),
            scope: ProgrammeScope::Organisation,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            status: self.status(),
            activated_at: self.activated_at.map(|t| t.and_utc()),
            closed_at: self.closed_at.map(|t| t.and_utc()),
            retrospective: self.retrospective.clone(),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(programmes::table)
            .values(self)
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(conn: &mut DbConnection, organisation_id: &str, id: &str) -> QueryResult<Option<ProgrammeRow>> {
        programmes::table
            .filter(programmes::organisation_id.eq(organisation_id))
            .filter(programmes::id.eq(id))
            .select(ProgrammeRow::as_select())
            .first(conn)
            .optional()
    }

    pub fn update_fields(
        conn: &mut DbConnection,
        organisation_id: &str,
        id: &str,
        fields: &ProgrammeFields,
    ) -> QueryResult<usize> {
        diesel::update(
            programmes::table
                .filter(programmes::organisation_id.eq(organisation_id))
                .filter(programmes::id.eq(id)),
        )
        .set((
            programmes::title.eq(&fields.title),
            programmes::context.eq(fields.context.as_str()),
            programmes::description.eq(&fields.description),
            programmes::starts_on.eq(fields.starts_on),
            programmes::ends_on.eq(fields.ends_on),
            programmes::updated_at.eq(crate::now()),
        ))
        .execute(conn)
    }

    pub fn mark_active(
        conn: &mut DbConnection,
        organisation_id: &str,
        id: &str,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            programmes::table
                .filter(programmes::organisation_id.eq(organisation_id))
                .filter(programmes::id.eq(id))
                .filter(programmes::status.eq(ProgrammeStatus::Draft.as_str())),
        )
        .set((
            programmes::status.eq(ProgrammeStatus::Active.as_str()),
            programmes::activated_at.eq(at),
            programmes::updated_at.eq(at),
        ))
        .execute(conn)
    }

    pub fn mark_closed(
        conn: &mut DbConnection,
        organisation_id: &str,
        id: &str,
        retrospective: &str,
    ) -> QueryResult<usize> {
        let now = crate::now();
        diesel::update(
            programmes::table
                .filter(programmes::organisation_id.eq(organisation_id))
                .filter(programmes::id.eq(id))
                .filter(programmes::status.eq(ProgrammeStatus::Active.as_str())),
        )
        .set((
            programmes::status.eq(ProgrammeStatus::Closed.as_str()),
            programmes::closed_at.eq(now),
            programmes::retrospective.eq(retrospective),
            programmes::updated_at.eq(now),
        ))
        .execute(conn)
    }

    /// Deletes a draft with its needs and objectives.
    pub fn delete_draft(conn: &mut DbConnection, organisation_id: &str, id: &str) -> QueryResult<usize> {
        diesel::delete(
            objectives::table
                .filter(objectives::programme_id.eq(id))
                .filter(objectives::organisation_id.eq(organisation_id)),
        )
        .execute(conn)?;
        diesel::delete(
            needs::table
                .filter(needs::programme_id.eq(id))
                .filter(needs::organisation_id.eq(organisation_id)),
        )
        .execute(conn)?;
        diesel::delete(
            programmes::table
                .filter(programmes::organisation_id.eq(organisation_id))
                .filter(programmes::id.eq(id))
                .filter(programmes::status.eq(ProgrammeStatus::Draft.as_str())),
        )
        .execute(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = needs)]
pub struct NeedRow {
    pub id: String,
    pub organisation_id: String,
    pub programme_id: String,
    pub title: String,
    pub evidence: String,
    pub priority: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl NeedRow {
    pub fn new(organisation_id: &str, programme_id: &str, fields: &NeedFields) -> Self {
        let now = crate::now();
        Self {
            id: crate::new_id(),
            organisation_id: organisation_id.to_owned(),
            programme_id: programme_id.to_owned(),
            title: fields.title.clone(),
            evidence: fields.evidence.clone(),
            priority: fields.priority.as_str().to_owned(),
            created_at: now,
            updated_at: now,
        }
    }

    pub fn to_need(&self) -> Need {
        Need {
            id: NeedId::new(self.id.clone()),
            programme_id: ProgrammeId::new(self.programme_id.clone()),
            title: self.title.clone(),
            evidence: self.evidence.clone(),
            priority: NeedPriority::parse(&self.priority).unwrap_or(NeedPriority::Medium),
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(needs::table).values(self).execute(conn).map(|_| ())
    }

    pub fn find(
        conn: &mut DbConnection,
        organisation_id: &str,
        programme_id: &str,
        id: &str,
    ) -> QueryResult<Option<NeedRow>> {
        needs::table
            .filter(needs::organisation_id.eq(organisation_id))
            .filter(needs::programme_id.eq(programme_id))
            .filter(needs::id.eq(id))
            .select(NeedRow::as_select())
            .first(conn)
            .optional()
    }

    /// Highest priority first, then oldest first.
    pub fn list_for_programme(
        conn: &mut DbConnection,
        organisation_id: &str,
        programme_id: &str,
    ) -> QueryResult<Vec<NeedRow>> {
        let mut rows: Vec<NeedRow> = needs::table
            .filter(needs::organisation_id.eq(organisation_id))
            .filter(needs::programme_id.eq(programme_id))
            .select(NeedRow::as_select())
            .order(needs::id.asc())
            .load(conn)?;
        rows.sort_by_key(|row| std::cmp::Reverse(NeedPriority::parse(&row.priority)));
        Ok(rows)
    }

    pub fn update_fields(
        conn: &mut DbConnection,
        organisation_id: &str,
        id: &str,
        fields: &NeedFields,
    ) -> QueryResult<usize> {
        diesel::update(
            needs::table
                .filter(needs::organisation_id.eq(organisation_id))
                .filter(needs::id.eq(id)),
        )
        .set((
            needs::title.eq(&fields.title),
            needs::evidence.eq(&fields.evidence),
            needs::priority.eq(fields.priority.as_str()),
            needs::updated_at.eq(crate::now()),
        ))
        .execute(conn)
    }

    pub fn objective_count(conn: &mut DbConnection, id: &str) -> QueryResult<i64> {
        objectives::table
            .filter(objectives::need_id.eq(id))
            .count()
            .get_result(conn)
    }

    pub fn delete(conn: &mut DbConnection, organisation_id: &str, id: &str) -> QueryResult<usize> {
        diesel::delete(
            needs::table
                .filter(needs::organisation_id.eq(organisation_id))
                .filter(needs::id.eq(id)),
        )
        .execute(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = objectives)]
pub struct ObjectiveRow {
    pub id: String,
    pub organisation_id: String,
    pub programme_id: String,
    pub need_id: String,
    pub title: String,
    pub metric: String,
    pub target: f64,
    pub due_on: NaiveDate,
    pub baseline: Option<f64>,
    pub baseline_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ObjectiveRow {
    pub fn new(organisation_id: &str, programme_id: &str, fields: &ObjectiveFields) -> Self {
        let now = crate::now();
        Self {
            id: crate::new_id(),
            organisation_id: organisation_id.to_owned(),
            programme_id: programme_id.to_owned(),
            need_id: fields.need_id.as_str().to_owned(),
            title: fields.title.clone(),
            metric: fields.metric.as_str().to_owned(),
            target: fields.target,
            due_on: fields.due_on,
            baseline: None,
            baseline_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn metric(&self) -> Metric {
        Metric::parse(&self.metric).unwrap_or(Metric::ActiveLearnerRate)
    }

    pub fn to_objective(&self) -> Objective {
        Objective {
            id: ObjectiveId::new(self.id.clone()),
            programme_id: ProgrammeId::new(self.programme_id.clone()),
            need_id: NeedId::new(self.need_id.clone()),
            title: self.title.clone(),
            metric: self.metric(),
            target: self.target,
            due_on: self.due_on,
            baseline: self.baseline,
            baseline_at: self.baseline_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
        }
    }

    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(objectives::table)
            .values(self)
            .execute(conn)
            .map(|_| ())
    }

    pub fn find(
        conn: &mut DbConnection,
        organisation_id: &str,
        programme_id: &str,
        id: &str,
    ) -> QueryResult<Option<ObjectiveRow>> {
        objectives::table
            .filter(objectives::organisation_id.eq(organisation_id))
            .filter(objectives::programme_id.eq(programme_id))
            .filter(objectives::id.eq(id))
            .select(ObjectiveRow::as_select())
            .first(conn)
            .optional()
    }

    pub fn list_for_programme(
        conn: &mut DbConnection,
        organisation_id: &str,
        programme_id: &str,
    ) -> QueryResult<Vec<ObjectiveRow>> {
        objectives::table
            .filter(objectives::organisation_id.eq(organisation_id))
            .filter(objectives::programme_id.eq(programme_id))
            .select(ObjectiveRow::as_select())
            .order(objectives::id.asc())
            .load(conn)
    }

    pub fn update_fields(
        conn: &mut DbConnection,
        organisation_id: &str,
        id: &str,
        fields: &ObjectiveFields,
    ) -> QueryResult<usize> {
        diesel::update(
            objectives::table
                .filter(objectives::organisation_id.eq(organisation_id))
                .filter(objectives::id.eq(id)),
        )
        .set((
            objectives::need_id.eq(fields.need_id.as_str()),
            objectives::title.eq(&fields.title),
            objectives::metric.eq(fields.metric.as_str()),
            objectives::target.eq(fields.target),
            objectives::due_on.eq(fields.due_on),
            objectives::updated_at.eq(crate::now()),
        ))
        .execute(conn)
    }

    pub fn set_baseline(
        conn: &mut DbConnection,
        id: &str,
        baseline: Option<f64>,
        at: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(objectives::table.filter(objectives::id.eq(id)))
            .set((
                objectives::baseline.eq(baseline),
                objectives::baseline_at.eq(at),
                objectives::updated_at.eq(at),
            ))
            .execute(conn)
    }

    pub fn delete(conn: &mut DbConnection, organisation_id: &str, id: &str) -> QueryResult<usize> {
        diesel::delete(
            objectives::table
                .filter(objectives::organisation_id.eq(organisation_id))
                .filter(objectives::id.eq(id)),
        )
        .execute(conn)
    }
}

//! Step 1 use cases: each action on programmes, needs and objectives, once, for handlers,
//! the demo and the benchmark seeder alike. Each runs inside the caller's transaction and
//! records its domain event there.

use crate::errors::ApiError;
use crate::use_cases::Actor;
use relais_db::metrics::{accounts_of_role, people_of_role, read_metric, Moment};
use relais_db::organisations::Organisation;
use relais_db::programmes::{NeedRow, ObjectiveReading, ObjectiveRow, ProgrammeClosing, ProgrammeQuery, ProgrammeRow};
use relais_db::DbConnection;
use relais_domain::analytics::Reading;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::identity::Role;
use relais_domain::ids::{NeedId, ObjectiveId, ProgrammeId, Tenant};
use relais_domain::programmes::{
    self as rules, Metric, NeedFields, ObjectiveFields, ObjectiveProgress, ObjectiveRequest, ProgrammeDashboard,
    ProgrammeDetail, ProgrammeFields, ProgrammeStatus, TrendPoint,
};

pub fn detail(conn: &mut DbConnection, row: &ProgrammeRow) -> Result<ProgrammeDetail, ApiError> {
    let tenant = Tenant::new(row.organisation_id.clone());
    let needs = NeedRow::list_for_programme(conn, &tenant, &row.id)?;
    let objectives = ObjectiveRow::list_for_programme(conn, &tenant, &row.id)?;
    Ok(ProgrammeDetail {
        programme: row.to_programme(),
        needs: needs.iter().map(NeedRow::to_need).collect(),
        objectives: objectives.iter().map(ObjectiveRow::to_objective).collect(),
    })
}

fn found(conn: &mut DbConnection, tenant: &Tenant, id: &ProgrammeId) -> Result<ProgrammeRow, ApiError> {
    ProgrammeRow::find(conn, tenant, id)?.ok_or(ApiError::NotFound)
}

/// A programme that may still change: not closed.
fn editable(conn: &mut DbConnection, tenant: &Tenant, id: &ProgrammeId) -> Result<ProgrammeRow, ApiError> {
    let row = found(conn, tenant, id)?;
    if !row.status.is_editable() {
        return Err(ApiError::conflict(
            "programme_closed",
            "a closed programme can no longer be changed",
        ));
    }
    Ok(row)
}

fn organisation_k(conn: &mut DbConnection, tenant: &Tenant) -> Result<u32, ApiError> {
    Ok(Organisation::find(conn, tenant)?.ok_or(ApiError::NotFound)?.k())
}

/// Captures an objective's baseline: its metric's value at the actor's moment, read from
/// the event log so that a backdated activation (demo, imports) is measured as of then.
fn capture_baseline(conn: &mut DbConnection, actor: &Actor, objective: &ObjectiveRow, k: u32) -> Result<(), ApiError> {
    let baseline = read_metric(conn, &actor.tenant, objective.metric, Moment::At(actor.now), k)?.value();
    ObjectiveRow::set_baseline(conn, &actor.tenant, &objective.id, baseline, actor.now)?;
    // The baseline is the trend line's first point.
    if let Some(value) = baseline {
        ObjectiveReading::upsert(
            conn,
            &actor.tenant,
            &objective.id,
            actor.now.date_naive(),
            value,
            actor.now,
        )?;
    }
    Ok(())
}

/// Metrics read at one moment, each once: objectives sharing a metric share its reading.
struct MetricReadings {
    moment: Moment,
    k: u32,
    read: Vec<(Metric, Reading)>,
}

impl MetricReadings {
    fn at(moment: Moment, k: u32) -> Self {
        Self {
            moment,
            k,
            read: Vec::new(),
        }
    }

    fn of(&mut self, conn: &mut DbConnection, tenant: &Tenant, metric: Metric) -> Result<Reading, ApiError> {
        if let Some((_, reading)) = self.read.iter().find(|(m, _)| *m == metric) {
            return Ok(*reading);
        }
        let reading = read_metric(conn, tenant, metric, self.moment, self.k)?;
        self.read.push((metric, reading));
        Ok(reading)
    }
}

/// Records the day's value of each objective of an active programme, read at `moment`.
/// Objectives sharing a metric share one reading; a day without a value records nothing.
pub fn record_programme_readings(
    conn: &mut DbConnection,
    tenant: &Tenant,
    row: &ProgrammeRow,
    moment: Moment,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, ApiError> {
    let k = organisation_k(conn, tenant)?;
    let day = match moment {
        Moment::Now(at) | Moment::At(at) => at.date_naive(),
    };
    let mut readings = MetricReadings::at(moment, k);
    let mut recorded = 0;
    for objective in ObjectiveRow::list_for_programme(conn, tenant, &row.id)? {
        if let Some(value) = readings.of(conn, tenant, objective.metric)?.value() {
            ObjectiveReading::upsert(conn, tenant, &objective.id, day, value, now)?;
            recorded += 1;
        }
    }
    Ok(recorded)
}

/// The daily job: today's value of every objective of every active programme, organisation
/// by organisation. Running it twice the same day changes nothing.
pub fn record_objective_readings(
    conn: &mut DbConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, ApiError> {
    let mut recorded = 0;
    for organisation in Organisation::all(conn)? {
        let tenant = organisation.tenant();
        let active = ProgrammeQuery {
            tenant: &tenant,
            status: Some(ProgrammeStatus::Active),
            after: None,
            limit: i64::MAX,
        }
        .list(conn)?;
        for row in &active {
            recorded += record_programme_readings(conn, &tenant, row, Moment::Now(now), now)?;
        }
    }
    Ok(recorded)
}

pub fn create_programme(
    conn: &mut DbConnection,
    actor: &Actor,
    fields: &ProgrammeFields,
) -> Result<ProgrammeDetail, ApiError> {
    let row = ProgrammeRow::new(&actor.tenant, &actor.user, fields, actor.now);
    row.insert(conn)?;
    actor.record(conn, EventKind::ProgrammeCreated, SubjectType::Programme, &row.id)?;
    detail(conn, &row)
}

pub fn update_programme(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    fields: &ProgrammeFields,
) -> Result<ProgrammeDetail, ApiError> {
    let row = editable(conn, &actor.tenant, id)?;
    // Once active, the programme has started: its start cannot move after the day its
    // baselines were measured.
    if let Some(activated_at) = row.activated_at {
        if fields.starts_on > activated_at.date() {
            return Err(ApiError::field(
                "starts_on",
                "after_activation",
                format!(
                    "an active programme started when it was activated ({}); its start cannot be later",
                    activated_at.date()
                ),
            ));
        }
    }
    let objectives = ObjectiveRow::list_for_programme(conn, &actor.tenant, id)?;
    if objectives
        .iter()
        .any(|o| o.due_on <= fields.starts_on || o.due_on > fields.ends_on)
    {
        return Err(ApiError::field(
            "ends_on",
            "objectives_outside_period",
            "some objectives are due outside this period; change their due dates first",
        ));
    }
    ProgrammeRow::update_fields(conn, &actor.tenant, id, fields, actor.now)?;
    actor.record(conn, EventKind::ProgrammeUpdated, SubjectType::Programme, id)?;
    let row = found(conn, &actor.tenant, id)?;
    detail(conn, &row)
}

pub fn delete_programme(conn: &mut DbConnection, actor: &Actor, id: &ProgrammeId) -> Result<(), ApiError> {
    let row = found(conn, &actor.tenant, id)?;
    if row.status != ProgrammeStatus::Draft {
        return Err(ApiError::conflict(
            "programme_not_draft",
            "only a draft can be deleted; close an active programme instead",
        ));
    }
    ProgrammeRow::delete_draft(conn, &actor.tenant, id)?;
    actor.record(conn, EventKind::ProgrammeDeleted, SubjectType::Programme, id)
}

/// draft → active: each objective's baseline is captured at the actor's moment.
pub fn activate_programme(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
) -> Result<ProgrammeDetail, ApiError> {
    let row = found(conn, &actor.tenant, id)?;
    let objectives = ObjectiveRow::list_for_programme(conn, &actor.tenant, id)?;
    rules::activate(row.status, objectives.len()).map_err(|e| ApiError::conflict(e.code(), e.message()))?;
    let k = organisation_k(conn, &actor.tenant)?;
    for objective in &objectives {
        capture_baseline(conn, actor, objective, k)?;
    }
    ProgrammeRow::mark_active(conn, &actor.tenant, id, actor.now)?;
    actor.record(conn, EventKind::ProgrammeActivated, SubjectType::Programme, id)?;
    let row = found(conn, &actor.tenant, id)?;
    detail(conn, &row)
}

/// active → closed, with what was learnt.
pub fn close_programme(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    retrospective: &str,
) -> Result<ProgrammeDetail, ApiError> {
    let row = found(conn, &actor.tenant, id)?;
    rules::close(row.status).map_err(|e| ApiError::conflict(e.code(), e.message()))?;
    // The figures at closing are kept as they are: later changes (people, retention) must
    // not rewrite what the programme achieved.
    let at_closing = dashboard(conn, &actor.tenant, &row, actor.now)?;
    let kept = serde_json::to_string(&at_closing).map_err(|e| ApiError::Internal(e.to_string()))?;
    ProgrammeClosing::record(conn, &actor.tenant, id, &kept, actor.now)?;
    ProgrammeRow::mark_closed(conn, &actor.tenant, id, retrospective, actor.now)?;
    actor.record(conn, EventKind::ProgrammeClosed, SubjectType::Programme, id)?;
    let row = found(conn, &actor.tenant, id)?;
    detail(conn, &row)
}

pub fn add_need(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    fields: &NeedFields,
) -> Result<NeedRow, ApiError> {
    let programme = editable(conn, &actor.tenant, id)?;
    let row = NeedRow::new(&actor.tenant, &programme.id, fields, actor.now);
    row.insert(conn)?;
    actor.record(conn, EventKind::NeedCreated, SubjectType::Need, &row.id)?;
    Ok(row)
}

pub fn update_need(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    need_id: &NeedId,
    fields: &NeedFields,
) -> Result<NeedRow, ApiError> {
    editable(conn, &actor.tenant, id)?;
    NeedRow::find(conn, &actor.tenant, id, need_id)?.ok_or(ApiError::NotFound)?;
    NeedRow::update_fields(conn, &actor.tenant, need_id, fields, actor.now)?;
    actor.record(conn, EventKind::NeedUpdated, SubjectType::Need, need_id)?;
    NeedRow::find(conn, &actor.tenant, id, need_id)?.ok_or(ApiError::NotFound)
}

pub fn delete_need(conn: &mut DbConnection, actor: &Actor, id: &ProgrammeId, need_id: &NeedId) -> Result<(), ApiError> {
    editable(conn, &actor.tenant, id)?;
    NeedRow::find(conn, &actor.tenant, id, need_id)?.ok_or(ApiError::NotFound)?;
    if NeedRow::objective_count(conn, &actor.tenant, need_id)? > 0 {
        return Err(ApiError::conflict(
            "need_has_objectives",
            "objectives answer this need; delete or move them first",
        ));
    }
    NeedRow::delete(conn, &actor.tenant, need_id)?;
    actor.record(conn, EventKind::NeedDeleted, SubjectType::Need, need_id)
}

/// Checks an objective against its programme and need; returns the checked fields.
fn checked_objective(
    conn: &mut DbConnection,
    tenant: &Tenant,
    programme: &ProgrammeRow,
    body: &ObjectiveRequest,
) -> Result<ObjectiveFields, ApiError> {
    let fields = body.validate(programme.starts_on, programme.ends_on)?;
    if NeedRow::find(conn, tenant, &programme.id, &fields.need_id)?.is_none() {
        return Err(ApiError::field(
            "need_id",
            "unknown_need",
            "need_id is not a need of this programme",
        ));
    }
    Ok(fields)
}

/// Adds an objective; in an active programme its baseline is captured at once.
pub fn add_objective(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    body: &ObjectiveRequest,
) -> Result<ObjectiveRow, ApiError> {
    let programme = editable(conn, &actor.tenant, id)?;
    let fields = checked_objective(conn, &actor.tenant, &programme, body)?;
    let row = ObjectiveRow::new(&actor.tenant, &programme.id, &fields, actor.now);
    row.insert(conn)?;
    if programme.status == ProgrammeStatus::Active {
        let k = organisation_k(conn, &actor.tenant)?;
        capture_baseline(conn, actor, &row, k)?;
    }
    actor.record(conn, EventKind::ObjectiveCreated, SubjectType::Objective, &row.id)?;
    let added = ObjectiveRow::find(conn, &actor.tenant, &programme.id, &row.id)?.ok_or(ApiError::NotFound)?;
    // Added to an active programme, its baseline is measured now: the target must lie beyond.
    target_beyond_baseline(fields.target, added.baseline)?;
    Ok(added)
}

/// A target at or below the measured baseline would count as reached from the first day.
fn target_beyond_baseline(target: f64, baseline: Option<f64>) -> Result<(), ApiError> {
    match baseline {
        Some(baseline) if target <= baseline => Err(ApiError::field(
            "target",
            "not_above_baseline",
            format!("the target must be above the baseline measured at activation ({baseline})"),
        )),
        _ => Ok(()),
    }
}

/// Replaces an objective; once the programme is active its metric is fixed.
pub fn update_objective(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    objective_id: &ObjectiveId,
    body: &ObjectiveRequest,
) -> Result<ObjectiveRow, ApiError> {
    let programme = editable(conn, &actor.tenant, id)?;
    let existing = ObjectiveRow::find(conn, &actor.tenant, id, objective_id)?.ok_or(ApiError::NotFound)?;
    let fields = checked_objective(conn, &actor.tenant, &programme, body)?;
    target_beyond_baseline(fields.target, existing.baseline)?;
    if programme.status == ProgrammeStatus::Active && fields.metric != existing.metric {
        return Err(ApiError::conflict(
            "metric_locked",
            "the metric of an active programme's objective cannot change; add a new objective instead",
        ));
    }
    ObjectiveRow::update_fields(conn, &actor.tenant, objective_id, &fields, actor.now)?;
    actor.record(conn, EventKind::ObjectiveUpdated, SubjectType::Objective, objective_id)?;
    ObjectiveRow::find(conn, &actor.tenant, id, objective_id)?.ok_or(ApiError::NotFound)
}

pub fn delete_objective(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &ProgrammeId,
    objective_id: &ObjectiveId,
) -> Result<(), ApiError> {
    editable(conn, &actor.tenant, id)?;
    ObjectiveRow::find(conn, &actor.tenant, id, objective_id)?.ok_or(ApiError::NotFound)?;
    ObjectiveRow::delete(conn, &actor.tenant, objective_id)?;
    actor.record(conn, EventKind::ObjectiveDeleted, SubjectType::Objective, objective_id)
}

/// The dashboard (W4) as the reader sees it: a closed programme's as kept at closing (with
/// the programme as it is now: its retrospective), any other's as it stands at `now`.
pub fn current_dashboard(
    conn: &mut DbConnection,
    tenant: &Tenant,
    row: &ProgrammeRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ProgrammeDashboard, ApiError> {
    if let Some(kept) = ProgrammeClosing::find(conn, tenant, &row.id)? {
        let mut at_closing: ProgrammeDashboard =
            serde_json::from_str(&kept).map_err(|e| ApiError::Internal(format!("closing dashboard: {e}")))?;
        at_closing.programme = row.to_programme();
        return Ok(at_closing);
    }
    dashboard(conn, tenant, row, now)
}

/// The dashboard (W4) of a programme, as it stands at `now`.
pub fn dashboard(
    conn: &mut DbConnection,
    tenant: &Tenant,
    row: &ProgrammeRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ProgrammeDashboard, ApiError> {
    let k = organisation_k(conn, tenant)?;
    let objectives = ObjectiveRow::list_for_programme(conn, tenant, &row.id)?;
    let readings_by_day = ObjectiveReading::of_programme(conn, tenant, &row.id)?;
    let mut progress = Vec::with_capacity(objectives.len());
    let mut readings = MetricReadings::at(Moment::Now(now), k);
    for objective in &objectives {
        let metric = objective.metric;
        let current = readings.of(conn, tenant, metric)?;
        let pacing = match (objective.baseline, objective.baseline_at, current.value()) {
            (Some(baseline), Some(started_at), Some(value)) => Some(rules::pacing(
                baseline,
                objective.target,
                value,
                started_at.and_utc(),
                objective.due_on,
                now,
            )),
            _ => None,
        };
        let trend = readings_by_day
            .iter()
            .filter(|reading| reading.objective_id == objective.id)
            .map(|reading| TrendPoint {
                day: reading.day,
                value: reading.value,
            })
            .collect();
        progress.push(ObjectiveProgress {
            objective: objective.to_objective(),
            unit: metric.unit(),
            current,
            pacing,
            trend,
        });
    }
    let learners = accounts_of_role(conn, tenant, Role::Learner, now, k)?;
    let (ambassadors, active_ambassadors) = people_of_role(conn, tenant, Role::Ambassador, now, k)?;
    Ok(ProgrammeDashboard {
        programme: row.to_programme(),
        objectives: progress,
        learners,
        ambassadors,
        active_ambassadors,
        coverage: Reading::NoData,
        k,
        computed_at: now,
    })
}

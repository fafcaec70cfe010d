//! HR file imports (C1). Sending a file stores it and queues its preview; the preview says
//! what applying would do and lists every bad row; applying is a second, explicit step,
//! run as a job that compares the file again with the directory as it then is and writes
//! all of it in one transaction, or nothing. Imports of one organisation apply one at a
//! time (`lock_directory`).

use crate::errors::ApiError;
use crate::extract::{ApiQuery, LargeJson};
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use relais_db::directory::{apply_plan, lock_directory, snapshot, ImportRow, ImportSummaryRow};
use relais_db::events::EventRow;
use relais_db::identity::{SessionRow, UserRow};
use relais_db::jobs::{JobRow, NewJob};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::directory::import::{
    parse_hr_file, plan_import, DirectoryImport, ImportPlan, ImportProgress, ImportReport, ImportRequest, ImportState,
    MAX_FILE_BYTES,
};
use relais_domain::directory::ImportId;
use relais_domain::events::{DomainEvent, EventKind, SubjectType};
use relais_domain::ids::{Tenant, UserId};
use relais_domain::jobs::JobKind;
use relais_domain::pagination::{Page, PageQuery, PageRequest};
use relais_domain::Problem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// The request body's bound: the file, escaped in JSON, plus its envelope.
const BODY_LIMIT: usize = MAX_FILE_BYTES * 2 + 64 * 1024;

/// How far each running import is, in this process. A screen polling another process sees
/// the state without the figures.
static PROGRESS: LazyLock<Mutex<HashMap<ImportId, ImportProgress>>> = LazyLock::new(Default::default);

fn set_progress(id: &ImportId, done: u32, total: u32) {
    if let Ok(mut progress) = PROGRESS.lock() {
        progress.insert(id.clone(), ImportProgress { done, total });
    }
}

fn clear_progress(id: &ImportId) {
    if let Ok(mut progress) = PROGRESS.lock() {
        progress.remove(id);
    }
}

fn progress_of(id: &ImportId) -> Option<ImportProgress> {
    PROGRESS.lock().ok().and_then(|progress| progress.get(id).copied())
}

/// What an import job is given.
#[derive(Debug, Serialize, Deserialize)]
struct ImportJob {
    import_id: ImportId,
}

fn report_of(json: Option<&str>) -> Option<ImportReport> {
    json.and_then(|json| serde_json::from_str(json).ok())
}

fn to_import(conn: &mut DbConnection, tenant: &Tenant, row: &ImportSummaryRow) -> Result<DirectoryImport, ApiError> {
    let created_by_name = match &row.created_by {
        Some(id) => UserRow::find(conn, tenant, &UserId::new(id.clone()))?.map(|u| u.display_name),
        None => None,
    };
    let running = matches!(row.state, ImportState::Previewing | ImportState::Applying);
    Ok(DirectoryImport {
        id: row.id.clone(),
        file_name: row.file_name.clone(),
        state: row.state,
        deactivate_missing: row.deactivate_missing == 1,
        created_by_name,
        created_at: row.created_at.and_utc(),
        progress: if running { progress_of(&row.id) } else { None },
        preview: report_of(row.preview.as_deref()),
        result: report_of(row.result.as_deref()),
        applied_at: row.applied_at.map(|t| t.and_utc()),
    })
}

fn enqueue(
    conn: &mut DbConnection,
    tenant: &Tenant,
    kind: JobKind,
    id: &ImportId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let payload = serde_json::to_string(&ImportJob { import_id: id.clone() })
        .map_err(|e| ApiError::Internal(format!("import job payload: {e}")))?;
    JobRow::enqueue(
        conn,
        NewJob {
            tenant: Some(tenant.clone()),
            kind,
            payload,
            unique_key: Some(format!("{}:{id}", kind.as_str())),
            run_at: now,
            max_attempts: 3,
        },
        now,
    )?;
    Ok(())
}

/// Send an HR file: it is stored and its preview starts at once (`state` is `previewing`
/// until the preview is ready; poll the `Location`). Nothing changes in the directory until
/// the import is applied. Admins only.
///
/// The file: UTF-8 with or without BOM, `;` or `,` separated, a header line naming the
/// columns `hr_id`, `name`, `email` (required), `job_title`, `management_level` (`none`,
/// `team_lead`, `manager`, `site_manager`, `regional_director`, `executive`),
/// `manager_hr_id`, `site`, `site_kind` (`store`, `agency`, `plant`, `office`,
/// `field_team`), `region`, `domains` (separated by `|`), `work_pattern` (`office`,
/// `field`, `itinerant`), `active` (`yes`/`no`). Unknown columns are ignored.
#[utoipa::path(
    tag = "directory",
    request_body = ImportRequest,
    responses(
        (status = 202, body = DirectoryImport, headers(("Location" = String, description = "The import, to poll"))),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directory/imports")]
pub async fn start_import(
    state: web::Data<AppState>,
    caller: Caller,
    body: LargeJson<ImportRequest, BODY_LIMIT>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let checked = body.into_inner()?.validate()?;
    let now = state.now();
    let import = state
        .db_write(move |conn| {
            let tenant = caller.tenant().clone();
            let row = ImportRow {
                id: ImportId::generate(),
                organisation_id: tenant.as_str().to_owned(),
                created_by: Some(caller.user_id.as_str().to_owned()),
                file_name: checked.file_name,
                content: checked.content,
                deactivate_missing: i32::from(checked.deactivate_missing),
                state: ImportState::Previewing,
                preview: None,
                result: None,
                created_at: relais_db::stored(now),
                updated_at: relais_db::stored(now),
                applied_at: None,
            };
            row.insert(conn)?;
            enqueue(conn, &tenant, JobKind::PreviewDirectoryImport, &row.id, now)?;
            let summary = ImportSummaryRow::find(conn, &tenant, &row.id)?.ok_or(ApiError::NotFound)?;
            to_import(conn, &tenant, &summary)
        })
        .await?;
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("/api/v1/directory/imports/{}", import.id)))
        .json(import))
}

/// The organisation's imports, newest first. Admins only.
#[utoipa::path(
    tag = "directory",
    params(PageQuery),
    responses(
        (status = 200, body = Page<DirectoryImport>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory/imports")]
pub async fn list_imports(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<web::Json<Page<DirectoryImport>>, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let result = state
        .db(move |conn| {
            let after = page.after_id::<ImportId>();
            let rows = ImportSummaryRow::list(conn, caller.tenant(), after.as_ref(), i64::from(page.limit) + 1)?;
            let imports = rows
                .iter()
                .map(|row| to_import(conn, caller.tenant(), row))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(page.page(imports, |i: &DirectoryImport| i.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// One import: its state, its progress while it runs, its preview and result. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Import id")),
    responses(
        (status = 200, body = DirectoryImport),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/directory/imports/{id}")]
pub async fn get_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ImportId>,
) -> Result<web::Json<DirectoryImport>, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let import = state
        .db(move |conn| {
            let row = ImportSummaryRow::find(conn, caller.tenant(), &id)?.ok_or(ApiError::NotFound)?;
            to_import(conn, caller.tenant(), &row)
        })
        .await?;
    Ok(web::Json(import))
}

/// Apply a previewed import without errors: queued, then applied all or nothing against the
/// directory as it is then (an error found then rejects it and changes nothing). Imports of
/// one organisation apply one after the other. Admins only.
#[utoipa::path(
    tag = "directory",
    params(("id" = String, Path, description = "Import id")),
    responses(
        (status = 202, body = DirectoryImport),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not previewed yet, has errors, or already applied", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directory/imports/{id}/apply")]
pub async fn apply_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ImportId>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageDirectory)?;
    let now = state.now();
    let import = state
        .db_write(move |conn| {
            let tenant = caller.tenant().clone();
            let row = ImportSummaryRow::find(conn, &tenant, &id)?.ok_or(ApiError::NotFound)?;
            match row.state {
                ImportState::Previewed => {}
                ImportState::Previewing => {
                    return Err(ApiError::conflict(
                        "import_not_previewed",
                        "the preview is not ready yet",
                    ))
                }
                _ => {
                    return Err(ApiError::conflict(
                        "import_already_applied",
                        "this import was already applied",
                    ))
                }
            }
            if report_of(row.preview.as_deref()).is_none_or(|report| report.error_count > 0) {
                return Err(ApiError::conflict(
                    "import_has_errors",
                    "the file has errors: correct them and send it again",
                ));
            }
            ImportRow::set_state(conn, &tenant, &id, ImportState::Applying, now)?;
            enqueue(conn, &tenant, JobKind::ApplyDirectoryImport, &id, now)?;
            let row = ImportSummaryRow::find(conn, &tenant, &id)?.ok_or(ApiError::NotFound)?;
            to_import(conn, &tenant, &row)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(import))
}

/// The plan of a file against the directory as it is now.
fn plan_file(
    conn: &mut DbConnection,
    tenant: &Tenant,
    content: &str,
    deactivate_missing: bool,
    importer: Option<&UserId>,
) -> Result<ImportPlan, ApiError> {
    let file = parse_hr_file(content);
    let emails: Vec<&str> = file.records.iter().map(|r| r.email.as_str()).collect();
    let directory = snapshot(conn, tenant, &emails, importer)?;
    drop(emails);
    Ok(plan_import(file, &directory, deactivate_missing))
}

/// A file to apply now, and who applies it for which organisation.
pub struct FileImport<'a> {
    pub tenant: &'a Tenant,
    /// The stored import it comes from, if any (the event names it).
    pub import: Option<&'a ImportId>,
    pub importer: Option<&'a UserId>,
    pub content: &'a str,
    pub deactivate_missing: bool,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Applies a file now, in the caller's transaction: the one implementation of applying,
/// for the apply job, the demo and the benchmark. Returns the plan's report and who was
/// deactivated; with errors, nothing is written.
pub fn import_file(
    conn: &mut DbConnection,
    file: &FileImport<'_>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<(ImportReport, Vec<UserId>), ApiError> {
    let FileImport {
        tenant,
        import,
        importer,
        content,
        deactivate_missing,
        now,
    } = *file;
    lock_directory(conn, tenant)?;
    let plan = plan_file(conn, tenant, content, deactivate_missing, importer)?;
    if plan.has_errors() {
        return Ok((plan.report, Vec::new()));
    }
    let applied = apply_plan(conn, tenant, &plan, now, progress)?;
    for person in &applied.deactivated {
        SessionRow::revoke_all_of_user(conn, tenant, person, "deactivated", now)?;
    }
    let mut event = DomainEvent {
        kind: EventKind::DirectoryImported,
        actor: importer.cloned(),
        subject: None,
        occurred_at: now,
    };
    if let Some(import) = import {
        event = event.about(SubjectType::DirectoryImport, import);
    }
    // One event per person whose account changed: the roll-ups count accounts from them.
    let mut events = vec![EventRow::of(tenant, &event)];
    for (kind, people) in [
        (EventKind::UserCreated, &applied.created),
        (EventKind::UserDeactivated, &applied.deactivated),
        (EventKind::UserReactivated, &applied.reactivated),
    ] {
        for person in people {
            let change = DomainEvent {
                kind,
                actor: importer.cloned(),
                subject: None,
                occurred_at: now,
            }
            .about(SubjectType::User, person);
            events.push(EventRow::of(tenant, &change));
        }
    }
    EventRow::record_many(conn, &events)?;
    Ok((plan.report, applied.deactivated))
}

fn job_import(job: &JobRow) -> Result<(Tenant, ImportId), ApiError> {
    let payload: ImportJob =
        serde_json::from_str(&job.payload).map_err(|e| ApiError::Internal(format!("import job payload: {e}")))?;
    let organisation = job
        .organisation_id
        .clone()
        .ok_or_else(|| ApiError::Internal("an import job without organisation".into()))?;
    Ok((Tenant::new(organisation.into()), payload.import_id))
}

/// The preview job: reads the file, compares it with the directory, stores the report.
pub fn run_preview(conn: &mut DbConnection, state: &AppState, job: &JobRow) -> Result<(), ApiError> {
    let (tenant, id) = job_import(job)?;
    let Some(row) = ImportRow::find(conn, &tenant, &id)? else {
        return Ok(());
    };
    if row.state != ImportState::Previewing {
        return Ok(());
    }
    set_progress(&id, 0, 0);
    let importer = row.created_by.clone().map(UserId::new);
    let plan = plan_file(
        conn,
        &tenant,
        &row.content,
        row.deactivate_missing == 1,
        importer.as_ref(),
    );
    clear_progress(&id);
    let report = serde_json::to_string(&plan?.report).map_err(|e| ApiError::Internal(format!("import report: {e}")))?;
    ImportRow::set_preview(conn, &tenant, &id, &report, state.now())?;
    Ok(())
}

/// The apply job: applies the file all or nothing, or rejects it with the errors found now.
pub fn run_apply(conn: &mut DbConnection, state: &AppState, job: &JobRow) -> Result<(), ApiError> {
    let (tenant, id) = job_import(job)?;
    // Waits here for another import of the organisation to commit.
    lock_directory(conn, &tenant)?;
    let Some(row) = ImportRow::find(conn, &tenant, &id)? else {
        return Ok(());
    };
    if row.state != ImportState::Applying {
        return Ok(());
    }
    let importer = row.created_by.clone().map(UserId::new);
    let now = state.now();
    let file = FileImport {
        tenant: &tenant,
        import: Some(&id),
        importer: importer.as_ref(),
        content: &row.content,
        deactivate_missing: row.deactivate_missing == 1,
        now,
    };
    let outcome = import_file(conn, &file, &mut |done, total| set_progress(&id, done, total));
    clear_progress(&id);
    let (report, deactivated) = outcome?;
    let result_state = if report.error_count > 0 {
        ImportState::Rejected
    } else {
        ImportState::Applied
    };
    let json = serde_json::to_string(&report).map_err(|e| ApiError::Internal(format!("import report: {e}")))?;
    ImportRow::set_result(conn, &tenant, &id, result_state, &json, now)?;
    for person in deactivated {
        state.sessions.forget_user(&person);
    }
    Ok(())
}

//! The HR file import (C1): the file's format, its parsing into checked records with one
//! error per bad row, and the plan that compares the file with the directory — who is
//! created, updated, left unchanged, deactivated; which regions, sites and domains are new.
//! Planning is pure: the storage layer loads the directory, applies a plan without errors
//! in one transaction, and nothing is written when the plan has any.

use super::{check_hr_id, ImportId, ManagementLevel, SiteKind, WorkPattern, MAX_DOMAINS_PER_PERSON};
use crate::identity::Email;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Largest file accepted, in bytes (about 100,000 rows of a typical export).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Most rows in one file.
pub const MAX_ROWS: usize = 100_000;
/// Most errors and changes a report lists; the counts are always complete.
pub const MAX_LISTED: usize = 500;
/// What separates expertise domains inside the `domains` cell.
pub const DOMAIN_SEPARATOR: char = '|';

/// The file's columns, in the documented order. Only `hr_id`, `name` and `email` are
/// required; others may be absent (their value is then the default) and unknown columns
/// are ignored and reported.
pub const COLUMNS: [&str; 12] = [
    "hr_id",
    "name",
    "email",
    "job_title",
    "management_level",
    "manager_hr_id",
    "site",
    "site_kind",
    "region",
    "domains",
    "work_pattern",
    "active",
];
const REQUIRED: [&str; 3] = ["hr_id", "name", "email"];

crate::stored_enum! {
    /// Where an import is.
    pub enum ImportState {
        /// The file is being read and compared with the directory.
        Previewing = "previewing",
        /// The preview is ready: nothing has changed yet.
        Previewed = "previewed",
        /// Asked to apply: waiting for its turn (one import of an organisation at a time), or applying.
        Applying = "applying",
        /// Applied, all of it.
        Applied = "applied",
        /// The file had errors when applied: nothing changed.
        Rejected = "rejected",
    }
}

crate::stored_enum! {
    /// What an import does to one person.
    pub enum ChangeKind {
        Create = "create",
        Update = "update",
        Deactivate = "deactivate",
    }
}

/// Sending an HR file. The preview comes first; applying is a second step.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The file's name, as shown in the import history.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub file_name: String,
    /// The file: UTF-8 (with or without BOM), `;` or `,` separated, a header line first.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 16777216,
            pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFD]*[^\\s\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFD][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFD]*$"
        )
    )]
    pub content: String,
    /// Deactivate people with an HR id who are absent from the file (a full export).
    /// Default true.
    #[serde(default)]
    pub deactivate_missing: Option<bool>,
}

/// Whether a file read as UTF-8 is text: a binary file (or one in another encoding, read as
/// UTF-8) shows replacement characters and control bytes.
pub fn is_text(content: &str) -> bool {
    !content
        .chars()
        .any(|c| c == '\u{FFFD}' || (c < ' ' && !matches!(c, '\t' | '\n' | '\r')))
}

/// A checked `ImportRequest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedImport {
    pub file_name: String,
    pub content: String,
    pub deactivate_missing: bool,
}

impl ImportRequest {
    pub fn validate(self) -> Result<CheckedImport, Vec<crate::FieldError>> {
        let mut errors = crate::FieldErrors::new();
        let file_name = errors.check(crate::errors::text_field("file_name", &self.file_name, 1, 200));
        if self.content.len() > MAX_FILE_BYTES {
            errors.add(
                "content",
                "too_long",
                format!("the file must be at most {} MiB", MAX_FILE_BYTES / 1024 / 1024),
            );
        } else if self.content.trim().is_empty() {
            errors.add("content", "required", "the file is empty");
        } else if !is_text(&self.content) {
            errors.add(
                "content",
                "not_text",
                "the file is not UTF-8 text: export it as CSV UTF-8",
            );
        }
        let deactivate_missing = self.deactivate_missing.unwrap_or(true);
        errors.finish(|| CheckedImport {
            file_name: file_name.unwrap_or_default(),
            content: self.content,
            deactivate_missing,
        })
    }
}

/// One problem of the file: where (line, column) and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportError {
    /// 1 is the header line.
    pub line: u32,
    /// The column's name; none for a problem of the whole line or file.
    pub column: Option<String>,
    /// Stable code: `required`, `invalid`, `duplicate_hr_id`, `duplicate_email`, `email_taken`,
    /// `unknown_manager`, `manager_cycle`, `site_in_other_region`, `missing_column`, …
    pub code: String,
    /// What is wrong, in English; the web app shows its own words for the code.
    pub message: String,
}

/// One person's change, as the preview lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportChange {
    /// The file's line; none for a deactivation (the person is absent from the file).
    pub line: Option<u32>,
    pub hr_id: String,
    pub display_name: String,
    pub kind: ChangeKind,
    /// The columns whose value changes (updates only).
    pub fields: Vec<String>,
}

/// What an import does, or did: complete counts, the first changes and errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Data rows read (the header and empty lines are not rows).
    pub rows: u32,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub deactivated: u32,
    pub new_regions: Vec<String>,
    pub new_sites: Vec<String>,
    pub new_domains: Vec<String>,
    /// Columns of the file that are not part of the format, ignored.
    pub ignored_columns: Vec<String>,
    /// All errors counted; the first `MAX_LISTED` listed.
    pub error_count: u32,
    pub errors: Vec<ImportError>,
    /// The first `MAX_LISTED` changes.
    pub changes: Vec<ImportChange>,
}

/// How far the running step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
}

/// An import as admins follow it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryImport {
    pub id: ImportId,
    pub file_name: String,
    pub state: ImportState,
    pub deactivate_missing: bool,
    /// Who sent the file.
    pub created_by_name: Option<String>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
    /// While previewing or applying, in the process doing it.
    pub progress: Option<ImportProgress>,
    /// What applying would do, as of the preview.
    pub preview: Option<ImportReport>,
    /// What applying did (or, when rejected, why nothing changed).
    pub result: Option<ImportReport>,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub applied_at: Option<DateTime<Utc>>,
}

/// One data row of the file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HrRecord {
    pub line: u32,
    pub hr_id: String,
    pub display_name: String,
    pub email: String,
    pub job_title: String,
    pub management_level: ManagementLevel,
    pub manager_hr_id: Option<String>,
    pub site: Option<String>,
    pub site_kind: Option<SiteKind>,
    pub region: Option<String>,
    /// Trimmed, without duplicates (case ignored), in the file's order.
    pub domains: Vec<String>,
    pub work_pattern: WorkPattern,
    pub active: bool,
}

/// The file read: its good rows, one error per bad row, the columns it ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HrFile {
    pub records: Vec<HrRecord>,
    pub errors: Vec<ImportError>,
    pub ignored_columns: Vec<String>,
    /// Data rows read, good or bad.
    pub rows: u32,
}

fn error(line: u32, column: Option<&str>, code: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        column: column.map(str::to_owned),
        code: code.to_owned(),
        message: message.into(),
    }
}

/// A name as compared: trimmed, lower case, inner spaces collapsed.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A vocabulary value as HR files write it: case, spaces and hyphens ignored.
fn vocabulary_key(value: &str) -> String {
    value.trim().to_lowercase().replace([' ', '-'], "_")
}

fn parse_level(value: &str) -> Option<ManagementLevel> {
    if value.trim().is_empty() {
        return Some(ManagementLevel::None);
    }
    ManagementLevel::parse(&vocabulary_key(value))
}

fn parse_pattern(value: &str) -> Option<WorkPattern> {
    if value.trim().is_empty() {
        return Some(WorkPattern::Office);
    }
    WorkPattern::parse(&vocabulary_key(value))
}

fn parse_active(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "y" | "oui" | "o" | "active" | "actif" => Some(true),
        "0" | "false" | "no" | "n" | "non" | "inactive" | "inactif" => Some(false),
        _ => None,
    }
}

fn list_names(vocabulary: &[&str]) -> String {
    vocabulary.join(", ")
}

/// Reads an HR file. Never fails as a whole: a file that cannot be read at all (no header,
/// a required column missing) gives one error on line 1 and no records.
pub fn parse_hr_file(content: &str) -> HrFile {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    // Windows and spreadsheet exports end lines with CR LF: read as LF, line numbers count
    // lines as an editor shows them.
    let normalised;
    let content = if content.contains('\r') {
        normalised = content.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        content
    };
    let header_line = content.lines().find(|line| !line.trim().is_empty()).unwrap_or_default();
    // The header says which separator the export uses.
    let delimiter = if header_line.matches(';').count() >= header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(content.as_bytes());
    let mut file = HrFile::default();
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            file.errors
                .push(error(1, None, "unreadable", format!("the header cannot be read: {e}")));
            return file;
        }
    };
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (position, name) in names.iter().enumerate() {
        match COLUMNS.iter().find(|c| **c == name.as_str()) {
            Some(column) => {
                if index.insert(column, position).is_some() {
                    file.errors.push(error(
                        1,
                        Some(column),
                        "duplicate_column",
                        format!("the column {column} appears twice"),
                    ));
                }
            }
            None if name.is_empty() => {}
            None => file
                .ignored_columns
                .push(headers.get(position).unwrap_or_default().trim().to_owned()),
        }
    }
    for required in REQUIRED {
        if !index.contains_key(required) {
            file.errors.push(error(
                1,
                Some(required),
                "missing_column",
                format!(
                    "the header has no {required} column (the columns are: {})",
                    COLUMNS.join(", ")
                ),
            ));
        }
    }
    if !file.errors.is_empty() {
        return file;
    }
    let mut seen_hr_ids: HashMap<String, u32> = HashMap::new();
    let mut seen_emails: HashMap<String, u32> = HashMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as u32);
                file.rows += 1;
                file.errors
                    .push(error(line, None, "unreadable", format!("the line cannot be read: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as u32);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        file.rows += 1;
        if file.rows as usize > MAX_ROWS {
            file.errors.push(error(
                line,
                None,
                "too_many_rows",
                format!("a file holds at most {MAX_ROWS} rows"),
            ));
            break;
        }
        let cell = |column: &str| -> &str {
            index
                .get(column)
                .and_then(|position| record.get(*position))
                .map(str::trim)
                .unwrap_or_default()
        };
        let mut row_errors = Vec::new();
        let hr_id = check_hr_id("hr_id", cell("hr_id"))
            .map_err(|e| row_errors.push(error(line, Some("hr_id"), &e.code, e.message)))
            .ok();
        let display_name = crate::text::DisplayName::from(cell("name"))
            .check("name")
            .map_err(|e| row_errors.push(error(line, Some("name"), &e.code, e.message)))
            .ok();
        let email = Email::parse("email", cell("email"))
            .map_err(|e| row_errors.push(error(line, Some("email"), &e.code, e.message)))
            .ok();
        let job_title = crate::directory::JobTitle::from(cell("job_title"))
            .check("job_title")
            .map_err(|e| row_errors.push(error(line, Some("job_title"), &e.code, e.message)))
            .ok();
        let level = parse_level(cell("management_level"));
        if level.is_none() {
            row_errors.push(error(
                line,
                Some("management_level"),
                "invalid",
                format!(
                    "{:?} is not a management level (one of: {})",
                    cell("management_level"),
                    list_names(&ManagementLevel::ALL.map(ManagementLevel::as_str))
                ),
            ));
        }
        let pattern = parse_pattern(cell("work_pattern"));
        if pattern.is_none() {
            row_errors.push(error(
                line,
                Some("work_pattern"),
                "invalid",
                format!(
                    "{:?} is not a work pattern (one of: {})",
                    cell("work_pattern"),
                    list_names(&WorkPattern::ALL.map(WorkPattern::as_str))
                ),
            ));
        }
        let active = parse_active(cell("active"));
        if active.is_none() {
            row_errors.push(error(
                line,
                Some("active"),
                "invalid",
                format!("{:?} is not yes or no", cell("active")),
            ));
        }
        let site_kind = match cell("site_kind") {
            "" => None,
            kind => {
                let parsed = SiteKind::parse(&vocabulary_key(kind));
                if parsed.is_none() {
                    row_errors.push(error(
                        line,
                        Some("site_kind"),
                        "invalid",
                        format!(
                            "{kind:?} is not a kind of site (one of: {})",
                            list_names(&SiteKind::ALL.map(SiteKind::as_str))
                        ),
                    ));
                }
                parsed
            }
        };
        let mut place = |column: &str| -> Option<String> {
            match cell(column) {
                "" => None,
                value => crate::directory::check_place_name(column, &crate::directory::PlaceName::from(value))
                    .map_err(|e| row_errors.push(error(line, Some(column), &e.code, e.message)))
                    .ok(),
            }
        };
        let site = place("site");
        let region = place("region");
        let manager_hr_id = match cell("manager_hr_id") {
            "" => None,
            value => check_hr_id("manager_hr_id", value)
                .map_err(|e| row_errors.push(error(line, Some("manager_hr_id"), &e.code, e.message)))
                .ok(),
        };
        let mut domains: Vec<String> = Vec::new();
        for name in cell("domains")
            .split(DOMAIN_SEPARATOR)
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            match crate::directory::check_place_name("domains", &crate::directory::PlaceName::from(name)) {
                Ok(name) if !domains.iter().any(|d| name_key(d) == name_key(&name)) => domains.push(name),
                Ok(_) => {}
                Err(e) => row_errors.push(error(
                    line,
                    Some("domains"),
                    &e.code,
                    format!("{name:?}: {}", e.message),
                )),
            }
        }
        if domains.len() > MAX_DOMAINS_PER_PERSON {
            row_errors.push(error(
                line,
                Some("domains"),
                "too_many",
                format!("at most {MAX_DOMAINS_PER_PERSON} expertise domains"),
            ));
        }
        if let Some(hr_id) = &hr_id {
            if let Some(first) = seen_hr_ids.insert(hr_id.clone(), line) {
                seen_hr_ids.insert(hr_id.clone(), first);
                row_errors.push(error(
                    line,
                    Some("hr_id"),
                    "duplicate_hr_id",
                    format!("the HR id {hr_id} is already on line {first}"),
                ));
            }
        }
        if let Some(email) = &email {
            if let Some(first) = seen_emails.insert(email.as_str().to_owned(), line) {
                seen_emails.insert(email.as_str().to_owned(), first);
                row_errors.push(error(
                    line,
                    Some("email"),
                    "duplicate_email",
                    format!("the e-mail address is already on line {first}"),
                ));
            }
        }
        match (hr_id, display_name, email, job_title, level, pattern, active) {
            (
                Some(hr_id),
                Some(display_name),
                Some(email),
                Some(job_title),
                Some(level),
                Some(pattern),
                Some(active),
            ) if row_errors.is_empty() => {
                file.records.push(HrRecord {
                    line,
                    hr_id,
                    display_name,
                    email: email.as_str().to_owned(),
                    job_title,
                    management_level: level,
                    manager_hr_id,
                    site,
                    site_kind,
                    region,
                    domains,
                    work_pattern: pattern,
                    active,
                });
            }
            _ => file.errors.extend(row_errors),
        }
    }
    file
}

/// A person of the directory, as the plan compares them with the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExistingPerson {
    pub id: UserId,
    pub hr_id: Option<String>,
    pub email: String,
    pub display_name: String,
    pub job_title: String,
    pub management_level: ManagementLevel,
    pub manager: Option<UserId>,
    /// The site's name.
    pub site: Option<String>,
    /// Domain names.
    pub domains: Vec<String>,
    pub work_pattern: WorkPattern,
    pub active: bool,
}

/// What the plan needs of the organisation, loaded by the storage layer.
#[derive(Clone, Debug, Default)]
pub struct DirectorySnapshot {
    pub people: Vec<ExistingPerson>,
    /// Each site's name and its region's name.
    pub sites: Vec<(String, String)>,
    pub regions: Vec<String>,
    pub domains: Vec<String>,
    /// Addresses of the file used by accounts of other organisations (an address names one
    /// account across tenants): refused without saying where.
    pub emails_elsewhere: HashSet<String>,
    /// Who imports: never deactivated by their own import.
    pub importer: Option<UserId>,
}

/// Whom a person's manager is, once the plan applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManagerRef {
    None,
    Existing(UserId),
    /// A person created by this import, by HR id.
    New(String),
}

/// What the plan does with one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRow {
    pub record: HrRecord,
    /// The person it updates; none to create them.
    pub existing: Option<UserId>,
    pub manager: ManagerRef,
    /// Columns whose value changes; empty for an unchanged person (nothing written).
    pub changed: Vec<&'static str>,
}

/// A new site the plan creates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSite {
    pub name: String,
    pub kind: SiteKind,
    pub region: String,
}

/// The import's plan: what to write, and the report of it. Apply only without errors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub rows: Vec<PlannedRow>,
    pub deactivate: Vec<UserId>,
    pub new_regions: Vec<String>,
    pub new_sites: Vec<NewSite>,
    pub new_domains: Vec<String>,
    pub report: ImportReport,
}

impl ImportPlan {
    pub fn has_errors(&self) -> bool {
        self.report.error_count > 0
    }
}

/// Compares the file with the directory. People are matched by HR id; a person without an
/// HR id whose e-mail is in the file is matched by e-mail (accounts made before the first
/// import join the directory). Sites, regions and domains are matched by name, case ignored.
pub fn plan_import(file: HrFile, directory: &DirectorySnapshot, deactivate_missing: bool) -> ImportPlan {
    let mut errors = file.errors;
    let by_hr_id: HashMap<&str, &ExistingPerson> = directory
        .people
        .iter()
        .filter_map(|p| p.hr_id.as_deref().map(|h| (h, p)))
        .collect();
    let by_email: HashMap<&str, &ExistingPerson> = directory.people.iter().map(|p| (p.email.as_str(), p)).collect();
    let file_hr_ids: HashSet<String> = file.records.iter().map(|r| r.hr_id.clone()).collect();
    let site_regions: HashMap<String, &str> = directory
        .sites
        .iter()
        .map(|(site, region)| (name_key(site), region.as_str()))
        .collect();
    let known_regions: HashSet<String> = directory.regions.iter().map(|r| name_key(r)).collect();
    let known_domains: HashSet<String> = directory.domains.iter().map(|d| name_key(d)).collect();

    // Who each row is.
    let mut matched: Vec<(HrRecord, Option<&ExistingPerson>)> = Vec::with_capacity(file.records.len());
    for record in file.records {
        let existing = match by_hr_id.get(record.hr_id.as_str()) {
            Some(person) => Some(*person),
            None => match by_email.get(record.email.as_str()) {
                Some(person) if person.hr_id.is_none() => Some(*person),
                _ => None,
            },
        };
        // The address must be this person's, or free everywhere.
        let owner = by_email.get(record.email.as_str());
        let taken_here = owner.is_some_and(|owner| Some(&owner.id) != existing.map(|e| &e.id));
        if taken_here || (owner.is_none() && directory.emails_elsewhere.contains(&record.email)) {
            errors.push(error(
                record.line,
                Some("email"),
                "email_taken",
                "this e-mail address belongs to another account",
            ));
            continue;
        }
        matched.push((record, existing));
    }

    // New sites must say their region (on any of their lines), and a known site stays in
    // its region. First the sites the file defines, then every line is checked.
    let mut new_sites: BTreeMap<String, NewSite> = BTreeMap::new();
    let mut new_regions: BTreeMap<String, String> = BTreeMap::new();
    let mut new_domains: BTreeMap<String, String> = BTreeMap::new();
    for (record, _) in &matched {
        if let (Some(site), Some(region)) = (&record.site, &record.region) {
            let key = name_key(site);
            if !site_regions.contains_key(&key) && !new_sites.contains_key(&key) {
                new_sites.insert(
                    key,
                    NewSite {
                        name: site.clone(),
                        kind: record.site_kind.unwrap_or(SiteKind::Store),
                        region: region.clone(),
                    },
                );
                if !known_regions.contains(&name_key(region)) {
                    new_regions.entry(name_key(region)).or_insert_with(|| region.clone());
                }
            }
        }
    }
    let mut placed = Vec::with_capacity(matched.len());
    for (record, existing) in matched {
        let mut ok = true;
        if let Some(site) = &record.site {
            let key = name_key(site);
            let region_of_site = site_regions
                .get(&key)
                .map(|r| (*r).to_owned())
                .or_else(|| new_sites.get(&key).map(|s| s.region.clone()));
            match (region_of_site, &record.region) {
                (Some(region), Some(wanted)) if name_key(&region) != name_key(wanted) => {
                    errors.push(error(
                        record.line,
                        Some("region"),
                        "site_in_other_region",
                        format!("the site {site} is in the region {region}, not {wanted}"),
                    ));
                    ok = false;
                }
                (Some(_), _) => {}
                (None, _) => {
                    errors.push(error(
                        record.line,
                        Some("region"),
                        "required",
                        format!("the site {site} is new: its region is needed"),
                    ));
                    ok = false;
                }
            }
        }
        for domain in &record.domains {
            if !known_domains.contains(&name_key(domain)) {
                new_domains.entry(name_key(domain)).or_insert_with(|| domain.clone());
            }
        }
        if ok {
            placed.push((record, existing));
        }
    }

    // Managers: by HR id, in the file or already in the directory, in any row order.
    let mut rows: Vec<PlannedRow> = Vec::with_capacity(placed.len());
    for (record, existing) in placed {
        let manager = match &record.manager_hr_id {
            None => ManagerRef::None,
            Some(hr_id) => match (by_hr_id.get(hr_id.as_str()), file_hr_ids.contains(hr_id)) {
                (Some(person), _) => ManagerRef::Existing(person.id.clone()),
                (None, true) => ManagerRef::New(hr_id.clone()),
                (None, false) => {
                    errors.push(error(
                        record.line,
                        Some("manager_hr_id"),
                        "unknown_manager",
                        format!("no one has the HR id {hr_id}, in the file or the directory"),
                    ));
                    continue;
                }
            },
        };
        let changed = match existing {
            None => Vec::new(),
            Some(person) => changed_columns(&record, person, &manager),
        };
        rows.push(PlannedRow {
            existing: existing.map(|p| p.id.clone()),
            record,
            manager,
            changed,
        });
    }
    // Rows matched by e-mail are created under an HR id another row may name as manager:
    // resolve those names to the existing person.
    let adopted: HashMap<String, UserId> = rows
        .iter()
        .filter_map(|row| row.existing.clone().map(|id| (row.record.hr_id.clone(), id)))
        .collect();
    for row in &mut rows {
        if let ManagerRef::New(hr_id) = &row.manager {
            if let Some(id) = adopted.get(hr_id) {
                row.manager = ManagerRef::Existing(id.clone());
                if let Some(person) = directory.people.iter().find(|p| Some(&p.id) == row.existing.as_ref()) {
                    row.changed = changed_columns(&row.record, person, &row.manager);
                }
            }
        }
    }

    let cycles = rows_in_manager_cycles(&rows, directory);
    let mut kept = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        if cycles.contains(&index) {
            errors.push(error(
                row.record.line,
                Some("manager_hr_id"),
                "manager_cycle",
                format!(
                    "{} would be, through managers, their own manager",
                    row.record.display_name
                ),
            ));
        } else {
            kept.push(row);
        }
    }
    let rows = kept;

    let deactivate: Vec<&ExistingPerson> = if deactivate_missing {
        let in_file: HashSet<&UserId> = rows.iter().filter_map(|r| r.existing.as_ref()).collect();
        directory
            .people
            .iter()
            .filter(|p| {
                p.active
                    && p.hr_id.as_ref().is_some_and(|h| !file_hr_ids.contains(h))
                    && !in_file.contains(&p.id)
                    && directory.importer.as_ref() != Some(&p.id)
            })
            .collect()
    } else {
        Vec::new()
    };

    errors.sort_by_key(|e| e.line);
    let mut report = ImportReport {
        rows: file.rows,
        ignored_columns: file.ignored_columns,
        error_count: errors.len() as u32,
        ..ImportReport::default()
    };
    for row in &rows {
        let kind = match (&row.existing, row.changed.is_empty()) {
            (None, _) => {
                report.created += 1;
                ChangeKind::Create
            }
            (Some(_), true) => {
                report.unchanged += 1;
                continue;
            }
            (Some(_), false) => {
                report.updated += 1;
                ChangeKind::Update
            }
        };
        if report.changes.len() < MAX_LISTED {
            report.changes.push(ImportChange {
                line: Some(row.record.line),
                hr_id: row.record.hr_id.clone(),
                display_name: row.record.display_name.clone(),
                kind,
                fields: row.changed.iter().map(|c| (*c).to_owned()).collect(),
            });
        }
    }
    report.deactivated = deactivate.len() as u32;
    for person in &deactivate {
        if report.changes.len() < MAX_LISTED {
            report.changes.push(ImportChange {
                line: None,
                hr_id: person.hr_id.clone().unwrap_or_default(),
                display_name: person.display_name.clone(),
                kind: ChangeKind::Deactivate,
                fields: Vec::new(),
            });
        }
    }
    errors.truncate(MAX_LISTED);
    report.errors = errors;
    report.new_regions = new_regions.into_values().collect();
    report.new_sites = new_sites.values().map(|s| s.name.clone()).collect();
    report.new_domains = new_domains.into_values().collect();
    ImportPlan {
        rows,
        deactivate: deactivate.into_iter().map(|p| p.id.clone()).collect(),
        new_regions: report.new_regions.clone(),
        new_sites: new_sites.into_values().collect(),
        new_domains: report.new_domains.clone(),
        report,
    }
}

/// The columns whose value the record changes for `person`.
fn changed_columns(record: &HrRecord, person: &ExistingPerson, manager: &ManagerRef) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if person.hr_id.as_deref() != Some(record.hr_id.as_str()) {
        changed.push("hr_id");
    }
    if person.display_name != record.display_name {
        changed.push("name");
    }
    if person.email != record.email {
        changed.push("email");
    }
    if person.job_title != record.job_title {
        changed.push("job_title");
    }
    if person.management_level != record.management_level {
        changed.push("management_level");
    }
    let same_manager = match manager {
        ManagerRef::None => person.manager.is_none(),
        ManagerRef::Existing(id) => person.manager.as_ref() == Some(id),
        ManagerRef::New(_) => false,
    };
    if !same_manager {
        changed.push("manager_hr_id");
    }
    if person.site.as_deref().map(name_key) != record.site.as_deref().map(name_key) {
        changed.push("site");
    }
    let mut had: Vec<String> = person.domains.iter().map(|d| name_key(d)).collect();
    let mut has: Vec<String> = record.domains.iter().map(|d| name_key(d)).collect();
    had.sort();
    has.sort();
    if had != has {
        changed.push("domains");
    }
    if person.work_pattern != record.work_pattern {
        changed.push("work_pattern");
    }
    if person.active != record.active {
        changed.push("active");
    }
    changed
}

/// Indexes of the rows that would be their own manager through a chain, once applied. The
/// final hierarchy is the file's links for people in it and the stored links for others.
fn rows_in_manager_cycles(rows: &[PlannedRow], directory: &DirectorySnapshot) -> HashSet<usize> {
    // Nodes: existing people by id, new people by "new:" + HR id.
    let node_of_row = |row: &PlannedRow| match &row.existing {
        Some(id) => id.as_str().to_owned(),
        None => format!("new:{}", row.record.hr_id),
    };
    let mut manager_of: HashMap<String, Option<String>> = directory
        .people
        .iter()
        .map(|p| {
            (
                p.id.as_str().to_owned(),
                p.manager.as_ref().map(|m| m.as_str().to_owned()),
            )
        })
        .collect();
    let mut row_of_node: HashMap<String, usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        let manager = match &row.manager {
            ManagerRef::None => None,
            ManagerRef::Existing(id) => Some(id.as_str().to_owned()),
            ManagerRef::New(hr_id) => Some(format!("new:{hr_id}")),
        };
        let node = node_of_row(row);
        manager_of.insert(node.clone(), manager);
        row_of_node.insert(node, index);
    }
    // Walk up from each node; 0 = unseen, 1 = on the current path, 2 = known to end.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut in_cycle = HashSet::new();
    for start in manager_of.keys() {
        if state.get(start.as_str()).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut current: Option<&str> = Some(start.as_str());
        while let Some(node) = current {
            match state.get(node).copied().unwrap_or(0) {
                0 => {
                    state.insert(node, 1);
                    path.push(node);
                    current = manager_of.get(node).and_then(|m| m.as_deref());
                }
                1 => {
                    // Back on the path: everything from that node on is a loop.
                    if let Some(from) = path.iter().position(|n| *n == node) {
                        for looped in &path[from..] {
                            if let Some(index) = row_of_node.get(*looped) {
                                in_cycle.insert(*index);
                            }
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        for node in path {
            state.insert(node, 2);
        }
    }
    in_cycle
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "hr_id;name;email;job_title;management_level;manager_hr_id;site;site_kind;region;domains;work_pattern;active";

    fn file(rows: &[&str]) -> String {
        let mut text = String::from(HEADER);
        for row in rows {
            text.push('\n');
            text.push_str(row);
        }
        text
    }

    fn codes(parsed: &HrFile) -> Vec<(u32, String, String)> {
        parsed
            .errors
            .iter()
            .map(|e| (e.line, e.column.clone().unwrap_or_default(), e.code.clone()))
            .collect()
    }

    fn uid(n: u32) -> UserId {
        UserId::new(format!("0190f1c2-7a3b-7c4d-8e5f-{n:012}"))
    }

    fn person(n: u32, hr_id: Option<&str>, email: &str) -> ExistingPerson {
        ExistingPerson {
            id: uid(n),
            hr_id: hr_id.map(str::to_owned),
            email: email.to_owned(),
            display_name: format!("Person {n}"),
            job_title: String::new(),
            management_level: ManagementLevel::None,
            manager: None,
            site: None,
            domains: Vec::new(),
            work_pattern: WorkPattern::Office,
            active: true,
        }
    }

    #[test]
    fn a_binary_file_is_not_text() {
        assert!(is_text("\u{FEFF}hr_id;name\r\nH1;Léa\tPetit\n"));
        assert!(!is_text("\u{7F}ELF\u{2}\u{1}\u{0}"));
        assert!(!is_text("hr_id;name\n\u{FFFD}\u{FFFD};x"));
    }

    #[test]
    fn reads_semicolons_commas_bom_quotes_and_skips_empty_lines() {
        let semicolons = file(&[
            "E1;Ana Lopez;ana@x.example;\"Vendeuse; caisse\";;;Lyon Part-Dieu;store;Auvergne-Rhône-Alpes;Caisse|Vente;;",
            "",
            "  ",
        ]);
        let parsed = parse_hr_file(&format!("\u{feff}{semicolons}"));
        assert_eq!(codes(&parsed), []);
        assert_eq!(parsed.rows, 1, "empty lines are not rows");
        let ana = &parsed.records[0];
        assert_eq!(
            ana.job_title, "Vendeuse; caisse",
            "a quoted separator stays in the cell"
        );
        assert_eq!(ana.domains, ["Caisse", "Vente"]);
        assert_eq!(ana.management_level, ManagementLevel::None, "empty is the default");
        assert!(ana.active);

        let commas = "HR_ID,Name,Email,Badge colour\nE2,Bo Lin,BO@X.example,blue\n";
        let parsed = parse_hr_file(commas);
        assert_eq!(codes(&parsed), []);
        assert_eq!(parsed.records[0].email, "bo@x.example", "e-mails are normalised");
        assert_eq!(
            parsed.ignored_columns,
            ["Badge colour"],
            "unknown columns are ignored and said"
        );
    }

    #[test]
    fn windows_line_endings_keep_line_numbers() {
        let parsed = parse_hr_file("\u{feff}hr_id;name;email\r\nE1;Ana Lopez;ana@x.example\r\nE2;B;bo@x.example\r\n");
        assert_eq!(parsed.records[0].line, 2);
        assert_eq!(codes(&parsed), [(3, "name".into(), "too_short".into())]);
    }

    #[test]
    fn one_error_per_bad_cell_with_its_line_and_column() {
        let parsed = parse_hr_file(&file(&[
            "E1;A;not-an-email;;boss;;;;;;;maybe",
            "E2;Bea Roy;bea@x.example;;Team lead;;;;;;field;non",
            "E2;Bea Twin;twin@x.example;;;;;;;;;",
            "E4;Cy Doe;BEA@x.example;;;;;;;;;",
        ]));
        assert_eq!(
            codes(&parsed),
            [
                (2, "name".into(), "too_short".into()),
                (2, "email".into(), "invalid_email".into()),
                (2, "management_level".into(), "invalid".into()),
                (2, "active".into(), "invalid".into()),
                (4, "hr_id".into(), "duplicate_hr_id".into()),
                (5, "email".into(), "duplicate_email".into()),
            ]
        );
        let bea = &parsed.records[0];
        assert_eq!(
            bea.management_level,
            ManagementLevel::TeamLead,
            "labels as HR writes them"
        );
        assert_eq!(bea.work_pattern, WorkPattern::Field);
        assert!(!bea.active, "French no");
    }

    #[test]
    fn a_missing_required_column_stops_at_the_header() {
        let parsed = parse_hr_file("hr_id;name\nE1;Ana\n");
        assert_eq!(codes(&parsed), [(1, "email".into(), "missing_column".into())]);
        assert!(parsed.records.is_empty());
        let empty = parse_hr_file("");
        assert!(!empty.errors.is_empty(), "an empty file says so");
    }

    #[test]
    fn the_plan_creates_updates_and_deactivates_by_hr_id() {
        let mut directory = DirectorySnapshot {
            people: vec![
                person(1, Some("E1"), "ana@x.example"),
                person(2, Some("E2"), "bo@x.example"),
                person(3, None, "cy@x.example"),
                person(9, Some("E9"), "admin@x.example"),
            ],
            ..DirectorySnapshot::default()
        };
        directory.people[0].display_name = "Ana Lopez".into();
        directory.importer = Some(uid(9));
        let parsed = parse_hr_file(&file(&[
            "E1;Ana Lopez;ana@x.example;;;;;;;;;",
            "E3;Cy Martin;cy@x.example;Caissier;;E1;Lyon;store;Rhône;Caisse;;",
            "E4;Di Nguyen;di@x.example;;;E3;Lyon;;Rhône;caisse;;",
        ]));
        let plan = plan_import(parsed, &directory, true);
        let report = &plan.report;
        assert_eq!(report.error_count, 0, "{:?}", report.errors);
        assert_eq!(
            (report.created, report.updated, report.unchanged, report.deactivated),
            (1, 1, 1, 1)
        );
        assert_eq!(plan.deactivate, [uid(2)], "E2 is absent; the importer E9 is kept");
        let cy = &plan.rows[1];
        assert_eq!(
            cy.existing,
            Some(uid(3)),
            "an account without HR id is matched by e-mail"
        );
        assert_eq!(cy.manager, ManagerRef::Existing(uid(1)));
        assert!(cy.changed.contains(&"hr_id") && cy.changed.contains(&"site"));
        assert_eq!(
            plan.rows[2].manager,
            ManagerRef::Existing(uid(3)),
            "named by the HR id just given"
        );
        assert_eq!(report.new_regions, ["Rhône"]);
        assert_eq!(report.new_sites, ["Lyon"]);
        assert_eq!(report.new_domains, ["Caisse"], "case ignored: one domain");

        let kept = plan_import(
            parse_hr_file(&file(&["E1;Ana Lopez;ana@x.example;;;;;;;;;"])),
            &directory,
            false,
        );
        assert_eq!(kept.report.deactivated, 0, "a partial file deactivates no one");
    }

    #[test]
    fn managers_resolve_in_any_order_and_cycles_are_refused() {
        let directory = DirectorySnapshot::default();
        let forward = plan_import(
            parse_hr_file(&file(&[
                "E2;Bo Lin;bo@x.example;;;E1;;;;;;",
                "E1;Ana Lopez;ana@x.example;;;;;;;;;",
            ])),
            &directory,
            true,
        );
        assert_eq!(forward.report.error_count, 0);
        assert_eq!(forward.rows[0].manager, ManagerRef::New("E1".into()));

        let unknown = plan_import(
            parse_hr_file(&file(&["E2;Bo Lin;bo@x.example;;;E7;;;;;;"])),
            &directory,
            true,
        );
        assert_eq!(unknown.report.errors[0].code, "unknown_manager");

        let looped = plan_import(
            parse_hr_file(&file(&[
                "E1;Ana Lopez;ana@x.example;;;E3;;;;;;",
                "E2;Bo Lin;bo@x.example;;;E1;;;;;;",
                "E3;Cy Doe;cy@x.example;;;E2;;;;;;",
                "E4;Di Roy;di@x.example;;;E4;;;;;;",
                "E5;Ed Kim;ed@x.example;;;E1;;;;;;",
            ])),
            &directory,
            true,
        );
        let lines: Vec<(u32, &str)> = looped.report.errors.iter().map(|e| (e.line, e.code.as_str())).collect();
        assert_eq!(
            lines,
            [
                (2, "manager_cycle"),
                (3, "manager_cycle"),
                (4, "manager_cycle"),
                (5, "manager_cycle")
            ],
            "E5 reports into the loop without being in it"
        );
    }

    #[test]
    fn a_cycle_through_a_person_absent_from_the_file_is_refused() {
        // Stored: 2 reports to 1. The file makes 1 report to 2.
        let mut two = person(2, Some("E2"), "bo@x.example");
        two.manager = Some(uid(1));
        let directory = DirectorySnapshot {
            people: vec![person(1, Some("E1"), "ana@x.example"), two],
            ..DirectorySnapshot::default()
        };
        let plan = plan_import(
            parse_hr_file(&file(&["E1;Ana;ana@x.example;;;E2;;;;;;"])),
            &directory,
            false,
        );
        assert_eq!(plan.report.errors[0].code, "manager_cycle");
    }

    #[test]
    fn addresses_of_others_are_refused_without_saying_where() {
        let mut directory = DirectorySnapshot {
            people: vec![person(1, Some("E1"), "ana@x.example")],
            ..DirectorySnapshot::default()
        };
        directory.emails_elsewhere.insert("zed@other.example".into());
        let plan = plan_import(
            parse_hr_file(&file(&[
                "E2;Bo Lin;ana@x.example;;;;;;;;;",
                "E3;Zed Ho;zed@other.example;;;;;;;;;",
            ])),
            &directory,
            false,
        );
        let codes: Vec<&str> = plan.report.errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["email_taken", "email_taken"]);
        assert_eq!(
            plan.report.errors[0].message, plan.report.errors[1].message,
            "the same words whether the account is here or in another organisation"
        );
    }

    #[test]
    fn sites_keep_their_region_and_new_sites_need_one() {
        let directory = DirectorySnapshot {
            sites: vec![("Lyon".into(), "Rhône".into())],
            regions: vec!["Rhône".into()],
            ..DirectorySnapshot::default()
        };
        let plan = plan_import(
            parse_hr_file(&file(&[
                "E1;Ana Lopez;ana@x.example;;;;lyon;;Bretagne;;;",
                "E2;Bo Lin;bo@x.example;;;;Rennes;;;;;",
                "E3;Cy Doe;cy@x.example;;;;Lyon;;;;;",
            ])),
            &directory,
            false,
        );
        let codes: Vec<(u32, &str)> = plan.report.errors.iter().map(|e| (e.line, e.code.as_str())).collect();
        assert_eq!(codes, [(2, "site_in_other_region"), (3, "required")]);
        assert_eq!(plan.report.created, 1, "a known site needs no region");
    }

    #[test]
    fn the_same_file_twice_changes_nothing() {
        let text = file(&["E1;Ana Lopez;ana@x.example;Vendeuse;manager;;Lyon;store;Rhône;Caisse;field;oui"]);
        let first = plan_import(parse_hr_file(&text), &DirectorySnapshot::default(), true);
        assert_eq!(first.report.created, 1);
        // The directory as the first import left it.
        let record = &first.rows[0].record;
        let directory = DirectorySnapshot {
            people: vec![ExistingPerson {
                id: uid(1),
                hr_id: Some(record.hr_id.clone()),
                email: record.email.clone(),
                display_name: record.display_name.clone(),
                job_title: record.job_title.clone(),
                management_level: record.management_level,
                manager: None,
                site: Some("Lyon".into()),
                domains: vec!["caisse".into()],
                work_pattern: record.work_pattern,
                active: true,
            }],
            sites: vec![("Lyon".into(), "Rhône".into())],
            regions: vec!["Rhône".into()],
            domains: vec!["Caisse".into()],
            ..DirectorySnapshot::default()
        };
        let second = plan_import(parse_hr_file(&text), &directory, true);
        assert_eq!(
            (
                second.report.created,
                second.report.updated,
                second.report.unchanged,
                second.report.deactivated
            ),
            (0, 0, 1, 0)
        );
        assert!(second.new_sites.is_empty() && second.new_domains.is_empty() && second.new_regions.is_empty());
    }

    #[test]
    fn lists_are_capped_but_counts_are_complete() {
        let rows: Vec<String> = (0..600).map(|n| format!("E{n};;bad{n};;;;;;;;;")).collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let plan = plan_import(parse_hr_file(&file(&refs)), &DirectorySnapshot::default(), true);
        assert_eq!(plan.report.error_count, 1200, "two bad cells a row");
        assert_eq!(plan.report.errors.len(), MAX_LISTED);
        assert_eq!(plan.report.rows, 600);
    }
}

//! Step 2 — Who, the people directory (C1): regions, sites, expertise domains and each
//! person's work facts (job title, management level, manager, site, domains, work pattern);
//! the HR file import's rules live in `import`. A person and an account are one thing: the
//! directory is the organisation's accounts seen through their work facts, never activity.

pub mod import;

use crate::errors::{FieldError, FieldErrors};
use crate::ids::UserId;
use serde::{Deserialize, Serialize};

crate::id_type!(
    /// A region (a group of sites).
    RegionId
);
crate::id_type!(
    /// A site: a store, an agency, a plant, an office, a field team.
    SiteId
);
crate::id_type!(
    /// An expertise domain of the organisation-wide list.
    DomainId
);
crate::id_type!(
    /// An HR file import.
    ImportId
);

crate::stored_enum! {
    /// What a site is.
    pub enum SiteKind {
        Store = "store",
        Agency = "agency",
        Plant = "plant",
        Office = "office",
        FieldTeam = "field_team",
    }
}

crate::stored_enum! {
    /// Where a person stands in the hierarchy (C1), a signal of candidate scoring (C2).
    pub enum ManagementLevel {
        None = "none",
        TeamLead = "team_lead",
        Manager = "manager",
        SiteManager = "site_manager",
        RegionalDirector = "regional_director",
        Executive = "executive",
    }
}

crate::stored_enum! {
    /// How a person works: at a desk, in the field, or travelling between sites.
    pub enum WorkPattern {
        Office = "office",
        Field = "field",
        Itinerant = "itinerant",
    }
}

crate::bounded_text! {
    /// The name of a region, a site or an expertise domain: 2–80 characters.
    pub struct PlaceName(2, 80);
}

crate::bounded_text! {
    /// A job title as HR writes it: up to 120 characters.
    pub struct JobTitle(0, 120);
}

/// The HR id: the key of the HR system, 1–64 characters.
pub const HR_ID_MAX_CHARS: usize = 64;
/// Most expertise domains a person lists.
pub const MAX_DOMAINS_PER_PERSON: usize = 20;

/// Checks a region's, site's or domain's name and keeps it on one line: a name shows in
/// lists and selects, where a line break or a tab would break it, so runs of spaces, tabs
/// and line breaks become one space.
pub fn check_place_name(field: &str, name: &PlaceName) -> Result<String, FieldError> {
    let checked = name.check(field)?;
    Ok(checked.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Checks an HR id: trimmed, 1–64 characters, no control characters.
pub fn check_hr_id(field: &str, value: &str) -> Result<String, FieldError> {
    crate::errors::text_field(field, value, 1, HR_ID_MAX_CHARS)
}

/// A region with how many sites it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub id: RegionId,
    pub name: String,
    pub sites: u32,
}

/// Creating or renaming a region.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegionRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub name: PlaceName,
}

impl RegionRequest {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        check_place_name("name", &self.name).map_err(|e| vec![e])
    }
}

/// A site, with its region and how many active people work there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    pub id: SiteId,
    pub name: String,
    pub kind: SiteKind,
    pub region_id: RegionId,
    pub region_name: String,
    pub people: u32,
}

/// Creating or changing a site.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub name: PlaceName,
    pub kind: SiteKind,
    pub region_id: RegionId,
}

impl SiteRequest {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        check_place_name("name", &self.name).map_err(|e| vec![e])
    }
}

/// An expertise domain, with how many active people list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpertiseDomain {
    pub id: DomainId,
    pub name: String,
    pub people: u32,
}

/// Creating or renaming an expertise domain.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DomainRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub name: PlaceName,
}

impl DomainRequest {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        check_place_name("name", &self.name).map_err(|e| vec![e])
    }
}

/// Where a person works.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteRef {
    pub id: SiteId,
    pub name: String,
    pub kind: SiteKind,
    pub region_id: RegionId,
    pub region_name: String,
}

/// An expertise domain as a person lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainRef {
    pub id: DomainId,
    pub name: String,
}

/// Another person named on a profile (a manager, a direct report).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: UserId,
    pub display_name: String,
    pub job_title: String,
}

/// A person as the directory lists them: work facts only, never activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryEntry {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    pub job_title: String,
    pub management_level: ManagementLevel,
    pub work_pattern: WorkPattern,
    pub site: Option<SiteRef>,
    pub domains: Vec<DomainRef>,
    /// False once deactivated (only admins list deactivated people).
    pub active: bool,
}

impl DirectoryEntry {
    /// The entry as other pages name the person.
    pub fn reference(&self) -> PersonRef {
        PersonRef {
            id: self.id.clone(),
            display_name: self.display_name.clone(),
            job_title: self.job_title.clone(),
        }
    }
}

/// A person's page: their entry, their manager and team. The span of control is derived
/// from manager links, never typed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonProfile {
    pub person: DirectoryEntry,
    /// The HR system's key; shown to admins only.
    pub hr_id: Option<String>,
    pub manager: Option<PersonRef>,
    /// Active people whose manager this person is, by name.
    pub direct_reports: Vec<PersonRef>,
    /// Active people under this person, all levels down (the span of control).
    pub team_size: u32,
    /// Whether the person can sign in (has set a password); shown to admins only.
    pub can_sign_in: Option<bool>,
}

/// Changing a person's work facts. Admins only; the HR import sets the same facts.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkFactsRequest {
    /// The HR system's key, unique in the organisation; empty for none.
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    #[serde(default)]
    pub hr_id: String,
    #[cfg_attr(feature = "openapi", schema(inline))]
    #[serde(default)]
    pub job_title: JobTitle,
    pub management_level: ManagementLevel,
    pub manager_id: Option<UserId>,
    pub site_id: Option<SiteId>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub domain_ids: Vec<DomainId>,
    pub work_pattern: WorkPattern,
}

/// A checked `WorkFactsRequest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkFacts {
    pub hr_id: Option<String>,
    pub job_title: String,
    pub management_level: ManagementLevel,
    pub manager_id: Option<UserId>,
    pub site_id: Option<SiteId>,
    pub domain_ids: Vec<DomainId>,
    pub work_pattern: WorkPattern,
}

impl WorkFactsRequest {
    /// Checks every field at once. `person` is whose facts these are (no one manages
    /// themselves); deeper cycles are checked against the stored hierarchy.
    pub fn validate(&self, person: &UserId) -> Result<WorkFacts, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let hr_id = if self.hr_id.trim().is_empty() {
            None
        } else {
            errors.check(check_hr_id("hr_id", &self.hr_id))
        };
        let job_title = errors.check(self.job_title.check("job_title"));
        if self.manager_id.as_ref() == Some(person) {
            errors.add("manager_id", "manager_cycle", "a person cannot be their own manager");
        }
        if self.domain_ids.len() > MAX_DOMAINS_PER_PERSON {
            errors.add(
                "domain_ids",
                "too_many",
                format!("at most {MAX_DOMAINS_PER_PERSON} expertise domains"),
            );
        }
        let mut domain_ids = self.domain_ids.clone();
        domain_ids.sort();
        domain_ids.dedup();
        errors.finish(|| WorkFacts {
            hr_id,
            job_title: job_title.unwrap_or_default(),
            management_level: self.management_level,
            manager_id: self.manager_id.clone(),
            site_id: self.site_id.clone(),
            domain_ids,
            work_pattern: self.work_pattern,
        })
    }
}

/// Query of the directory: a name search and fixed filters.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DirectoryQuery {
    /// Part of a name, job title or e-mail address (case ignored).
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only people of this region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionId>,
    /// Only people of this site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteId>,
    /// Only people listing this expertise domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainId>,
    /// Only people at this management level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<ManagementLevel>,
    /// Also deactivated people (admins only; ignored for others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_inactive: Option<bool>,
    /// Page size, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl DirectoryQuery {
    /// The search text, trimmed; `None` when empty (the people list's rule).
    pub fn search(&self) -> Result<Option<String>, FieldError> {
        crate::identity::search_text(self.q.as_deref())
    }
}

/// Whether giving `person` the manager `manager` would close a loop, given each person's
/// current manager (`manager_of`). Walks up from the new manager; the walk is bounded by
/// the number of people, so a loop already stored cannot hang it.
pub fn manager_would_cycle(person: &UserId, manager: &UserId, manager_of: impl Fn(&UserId) -> Option<UserId>) -> bool {
    let mut current = Some(manager.clone());
    let mut steps = 0usize;
    while let Some(id) = current {
        if &id == person {
            return true;
        }
        steps += 1;
        if steps > 1_000_000 {
            return true;
        }
        current = manager_of(&id);
    }
    false
}

/// The directory context's endpoints.
pub mod endpoints {
    use super::import::{DirectoryImport, ImportRequest};
    use super::{
        DirectoryEntry, DirectoryQuery, DomainRequest, ExpertiseDomain, PersonProfile, Region, RegionRequest, Site,
        SiteRequest, WorkFactsRequest,
    };
    use crate::endpoints::{Endpoint, Method, NoContent, Nothing, Route};
    use crate::pagination::{Page, PageQuery};

    pub const LIST_REGIONS: Endpoint<Nothing, Vec<Region>> = Endpoint::new(Method::Get, "/regions");
    pub const CREATE_REGION: Endpoint<RegionRequest, Region> = Endpoint::new(Method::Post, "/regions");
    pub const UPDATE_REGION: Endpoint<RegionRequest, Region> = Endpoint::new(Method::Put, "/regions/{id}");
    pub const DELETE_REGION: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/regions/{id}");
    pub const LIST_SITES: Endpoint<Nothing, Vec<Site>> = Endpoint::new(Method::Get, "/sites");
    pub const CREATE_SITE: Endpoint<SiteRequest, Site> = Endpoint::new(Method::Post, "/sites");
    pub const UPDATE_SITE: Endpoint<SiteRequest, Site> = Endpoint::new(Method::Put, "/sites/{id}");
    pub const DELETE_SITE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/sites/{id}");
    pub const LIST_DOMAINS: Endpoint<Nothing, Vec<ExpertiseDomain>> = Endpoint::new(Method::Get, "/expertise-domains");
    pub const CREATE_DOMAIN: Endpoint<DomainRequest, ExpertiseDomain> =
        Endpoint::new(Method::Post, "/expertise-domains");
    pub const UPDATE_DOMAIN: Endpoint<DomainRequest, ExpertiseDomain> =
        Endpoint::new(Method::Put, "/expertise-domains/{id}");
    pub const DELETE_DOMAIN: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/expertise-domains/{id}");
    pub const SEARCH: Endpoint<Nothing, Page<DirectoryEntry>, DirectoryQuery> =
        Endpoint::new(Method::Get, "/directory");
    pub const PROFILE: Endpoint<Nothing, PersonProfile> = Endpoint::new(Method::Get, "/directory/{id}");
    pub const UPDATE_WORK_FACTS: Endpoint<WorkFactsRequest, PersonProfile> =
        Endpoint::new(Method::Put, "/directory/{id}");
    pub const START_IMPORT: Endpoint<ImportRequest, DirectoryImport> =
        Endpoint::new(Method::Post, "/directory/imports");
    pub const LIST_IMPORTS: Endpoint<Nothing, Page<DirectoryImport>, PageQuery> =
        Endpoint::new(Method::Get, "/directory/imports");
    pub const GET_IMPORT: Endpoint<Nothing, DirectoryImport> = Endpoint::new(Method::Get, "/directory/imports/{id}");
    pub const APPLY_IMPORT: Endpoint<Nothing, DirectoryImport> =
        Endpoint::new(Method::Post, "/directory/imports/{id}/apply");

    pub fn routes() -> Vec<Route> {
        vec![
            LIST_REGIONS.route(),
            CREATE_REGION.route(),
            UPDATE_REGION.route(),
            DELETE_REGION.route(),
            LIST_SITES.route(),
            CREATE_SITE.route(),
            UPDATE_SITE.route(),
            DELETE_SITE.route(),
            LIST_DOMAINS.route(),
            CREATE_DOMAIN.route(),
            UPDATE_DOMAIN.route(),
            DELETE_DOMAIN.route(),
            SEARCH.route(),
            PROFILE.route(),
            UPDATE_WORK_FACTS.route(),
            START_IMPORT.route(),
            LIST_IMPORTS.route(),
            GET_IMPORT.route(),
            APPLY_IMPORT.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> UserId {
        UserId::new(format!("0190f1c2-7a3b-7c4d-8e5f-0000000000{n:02}"))
    }

    #[test]
    fn work_facts_report_every_bad_field() {
        let me = id(1);
        let request = WorkFactsRequest {
            hr_id: "x".repeat(65),
            job_title: JobTitle::from("y".repeat(121)),
            management_level: ManagementLevel::Manager,
            manager_id: Some(me.clone()),
            site_id: None,
            domain_ids: (0..21).map(|n| DomainId::new(format!("d{n}"))).collect(),
            work_pattern: WorkPattern::Field,
        };
        let fields: Vec<String> = request
            .validate(&me)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["hr_id", "job_title", "manager_id", "domain_ids"]);
    }

    #[test]
    fn an_empty_hr_id_is_none_and_domains_are_deduplicated() {
        let request = WorkFactsRequest {
            hr_id: "  ".into(),
            job_title: JobTitle::from(" Vendeuse "),
            management_level: ManagementLevel::None,
            manager_id: None,
            site_id: None,
            domain_ids: vec![DomainId::new("b"), DomainId::new("a"), DomainId::new("b")],
            work_pattern: WorkPattern::Office,
        };
        let facts = request.validate(&id(1)).ok();
        assert_eq!(facts.as_ref().and_then(|f| f.hr_id.clone()), None);
        assert_eq!(facts.as_ref().map(|f| f.job_title.as_str()), Some("Vendeuse"));
        assert_eq!(facts.map(|f| f.domain_ids.len()), Some(2));
    }

    #[test]
    fn a_place_name_is_one_line() {
        assert_eq!(
            check_place_name("name", &PlaceName::from("Lyon\n\t Nord")),
            Ok("Lyon Nord".to_owned())
        );
        assert_eq!(
            check_place_name("name", &PlaceName::from(" Lyon Nord ")),
            Ok("Lyon Nord".to_owned())
        );
    }

    #[test]
    fn a_manager_loop_is_seen_at_any_depth() {
        // 3 reports to 2, 2 reports to 1.
        let managers = |person: &UserId| match person.as_str() {
            p if p == id(3).as_str() => Some(id(2)),
            p if p == id(2).as_str() => Some(id(1)),
            _ => None,
        };
        assert!(
            manager_would_cycle(&id(1), &id(3), managers),
            "1 under 3 under 2 under 1"
        );
        assert!(manager_would_cycle(&id(2), &id(2), managers), "oneself");
        assert!(
            !manager_would_cycle(&id(3), &id(1), managers),
            "skipping a level is fine"
        );
        // A loop already stored (corrupt data) ends the walk instead of hanging it.
        let looped = |person: &UserId| {
            if person == &id(5) {
                Some(id(6))
            } else {
                Some(id(5))
            }
        };
        assert!(manager_would_cycle(&id(1), &id(5), looped));
    }
}

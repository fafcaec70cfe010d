//! Step 3 — Value, modules with featured experts (V4): the catalogue of training modules —
//! described here, or living in the LMS (its URL and xAPI activity id) — with the colleagues
//! who made them credited as experts, on the module and on their profile. Completions are
//! recorded in the app ("I completed it") or reported by the LMS later (I2).

use crate::directory::{DomainId, DomainRef, PersonRef};
use crate::errors::FieldError;
use crate::ids::UserId;
use crate::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::id_type!(
    /// A training module of the catalogue.
    ModuleId
);

crate::stored_enum! {
    /// Where a module is followed.
    pub enum ModuleDelivery {
        /// Described in Relais itself.
        Internal = "internal",
        /// Lives in the LMS: followed at its URL, tracked by its xAPI activity id.
        Lms = "lms",
    }
}

crate::stored_enum! {
    /// Who recorded a completion.
    pub enum CompletionSource {
        /// The person said so in the app.
        App = "app",
        /// The LMS reported it (integrations, I2).
        Lms = "lms",
    }
}

crate::bounded_text! {
    /// A module's title: 3–120 characters.
    pub struct ModuleTitle(3, 120);
}

crate::bounded_text! {
    /// A module's summary: up to 300 characters.
    pub struct ModuleSummary(0, 300);
}

crate::bounded_text! {
    /// What an internal module teaches and how, plain text: up to 8,000 characters.
    pub struct ModuleDescription(0, 8000);
}

/// Longest module: a hundred hours (longer ones are typing mistakes).
pub const MAX_DURATION_MINUTES: u32 = 6000;
/// Experts credited on one module, at most.
pub const MAX_EXPERTS: usize = 10;
/// Longest LMS address.
pub const MAX_URL: usize = 2000;
/// Longest xAPI activity id.
pub const MAX_ACTIVITY_ID: usize = 500;

/// A module as the training team writes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ModuleRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub title: ModuleTitle,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub summary: ModuleSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<DomainId>,
    /// 1 to 6,000 minutes.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 6000))]
    pub duration_minutes: u32,
    pub delivery: ModuleDelivery,
    /// Internal modules: what it teaches and how.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub description: ModuleDescription,
    /// LMS modules: where to follow it (http or https, up to 2,000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub url: Option<String>,
    /// LMS modules: the xAPI activity id (an IRI, up to 500 characters), how the LMS
    /// reports completions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub xapi_activity_id: Option<String>,
    /// The colleagues credited as experts (up to 10).
    #[serde(default)]
    pub experts: Vec<UserId>,
}

/// A module's settings once checked: what is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleSpec {
    pub title: String,
    pub summary: String,
    pub domain_id: Option<DomainId>,
    pub duration_minutes: u32,
    pub delivery: ModuleDelivery,
    pub description: String,
    pub url: Option<String>,
    pub xapi_activity_id: Option<String>,
    pub experts: Vec<UserId>,
}

/// A character an address may not carry as typed: spaces, controls, invisible and bidi
/// characters (which make a link read as something else), and those RFC 3986 requires
/// encoded (quotes, angle brackets, braces…).
fn refused_in_address(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || crate::errors::is_refused_control(c)
        || crate::errors::is_invisible(c)
        || matches!(c, '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^')
}

/// An absolute http(s) address, normalised (scheme and host in lower case, the default port
/// dropped): no credentials, a host, a port that exists, no character it must not carry.
/// None when it is not one.
pub fn web_address(text: &str) -> Option<String> {
    if text.chars().any(refused_in_address) {
        return None;
    }
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => "443",
        "http" => "80",
        _ => return None,
    };
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    if authority.contains('@') {
        return None;
    }
    // An IPv6 host is in brackets: its colons are not a port's.
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n == 0 || n > 65535) => {
            return None
        }
        Some(p) if p.trim_start_matches('0') == default_port => None,
        other => other,
    };
    let host = host.to_lowercase();
    Some(match port {
        Some(port) => format!("{scheme}://{host}:{port}{path}"),
        None => format!("{scheme}://{host}{path}"),
    })
}

/// An absolute http(s) address (see `web_address`).
pub fn is_web_address(text: &str) -> bool {
    web_address(text).is_some()
}

/// An xAPI activity id, normalised so that one activity has one id: an http(s) IRI
/// (normalised as an address) or a URN (its scheme and namespace in lower case). None when it
/// is not one.
pub fn activity_id(text: &str) -> Option<String> {
    if text.chars().any(refused_in_address) {
        return None;
    }
    let (scheme, rest) = text.split_once(':')?;
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => web_address(text),
        "urn" => {
            let (nid, nss) = rest.split_once(':')?;
            let valid_nid = !nid.is_empty() && nid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            (valid_nid && !nss.is_empty()).then(|| format!("urn:{}:{nss}", nid.to_ascii_lowercase()))
        }
        _ => None,
    }
}

/// An IRI as xAPI wants it (see `activity_id`).
pub fn is_activity_id(text: &str) -> bool {
    activity_id(text).is_some()
}

impl ModuleRequest {
    pub fn validate(&self) -> Result<ModuleSpec, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check(self.title.check("title"));
        let summary = errors.check(self.summary.check("summary"));
        if !(1..=MAX_DURATION_MINUTES).contains(&self.duration_minutes) {
            errors.add(
                "duration_minutes",
                "out_of_range",
                format!("a module lasts 1 to {MAX_DURATION_MINUTES} minutes"),
            );
        }
        let description = errors.check(self.description.check("description"));
        let trimmed = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let (mut url, mut activity) = (trimmed(&self.url), trimmed(&self.xapi_activity_id));
        match self.delivery {
            ModuleDelivery::Internal => {
                for (field, given) in [("url", url.is_some()), ("xapi_activity_id", activity.is_some())] {
                    if given {
                        errors.add(field, "not_allowed", "an internal module lives in Relais");
                    }
                }
                if description.as_deref().is_some_and(str::is_empty) {
                    errors.add("description", "required", "what the module teaches and how");
                }
            }
            ModuleDelivery::Lms => {
                if description.as_deref().is_some_and(|d| !d.is_empty()) {
                    errors.add("description", "not_allowed", "a module in the LMS is described there");
                }
                match &url {
                    None => errors.add("url", "required", "where to follow the module in the LMS"),
                    Some(u) if u.chars().count() > MAX_URL => {
                        errors.add("url", "too_long", format!("at most {MAX_URL} characters"))
                    }
                    Some(u) => match web_address(u) {
                        Some(normal) => url = Some(normal),
                        None => errors.add("url", "invalid", "an http or https address"),
                    },
                }
                if let Some(a) = &activity {
                    if a.chars().count() > MAX_ACTIVITY_ID {
                        errors.add(
                            "xapi_activity_id",
                            "too_long",
                            format!("at most {MAX_ACTIVITY_ID} characters"),
                        );
                    } else {
                        match activity_id(a) {
                            Some(normal) => activity = Some(normal),
                            None => errors.add(
                                "xapi_activity_id",
                                "invalid",
                                "an http(s) IRI or a URN, such as https://lms.example/activities/42",
                            ),
                        }
                    }
                }
            }
        }
        if self.experts.len() > MAX_EXPERTS {
            errors.add("experts", "count", format!("at most {MAX_EXPERTS} experts"));
        } else if self
            .experts
            .iter()
            .enumerate()
            .any(|(i, e)| self.experts[..i].contains(e))
        {
            errors.add("experts", "duplicate", "each expert once");
        }
        errors.finish(|| ModuleSpec {
            title: title.unwrap_or_default(),
            summary: summary.unwrap_or_default(),
            domain_id: self.domain_id.clone(),
            duration_minutes: self.duration_minutes,
            delivery: self.delivery,
            description: if self.delivery == ModuleDelivery::Internal {
                description.unwrap_or_default()
            } else {
                String::new()
            },
            url,
            xapi_activity_id: activity,
            experts: self.experts.clone(),
        })
    }
}

/// A module as the catalogue and its page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Module {
    pub id: ModuleId,
    pub title: String,
    pub summary: String,
    pub domain: Option<DomainRef>,
    pub duration_minutes: u32,
    pub delivery: ModuleDelivery,
    pub description: String,
    pub url: Option<String>,
    pub xapi_activity_id: Option<String>,
    /// Credited as the module's experts.
    pub experts: Vec<PersonRef>,
    /// How many colleagues completed it.
    pub completions: u32,
    /// When the caller completed it, if they did.
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub completed_at: Option<DateTime<Utc>>,
    pub can_manage: bool,
}

/// A module named on a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModuleRef {
    pub id: ModuleId,
    pub title: String,
}

/// Query of the catalogue.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ModuleListQuery {
    /// Only the modules of this expertise domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainId>,
    /// Only the modules this colleague is credited on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert: Option<UserId>,
}

/// One's completion of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completion {
    pub module_id: ModuleId,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub completed_at: DateTime<Utc>,
    pub source: CompletionSource,
    /// Colleagues who completed the module.
    pub completions: u32,
}

pub mod endpoints {
    //! The modules context's endpoints, shared by the web app's client and the server's tests.
    use super::{Completion, Module, ModuleListQuery, ModuleRequest};
    use crate::endpoints::{Endpoint, Method, NoContent, Nothing, Route};

    pub const LIST: Endpoint<Nothing, Vec<Module>, ModuleListQuery> = Endpoint::new(Method::Get, "/modules");
    pub const CREATE: Endpoint<ModuleRequest, Module> = Endpoint::new(Method::Post, "/modules");
    pub const GET: Endpoint<Nothing, Module> = Endpoint::new(Method::Get, "/modules/{id}");
    pub const UPDATE: Endpoint<ModuleRequest, Module> = Endpoint::new(Method::Put, "/modules/{id}");
    pub const DELETE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/modules/{id}");
    pub const COMPLETE: Endpoint<Nothing, Completion> = Endpoint::new(Method::Put, "/modules/{id}/completion");
    pub const UNCOMPLETE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/modules/{id}/completion");

    pub fn routes() -> Vec<Route> {
        vec![
            LIST.route(),
            CREATE.route(),
            GET.route(),
            UPDATE.route(),
            DELETE.route(),
            COMPLETE.route(),
            UNCOMPLETE.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(delivery: ModuleDelivery) -> ModuleRequest {
        ModuleRequest {
            title: "Encaisser sans erreur".into(),
            summary: "Les gestes sûrs de la caisse.".into(),
            domain_id: None,
            duration_minutes: 25,
            delivery,
            description: "".into(),
            url: (delivery == ModuleDelivery::Lms).then(|| "https://lms.horizon.example/m/42".to_owned()),
            xapi_activity_id: (delivery == ModuleDelivery::Lms)
                .then(|| "https://lms.horizon.example/activities/42".to_owned()),
            experts: vec![UserId::new("karim")],
        }
    }

    fn fields(result: Result<ModuleSpec, Vec<FieldError>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_lms_module_needs_a_web_address_and_takes_an_iri() {
        assert!(request(ModuleDelivery::Lms).validate().is_ok());
        assert_eq!(
            fields(request(ModuleDelivery::Internal).validate()),
            vec!["description"],
            "an internal module says what it teaches"
        );
        let mut described = request(ModuleDelivery::Lms);
        described.description = "Décrit ici.".into();
        assert_eq!(
            fields(described.validate()),
            vec!["description"],
            "an LMS module is described there"
        );
        let mut bad = request(ModuleDelivery::Lms);
        bad.url = Some("javascript:alert(1)".into());
        bad.xapi_activity_id = Some("pas un iri".into());
        bad.duration_minutes = 0;
        assert_eq!(
            fields(bad.validate()),
            vec!["duration_minutes", "url", "xapi_activity_id"]
        );
        let mut missing = request(ModuleDelivery::Lms);
        missing.url = Some("   ".into());
        missing.xapi_activity_id = None;
        assert_eq!(fields(missing.validate()), vec!["url"]);
        let mut internal = request(ModuleDelivery::Internal);
        internal.description = "Les gestes sûrs de la caisse.".into();
        internal.url = Some("https://lms.example/x".into());
        internal.experts = vec![UserId::new("a"), UserId::new("a")];
        assert_eq!(fields(internal.validate()), vec!["url", "experts"]);
    }

    #[test]
    fn addresses_and_activity_ids_are_checked_for_what_they_are() {
        assert!(is_web_address("https://lms.example/a?b=c#d"));
        assert!(is_web_address("http://intranet/formations"));
        for bad in [
            "https://",
            "ftp://lms.example",
            "https://lms.example/a b",
            "//lms.example",
            "https:///x",
            "https://user:pass@lms.example/",
            "https://lms.example:99999/",
            "https://lms.example/\u{202e}gnp.exe",
            "https://lms.example/\"><script>",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        assert_eq!(
            web_address("HTTPS://LMS.Example:443/A").as_deref(),
            Some("https://lms.example/A")
        );
        assert_eq!(
            web_address("http://intranet:8080/x").as_deref(),
            Some("http://intranet:8080/x")
        );
        assert!(is_activity_id("urn:uuid:6f1c9b0e"));
        assert!(is_activity_id("https://lms.example/activities/42"));
        // One activity, one id: written differently, it is the same.
        assert_eq!(
            activity_id("HTTPS://LMS.example:443/xapi/A"),
            activity_id("https://lms.example/xapi/A")
        );
        for bad in [
            "",
            "no-scheme",
            "1http://x",
            "https:",
            "ur n:x",
            "javascript:alert(1)",
            "data:,x",
            "http://",
        ] {
            assert!(!is_activity_id(bad), "{bad}");
        }
    }
}

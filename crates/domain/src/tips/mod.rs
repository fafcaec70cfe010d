//! Step 3 — Value, tips (V1): short expert knowledge in Markdown with tags and an expertise
//! domain, drafts and published tips, edit history, reactions, comments and saves; the
//! creator spotlight (V2, `spotlight`) and the search's word rules (`search`).

#[cfg(feature = "server")]
pub mod search;
pub mod spotlight;

use crate::directory::{DomainId, DomainRef, PersonRef};
use crate::errors::FieldError;
use crate::ids::UserId;
use crate::text::Title;
use crate::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::id_type!(
    /// A tip (V1).
    TipId
);
crate::id_type!(
    /// A comment on a tip.
    CommentId
);

crate::stored_enum! {
    /// Whether colleagues can read a tip.
    pub enum TipStatus {
        /// Only its author sees it.
        Draft = "draft",
        /// In the feed for the whole organisation.
        Published = "published",
    }
}

crate::stored_enum! {
    /// How a colleague found a tip. One of each per person and tip; never on one's own.
    pub enum ReactionKind {
        Useful = "useful",
        Bravo = "bravo",
        Insightful = "insightful",
    }
}

crate::bounded_text! {
    /// A tip's Markdown: 10–20,000 characters.
    pub struct TipBody(10, 20000);
}

crate::bounded_text! {
    /// A comment: 1–2,000 characters.
    pub struct CommentText(1, 2000);
}

/// The deepest nesting of lists and quotes a tip's Markdown may have: deeper is no tip a
/// person writes, and rendering it costs more than linear time.
pub const MAX_NESTING: usize = 12;

/// The deepest nesting of containers (lists, quotes) in Markdown, as its lines show it:
/// markers chained at a line's start (`- - > 1. x`) and indentation (two spaces a level).
/// An over-estimate is fine: it only refuses what no one writes.
pub fn nesting_depth(markdown: &str) -> usize {
    let mut deepest = 0;
    for line in markdown.lines() {
        let indent = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum::<usize>();
        let mut depth = indent / 2;
        let mut rest = line.trim_start();
        loop {
            let after = if let Some(r) = rest.strip_prefix('>') {
                Some(r)
            } else if let Some(r) = rest
                .strip_prefix("- ")
                .or_else(|| rest.strip_prefix("* "))
                .or_else(|| rest.strip_prefix("+ "))
            {
                Some(r)
            } else {
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                (digits > 0 && digits < 10)
                    .then(|| &rest[digits..])
                    .and_then(|r| r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")))
            };
            match after {
                Some(r) => {
                    depth += 1;
                    rest = r.trim_start();
                }
                None => break,
            }
        }
        deepest = deepest.max(depth);
    }
    deepest
}

/// A tip body's own rules beyond its length: not nested deeper than `MAX_NESTING`.
pub fn check_body(field: &str, body: &TipBody) -> Result<String, FieldError> {
    let text = body.check(field)?;
    if nesting_depth(&text) > MAX_NESTING {
        return Err(FieldError::new(
            field,
            "too_deeply_nested",
            format!("lists and quotes may be nested {MAX_NESTING} deep at most"),
        ));
    }
    Ok(text)
}

/// At most this many tags on a tip.
pub const MAX_TAGS: usize = 8;
/// A tag's most characters.
pub const MAX_TAG_CHARS: usize = 30;

/// A tag as stored: lower case, words joined by `-`, letters and digits (accents kept), a
/// leading `#` dropped. `None` when nothing is left or a character is not allowed.
pub fn normalise_tag(tag: &str) -> Option<String> {
    let trimmed = tag.trim().trim_start_matches('#').trim();
    let mut out = String::new();
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    let allowed = |c: char| c.is_alphanumeric() || c == '-';
    (out.chars().any(char::is_alphanumeric) && out.chars().all(allowed) && out.chars().count() <= MAX_TAG_CHARS)
        .then_some(out)
}

/// A tip as its author writes it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TipRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub title: Title,
    /// Markdown (CommonMark with tables and strikethrough); raw HTML is not kept.
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub body: TipBody,
    /// Up to 8 tags of up to 30 letters, digits or `-` each (spaces become `-`, case is
    /// folded, a leading `#` is dropped, repeats are merged).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 8))]
    pub tags: Vec<String>,
    /// An expertise domain of the organisation.
    #[serde(default)]
    pub domain_id: Option<DomainId>,
    /// `draft` (default) or `published`.
    #[serde(default)]
    pub status: Option<TipStatus>,
}

/// A tip request once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedTip {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub domain_id: Option<DomainId>,
    pub status: TipStatus,
}

impl TipRequest {
    pub fn validate(&self) -> Result<CheckedTip, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check(self.title.check("title"));
        let body = errors.check(check_body("body", &self.body));
        let mut tags: Vec<String> = Vec::new();
        // Repeats merge before counting; a list far longer than any tip needs is refused
        // before looking at each.
        if self.tags.len() > MAX_TAGS * 4 {
            errors.add("tags", "too_many", format!("at most {MAX_TAGS} tags"));
        } else {
            for (index, tag) in self.tags.iter().enumerate() {
                match normalise_tag(tag) {
                    Some(tag) if !tags.contains(&tag) => tags.push(tag),
                    Some(_) => {}
                    None => errors.add(
                        &format!("tags[{index}]"),
                        "invalid_tag",
                        format!("a tag has 1–{MAX_TAG_CHARS} letters, digits or '-'"),
                    ),
                }
            }
            if tags.len() > MAX_TAGS {
                errors.add("tags", "too_many", format!("at most {MAX_TAGS} tags"));
            }
        }
        errors.finish(|| CheckedTip {
            title: title.unwrap_or_default(),
            body: body.unwrap_or_default(),
            tags,
            domain_id: self.domain_id.clone(),
            status: self.status.unwrap_or(TipStatus::Draft),
        })
    }
}

/// How many of each reaction a tip has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReactionCounts {
    pub useful: u32,
    pub bravo: u32,
    pub insightful: u32,
}

impl ReactionCounts {
    pub fn add(&mut self, kind: ReactionKind, n: u32) {
        match kind {
            ReactionKind::Useful => self.useful += n,
            ReactionKind::Bravo => self.bravo += n,
            ReactionKind::Insightful => self.insightful += n,
        }
    }

    pub fn of(&self, kind: ReactionKind) -> u32 {
        match kind {
            ReactionKind::Useful => self.useful,
            ReactionKind::Bravo => self.bravo,
            ReactionKind::Insightful => self.insightful,
        }
    }
}

/// A tip as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TipSummary {
    pub id: TipId,
    pub title: String,
    /// The start of the text, without Markdown, up to 240 characters.
    pub excerpt: String,
    pub author: PersonRef,
    pub domain: Option<DomainRef>,
    pub tags: Vec<String>,
    pub status: TipStatus,
    #[serde(serialize_with = "crate::time_format::utc_opt")]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub updated_at: DateTime<Utc>,
    pub reactions: ReactionCounts,
    pub comments: u32,
    /// Its image, if it has one.
    pub image: Option<TipImage>,
}

/// Largest image upload: 2 MiB.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// Images are kept at most this wide and high (larger ones are scaled down, proportions kept).
pub const MAX_IMAGE_SIDE: u32 = 1600;
/// Uploads wider or higher than this are refused before decoding (decompression bombs).
pub const MAX_UPLOAD_SIDE: u32 = 6000;
/// What an upload may be.
pub const IMAGE_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

/// A tip's image, as the server re-encoded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TipImage {
    /// Where to read it (with the caller's token).
    pub url: String,
    /// `image/png` or `image/jpeg`.
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u32,
    /// What it shows, for those who cannot see it.
    pub alt: String,
}

crate::bounded_text! {
    /// An image's text alternative: 3–300 characters.
    pub struct ImageAlt(3, 300);
}

/// Query of an image read: the version in the image's `url` (a replaced image has a new
/// one, so no cache shows the old picture). Any value reads the current image.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ImageVersion {
    #[cfg_attr(feature = "openapi", param(max_length = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub v: Option<String>,
}

/// Query of an image upload.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ImageQuery {
    /// What the image shows, for those who cannot see it (3–300 characters).
    #[cfg_attr(feature = "openapi", param(min_length = 3, max_length = 300))]
    pub alt: String,
}

/// A whole tip, as its page shows it to the caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tip {
    pub summary: TipSummary,
    /// The Markdown as written.
    pub body: String,
    /// The Markdown rendered and sanitised by the server: safe to show as HTML.
    pub body_html: String,
    /// The caller's own reactions.
    pub my_reactions: Vec<ReactionKind>,
    pub saved: bool,
    /// Whether the caller may edit or delete it (its author, or an admin).
    pub can_edit: bool,
    /// Earlier versions kept.
    pub revisions: u32,
}

/// An earlier version of a tip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TipRevision {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    /// Who replaced this version, and when.
    pub edited_by: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub edited_at: DateTime<Utc>,
}

/// A tip's reactions after a change, with the caller's own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TipReactions {
    pub reactions: ReactionCounts,
    pub my_reactions: Vec<ReactionKind>,
}

/// A comment request.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub body: CommentText,
}

/// A comment under a tip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: CommentId,
    pub author: PersonRef,
    pub body: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
    /// Whether the caller may delete it (its author, or an admin).
    pub can_delete: bool,
}

/// Markdown to preview as the server will render it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub body: TipBody,
}

/// Rendered and sanitised HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    pub html: String,
}

/// Query of the tip feed: published tips, newest first.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TipListQuery {
    /// Words to find in titles, bodies and tags (accents and plurals do not matter).
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainId>,
    #[cfg_attr(feature = "openapi", param(max_length = 30))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<UserId>,
    /// Page size, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// The most characters of a search.
pub const MAX_QUERY_CHARS: usize = 200;

/// What a feed's tag asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagFilter {
    Any,
    Tag(String),
    /// A tag no tip can have (punctuation only): nothing matches, as for an unknown tag.
    NoTip,
}

/// A feed query once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedTipQuery {
    pub q: Option<String>,
    pub tag: TagFilter,
    pub page: crate::pagination::PageRequest,
}

impl TipListQuery {
    /// Every field at once: the search's length, the tag's (what the contract bounds is
    /// refused, a tag no tip can have finds nothing), the page.
    pub fn check(&self) -> Result<CheckedTipQuery, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let q = errors.check(self.checked_q());
        let tag = match &self.tag {
            None => TagFilter::Any,
            Some(tag) if tag.chars().count() > MAX_TAG_CHARS => {
                errors.add(
                    "tag",
                    "too_long",
                    format!("tag must have at most {MAX_TAG_CHARS} characters"),
                );
                TagFilter::NoTip
            }
            Some(_) => match self.checked_tag() {
                Ok(Some(tag)) => TagFilter::Tag(tag),
                _ => TagFilter::NoTip,
            },
        };
        let page = errors.check_all(crate::pagination::PageRequest::parse(
            self.limit,
            self.cursor.as_deref(),
        ));
        errors.finish(|| CheckedTipQuery {
            q: q.flatten(),
            tag,
            page: page.unwrap_or(crate::pagination::PageRequest {
                limit: crate::pagination::DEFAULT_PAGE_SIZE,
                after: None,
            }),
        })
    }

    /// The tag, normalised; errors name the field.
    pub fn checked_tag(&self) -> Result<Option<String>, FieldError> {
        match &self.tag {
            None => Ok(None),
            Some(tag) => normalise_tag(tag)
                .map(Some)
                .ok_or_else(|| FieldError::new("tag", "invalid_tag", "a tag has letters, digits or '-'")),
        }
    }

    pub fn checked_q(&self) -> Result<Option<String>, FieldError> {
        match self.q.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(q) if q.chars().count() > MAX_QUERY_CHARS => Err(FieldError::new(
                "q",
                "too_long",
                format!("q must have at most {MAX_QUERY_CHARS} characters"),
            )),
            Some(q) => Ok(Some(q.to_owned())),
        }
    }
}

pub mod endpoints {
    //! The tips context's endpoints, shared by the web app's client and the server's tests.
    use super::spotlight::{Spotlight, SpotlightQuery};
    use super::{
        Comment, CommentRequest, Preview, PreviewRequest, Tip, TipListQuery, TipReactions, TipRequest, TipRevision,
        TipSummary,
    };
    use super::{ImageQuery, ImageVersion, TipImage};
    use crate::endpoints::{Binary, Endpoint, Method, NoContent, Nothing, Route};
    use crate::pagination::{Page, PageQuery};

    pub const FEED: Endpoint<Nothing, Page<TipSummary>, TipListQuery> = Endpoint::new(Method::Get, "/tips");
    pub const CREATE: Endpoint<TipRequest, Tip> = Endpoint::new(Method::Post, "/tips");
    pub const TIP: Endpoint<Nothing, Tip> = Endpoint::new(Method::Get, "/tips/{id}");
    pub const UPDATE: Endpoint<TipRequest, Tip> = Endpoint::new(Method::Put, "/tips/{id}");
    pub const DELETE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/tips/{id}");
    pub const REVISIONS: Endpoint<Nothing, Vec<TipRevision>> = Endpoint::new(Method::Get, "/tips/{id}/revisions");
    pub const REACT: Endpoint<Nothing, TipReactions> = Endpoint::new(Method::Put, "/tips/{id}/reactions/{kind}");
    pub const UNREACT: Endpoint<Nothing, TipReactions> = Endpoint::new(Method::Delete, "/tips/{id}/reactions/{kind}");
    pub const SAVE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Put, "/tips/{id}/save");
    pub const UNSAVE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/tips/{id}/save");
    pub const COMMENTS: Endpoint<Nothing, Vec<Comment>> = Endpoint::new(Method::Get, "/tips/{id}/comments");
    pub const COMMENT: Endpoint<CommentRequest, Comment> = Endpoint::new(Method::Post, "/tips/{id}/comments");
    pub const DELETE_COMMENT: Endpoint<Nothing, NoContent> =
        Endpoint::new(Method::Delete, "/tips/{id}/comments/{comment_id}");
    pub const MY_TIPS: Endpoint<Nothing, Page<TipSummary>, PageQuery> = Endpoint::new(Method::Get, "/me/tips");
    pub const SAVED: Endpoint<Nothing, Page<TipSummary>, PageQuery> = Endpoint::new(Method::Get, "/me/saved-tips");
    pub const PREVIEW: Endpoint<PreviewRequest, Preview> = Endpoint::new(Method::Post, "/markdown/preview");
    pub const SPOTLIGHT: Endpoint<Nothing, Spotlight, SpotlightQuery> =
        Endpoint::new(Method::Get, "/creators/spotlight");

    /// The body is the image file itself (PNG, JPEG or WebP), not JSON.
    pub const PUT_IMAGE: Endpoint<Nothing, TipImage, ImageQuery> = Endpoint::new(Method::Put, "/tips/{id}/image");
    pub const IMAGE: Endpoint<Nothing, Binary, ImageVersion> = Endpoint::new(Method::Get, "/tips/{id}/image");
    pub const DELETE_IMAGE: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/tips/{id}/image");

    pub fn routes() -> Vec<Route> {
        vec![
            PUT_IMAGE.route(),
            IMAGE.route(),
            DELETE_IMAGE.route(),
            FEED.route(),
            CREATE.route(),
            TIP.route(),
            UPDATE.route(),
            DELETE.route(),
            REVISIONS.route(),
            REACT.route(),
            UNREACT.route(),
            SAVE.route(),
            UNSAVE.route(),
            COMMENTS.route(),
            COMMENT.route(),
            DELETE_COMMENT.route(),
            MY_TIPS.route(),
            SAVED.route(),
            PREVIEW.route(),
            SPOTLIGHT.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(tags: &[&str]) -> TipRequest {
        TipRequest {
            title: "Un conseil".into(),
            body: "Un corps assez long.".into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            domain_id: None,
            status: None,
        }
    }

    #[test]
    fn tags_are_folded_joined_and_merged() {
        let checked = request(&["#Caisse", "  service client ", "caisse", "Sécurité"])
            .validate()
            .expect("valid");
        assert_eq!(checked.tags, vec!["caisse", "service-client", "sécurité"]);
        assert_eq!(checked.status, TipStatus::Draft, "a draft unless said");
    }

    #[test]
    fn bad_tags_are_named_by_position() {
        let errors = request(&["ok", "pas<bien>", "", &"x".repeat(31)])
            .validate()
            .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["tags[1]", "tags[2]", "tags[3]"]);
        let nine: Vec<String> = (0..9).map(|i| format!("t{i}")).collect();
        let nine: Vec<&str> = nine.iter().map(String::as_str).collect();
        assert_eq!(request(&nine).validate().expect_err("9")[0].code, "too_many");
        let merged = request(&["Dup", "dup", "#dup", "DUP", "dup", "dup", "dup", "dup", "dup"]);
        assert_eq!(merged.validate().expect("merged into one").tags, vec!["dup"]);
        assert!(request(&["---"]).validate().is_err(), "a tag says something");
    }

    #[test]
    fn deep_nesting_is_refused_before_rendering() {
        assert_eq!(nesting_depth("- a\n  - b\n    - c"), 3);
        assert_eq!(nesting_depth("> - 1. x"), 3);
        assert_eq!(nesting_depth("Un texte.\n\n- un\n- deux"), 1);
        let mut deep = request(&[]);
        deep.body = format!("{}x", "- ".repeat(9995)).into();
        assert_eq!(deep.validate().expect_err("deep")[0].code, "too_deeply_nested");
        let mut indented = request(&[]);
        indented.body = format!("texte\n{}- x", " ".repeat(40)).into();
        assert_eq!(indented.validate().expect_err("deep")[0].code, "too_deeply_nested");
    }

    #[test]
    fn title_and_body_report_together() {
        let mut bad = request(&[]);
        bad.title = "a".into();
        bad.body = "court".into();
        let errors = bad.validate().expect_err("invalid");
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn a_query_is_trimmed_and_bounded() {
        let query = TipListQuery {
            q: Some("  ".into()),
            tag: Some("#Vente".into()),
            ..TipListQuery::default()
        };
        assert_eq!(query.checked_q(), Ok(None));
        assert_eq!(query.checked_tag(), Ok(Some("vente".into())));
        let long = TipListQuery {
            q: Some("a".repeat(201)),
            ..TipListQuery::default()
        };
        assert_eq!(long.checked_q().expect_err("long").code, "too_long");
    }
}

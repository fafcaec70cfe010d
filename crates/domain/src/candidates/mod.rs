//! Step 2 — Who, finding ambassadors (C2–C5): the candidacy pipeline and its transitions,
//! nominations and applications, admins' field observations, the explainable candidate
//! score (`scoring`) and site coverage (`coverage`). All pure; the storage and the API
//! give them data.

pub mod coverage;
pub mod scoring;

use crate::directory::{ManagementLevel, SiteId, SiteRef};
use crate::errors::{FieldError, FieldErrors};
use crate::ids::{ProgrammeId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::id_type!(
    /// A person's candidacy for a programme: their place in the pipeline.
    CandidacyId
);
crate::id_type!(
    /// A nomination of a colleague, or an application.
    NominationId
);
crate::id_type!(
    /// An admin's field observation of a person.
    ObservationId
);

crate::stored_enum! {
    /// Where a person stands in a programme's pipeline (C4).
    pub enum CandidacyState {
        /// Put forward (by the ranking, a nomination, an application or an admin).
        Suggested = "suggested",
        /// Kept by the training team for a closer look.
        Shortlisted = "shortlisted",
        /// Asked: the invitation states what the role involves; the person answers.
        Invited = "invited",
        /// Said yes: an ambassador from now on, of the named sites.
        Accepted = "accepted",
        /// Said no (freely; a reason is optional).
        Declined = "declined",
        /// Leading: started in the role.
        Active = "active",
        /// Has left the role; what they made stays.
        Alumni = "alumni",
    }
}

/// Who moves a candidacy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mover {
    /// The training team.
    Admin,
    /// The person invited (accept or decline their own invitation).
    Invitee,
}

/// The pipeline's allowed moves: from, to, and who may make them. Everything else is
/// refused. The role is voluntary: only the invitee accepts or declines.
pub const TRANSITIONS: [(CandidacyState, CandidacyState, Mover); 10] = {
    use CandidacyState::*;
    [
        (Suggested, Shortlisted, Mover::Admin),
        (Shortlisted, Suggested, Mover::Admin),
        (Shortlisted, Invited, Mover::Admin),
        // The training team withdraws an invitation left unanswered.
        (Invited, Shortlisted, Mover::Admin),
        (Invited, Accepted, Mover::Invitee),
        (Invited, Declined, Mover::Invitee),
        (Accepted, Active, Mover::Admin),
        (Active, Alumni, Mover::Admin),
        (Accepted, Alumni, Mover::Admin),
        (Declined, Suggested, Mover::Admin),
    ]
};

/// Whether `mover` may move a candidacy from `from` to `to`.
pub fn can_move(from: CandidacyState, to: CandidacyState, mover: Mover) -> bool {
    TRANSITIONS
        .iter()
        .any(|(f, t, m)| *f == from && *t == to && *m == mover)
}

/// The states an admin may move a candidacy to from `from`, in pipeline order.
pub fn admin_moves(from: CandidacyState) -> Vec<CandidacyState> {
    TRANSITIONS
        .iter()
        .filter(|(f, _, m)| *f == from && *m == Mover::Admin)
        .map(|(_, t, _)| *t)
        .collect()
}

impl CandidacyState {
    /// Whether the person holds the ambassador role because of this candidacy.
    pub fn makes_ambassador(self) -> bool {
        matches!(self, CandidacyState::Accepted | CandidacyState::Active)
    }
}

crate::bounded_text! {
    /// A short note: a reason, a motivation, an observation, a history note (up to 1,000 characters).
    pub struct Note(0, 1000);
}

crate::bounded_text! {
    /// Why: a nomination's reason, an application's motivation, what an observation saw
    /// (10–1,000 characters).
    pub struct Reason(10, 1000);
}

crate::bounded_text! {
    /// What the ambassador role involves, as the invitation states it: 20–3,000 characters.
    pub struct RoleDescription(20, 3000);
}

/// Most sites one ambassador covers.
pub const MAX_SITES_PER_AMBASSADOR: usize = 30;

/// A candidacy as admins see it in the pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidacy {
    pub id: CandidacyId,
    pub programme_id: ProgrammeId,
    pub person_id: UserId,
    pub display_name: String,
    pub job_title: String,
    pub site: Option<SiteRef>,
    pub state: CandidacyState,
    /// The invitation's description of the role (from `invited` on).
    pub role_description: Option<String>,
    /// The sites the person would cover, or covers.
    pub sites: Vec<SiteRef>,
    /// The invitee's reason for declining, if they gave one.
    pub decline_reason: Option<String>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub updated_at: DateTime<Utc>,
}

/// One move of a candidacy, kept for ever.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidacyChange {
    pub from: Option<CandidacyState>,
    pub to: CandidacyState,
    /// Who moved it; none for the system.
    pub by_name: Option<String>,
    pub note: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub at: DateTime<Utc>,
}

/// A candidacy with its history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidacyDetail {
    pub candidacy: Candidacy,
    pub history: Vec<CandidacyChange>,
}

/// Putting a person in a programme's pipeline (as suggested).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SuggestRequest {
    pub programme_id: ProgrammeId,
    pub person_id: UserId,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub note: Note,
}

/// Moving a candidacy (admins): to `shortlisted`, back to `suggested`, to `invited` (with
/// the role's description and the sites to cover), to `active` or `alumni`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    pub to: CandidacyState,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub note: Note,
    /// Required to invite: what the role involves (time, activities, support).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub role_description: Option<RoleDescription>,
    /// Required to invite: the sites the ambassador would cover (at least one).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 30))]
    pub site_ids: Vec<SiteId>,
}

/// A checked `MoveRequest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub to: CandidacyState,
    pub note: String,
    pub role_description: Option<String>,
    pub site_ids: Vec<SiteId>,
}

impl MoveRequest {
    pub fn validate(&self) -> Result<Move, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let note = errors.check(self.note.check("note"));
        let mut role_description = None;
        let mut site_ids = self.site_ids.clone();
        site_ids.sort();
        site_ids.dedup();
        if self.to == CandidacyState::Invited {
            match &self.role_description {
                Some(text) => role_description = errors.check(text.check("role_description")),
                None => errors.add(
                    "role_description",
                    "required",
                    "an invitation states what the role involves",
                ),
            }
            if site_ids.is_empty() {
                errors.add("site_ids", "required", "name at least one site to cover");
            }
        }
        if self.site_ids.len() > MAX_SITES_PER_AMBASSADOR {
            errors.add(
                "site_ids",
                "too_many",
                format!("at most {MAX_SITES_PER_AMBASSADOR} sites"),
            );
        }
        errors.finish(|| Move {
            to: self.to,
            note: note.unwrap_or_default(),
            role_description,
            site_ids,
        })
    }
}

/// The invitee's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    pub accept: bool,
    /// Why not, if they wish to say (declining only).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub reason: Note,
}

/// An invitation as the invitee reads it: what the role involves, for which programme and
/// sites. Only the invitee sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmbassadorInvitation {
    pub candidacy_id: CandidacyId,
    pub programme_id: ProgrammeId,
    pub programme_title: String,
    pub state: CandidacyState,
    pub role_description: String,
    pub sites: Vec<SiteRef>,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub invited_at: DateTime<Utc>,
}

crate::stored_enum! {
    /// A colleague put forward, or oneself.
    pub enum NominationKind {
        /// Someone recommends a colleague.
        Nomination = "nomination",
        /// A person puts themselves forward.
        Application = "application",
    }
}

crate::stored_enum! {
    /// Where a nomination is in the training team's review.
    pub enum NominationStatus {
        Open = "open",
        /// The nominee was put in the pipeline.
        Retained = "retained",
        /// Read, not taken further for now.
        Dismissed = "dismissed",
    }
}

/// Nominating a colleague, or applying (`nominee_id` oneself), for a programme.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NominationRequest {
    pub programme_id: ProgrammeId,
    pub nominee_id: UserId,
    /// Why them (a nomination) or why me (an application): 10–1,000 characters.
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub reason: Reason,
}

impl NominationRequest {
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        self.reason.check("reason").map_err(|e| vec![e])
    }
}

/// A nomination as admins review it. The nominee never learns who nominated them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nomination {
    pub id: NominationId,
    pub programme_id: ProgrammeId,
    pub kind: NominationKind,
    pub nominee_id: UserId,
    pub nominee_name: String,
    pub nominator_name: String,
    pub reason: String,
    pub status: NominationStatus,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

/// What the person who nominated sees of their own nominations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyNomination {
    pub id: NominationId,
    pub programme_id: ProgrammeId,
    pub kind: NominationKind,
    pub nominee_name: String,
    pub reason: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

crate::stored_enum! {
    /// An admin's decision on a nomination.
    pub enum ReviewDecision {
        /// Put the nominee in the pipeline (as suggested).
        Retained = "retained",
        /// Close it without taking it further.
        Dismissed = "dismissed",
    }
}

impl ReviewDecision {
    pub fn status(self) -> NominationStatus {
        match self {
            ReviewDecision::Retained => NominationStatus::Retained,
            ReviewDecision::Dismissed => NominationStatus::Dismissed,
        }
    }
}

/// Reviewing a nomination (admins).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub status: ReviewDecision,
}

/// Query of the nominations inbox.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NominationListQuery {
    pub programme: Option<ProgrammeId>,
    /// Default `open`.
    pub status: Option<NominationStatus>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    #[cfg_attr(feature = "openapi", param(max_length = 36))]
    pub cursor: Option<String>,
}

/// An admin's field observation: how much this person moves colleagues to train.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ObservationRequest {
    /// Whom it is about.
    pub person_id: UserId,
    /// Their propensity to mobilise colleagues, 1 (little) to 5 (a lot).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub rating: u8,
    /// What was seen: 10–1,000 characters.
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub note: Reason,
}

impl ObservationRequest {
    pub fn validate(&self) -> Result<(u8, String), Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        if !(1..=5).contains(&self.rating) {
            errors.add("rating", "out_of_range", "rating must be between 1 and 5");
        }
        let note = errors.check(self.note.check("note"));
        errors.finish(|| (self.rating, note.unwrap_or_default()))
    }
}

/// A field observation as admins read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Observation {
    pub id: ObservationId,
    pub person_id: UserId,
    pub rating: u8,
    pub note: String,
    pub author_name: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

/// Query of the candidate ranking.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RankingQuery {
    pub region: Option<crate::directory::RegionId>,
    pub site: Option<SiteId>,
    pub domain: Option<crate::directory::DomainId>,
    pub level: Option<ManagementLevel>,
    /// `true`: ambassadors only; `false`: people who are not (default: everyone).
    pub ambassador: Option<bool>,
    /// How many of the best (1–100, default 30).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
}

/// The candidates context's endpoints.
pub mod endpoints {
    use super::coverage::Coverage;
    use super::scoring::{Ranking, Weights};
    use super::{
        AmbassadorInvitation, AnswerRequest, CandidacyDetail, MoveRequest, MyNomination, Nomination,
        NominationListQuery, NominationRequest, Observation, ObservationRequest, RankingQuery, ReviewRequest,
        SuggestRequest,
    };
    use crate::endpoints::{Endpoint, Method, NoContent, Nothing, Route};
    use crate::pagination::Page;

    pub const RANKING: Endpoint<Nothing, Ranking, RankingQuery> =
        Endpoint::new(Method::Get, "/programmes/{id}/candidates");
    pub const WEIGHTS: Endpoint<Nothing, Weights> = Endpoint::new(Method::Get, "/programmes/{id}/candidate-weights");
    pub const SET_WEIGHTS: Endpoint<Weights, Weights> =
        Endpoint::new(Method::Put, "/programmes/{id}/candidate-weights");
    pub const PIPELINE: Endpoint<Nothing, Vec<CandidacyDetail>> =
        Endpoint::new(Method::Get, "/programmes/{id}/pipeline");
    pub const SUGGEST: Endpoint<SuggestRequest, CandidacyDetail> = Endpoint::new(Method::Post, "/candidacies");
    pub const CANDIDACY: Endpoint<Nothing, CandidacyDetail> = Endpoint::new(Method::Get, "/candidacies/{id}");
    pub const MOVE: Endpoint<MoveRequest, CandidacyDetail> = Endpoint::new(Method::Post, "/candidacies/{id}/moves");
    pub const MY_INVITATIONS: Endpoint<Nothing, Vec<AmbassadorInvitation>> =
        Endpoint::new(Method::Get, "/me/ambassador-invitations");
    pub const ANSWER: Endpoint<AnswerRequest, AmbassadorInvitation> =
        Endpoint::new(Method::Post, "/me/ambassador-invitations/{id}/answer");
    pub const NOMINATE: Endpoint<NominationRequest, MyNomination> = Endpoint::new(Method::Post, "/nominations");
    pub const NOMINATIONS: Endpoint<Nothing, Page<Nomination>, NominationListQuery> =
        Endpoint::new(Method::Get, "/nominations");
    pub const MY_NOMINATIONS: Endpoint<Nothing, Vec<MyNomination>> = Endpoint::new(Method::Get, "/me/nominations");
    pub const REVIEW: Endpoint<ReviewRequest, Nomination> = Endpoint::new(Method::Put, "/nominations/{id}");
    pub const OBSERVATIONS: Endpoint<Nothing, Vec<Observation>> =
        Endpoint::new(Method::Get, "/directory/{id}/observations");
    pub const OBSERVE: Endpoint<ObservationRequest, Observation> = Endpoint::new(Method::Post, "/observations");
    pub const DELETE_OBSERVATION: Endpoint<Nothing, NoContent> = Endpoint::new(Method::Delete, "/observations/{id}");
    pub const COVERAGE: Endpoint<Nothing, Coverage> = Endpoint::new(Method::Get, "/programmes/{id}/coverage");

    pub fn routes() -> Vec<Route> {
        vec![
            RANKING.route(),
            WEIGHTS.route(),
            SET_WEIGHTS.route(),
            PIPELINE.route(),
            SUGGEST.route(),
            CANDIDACY.route(),
            MOVE.route(),
            MY_INVITATIONS.route(),
            ANSWER.route(),
            NOMINATE.route(),
            NOMINATIONS.route(),
            MY_NOMINATIONS.route(),
            REVIEW.route(),
            OBSERVATIONS.route(),
            OBSERVE.route(),
            DELETE_OBSERVATION.route(),
            COVERAGE.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CandidacyState::*;

    #[test]
    fn the_pipeline_moves_as_a_table() {
        // (from, to, admin may, invitee may)
        let table = [
            (Suggested, Shortlisted, true, false),
            (Suggested, Invited, false, false),
            (Shortlisted, Invited, true, false),
            (Shortlisted, Suggested, true, false),
            (Invited, Accepted, false, true),
            (Invited, Declined, false, true),
            (Invited, Shortlisted, true, false),
            (Accepted, Active, true, false),
            (Active, Alumni, true, false),
            (Accepted, Alumni, true, false),
            (Declined, Suggested, true, false),
            (Declined, Accepted, false, false),
            (Alumni, Active, false, false),
            (Active, Suggested, false, false),
        ];
        for (from, to, admin, invitee) in table {
            assert_eq!(can_move(from, to, Mover::Admin), admin, "admin {from:?} → {to:?}");
            assert_eq!(can_move(from, to, Mover::Invitee), invitee, "invitee {from:?} → {to:?}");
        }
        assert_eq!(admin_moves(Shortlisted), [Suggested, Invited]);
        assert_eq!(
            admin_moves(Invited),
            [Shortlisted],
            "withdrawn; only the invitee answers"
        );
        assert!(Accepted.makes_ambassador() && Active.makes_ambassador() && !Alumni.makes_ambassador());
    }

    #[test]
    fn an_invitation_says_what_the_role_involves_and_where() {
        let request = MoveRequest {
            to: Invited,
            note: Note::default(),
            role_description: Some(RoleDescription::from("short")),
            site_ids: Vec::new(),
        };
        let fields: Vec<String> = request
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["role_description", "site_ids"]);
        let shortlist = MoveRequest {
            to: Shortlisted,
            note: Note::from("Très présente en magasin"),
            role_description: None,
            site_ids: Vec::new(),
        };
        assert!(shortlist.validate().is_ok(), "only an invitation needs them");
    }

    #[test]
    fn reasons_and_ratings_are_checked() {
        let nomination = NominationRequest {
            programme_id: ProgrammeId::new("p"),
            nominee_id: UserId::new("u"),
            reason: Reason::from("top"),
        };
        assert_eq!(
            nomination.validate().map_err(|e| e[0].code.clone()),
            Err("too_short".into())
        );
        let observation = ObservationRequest {
            person_id: UserId::new("u"),
            rating: 6,
            note: Reason::from("Anime les briefs du matin"),
        };
        assert_eq!(
            observation.validate().map_err(|e| e[0].field.clone()),
            Err("rating".into())
        );
    }
}

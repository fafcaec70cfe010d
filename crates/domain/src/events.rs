//! Domain events: every state change records one, in the same transaction as the change
//! (the outbox). Consumers — roll-ups now; badges, challenge progress, notifications and
//! webhooks later — read them in order from a durable position.

use crate::ids::UserId;
use chrono::{DateTime, Utc};

crate::stored_enum! {
    /// What happened.
    pub enum EventKind {
        SignedIn = "signed_in",
        ProgrammeCreated = "programme_created",
        ProgrammeUpdated = "programme_updated",
        ProgrammeDeleted = "programme_deleted",
        ProgrammeActivated = "programme_activated",
        ProgrammeClosed = "programme_closed",
        NeedCreated = "need_created",
        NeedUpdated = "need_updated",
        NeedDeleted = "need_deleted",
        ObjectiveCreated = "objective_created",
        ObjectiveUpdated = "objective_updated",
        ObjectiveDeleted = "objective_deleted",
        UserCreated = "user_created",
        UserDeactivated = "user_deactivated",
        UserReactivated = "user_reactivated",
        /// An admin changed the person's name or role.
        UserUpdated = "user_updated",
        /// Made an admin from the command line (recovery).
        UserPromoted = "user_promoted",
        /// Given a new password from the command line (recovery).
        UserPasswordReset = "user_password_reset",
        /// A region, site or expertise domain was created, changed or deleted.
        DirectoryPlaceChanged = "directory_place_changed",
        /// An admin changed a person's work facts.
        WorkFactsUpdated = "work_facts_updated",
        /// An HR file import was applied.
        DirectoryImported = "directory_imported",
        /// A one-time link to set a password was made for a person.
        AccountInvited = "account_invited",
        /// A person set their password through an invitation.
        PasswordSet = "password_set",
        /// A person was put in a programme's pipeline.
        CandidacySuggested = "candidacy_suggested",
        /// A candidacy moved (shortlisted, invited, accepted, declined, active, alumni).
        CandidacyMoved = "candidacy_moved",
        /// A colleague was nominated, or someone applied.
        NominationMade = "nomination_made",
        /// An admin retained or dismissed a nomination.
        NominationReviewed = "nomination_reviewed",
        /// An admin recorded a field observation.
        ObservationRecorded = "observation_recorded",
        /// An admin changed a programme's scoring weights.
        CandidateWeightsChanged = "candidate_weights_changed",
        /// A tip was written (a draft or published at once).
        TipCreated = "tip_created",
        /// A tip was published for the first time.
        TipPublished = "tip_published",
        /// A tip was edited (its earlier version is kept).
        TipUpdated = "tip_updated",
        TipDeleted = "tip_deleted",
        /// A colleague reacted to a tip.
        TipReacted = "tip_reacted",
        TipCommented = "tip_commented",
        TipCommentDeleted = "tip_comment_deleted",
        /// A colleague thanked another.
        KudosGiven = "kudos_given",
        /// The training team created a custom badge.
        BadgeCreated = "badge_created",
        /// A badge was given (by the rules or by the training team).
        BadgeAwarded = "badge_awarded",
        /// The training team created, changed or deleted a contest.
        ContestCreated = "contest_created",
        ContestUpdated = "contest_updated",
        ContestDeleted = "contest_deleted",
        /// A tip was entered in a contest, or withdrawn from it.
        ContestEntered = "contest_entered",
        ContestEntryWithdrawn = "contest_entry_withdrawn",
        /// A contest's voting window ended: its results are final and its winners known.
        ContestClosed = "contest_closed",
        /// The training team added, changed or removed a training module.
        ModuleCreated = "module_created",
        ModuleUpdated = "module_updated",
        ModuleDeleted = "module_deleted",
        /// Someone said they completed a module (or the LMS reported it).
        ModuleCompleted = "module_completed",
        /// A training module was opened (reported by the LMS, I2).
        ModuleViewed = "module_viewed",
    }
}

crate::stored_enum! {
    /// What an event is about.
    pub enum SubjectType {
        Programme = "programme",
        Need = "need",
        Objective = "objective",
        User = "user",
        Region = "region",
        Site = "site",
        ExpertiseDomain = "expertise_domain",
        DirectoryImport = "directory_import",
        Candidacy = "candidacy",
        Nomination = "nomination",
        Observation = "observation",
        Tip = "tip",
        TipComment = "tip_comment",
        Kudos = "kudos",
        Badge = "badge",
        BadgeAward = "badge_award",
        Contest = "contest",
        ContestEntry = "contest_entry",
        Module = "module",
    }
}

/// One event, as use cases record it.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainEvent {
    pub kind: EventKind,
    /// Who did it; none for the system.
    pub actor: Option<UserId>,
    pub subject: Option<(SubjectType, String)>,
    pub occurred_at: DateTime<Utc>,
}

impl DomainEvent {
    pub fn by(actor: &UserId, kind: EventKind, occurred_at: DateTime<Utc>) -> Self {
        Self {
            kind,
            actor: Some(actor.clone()),
            subject: None,
            occurred_at,
        }
    }
    /// An event the system caused (an import, a provisioning client, the demo).
    pub fn by_system(kind: EventKind, occurred_at: DateTime<Utc>) -> Self {
        Self {
            kind,
            actor: None,
            subject: None,
            occurred_at,
        }
    }

    pub fn about(mut self, subject_type: SubjectType, id: impl std::fmt::Display) -> Self {
        self.subject = Some((subject_type, id.to_string()));
        self
    }
}

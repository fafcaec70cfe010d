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

//! The operations screen's strings, French and English.

use crate::i18n::{Lang, Strings};
use relais_domain::identity::SecurityEventKind;
use relais_domain::jobs::{JobKind, JobState};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationsText {
    Nav,
    Title,
    Intro,
    Jobs,
    JobsHint,
    JobState,
    NoJobs,
    Kind,
    Attempts,
    LastError,
    Created,
    Finished,
    NextRun,
    Security,
    SecurityHint,
    NoSecurityEvents,
    When,
    Event,
    Account,
    Address,
}

impl Strings for OperationsText {
    fn fr(self) -> &'static str {
        use OperationsText::*;
        match self {
            Nav => "Exploitation",
            Title => "Exploitation",
            Intro => "Ce qui demande l'attention de l'équipe formation : les tâches de fond en échec et le journal de sécurité de votre organisation.",
            Jobs => "Tâches de fond",
            JobsHint => "Une tâche en échec a épuisé ses tentatives : elle ne repart plus seule. Son erreur dit pourquoi ; transmettez-la à l'exploitant de Relais.",
            JobState => "État",
            NoJobs => "Aucune tâche dans cet état.",
            Kind => "Tâche",
            Attempts => "Tentatives",
            LastError => "Dernière erreur",
            Created => "Créée",
            Finished => "Terminée",
            NextRun => "Prochaine exécution",
            Security => "Journal de sécurité",
            SecurityHint => "Plusieurs échecs de connexion depuis une même adresse signalent souvent un essai de mots de passe : prévenez la personne concernée.",
            NoSecurityEvents => "Aucun événement de sécurité pour l'instant.",
            When => "Quand",
            Event => "Événement",
            Account => "Compte",
            Address => "Adresse",
        }
    }

    fn en(self) -> &'static str {
        use OperationsText::*;
        match self {
            Nav => "Operations",
            Title => "Operations",
            Intro => "What needs the training team's attention: background jobs that failed, and your organisation's security log.",
            Jobs => "Background jobs",
            JobsHint => "A failed job has used up its attempts: it will not run again by itself. Its error says why; pass it on to whoever runs Relais.",
            JobState => "State",
            NoJobs => "No job in this state.",
            Kind => "Job",
            Attempts => "Attempts",
            LastError => "Last error",
            Created => "Created",
            Finished => "Finished",
            NextRun => "Next run",
            Security => "Security log",
            SecurityHint => "Several failed sign-ins from one address often mean someone is guessing passwords: warn the person concerned.",
            NoSecurityEvents => "No security event yet.",
            When => "When",
            Event => "Event",
            Account => "Account",
            Address => "Address",
        }
    }
}

pub fn job_state_name(state: JobState, lang: Lang) -> &'static str {
    match (state, lang) {
        (JobState::Dead, Lang::Fr) => "en échec",
        (JobState::Dead, Lang::En) => "failed",
        (JobState::Queued, Lang::Fr) => "en attente",
        (JobState::Queued, Lang::En) => "queued",
        (JobState::Running, Lang::Fr) => "en cours",
        (JobState::Running, Lang::En) => "running",
        (JobState::Succeeded, Lang::Fr) => "réussie",
        (JobState::Succeeded, Lang::En) => "succeeded",
    }
}

pub fn job_kind_name(kind: JobKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (JobKind::Probe, Lang::Fr) => "sonde de contrôle",
        (JobKind::Probe, Lang::En) => "check probe",
        (JobKind::RecordObjectiveReadings, Lang::Fr) => "relevé quotidien des objectifs",
        (JobKind::RecordObjectiveReadings, Lang::En) => "daily objective readings",
        (JobKind::PreviewDirectoryImport, Lang::Fr) => "prévisualisation d'un import RH",
        (JobKind::PreviewDirectoryImport, Lang::En) => "HR import preview",
        (JobKind::ApplyDirectoryImport, Lang::Fr) => "application d'un import RH",
        (JobKind::ApplyDirectoryImport, Lang::En) => "HR import",
        (JobKind::SendMail, Lang::Fr) => "envoi d'un e-mail",
        (JobKind::SendMail, Lang::En) => "sending an e-mail",
        (JobKind::CloseContest, Lang::Fr) => "clôture d'un concours",
        (JobKind::CloseContest, Lang::En) => "closing a contest",
    }
}

pub fn security_event_name(kind: SecurityEventKind, lang: Lang) -> &'static str {
    use SecurityEventKind::*;
    match (kind, lang) {
        (FailedSignIn, Lang::Fr) => "connexion refusée",
        (FailedSignIn, Lang::En) => "failed sign-in",
        (SignInThrottled, Lang::Fr) => "connexions bloquées (trop d'échecs)",
        (SignInThrottled, Lang::En) => "sign-ins blocked (too many failures)",
        (RefreshTokenReused, Lang::Fr) => "jeton réutilisé : session fermée",
        (RefreshTokenReused, Lang::En) => "token re-used: session ended",
        (AccountDeactivated, Lang::Fr) => "compte désactivé",
        (AccountDeactivated, Lang::En) => "account deactivated",
        (SignedOut, Lang::Fr) => "déconnexion",
        (SignedOut, Lang::En) => "signed out",
    }
}

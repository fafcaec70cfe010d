//! The programmes context's strings, French and English.

use crate::i18n::{Lang, Strings};
use relais_domain::analytics::Reading;
use relais_domain::programmes::{Metric, MetricUnit, NeedPriority, PacingStatus, ProgrammeContext, ProgrammeStatus};

/// Strings of the programme screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgrammeText {
    NavProgrammes,
    BackToProgrammes,
    Programmes,
    NoProgrammes,
    NewProgramme,
    CreateProgramme,
    Title,
    Context,
    Description,
    StartsOn,
    EndsOn,
    Period,
    Needs,
    NoNeeds,
    AddNeed,
    Evidence,
    Priority,
    Objectives,
    NoObjectives,
    AddObjective,
    Need,
    Metric,
    Target,
    DueOn,
    Baseline,
    Current,
    NotYetCaptured,
    Activate,
    ActivateHint,
    Close,
    Retrospective,
    RetrospectiveHint,
    DeleteDraft,
    Dashboard,
    OpenDashboard,
    EditProgramme,
    Progress,
    Expected,
    Achieved,
    Learners,
    Ambassadors,
    ActiveAmbassadors,
    Coverage,
    NoDataYet,
    Suppressed,
    SuppressedHint,
    ComputedAt,
    ReadOnlyHint,
    DeleteNeedQuestion,
    DeleteObjectiveQuestion,
    ActivateQuestion,
    DeleteDraftQuestion,
    Lifecycle,
}

impl Strings for ProgrammeText {
    fn fr(self) -> &'static str {
        use ProgrammeText::*;
        match self {
            NavProgrammes => "Programmes",
            BackToProgrammes => "Retour aux programmes",
            Programmes => "Programmes",
            NoProgrammes => "Aucun programme pour l'instant.",
            NewProgramme => "Nouveau programme",
            CreateProgramme => "Créer le programme",
            Title => "Titre",
            Context => "Contexte",
            Description => "Description",
            StartsOn => "Début",
            EndsOn => "Fin",
            Period => "Période",
            Needs => "Besoins",
            NoNeeds => "Aucun besoin défini.",
            AddNeed => "Ajouter un besoin",
            Evidence => "Constats",
            Priority => "Priorité",
            Objectives => "Objectifs",
            NoObjectives => "Aucun objectif défini.",
            AddObjective => "Ajouter un objectif",
            Need => "Besoin",
            Metric => "Indicateur",
            Target => "Cible",
            DueOn => "Échéance",
            Baseline => "Point de départ",
            Current => "Actuel",
            NotYetCaptured => "mesuré à l'activation",
            Activate => "Activer le programme",
            ActivateHint => {
                "L'activation rend le programme visible de tous et mesure le point de départ de chaque objectif."
            }
            Close => "Clôturer le programme",
            Retrospective => "Bilan",
            RetrospectiveHint => "Ce qui a marché, ce qui n'a pas marché, ce qu'il faudra refaire.",
            DeleteDraft => "Supprimer le brouillon",
            Dashboard => "Tableau de bord",
            OpenDashboard => "Voir le tableau de bord",
            EditProgramme => "Voir le programme",
            Progress => "Avancement",
            Expected => "Attendu à date",
            Achieved => "Atteint",
            Learners => "Apprenants",
            Ambassadors => "Ambassadeurs formation",
            ActiveAmbassadors => "Ambassadeurs actifs (30 j)",
            Coverage => "Couverture des sites",
            NoDataYet => "pas encore de données",
            Suppressed => "masqué",
            SuppressedHint => "Les chiffres portant sur moins de k personnes sont masqués pour protéger chacun.",
            ComputedAt => "Calculé le",
            ReadOnlyHint => "Le programme dont vous êtes partie prenante : pourquoi il existe et ce qu'il vise.",
            DeleteNeedQuestion => "Supprimer ce besoin ? Cette action est définitive.",
            DeleteObjectiveQuestion => "Supprimer cet objectif ? Cette action est définitive.",
            ActivateQuestion => "Activer le programme ? Le point de départ de chaque objectif est mesuré maintenant, et leurs indicateurs ne pourront plus changer.",
            DeleteDraftQuestion => "Supprimer ce brouillon, ses besoins et ses objectifs ? Cette action est définitive.",
            Lifecycle => "Cycle de vie",
        }
    }

    fn en(self) -> &'static str {
        use ProgrammeText::*;
        match self {
            NavProgrammes => "Programmes",
            BackToProgrammes => "Back to programmes",
            Programmes => "Programmes",
            NoProgrammes => "No programme yet.",
            NewProgramme => "New programme",
            CreateProgramme => "Create programme",
            Title => "Title",
            Context => "Context",
            Description => "Description",
            StartsOn => "Starts",
            EndsOn => "Ends",
            Period => "Period",
            Needs => "Needs",
            NoNeeds => "No need defined.",
            AddNeed => "Add a need",
            Evidence => "Evidence",
            Priority => "Priority",
            Objectives => "Objectives",
            NoObjectives => "No objective defined.",
            AddObjective => "Add an objective",
            Need => "Need",
            Metric => "Metric",
            Target => "Target",
            DueOn => "Due",
            Baseline => "Baseline",
            Current => "Current",
            NotYetCaptured => "captured at activation",
            Activate => "Activate programme",
            ActivateHint => {
                "Activating makes the programme visible to everyone and captures each objective's baseline."
            }
            Close => "Close programme",
            Retrospective => "Retrospective",
            RetrospectiveHint => "What worked, what did not, what to do again.",
            DeleteDraft => "Delete draft",
            Dashboard => "Dashboard",
            OpenDashboard => "Open dashboard",
            EditProgramme => "View programme",
            Progress => "Progress",
            Expected => "Expected by now",
            Achieved => "Achieved",
            Learners => "Learners",
            Ambassadors => "Training ambassadors",
            ActiveAmbassadors => "Active ambassadors (30 d)",
            Coverage => "Site coverage",
            NoDataYet => "no data yet",
            Suppressed => "hidden",
            SuppressedHint => "Figures about fewer than k people are hidden to protect everyone.",
            ComputedAt => "Computed on",
            ReadOnlyHint => "The programme you take part in: why it exists and what it aims for.",
            DeleteNeedQuestion => "Delete this need? This cannot be undone.",
            DeleteObjectiveQuestion => "Delete this objective? This cannot be undone.",
            ActivateQuestion => "Activate the programme? Each objective's baseline is measured now, and their metrics can no longer change.",
            DeleteDraftQuestion => "Delete this draft with its needs and objectives? This cannot be undone.",
            Lifecycle => "Lifecycle",
        }
    }
}

// Names of the domain's enums in both languages.
pub fn status_name(status: ProgrammeStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ProgrammeStatus::Draft, Lang::Fr) => "brouillon",
        (ProgrammeStatus::Draft, Lang::En) => "draft",
        (ProgrammeStatus::Active, Lang::Fr) => "actif",
        (ProgrammeStatus::Active, Lang::En) => "active",
        (ProgrammeStatus::Closed, Lang::Fr) => "clôturé",
        (ProgrammeStatus::Closed, Lang::En) => "closed",
    }
}

pub fn context_name(context: ProgrammeContext, lang: Lang) -> &'static str {
    match (context, lang) {
        (ProgrammeContext::EngagementDeficit, Lang::Fr) => "Déficit d'engagement",
        (ProgrammeContext::EngagementDeficit, Lang::En) => "Engagement deficit",
        (ProgrammeContext::ToolLaunch, Lang::Fr) => "Lancement d'un outil de formation",
        (ProgrammeContext::ToolLaunch, Lang::En) => "New training tool launch",
        (ProgrammeContext::SkillsGap, Lang::Fr) => "Écart de compétences",
        (ProgrammeContext::SkillsGap, Lang::En) => "Skills gap",
        (ProgrammeContext::Onboarding, Lang::Fr) => "Intégration",
        (ProgrammeContext::Onboarding, Lang::En) => "Onboarding",
        (ProgrammeContext::Other, Lang::Fr) => "Autre",
        (ProgrammeContext::Other, Lang::En) => "Other",
    }
}

pub fn priority_name(priority: NeedPriority, lang: Lang) -> &'static str {
    match (priority, lang) {
        (NeedPriority::Low, Lang::Fr) => "faible",
        (NeedPriority::Low, Lang::En) => "low",
        (NeedPriority::Medium, Lang::Fr) => "moyenne",
        (NeedPriority::Medium, Lang::En) => "medium",
        (NeedPriority::High, Lang::Fr) => "haute",
        (NeedPriority::High, Lang::En) => "high",
        (NeedPriority::Critical, Lang::Fr) => "critique",
        (NeedPriority::Critical, Lang::En) => "critical",
    }
}

pub fn metric_name(metric: Metric, lang: Lang) -> &'static str {
    match (metric, lang) {
        (Metric::ActiveLearnerRate, Lang::Fr) => "Taux d'apprenants actifs (30 j)",
        (Metric::ActiveLearnerRate, Lang::En) => "Active-learner rate (30 d)",
        (Metric::CommunityParticipation, Lang::Fr) => "Participation aux communautés",
        (Metric::CommunityParticipation, Lang::En) => "Community participation",
        (Metric::TipsPublished, Lang::Fr) => "Conseils publiés (30 j)",
        (Metric::TipsPublished, Lang::En) => "Tips published (30 d)",
        (Metric::QuestionsAnsweredWithin48h, Lang::Fr) => "Questions répondues sous 48 h",
        (Metric::QuestionsAnsweredWithin48h, Lang::En) => "Questions answered within 48 h",
        (Metric::QuizSuccessRate, Lang::Fr) => "Taux de réussite aux quiz",
        (Metric::QuizSuccessRate, Lang::En) => "Quiz success rate",
        (Metric::ChallengeCompletion, Lang::Fr) => "Défis terminés",
        (Metric::ChallengeCompletion, Lang::En) => "Challenge completion",
        (Metric::SiteCoverage, Lang::Fr) => "Couverture des sites par les ambassadeurs",
        (Metric::SiteCoverage, Lang::En) => "Site coverage by ambassadors",
        (Metric::ModuleCompletions, Lang::Fr) => "Modules terminés (LMS, 30 j)",
        (Metric::ModuleCompletions, Lang::En) => "Module completions (LMS, 30 d)",
    }
}

pub fn pacing_name(status: PacingStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (PacingStatus::OnTrack, Lang::Fr) => "en bonne voie",
        (PacingStatus::OnTrack, Lang::En) => "on track",
        (PacingStatus::AtRisk, Lang::Fr) => "à risque",
        (PacingStatus::AtRisk, Lang::En) => "at risk",
        (PacingStatus::OffTrack, Lang::Fr) => "en retard",
        (PacingStatus::OffTrack, Lang::En) => "off track",
    }
}

/// Text for a figure: the value with its unit, or why it is not shown.
pub fn reading_text(reading: Reading, unit: MetricUnit, lang: Lang) -> String {
    match reading {
        Reading::Value { value } => format_value(value, unit, lang),
        Reading::NoData => ProgrammeText::NoDataYet.in_lang(lang).to_owned(),
        Reading::Suppressed => ProgrammeText::Suppressed.in_lang(lang).to_owned(),
    }
}

/// A metric's value in the reader's language ("63,9 %", "1 250").
pub fn format_value(value: f64, unit: MetricUnit, lang: Lang) -> String {
    match unit {
        MetricUnit::Percent => crate::i18n::format_percent(value, lang),
        MetricUnit::Count => crate::i18n::format_number(value, lang, 1),
    }
}

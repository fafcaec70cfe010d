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
    DeleteNeedQuestion,
    DeleteObjectiveQuestion,
    ActivateQuestion,
    DeleteDraftQuestion,
    Lifecycle,
    Overview,
    Sections,
    SaveNeed,
    SaveObjective,
    NeedAdded,
    NeedSaved,
    NeedDeleted,
    ObjectiveAdded,
    ObjectiveSaved,
    ObjectiveDeleted,
    ActivatedNotice,
    ClosedNotice,
    NeedsHint,
    ObjectivesHint,
    AddNeedFirst,
    GoToNeeds,
    WhatItAsks,
    AsksAmbassador,
    AsksLearner,
    WhyThisProgramme,
    WhatWillBeMeasured,
    DraftHint,
    FiguresAtClosing,
    ExportCsv,
    Source,
    Trend,
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
            DeleteNeedQuestion => "Supprimer ce besoin ? Cette action est définitive.",
            DeleteObjectiveQuestion => "Supprimer cet objectif ? Cette action est définitive.",
            ActivateQuestion => "Activer le programme ? Le point de départ de chaque objectif est mesuré maintenant, et leurs indicateurs ne pourront plus changer.",
            DeleteDraftQuestion => "Supprimer ce brouillon, ses besoins et ses objectifs ? Cette action est définitive.",
            Lifecycle => "Cycle de vie",
            Overview => "Vue d'ensemble",
            Sections => "Parties du programme",
            SaveNeed => "Enregistrer le besoin",
            SaveObjective => "Enregistrer l'objectif",
            NeedAdded => "Besoin ajouté.",
            NeedSaved => "Besoin enregistré.",
            NeedDeleted => "Besoin supprimé.",
            ObjectiveAdded => "Objectif ajouté.",
            ObjectiveSaved => "Objectif enregistré.",
            ObjectiveDeleted => "Objectif supprimé.",
            ActivatedNotice => "Programme activé : les points de départ sont mesurés.",
            ClosedNotice => "Programme clôturé : ses chiffres sont conservés tels quels.",
            NeedsHint => "Un besoin dit quel problème le programme résout, avec ce qui le montre (chiffres, retours du terrain).",
            ObjectivesHint => "Un objectif répond à un besoin et se mesure par un indicateur que Relais calcule lui-même : rien à saisir.",
            AddNeedFirst => "Ajoutez d'abord un besoin : chaque objectif y répond.",
            GoToNeeds => "Aller aux besoins",
            WhatItAsks => "Ce que ce programme attend de vous",
            AsksAmbassador => "Vous êtes ambassadeur formation : faites vivre la formation auprès de vos collègues — répondez à leurs questions, relancez, partagez vos conseils. Voici les objectifs que vous aidez à atteindre.",
            AsksLearner => "Ce programme vous concerne : formez-vous à votre rythme, posez vos questions aux ambassadeurs de votre site, partagez vos astuces. Voici ce qu'il vise.",
            WhyThisProgramme => "Pourquoi ce programme",
            WhatWillBeMeasured => "Ce qui sera mesuré",
            DraftHint => "Ce programme est un brouillon : rien n'est encore mesuré. À l'activation, Relais mesure le point de départ de chaque objectif, puis suit sa progression chaque jour.",
            FiguresAtClosing => "Chiffres à la clôture, le",
            ExportCsv => "Exporter en CSV",
            Source => "D'où vient ce chiffre",
            Trend => "Évolution",
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
            DeleteNeedQuestion => "Delete this need? This cannot be undone.",
            DeleteObjectiveQuestion => "Delete this objective? This cannot be undone.",
            ActivateQuestion => "Activate the programme? Each objective's baseline is measured now, and their metrics can no longer change.",
            DeleteDraftQuestion => "Delete this draft with its needs and objectives? This cannot be undone.",
            Lifecycle => "Lifecycle",
            Overview => "Overview",
            Sections => "Programme sections",
            SaveNeed => "Save need",
            SaveObjective => "Save objective",
            NeedAdded => "Need added.",
            NeedSaved => "Need saved.",
            NeedDeleted => "Need deleted.",
            ObjectiveAdded => "Objective added.",
            ObjectiveSaved => "Objective saved.",
            ObjectiveDeleted => "Objective deleted.",
            ActivatedNotice => "Programme activated: the baselines are measured.",
            ClosedNotice => "Programme closed: its figures are kept as they are.",
            NeedsHint => "A need says which problem the programme solves, with what shows it (figures, field feedback).",
            ObjectivesHint => "An objective answers a need and is measured by a metric Relais computes itself: nothing to type in.",
            AddNeedFirst => "Add a need first: every objective answers one.",
            GoToNeeds => "Go to needs",
            WhatItAsks => "What this programme asks of you",
            AsksAmbassador => "You are a training ambassador: bring training to life for your colleagues — answer their questions, nudge, share your tips. Here are the objectives you help reach.",
            AsksLearner => "This programme is for you: learn at your own pace, ask your site's ambassadors, share your tricks. Here is what it aims for.",
            WhyThisProgramme => "Why this programme",
            WhatWillBeMeasured => "What will be measured",
            DraftHint => "This programme is a draft: nothing is measured yet. At activation Relais measures each objective's baseline, then follows its progress daily.",
            FiguresAtClosing => "Figures at closing, on",
            ExportCsv => "Export as CSV",
            Source => "Where this figure comes from",
            Trend => "Trend",
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

/// Where a metric's figure comes from, and — while its source is not yet in Relais — when
/// "no data yet" will end.
pub fn metric_source(metric: Metric, lang: Lang) -> &'static str {
    match (metric, lang) {
        (Metric::ActiveLearnerRate, Lang::Fr) => "Apprenants ayant utilisé Relais dans les 30 derniers jours, sur l'ensemble des apprenants actifs. Calculé chaque jour à partir des connexions.",
        (Metric::ActiveLearnerRate, Lang::En) => "Learners who used Relais in the last 30 days, out of all active learners. Computed daily from sign-ins.",
        (Metric::CommunityParticipation, Lang::Fr) => "Apprenants ayant participé à une communauté dans les 30 derniers jours. Mesuré quand les communautés arriveront (étape 4) ; d'ici là, pas de données.",
        (Metric::CommunityParticipation, Lang::En) => "Learners who took part in a community in the last 30 days. Measured once communities arrive (step 4); no data until then.",
        (Metric::TipsPublished, Lang::Fr) => "Conseils publiés dans les 30 derniers jours. Mesuré quand les conseils arriveront (étape 3) ; d'ici là, pas de données.",
        (Metric::TipsPublished, Lang::En) => "Tips published in the last 30 days. Measured once tips arrive (step 3); no data until then.",
        (Metric::QuestionsAnsweredWithin48h, Lang::Fr) => "Part des questions des 30 derniers jours ayant reçu une réponse sous 48 h. Mesuré avec les questions-réponses (étape 4).",
        (Metric::QuestionsAnsweredWithin48h, Lang::En) => "Share of the last 30 days' questions answered within 48 hours. Measured with Q&A (step 4).",
        (Metric::QuizSuccessRate, Lang::Fr) => "Part des tentatives de quiz réussies dans les 30 derniers jours. Mesuré avec les quiz (étape 4).",
        (Metric::QuizSuccessRate, Lang::En) => "Share of quiz attempts passed in the last 30 days. Measured with quizzes (step 4).",
        (Metric::ChallengeCompletion, Lang::Fr) => "Part des participants ayant terminé leur défi. Mesuré avec les défis (étape 4).",
        (Metric::ChallengeCompletion, Lang::En) => "Share of challenge participants who completed it. Measured with challenges (step 4).",
        (Metric::SiteCoverage, Lang::Fr) => "Part des sites ayant assez d'ambassadeurs (un pour 25 apprenants). Mesuré avec l'annuaire des sites (étape 2).",
        (Metric::SiteCoverage, Lang::En) => "Share of sites with enough ambassadors (one per 25 learners). Measured with the site directory (step 2).",
        (Metric::ModuleCompletions, Lang::Fr) => "Modules terminés dans les 30 derniers jours, tels que votre LMS les signale. Mesuré quand le LMS sera relié (intégrations).",
        (Metric::ModuleCompletions, Lang::En) => "Modules completed in the last 30 days, as your LMS reports them. Measured once the LMS is connected (integrations).",
    }
}

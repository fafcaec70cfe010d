//! French and English strings. Every text is a `Text` variant and both `fr` and `en` match
//! exhaustively, so a missing translation does not compile.

use leptos::prelude::*;
use relais_domain::analytics::Reading;
use relais_domain::identity::Role;
use relais_domain::programmes::{Metric, MetricUnit, NeedPriority, PacingStatus, ProgrammeContext, ProgrammeStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
    fn parse(value: &str) -> Option<Lang> {
        match value.get(..2) {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }
}

const STORAGE_KEY: &str = "relais.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The chosen language: remembered in local storage, else the browser's, else French.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn new() -> Self {
        let remembered = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|v| Lang::parse(&v));
        let browser = web_sys::window()
            .and_then(|w| w.navigator().language())
            .and_then(|v| Lang::parse(&v));
        let lang = remembered.or(browser).unwrap_or(Lang::Fr);
        set_document_lang(lang);
        Self {
            lang: RwSignal::new(lang),
        }
    }

    pub fn set(&self, lang: Lang) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        set_document_lang(lang);
        self.lang.set(lang);
    }

    pub fn t(&self, text: Text) -> &'static str {
        text.in_lang(self.lang.get())
    }
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive translation for `view!`.
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(text)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    AppTagline,
    NavProgrammes,
    NavPeople,
    SignIn,
    SignOut,
    SigningIn,
    Email,
    Password,
    Loading,
    NotFound,
    BackToProgrammes,
    Save,
    Saved,
    Cancel,
    Delete,
    Edit,
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
    Status,
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
    People,
    NewPerson,
    DisplayName,
    Role,
    Active,
    Inactive,
    Deactivate,
    Reactivate,
    CreatePerson,
    PasswordHint,
    LoadMore,
    Language,
    ReadOnlyHint,
    ErrorGeneric,
    ErrorNetwork,
    ErrorForbidden,
    ErrorInvalidCredentials,
    ErrorTooMany,
    ErrorValidation,
}

impl Text {
    pub fn in_lang(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr(),
            Lang::En => self.en(),
        }
    }

    fn fr(self) -> &'static str {
        use Text::*;
        match self {
            AppTagline => "Vos experts métier, ambassadeurs formation",
            NavProgrammes => "Programmes",
            NavPeople => "Personnes",
            SignIn => "Se connecter",
            SignOut => "Se déconnecter",
            SigningIn => "Connexion…",
            Email => "Adresse e-mail",
            Password => "Mot de passe",
            Loading => "Chargement…",
            NotFound => "Page introuvable",
            BackToProgrammes => "Retour aux programmes",
            Save => "Enregistrer",
            Saved => "Enregistré",
            Cancel => "Annuler",
            Delete => "Supprimer",
            Edit => "Modifier",
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
            Status => "Statut",
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
            People => "Personnes",
            NewPerson => "Nouvelle personne",
            DisplayName => "Nom affiché",
            Role => "Rôle",
            Active => "actif",
            Inactive => "désactivé",
            Deactivate => "Désactiver",
            Reactivate => "Réactiver",
            CreatePerson => "Créer le compte",
            PasswordHint => "12 caractères au moins ; une phrase est idéale.",
            LoadMore => "Afficher plus",
            Language => "Langue",
            ReadOnlyHint => "Le programme dont vous êtes partie prenante : pourquoi il existe et ce qu'il vise.",
            ErrorGeneric => "Une erreur est survenue.",
            ErrorNetwork => "Le serveur ne répond pas. Vérifiez votre connexion.",
            ErrorForbidden => "Votre rôle ne permet pas cette action.",
            ErrorInvalidCredentials => "Adresse e-mail ou mot de passe incorrect.",
            ErrorTooMany => "Trop de tentatives. Réessayez dans quelques minutes.",
            ErrorValidation => "Certains champs sont à corriger.",
        }
    }

    fn en(self) -> &'static str {
        use Text::*;
        match self {
            AppTagline => "Your business experts, training ambassadors",
            NavProgrammes => "Programmes",
            NavPeople => "People",
            SignIn => "Sign in",
            SignOut => "Sign out",
            SigningIn => "Signing in…",
            Email => "E-mail address",
            Password => "Password",
            Loading => "Loading…",
            NotFound => "Page not found",
            BackToProgrammes => "Back to programmes",
            Save => "Save",
            Saved => "Saved",
            Cancel => "Cancel",
            Delete => "Delete",
            Edit => "Edit",
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
            Status => "Status",
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
            People => "People",
            NewPerson => "New person",
            DisplayName => "Display name",
            Role => "Role",
            Active => "active",
            Inactive => "deactivated",
            Deactivate => "Deactivate",
            Reactivate => "Reactivate",
            CreatePerson => "Create account",
            PasswordHint => "At least 12 characters; a sentence is ideal.",
            LoadMore => "Show more",
            Language => "Language",
            ReadOnlyHint => "The programme you take part in: why it exists and what it aims for.",
            ErrorGeneric => "Something went wrong.",
            ErrorNetwork => "The server does not answer. Check your connection.",
            ErrorForbidden => "Your role does not allow this action.",
            ErrorInvalidCredentials => "Wrong e-mail address or password.",
            ErrorTooMany => "Too many attempts. Try again in a few minutes.",
            ErrorValidation => "Some fields need fixing.",
        }
    }
}

/// Names of the domain's enums in both languages.
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

pub fn role_name(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Admin, Lang::Fr) => "équipe formation",
        (Role::Admin, Lang::En) => "training team",
        (Role::Ambassador, Lang::Fr) => "ambassadeur formation",
        (Role::Ambassador, Lang::En) => "training ambassador",
        (Role::Learner, Lang::Fr) => "apprenant",
        (Role::Learner, Lang::En) => "learner",
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

/// A field error's translation by its stable code; the API's English message otherwise.
pub fn field_error_text(code: &str, lang: Lang) -> Option<&'static str> {
    Some(match (code, lang) {
        ("required", Lang::Fr) => "Ce champ est obligatoire.",
        ("required", Lang::En) => "This field is required.",
        ("too_short", Lang::Fr) => "Trop court.",
        ("too_short", Lang::En) => "Too short.",
        ("too_long", Lang::Fr) => "Trop long.",
        ("too_long", Lang::En) => "Too long.",
        ("too_common", Lang::Fr) => "Ce mot de passe est trop courant ; choisissez-en un autre.",
        ("too_common", Lang::En) => "This password is too common; choose another.",
        ("invalid_email", Lang::Fr) => "Ce n'est pas une adresse e-mail.",
        ("invalid_email", Lang::En) => "This is not an e-mail address.",
        ("before_start", Lang::Fr) => "La fin doit suivre le début.",
        ("before_start", Lang::En) => "The end must come after the start.",
        ("period_too_long", Lang::Fr) => "Un programme dure au plus cinq ans.",
        ("period_too_long", Lang::En) => "A programme lasts at most five years.",
        ("out_of_range", Lang::Fr) => "Valeur hors des limites permises.",
        ("out_of_range", Lang::En) => "Value out of the allowed range.",
        ("outside_programme_period", Lang::Fr) => "L'échéance doit tomber pendant le programme.",
        ("outside_programme_period", Lang::En) => "The due date must fall within the programme.",
        ("objectives_outside_period", Lang::Fr) => "Des objectifs tombent hors de cette période.",
        ("objectives_outside_period", Lang::En) => "Some objectives fall outside this period.",
        ("unknown_need", Lang::Fr) | ("invalid_id", Lang::Fr) => "Choisissez un besoin du programme.",
        ("unknown_need", Lang::En) | ("invalid_id", Lang::En) => "Choose a need of this programme.",
        ("invalid_value", Lang::Fr) => "Valeur invalide.",
        ("invalid_value", Lang::En) => "Invalid value.",
        _ => return None,
    })
}

/// Text for a figure: the value with its unit, or why it is not shown.
pub fn reading_text(reading: Reading, unit: MetricUnit, lang: Lang) -> String {
    match reading {
        Reading::Value { value } => format_value(value, unit),
        Reading::NoData => Text::NoDataYet.in_lang(lang).to_owned(),
        Reading::Suppressed => Text::Suppressed.in_lang(lang).to_owned(),
    }
}

pub fn format_value(value: f64, unit: MetricUnit) -> String {
    let number = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    match unit {
        MetricUnit::Percent => format!("{number} %"),
        MetricUnit::Count => number,
    }
}

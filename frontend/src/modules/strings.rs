//! The modules context's strings, French and English.

use crate::i18n::{Label, Lang, Strings};
use relais_domain::modules::ModuleDelivery;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModulesText {
    Nav,
    Title,
    Intro,
    NewModule,
    AllDomains,
    Domain,
    NoModule,
    NoModuleInDomain,
    Minutes,
    Experts,
    NoExpert,
    CompletionOne,
    Completions,
    CompletedByMe,
    InLms,
    Internal,
    OpenInLms,
    ActivityId,
    IDidIt,
    CompletedOn,
    Recorded,
    Undone,
    BackToModules,
    Edit,
    Delete,
    DeleteQuestion,
    NewTitle,
    EditTitle,
    FieldTitle,
    FieldSummary,
    FieldDuration,
    FieldDelivery,
    FieldDescription,
    FieldUrl,
    FieldActivity,
    ActivityHint,
    NoDomain,
    FindExpert,
    Remove,
    Create,
    Save,
    Forbidden,
    ErrorReportedByLms,
}

impl Strings for ModulesText {
    fn fr(self) -> &'static str {
        use ModulesText::*;
        match self {
            Nav => "Modules",
            Title => "Modules de formation",
            Intro => "Les modules du catalogue, et les collègues experts qui les ont conçus.",
            NewModule => "Nouveau module",
            AllDomains => "Tous les domaines",
            Domain => "Domaine d'expertise",
            NoModule => "Aucun module pour l'instant.",
            NoModuleInDomain => "Aucun module dans ce domaine.",
            Minutes => "min",
            Experts => "Experts",
            NoExpert => "Aucun expert crédité.",
            CompletionOne => "collègue l'a terminé",
            Completions => "collègues l'ont terminé",
            CompletedByMe => "Terminé",
            InLms => "Dans le LMS",
            Internal => "Dans Relais",
            OpenInLms => "Suivre le module dans le LMS",
            ActivityId => "Identifiant d'activité xAPI",
            IDidIt => "J'ai terminé ce module",
            CompletedOn => "Vous l'avez terminé le",
            Recorded => "C'est noté : module terminé.",
            Undone => "C'est noté : module non terminé.",
            BackToModules => "Tous les modules",
            Edit => "Modifier",
            Delete => "Supprimer",
            DeleteQuestion => "Supprimer ce module et ses achèvements ?",
            NewTitle => "Nouveau module",
            EditTitle => "Modifier le module",
            FieldTitle => "Titre",
            FieldSummary => "Résumé",
            FieldDuration => "Durée (minutes)",
            FieldDelivery => "Où le suivre",
            FieldDescription => "Contenu du module",
            FieldUrl => "Adresse dans le LMS",
            FieldActivity => "Identifiant d'activité xAPI (facultatif)",
            ActivityHint => "Le LMS l'utilise pour signaler qui a terminé le module.",
            NoDomain => "Aucun",
            FindExpert => "Ajouter un expert (nom)",
            Remove => "Retirer",
            Create => "Ajouter au catalogue",
            Save => "Enregistrer",
            Forbidden => "Votre rôle ne permet pas cette action.",
            ErrorReportedByLms => "Le LMS a signalé cet achèvement : il reste.",
        }
    }

    fn en(self) -> &'static str {
        use ModulesText::*;
        match self {
            Nav => "Modules",
            Title => "Training modules",
            Intro => "The catalogue's modules, and the expert colleagues who made them.",
            NewModule => "New module",
            AllDomains => "All domains",
            Domain => "Expertise domain",
            NoModule => "No module yet.",
            NoModuleInDomain => "No module in this domain.",
            Minutes => "min",
            Experts => "Experts",
            NoExpert => "No expert credited.",
            CompletionOne => "colleague completed it",
            Completions => "colleagues completed it",
            CompletedByMe => "Completed",
            InLms => "In the LMS",
            Internal => "In Relais",
            OpenInLms => "Take the module in the LMS",
            ActivityId => "xAPI activity id",
            IDidIt => "I completed this module",
            CompletedOn => "You completed it on",
            Recorded => "Noted: module completed.",
            Undone => "Noted: module not completed.",
            BackToModules => "All modules",
            Edit => "Edit",
            Delete => "Delete",
            DeleteQuestion => "Delete this module and its completions?",
            NewTitle => "New module",
            EditTitle => "Edit the module",
            FieldTitle => "Title",
            FieldSummary => "Summary",
            FieldDuration => "Duration (minutes)",
            FieldDelivery => "Where it is taken",
            FieldDescription => "What the module teaches",
            FieldUrl => "Address in the LMS",
            FieldActivity => "xAPI activity id (optional)",
            ActivityHint => "The LMS uses it to report who completed the module.",
            NoDomain => "None",
            FindExpert => "Add an expert (name)",
            Remove => "Remove",
            Create => "Add to the catalogue",
            Save => "Save",
            Forbidden => "Your role does not allow this action.",
            ErrorReportedByLms => "The LMS reported this completion: it stays.",
        }
    }
}

pub fn delivery_name(delivery: ModuleDelivery, lang: Lang) -> &'static str {
    match delivery {
        ModuleDelivery::Internal => ModulesText::Internal.in_lang(lang),
        ModuleDelivery::Lms => ModulesText::InLms.in_lang(lang),
    }
}

/// Modules' refusals, for `ErrorBanner`.
pub fn module_error(code: &str) -> Option<Label> {
    match code {
        "reported_by_lms" => Some(ModulesText::ErrorReportedByLms.into()),
        _ => None,
    }
}

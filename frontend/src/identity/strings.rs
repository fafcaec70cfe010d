//! The identity context's strings, French and English.

use crate::i18n::{Lang, Strings};
use relais_domain::identity::Role;

/// Strings of the sign-in and people screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityText {
    NavPeople,
    SignIn,
    Email,
    Password,
    People,
    NewPerson,
    DisplayName,
    Role,
    Status,
    Active,
    Inactive,
    Deactivate,
    Reactivate,
    CreatePerson,
    PasswordHint,
    DeactivateQuestion,
    Deactivated,
    Reactivated,
    PersonCreated,
    Search,
    AllRoles,
    AllStatuses,
    NoOneFound,
    Actions,
    PersonSaved,
    OwnRoleHint,
}

impl Strings for IdentityText {
    fn fr(self) -> &'static str {
        use IdentityText::*;
        match self {
            NavPeople => "Personnes",
            SignIn => "Se connecter",
            Email => "Adresse e-mail",
            Password => "Mot de passe",
            People => "Personnes",
            NewPerson => "Nouvelle personne",
            DisplayName => "Nom affiché",
            Role => "Rôle",
            Status => "Statut",
            Active => "actif",
            Inactive => "désactivé",
            Deactivate => "Désactiver",
            Reactivate => "Réactiver",
            CreatePerson => "Créer le compte",
            PasswordHint => "12 caractères au moins ; une phrase est idéale.",
            DeactivateQuestion => "Désactiver ce compte ? La personne ne pourra plus se connecter et ses sessions prennent fin tout de suite. Vous pourrez le réactiver.",
            Deactivated => "Compte désactivé.",
            Reactivated => "Compte réactivé.",
            PersonCreated => "Compte créé.",
            Search => "Rechercher (nom, e-mail)",
            AllRoles => "Tous les rôles",
            AllStatuses => "Tous",
            NoOneFound => "Personne ne correspond à cette recherche.",
            Actions => "Actions",
            PersonSaved => "Personne enregistrée.",
            OwnRoleHint => "Votre propre rôle se change par un autre administrateur.",
        }
    }

    fn en(self) -> &'static str {
        use IdentityText::*;
        match self {
            NavPeople => "People",
            SignIn => "Sign in",
            Email => "E-mail address",
            Password => "Password",
            People => "People",
            NewPerson => "New person",
            DisplayName => "Display name",
            Role => "Role",
            Status => "Status",
            Active => "active",
            Inactive => "deactivated",
            Deactivate => "Deactivate",
            Reactivate => "Reactivate",
            CreatePerson => "Create account",
            PasswordHint => "At least 12 characters; a sentence is ideal.",
            DeactivateQuestion => "Deactivate this account? The person can no longer sign in and their sessions end at once. You can reactivate it later.",
            Deactivated => "Account deactivated.",
            Reactivated => "Account reactivated.",
            PersonCreated => "Account created.",
            Search => "Search (name, e-mail)",
            AllRoles => "All roles",
            AllStatuses => "All",
            NoOneFound => "No one matches this search.",
            Actions => "Actions",
            PersonSaved => "Person saved.",
            OwnRoleHint => "Another admin changes your own role.",
        }
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

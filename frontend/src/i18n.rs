//! French and English: the language machinery and the strings every screen shares. Each
//! context keeps its own strings beside its screens (`programmes/strings.rs`, …) as an enum
//! implementing `Strings`, whose `fr` and `en` match exhaustively: a missing translation
//! does not compile.

use leptos::prelude::*;

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

    pub fn t<T: Strings>(&self, text: T) -> &'static str {
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

/// A context's strings in both languages.
pub trait Strings: Copy + Send + Sync + 'static {
    fn fr(self) -> &'static str;
    fn en(self) -> &'static str;
    fn in_lang(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr(),
            Lang::En => self.en(),
        }
    }
}

/// Any context's string, for shared components that show one given to them (a field's
/// label, a heading).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    fr: &'static str,
    en: &'static str,
}

impl<T: Strings> From<T> for Label {
    fn from(text: T) -> Self {
        Self {
            fr: text.fr(),
            en: text.en(),
        }
    }
}

impl Label {
    pub fn in_lang(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Fr => self.fr,
            Lang::En => self.en,
        }
    }
}

/// A reactive translation for `view!`.
pub fn tr<T: Strings>(text: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(text)
}

/// Strings every screen shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    AppTagline,
    SignOut,
    Loading,
    NotFound,
    BackHome,
    Save,
    Saved,
    Cancel,
    Delete,
    Edit,
    LoadMore,
    Language,
    ErrorGeneric,
    ErrorNetwork,
    ErrorForbidden,
    ErrorInvalidCredentials,
    ErrorTooMany,
    ErrorValidation,
}

impl Strings for Text {
    fn fr(self) -> &'static str {
        use Text::*;
        match self {
            AppTagline => "Vos experts métier, ambassadeurs formation",
            SignOut => "Se déconnecter",
            Loading => "Chargement…",
            NotFound => "Page introuvable",
            BackHome => "Retour à l'accueil",
            Save => "Enregistrer",
            Saved => "Enregistré",
            Cancel => "Annuler",
            Delete => "Supprimer",
            Edit => "Modifier",
            LoadMore => "Afficher plus",
            Language => "Langue",
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
            SignOut => "Sign out",
            Loading => "Loading…",
            NotFound => "Page not found",
            BackHome => "Back to home",
            Save => "Save",
            Saved => "Saved",
            Cancel => "Cancel",
            Delete => "Delete",
            Edit => "Edit",
            LoadMore => "Show more",
            Language => "Language",
            ErrorGeneric => "Something went wrong.",
            ErrorNetwork => "The server does not answer. Check your connection.",
            ErrorForbidden => "Your role does not allow this action.",
            ErrorInvalidCredentials => "Wrong e-mail address or password.",
            ErrorTooMany => "Too many attempts. Try again in a few minutes.",
            ErrorValidation => "Some fields need fixing.",
        }
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

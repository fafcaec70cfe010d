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
    /// The locale the browser's `Intl` formats numbers and dates for.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Fr => "fr-FR",
            Lang::En => "en-GB",
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

/// `n` and the noun that goes with it: `one` or `many` as the language says (French counts
/// 0 and 1 as singular, English only 1).
pub fn counted<T: Strings>(n: u32, one: T, many: T, lang: Lang) -> String {
    let singular = match lang {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    let noun = if singular {
        one.in_lang(lang)
    } else {
        many.in_lang(lang)
    };
    format!("{} {noun}", format_number(f64::from(n), lang, 0))
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
    ErrorGeneric,
    ErrorNetwork,
    ErrorForbidden,
    ErrorInvalidCredentials,
    ErrorTooMany,
    ErrorValidation,
    ErrorNotFound,
    ErrorSessionEnded,
    ErrorBusy,
    ErrorTooLarge,
    ErrorEmailTaken,
    ErrorLastAdmin,
    ErrorCannotDeactivateSelf,
    ErrorProgrammeClosed,
    ErrorProgrammeNotDraft,
    ErrorNeedHasObjectives,
    ErrorMetricLocked,
    ErrorInvalidTransition,
    ErrorNoObjectives,
    ErrorStillRunning,
    ErrorMaybeDone,
    Sending,
    Confirm,
    SkipToContent,
    NotFoundHint,
    PartNotLoaded,
    TryAgain,
    ReloadPage,
}

impl Text {
    /// The message for an API error code the screens know; `None` for the others (the
    /// generic message then, never the server's English `detail` in French).
    pub fn for_error_code(code: &str) -> Option<Text> {
        use Text::*;
        Some(match code {
            "network" => ErrorNetwork,
            "forbidden" => ErrorForbidden,
            "invalid_credentials" => ErrorInvalidCredentials,
            "too_many_requests" => ErrorTooMany,
            "validation_failed" => ErrorValidation,
            "not_found" => ErrorNotFound,
            "session_revoked" | "invalid_token" | "unauthenticated" | "refresh_token_missing" => ErrorSessionEnded,
            "server_busy" => ErrorBusy,
            "payload_too_large" => ErrorTooLarge,
            "email_taken" => ErrorEmailTaken,
            "last_admin" => ErrorLastAdmin,
            "cannot_deactivate_self" => ErrorCannotDeactivateSelf,
            "programme_closed" => ErrorProgrammeClosed,
            "programme_not_draft" => ErrorProgrammeNotDraft,
            "need_has_objectives" => ErrorNeedHasObjectives,
            "metric_locked" => ErrorMetricLocked,
            "invalid_transition" => ErrorInvalidTransition,
            "programme_has_no_objectives" => ErrorNoObjectives,
            "idempotency_request_in_progress" => ErrorStillRunning,
            "idempotency_key_reused" | "idempotency_request_failed" => ErrorMaybeDone,
            _ => return None,
        })
    }
}

impl Strings for Text {
    fn fr(self) -> &'static str {
        use Text::*;
        match self {
            AppTagline => "Vos experts métier, ambassadeurs formation",
            SignOut => "Se déconnecter",
            Loading => "Chargement…",
            PartNotLoaded => "Cette page n'a pas pu être chargée. Vérifiez votre connexion et réessayez ; si Relais vient d'être mis à jour, rechargez la page.",
            TryAgain => "Réessayer",
            ReloadPage => "Recharger la page",
            NotFound => "Page introuvable",
            BackHome => "Retour à l'accueil",
            Save => "Enregistrer",
            Saved => "Enregistré",
            Cancel => "Annuler",
            Delete => "Supprimer",
            Edit => "Modifier",
            LoadMore => "Afficher plus",
            ErrorGeneric => "Une erreur est survenue.",
            ErrorNetwork => "Le serveur ne répond pas. Vérifiez votre connexion.",
            ErrorForbidden => "Votre rôle ne permet pas cette action.",
            ErrorInvalidCredentials => "Adresse e-mail ou mot de passe incorrect.",
            ErrorTooMany => "Trop de tentatives. Réessayez dans quelques minutes.",
            ErrorValidation => "Certains champs sont à corriger.",
            ErrorNotFound => "Introuvable : cet élément n'existe plus ou ne vous est pas accessible.",
            ErrorSessionEnded => "Votre session a pris fin. Reconnectez-vous.",
            ErrorBusy => "Le serveur est très sollicité. Réessayez dans un instant.",
            ErrorTooLarge => "Le contenu envoyé est trop volumineux.",
            ErrorEmailTaken => "Un compte utilise déjà cette adresse e-mail.",
            ErrorLastAdmin => "L'organisation doit garder au moins un administrateur actif.",
            ErrorCannotDeactivateSelf => "Vous ne pouvez pas désactiver votre propre compte.",
            ErrorProgrammeClosed => "Ce programme est clôturé : il ne peut plus être modifié.",
            ErrorProgrammeNotDraft => "Seul un brouillon peut être supprimé ; clôturez plutôt un programme actif.",
            ErrorNeedHasObjectives => {
                "Des objectifs répondent à ce besoin : supprimez-les ou rattachez-les à un autre besoin d'abord."
            }
            ErrorMetricLocked => {
                "L'indicateur d'un objectif ne change plus une fois le programme actif ; ajoutez plutôt un objectif."
            }
            ErrorInvalidTransition => "Cette action n'est pas possible dans l'état actuel du programme.",
            ErrorNoObjectives => "Ajoutez au moins un objectif avant d'activer le programme.",
            ErrorStillRunning => "Votre demande précédente est encore en cours. Patientez un instant.",
            ErrorMaybeDone => "Votre première demande a peut-être abouti : rechargez la page pour vérifier.",
            Sending => "Envoi…",
            Confirm => "Confirmer",
            SkipToContent => "Aller au contenu",
            NotFoundHint => "L'adresse est peut-être mal saisie, ou la page a été déplacée.",
        }
    }

    fn en(self) -> &'static str {
        use Text::*;
        match self {
            AppTagline => "Your business experts, training ambassadors",
            SignOut => "Sign out",
            Loading => "Loading…",
            PartNotLoaded => "This page could not be loaded. Check your connection and try again; if Relais has just been updated, reload the page.",
            TryAgain => "Try again",
            ReloadPage => "Reload the page",
            NotFound => "Page not found",
            BackHome => "Back to home",
            Save => "Save",
            Saved => "Saved",
            Cancel => "Cancel",
            Delete => "Delete",
            Edit => "Edit",
            LoadMore => "Show more",
            ErrorGeneric => "Something went wrong.",
            ErrorNetwork => "The server does not answer. Check your connection.",
            ErrorForbidden => "Your role does not allow this action.",
            ErrorInvalidCredentials => "Wrong e-mail address or password.",
            ErrorTooMany => "Too many attempts. Try again in a few minutes.",
            ErrorValidation => "Some fields need fixing.",
            ErrorNotFound => "Not found: it no longer exists, or it is not yours to see.",
            ErrorSessionEnded => "Your session has ended. Please sign in again.",
            ErrorBusy => "The server is very busy. Try again in a moment.",
            ErrorTooLarge => "What you sent is too large.",
            ErrorEmailTaken => "An account already uses this e-mail address.",
            ErrorLastAdmin => "The organisation must keep at least one active admin.",
            ErrorCannotDeactivateSelf => "You cannot deactivate your own account.",
            ErrorProgrammeClosed => "This programme is closed: it can no longer change.",
            ErrorProgrammeNotDraft => "Only a draft can be deleted; close an active programme instead.",
            ErrorNeedHasObjectives => "Objectives answer this need: delete them or move them to another need first.",
            ErrorMetricLocked => {
                "An objective's metric no longer changes once the programme is active; add an objective instead."
            }
            ErrorInvalidTransition => "This action is not possible in the programme's current state.",
            ErrorNoObjectives => "Add at least one objective before activating the programme.",
            ErrorStillRunning => "Your previous request is still running. Wait a moment.",
            ErrorMaybeDone => "Your first request may have gone through: reload the page to check.",
            Sending => "Sending…",
            Confirm => "Confirm",
            SkipToContent => "Skip to content",
            NotFoundHint => "The address may be mistyped, or the page has moved.",
        }
    }
}

/// The length bounds of a text field, from the domain's own types.
fn text_bounds(field: &str) -> Option<(usize, usize)> {
    use relais_domain::identity::{EMAIL_MAX_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
    use relais_domain::text::{DisplayName, Evidence, LongText, Retrospective, Title};
    Some(match field {
        "title" => (Title::MIN, Title::MAX),
        "description" => (LongText::MIN, LongText::MAX),
        "evidence" => (Evidence::MIN, Evidence::MAX),
        "retrospective" => (Retrospective::MIN, Retrospective::MAX),
        "display_name" => (DisplayName::MIN, DisplayName::MAX),
        "password" => (PASSWORD_MIN_CHARS, PASSWORD_MAX_CHARS),
        "email" => (1, EMAIL_MAX_CHARS),
        _ => return None,
    })
}

/// A field error in the reader's language, by its stable code and field; a bound says its
/// limits. `None` for a code the screens do not know (the API's English message then).
pub fn field_error_text(field: &str, code: &str, lang: Lang) -> Option<String> {
    use relais_domain::programmes::{FIRST_YEAR, LAST_YEAR};
    let fr = lang == Lang::Fr;
    let empty = code == "required" || (code == "too_short" && field == "email");
    if let (Some((min, max)), "too_short" | "too_long", false) = (text_bounds(field), code, empty) {
        let (min, max) = (format_number(min as f64, lang, 0), format_number(max as f64, lang, 0));
        return Some(match (fr, min.as_str()) {
            (true, "0") => format!("{max} caractères au plus."),
            (false, "0") => format!("At most {max} characters."),
            (true, _) => format!("Entre {min} et {max} caractères."),
            (false, _) => format!("Between {min} and {max} characters."),
        });
    }
    if empty {
        return field_error_by_code("required", lang).map(str::to_owned);
    }
    let text = match (field, code, lang) {
        ("target", "out_of_range", Lang::Fr) => {
            "Un pourcentage de plus de 0 à 100 %, ou un nombre d'au moins 1.".to_owned()
        }
        ("target", "out_of_range", Lang::En) => {
            "A percentage above 0 and at most 100%, or a count of at least 1.".to_owned()
        }
        ("email", "email_taken", Lang::Fr) => "Un compte utilise déjà cette adresse e-mail.".to_owned(),
        ("email", "email_taken", Lang::En) => "An account already uses this e-mail address.".to_owned(),
        ("starts_on" | "ends_on" | "due_on", "out_of_range", Lang::Fr) => {
            format!("Une date entre le 1er janvier {FIRST_YEAR} et le 31 décembre {LAST_YEAR}.")
        }
        ("starts_on" | "ends_on" | "due_on", "out_of_range", Lang::En) => {
            format!("A date between 1 January {FIRST_YEAR} and 31 December {LAST_YEAR}.")
        }
        (field, code, lang) => {
            return contest_field_error(field, code, lang)
                .or_else(|| field_error_by_code(code, lang))
                .map(str::to_owned)
        }
    };
    Some(text)
}

/// The contest and module forms' rules, which name their own fields (step 3).
fn contest_field_error(field: &str, code: &str, lang: Lang) -> Option<&'static str> {
    let fr = lang == Lang::Fr;
    Some(match (field, code) {
        ("submissions_open_at" | "submissions_close_at" | "voting_close_at", "out_of_range") => {
            if fr {
                "Une date entre 2000 et 2100."
            } else {
                "A date between 2000 and 2100."
            }
        }
        ("submissions_close_at" | "voting_close_at", "too_early") => {
            if fr {
                "Chaque période dure au moins une heure, et le vote suit les inscriptions."
            } else {
                "Each window lasts at least an hour, and voting follows entries."
            }
        }
        ("voting_close_at", "too_late") => {
            if fr {
                "Un concours dure au plus un an."
            } else {
                "A contest lasts at most a year."
            }
        }
        ("submissions_close_at", "in_past") => {
            if fr {
                "Les inscriptions doivent se terminer dans le futur."
            } else {
                "Entries must close in the future."
            }
        }
        ("regions" | "sites", "count") => {
            if fr {
                "Choisissez de 1 à 50 lieux."
            } else {
                "Choose 1 to 50 places."
            }
        }
        ("jurors", "count") => {
            if fr {
                "Un jury compte de 1 à 12 jurés."
            } else {
                "A jury has 1 to 12 jurors."
            }
        }
        ("criteria", "count") => {
            if fr {
                "Le jury note de 1 à 6 critères."
            } else {
                "A jury scores 1 to 6 criteria."
            }
        }
        ("criteria", "weight") => {
            if fr {
                "Chaque critère pèse de 1 à 100."
            } else {
                "Each criterion weighs 1 to 100."
            }
        }
        ("criteria", "too_short" | "required") => {
            if fr {
                "Chaque critère a un nom de 2 à 60 caractères."
            } else {
                "Each criterion has a name of 2 to 60 characters."
            }
        }
        ("criteria", "duplicate") => {
            if fr {
                "Chaque critère une seule fois."
            } else {
                "Each criterion once."
            }
        }
        ("jurors" | "experts", "duplicate") => {
            if fr {
                "Chaque personne une seule fois."
            } else {
                "Each person once."
            }
        }
        ("experts", "count") => {
            if fr {
                "Dix experts au plus."
            } else {
                "Ten experts at most."
            }
        }
        ("regions" | "sites" | "jurors" | "experts" | "domain_id", "unknown") => {
            if fr {
                "Introuvable dans l'organisation (supprimé, ou la personne est désactivée)."
            } else {
                "Not found in the organisation (deleted, or the person is deactivated)."
            }
        }
        ("votes_per_voter", "out_of_range") => {
            if fr {
                "De 1 à 10 voix par personne."
            } else {
                "1 to 10 votes per person."
            }
        }
        ("public_weight", "out_of_range") => {
            if fr {
                "Une part de 1 à 99 %."
            } else {
                "A share of 1 to 99%."
            }
        }
        ("winners", "out_of_range") => {
            if fr {
                "De 1 à 3 gagnants."
            } else {
                "1 to 3 winners."
            }
        }
        ("duration_minutes", "out_of_range") => {
            if fr {
                "De 1 à 6 000 minutes."
            } else {
                "1 to 6,000 minutes."
            }
        }
        ("tip", "not_yours") => {
            if fr {
                "Présentez un conseil que vous avez écrit."
            } else {
                "Enter a tip you wrote."
            }
        }
        ("tip", "draft") => {
            if fr {
                "Publiez d'abord ce conseil."
            } else {
                "Publish this tip first."
            }
        }
        ("tip", "unknown") => {
            if fr {
                "Conseil introuvable."
            } else {
                "No such tip."
            }
        }
        ("tip", "required") => {
            if fr {
                "Choisissez un de vos conseils."
            } else {
                "Choose one of your tips."
            }
        }
        ("scores", _) => {
            if fr {
                "Une note de 1 à 10 pour chaque critère."
            } else {
                "A score from 1 to 10 for each criterion."
            }
        }
        ("url", "invalid") => {
            if fr {
                "Une adresse qui commence par https:// ou http://."
            } else {
                "An address starting with https:// or http://."
            }
        }
        ("xapi_activity_id", "invalid") => {
            if fr {
                "Un IRI, par exemple https://lms.exemple/activites/42."
            } else {
                "An IRI, such as https://lms.example/activities/42."
            }
        }
        ("xapi_activity_id", "taken") => {
            if fr {
                "Un autre module a cet identifiant."
            } else {
                "Another module has this id."
            }
        }
        ("body", "not_an_image" | "unsupported_type") => {
            if fr {
                "Une image PNG, JPEG ou WebP lisible."
            } else {
                "A readable PNG, JPEG or WebP image."
            }
        }
        ("body", "too_large") => {
            if fr {
                "6 000 pixels de côté au plus."
            } else {
                "6,000 pixels a side at most."
            }
        }
        ("alt", "too_short" | "too_long") => {
            if fr {
                "De 3 à 300 caractères."
            } else {
                "3 to 300 characters."
            }
        }
        (_, "not_allowed") => {
            if fr {
                "Ne s'applique pas à ce choix."
            } else {
                "Does not apply to this choice."
            }
        }
        _ => return None,
    })
}

fn field_error_by_code(code: &str, lang: Lang) -> Option<&'static str> {
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
        ("not_above_baseline", Lang::Fr) => "La cible doit dépasser le point de départ mesuré à l'activation.",
        ("not_above_baseline", Lang::En) => "The target must be above the baseline measured at activation.",
        ("after_activation", Lang::Fr) => {
            "Le programme a démarré à son activation : son début ne peut pas être plus tard."
        }
        ("after_activation", Lang::En) => "The programme started when it was activated: its start cannot be later.",
        ("invalid", Lang::Fr) => "Valeur invalide.",
        ("invalid", Lang::En) => "Invalid value.",
        ("mismatch", Lang::Fr) => "Les deux mots de passe diffèrent.",
        ("mismatch", Lang::En) => "The two passwords differ.",
        ("taken", Lang::Fr) => "Ce nom est déjà pris.",
        ("taken", Lang::En) => "This name is already taken.",
        ("too_deeply_nested", Lang::Fr) => "Listes et citations imbriquées sur 12 niveaux au plus.",
        ("too_deeply_nested", Lang::En) => "Lists and quotes nest 12 levels deep at most.",
        ("invalid_characters", Lang::Fr) => "Caractères non permis (un retour à la ligne, par exemple).",
        ("invalid_characters", Lang::En) => "Characters not allowed (a line break, for instance).",
        _ => return None,
    })
}

// Numbers and dates are formatted by the browser's `Intl`, as the reader's language writes
// them ("63,9 %", "16 sept. 2026"), not by hand.

fn intl_options(pairs: &[(&str, wasm_bindgen::JsValue)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (name, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*name).into(), value);
    }
    options
}

fn locales(lang: Lang) -> js_sys::Array {
    js_sys::Array::of1(&lang.locale().into())
}

fn formatted(format: js_sys::Function, value: &wasm_bindgen::JsValue) -> Option<String> {
    format.call1(&wasm_bindgen::JsValue::NULL, value).ok()?.as_string()
}

/// A number with at most `fraction_digits` decimals.
pub fn format_number(value: f64, lang: Lang, fraction_digits: u32) -> String {
    let options = intl_options(&[("maximumFractionDigits", fraction_digits.into())]);
    let format = js_sys::Intl::NumberFormat::new(&locales(lang), &options).format();
    formatted(format, &value.into()).unwrap_or_else(|| value.to_string())
}

/// A percentage given from 0 to 100, with at most one decimal.
pub fn format_percent(value: f64, lang: Lang) -> String {
    let options = intl_options(&[("style", "percent".into()), ("maximumFractionDigits", 1.into())]);
    let format = js_sys::Intl::NumberFormat::new(&locales(lang), &options).format();
    formatted(format, &(value / 100.0).into()).unwrap_or_else(|| format!("{value} %"))
}

/// A calendar date ("16 sept. 2026"): a day, the same everywhere, so read in UTC.
pub fn format_date(date: chrono::NaiveDate, lang: Lang) -> String {
    let options = intl_options(&[
        ("day", "numeric".into()),
        ("month", "short".into()),
        ("year", "numeric".into()),
        ("timeZone", "UTC".into()),
    ]);
    let format = js_sys::Intl::DateTimeFormat::new(&locales(lang), &options).format();
    let moment = js_sys::Date::new(&format!("{date}T00:00:00Z").into());
    formatted(format, &moment.into()).unwrap_or_else(|| date.to_string())
}

/// A moment, in the reader's time zone ("16 sept. 2026, 14:05").
pub fn format_moment(at: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    let options = intl_options(&[("dateStyle", "medium".into()), ("timeStyle", "short".into())]);
    let format = js_sys::Intl::DateTimeFormat::new(&locales(lang), &options).format();
    let moment = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    formatted(format, &moment.into()).unwrap_or_else(|| at.to_rfc3339())
}

/// A period between two dates.
pub fn format_period(from: chrono::NaiveDate, to: chrono::NaiveDate, lang: Lang) -> String {
    format!("{} → {}", format_date(from, lang), format_date(to, lang))
}

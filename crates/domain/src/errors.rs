//! Validation errors and the RFC 9457 problem document shared by server and web app.

use serde::{Deserialize, Serialize};

/// What is wrong with one field of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as in the request body or query (`title`, `objectives[0].target`).
    pub field: String,
    /// A stable machine code (`too_short`, `required`, `out_of_range`, …).
    pub code: String,
    /// A human explanation in English; the web app shows its own translation of `code`.
    pub message: String,
}

/// Collects field errors while a request is checked, so all of them are reported at once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        });
    }
    /// Records the error of a field parser, if any, and returns the parsed value.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }
    /// Records every error of a parser that reports several, and returns the parsed value.
    pub fn check_all<T>(&mut self, result: Result<T, Vec<FieldError>>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                self.0.extend(errors);
                None
            }
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Whether an error about `field` was recorded.
    pub fn fields_contain(&self, field: &str) -> bool {
        self.0.iter().any(|error| error.field == field)
    }
    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
    /// `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self.0)
        }
    }
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// White space as JSON Schema patterns see it (ECMAScript `\s`), listed out so that this
/// rule, the spec's patterns and every regex engine agree on it.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
    )
}

/// Characters refused in any text: C0 and C1 controls (except tab and line breaks), and the
/// bidirectional controls that make a text display other than it reads (a right-to-left override in a name).
pub fn is_refused_control(c: char) -> bool {
    (c <= '\u{1F}' && !matches!(c, '\t' | '\n' | '\r'))
        || ('\u{7F}'..='\u{9F}').contains(&c)
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing: zero-width spaces and joiners, the word joiner and the
/// invisible operators, the soft hyphen, variation selectors, interlinear annotation
/// marks, and the blank letters that fonts draw as nothing (Hangul fillers, the blank
/// Braille pattern, Mongolian separators, Khmer inherent vowels, the combining grapheme
/// joiner). Like
/// white space, they are trimmed from the ends and a text of them alone is empty.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Checks a text field and returns it trimmed. The rule is exactly what `text_pattern(min)`
/// with `minLength`/`maxLength` says in the OpenAPI document: at most `max` characters, no
/// refused control character, and at least `min` characters once surrounding space is
/// trimmed. Lengths count characters (code points), as JSON Schema does.
pub fn text_field(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    if value.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{field} must have at most {max} characters"),
        ));
    }
    if value.chars().any(is_refused_control) {
        return Err(FieldError::new(
            field,
            "invalid_characters",
            format!("{field} must not contain control or direction-changing characters"),
        ));
    }
    let trimmed = value.trim_matches(|c| is_space(c) || is_invisible(c));
    let length = trimmed.chars().count();
    if length == 0 && min > 0 {
        Err(FieldError::new(field, "required", format!("{field} is required")))
    } else if length < min {
        Err(FieldError::new(
            field,
            "too_short",
            format!("{field} must have at least {min} characters"),
        ))
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Characters a text may hold: everything but refused controls.
const ALLOWED: &str =
    "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]";
/// Characters that are neither space, nor invisible, nor control.
const VISIBLE: &str = "[^\\u0000-\\u0020\\u007F-\\u00A0\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180E\\u1680\\u2000-\\u200F\\u2028-\\u202F\\u205F-\\u2064\\u2066-\\u2069\\u2800\\u3000\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF9-\\uFFFB]";

/// The regex (ECMAScript syntax, as in JSON Schema) equivalent to `text_field`'s rule for
/// `min`: from the first to the last visible character there are at least `min` characters.
pub fn text_pattern(min: usize) -> String {
    match min {
        0 => format!("^{ALLOWED}*$"),
        1 => format!("^{ALLOWED}*{VISIBLE}{ALLOWED}*$"),
        n => format!("^{ALLOWED}*{VISIBLE}{ALLOWED}{{{},}}{VISIBLE}{ALLOWED}*$", n - 2),
    }
}

/// An RFC 9457 problem document, as every error of the API is answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type: `urn:relais:problem:<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What happened in this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The stable error code clients branch on.
    pub code: String,
    /// For `validation_failed`: each field and what is wrong with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_field_trims_and_bounds() {
        assert_eq!(text_field("title", "  Hello  ", 3, 10), Ok("Hello".to_owned()));
        assert_eq!(
            text_field("title", "   ", 3, 10).map_err(|e| e.code),
            Err("required".into())
        );
        assert_eq!(
            text_field("title", "ab", 3, 10).map_err(|e| e.code),
            Err("too_short".into())
        );
        assert_eq!(
            text_field("title", "abcdefghijk", 3, 10).map_err(|e| e.code),
            Err("too_long".into())
        );
        assert_eq!(
            text_field("title", "ab\u{0}cd", 3, 10).map_err(|e| e.code),
            Err("invalid_characters".into())
        );
        // The raw text counts for the maximum, the trimmed one for the minimum.
        assert_eq!(
            text_field("title", "abcdefghij ", 3, 10).map_err(|e| e.code),
            Err("too_long".into())
        );
        assert_eq!(
            text_field("title", "\u{FEFF} ab \u{3000}", 3, 10).map_err(|e| e.code),
            Err("too_short".into())
        );
        assert_eq!(text_field("title", " a b ", 3, 10), Ok("a b".to_owned()));
        // Invisible characters alone are nothing; direction overrides are refused.
        assert_eq!(
            text_field("title", "\u{200B}\u{200B}\u{200B}", 3, 10).map_err(|e| e.code),
            Err("required".into())
        );
        for blank in ['\u{3164}', '\u{2800}', '\u{180E}', '\u{115F}', '\u{FFA0}'] {
            assert_eq!(
                text_field("title", &blank.to_string().repeat(12), 3, 20).map_err(|e| e.code),
                Err("required".into()),
                "{blank:?}"
            );
        }
        assert_eq!(
            text_field("title", "Claire \u{202E}nimda", 3, 20).map_err(|e| e.code),
            Err("invalid_characters".into())
        );
        assert_eq!(text_field("title", "line\nbreak", 3, 20), Ok("line\nbreak".to_owned()));
        // Length counts characters, not bytes: "Été" is three.
        assert_eq!(text_field("title", "Été", 3, 3), Ok("Été".to_owned()));
    }
}

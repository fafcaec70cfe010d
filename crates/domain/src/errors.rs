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
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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

/// Checks a trimmed text's length in characters, returning it trimmed.
pub fn text_field(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let trimmed = value.trim();
    let length = trimmed.chars().count();
    if length == 0 && min > 0 {
        Err(FieldError::new(field, "required", format!("{field} is required")))
    } else if length < min {
        Err(FieldError::new(
            field,
            "too_short",
            format!("{field} must have at least {min} characters"),
        ))
    } else if length > max {
        Err(FieldError::new(
            field,
            "too_long",
            format!("{field} must have at most {max} characters"),
        ))
    } else if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err(FieldError::new(
            field,
            "invalid_characters",
            format!("{field} must not contain control characters"),
        ))
    } else {
        Ok(trimmed.to_owned())
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
        // Length counts characters, not bytes: "Été" is three.
        assert_eq!(text_field("title", "Été", 3, 3), Ok("Été".to_owned()));
    }
}

//! Step 1 screens: programme list, programme editor, programme dashboard.

pub mod dashboard;
pub mod editor;
pub mod form;
pub mod list;

use crate::api::ApiError;
use chrono::NaiveDate;
use relais_domain::{FieldError, Problem};

/// A form's own check before sending: the same problem shape as the server's, so one
/// display serves both.
pub fn local_problem(errors: Vec<FieldError>) -> ApiError {
    ApiError::Problem(Problem {
        problem_type: "urn:relais:problem:validation_failed".into(),
        title: "Invalid request fields".into(),
        status: 422,
        detail: None,
        code: "validation_failed".into(),
        errors,
    })
}

/// Parses an `<input type=date>` value, recording a field error when it is empty or wrong.
pub fn date_field(field: &str, value: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.push(FieldError::new(field, "required", format!("{field} is required")));
            None
        }
    }
}

pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

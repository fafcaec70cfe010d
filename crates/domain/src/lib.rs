//! Relais domain: the pure rules of the five-step ambassador programme and the types that
//! server and web app share. No IO here; everything compiles to wasm32.

pub mod analytics;
pub mod errors;
pub mod identity;
pub mod ids;
pub mod limits;
pub mod pagination;
pub mod programmes;

pub use errors::{FieldError, FieldErrors, Problem};

//! Relais domain: the pure rules of the five-step ambassador programme and the types that
//! server and web app share. No IO here; everything compiles to wasm32.

pub mod access;
pub mod analytics;
pub mod candidates;
pub mod clock;
pub mod contests;
pub mod directory;
pub mod endpoints;
pub mod errors;
pub mod events;
pub mod identity;
pub mod ids;
pub mod jobs;
pub mod limits;
pub mod modules;
pub mod pagination;
pub mod programmes;
pub mod recognition;
pub mod stored;
pub mod text;
pub mod time_format;
pub mod tips;

pub use errors::{FieldError, FieldErrors, Problem};

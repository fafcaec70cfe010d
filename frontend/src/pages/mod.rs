//! Screens, one folder per product context.

pub mod people;
pub mod programmes;
pub mod sign_in;

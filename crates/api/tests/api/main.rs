//! API integration tests: one binary, run once on SQLite and once on PostgreSQL
//! (`RELAIS_TEST_DATABASE_URL`). See helpers.rs for the harness.

mod cli;
mod helpers;
mod identity;
mod migrations;
mod openapi;
mod ops;
mod programmes;

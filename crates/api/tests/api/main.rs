//! API integration tests: one binary, run once on SQLite and once on PostgreSQL
//! (`RELAIS_TEST_DATABASE_URL`). See helpers.rs for the harness.

mod authorisation;
mod background;
mod candidates;
mod cli;
mod contests;
mod directory;
mod durability;
mod helpers;
mod idempotency;
mod identity;
mod invitations;
mod logs;
mod migrations;
mod modules;
mod openapi;
mod ops;
mod programmes;
mod recognition;
mod tips;

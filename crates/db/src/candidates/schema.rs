//! The candidates context's tables (migration `create_candidates`).

use crate::directory::schema::{sites, work_facts};
use crate::schema::{programmes, users};

diesel::table! {
    candidacies (id) {
        id -> Text,
        organisation_id -> Text,
        programme_id -> Text,
        person_id -> Text,
        state -> Text,
        role_description -> Nullable<Text>,
        decline_reason -> Nullable<Text>,
        invited_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    candidacy_changes (id) {
        id -> Text,
        organisation_id -> Text,
        candidacy_id -> Text,
        from_state -> Nullable<Text>,
        to_state -> Text,
        actor_id -> Nullable<Text>,
        note -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    ambassador_sites (candidacy_id, site_id) {
        candidacy_id -> Text,
        site_id -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    nominations (id) {
        id -> Text,
        organisation_id -> Text,
        programme_id -> Text,
        kind -> Text,
        nominator_id -> Text,
        nominee_id -> Text,
        reason -> Text,
        status -> Text,
        created_at -> Timestamp,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    field_observations (id) {
        id -> Text,
        organisation_id -> Text,
        person_id -> Text,
        author_id -> Text,
        rating -> Integer,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    candidate_weights (programme_id) {
        programme_id -> Text,
        organisation_id -> Text,
        weights -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(ambassador_sites -> candidacies (candidacy_id));
diesel::joinable!(candidacy_changes -> candidacies (candidacy_id));
diesel::allow_tables_to_appear_in_same_query!(
    candidacies,
    candidacy_changes,
    ambassador_sites,
    nominations,
    field_observations,
    candidate_weights,
);
// With the tables of other contexts they read: one pair at a time, since those contexts
// already declare the pairs among themselves.
diesel::allow_tables_to_appear_in_same_query!(candidacies, users);
diesel::allow_tables_to_appear_in_same_query!(candidacies, programmes);
diesel::allow_tables_to_appear_in_same_query!(candidacies, sites);
diesel::allow_tables_to_appear_in_same_query!(candidacies, work_facts);
diesel::allow_tables_to_appear_in_same_query!(ambassador_sites, sites);
diesel::allow_tables_to_appear_in_same_query!(ambassador_sites, users);
diesel::allow_tables_to_appear_in_same_query!(candidacy_changes, users);
diesel::allow_tables_to_appear_in_same_query!(nominations, users);
diesel::allow_tables_to_appear_in_same_query!(nominations, programmes);
diesel::allow_tables_to_appear_in_same_query!(field_observations, users);

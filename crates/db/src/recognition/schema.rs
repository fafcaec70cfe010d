//! The recognition context's tables (migration `create_recognition`).

use crate::candidates::schema::candidacies;
use crate::directory::schema::work_facts;
use crate::schema::users;
use crate::tips::schema::{tip_comments, tip_reactions, tips};

diesel::table! {
    badges (id) {
        id -> Text,
        organisation_id -> Text,
        name -> Text,
        description -> Text,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    badge_awards (id) {
        id -> Text,
        organisation_id -> Text,
        person_id -> Text,
        automatic -> Nullable<Text>,
        badge_id -> Nullable<Text>,
        reason -> Text,
        awarded_by -> Nullable<Text>,
        awarded_at -> Timestamp,
    }
}

diesel::table! {
    kudos (id) {
        id -> Text,
        organisation_id -> Text,
        from_id -> Text,
        to_id -> Text,
        message -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    points_ledger (event_id) {
        event_id -> Text,
        organisation_id -> Text,
        person_id -> Text,
        earned_for -> Text,
        points -> Integer,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    recognition_preferences (person_id) {
        person_id -> Text,
        organisation_id -> Text,
        leaderboard_opt_out -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(badge_awards -> badges (badge_id));
diesel::allow_tables_to_appear_in_same_query!(badges, badge_awards, kudos, points_ledger, recognition_preferences);
// With the tables of other contexts they read: one pair at a time.
diesel::allow_tables_to_appear_in_same_query!(points_ledger, work_facts);
diesel::allow_tables_to_appear_in_same_query!(points_ledger, users);
diesel::allow_tables_to_appear_in_same_query!(kudos, users);
diesel::allow_tables_to_appear_in_same_query!(badge_awards, users);
diesel::allow_tables_to_appear_in_same_query!(candidacies, badge_awards);
diesel::allow_tables_to_appear_in_same_query!(tips, badge_awards);
diesel::allow_tables_to_appear_in_same_query!(tip_reactions, badge_awards);
diesel::allow_tables_to_appear_in_same_query!(tip_comments, badge_awards);

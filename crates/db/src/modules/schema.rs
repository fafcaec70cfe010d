//! The modules context's tables (migration `create_modules`).

use crate::schema::users;

diesel::table! {
    modules (id) {
        id -> Text,
        organisation_id -> Text,
        title -> Text,
        summary -> Text,
        domain_id -> Nullable<Text>,
        duration_minutes -> Integer,
        delivery -> Text,
        description -> Text,
        url -> Nullable<Text>,
        xapi_activity_id -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    module_experts (module_id, person_id) {
        module_id -> Text,
        person_id -> Text,
        position -> Integer,
    }
}

diesel::table! {
    module_completions (module_id, person_id) {
        module_id -> Text,
        person_id -> Text,
        organisation_id -> Text,
        source -> Text,
        completed_at -> Timestamp,
    }
}

diesel::joinable!(module_experts -> modules (module_id));
diesel::joinable!(module_completions -> modules (module_id));
diesel::allow_tables_to_appear_in_same_query!(modules, module_experts, module_completions);
// With the tables of other contexts they read: one pair at a time.
diesel::allow_tables_to_appear_in_same_query!(module_experts, users);

//! The directory's tables (migration `create_directory`), declared with the context that owns
//! them; they join the accounts table (`users`) of identity.

use crate::schema::users;

diesel::table! {
    regions (id) {
        id -> Text,
        organisation_id -> Text,
        name -> Text,
        name_key -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sites (id) {
        id -> Text,
        organisation_id -> Text,
        region_id -> Text,
        name -> Text,
        name_key -> Text,
        kind -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    expertise_domains (id) {
        id -> Text,
        organisation_id -> Text,
        name -> Text,
        name_key -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    work_facts (user_id) {
        user_id -> Text,
        organisation_id -> Text,
        hr_id -> Nullable<Text>,
        job_title -> Text,
        management_level -> Text,
        manager_id -> Nullable<Text>,
        site_id -> Nullable<Text>,
        work_pattern -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    person_domains (user_id, domain_id) {
        user_id -> Text,
        domain_id -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    directory_imports (id) {
        id -> Text,
        organisation_id -> Text,
        created_by -> Nullable<Text>,
        file_name -> Text,
        content -> Text,
        deactivate_missing -> Integer,
        state -> Text,
        preview -> Nullable<Text>,
        result -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        applied_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(sites -> regions (region_id));
diesel::joinable!(person_domains -> expertise_domains (domain_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    regions,
    sites,
    expertise_domains,
    work_facts,
    person_domains,
    directory_imports,
);

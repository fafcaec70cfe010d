//! Diesel table definitions, written to match `migrations/` on both backends.

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        k_threshold -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        organisation_id -> Text,
        email -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        organisation_id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    server_keys (id) {
        id -> Text,
        purpose -> Text,
        secret -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    programmes (id) {
        id -> Text,
        organisation_id -> Text,
        title -> Text,
        context -> Text,
        description -> Text,
        scope_kind -> Text,
        starts_on -> Date,
        ends_on -> Date,
        status -> Text,
        activated_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        retrospective -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    needs (id) {
        id -> Text,
        organisation_id -> Text,
        programme_id -> Text,
        title -> Text,
        evidence -> Text,
        priority -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    objectives (id) {
        id -> Text,
        organisation_id -> Text,
        programme_id -> Text,
        need_id -> Text,
        title -> Text,
        metric -> Text,
        target -> Double,
        due_on -> Date,
        baseline -> Nullable<Double>,
        baseline_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    activity_events (id) {
        id -> Text,
        organisation_id -> Text,
        actor_id -> Nullable<Text>,
        kind -> Text,
        object_type -> Nullable<Text>,
        object_id -> Nullable<Text>,
        community_id -> Nullable<Text>,
        site_id -> Nullable<Text>,
        occurred_at -> Timestamp,
        value -> Nullable<Double>,
    }
}

diesel::table! {
    people_activity (user_id) {
        user_id -> Text,
        organisation_id -> Text,
        last_active_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    users,
    sessions,
    refresh_tokens,
    server_keys,
    programmes,
    needs,
    objectives,
    activity_events,
    people_activity,
);

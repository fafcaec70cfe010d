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
    event_consumers (name) {
        name -> Text,
        position -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    rollup_people (organisation_id, user_id) {
        organisation_id -> Text,
        user_id -> Text,
        role -> Text,
        active -> Integer,
        last_active_day -> Nullable<Date>,
    }
}

diesel::table! {
    rollup_accounts (organisation_id, role) {
        organisation_id -> Text,
        role -> Text,
        accounts -> Integer,
    }
}

diesel::table! {
    rollup_last_active_days (organisation_id, role, day) {
        organisation_id -> Text,
        role -> Text,
        day -> Date,
        people -> Integer,
    }
}

diesel::table! {
    rollup_event_days (organisation_id, day, kind) {
        organisation_id -> Text,
        day -> Date,
        kind -> Text,
        events -> Integer,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        organisation_id -> Nullable<Text>,
        kind -> Text,
        payload -> Text,
        unique_key -> Nullable<Text>,
        state -> Text,
        run_at -> Timestamp,
        attempts -> Integer,
        max_attempts -> Integer,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    security_events (id) {
        id -> Text,
        organisation_id -> Nullable<Text>,
        kind -> Text,
        account -> Nullable<Text>,
        user_id -> Nullable<Text>,
        address -> Text,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    objective_readings (objective_id, day) {
        objective_id -> Text,
        day -> Date,
        organisation_id -> Text,
        value -> Double,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    programme_closings (programme_id) {
        programme_id -> Text,
        organisation_id -> Text,
        dashboard -> Text,
        closed_at -> Timestamp,
    }
}

diesel::table! {
    idempotent_requests (user_id, idempotency_key) {
        user_id -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        location -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_probes (id) {
        id -> Text,
        job_id -> Text,
        worker -> Text,
        ran_at -> Timestamp,
    }
}

diesel::table! {
    account_invitations (id) {
        id -> Text,
        organisation_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
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
    event_consumers,
    rollup_people,
    rollup_accounts,
    rollup_last_active_days,
    rollup_event_days,
    jobs,
    job_probes,
    security_events,
    idempotent_requests,
    programme_closings,
    objective_readings,
    account_invitations,
);

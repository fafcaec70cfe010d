//! The tips context's tables (migration `create_tips`). The full-text index is each
//! backend's own (FTS5 on SQLite, a GIN index on PostgreSQL) and is only reached through
//! `TipFeed`'s search.

use crate::directory::schema::expertise_domains;
use crate::schema::users;

diesel::table! {
    tips (id) {
        id -> Text,
        organisation_id -> Text,
        author_id -> Text,
        title -> Text,
        body -> Text,
        body_html -> Text,
        domain_id -> Nullable<Text>,
        community_id -> Nullable<Text>,
        status -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    tip_tags (tip_id, tag) {
        tip_id -> Text,
        organisation_id -> Text,
        tag -> Text,
    }
}

diesel::table! {
    tip_revisions (id) {
        id -> Text,
        tip_id -> Text,
        organisation_id -> Text,
        editor_id -> Text,
        title -> Text,
        body -> Text,
        tags -> Text,
        edited_at -> Timestamp,
    }
}

diesel::table! {
    tip_reactions (tip_id, person_id, kind) {
        tip_id -> Text,
        person_id -> Text,
        kind -> Text,
        organisation_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tip_comments (id) {
        id -> Text,
        tip_id -> Text,
        organisation_id -> Text,
        author_id -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tip_saves (person_id, tip_id) {
        person_id -> Text,
        tip_id -> Text,
        organisation_id -> Text,
        saved_at -> Timestamp,
    }
}

diesel::joinable!(tip_tags -> tips (tip_id));
diesel::joinable!(tip_revisions -> tips (tip_id));
diesel::joinable!(tip_reactions -> tips (tip_id));
diesel::joinable!(tip_comments -> tips (tip_id));
diesel::joinable!(tip_saves -> tips (tip_id));
diesel::allow_tables_to_appear_in_same_query!(tips, tip_tags, tip_revisions, tip_reactions, tip_comments, tip_saves);
// With the tables of other contexts they read: one pair at a time.
diesel::allow_tables_to_appear_in_same_query!(tips, users);
diesel::allow_tables_to_appear_in_same_query!(tips, expertise_domains);
diesel::allow_columns_to_appear_in_same_group_by_clause!(tips::author_id, tip_reactions::person_id);

diesel::table! {
    tip_images (tip_id) {
        tip_id -> Text,
        organisation_id -> Text,
        file_name -> Text,
        content_type -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> Integer,
        alt -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::joinable!(tip_images -> tips (tip_id));
diesel::allow_tables_to_appear_in_same_query!(tip_images, tips);

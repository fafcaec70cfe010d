//! The contests context's tables (migration `create_contests`).

use crate::schema::users;
use crate::tips::schema::tips;

diesel::table! {
    contests (id) {
        id -> Text,
        organisation_id -> Text,
        title -> Text,
        rules -> Text,
        mode -> Text,
        audience -> Text,
        votes_per_voter -> Integer,
        public_weight -> Integer,
        winners -> Integer,
        submissions_open_at -> Timestamp,
        submissions_close_at -> Timestamp,
        voting_close_at -> Timestamp,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    contest_places (contest_id, place_id) {
        contest_id -> Text,
        place_id -> Text,
    }
}

diesel::table! {
    contest_criteria (contest_id, position) {
        contest_id -> Text,
        position -> Integer,
        name -> Text,
        weight -> Integer,
    }
}

diesel::table! {
    contest_jurors (contest_id, person_id) {
        contest_id -> Text,
        person_id -> Text,
    }
}

diesel::table! {
    contest_entries (id) {
        id -> Text,
        organisation_id -> Text,
        contest_id -> Text,
        tip_id -> Text,
        entrant_id -> Text,
        entered_at -> Timestamp,
    }
}

diesel::table! {
    contest_votes (entry_id, voter_id) {
        entry_id -> Text,
        voter_id -> Text,
        contest_id -> Text,
        voted_at -> Timestamp,
    }
}

diesel::table! {
    contest_scores (entry_id, juror_id) {
        entry_id -> Text,
        juror_id -> Text,
        scores -> Text,
        scored_at -> Timestamp,
    }
}

diesel::table! {
    contest_results (contest_id, entry_id) {
        contest_id -> Text,
        entry_id -> Text,
        person_id -> Text,
        rank -> Integer,
        winner -> Integer,
    }
}

diesel::joinable!(contest_scores -> contest_entries (entry_id));
diesel::joinable!(contest_votes -> contest_entries (entry_id));
diesel::allow_tables_to_appear_in_same_query!(
    contests,
    contest_places,
    contest_criteria,
    contest_jurors,
    contest_entries,
    contest_votes,
    contest_scores,
    contest_results
);
// With the tables of other contexts they read: one pair at a time.
diesel::allow_tables_to_appear_in_same_query!(contest_entries, tips);
diesel::allow_tables_to_appear_in_same_query!(contest_votes, tips);
diesel::allow_tables_to_appear_in_same_query!(contest_entries, users);
diesel::allow_tables_to_appear_in_same_query!(contest_results, users);

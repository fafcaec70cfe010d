//! Creations sent with an `Idempotency-Key`: the first answer kept for 24 hours and given
//! again to the same person sending the same key.

use crate::schema::idempotent_requests;
use crate::{stored, DbConnection, QueryResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use relais_domain::ids::UserId;

/// How long a key's answer is kept.
pub const KEPT_FOR_HOURS: i64 = 24;
/// A first request still unanswered after this long was abandoned (its process died): the
/// key may be used again.
pub const ABANDONED_AFTER_SECONDS: i64 = 60;

#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotent_requests)]
pub struct IdempotentRequest {
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub user_id: UserId,
    pub idempotency_key: String,
    pub request_hash: String,
    pub status: Option<i32>,
    pub location: Option<String>,
    pub body: Option<String>,
    pub created_at: NaiveDateTime,
}

/// What reserving a key found.
#[derive(Debug)]
pub enum Reservation {
    /// The key is new: this request is the first, answer it and `complete` or `release`.
    First,
    /// The key was used before (answered, or still being answered).
    Seen(IdempotentRequest),
}

impl IdempotentRequest {
    /// Reserves `key` for this request, or says what it was used for. Expired answers and
    /// abandoned first requests of the person are forgotten first.
    pub fn reserve(
        conn: &mut DbConnection,
        user: &UserId,
        key: &str,
        request_hash: &str,
        now: DateTime<Utc>,
    ) -> QueryResult<Reservation> {
        let expired = stored(now - chrono::Duration::hours(KEPT_FOR_HOURS));
        let abandoned = stored(now - chrono::Duration::seconds(ABANDONED_AFTER_SECONDS));
        diesel::delete(
            idempotent_requests::table
                .filter(idempotent_requests::user_id.eq(user.as_str()))
                .filter(
                    idempotent_requests::created_at
                        .lt(expired)
                        .or(idempotent_requests::status
                            .is_null()
                            .and(idempotent_requests::created_at.lt(abandoned))),
                ),
        )
        .execute(conn)?;
        let row = IdempotentRequest {
            user_id: user.clone(),
            idempotency_key: key.to_owned(),
            request_hash: request_hash.to_owned(),
            status: None,
            location: None,
            body: None,
            created_at: stored(now),
        };
        let insert = diesel::insert_into(idempotent_requests::table).values(row);
        let inserted = crate::insert_or_ignore!(conn, insert)?;
        if inserted == 1 {
            return Ok(Reservation::First);
        }
        Self::find(conn, user, key).map(|found| found.map_or(Reservation::First, Reservation::Seen))
    }

    pub fn find(conn: &mut DbConnection, user: &UserId, key: &str) -> QueryResult<Option<IdempotentRequest>> {
        idempotent_requests::table
            .filter(idempotent_requests::user_id.eq(user.as_str()))
            .filter(idempotent_requests::idempotency_key.eq(key))
            .select(IdempotentRequest::as_select())
            .first(conn)
            .optional()
    }

    /// Keeps the first request's answer.
    pub fn complete(
        conn: &mut DbConnection,
        user: &UserId,
        key: &str,
        status: u16,
        location: Option<&str>,
        body: &str,
    ) -> QueryResult<usize> {
        diesel::update(
            idempotent_requests::table
                .filter(idempotent_requests::user_id.eq(user.as_str()))
                .filter(idempotent_requests::idempotency_key.eq(key)),
        )
        .set((
            idempotent_requests::status.eq(Some(i32::from(status))),
            idempotent_requests::location.eq(location),
            idempotent_requests::body.eq(Some(body)),
        ))
        .execute(conn)
    }

    /// Frees the key after the first request failed: the client may correct it and retry.
    pub fn release(conn: &mut DbConnection, user: &UserId, key: &str) -> QueryResult<usize> {
        diesel::delete(
            idempotent_requests::table
                .filter(idempotent_requests::user_id.eq(user.as_str()))
                .filter(idempotent_requests::idempotency_key.eq(key)),
        )
        .execute(conn)
    }
}

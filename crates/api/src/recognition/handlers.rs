//! Recognition's endpoints: a person's profile (contributions, badges, kudos), kudos,
//! leaderboards and leaving them, custom badges and giving them.

use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::state::AppState;
use crate::use_cases::Actor;
use actix_web::{get, post, put, web, HttpResponse};
use relais_db::directory::People;
use relais_db::recognition::{contributions, AwardRow, BadgeRow, KudosRow, Ledger, Preferences};
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::directory::PersonRef;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::ids::{Tenant, UserId};
use relais_domain::recognition::{
    rank_totals, ranks, AwardId, AwardRequest, Badge, BadgeAward, BadgeId, BadgeRequest, Kudos, KudosId, KudosRequest,
    Leaderboard, LeaderboardEntry, LeaderboardPeriod, LeaderboardQuery, Profile, RecognitionPreferences,
    LEADERBOARD_SIZE,
};
use relais_domain::Problem;

/// Kudos shown on a profile.
const PROFILE_KUDOS: i64 = 50;

/// An active colleague of the tenant, or a field error naming `field`.
fn colleague(conn: &mut DbConnection, tenant: &Tenant, id: &UserId, field: &str) -> Result<PersonRef, ApiError> {
    People::find(conn, tenant, id)?
        .filter(|p| p.entry.active)
        .map(|p| p.entry.reference())
        .ok_or_else(|| ApiError::field(field, "unknown", "no such colleague"))
}

fn badge_of(row: BadgeRow, holders: i64) -> Badge {
    Badge {
        id: BadgeId::new(row.id),
        name: row.name,
        description: row.description,
        holders: u32::try_from(holders).unwrap_or(u32::MAX),
    }
}

/// An award as shown, its custom badge found among the organisation's.
fn award_of(row: AwardRow, custom: &[(BadgeRow, i64)]) -> BadgeAward {
    BadgeAward {
        id: row.id,
        automatic: row.automatic,
        badge: row.badge_id.and_then(|id| {
            custom
                .iter()
                .find(|(b, _)| b.id == id.as_str())
                .map(|(b, n)| badge_of(b.clone(), *n))
        }),
        reason: row.reason,
        awarded_at: row.awarded_at.and_utc(),
    }
}

/// A colleague's recognition: what they contributed, their badges and the kudos they
/// received. Their leaderboard preference only on one's own.
#[utoipa::path(
    tag = "recognition",
    params(("id" = String, Path, description = "Person (account) id")),
    responses(
        (status = 200, body = Profile),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/recognition")]
pub async fn recognition_profile(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<UserId>,
) -> Result<web::Json<Profile>, ApiError> {
    caller.require(Action::ShareTips)?;
    let profile = state
        .db(move |conn| {
            let tenant = caller.tenant();
            // Like the directory: colleagues see active people; admins everyone.
            let record = People::find(conn, tenant, &id)?.ok_or(ApiError::NotFound)?;
            if !record.entry.active && !caller.may(Action::ManagePeople) {
                return Err(ApiError::NotFound);
            }
            let person = record.entry.reference();
            let kudos_rows = KudosRow::to_person(conn, tenant, &id, PROFILE_KUDOS)?;
            let givers = People::by_id(conn, tenant, kudos_rows.iter().map(|k| UserId::new(k.from_id.clone())))?;
            let kudos = kudos_rows
                .into_iter()
                .filter_map(|k| {
                    let from = givers.get(&UserId::new(k.from_id.clone()))?.clone();
                    Some(Kudos {
                        id: KudosId::new(k.id),
                        from,
                        message: k.message,
                        created_at: k.created_at.and_utc(),
                    })
                })
                .collect();
            let custom = BadgeRow::list(conn, tenant)?;
            let badges = AwardRow::of_person(conn, tenant, &id)?
                .into_iter()
                .map(|row| award_of(row, &custom))
                .collect();
            Ok(Profile {
                modules_credited: crate::modules::handlers::credited(conn, tenant, &id)?,
                contributions: contributions(conn, tenant, &id)?,
                leaderboard_opt_out: if *id == caller.user_id {
                    Some(Preferences::of(conn, &id)?)
                } else {
                    None
                },
                person,
                badges,
                kudos,
            })
        })
        .await?;
    Ok(web::Json(profile))
}

/// The use case of thanking a colleague (the API and the demo).
pub fn thank(conn: &mut DbConnection, actor: &Actor, to: &UserId, message: &str) -> Result<KudosId, ApiError> {
    colleague(conn, &actor.tenant, to, "to")?;
    // One thank-you a day from one colleague to another: enough to say it, not to farm
    // points or bury the others on the profile.
    if KudosRow::sent_since(
        conn,
        &actor.tenant,
        &actor.user,
        to,
        actor.now - chrono::Duration::hours(24),
    )? {
        return Err(ApiError::conflict(
            "kudos_already_sent",
            "you thanked this colleague less than a day ago",
        ));
    }
    let id = KudosRow::insert(conn, &actor.tenant, &actor.user, to, message, actor.now)?;
    actor.record(conn, EventKind::KudosGiven, SubjectType::Kudos, &id)?;
    Ok(id)
}

/// The use case of giving a custom badge (the API and the demo): None when they hold it.
pub fn give_badge(
    conn: &mut DbConnection,
    actor: &Actor,
    badge: &BadgeId,
    person: &UserId,
    reason: &str,
) -> Result<Option<AwardId>, ApiError> {
    let Some(given) = AwardRow::award_custom(conn, &actor.tenant, person, badge, reason, &actor.user, actor.now)?
    else {
        return Ok(None);
    };
    actor.record(conn, EventKind::BadgeAwarded, SubjectType::BadgeAward, &given)?;
    Ok(Some(given))
}

/// Thank a colleague: shown on their profile; not oneself.
#[utoipa::path(
    tag = "recognition",
    request_body = KudosRequest,
    responses(
        (status = 201, body = Kudos),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kudos")]
pub async fn give_kudos(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<KudosRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ShareTips)?;
    let request = body.into_inner()?;
    let message = request.message.check("message")?;
    if request.to == caller.user_id {
        return Err(ApiError::field("to", "self", "kudos go to a colleague"));
    }
    let actor = caller.actor(state.now());
    let kudos = state
        .db_write(move |conn| {
            let id = thank(conn, &actor, &request.to, &message)?;
            let from = People::refs(conn, &actor.tenant, std::slice::from_ref(&actor.user))?
                .pop()
                .ok_or(ApiError::NotFound)?;
            Ok(Kudos {
                id,
                from,
                message,
                created_at: relais_db::stored(actor.now).and_utc(),
            })
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/kudos/{}", kudos.id), kudos))
}

/// The period's points (this week by default), of one site when asked. People who left
/// leaderboards are absent from every one.
#[utoipa::path(
    tag = "recognition",
    params(LeaderboardQuery),
    responses(
        (status = 200, body = Leaderboard),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leaderboards")]
pub async fn leaderboard(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<LeaderboardQuery>,
) -> Result<web::Json<Leaderboard>, ApiError> {
    caller.require(Action::ShareTips)?;
    let query = query.into_inner()?;
    let period = query.period.unwrap_or(LeaderboardPeriod::Week);
    let since = period.start(state.now());
    let board = state
        .db(move |conn| {
            let tenant = caller.tenant();
            let opted_out = Preferences::opted_out(conn, tenant)?;
            let mut ranked = rank_totals(Ledger::totals(conn, tenant, since, query.site.as_ref())?, &opted_out);
            ranked.truncate(LEADERBOARD_SIZE);
            let ids: Vec<UserId> = ranked.iter().map(|(p, _)| p.clone()).collect();
            let people = People::refs(conn, tenant, &ids)?;
            let points: Vec<u32> = ranked.iter().map(|(_, p)| *p).collect();
            let items = ranked
                .into_iter()
                .zip(ranks(&points))
                .filter_map(|((person, points), rank)| {
                    let person = people.iter().find(|p| p.id == person)?.clone();
                    Some(LeaderboardEntry { rank, person, points })
                })
                .collect();
            Ok(Leaderboard {
                period,
                since,
                site: query.site,
                items,
                caller_opted_out: opted_out.contains(&caller.user_id),
            })
        })
        .await?;
    Ok(web::Json(board))
}

/// Leave leaderboards (or come back): one's own choice, at any time.
#[utoipa::path(
    tag = "recognition",
    request_body = RecognitionPreferences,
    responses(
        (status = 200, body = RecognitionPreferences),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/recognition-preferences")]
pub async fn set_preferences(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<RecognitionPreferences>,
) -> Result<web::Json<RecognitionPreferences>, ApiError> {
    caller.require(Action::ShareTips)?;
    let preferences = body.into_inner()?;
    let now = state.now();
    state
        .db_write(move |conn| {
            Preferences::set(
                conn,
                caller.tenant(),
                &caller.user_id,
                preferences.leaderboard_opt_out,
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(web::Json(preferences))
}

/// The organisation's custom badges, with how many hold each.
#[utoipa::path(tag = "recognition", responses((status = 200, body = Vec<Badge>)))]
#[get("/badges")]
pub async fn list_badges(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<Badge>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let list = state
        .db(move |conn| {
            Ok(BadgeRow::list(conn, caller.tenant())?
                .into_iter()
                .map(|(b, n)| badge_of(b, n))
                .collect())
        })
        .await?;
    Ok(web::Json(list))
}

/// Create a custom badge. The training team only.
#[utoipa::path(
    tag = "recognition",
    request_body = BadgeRequest,
    responses(
        (status = 201, body = Badge),
        (status = 409, description = "A badge has this name", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/badges")]
pub async fn create_badge(
    state: web::Data<AppState>,
    caller: Caller,
    body: ApiJson<BadgeRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Action::ManageRecognition)?;
    let (name, description) = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let badge = state
        .db_write(move |conn| {
            if BadgeRow::name_taken(conn, &actor.tenant, &name)? {
                return Err(ApiError::conflict("name_taken", "a badge has this name"));
            }
            let id =
                BadgeRow::insert(conn, &actor.tenant, &name, &description, &actor.user, actor.now).map_err(|e| {
                    if relais_db::is_unique_violation(&e) {
                        ApiError::conflict("name_taken", "a badge has this name")
                    } else {
                        e.into()
                    }
                })?;
            actor.record(conn, EventKind::BadgeCreated, SubjectType::Badge, &id)?;
            Ok(Badge {
                id,
                name,
                description,
                holders: 0,
            })
        })
        .await?;
    Ok(crate::routes::created(format!("/api/v1/badges/{}", badge.id), badge))
}

/// Give a custom badge to a colleague, with a reason. The training team only; once per
/// person and badge.
#[utoipa::path(
    tag = "recognition",
    params(
        ("id" = String, Path, description = "Badge id"),
        ("person_id" = String, Path, description = "Person (account) id"),
    ),
    request_body = AwardRequest,
    responses(
        (status = 200, body = BadgeAward),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "They hold it already", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/badges/{id}/holders/{person_id}")]
pub async fn award(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(BadgeId, UserId)>,
    body: ApiJson<AwardRequest>,
) -> Result<web::Json<BadgeAward>, ApiError> {
    caller.require(Action::ManageRecognition)?;
    let (id, person) = path.into_inner();
    let actor = caller.actor(state.now());
    let award = state
        .db_write(move |conn| {
            let badge = BadgeRow::find(conn, &actor.tenant, &id)?.ok_or(ApiError::NotFound)?;
            // Another organisation's person, or someone deactivated: not found here.
            if !People::find(conn, &actor.tenant, &person)?.is_some_and(|p| p.entry.active) {
                return Err(ApiError::NotFound);
            }
            let reason = body.into_inner()?.reason.check("reason")?;
            let Some(given) = give_badge(conn, &actor, &id, &person, &reason)? else {
                return Err(ApiError::conflict("already_awarded", "they hold this badge already"));
            };
            let holders = BadgeRow::holders(conn, &actor.tenant, &id)?;
            Ok(BadgeAward {
                id: given,
                automatic: None,
                badge: Some(badge_of(badge, holders)),
                reason,
                awarded_at: relais_db::stored(actor.now).and_utc(),
            })
        })
        .await?;
    Ok(web::Json(award))
}

/// A custom badge, with how many hold it.
#[utoipa::path(
    tag = "recognition",
    params(("id" = String, Path, description = "Badge id")),
    responses(
        (status = 200, body = Badge),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/badges/{id}")]
pub async fn get_badge(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<BadgeId>,
) -> Result<web::Json<Badge>, ApiError> {
    caller.require(Action::ShareTips)?;
    let badge = state
        .db(move |conn| {
            let badge = BadgeRow::find(conn, caller.tenant(), &id)?.ok_or(ApiError::NotFound)?;
            let holders = BadgeRow::holders(conn, caller.tenant(), &id)?;
            Ok(badge_of(badge, holders))
        })
        .await?;
    Ok(web::Json(badge))
}

/// A thank-you: who gave it and what it says. Colleagues of the organisation.
#[utoipa::path(
    tag = "recognition",
    params(("id" = String, Path, description = "Kudos id")),
    responses(
        (status = 200, body = Kudos),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kudos/{id}")]
pub async fn get_kudos(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<KudosId>,
) -> Result<web::Json<Kudos>, ApiError> {
    caller.require(Action::ShareTips)?;
    let kudos = state
        .db(move |conn| {
            let row = KudosRow::find(conn, caller.tenant(), &id)?.ok_or(ApiError::NotFound)?;
            let from = People::refs(conn, caller.tenant(), &[UserId::new(row.from_id.clone())])?
                .pop()
                .ok_or(ApiError::NotFound)?;
            Ok(Kudos {
                id: KudosId::new(row.id),
                from,
                message: row.message,
                created_at: row.created_at.and_utc(),
            })
        })
        .await?;
    Ok(web::Json(kudos))
}

//! The recognition context's calls, one per endpoint.

use crate::client::{call, create, ApiResult};
use relais_domain::directory::SiteId;
use relais_domain::recognition::endpoints as e;
use relais_domain::recognition::{
    AwardRequest, Badge, BadgeAward, BadgeRequest, Kudos, KudosRequest, Leaderboard, LeaderboardPeriod,
    LeaderboardQuery, Profile, RecognitionPreferences,
};

pub async fn profile(id: &str) -> ApiResult<Profile> {
    call(&e::PROFILE, &[id], None, None).await
}

pub async fn thank(request: &KudosRequest, key: &str) -> ApiResult<Kudos> {
    create(&e::KUDOS, &[], request, key).await
}

pub async fn leaderboard(period: LeaderboardPeriod, site: Option<SiteId>) -> ApiResult<Leaderboard> {
    let query = LeaderboardQuery {
        period: Some(period),
        site,
    };
    call(&e::LEADERBOARD, &[], Some(&query), None).await
}

pub async fn set_preferences(opt_out: bool) -> ApiResult<RecognitionPreferences> {
    let body = RecognitionPreferences {
        leaderboard_opt_out: opt_out,
    };
    call(&e::PREFERENCES, &[], None, Some(&body)).await
}

pub async fn badges() -> ApiResult<Vec<Badge>> {
    call(&e::BADGES, &[], None, None).await
}

pub async fn create_badge(request: &BadgeRequest, key: &str) -> ApiResult<Badge> {
    create(&e::CREATE_BADGE, &[], request, key).await
}

pub async fn award(badge: &str, person: &str, request: &AwardRequest) -> ApiResult<BadgeAward> {
    call(&e::AWARD, &[badge, person], None, Some(request)).await
}

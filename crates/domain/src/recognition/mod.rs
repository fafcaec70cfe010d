//! Step 3 — Value, recognition (V5): badges earned by rules (awarded exactly once) or
//! given by the training team with a reason, kudos between colleagues, points from
//! contributions and leaderboards over a week or a month, which anyone may leave.

use crate::directory::{PersonRef, SiteId};
use crate::errors::FieldError;
use crate::ids::UserId;
use crate::FieldErrors;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

crate::id_type!(
    /// A badge the training team created.
    BadgeId
);
crate::id_type!(
    /// A badge given to a person.
    AwardId
);
crate::id_type!(
    /// A thank-you from one colleague to another.
    KudosId
);

crate::stored_enum! {
    /// The badges earned by what people do, each at most once per person.
    pub enum AutomaticBadge {
        /// Published a first tip.
        FirstTip = "first_tip",
        /// Colleagues found their tips useful ten times.
        TenUseful = "ten_useful",
        /// Won a contest.
        ContestWinner = "contest_winner",
        /// Became a training ambassador.
        AppointedAmbassador = "appointed_ambassador",
        /// Had an answer accepted.
        HelpfulAnswerer = "helpful_answerer",
    }
}

/// "Useful" reactions received for the badge.
pub const USEFUL_FOR_BADGE: u32 = 10;

/// What a person has done, as the badge rules read it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Achievements {
    pub tips_published: u32,
    /// "Useful" reactions from colleagues on their tips.
    pub useful_received: u32,
    pub is_ambassador: bool,
    pub contests_won: u32,
    pub accepted_answers: u32,
}

/// The automatic badges these achievements earn (already held or not: awarding is once).
pub fn earned(achievements: &Achievements) -> Vec<AutomaticBadge> {
    let mut badges = Vec::new();
    if achievements.tips_published >= 1 {
        badges.push(AutomaticBadge::FirstTip);
    }
    if achievements.useful_received >= USEFUL_FOR_BADGE {
        badges.push(AutomaticBadge::TenUseful);
    }
    if achievements.contests_won >= 1 {
        badges.push(AutomaticBadge::ContestWinner);
    }
    if achievements.is_ambassador {
        badges.push(AutomaticBadge::AppointedAmbassador);
    }
    if achievements.accepted_answers >= 1 {
        badges.push(AutomaticBadge::HelpfulAnswerer);
    }
    badges
}

crate::stored_enum! {
    /// What earns points.
    pub enum PointsFor {
        TipPublished = "tip_published",
        /// A colleague's reaction to one's tip.
        ReactionReceived = "reaction_received",
        CommentWritten = "comment_written",
        KudosReceived = "kudos_received",
        BadgeEarned = "badge_earned",
    }
}

impl PointsFor {
    /// The points rules: sharing weighs most, being found useful next; a comment is a small
    /// gesture. Reactions to one's own tips and kudos to oneself cannot happen.
    pub const fn points(self) -> u32 {
        match self {
            PointsFor::TipPublished => 10,
            PointsFor::ReactionReceived => 2,
            PointsFor::CommentWritten => 1,
            PointsFor::KudosReceived => 3,
            PointsFor::BadgeEarned => 5,
        }
    }
}

crate::stored_enum! {
    /// A leaderboard's period: short, so that early adopters do not stay on top for ever.
    pub enum LeaderboardPeriod {
        /// Since Monday.
        Week = "week",
        /// Since the first of the month.
        Month = "month",
    }
}

impl LeaderboardPeriod {
    /// When the period began (UTC), for `now`.
    pub fn start(self, now: DateTime<Utc>) -> DateTime<Utc> {
        let date = now.date_naive();
        let first = match self {
            LeaderboardPeriod::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            LeaderboardPeriod::Month => NaiveDate::from_ymd_opt(date.year(), date.month(), 1).unwrap_or(date),
        };
        first.and_time(chrono::NaiveTime::MIN).and_utc()
    }
}

/// Query of a leaderboard.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct LeaderboardQuery {
    /// Default `week`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<LeaderboardPeriod>,
    /// Only the people of this site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<SiteId>,
}

/// The leaderboard's length.
pub const LEADERBOARD_SIZE: usize = 20;

/// People by their points of the period, best first (ties by id), without those who left
/// leaderboards — absent, not anonymised in place — and without anyone at zero.
pub fn rank_totals(totals: Vec<(UserId, u32)>, opted_out: &HashSet<UserId>) -> Vec<(UserId, u32)> {
    let mut ranked: Vec<(UserId, u32)> = totals
        .into_iter()
        .filter(|(person, total)| *total > 0 && !opted_out.contains(person))
        .collect();
    ranked.sort_by(|(a, pa), (b, pb)| pb.cmp(pa).then_with(|| a.cmp(b)));
    ranked
}

/// One line of a leaderboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderboardEntry {
    /// 1 for the first; equal points share a rank.
    pub rank: u32,
    pub person: PersonRef,
    pub points: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Leaderboard {
    pub period: LeaderboardPeriod,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub since: DateTime<Utc>,
    pub site: Option<SiteId>,
    pub items: Vec<LeaderboardEntry>,
    /// Whether the caller left leaderboards (they are then absent from every one).
    pub caller_opted_out: bool,
}

/// Ranks with ties sharing a place (1, 2, 2, 4).
pub fn ranks(points: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(points.len());
    for (index, value) in points.iter().enumerate() {
        let rank = if index > 0 && points[index - 1] == *value {
            out[index - 1]
        } else {
            index as u32 + 1
        };
        out.push(rank);
    }
    out
}

crate::bounded_text! {
    /// A badge's name: 3–60 characters.
    pub struct BadgeName(3, 60);
}

crate::bounded_text! {
    /// What a badge recognises: up to 300 characters.
    pub struct BadgeDescription(0, 300);
}

crate::bounded_text! {
    /// Why a badge is given: 10–500 characters.
    pub struct AwardReason(10, 500);
}

crate::bounded_text! {
    /// A thank-you: 3–280 characters.
    pub struct KudosMessage(3, 280);
}

/// A custom badge, as the training team creates it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BadgeRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub name: BadgeName,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub description: BadgeDescription,
}

impl BadgeRequest {
    pub fn validate(&self) -> Result<(String, String), Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let name = errors.check(self.name.check("name"));
        let description = errors.check(self.description.check("description"));
        errors.finish(|| (name.unwrap_or_default(), description.unwrap_or_default()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Badge {
    pub id: BadgeId,
    pub name: String,
    pub description: String,
    /// How many people hold it.
    pub holders: u32,
}

/// Giving a custom badge to someone, with a reason.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AwardRequest {
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub reason: AwardReason,
}

/// A badge someone holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BadgeAward {
    pub id: AwardId,
    /// For an automatic badge; the web app names it.
    pub automatic: Option<AutomaticBadge>,
    /// For a custom badge: its name and description.
    pub badge: Option<Badge>,
    /// Why (custom badges).
    pub reason: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub awarded_at: DateTime<Utc>,
}

/// A thank-you to a colleague.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KudosRequest {
    pub to: UserId,
    #[cfg_attr(feature = "openapi", schema(inline))]
    pub message: KudosMessage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kudos {
    pub id: KudosId,
    pub from: PersonRef,
    pub message: String,
    #[serde(serialize_with = "crate::time_format::utc")]
    pub created_at: DateTime<Utc>,
}

/// What a person contributed, as their profile counts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contributions {
    pub tips_published: u32,
    pub reactions_received: u32,
    pub comments_written: u32,
    pub kudos_received: u32,
}

/// A person's recognition: contributions, badges and kudos. Visible to colleagues; the
/// leaderboard preference only to the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub person: PersonRef,
    pub contributions: Contributions,
    pub badges: Vec<BadgeAward>,
    /// The latest 50, newest first.
    pub kudos: Vec<Kudos>,
    /// The training modules they are credited on as an expert.
    pub modules_credited: Vec<crate::modules::ModuleRef>,
    /// Only on one's own profile.
    pub leaderboard_opt_out: Option<bool>,
}

/// One's leaderboard preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecognitionPreferences {
    /// Absent from every leaderboard (points still count for badges).
    pub leaderboard_opt_out: bool,
}

pub mod endpoints {
    //! The recognition context's endpoints, shared by the web app's client and the server's tests.
    use super::{
        AwardRequest, Badge, BadgeAward, BadgeRequest, Kudos, KudosRequest, Leaderboard, LeaderboardQuery, Profile,
        RecognitionPreferences,
    };
    use crate::endpoints::{Endpoint, Method, Nothing, Route};

    pub const PROFILE: Endpoint<Nothing, Profile> = Endpoint::new(Method::Get, "/people/{id}/recognition");
    pub const KUDOS: Endpoint<KudosRequest, Kudos> = Endpoint::new(Method::Post, "/kudos");
    pub const LEADERBOARD: Endpoint<Nothing, Leaderboard, LeaderboardQuery> =
        Endpoint::new(Method::Get, "/leaderboards");
    pub const PREFERENCES: Endpoint<RecognitionPreferences, RecognitionPreferences> =
        Endpoint::new(Method::Put, "/me/recognition-preferences");
    pub const GET_KUDOS: Endpoint<Nothing, Kudos> = Endpoint::new(Method::Get, "/kudos/{id}");
    pub const BADGES: Endpoint<Nothing, Vec<Badge>> = Endpoint::new(Method::Get, "/badges");
    pub const CREATE_BADGE: Endpoint<BadgeRequest, Badge> = Endpoint::new(Method::Post, "/badges");
    pub const BADGE: Endpoint<Nothing, Badge> = Endpoint::new(Method::Get, "/badges/{id}");
    pub const AWARD: Endpoint<AwardRequest, BadgeAward> =
        Endpoint::new(Method::Put, "/badges/{id}/holders/{person_id}");

    pub fn routes() -> Vec<Route> {
        vec![
            PROFILE.route(),
            KUDOS.route(),
            GET_KUDOS.route(),
            LEADERBOARD.route(),
            PREFERENCES.route(),
            BADGES.route(),
            CREATE_BADGE.route(),
            BADGE.route(),
            AWARD.route(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_follow_their_rules() {
        assert!(earned(&Achievements::default()).is_empty());
        let some = Achievements {
            tips_published: 1,
            useful_received: 9,
            ..Achievements::default()
        };
        assert_eq!(earned(&some), vec![AutomaticBadge::FirstTip]);
        let more = Achievements {
            tips_published: 3,
            useful_received: 10,
            is_ambassador: true,
            ..Achievements::default()
        };
        assert_eq!(
            earned(&more),
            vec![
                AutomaticBadge::FirstTip,
                AutomaticBadge::TenUseful,
                AutomaticBadge::AppointedAmbassador
            ]
        );
    }

    #[test]
    fn points_rank_people_and_opted_out_people_are_absent() {
        let (ana, ben, cho) = (UserId::new("ana"), UserId::new("ben"), UserId::new("cho"));
        let tip = PointsFor::TipPublished.points();
        let totals = vec![
            (ana.clone(), tip),
            (
                ben.clone(),
                PointsFor::ReactionReceived.points() + PointsFor::KudosReceived.points(),
            ),
            (cho.clone(), 2 * tip),
            (UserId::new("zed"), 0),
        ];
        let ranked = rank_totals(totals.clone(), &HashSet::new());
        assert_eq!(ranked, vec![(cho.clone(), 20), (ana.clone(), 10), (ben.clone(), 5)]);
        let without_cho = rank_totals(totals, &[cho].into_iter().collect());
        assert_eq!(without_cho[0], (ana, 10), "absent, not anonymised in place");
    }

    #[test]
    fn equal_points_share_a_rank() {
        assert_eq!(ranks(&[30, 20, 20, 5]), vec![1, 2, 2, 4]);
        assert!(ranks(&[]).is_empty());
    }

    #[test]
    fn periods_start_on_monday_and_on_the_first() {
        let now = "2026-11-26T15:00:00Z".parse::<DateTime<Utc>>().expect("date"); // a Thursday
        assert_eq!(
            LeaderboardPeriod::Week.start(now).to_rfc3339(),
            "2026-11-23T00:00:00+00:00"
        );
        assert_eq!(
            LeaderboardPeriod::Month.start(now).to_rfc3339(),
            "2026-11-01T00:00:00+00:00"
        );
    }
}

//! Reading tips: the feed with filters and search, a tip's page, one's own tips (drafts
//! too), saved tips, and the creator spotlight.

use super::{full_tip, summaries, visible_tip};
use crate::errors::ApiError;
use crate::extract::ApiQuery;
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::{get, web};
use relais_db::directory::People;
use relais_db::tips::{published_with_reactions, TipFeed};
use relais_domain::access::Action;
use relais_domain::pagination::{Page, PageQuery, PageRequest};
use relais_domain::tips::search::query_words;
use relais_domain::tips::spotlight::{
    rank_creators, Spotlight, SpotlightEntry, SpotlightPeriod, SpotlightQuery, TipActivity, HALF_LIFE_DAYS,
    SPOTLIGHT_SIZE,
};
use relais_domain::tips::{TagFilter, Tip, TipId, TipListQuery, TipSummary};
use relais_domain::Problem;

/// Published tips, newest first, with filters (domain, tag, author) and a search that
/// ignores accents and plurals.
#[utoipa::path(
    tag = "tips",
    params(TipListQuery),
    responses(
        (status = 200, body = Page<TipSummary>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tips")]
pub async fn list_tips(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<TipListQuery>,
) -> Result<web::Json<Page<TipSummary>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let query = query.into_inner()?;
    let checked = query.check()?;
    let tag = match &checked.tag {
        TagFilter::Tag(tag) => Some(tag.clone()),
        TagFilter::Any | TagFilter::NoTip => None,
    };
    let (q, page) = (checked.q, checked.page);
    let words = q.as_deref().map(query_words).unwrap_or_default();
    if (q.is_some() && words.is_empty()) || checked.tag == TagFilter::NoTip {
        // Nothing searchable (only punctuation): nothing matches, rather than everything.
        return Ok(web::Json(Page {
            items: Vec::new(),
            next_cursor: None,
        }));
    }
    let result = state
        .db(move |conn| {
            let after = page.after_id::<TipId>();
            let rows = TipFeed {
                words: &words,
                domain: query.domain.as_ref(),
                tag: tag.as_deref(),
                author: query.author.as_ref(),
                published_only: true,
                saved_by: None,
                limit: page.limit + 1,
                after: after.as_ref(),
            }
            .list(conn, caller.tenant())?;
            let items = summaries(conn, caller.tenant(), &rows)?;
            Ok(page.page(items, |t: &TipSummary| t.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// A tip with its rendered body, the caller's reactions and whether they saved it. Drafts
/// exist only for their author.
#[utoipa::path(
    tag = "tips",
    params(("id" = String, Path, description = "Tip id")),
    responses(
        (status = 200, body = Tip),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tips/{id}")]
pub async fn get_tip(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<TipId>,
) -> Result<web::Json<Tip>, ApiError> {
    caller.require(Action::ShareTips)?;
    let tip = state
        .db(move |conn| {
            let row = visible_tip(conn, &caller, &id)?;
            full_tip(conn, &caller, &row)
        })
        .await?;
    Ok(web::Json(tip))
}

/// One list of the caller's: their own tips (drafts too) or those they saved.
async fn own_list(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
    only_saved: bool,
) -> Result<web::Json<Page<TipSummary>>, ApiError> {
    caller.require(Action::ShareTips)?;
    let query = query.into_inner()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let result = state
        .db(move |conn| {
            let after = page.after_id::<TipId>();
            let me = caller.user_id.clone();
            let rows = TipFeed {
                author: (!only_saved).then_some(&me),
                saved_by: only_saved.then_some(&me),
                published_only: false,
                limit: page.limit + 1,
                after: after.as_ref(),
                ..TipFeed::default()
            }
            .list(conn, caller.tenant())?;
            let items = summaries(conn, caller.tenant(), &rows)?;
            Ok(page.page(items, |t: &TipSummary| t.id.to_string()))
        })
        .await?;
    Ok(web::Json(result))
}

/// The caller's tips, drafts included, most recently changed first.
#[utoipa::path(
    tag = "tips",
    params(PageQuery),
    responses(
        (status = 200, body = Page<TipSummary>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/tips")]
pub async fn my_tips(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<web::Json<Page<TipSummary>>, ApiError> {
    own_list(state, caller, query, false).await
}

/// The tips the caller saved, most recently saved first (drafts unpublished since are left
/// out).
#[utoipa::path(
    tag = "tips",
    params(PageQuery),
    responses(
        (status = 200, body = Page<TipSummary>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/saved-tips")]
pub async fn saved_tips(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<PageQuery>,
) -> Result<web::Json<Page<TipSummary>>, ApiError> {
    own_list(state, caller, query, true).await
}

/// The period's best content creators (this month by default): distinct colleagues who
/// reacted count most, reactions to one's own tips never, older tips fade.
#[utoipa::path(
    tag = "tips",
    params(SpotlightQuery),
    responses(
        (status = 200, body = Spotlight),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/creators/spotlight")]
pub async fn creator_spotlight(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<SpotlightQuery>,
) -> Result<web::Json<Spotlight>, ApiError> {
    caller.require(Action::ShareTips)?;
    let period = query.into_inner()?.period.unwrap_or(SpotlightPeriod::Month);
    let now = state.now();
    let since = period.start(now);
    let result = state
        .db(move |conn| {
            let tenant = caller.tenant();
            let now_stored = relais_db::stored(now);
            let activity: Vec<TipActivity> = published_with_reactions(conn, tenant, since)?
                .into_iter()
                .map(|published| TipActivity {
                    author: published.author,
                    age_days: (now_stored - published.published_at).num_seconds() as f64 / 86_400.0,
                    reactions: published.reactions,
                })
                .collect();
            let mut ranked = rank_creators(&activity, HALF_LIFE_DAYS);
            // The spotlight is a leaderboard: who left leaderboards is absent from it too.
            let opted_out = relais_db::recognition::Preferences::opted_out(conn, tenant)?;
            ranked.retain(|c| !opted_out.contains(&c.author));
            ranked.truncate(SPOTLIGHT_SIZE);
            let ids: Vec<_> = ranked.iter().map(|c| c.author.clone()).collect();
            let people = People::refs(conn, tenant, &ids)?;
            let items = ranked
                .into_iter()
                .filter_map(|c| {
                    let person = people.iter().find(|p| p.id == c.author)?.clone();
                    Some(SpotlightEntry {
                        person,
                        tips: c.tips,
                        reactions: c.reactions,
                        distinct_reactors: c.distinct_reactors,
                        points: (c.points * 10.0).round() / 10.0,
                    })
                })
                .collect();
            Ok(Spotlight { period, since, items })
        })
        .await?;
    Ok(web::Json(result))
}

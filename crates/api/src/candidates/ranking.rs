//! The candidate ranking (C2) with each score's breakdown, the programme's scoring weights,
//! and site coverage (C5). Signals are read in bulk — nominations and observations grouped
//! by person, spans of control from the manager links, tips and distinct reactors per
//! author (step 3), coverage from the people read — and
//! scored by the domain's pure function.

use super::programme;
use crate::errors::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::identity::Caller;
use crate::state::AppState;
use actix_web::{get, put, web};
use relais_db::candidates::{
    active_people, people_with_domain, set_weights_json, site_tally, weights_json, CandidacyRow, NominationRow,
    ObservationRow, PersonFacts,
};
use relais_db::directory::SiteRows;
use relais_db::DbConnection;
use relais_domain::access::Action;
use relais_domain::candidates::coverage::{coverage as coverage_of, status, Coverage, CoverageNeed, SiteCount};
use relais_domain::candidates::scoring::{rank, score, RankedCandidate, Ranking, Score, Signals, Weights};
use relais_domain::candidates::RankingQuery;
use relais_domain::directory::SiteRef;
use relais_domain::events::{EventKind, SubjectType};
use relais_domain::identity::Role;
use relais_domain::ids::{ProgrammeId, Tenant, UserId};
use relais_domain::Problem;
use std::collections::{HashMap, HashSet};

/// Default ranking length, and the most asked.
const DEFAULT_LIMIT: u32 = 30;
const MAX_LIMIT: u32 = 100;

/// A programme's weights: as set, or the defaults.
pub fn weights_of(conn: &mut DbConnection, tenant: &Tenant, programme: &ProgrammeId) -> Result<Weights, ApiError> {
    Ok(weights_json(conn, tenant, programme)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Learners and ambassadors of each site, counted from the active people.
fn site_counts(conn: &mut DbConnection, tenant: &Tenant, people: &[PersonFacts]) -> Result<Vec<SiteCount>, ApiError> {
    let tally = site_tally(conn, tenant, people)?;
    Ok(SiteRows::refs(conn, tenant)?
        .into_values()
        .map(|site| SiteCount {
            learners: tally.learners(site.id.as_str()),
            ambassadors: tally.ambassadors(site.id.as_str()),
            site,
        })
        .collect())
}

/// How many people are under each person, all levels down, from the manager links, by
/// position in `people`. Counted leaves first from the people without a manager among
/// them, without recursion (a chain of 50,000 managers is legal); members of a loop in
/// stored links (which the directory refuses) are never reached and stay at zero.
pub fn spans_of_control(people: &[PersonFacts]) -> Vec<u32> {
    let position: HashMap<&str, u32> = people
        .iter()
        .enumerate()
        .map(|(index, person)| (person.id.as_str(), index as u32))
        .collect();
    let manager: Vec<Option<u32>> = people
        .iter()
        .map(|person| person.manager_id.as_deref().and_then(|m| position.get(m).copied()))
        .collect();
    let mut reports: Vec<Vec<u32>> = vec![Vec::new(); people.len()];
    for (index, manager) in manager.iter().enumerate() {
        if let Some(manager) = manager {
            reports[*manager as usize].push(index as u32);
        }
    }
    // Top down from the roots; then every person's span is added to their manager's in the
    // reverse order, so each span is complete before it is passed up.
    let mut order: Vec<u32> = (0..people.len() as u32)
        .filter(|index| manager[*index as usize].is_none())
        .collect();
    let mut next = 0;
    while next < order.len() {
        let index = order[next] as usize;
        order.extend_from_slice(&reports[index]);
        next += 1;
    }
    let mut spans = vec![0u32; people.len()];
    for index in order.into_iter().rev() {
        if let Some(manager) = manager[index as usize] {
            spans[manager as usize] = spans[manager as usize].saturating_add(1 + spans[index as usize]);
        }
    }
    spans
}

/// The programme's best candidates under its weights, with filters; the breakdown of every
/// score. Admins only: no one else ever sees a score.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Programme id"), RankingQuery),
    responses(
        (status = 200, body = Ranking),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/candidates")]
pub async fn ranking(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
    query: ApiQuery<RankingQuery>,
) -> Result<web::Json<Ranking>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let query = query.into_inner()?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field(
            "limit",
            "out_of_range",
            "limit must be between 1 and 100",
        ));
    }
    let now = state.now();
    let result = state
        .db(move |conn| {
            let tenant = caller.tenant();
            programme(conn, tenant, &id)?;
            rank_candidates(conn, tenant, &id, &query, limit as usize, now)
        })
        .await?;
    Ok(web::Json(result))
}

/// The ranking itself, for the endpoint and the benchmark.
pub fn rank_candidates(
    conn: &mut DbConnection,
    tenant: &Tenant,
    programme: &ProgrammeId,
    query: &RankingQuery,
    limit: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Ranking, ApiError> {
    let weights = weights_of(conn, tenant, programme)?;
    let people = active_people(conn, tenant)?;
    let spans = spans_of_control(&people);
    let nominations = NominationRow::dates_by_nominee(conn, tenant, programme)?;
    let observations = ObservationRow::ratings_by_person(conn, tenant)?;
    let states = CandidacyRow::states(conn, tenant, programme)?;
    let sharing = relais_db::tips::sharing_signals(conn, tenant)?;
    let contest_entries = relais_db::contests::EntryRow::per_person(conn, tenant)?;
    let counts = site_counts(conn, tenant, &people)?;
    let sites: HashMap<&str, (&SiteRef, CoverageNeed)> = counts
        .iter()
        .map(|c| {
            let need = CoverageNeed::of(status(c.learners, c.ambassadors, weights.learners_per_ambassador));
            (c.site.id.as_str(), (&c.site, need))
        })
        .collect();
    let with_domain: Option<HashSet<String>> = match &query.domain {
        Some(domain) => Some(people_with_domain(conn, tenant, domain)?.into_iter().collect()),
        None => None,
    };
    let now_naive = relais_db::stored(now);
    let age = |at: &chrono::NaiveDateTime| (now_naive - *at).num_seconds() as f64 / 86_400.0;
    let ages =
        |dates: Option<&Vec<chrono::NaiveDateTime>>| dates.map(|d| d.iter().map(age).collect()).unwrap_or_default();
    // Scores first, people's details only for the best: cloning names and sites for 50,000
    // people to keep 30 was most of the ranking's time.
    let mut scored: Vec<(usize, Score)> = Vec::new();
    let mut considered = 0u32;
    for (index, person) in people.iter().enumerate() {
        if person.role == Role::Admin {
            continue;
        }
        let site = person.site_id.as_deref().and_then(|s| sites.get(s));
        let matches = query
            .site
            .as_ref()
            .is_none_or(|s| person.site_id.as_deref() == Some(s.as_str()))
            && query
                .region
                .as_ref()
                .is_none_or(|r| site.is_some_and(|(s, _)| &s.region_id == r))
            && query.level.is_none_or(|l| l == person.level)
            && query.ambassador.is_none_or(|a| a == (person.role == Role::Ambassador))
            && with_domain.as_ref().is_none_or(|set| set.contains(&person.id));
        if !matches {
            continue;
        }
        considered += 1;
        let signals = Signals {
            management_level: Some(person.level),
            span_of_control: spans[index],
            nomination_ages: nominations
                .get(&person.id)
                .map(|d| d.iter().map(age).collect())
                .unwrap_or_default(),
            observations: observations
                .get(&person.id)
                .map(|o| {
                    o.iter()
                        .map(|(rating, at)| (u8::try_from(*rating).unwrap_or(0), age(at)))
                        .collect()
                })
                .unwrap_or_default(),
            coverage_need: site.map_or(CoverageNeed::None, |(_, need)| *need),
            tip_ages: ages(sharing.tips.get(&person.id)),
            reactor_ages: ages(sharing.reactors.get(&person.id)),
            contest_entries: contest_entries.get(&person.id).copied().unwrap_or(0),
            // Accepted answers arrive with step 4.
            ..Signals::default()
        };
        scored.push((index, score(&signals, &weights)));
    }
    // Best first; equal scores by name, then id (as `rank` orders them). Only the best
    // `limit` are put in order: sorting 50,000 scores by name to keep 30 cost 20 ms.
    let best_first = |(a, sa): &(usize, Score), (b, sb): &(usize, Score)| {
        sb.total
            .total_cmp(&sa.total)
            .then_with(|| people[*a].display_name.cmp(&people[*b].display_name))
            .then_with(|| people[*a].id.cmp(&people[*b].id))
    };
    if scored.len() > limit {
        scored.select_nth_unstable_by(limit, best_first);
        scored.truncate(limit);
    }
    scored.sort_by(best_first);
    let mut ranked: Vec<RankedCandidate> = scored
        .into_iter()
        .map(|(index, score)| {
            let person = &people[index];
            let site = person.site_id.as_deref().and_then(|s| sites.get(s));
            RankedCandidate {
                person_id: UserId::new(person.id.clone()),
                display_name: person.display_name.clone(),
                job_title: person.job_title.clone(),
                management_level: person.level,
                site: site.map(|(s, _)| (*s).clone()),
                is_ambassador: person.role == Role::Ambassador,
                candidacy: states.get(&person.id).copied(),
                score,
            }
        })
        .collect();
    rank(&mut ranked);
    Ok(Ranking {
        weights,
        considered,
        items: ranked,
    })
}

/// The programme's scoring weights (the defaults until changed). Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = Weights),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/candidate-weights")]
pub async fn get_weights(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<web::Json<Weights>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let weights = state
        .db(move |conn| {
            programme(conn, caller.tenant(), &id)?;
            weights_of(conn, caller.tenant(), &id)
        })
        .await?;
    Ok(web::Json(weights))
}

/// Set the programme's scoring weights (0–10 each), half-life and coverage target. Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Programme id")),
    request_body = Weights,
    responses(
        (status = 200, body = Weights),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/programmes/{id}/candidate-weights")]
pub async fn set_weights(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
    body: ApiJson<Weights>,
) -> Result<web::Json<Weights>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let weights = body.into_inner()?.validate()?;
    let actor = caller.actor(state.now());
    let saved = state
        .db_write(move |conn| {
            programme(conn, &actor.tenant, &id)?;
            let json = serde_json::to_string(&weights).map_err(|e| ApiError::Internal(format!("weights: {e}")))?;
            set_weights_json(conn, &actor.tenant, &id, &json, actor.now)?;
            actor.record(conn, EventKind::CandidateWeightsChanged, SubjectType::Programme, &*id)?;
            Ok(weights)
        })
        .await?;
    Ok(web::Json(saved))
}

/// Coverage of the organisation's sites by active ambassadors against the programme's
/// target (one per 25 learners unless set): uncovered sites first, and each region's sum.
/// Admins only.
#[utoipa::path(
    tag = "candidates",
    params(("id" = String, Path, description = "Programme id")),
    responses(
        (status = 200, body = Coverage),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/programmes/{id}/coverage")]
pub async fn coverage(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<ProgrammeId>,
) -> Result<web::Json<Coverage>, ApiError> {
    caller.require(Action::ManageCandidates)?;
    let result = state
        .db(move |conn| {
            let tenant = caller.tenant();
            programme(conn, tenant, &id)?;
            let target = weights_of(conn, tenant, &id)?.learners_per_ambassador;
            let people = active_people(conn, tenant)?;
            Ok(coverage_of(site_counts(conn, tenant, &people)?, target))
        })
        .await?;
    Ok(web::Json(result))
}

#[cfg(test)]
mod tests {
    use super::*;
    use relais_domain::directory::ManagementLevel;

    fn person(id: &str, manager: Option<&str>) -> PersonFacts {
        PersonFacts {
            id: id.into(),
            display_name: id.into(),
            role: Role::Learner,
            job_title: String::new(),
            level: ManagementLevel::None,
            site_id: None,
            manager_id: manager.map(Into::into),
        }
    }

    #[test]
    fn a_span_counts_everyone_below_in_any_order() {
        // d reports to b, b and c to a; e's manager has left (not among the people).
        let people = [
            person("d", Some("b")),
            person("a", None),
            person("c", Some("a")),
            person("b", Some("a")),
            person("e", Some("gone")),
        ];
        assert_eq!(spans_of_control(&people), vec![0, 3, 0, 1, 0]);
    }

    #[test]
    fn a_long_chain_of_managers_is_counted_without_recursion() {
        let n = 100_000;
        let people: Vec<PersonFacts> = (0..n)
            .map(|i| {
                let manager = (i > 0).then(|| (i - 1).to_string());
                person(&i.to_string(), manager.as_deref())
            })
            .collect();
        let spans = spans_of_control(&people);
        assert_eq!(spans[0], n as u32 - 1);
        assert_eq!(spans[n - 1], 0);
    }

    #[test]
    fn members_of_a_loop_stay_at_zero_and_others_are_unaffected() {
        let people = [
            person("a", Some("b")),
            person("b", Some("a")),
            person("c", Some("a")),
            person("x", None),
            person("y", Some("x")),
        ];
        assert_eq!(spans_of_control(&people), vec![0, 0, 0, 1, 0]);
    }
}

//! Step 3 — Value, contests (V3): the training team's settings (`settings`), entries, votes,
//! jury scores and results (`entries`), the job that makes results final when voting ends
//! (`closing`), and the demo's contests (`demo`). Windows are read from the clock.

pub mod closing;
pub mod demo;
pub mod entries;
pub mod settings;

use crate::errors::ApiError;
use crate::identity::Caller;
use crate::routes::Routes;
use chrono::{DateTime, Utc};
use relais_db::contests::{ContestRecord, ContestRow, Votes};
use relais_db::directory::{People, RegionRows, SiteRows};
use relais_db::DbConnection;
use relais_domain::access::{Access, Action};
use relais_domain::contests::{in_audience, AudienceKind, AudiencePlace, Contest, ContestId, Refusal, Workplace};
use relais_domain::ids::{Tenant, UserId};
use std::collections::HashMap;

/// The contests context's routes, each with who may call it.
pub fn routes(routes: &mut Routes) {
    let everyone = Access::Allowed(Action::ShareTips);
    let team = Access::Allowed(Action::ManageContests);
    routes
        .add(settings::list_contests, everyone)
        .add_create(settings::create_contest, team, "/id")
        .add(settings::get_contest, everyone)
        .add(settings::update_contest, team)
        .add(settings::delete_contest, team)
        .add(entries::list_entries, everyone)
        .add_create(entries::enter_tip, everyone, "/id")
        .add(entries::get_entry, everyone)
        .add(entries::withdraw_entry, Access::Allowed(Action::EditContribution))
        .add(entries::vote, everyone)
        .add(entries::unvote, everyone)
        .add(entries::score_entry, Access::Allowed(Action::ScoreEntries))
        .add(entries::results, everyone);
}

fn refused(refusal: Refusal) -> ApiError {
    ApiError::conflict(refusal.code, refusal.detail)
}

/// A contest of the caller's organisation, with its audience, criteria and jurors.
fn contest(conn: &mut DbConnection, tenant: &Tenant, id: &ContestId) -> Result<ContestRecord, ApiError> {
    let row = ContestRow::find(conn, tenant, id)?.ok_or(ApiError::NotFound)?;
    Ok(row.record(conn)?)
}

/// Where a person works, as the audience rule reads it; None when they are not an active
/// colleague (then no audience holds them).
fn workplace(conn: &mut DbConnection, tenant: &Tenant, person: &UserId) -> Result<Option<Workplace>, ApiError> {
    Ok(People::find(conn, tenant, person)?
        .filter(|found| found.entry.active)
        .map(|found| Workplace {
            site: found.entry.site.as_ref().map(|s| s.id.as_str().to_owned()),
            region: found.entry.site.as_ref().map(|s| s.region_id.as_str().to_owned()),
        }))
}

/// Whether a person is in the contest's audience: active, and working where it says.
fn eligible(
    conn: &mut DbConnection,
    tenant: &Tenant,
    record: &ContestRecord,
    person: &UserId,
) -> Result<bool, ApiError> {
    Ok(workplace(conn, tenant, person)?.is_some_and(|place| in_audience(record.row.audience, &record.places, &place)))
}

/// What every contest of a page is shown with, read once for the page: the caller's
/// workplace, and the names of the regions and sites the audiences name.
struct Viewer {
    workplace: Option<Workplace>,
    place_names: HashMap<String, String>,
}

impl Viewer {
    fn read(conn: &mut DbConnection, caller: &Caller, records: &[ContestRecord]) -> Result<Viewer, ApiError> {
        let tenant = caller.tenant();
        let needs = |kind: AudienceKind| records.iter().any(|r| r.row.audience == kind);
        let mut place_names = HashMap::new();
        if needs(AudienceKind::Regions) {
            place_names.extend(
                RegionRows::list(conn, tenant)?
                    .into_iter()
                    .map(|r| (r.id.as_str().to_owned(), r.name)),
            );
        }
        if needs(AudienceKind::Sites) {
            place_names.extend(
                SiteRows::refs(conn, tenant)?
                    .into_values()
                    .map(|s| (s.id.as_str().to_owned(), s.name)),
            );
        }
        Ok(Viewer {
            workplace: workplace(conn, tenant, &caller.user_id)?,
            place_names,
        })
    }

    /// The audience's places by name (a place deleted since shows its id).
    fn places(&self, record: &ContestRecord) -> Vec<AudiencePlace> {
        record
            .places
            .iter()
            .map(|id| AudiencePlace {
                id: id.clone(),
                name: self.place_names.get(id).cloned().unwrap_or_else(|| id.clone()),
            })
            .collect()
    }
}

/// One contest as the caller sees it at `now`.
fn view_one(
    conn: &mut DbConnection,
    caller: &Caller,
    record: ContestRecord,
    entries: u32,
    now: DateTime<Utc>,
) -> Result<Contest, ApiError> {
    let viewer = Viewer::read(conn, caller, std::slice::from_ref(&record))?;
    view(conn, caller, &viewer, record, entries, now)
}

/// The contest as the caller sees it at `now`.
fn view(
    conn: &mut DbConnection,
    caller: &Caller,
    viewer: &Viewer,
    record: ContestRecord,
    entries: u32,
    now: DateTime<Utc>,
) -> Result<Contest, ApiError> {
    let jurors = People::refs(conn, caller.tenant(), &record.jurors)?;
    let places = viewer.places(&record);
    let eligible = viewer
        .workplace
        .as_ref()
        .is_some_and(|place| in_audience(record.row.audience, &record.places, place));
    let my_votes = u32::try_from(Votes::of_voter(conn, &record.row.id, &caller.user_id)?.len()).unwrap_or(u32::MAX);
    let row = &record.row;
    Ok(Contest {
        id: row.id.clone(),
        title: row.title.clone(),
        rules: row.rules.clone(),
        mode: row.mode,
        audience: row.audience,
        places,
        submissions_open_at: row.submissions_open_at.and_utc(),
        submissions_close_at: row.submissions_close_at.and_utc(),
        voting_close_at: row.voting_close_at.and_utc(),
        votes_per_voter: u32::try_from(row.votes_per_voter).unwrap_or(0),
        public_weight: u32::try_from(row.public_weight).unwrap_or(0),
        criteria: record.criteria.clone(),
        is_juror: record.jurors.contains(&caller.user_id),
        jurors,
        winners: u32::try_from(row.winners).unwrap_or(1),
        phase: row.windows().phase(now),
        entries,
        eligible,
        my_votes,
        can_manage: caller.may(Action::ManageContests),
    })
}

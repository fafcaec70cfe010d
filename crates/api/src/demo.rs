//! `relais demo`: a fictional French retail network with people, programmes and months of
//! activity, so a newcomer sees every screen alive. Idempotent: an existing demo is kept.
//! Each context seeds its own part (`<context>/demo.rs`), in the order of `SEEDERS`.

use crate::errors::ApiError;
use chrono::{DateTime, Duration, Utc};
use relais_db::organisations::Organisation;
use relais_db::DbConnection;
use relais_domain::analytics::MIN_K;
use relais_domain::ids::{OrganisationId, Tenant, UserId};

pub const DEMO_SLUG: &str = "horizon-demo";
pub const ADMIN_EMAIL: &str = "claire.martin@horizon.example";
pub const ADMIN_PASSWORD: &str = "demo-admin-horizon";
pub const AMBASSADOR_EMAIL: &str = "karim.benali@horizon.example";
pub const AMBASSADOR_PASSWORD: &str = "demo-ambassadeur-horizon";
pub const LEARNER_EMAIL: &str = "lea.petit@horizon.example";
pub const LEARNER_PASSWORD: &str = "demo-apprenant-horizon";

pub fn sign_ins() -> String {
    format!(
        "Demo sign-ins (organisation « Horizon Maison », fictional):\n  \
         admin       {ADMIN_EMAIL} / {ADMIN_PASSWORD}\n  \
         ambassador  {AMBASSADOR_EMAIL} / {AMBASSADOR_PASSWORD}\n  \
         learner     {LEARNER_EMAIL} / {LEARNER_PASSWORD}"
    )
}

/// What the seeders share: the organisation, the moment the demo stands at, and what earlier
/// seeders made that later ones need.
pub struct Demo {
    pub tenant: Tenant,
    pub now: DateTime<Utc>,
    /// The training team's admin, once the people exist.
    pub admin: Option<UserId>,
}

/// The demo organisation's active colleagues (not the training team), by e-mail: what the
/// seeders of steps 3–5 pick authors, reactors and thanked people from.
pub fn colleagues(conn: &mut DbConnection, tenant: &Tenant) -> Result<Vec<relais_db::identity::UserRow>, ApiError> {
    let mut people: Vec<relais_db::identity::UserRow> = relais_db::identity::UserQuery {
        tenant,
        search: None,
        role: None,
        active: Some(true),
        after: None,
        limit: i64::MAX,
    }
    .list(conn)?
    .into_iter()
    .filter(|u| u.role != relais_domain::identity::Role::Admin)
    .collect();
    people.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(people)
}

/// A context's part of the demo.
type Seeder = fn(&mut DbConnection, &mut Demo) -> Result<(), ApiError>;

/// Each context's demo data, in order: people first, then what they make. A context with
/// demo data adds one line here.
const SEEDERS: &[Seeder] = &[
    crate::identity::demo::seed,
    crate::directory::demo::seed,
    crate::programmes::demo::seed,
    crate::candidates::demo::seed,
    crate::tips::demo::seed,
    crate::recognition::demo::seed,
    crate::contests::demo::seed,
    crate::modules::demo::seed,
    crate::jobs::seed_demo,
];

/// Loads the demo organisation unless it exists, as it stands at `now`. Returns true when it
/// was created now.
pub fn load(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<bool, ApiError> {
    if Organisation::find_by_slug(conn, DEMO_SLUG)?.is_some() {
        return Ok(false);
    }
    relais_db::write_transaction(conn, |conn| {
        let organisation = Organisation {
            id: OrganisationId::generate(),
            name: "Horizon Maison".into(),
            slug: DEMO_SLUG.into(),
            k_threshold: MIN_K as i32,
            created_at: relais_db::stored(now - Duration::days(150)),
        };
        organisation.insert(conn)?;
        let mut demo = Demo {
            tenant: organisation.tenant(),
            now,
            admin: None,
        };
        for seed in SEEDERS {
            seed(conn, &mut demo)?;
        }
        Ok::<(), ApiError>(())
    })?;
    Ok(true)
}

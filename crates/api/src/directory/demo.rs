//! The demo's directory: five regions, forty stores, the head office and a team of
//! travelling technicians; a hierarchy from the executive committee down to store staff;
//! expertise domains. It is imported as an HR file, through the same use case as any
//! import, and adopts the accounts the identity seeder made (matched by e-mail). The people
//! it adds have no sign-in (they were never invited) but the LMS reports their module views,
//! so the programme's figures stay alive.

use super::imports::{import_file, FileImport};
use crate::demo::Demo;
use crate::errors::ApiError;
use chrono::Duration;
use relais_db::events::EventRow;
use relais_db::identity::{UserQuery, UserRow};
use relais_db::DbConnection;
use relais_domain::events::{DomainEvent, EventKind};
use relais_domain::identity::Role;

/// Regions and the cities of their stores.
const NETWORK: [(&str, [&str; 8]); 5] = [
    (
        "Île-de-France",
        [
            "Paris Bastille",
            "Paris Montparnasse",
            "Versailles",
            "Créteil",
            "Saint-Denis",
            "Nanterre",
            "Évry",
            "Cergy",
        ],
    ),
    (
        "Auvergne-Rhône-Alpes",
        [
            "Lyon Part-Dieu",
            "Lyon Confluence",
            "Grenoble",
            "Saint-Étienne",
            "Annecy",
            "Clermont-Ferrand",
            "Valence",
            "Chambéry",
        ],
    ),
    (
        "Nouvelle-Aquitaine",
        [
            "Bordeaux Lac",
            "Bordeaux Mériadeck",
            "Limoges",
            "Poitiers",
            "Pau",
            "Bayonne",
            "La Rochelle",
            "Périgueux",
        ],
    ),
    (
        "Hauts-de-France",
        [
            "Lille Euralille",
            "Roubaix",
            "Amiens",
            "Dunkerque",
            "Valenciennes",
            "Arras",
            "Calais",
            "Beauvais",
        ],
    ),
    (
        "Provence-Alpes-Côte d'Azur",
        [
            "Marseille La Valentine",
            "Marseille Prado",
            "Nice Lingostière",
            "Toulon",
            "Avignon",
            "Aix-en-Provence",
            "Cannes",
            "Gap",
        ],
    ),
];

const DOMAINS: [&str; 9] = [
    "Caisse et encaissement",
    "Sécurité en magasin",
    "Merchandising",
    "Relation client",
    "Logistique et réception",
    "Outils numériques",
    "Management d'équipe",
    "Cuisine et électroménager",
    "Service après-vente",
];

const FIRST: [&str; 24] = [
    "Adèle",
    "Bastien",
    "Céline",
    "Damien",
    "Élodie",
    "Fabien",
    "Gaëlle",
    "Hervé",
    "Isabelle",
    "Jérôme",
    "Karine",
    "Laurent",
    "Mélanie",
    "Nicolas",
    "Océane",
    "Pascal",
    "Quentin",
    "Rachida",
    "Sébastien",
    "Tiphaine",
    "Ulysse",
    "Valérie",
    "Xavier",
    "Yasmine",
];
const LAST: [&str; 16] = [
    "Aubert",
    "Blanc",
    "Carpentier",
    "Dumas",
    "Étienne",
    "Fontaine",
    "Gauthier",
    "Hamon",
    "Jacob",
    "Klein",
    "Lemaire",
    "Marchand",
    "Noël",
    "Perrin",
    "Renaud",
    "Schmitt",
];

const HEADER: &str =
    "hr_id;name;email;job_title;management_level;manager_hr_id;site;site_kind;region;domains;work_pattern;active";

fn ascii_email(name: &str, n: usize) -> String {
    let plain: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' => 'a',
            'ï' | 'î' => 'i',
            'ô' => 'o',
            'ç' => 'c',
            ' ' => '.',
            other => other,
        })
        .collect();
    format!("{plain}.{n}@horizon.example")
}

/// One line of the demo's HR file.
struct Line {
    hr_id: String,
    name: String,
    email: String,
    title: &'static str,
    level: &'static str,
    manager: String,
    site: String,
    kind: &'static str,
    region: &'static str,
    domains: String,
    pattern: &'static str,
}

impl Line {
    fn csv(&self) -> String {
        format!(
            "{};{};{};{};{};{};{};{};{};{};{};oui",
            self.hr_id,
            self.name,
            self.email,
            self.title,
            self.level,
            self.manager,
            self.site,
            self.kind,
            self.region,
            self.domains,
            self.pattern
        )
    }
}

/// Fills the demo's directory and the LMS activity of the people it adds.
pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let tenant = demo.tenant.clone();
    let accounts = UserQuery {
        tenant: &tenant,
        search: None,
        role: None,
        active: None,
        after: None,
        limit: i64::MAX,
    }
    .list(conn)?;
    // Oldest first: the identity seeder's order (admin, ambassadors, learners).
    let mut accounts: Vec<UserRow> = accounts.into_iter().rev().collect();
    let admin = accounts
        .iter()
        .position(|a| a.role == Role::Admin)
        .map(|i| accounts.remove(i));
    let ambassadors: Vec<UserRow> = accounts
        .iter()
        .filter(|a| a.role == Role::Ambassador)
        .cloned()
        .collect();
    let mut learners = accounts.into_iter().filter(|a| a.role == Role::Learner);

    let mut serial = 0usize;
    let mut next_person = || {
        serial += 1;
        let name = format!(
            "{} {}",
            FIRST[(serial * 7) % FIRST.len()],
            LAST[(serial * 5 + serial / 16) % LAST.len()]
        );
        let email = ascii_email(&name, serial);
        (format!("H{serial:05}"), name, email)
    };
    let mut lines: Vec<Line> = Vec::new();
    let head_office = "Siège Lyon";
    let (ceo_id, ceo_name, ceo_email) = next_person();
    lines.push(Line {
        hr_id: ceo_id.clone(),
        name: ceo_name,
        email: ceo_email,
        title: "Directrice générale",
        level: "executive",
        manager: String::new(),
        site: head_office.into(),
        kind: "office",
        region: "Auvergne-Rhône-Alpes",
        domains: String::new(),
        pattern: "office",
    });
    let (sales_id, sales_name, sales_email) = next_person();
    lines.push(Line {
        hr_id: sales_id.clone(),
        name: sales_name,
        email: sales_email,
        title: "Directeur des ventes",
        level: "executive",
        manager: ceo_id.clone(),
        site: head_office.into(),
        kind: "office",
        region: "Auvergne-Rhône-Alpes",
        domains: "Management d'équipe".into(),
        pattern: "office",
    });
    if let Some(admin) = &admin {
        lines.push(Line {
            hr_id: "H09001".into(),
            name: admin.display_name.clone(),
            email: admin.email.clone(),
            title: "Responsable formation",
            level: "manager",
            manager: ceo_id.clone(),
            site: head_office.into(),
            kind: "office",
            region: "Auvergne-Rhône-Alpes",
            domains: "Outils numériques".into(),
            pattern: "office",
        });
    }
    let mut ambassadors = ambassadors.into_iter();
    for (r, (region, cities)) in NETWORK.iter().enumerate() {
        let (director_id, director_name, director_email) = next_person();
        lines.push(Line {
            hr_id: director_id.clone(),
            name: director_name,
            email: director_email,
            title: "Directeur régional",
            level: "regional_director",
            manager: sales_id.clone(),
            site: cities[0].into(),
            kind: "store",
            region,
            domains: "Management d'équipe".into(),
            pattern: "itinerant",
        });
        for (c, city) in cities.iter().enumerate() {
            let store = c + r * cities.len();
            // Ambassadors manage the first store of each region (and one more): the other
            // stores have none yet, as coverage will show.
            let manager_account = if c == 0 || (r == 0 && c == 1) {
                ambassadors.next()
            } else {
                None
            };
            let (manager_id, manager_name, manager_email) = match &manager_account {
                Some(account) => (
                    format!("H08{store:03}"),
                    account.display_name.clone(),
                    account.email.clone(),
                ),
                None => next_person(),
            };
            lines.push(Line {
                hr_id: manager_id.clone(),
                name: manager_name,
                email: manager_email,
                title: "Directeur de magasin",
                level: "site_manager",
                manager: director_id.clone(),
                site: (*city).into(),
                kind: "store",
                region,
                domains: format!("Management d'équipe|{}", DOMAINS[store % 4]),
                pattern: "field",
            });
            let (lead_id, lead_name, lead_email) = next_person();
            lines.push(Line {
                hr_id: lead_id.clone(),
                name: lead_name,
                email: lead_email,
                title: "Chef de rayon",
                level: "team_lead",
                manager: manager_id.clone(),
                site: (*city).into(),
                kind: "store",
                region,
                domains: DOMAINS[(store + 2) % DOMAINS.len()].into(),
                pattern: "field",
            });
            for s in 0..6 {
                let (hr_id, name, email) = match learners.next() {
                    Some(account) => (format!("H07{store:03}{s}"), account.display_name, account.email),
                    None => next_person(),
                };
                let domains = if s % 2 == 0 {
                    DOMAINS[(store + s) % DOMAINS.len()].to_owned()
                } else {
                    String::new()
                };
                lines.push(Line {
                    hr_id,
                    name,
                    email,
                    title: ["Vendeur conseil", "Vendeuse conseil", "Hôte de caisse", "Magasinier"][s % 4],
                    level: "none",
                    manager: lead_id.clone(),
                    site: (*city).into(),
                    kind: "store",
                    region,
                    domains,
                    pattern: "field",
                });
            }
        }
    }
    // Travelling technicians: one team for the south, led from Marseille.
    let (chief_id, chief_name, chief_email) = next_person();
    let technicians = "Techniciens itinérants Sud";
    lines.push(Line {
        hr_id: chief_id.clone(),
        name: chief_name,
        email: chief_email,
        title: "Responsable SAV itinérant",
        level: "manager",
        manager: sales_id.clone(),
        site: technicians.into(),
        kind: "field_team",
        region: "Provence-Alpes-Côte d'Azur",
        domains: "Service après-vente".into(),
        pattern: "itinerant",
    });
    for _ in 0..8 {
        let (hr_id, name, email) = next_person();
        lines.push(Line {
            hr_id,
            name,
            email,
            title: "Technicien SAV",
            level: "none",
            manager: chief_id.clone(),
            site: technicians.into(),
            kind: "field_team",
            region: "Provence-Alpes-Côte d'Azur",
            domains: "Service après-vente|Cuisine et électroménager".into(),
            pattern: "itinerant",
        });
    }
    let mut file = String::from(HEADER);
    for line in &lines {
        file.push('\n');
        file.push_str(&line.csv());
    }
    let at = demo.now - Duration::days(140);
    let import = FileImport {
        tenant: &tenant,
        import: None,
        importer: None,
        content: &file,
        deactivate_missing: false,
        now: at,
    };
    let (report, _) = import_file(conn, &import, &mut |_, _| {})?;
    if report.error_count > 0 {
        return Err(ApiError::Internal(format!("demo directory: {:?}", report.errors)));
    }

    // The LMS reports module views of the people the file added: a third before the
    // programme, a third since, a third not at all (the same shape as the first learners).
    let added = UserQuery {
        tenant: &tenant,
        search: None,
        role: Some(Role::Learner),
        active: Some(true),
        after: None,
        limit: i64::MAX,
    }
    .list(conn)?;
    let mut events = Vec::new();
    for (index, person) in added.iter().filter(|p| p.password_hash.is_empty()).enumerate() {
        let first_day: i64 = match index % 3 {
            0 => 120,
            1 => 45,
            _ => continue,
        };
        let mut day = first_day;
        while day > 0 {
            let when = demo.now - Duration::days(day) + Duration::hours((index % 9) as i64 + 8);
            events.push(EventRow::of(
                &tenant,
                &DomainEvent::by(&person.id, EventKind::ModuleViewed, when),
            ));
            day -= 4 + (index as i64 % 5);
        }
    }
    EventRow::record_many(conn, &events)?;
    Ok(())
}

//! The demo's catalogue: eight modules, internal or in the LMS, each crediting the colleagues
//! who made it (Karim, the demo ambassador, on three), and completions spread over the
//! network (Léa, the demo learner, completed one).

use super::handlers::{add_module, complete};
use crate::demo::{Demo, AMBASSADOR_EMAIL, LEARNER_EMAIL};
use crate::errors::ApiError;
use crate::use_cases::Actor;
use chrono::Duration;
use relais_db::directory::DomainRows;
use relais_db::DbConnection;
use relais_domain::modules::{ModuleDelivery, ModuleRequest};

/// (title, summary, domain, minutes, LMS slug or none, description, experts: 0 is Karim,
/// others by position among colleagues)
type DemoModule = (
    &'static str,
    &'static str,
    &'static str,
    u32,
    Option<&'static str>,
    &'static str,
    &'static [usize],
);

const MODULES: &[DemoModule] = &[
    ("Encaisser sans erreur", "Les gestes sûrs de la caisse, du ticket au rendu monnaie.", "Caisse et encaissement", 25, None,
     "1. Annoncer le total à voix haute.\n2. Compter le rendu monnaie devant le client.\n3. Vérifier le ticket avant de le remettre.\n\nUn quiz de cinq questions termine le module.", &[0, 7]),
    ("L'appli vendeur en dix minutes", "Retrouver un produit, un stock, un ticket perdu.", "Outils numériques", 10, Some("appli-vendeur"), "", &[0]),
    ("Sécurité en réserve", "Transpalette, hauteurs de stockage, allées dégagées.", "Sécurité en magasin", 40, Some("securite-reserve"), "", &[19, 31]),
    ("Accueillir un nouvel arrivant", "La première semaine d'un saisonnier, jour par jour.", "Management d'équipe", 30, None,
     "Jour 1 : la visite et les trois formations essentielles.\nJour 2 : la caisse en binôme.\nJour 3 à 5 : l'appli vendeur, la réserve, un premier bilan.", &[0, 43]),
    ("Vendre la livraison et l'installation", "Proposer le service qui fait revenir le client.", "Relation client", 20, Some("livraison-installation"), "", &[55]),
    ("Gérer un client mécontent", "Écouter, reformuler, proposer : la méthode en trois temps.", "Relation client", 35, Some("client-mecontent"), "", &[7, 19]),
    ("Inventaire tournant", "Compter un rayon par jour plutôt que tout une fois par an.", "Logistique et réception", 45, None,
     "Le principe, le planning d'un mois type, et comment l'appli enregistre les écarts.", &[31]),
    ("Brief du matin efficace", "Dix minutes pour lancer la journée de l'équipe.", "Management d'équipe", 15, Some("brief-matin"), "", &[43, 0]),
];

pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let tenant = demo.tenant.clone();
    let Some(admin) = demo.admin.clone() else {
        return Ok(());
    };
    let people = crate::demo::colleagues(conn, &tenant)?;
    let (Some(karim), Some(lea)) = (
        people.iter().find(|u| u.email == AMBASSADOR_EMAIL).cloned(),
        people.iter().find(|u| u.email == LEARNER_EMAIL).cloned(),
    ) else {
        return Ok(());
    };
    let others: Vec<_> = people.iter().filter(|u| u.id != karim.id && u.id != lea.id).collect();
    if others.len() < 60 {
        return Ok(());
    }
    let domains = DomainRows::list(conn, &tenant)?;
    for (index, (title, summary, domain, minutes, lms, description, experts)) in MODULES.iter().enumerate() {
        let request = ModuleRequest {
            title: (*title).into(),
            summary: (*summary).into(),
            domain_id: domains.iter().find(|d| d.name == *domain).map(|d| d.id.clone()),
            duration_minutes: *minutes,
            delivery: if lms.is_some() {
                ModuleDelivery::Lms
            } else {
                ModuleDelivery::Internal
            },
            description: (*description).into(),
            url: lms.map(|slug| format!("https://lms.horizon.example/modules/{slug}")),
            xapi_activity_id: lms.map(|slug| format!("https://lms.horizon.example/xapi/activities/{slug}")),
            experts: experts
                .iter()
                .map(|&n| if n == 0 { karim.id.clone() } else { others[n].id.clone() })
                .collect(),
        };
        let created = Actor {
            tenant: tenant.clone(),
            user: admin.clone(),
            now: demo.now - Duration::days(120 - index as i64 * 9),
        };
        let module = add_module(conn, &created, &request.validate()?)?;
        // Completions: more for the short and older modules.
        let completers = 6 + (index * 11) % 37;
        for c in 0..completers {
            let person = others[(index * 23 + c * 7) % others.len()];
            let when = Actor {
                tenant: tenant.clone(),
                user: person.id.clone(),
                now: demo.now - Duration::hours(((c * 37 + index * 5) % 2000) as i64 + 2),
            };
            complete(conn, &when, &module)?;
        }
        if index == 0 {
            let when = Actor {
                tenant: tenant.clone(),
                user: lea.id.clone(),
                now: demo.now - Duration::days(12),
            };
            complete(conn, &when, &module)?;
        }
    }
    Ok(())
}

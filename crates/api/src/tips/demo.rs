//! The demo's tips: thirty tips in French by a dozen store people, spread over five months,
//! with reactions from many colleagues, comments, a draft of Karim's (the demo ambassador)
//! and tips Léa (the demo learner) saved. This month's spotlight has a clear leader.

use super::reactions::{comment_on_tip, react_to_tip};
use super::writing::write_tip;
use crate::demo::{Demo, AMBASSADOR_EMAIL, LEARNER_EMAIL};
use crate::errors::ApiError;
use crate::use_cases::Actor;
use chrono::Duration;
use relais_db::directory::DomainRows;
use relais_db::identity::UserRow;
use relais_db::DbConnection;
use relais_domain::tips::{ReactionKind, TipRequest, TipStatus};

/// A demo tip: (author: 0 is Karim, others are colleagues by position; domain; days ago;
/// title; body; tags).
type DemoTip = (
    usize,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const TIPS: &[DemoTip] = &[
    (0, "Outils numériques", 3, "Retrouver une formation en deux clics",
     "Dans l'appli de formation, l'onglet **Recherche** comprend les fautes de frappe.\n\n1. Tapez le sujet, même approximatif.\n2. Filtrez par *durée* : moins de 10 minutes pour la pause.\n\nAstuce : ajoutez la formation à vos favoris pour la reprendre en caisse creuse.",
     &["appli", "formation"]),
    (0, "Management d'équipe", 9, "Le brief du matin en cinq minutes",
     "Un brief court, debout, au même endroit chaque jour :\n\n- le chiffre d'hier, en une phrase ;\n- **une** priorité du jour ;\n- un conseil de formation à tester (une vidéo de 3 minutes suffit).\n\nL'équipe retient mieux une idée par jour que dix le lundi.",
     &["brief", "équipe"]),
    (1, "Caisse et encaissement", 5, "Annuler une ligne sans appeler le responsable",
     "Sur les caisses V7, une ligne scannée par erreur s'annule avec **Correction** puis le code article, tant que le ticket n'est pas soldé.\n\nAu-delà de trois corrections, le système demande un badge responsable : c'est normal.",
     &["caisse", "correction"]),
    (1, "Caisse et encaissement", 40, "Rendre la monnaie sans erreur aux heures de pointe",
     "Annoncez le montant reçu à voix haute, posez le billet sur le tiroir, rendez la monnaie **en comptant à partir du prix**.\n\nLe client vérifie avec vous et les écarts de caisse baissent nettement.",
     &["caisse", "monnaie"]),
    (2, "Sécurité en magasin", 12, "Gestes et postures : soulever un carton lourd",
     "Pieds écartés, dos droit, on plie les **genoux**, pas le dos. Le carton reste collé au ventre.\n\nLa formation *Gestes et postures* (12 min) montre les trois erreurs les plus fréquentes.",
     &["sécurité", "postures"]),
    (2, "Sécurité en magasin", 70, "Le bon réflexe en cas d'alarme incendie",
     "1. Arrêter la caisse.\n2. Guider les clients vers la sortie **la plus proche**, pas vers l'entrée.\n3. Se retrouver au point de rassemblement et se compter.\n\nRevoyez le plan d'évacuation affiché près du local du personnel.",
     &["sécurité", "incendie"]),
    (3, "Merchandising", 2, "Une tête de gondole qui vend",
     "Une tête de gondole efficace raconte **une seule histoire** : un produit phare, deux produits complémentaires, un prix lisible à deux mètres.\n\nPhotographiez-la le matin et comparez avec le soir : ce qui a bougé s'est vendu.",
     &["merchandising", "gondole"]),
    (3, "Merchandising", 25, "Le facing en fin de journée",
     "Dix minutes de *facing* avant la fermeture : produits ramenés en façade, étiquettes alignées.\n\nLe magasin ouvre prêt et l'équipe du matin gagne une demi-heure.",
     &["merchandising", "rangement"]),
    (4, "Relation client", 6, "Accueillir un client mécontent",
     "Écouter sans interrompre, reformuler (« si je comprends bien… »), proposer **deux** solutions plutôt qu'une.\n\nLa formation *Désamorcer une réclamation* dure 15 minutes et se fait sur téléphone.",
     &["client", "réclamation"]),
    (4, "Relation client", 55, "Les formations courtes qui marchent en magasin",
     "Les modules de moins de dix minutes sont terminés trois fois plus souvent.\n\nProposez-les pendant les creux de l'après-midi, pas en fin de journée.",
     &["formation", "client"]),
    (5, "Logistique et réception", 15, "Contrôler une livraison en trois points",
     "Avant de signer le bon :\n\n- nombre de colis ;\n- état des palettes (film intact ?) ;\n- **réserves écrites** précises sur le bon, pas « sous réserve de déballage ».\n\nSans réserve précise, le litige est perdu.",
     &["réception", "livraison"]),
    (5, "Logistique et réception", 90, "Ranger la réserve par rotation",
     "Ce qui sort le plus près de la porte, ce qui dort en hauteur. Un plan de réserve plastifié évite de chercher.",
     &["réserve", "logistique"]),
    (6, "Cuisine et électroménager", 4, "Conseiller un lave-vaisselle en deux questions",
     "Demandez : *combien de personnes* et *où il sera installé*. Le niveau sonore compte plus qu'on ne croit dans une cuisine ouverte : **moins de 44 dB**.\n\nLa formation produit du fournisseur dure 8 minutes.",
     &["électroménager", "conseil"]),
    (6, "Cuisine et électroménager", 48, "Démontrer une plaque à induction",
     "Une casserole, un fond d'eau, un chronomètre : l'eau bout en moins de deux minutes. La démonstration vaut tous les argumentaires.",
     &["électroménager", "démonstration"]),
    (7, "Outils numériques", 1, "Scanner un produit pour voir le stock des autres magasins",
     "Dans l'appli vendeur, le scan d'un code-barres affiche le **stock des magasins voisins**.\n\nProposez la réservation au client au lieu de le laisser repartir.",
     &["appli", "stock"]),
    (7, "Outils numériques", 33, "Activer les notifications de formation sans être dérangé",
     "Réglages → Notifications → *Formation* : choisissez **un** créneau par jour. Plus de rappels en pleine vente.",
     &["appli", "notifications"]),
    (8, "Management d'équipe", 20, "Faire témoigner un collègue formé",
     "Après une formation, demandez à la personne de montrer **un** geste appris au brief suivant. Ça vaut toutes les relances par mail.",
     &["équipe", "formation"]),
    (8, "Management d'équipe", 110, "Planifier les formations dans le planning",
     "Réservez 20 minutes par semaine et par personne dans le planning, comme un créneau de caisse. Une formation non planifiée ne se fait pas.",
     &["planning", "formation"]),
    (9, "Relation client", 8, "Vendre la garantie sans forcer",
     "Présentez-la **après** que le client a choisi son produit, avec un exemple concret de panne réparée. Jamais avant.",
     &["client", "garantie"]),
    (9, "Caisse et encaissement", 62, "Le paiement sans contact au-delà de 50 €",
     "Au-delà de 50 €, le terminal demande le code : prévenez le client avant qu'il ne retire sa carte, la file avance plus vite.",
     &["caisse", "paiement"]),
    (10, "Sécurité en magasin", 18, "Utiliser le cutter de sécurité",
     "Lame rétractable, on coupe **vers l'extérieur**, jamais vers soi. Le cutter se range fermé, dans l'étui, jamais dans la poche.",
     &["sécurité", "outils"]),
    (10, "Logistique et réception", 130, "Étiqueter les casiers de la réserve",
     "Une étiquette par casier avec la famille de produits et une photo. Les nouveaux trouvent seuls dès le premier jour.",
     &["réserve", "accueil"]),
    (11, "Merchandising", 10, "Les prix barrés en période de soldes",
     "Le prix de référence est le plus bas des **30 derniers jours**. Vérifiez l'étiquette avant de l'afficher : c'est contrôlé.",
     &["soldes", "prix"]),
    (11, "Relation client", 75, "Dire « je ne sais pas » et trouver la réponse",
     "« Je ne sais pas, mais je vais vous trouver la réponse » rassure plus qu'une approximation. L'appli vendeur a une fiche par produit.",
     &["client", "appli"]),
    (0, "Relation client", 27, "Parrainer un nouvel arrivant",
     "La première semaine, un parrain montre les trois formations essentielles : caisse, sécurité, appli vendeur. Le nouvel arrivant les termine en quelques jours au lieu d'un mois.",
     &["accueil", "formation"]),
    (3, "Outils numériques", 45, "Prendre une photo de rayon nette",
     "Reculez de deux pas, tenez le téléphone à hauteur de la deuxième étagère, pas de zoom. Une photo nette vaut un long message.",
     &["photo", "merchandising"]),
    (5, "Sécurité en magasin", 140, "Le transpalette en toute sécurité",
     "On tire le transpalette dans les pentes, on ne le pousse jamais. Fourches baissées dès qu'on le lâche.",
     &["sécurité", "réception"]),
    (2, "Management d'équipe", 22, "Féliciter en public, corriger en privé",
     "Un bravo devant l'équipe, une remarque en tête à tête. Simple, et la confiance suit.",
     &["équipe", "management"]),
    (6, "Relation client", 14, "Proposer la livraison et l'installation",
     "Pour tout gros électroménager, proposez la livraison **et** l'installation : le client n'y pense pas, et il revient.",
     &["électroménager", "client"]),
    (4, "Outils numériques", 28, "Retrouver un ticket de caisse perdu",
     "Avec le numéro de carte fidélité, l'appli retrouve les tickets des 24 derniers mois : plus besoin de fouiller les archives.",
     &["appli", "caisse"]),
];

const COMMENTS: &[&str] = &[
    "Testé ce matin avec l'équipe, ça marche très bien.",
    "Merci, je ne connaissais pas cette astuce !",
    "On fait pareil à notre magasin, je confirme.",
    "Est-ce que ça marche aussi sur les anciennes caisses ?",
    "Je l'ai montré au brief, tout le monde a adopté.",
    "Très clair, merci pour le partage.",
];

pub fn seed(conn: &mut DbConnection, demo: &mut Demo) -> Result<(), ApiError> {
    let tenant = demo.tenant.clone();
    let people = crate::demo::colleagues(conn, &tenant)?;
    let (Some(karim), Some(lea)) = (
        people.iter().find(|u| u.email == AMBASSADOR_EMAIL).cloned(),
        people.iter().find(|u| u.email == LEARNER_EMAIL).cloned(),
    ) else {
        return Ok(());
    };
    // Authors: Karim, then eleven colleagues spread over the network; Léa writes none, so
    // that her first tip is hers to write.
    let others: Vec<&UserRow> = people.iter().filter(|u| u.id != karim.id && u.id != lea.id).collect();
    if others.len() < 60 {
        return Ok(());
    }
    let step = others.len() / 12;
    let author = |index: usize| -> &UserRow {
        if index == 0 {
            &karim
        } else {
            others[index * step]
        }
    };
    let domains = DomainRows::list(conn, &tenant)?;
    let at = |user: &UserRow, days: f64| Actor {
        tenant: tenant.clone(),
        user: user.id.clone(),
        now: demo.now - Duration::minutes((days * 1440.0) as i64),
    };
    // The spotlight shows the current month unless asked otherwise: Karim's newest tip is
    // published inside it even on the month's first day, so the demo's spotlight has him.
    let into_month = relais_domain::tips::spotlight::SpotlightPeriod::Month
        .start(demo.now)
        .map_or(f64::MAX, |start| (demo.now - start).num_minutes() as f64 / 1440.0);
    for (index, (who, domain, days, title, body, tags)) in TIPS.iter().enumerate() {
        let days = if index == 0 {
            (*days as f64).min(into_month * 0.5)
        } else {
            *days as f64
        };
        let writer = author(*who);
        let request = TipRequest {
            title: (*title).into(),
            body: (*body).into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            domain_id: domains.iter().find(|d| d.name == *domain).map(|d| d.id.clone()),
            status: Some(TipStatus::Published),
        };
        let checked = request.validate()?;
        let tip = write_tip(conn, &at(writer, days), &checked)?;
        // Reactions from colleagues, more on recent and on Karim's tips; many distinct people.
        let reactors = 3 + (index * 7) % 17 + if *who == 0 { 8 } else { 0 };
        for r in 0..reactors {
            let reactor = others[(index * 31 + r * 13) % others.len()];
            if reactor.id == writer.id {
                continue;
            }
            let kind = ReactionKind::ALL[(index + r) % 3];
            // Never before the tip was published.
            let when = (days - 0.1 - (r as f64 * 0.3).min(days - 0.05).max(0.0))
                .max(0.01)
                .min(days);
            react_to_tip(conn, &at(reactor, when), &tip, kind)?;
            if r % 4 == 0 {
                react_to_tip(conn, &at(reactor, when), &tip, ReactionKind::Useful)?;
            }
        }
        if index % 3 == 0 && writer.id != lea.id {
            react_to_tip(conn, &at(&lea, days * 0.5), &tip, ReactionKind::Useful)?;
        }
        for c in 0..(index % 4) {
            let commenter = others[(index * 17 + c * 29 + 5) % others.len()];
            comment_on_tip(
                conn,
                &at(commenter, days * 0.8 - c as f64 * 0.01),
                &tip.id,
                COMMENTS[(index + c) % COMMENTS.len()].to_owned(),
            )?;
        }
        if index % 5 == 1 {
            relais_db::tips::save(
                conn,
                &tenant,
                &tip.id,
                &lea.id,
                demo.now - Duration::minutes((days * 720.0) as i64),
            )?;
        }
    }
    // Karim's draft, for his "my tips" list.
    let draft = TipRequest {
        title: "Préparer l'inventaire sans stress".into(),
        body:
            "Brouillon : commencer par la réserve la veille, compter en binôme, **double comptage** des produits chers."
                .into(),
        tags: vec!["inventaire".into()],
        domain_id: domains
            .iter()
            .find(|d| d.name == "Logistique et réception")
            .map(|d| d.id.clone()),
        status: Some(TipStatus::Draft),
    };
    write_tip(conn, &at(&karim, 0.5), &draft.validate()?)?;
    Ok(())
}

//! The recognition context's strings, French and English.

use crate::i18n::{Label, Lang, Strings};
use relais_domain::recognition::{AutomaticBadge, LeaderboardPeriod};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecognitionText {
    Nav,
    Title,
    Intro,
    Period,
    Site,
    AllSites,
    Points,
    PointOne,
    HolderOne,
    NoOne,
    Ranking,
    OptOut,
    OptOutHint,
    OptedOutNotice,
    MyProfile,
    ManageBadges,
    Rules,
    Contributions,
    TipsPublished,
    ReactionsReceived,
    CommentsWritten,
    KudosReceived,
    Badges,
    NoBadge,
    Kudos,
    NoKudos,
    ThankTitle,
    ThankLabel,
    Send,
    Thanked,
    BadgesTitle,
    BadgesIntro,
    NewBadge,
    BadgeName,
    BadgeDescription,
    Create,
    Created,
    Holders,
    NoCustomBadge,
    GiveTitle,
    Badge,
    FindPerson,
    Reason,
    Give,
    Given,
    Forbidden,
    ErrorNameTaken,
    ErrorAlreadyAwarded,
    ErrorKudosAlreadySent,
    Directory,
    ModulesCredited,
}

impl Strings for RecognitionText {
    fn fr(self) -> &'static str {
        use RecognitionText::*;
        match self {
            Nav => "Reconnaissance",
            Title => "Classement des contributions",
            Intro => "Les points de la semaine ou du mois : ils repartent de zéro à chaque période.",
            Period => "Période",
            Site => "Site",
            AllSites => "Tous les sites",
            Points => "points",
            PointOne => "point",
            HolderOne => "personne l'a",
            NoOne => "Personne n'a encore de points sur cette période.",
            Ranking => "Classement",
            OptOut => "Ne pas apparaître dans les classements",
            OptOutHint => "Vos badges et remerciements restent sur votre profil.",
            OptedOutNotice => "Vous n'apparaissez dans aucun classement.",
            MyProfile => "Mon profil",
            ManageBadges => "Badges de l'équipe formation",
            Rules => "Points : un conseil publié 10, une réaction reçue d'un collègue 2, un commentaire 1, un remerciement reçu 3, un badge obtenu 5.",
            Contributions => "Contributions",
            TipsPublished => "Conseils publiés",
            ReactionsReceived => "Réactions reçues",
            CommentsWritten => "Commentaires écrits",
            KudosReceived => "Remerciements reçus",
            Badges => "Badges",
            NoBadge => "Pas encore de badge.",
            Kudos => "Remerciements",
            NoKudos => "Pas encore de remerciement.",
            ThankTitle => "Remercier",
            ThankLabel => "Votre message",
            Send => "Envoyer",
            Thanked => "Merci envoyé.",
            BadgesTitle => "Badges de l'équipe formation",
            BadgesIntro => "Créez des badges et décernez-les avec une raison : ils s'affichent sur le profil de la personne.",
            NewBadge => "Nouveau badge",
            BadgeName => "Nom du badge",
            BadgeDescription => "Ce qu'il reconnaît",
            Create => "Créer",
            Created => "Badge créé.",
            Holders => "personnes l'ont",
            NoCustomBadge => "Aucun badge créé pour l'instant.",
            GiveTitle => "Décerner un badge",
            Badge => "Badge",
            FindPerson => "Chercher la personne",
            Reason => "Pourquoi",
            Give => "Décerner",
            Given => "Badge décerné.",
            Forbidden => "Votre rôle ne permet pas cette action.",
            ErrorNameTaken => "Un badge porte déjà ce nom.",
            ErrorAlreadyAwarded => "Cette personne a déjà ce badge.",
            ErrorKudosAlreadySent => "Vous avez déjà remercié cette personne aujourd'hui.",
            Directory => "Fiche dans l'annuaire",
            ModulesCredited => "Modules de formation où cette personne est créditée comme experte",
        }
    }

    fn en(self) -> &'static str {
        use RecognitionText::*;
        match self {
            Nav => "Recognition",
            Title => "Contribution leaderboard",
            Intro => "The week's or the month's points: they start again from zero each period.",
            Period => "Period",
            Site => "Site",
            AllSites => "All sites",
            Points => "points",
            PointOne => "point",
            HolderOne => "person holds it",
            NoOne => "No one has points in this period yet.",
            Ranking => "Ranking",
            OptOut => "Do not show me in leaderboards",
            OptOutHint => "Your badges and thank-yous stay on your profile.",
            OptedOutNotice => "You appear in no leaderboard.",
            MyProfile => "My profile",
            ManageBadges => "Training team's badges",
            Rules => "Points: a published tip 10, a colleague's reaction received 2, a comment 1, a thank-you received 3, a badge earned 5.",
            Contributions => "Contributions",
            TipsPublished => "Tips published",
            ReactionsReceived => "Reactions received",
            CommentsWritten => "Comments written",
            KudosReceived => "Thank-yous received",
            Badges => "Badges",
            NoBadge => "No badge yet.",
            Kudos => "Thank-yous",
            NoKudos => "No thank-you yet.",
            ThankTitle => "Say thank you",
            ThankLabel => "Your message",
            Send => "Send",
            Thanked => "Thank-you sent.",
            BadgesTitle => "Training team's badges",
            BadgesIntro => "Create badges and give them with a reason: they show on the person's profile.",
            NewBadge => "New badge",
            BadgeName => "Badge name",
            BadgeDescription => "What it recognises",
            Create => "Create",
            Created => "Badge created.",
            Holders => "people hold it",
            NoCustomBadge => "No badge created yet.",
            GiveTitle => "Give a badge",
            Badge => "Badge",
            FindPerson => "Find the person",
            Reason => "Why",
            Give => "Give",
            Given => "Badge given.",
            Forbidden => "Your role does not allow this action.",
            ErrorNameTaken => "A badge already has this name.",
            ErrorAlreadyAwarded => "This person already holds this badge.",
            ErrorKudosAlreadySent => "You already thanked this person today.",
            Directory => "Directory entry",
            ModulesCredited => "Training modules crediting this person as an expert",
        }
    }
}

pub fn badge_name(badge: AutomaticBadge, lang: Lang) -> &'static str {
    use AutomaticBadge::*;
    match (badge, lang) {
        (FirstTip, Lang::Fr) => "Premier conseil",
        (FirstTip, Lang::En) => "First tip",
        (TenUseful, Lang::Fr) => "Dix fois utile",
        (TenUseful, Lang::En) => "Useful ten times",
        (ContestWinner, Lang::Fr) => "Lauréat de concours",
        (ContestWinner, Lang::En) => "Contest winner",
        (AppointedAmbassador, Lang::Fr) => "Ambassadeur formation",
        (AppointedAmbassador, Lang::En) => "Training ambassador",
        (HelpfulAnswerer, Lang::Fr) => "Réponse retenue",
        (HelpfulAnswerer, Lang::En) => "Helpful answerer",
    }
}

pub fn badge_meaning(badge: AutomaticBadge, lang: Lang) -> &'static str {
    use AutomaticBadge::*;
    match (badge, lang) {
        (FirstTip, Lang::Fr) => "A publié son premier conseil.",
        (FirstTip, Lang::En) => "Published a first tip.",
        (TenUseful, Lang::Fr) => "Des collègues ont trouvé ses conseils utiles dix fois.",
        (TenUseful, Lang::En) => "Colleagues found their tips useful ten times.",
        (ContestWinner, Lang::Fr) => "A remporté un concours.",
        (ContestWinner, Lang::En) => "Won a contest.",
        (AppointedAmbassador, Lang::Fr) => "Est devenu ambassadeur formation.",
        (AppointedAmbassador, Lang::En) => "Became a training ambassador.",
        (HelpfulAnswerer, Lang::Fr) => "Une de ses réponses a été retenue.",
        (HelpfulAnswerer, Lang::En) => "Had an answer accepted.",
    }
}

pub fn period_name(period: LeaderboardPeriod, lang: Lang) -> &'static str {
    match (period, lang) {
        (LeaderboardPeriod::Week, Lang::Fr) => "Cette semaine",
        (LeaderboardPeriod::Week, Lang::En) => "This week",
        (LeaderboardPeriod::Month, Lang::Fr) => "Ce mois-ci",
        (LeaderboardPeriod::Month, Lang::En) => "This month",
    }
}

/// Recognition's refusals, for `ErrorBanner`.
pub fn recognition_error(code: &str) -> Option<Label> {
    match code {
        "name_taken" => Some(RecognitionText::ErrorNameTaken.into()),
        "already_awarded" => Some(RecognitionText::ErrorAlreadyAwarded.into()),
        "kudos_already_sent" => Some(RecognitionText::ErrorKudosAlreadySent.into()),
        _ => None,
    }
}

//! Who may do what: the caller is a principal (a person's session, later an organisation's
//! API key with scopes), and pure functions decide. Handlers ask `can`; they never test roles.

use crate::identity::Role;
use crate::ids::{Tenant, UserId};

crate::stored_enum! {
    /// What an organisation's API key (I1) may be used for.
    pub enum Scope {
        /// Send learning records (I2).
        XapiWrite = "xapi:write",
        /// Provision people (C1 import, I4 SCIM).
        DirectoryWrite = "directory:write",
        /// Read aggregated analytics, under the same k rule as people (T3).
        AnalyticsRead = "analytics:read",
    }
}

/// Who is calling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// A person signed in to their organisation.
    Person { user: UserId, tenant: Tenant, role: Role },
    /// An organisation's API key, with its scopes.
    ApiKey { tenant: Tenant, scopes: Vec<Scope> },
}

impl Principal {
    pub fn tenant(&self) -> &Tenant {
        match self {
            Principal::Person { tenant, .. } | Principal::ApiKey { tenant, .. } => tenant,
        }
    }
}

/// Every action a route or a use case may ask about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read one's own account.
    ReadOwnAccount,
    /// List the organisation's accounts.
    ListPeople,
    /// Create, deactivate and reactivate accounts.
    ManagePeople,
    /// Read the organisation's active programmes, their objectives and dashboards.
    ReadProgrammes,
    /// Also see drafts and closed programmes, needs with their evidence.
    ReadAllProgrammes,
    /// Create, edit, activate, close and delete programmes, needs and objectives.
    ManageProgrammes,
    /// Look colleagues up in the directory (work facts only).
    ReadDirectory,
    /// Manage regions, sites, expertise domains, work facts; import HR files.
    ManageDirectory,
    /// Rank candidates, run the pipeline, review nominations, record field observations,
    /// read coverage (C2–C5): the training team's, never shown to others.
    ManageCandidates,
    /// Nominate a colleague or apply (C3).
    Nominate,
    /// Accept or decline an invitation to become an ambassador: the invitee's alone.
    AnswerAmbassadorInvitation,
    /// Read, write, react to, comment on and save tips; see the creator spotlight (V1, V2).
    ShareTips,
    /// Edit or delete a tip or a comment: its author, or an admin.
    EditContribution,
    /// Create custom badges and give them (V5): the training team's.
    ManageRecognition,
    /// Create, edit and delete contests (V3): the training team's.
    ManageContests,
    /// Score a contest's entries: its jurors only.
    ScoreEntries,
    /// Add, change and remove training modules and credit their experts (V4).
    ManageModules,
    /// Read the state of background work (failed jobs).
    ReadOperations,
    /// Read the organisation's security events (failed sign-ins, …).
    ReadSecurityEvents,
}

impl Action {
    pub const ALL: [Action; 19] = [
        Action::ReadOwnAccount,
        Action::ManageCandidates,
        Action::Nominate,
        Action::AnswerAmbassadorInvitation,
        Action::ReadDirectory,
        Action::ManageDirectory,
        Action::ListPeople,
        Action::ManagePeople,
        Action::ReadProgrammes,
        Action::ReadAllProgrammes,
        Action::ManageProgrammes,
        Action::ReadOperations,
        Action::ReadSecurityEvents,
        Action::ShareTips,
        Action::EditContribution,
        Action::ManageRecognition,
        Action::ManageContests,
        Action::ScoreEntries,
        Action::ManageModules,
    ];

    /// Who, beyond the roles, the policy allows through a relationship (for the contract's
    /// words; `can` decides).
    pub fn also_allowed(self) -> Option<&'static str> {
        match self {
            Action::EditContribution => Some("its author"),
            Action::AnswerAmbassadorInvitation => Some("the invitee"),
            Action::ScoreEntries => Some("the contest's jurors"),
            _ => None,
        }
    }

    /// The scope an API key needs for this action; `None`: keys may not do it.
    pub fn scope(self) -> Option<Scope> {
        match self {
            Action::ManagePeople | Action::ManageDirectory => Some(Scope::DirectoryWrite),
            Action::ReadProgrammes => Some(Scope::AnalyticsRead),
            _ => None,
        }
    }
}

/// How the principal relates to the resource, established by the caller from stored facts
/// (steps 2–5: the owner of a tip, a community's leader, a contest's juror, an invitee).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Relationships {
    /// The resource is the principal's own account.
    pub is_self: bool,
    pub owner: bool,
    pub leader: bool,
    pub juror: bool,
    pub invitee: bool,
}

/// What is acted upon: always inside one organisation.
#[derive(Clone, Copy, Debug)]
pub struct Resource<'a> {
    pub tenant: &'a Tenant,
    pub relationships: Relationships,
}

impl<'a> Resource<'a> {
    /// Something of the organisation with no particular relation to the principal.
    pub fn of(tenant: &'a Tenant) -> Self {
        Self {
            tenant,
            relationships: Relationships::default(),
        }
    }
}

/// The policy. Nothing crosses organisations; inside one, roles and relationships decide.
pub fn can(principal: &Principal, action: Action, resource: &Resource<'_>) -> bool {
    if principal.tenant() != resource.tenant {
        return false;
    }
    match principal {
        Principal::Person { role, .. } => match action {
            Action::ReadOwnAccount
            | Action::ReadProgrammes
            | Action::ReadDirectory
            | Action::Nominate
            | Action::ShareTips => true,
            Action::AnswerAmbassadorInvitation => resource.relationships.invitee,
            Action::ScoreEntries => resource.relationships.juror,
            Action::EditContribution => *role == Role::Admin || resource.relationships.owner,
            Action::ListPeople
            | Action::ManageDirectory
            | Action::ManageCandidates
            | Action::ManagePeople
            | Action::ReadAllProgrammes
            | Action::ManageProgrammes
            | Action::ReadOperations
            | Action::ReadSecurityEvents
            | Action::ManageRecognition
            | Action::ManageContests
            | Action::ManageModules => *role == Role::Admin,
        },
        Principal::ApiKey { scopes, .. } => action.scope().is_some_and(|scope| scopes.contains(&scope)),
    }
}

/// Who may call a route, declared beside its handler; the authorisation matrix test
/// collects these declarations and checks each route against `can`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// No sign-in needed (sign-in itself, probes).
    Public,
    /// A principal allowed to do this action in its own organisation.
    Allowed(Action),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::OrganisationId;

    fn tenant(id: &str) -> Tenant {
        Tenant::new(OrganisationId::new(id))
    }
    fn person(role: Role, org: &str) -> Principal {
        Principal::Person {
            user: UserId::new("u"),
            tenant: tenant(org),
            role,
        }
    }

    #[test]
    fn the_policy_as_a_table() {
        use Action::*;
        use Role::*;
        // (action, admin, ambassador, learner)
        let table = [
            (ReadOwnAccount, true, true, true),
            (ReadDirectory, true, true, true),
            (ManageDirectory, true, false, false),
            (ManageCandidates, true, false, false),
            (Nominate, true, true, true),
            (AnswerAmbassadorInvitation, false, false, false),
            (ListPeople, true, false, false),
            (ManagePeople, true, false, false),
            (ReadProgrammes, true, true, true),
            (ReadAllProgrammes, true, false, false),
            (ManageProgrammes, true, false, false),
            (ReadOperations, true, false, false),
            (ReadSecurityEvents, true, false, false),
            (ShareTips, true, true, true),
            (EditContribution, true, false, false),
            (ManageRecognition, true, false, false),
            (ManageContests, true, false, false),
            (ScoreEntries, false, false, false),
            (ManageModules, true, false, false),
        ];
        assert_eq!(table.len(), Action::ALL.len(), "every action has a row");
        let ours = tenant("a");
        for (action, admin, ambassador, learner) in table {
            for (role, expected) in [(Admin, admin), (Ambassador, ambassador), (Learner, learner)] {
                assert_eq!(
                    can(&person(role, "a"), action, &Resource::of(&ours)),
                    expected,
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn nothing_crosses_organisations() {
        let theirs = tenant("b");
        for action in Action::ALL {
            assert!(
                !can(&person(Role::Admin, "a"), action, &Resource::of(&theirs)),
                "{action:?}"
            );
        }
    }

    #[test]
    fn relationships_never_grant_an_admin_action() {
        let ours = tenant("a");
        let everything = Relationships {
            is_self: true,
            owner: true,
            leader: true,
            juror: true,
            invitee: true,
        };
        for action in [
            Action::ManagePeople,
            Action::ManageDirectory,
            Action::ManageProgrammes,
            Action::ReadAllProgrammes,
        ] {
            let resource = Resource {
                tenant: &ours,
                relationships: everything,
            };
            assert!(!can(&person(Role::Learner, "a"), action, &resource), "{action:?}");
        }
    }

    #[test]
    fn only_the_invitee_answers_an_invitation() {
        let ours = tenant("a");
        let invitee = Resource {
            tenant: &ours,
            relationships: Relationships {
                invitee: true,
                ..Relationships::default()
            },
        };
        for role in [Role::Admin, Role::Ambassador, Role::Learner] {
            assert!(
                can(&person(role, "a"), Action::AnswerAmbassadorInvitation, &invitee),
                "{role:?}"
            );
            assert!(
                !can(
                    &person(role, "a"),
                    Action::AnswerAmbassadorInvitation,
                    &Resource::of(&ours)
                ),
                "{role:?} for someone else"
            );
        }
    }

    #[test]
    fn authors_edit_their_own_contributions() {
        let ours = tenant("a");
        let own = Resource {
            tenant: &ours,
            relationships: Relationships {
                owner: true,
                ..Relationships::default()
            },
        };
        for role in [Role::Learner, Role::Ambassador] {
            assert!(can(&person(role, "a"), Action::EditContribution, &own), "{role:?}");
            assert!(
                !can(&person(role, "a"), Action::EditContribution, &Resource::of(&ours)),
                "{role:?} on someone else's"
            );
        }
    }

    #[test]
    fn api_keys_act_within_their_scopes_only() {
        let ours = tenant("a");
        let key = Principal::ApiKey {
            tenant: tenant("a"),
            scopes: vec![Scope::DirectoryWrite],
        };
        assert!(can(&key, Action::ManagePeople, &Resource::of(&ours)));
        assert!(
            !can(&key, Action::ReadProgrammes, &Resource::of(&ours)),
            "no analytics scope"
        );
        assert!(!can(&key, Action::ManageProgrammes, &Resource::of(&ours)), "no key may");
        assert!(
            !can(&key, Action::ReadOwnAccount, &Resource::of(&ours)),
            "a key has no account"
        );
    }
}

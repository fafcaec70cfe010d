//! People of the organisation, for admins: find (search, role, status), create, edit name and
//! role, deactivate, reactivate.

use super::api;
use super::strings::{role_name, IdentityText};
use crate::client::{use_session, ApiError};
use crate::components::{
    escape_cancels, focus_later, page_title, ConfirmAction, ErrorBanner, Icon, IconSvg, MorePages, PagedTable,
    Submission, SubmitButton, TextField,
};
use crate::i18n::{tr, use_i18n, Text};
use leptos::prelude::*;
use relais_domain::access::Action;
use relais_domain::identity::{CreateUserRequest, Role, UpdateUserRequest, User};

/// The list's search and filters.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    q: String,
    role: Option<Role>,
    active: Option<bool>,
}

/// Signed-in only: its route shows it inside `Protected`.
#[component]
pub fn People() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let filters = RwSignal::new(Filters::default());
    let more = MorePages::<User>::new();
    let users = LocalResource::new(move || {
        let filters = filters.get();
        async move {
            let page = api::list_users(&filters.q, filters.role, filters.active, None).await;
            if let Ok(page) = &page {
                more.reset(page);
            }
            page
        }
    });
    page_title(move || i18n.t(IdentityText::People).to_owned());
    let action_error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<IdentityText>);
    let creating = RwSignal::new(false);
    let changed = Callback::new(move |text: IdentityText| {
        let _ = action_error.try_set(None);
        let _ = notice.try_set(Some(text));
        users.refetch();
        // The reader goes on from the announcement of what changed.
        focus_later("people-notice");
    });
    let failed = Callback::new(move |error: ApiError| {
        let _ = action_error.try_set(Some(error));
    });
    let row = move |user: User| view! { <PersonRow user=user changed=changed failed=failed /> };
    view! {
        <section>
            <header class="page-header">
                <h1>{tr(IdentityText::People)}</h1>
                <Show when=move || session.may(Action::ManagePeople) && !creating.get()>
                    <button
                        type="button"
                        id="new-person"
                        class="primary"
                        on:click=move |_| {
                            creating.set(true);
                            focus_later("person-name");
                        }
                    >
                        <IconSvg icon=Icon::Plus />
                        {tr(IdentityText::NewPerson)}
                    </button>
                </Show>
            </header>
            <Show
                when=move || session.may(Action::ListPeople)
                fallback=move || view! { <p class="error">{tr(Text::ErrorForbidden)}</p> <a href="/">{tr(Text::BackHome)}</a> }
            >
                <Show when=move || creating.get()>
                    <div class="card">
                        <h2>{tr(IdentityText::NewPerson)}</h2>
                        <PersonForm
                            on_created=Callback::new(move |without_password: bool| {
                                creating.set(false);
                                changed.run(if without_password {
                                    IdentityText::PersonInvited
                                } else {
                                    IdentityText::PersonCreated
                                });
                            })
                            on_cancel=Callback::new(move |_| {
                                creating.set(false);
                                focus_later("new-person");
                            })
                        />
                    </div>
                </Show>
                <p class="notice" id="people-notice" tabindex="-1" role="status" aria-live="polite">
                    {move || notice.get().map(|text| i18n.t(text))}
                </p>
                <ErrorBanner error=action_error />
                <form class="filters" role="search" on:submit=|event| event.prevent_default()>
                    <div>
                        <label for="people-search">{tr(IdentityText::Search)}</label>
                        <input
                            id="people-search"
                            type="search"
                            maxlength="100"
                            prop:value=move || filters.with(|f| f.q.clone())
                            on:input=move |ev| filters.update(|f| f.q = event_target_value(&ev))
                        />
                    </div>
                    <div>
                        <label for="people-role">{tr(IdentityText::Role)}</label>
                        <select
                            id="people-role"
                            on:change=move |ev| filters.update(|f| f.role = Role::parse(&event_target_value(&ev)))
                        >
                            <option value="">{tr(IdentityText::AllRoles)}</option>
                            {Role::ALL
                                .into_iter()
                                .map(|option| {
                                    view! {
                                        <option value=option.as_str()>{move || role_name(option, i18n.lang.get())}</option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div>
                        <label for="people-status">{tr(IdentityText::Status)}</label>
                        <select
                            id="people-status"
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                filters.update(|f| f.active = match value.as_str() {
                                    "active" => Some(true),
                                    "inactive" => Some(false),
                                    _ => None,
                                })
                            }
                        >
                            <option value="">{tr(IdentityText::AllStatuses)}</option>
                            <option value="active">{tr(IdentityText::Active)}</option>
                            <option value="inactive">{tr(IdentityText::Inactive)}</option>
                        </select>
                    </div>
                </form>
                <PagedTable
                    first=users
                    more=more
                    next=move |cursor| {
                        let f = filters.get_untracked();
                        async move { api::list_users(&f.q, f.role, f.active, cursor).await }
                    }
                    row=row
                    headers=vec![
                        IdentityText::DisplayName.into(),
                        IdentityText::Email.into(),
                        IdentityText::Role.into(),
                        IdentityText::Status.into(),
                        IdentityText::Actions.into(),
                    ]
                    name=IdentityText::People
                    empty=IdentityText::NoOneFound
                    class="people"
                />
            </Show>
        </section>
    }
}

/// One person: their facts (each labelled, so that at 360 px a row reads as a card), and the
/// admin's actions — edit name and role in place, deactivate (confirmed) or reactivate.
#[component]
fn PersonRow(user: User, changed: Callback<IdentityText>, failed: Callback<ApiError>) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let (role, active) = (user.role, user.active);
    let myself = session.me_untracked().map(|m| m.id == user.id).unwrap_or(false);
    let editing = RwSignal::new(false);
    let id = user.id.to_string();
    let (invite_id, invite_name) = (id.clone(), user.display_name.clone());
    let toggle = {
        let id = id.clone();
        move || {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::set_user_active(&id, !active).await {
                    Ok(done) => changed.run(if done.active {
                        IdentityText::Reactivated
                    } else {
                        IdentityText::Deactivated
                    }),
                    Err(error) => failed.run(error),
                }
            });
        }
    };
    let edited = user.clone();
    view! {
        <tr>
            <td data-label=move || i18n.t(IdentityText::DisplayName)>{user.display_name.clone()}</td>
            <td data-label=move || i18n.t(IdentityText::Email)>{user.email.clone()}</td>
            <td data-label=move || i18n.t(IdentityText::Role)>{move || role_name(role, i18n.lang.get())}</td>
            <td data-label=move || i18n.t(IdentityText::Status)>
                <span class=if active { "badge status-active" } else { "badge status-inactive" }>
                    {move || if active { tr(IdentityText::Active)() } else { tr(IdentityText::Inactive)() }}
                </span>
            </td>
            <td class="row-actions">
                <button
                    type="button"
                    class="link"
                    id=format!("edit-person-{id}-button")
                    on:click={
                        let id = id.clone();
                        move |_| {
                            editing.set(true);
                            focus_later(format!("edit-person-{id}-name"));
                        }
                    }
                >
                    <IconSvg icon=Icon::Edit />
                    {tr(Text::Edit)}
                </button>
                <Show when=move || active && !myself>
                    <super::invite::InviteButton user_id=invite_id.clone() display_name=invite_name.clone() />
                </Show>
                <Show when=move || !myself>
                    {
                        let toggle = toggle.clone();
                        if active {
                            view! {
                                <ConfirmAction
                                    icon=Icon::Delete
                                    label=IdentityText::Deactivate
                                    question=IdentityText::DeactivateQuestion
                                    on_confirm=Callback::new(move |_| toggle())
                                />
                            }
                                .into_any()
                        } else {
                            view! {
                                <button type="button" class="link" on:click=move |_| toggle()>
                                    {tr(IdentityText::Reactivate)}
                                </button>
                            }
                                .into_any()
                        }
                    }
                </Show>
            </td>
        </tr>
        <Show when=move || editing.get()>
            <tr class="edit-row">
                <td colspan="5">
                    <EditPersonForm
                        user=edited.clone()
                        own=myself
                        on_saved=Callback::new(move |_| changed.run(IdentityText::PersonSaved))
                        on_cancel={
                            let button = format!("edit-person-{id}-button");
                            Callback::new(move |_| {
                                editing.set(false);
                                focus_later(button.clone());
                            })
                        }
                    />
                </td>
            </tr>
        </Show>
    }
}

/// A labelled choice of role.
#[component]
fn RoleSelect(id: String, role: RwSignal<Role>, #[prop(optional)] disabled: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id.clone()>{tr(IdentityText::Role)}</label>
        <select
            id=id
            name="role"
            disabled=disabled
            on:change=move |ev| {
                if let Some(value) = Role::parse(&event_target_value(&ev)) {
                    role.set(value);
                }
            }
        >
            {Role::ALL
                .into_iter()
                .map(|option| {
                    view! {
                        <option value=option.as_str() selected=move || role.get() == option>
                            {move || role_name(option, i18n.lang.get())}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// A taken e-mail is the e-mail field's error: shown and focused beside it.
fn email_taken_on_its_field(error: ApiError) -> ApiError {
    if error.code() == "email_taken" {
        crate::components::local_problem(vec![relais_domain::FieldError::new(
            "email",
            "email_taken",
            "an account already uses this e-mail",
        )])
    } else {
        error
    }
}

/// Edits a person's name and role (not one's own role: another admin changes it).
#[component]
fn EditPersonForm(user: User, own: bool, on_saved: Callback<User>, on_cancel: Callback<()>) -> impl IntoView {
    let prefix = format!("edit-person-{}", user.id);
    let id = user.id.to_string();
    let name = RwSignal::new(user.display_name.clone());
    let role = RwSignal::new(user.role);
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = UpdateUserRequest {
            display_name: name.get_untracked().into(),
            role: role.get_untracked(),
        };
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        let id = id.clone();
        submission.send(
            error,
            move |_| async move { api::update_user(&id, &request).await },
            move |user| on_saved.run(user),
        );
    };
    view! {
        <form class="inline-form" on:submit=submit on:keydown=escape_cancels(on_cancel) novalidate>
            <ErrorBanner error=error />
            <TextField id=format!("{prefix}-name") label=IdentityText::DisplayName field="display_name" value=name error=error />
            <RoleSelect id=format!("{prefix}-role") role=role disabled=own />
            <Show when=move || own>
                <span class="hint">{tr(IdentityText::OwnRoleHint)}</span>
            </Show>
            <div class="actions">
                <SubmitButton submission=submission label=Text::Save />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{tr(Text::Cancel)}</button>
            </div>
        </form>
    }
}

#[component]
/// `on_created` hears whether the account was made without a password (to be invited).
fn PersonForm(on_created: Callback<bool>, on_cancel: Callback<()>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Learner);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submission = Submission::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = CreateUserRequest {
            // People paste addresses with stray spaces; the API takes them exact.
            email: email.get_untracked().trim().to_owned(),
            display_name: name.get_untracked().into(),
            role: role.get_untracked(),
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
        };
        let without_password = request.password.is_none();
        // Every field checked at once by the domain's own rules before anything is sent.
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        submission.send(
            error,
            move |key| async move { api::create_user(&request, &key).await.map_err(email_taken_on_its_field) },
            move |_: User| {
                for field in [email, name, password] {
                    let _ = field.try_set(String::new());
                }
                on_created.run(without_password);
            },
        );
    };
    view! {
        <form on:submit=submit novalidate>
            <ErrorBanner error=error />
            <TextField id="person-name" label=IdentityText::DisplayName field="display_name" value=name error=error />
            <TextField id="person-email" label=IdentityText::Email field="email" value=email error=error input_type="email" />
            <RoleSelect id="person-role".to_owned() role=role />
            <TextField
                id="person-password"
                label=IdentityText::Password
                field="password"
                value=password
                error=error
                input_type="password"
                autocomplete="new-password"
                hint=IdentityText::PasswordOptionalHint
            />
            <div class="actions">
                <SubmitButton submission=submission label=IdentityText::CreatePerson />
                <button type="button" class="secondary" on:click=move |_| on_cancel.run(())>{tr(Text::Cancel)}</button>
            </div>
        </form>
    }
}

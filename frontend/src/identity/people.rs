//! People of the organisation, for admins: list, create, deactivate, reactivate.

use super::api;
use super::strings::{role_name, IdentityText};
use crate::client::{use_session, ApiError};
use crate::components::{
    page_title, ConfirmAction, ErrorBanner, LoadFailed, MorePages, Protected, Submission, SubmitButton, TextField,
};
use crate::i18n::{tr, use_i18n, Text};
use leptos::prelude::*;
use relais_domain::access::Action;
use relais_domain::identity::{CreateUserRequest, Role, User};

#[component]
pub fn People() -> impl IntoView {
    view! {
        <Protected>
            <PeopleContent />
        </Protected>
    }
}

#[component]
fn PeopleContent() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let more = MorePages::<User>::new();
    let users = LocalResource::new(move || async move {
        let page = api::list_users(None).await;
        if let Ok(page) = &page {
            more.reset(page);
        }
        page
    });
    page_title(move || i18n.t(IdentityText::People).to_owned());
    let action_error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<IdentityText>);
    let toggle = move |user: User| {
        leptos::task::spawn_local(async move {
            match api::set_user_active(user.id.as_str(), !user.active).await {
                Ok(changed) => {
                    let _ = action_error.try_set(None);
                    let _ = notice.try_set(Some(if changed.active {
                        IdentityText::Reactivated
                    } else {
                        IdentityText::Deactivated
                    }));
                    users.refetch();
                }
                Err(error) => {
                    let _ = action_error.try_set(Some(error));
                }
            }
        });
    };
    let row = move |user: User| {
        let role = user.role;
        let active = user.active;
        let me = session.me_untracked().map(|m| m.id == user.id).unwrap_or(false);
        let target = user.clone();
        view! {
            <tr>
                <td>{user.display_name}</td>
                <td>{user.email}</td>
                <td>{move || role_name(role, i18n.lang.get())}</td>
                <td><span class=if active { "badge status-active" } else { "badge status-inactive" }>{move || if active { tr(IdentityText::Active)() } else { tr(IdentityText::Inactive)() }}</span></td>
                <td>
                    <Show when=move || !me>
                        {
                            let target = target.clone();
                            if active {
                                view! {
                                    <ConfirmAction
                                        label=IdentityText::Deactivate
                                        question=IdentityText::DeactivateQuestion
                                        on_confirm=Callback::new(move |_| toggle(target.clone()))
                                    />
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <button type="button" class="link" on:click=move |_| toggle(target.clone())>
                                        {tr(IdentityText::Reactivate)}
                                    </button>
                                }
                                    .into_any()
                            }
                        }
                    </Show>
                </td>
            </tr>
        }
    };
    view! {
        <section>
            <h1>{tr(IdentityText::People)}</h1>
            <Show
                when=move || session.may(Action::ListPeople)
                fallback=move || view! { <p class="error">{tr(Text::ErrorForbidden)}</p> <a href="/">{tr(Text::BackHome)}</a> }
            >
                <div class="card">
                    <h2>{tr(IdentityText::NewPerson)}</h2>
                    <PersonForm on_created=Callback::new(move |_| {
                        notice.set(Some(IdentityText::PersonCreated));
                        users.refetch();
                    }) />
                </div>
                <p class="notice" role="status" aria-live="polite">
                    {move || notice.get().map(|text| i18n.t(text))}
                </p>
                <ErrorBanner error=action_error />
                <Suspense fallback=|| view! { <crate::components::Loading /> }>
                    {move || {
                        users
                            .get()
                            .map(|result| match result {
                                Ok(page) => {
                                    view! {
                                        <div class="table-wrap">
                                            <table class="people">
                                                <thead>
                                                    <tr>
                                                        <th>{tr(IdentityText::DisplayName)}</th>
                                                        <th>{tr(IdentityText::Email)}</th>
                                                        <th>{tr(IdentityText::Role)}</th>
                                                        <th>{tr(IdentityText::Status)}</th>
                                                        <th></th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {page.items.into_iter().map(row).collect_view()}
                                                    {move || more.items.get().into_iter().map(row).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                        <Show when=move || more.has_more()>
                                            <button type="button" on:click=move |_| more.load_more(api::list_users)>{tr(Text::LoadMore)}</button>
                                        </Show>
                                    }
                                        .into_any()
                                }
                                Err(error) => view! { <LoadFailed error=error /> }.into_any(),
                            })
                    }}
                </Suspense>
            </Show>
        </section>
    }
}

#[component]
fn PersonForm(on_created: Callback<User>) -> impl IntoView {
    let i18n = use_i18n();
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
            password: password.get_untracked(),
        };
        // Every field checked at once by the domain's own rules before anything is sent.
        if let Err(errors) = request.validate() {
            error.set(Some(crate::components::local_problem(errors)));
            return;
        }
        submission.run(move |key| async move {
            match api::create_user(&request, &key).await {
                Ok(user) => {
                    let _ = error.try_set(None);
                    let _ = email.try_set(String::new());
                    let _ = name.try_set(String::new());
                    let _ = password.try_set(String::new());
                    on_created.run(user);
                    true
                }
                Err(failure) => {
                    let _ = error.try_set(Some(failure));
                    false
                }
            }
        });
    };
    view! {
        <form on:submit=submit novalidate>
            <ErrorBanner error=error />
            <TextField id="person-name" label=IdentityText::DisplayName field="display_name" value=name error=error />
            <TextField id="person-email" label=IdentityText::Email field="email" value=email error=error input_type="email" />
            <label for="person-role">{tr(IdentityText::Role)}</label>
            <select
                id="person-role"
                name="role"
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
            <TextField
                id="person-password"
                label=IdentityText::Password
                field="password"
                value=password
                error=error
                input_type="password"
                autocomplete="new-password"
                hint=IdentityText::PasswordHint
            />
            <SubmitButton submission=submission label=IdentityText::CreatePerson />
        </form>
    }
}

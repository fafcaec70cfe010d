//! The identity context's calls (sign-in and sign-out live in the client itself).

use crate::client::{call, create, ApiResult};
use relais_domain::identity::endpoints::{
    CREATE_USER, DEACTIVATE_USER, INVITE_USER, LIST_USERS, REACTIVATE_USER, UPDATE_USER,
};
use relais_domain::identity::{AccountInvitation, CreateUserRequest, Role, UpdateUserRequest, User, UserListQuery};
use relais_domain::pagination::Page;

pub async fn list_users(
    q: &str,
    role: Option<Role>,
    active: Option<bool>,
    cursor: Option<String>,
) -> ApiResult<Page<User>> {
    let query = UserListQuery {
        q: (!q.trim().is_empty()).then(|| q.trim().to_owned()),
        role,
        active,
        limit: Some(100),
        cursor,
    };
    call(&LIST_USERS, &[], Some(&query), None).await
}

pub async fn update_user(id: &str, request: &UpdateUserRequest) -> ApiResult<User> {
    call(&UPDATE_USER, &[id], None, Some(request)).await
}

pub async fn create_user(request: &CreateUserRequest, key: &str) -> ApiResult<User> {
    create(&CREATE_USER, &[], request, key).await
}

pub async fn set_user_active(id: &str, active: bool) -> ApiResult<User> {
    let endpoint = if active { &REACTIVATE_USER } else { &DEACTIVATE_USER };
    call(endpoint, &[id], None, None).await
}

pub async fn invite_user(id: &str) -> ApiResult<AccountInvitation> {
    call(&INVITE_USER, &[id], None, None).await
}

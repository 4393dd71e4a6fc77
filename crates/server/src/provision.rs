//! Provisioning: creating users and API keys directly in the store, without HTTP, for the admin
//! bootstrap, the command line and the embedding app.

use rushes_api::auth::CreatedApiKey;
use rushes_api::users::User;
use rushes_api::Secret;

use crate::auth::{keys, password};
use crate::db::time::now_ms;
use crate::db::users::NewUserRow;
use crate::db::{is_unique_violation, users, Pool};
use crate::{validate, ServerError};

/// A user to create. `password: None` makes an account that cannot sign in by password.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: Option<String>,
    pub password: Option<Secret>,
    pub is_admin: bool,
}

/// Creates a user after checking the email, name and password. Without a name, the part of the
/// email before `@` is used.
pub async fn create_user(pool: &Pool, new: &NewAccount) -> Result<User, ServerError> {
    let email = validate::email(&new.email).map_err(|m| invalid("email", m))?;
    let name = match &new.name {
        Some(n) => n.clone(),
        None => email.split('@').next().unwrap_or_default().to_owned(),
    };
    validate::label(&name).map_err(|m| invalid("name", m))?;
    let hash = match &new.password {
        Some(p) => {
            validate::password(p.expose()).map_err(|m| invalid("password", m))?;
            Some(password::hash(p.expose()).await.map_err(hash_error)?)
        }
        None => None,
    };
    let row = NewUserRow {
        email: &email,
        name: &name,
        password_hash: hash.as_deref(),
        is_admin: new.is_admin,
    };
    match users::insert(pool, &row, now_ms()).await {
        Ok(user) => Ok(user.to_api()),
        Err(e) if is_unique_violation(&e) => Err(ServerError::UserExists(email)),
        Err(e) => Err(e.into()),
    }
}

/// Creates an API key for the user with this email. The secret is in the answer and nowhere
/// else: only its hash is stored.
pub async fn create_api_key(
    pool: &Pool,
    user_email: &str,
    name: &str,
) -> Result<CreatedApiKey, ServerError> {
    validate::label(name).map_err(|m| invalid("name", m))?;
    let email = validate::email(user_email).map_err(|m| invalid("email", m))?;
    let user = users::by_email(pool, &email)
        .await?
        .ok_or_else(|| ServerError::UnknownUser(email.clone()))?;
    let created = keys::insert(pool, user.id, name).await?;
    tracing::info!(user = %email, prefix = %created.key.prefix, "created an API key");
    Ok(created)
}

fn invalid(field: &str, message: &str) -> ServerError {
    ServerError::Invalid(format!("{field} {message}"))
}

fn hash_error(e: password::HashError) -> ServerError {
    ServerError::Hash(e.to_string())
}

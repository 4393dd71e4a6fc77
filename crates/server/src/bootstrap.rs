//! The first admin of an empty data dir. There are no default credentials: the operator names
//! them, or a random password is generated and shown once.

use rushes_api::Secret;

use crate::config::AdminBootstrap;
use crate::db::{users, Pool};
use crate::provision::{self, NewAccount};
use crate::random::random_string;
use crate::ServerError;

/// Environment variables read by [`AdminBootstrap::FromEnvOrRandom`].
pub const ADMIN_EMAIL_ENV: &str = "RUSHES_ADMIN_EMAIL";
/// See [`ADMIN_EMAIL_ENV`].
pub const ADMIN_PASSWORD_ENV: &str = "RUSHES_ADMIN_PASSWORD";
/// The first admin's email when none is configured.
const DEFAULT_ADMIN_EMAIL: &str = "admin@localhost";

/// Creates the first admin if the database has no users at all; does nothing otherwise.
pub async fn ensure_admin(pool: &Pool, how: &AdminBootstrap) -> Result<(), ServerError> {
    if users::count(pool).await? > 0 {
        return Ok(());
    }
    match how {
        AdminBootstrap::Given {
            email,
            password,
            name,
        } => {
            let user =
                provision::create_user(pool, &admin(email, Some(name), password.clone())).await?;
            tracing::info!(email = %user.email, "created the first admin");
        }
        AdminBootstrap::FromEnvOrRandom => {
            let email =
                non_empty_env(ADMIN_EMAIL_ENV).unwrap_or_else(|| DEFAULT_ADMIN_EMAIL.into());
            match non_empty_env(ADMIN_PASSWORD_ENV) {
                Some(password) => {
                    let user =
                        provision::create_user(pool, &admin(&email, None, Some(password.into())))
                            .await?;
                    tracing::info!(email = %user.email, "created the first admin from the environment");
                }
                None => {
                    let password = Secret::new(random_string(18));
                    let user =
                        provision::create_user(pool, &admin(&email, None, Some(password.clone())))
                            .await?;
                    // Deliberately on stdout and not in the log: shown once, to the operator.
                    println!(
                        "Created the first admin: email {} password {}\n\
                         This password is shown only once. Set {ADMIN_EMAIL_ENV} and \
                         {ADMIN_PASSWORD_ENV} before the first start to choose them instead.",
                        user.email,
                        password.expose()
                    );
                }
            }
        }
    }
    Ok(())
}

fn admin(email: &str, name: Option<&String>, password: Option<Secret>) -> NewAccount {
    NewAccount {
        email: email.to_owned(),
        name: name.cloned(),
        password,
        is_admin: true,
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

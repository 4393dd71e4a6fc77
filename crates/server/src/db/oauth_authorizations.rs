//! The `oauth_authorizations` table: which apps a user consented to.

use rushes_api::oauth::Authorization;
use rushes_api::Id;
use sqlx::Executor;

use super::time::to_timestamp;
use super::Db;

/// A consent, with the app's name for listings.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthorizationRow {
    pub id: Id,
    pub app_name: String,
    pub client_id: String,
    pub created_at: i64,
}

impl AuthorizationRow {
    /// The authorization as the API shows it.
    pub fn to_api(&self) -> Authorization {
        Authorization {
            id: self.id,
            app_name: self.app_name.clone(),
            client_id: self.client_id.clone(),
            created_at: to_timestamp(self.created_at),
        }
    }
}

const SELECT: &str = "SELECT g.id, a.name AS app_name, a.client_id, g.created_at \
                      FROM oauth_authorizations g JOIN oauth_apps a ON a.id = g.app_id";

/// Records that `user_id` consented to `app_id`; consenting again changes nothing.
pub async fn grant<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    app_id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO oauth_authorizations (user_id, app_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, app_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(app_id)
    .bind(now)
    .execute(ex)
    .await
    .map(drop)
}

/// Whether `user_id` consented to `app_id`.
pub async fn exists<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    app_id: Id,
) -> Result<bool, sqlx::Error> {
    let found: Option<Id> = sqlx::query_scalar(
        "SELECT id FROM oauth_authorizations WHERE user_id = $1 AND app_id = $2",
    )
    .bind(user_id)
    .bind(app_id)
    .fetch_optional(ex)
    .await?;
    Ok(found.is_some())
}

/// One page of `user_id`'s consents, newest first.
pub async fn list_for_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuthorizationRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE g.user_id = $1 ORDER BY g.id DESC LIMIT $2 OFFSET $3");
    sqlx::query_as(&sql)
        .bind(user_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await
}

/// How many consents `user_id` gave.
pub async fn count_for_user<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM oauth_authorizations WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(ex)
        .await
}

/// Deletes consent `id` if it is `user_id`'s; returns it.
pub async fn delete<'c>(
    ex: impl Executor<'c, Database = Db>,
    user_id: Id,
    id: Id,
) -> Result<Option<Id>, sqlx::Error> {
    sqlx::query_scalar(
        "DELETE FROM oauth_authorizations WHERE id = $1 AND user_id = $2 RETURNING app_id",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(ex)
    .await
}

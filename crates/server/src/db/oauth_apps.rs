//! The `oauth_apps` table: registered OAuth clients and the built-in desktop app.

use rushes_api::Id;
use sqlx::Executor;

use super::{Db, Flag};

/// An app as stored. `redirect_uris` is decoded from its JSON column.
#[derive(Debug, Clone)]
pub struct OAuthAppRow {
    pub id: Id,
    /// `None` for built-in apps.
    pub owner_id: Option<Id>,
    pub name: String,
    pub client_id: String,
    pub is_public: bool,
    pub secret_hash: Option<String>,
    pub redirect_uris: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The row as SQL returns it, before the JSON column is decoded.
#[derive(sqlx::FromRow)]
struct RawRow {
    id: Id,
    owner_id: Option<Id>,
    name: String,
    client_id: String,
    #[sqlx(try_from = "Flag")]
    is_public: bool,
    secret_hash: Option<String>,
    redirect_uris: String,
    created_at: i64,
    updated_at: i64,
}

impl RawRow {
    /// A column that is not a JSON list of strings was not written by us; it decodes to no
    /// redirect URIs, so the app cannot be used until it is fixed (fails closed).
    fn decode(self) -> OAuthAppRow {
        let redirect_uris = serde_json::from_str(&self.redirect_uris).unwrap_or_else(|e| {
            tracing::error!(app = self.id, error = %e, "unreadable redirect URIs");
            Vec::new()
        });
        OAuthAppRow {
            id: self.id,
            owner_id: self.owner_id,
            name: self.name,
            client_id: self.client_id,
            is_public: self.is_public,
            secret_hash: self.secret_hash,
            redirect_uris,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// Booleans as expressions: see [`Flag`].
const COLUMNS: &str =
    "id, owner_id, name, client_id, (is_public = TRUE) AS is_public, secret_hash, redirect_uris, \
                       created_at, updated_at";

/// What a new app needs.
pub struct NewAppRow<'a> {
    pub owner_id: Id,
    pub name: &'a str,
    pub client_id: &'a str,
    pub is_public: bool,
    pub secret_hash: Option<&'a str>,
    pub redirect_uris: &'a [String],
}

fn encode(uris: &[String]) -> Result<String, sqlx::Error> {
    serde_json::to_string(uris).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Inserts an app. A `client_id` collision is a unique violation; the caller draws again.
pub async fn insert<'c>(
    ex: impl Executor<'c, Database = Db>,
    new: &NewAppRow<'_>,
    now: i64,
) -> Result<OAuthAppRow, sqlx::Error> {
    let sql = format!(
        "INSERT INTO oauth_apps (owner_id, name, client_id, is_public, secret_hash, redirect_uris, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {COLUMNS}"
    );
    let raw: RawRow = sqlx::query_as(&sql)
        .bind(new.owner_id)
        .bind(new.name)
        .bind(new.client_id)
        .bind(new.is_public)
        .bind(new.secret_hash)
        .bind(encode(new.redirect_uris)?)
        .bind(now)
        .fetch_one(ex)
        .await?;
    Ok(raw.decode())
}

/// The app with this id.
pub async fn by_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
) -> Result<Option<OAuthAppRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM oauth_apps WHERE id = $1");
    let raw: Option<RawRow> = sqlx::query_as(&sql).bind(id).fetch_optional(ex).await?;
    Ok(raw.map(RawRow::decode))
}

/// The app with this client id.
pub async fn by_client_id<'c>(
    ex: impl Executor<'c, Database = Db>,
    client_id: &str,
) -> Result<Option<OAuthAppRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM oauth_apps WHERE client_id = $1");
    let raw: Option<RawRow> = sqlx::query_as(&sql)
        .bind(client_id)
        .fetch_optional(ex)
        .await?;
    Ok(raw.map(RawRow::decode))
}

/// One page of the apps `owner_id` registered, by name then id.
pub async fn list_for_owner<'c>(
    ex: impl Executor<'c, Database = Db>,
    owner_id: Id,
    limit: i64,
    offset: i64,
) -> Result<Vec<OAuthAppRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM oauth_apps WHERE owner_id = $1 \
         ORDER BY name, id LIMIT $2 OFFSET $3"
    );
    let raws: Vec<RawRow> = sqlx::query_as(&sql)
        .bind(owner_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(ex)
        .await?;
    Ok(raws.into_iter().map(RawRow::decode).collect())
}

/// How many apps `owner_id` registered.
pub async fn count_for_owner<'c>(
    ex: impl Executor<'c, Database = Db>,
    owner_id: Id,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM oauth_apps WHERE owner_id = $1")
        .bind(owner_id)
        .fetch_one(ex)
        .await
}

/// Replaces the name and redirect URIs of app `id`.
pub async fn update<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    name: &str,
    redirect_uris: &[String],
    now: i64,
) -> Result<Option<OAuthAppRow>, sqlx::Error> {
    let sql = format!(
        "UPDATE oauth_apps SET name = $1, redirect_uris = $2, updated_at = $3 WHERE id = $4 \
         RETURNING {COLUMNS}"
    );
    let raw: Option<RawRow> = sqlx::query_as(&sql)
        .bind(name)
        .bind(encode(redirect_uris)?)
        .bind(now)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(raw.map(RawRow::decode))
}

/// Replaces the secret hash of app `id`.
pub async fn set_secret<'c>(
    ex: impl Executor<'c, Database = Db>,
    id: Id,
    secret_hash: &str,
    now: i64,
) -> Result<Option<OAuthAppRow>, sqlx::Error> {
    let sql = format!(
        "UPDATE oauth_apps SET secret_hash = $1, updated_at = $2 WHERE id = $3 RETURNING {COLUMNS}"
    );
    let raw: Option<RawRow> = sqlx::query_as(&sql)
        .bind(secret_hash)
        .bind(now)
        .bind(id)
        .fetch_optional(ex)
        .await?;
    Ok(raw.map(RawRow::decode))
}

/// Deletes app `id`; its codes, authorizations and tokens go with it (foreign key cascade).
pub async fn delete<'c>(ex: impl Executor<'c, Database = Db>, id: Id) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM oauth_apps WHERE id = $1")
        .bind(id)
        .execute(ex)
        .await
        .map(|r| r.rows_affected() > 0)
}

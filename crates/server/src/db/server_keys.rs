//! The `server_keys` table: secrets a server makes on first start and keeps (URL signing, CSRF),
//! so a restart does not void the links and forms people have open.

use super::Pool;

/// The key called `name`, made of 32 random characters the first time it is asked for. Two
/// servers starting on one database at once agree on one key: the insert does nothing when a
/// key is there, and both then read the stored one.
pub async fn load_or_create(pool: &Pool, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    let fresh = crate::random::random_string(32);
    sqlx::query("INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(name)
        .bind(&fresh)
        .execute(pool)
        .await?;
    let key: String = sqlx::query_scalar("SELECT value FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    Ok(key.into_bytes())
}

//! Whether an account may be used: `users.active`, why it is off, and ending everything an
//! account was signed in with when it is switched off.

use rushes_api::Id;

use super::{Db, Flag};

/// Why an account is inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InactiveReason {
    /// Its last role was taken away; a new role switches it back on.
    NoRoles,
    /// An admin switched it off; only an admin switches it back on.
    Admin,
}

impl InactiveReason {
    fn as_str(self) -> &'static str {
        match self {
            Self::NoRoles => "no_roles",
            Self::Admin => "admin",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "no_roles" => Some(Self::NoRoles),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// The account state of `id`: `None` when it is active (or unknown), else why it is not. An
/// inactive account with an unknown reason (written by a newer server) counts as an admin's
/// decision, which fails closed.
pub async fn inactive_reason(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: Id,
) -> Result<Option<InactiveReason>, sqlx::Error> {
    let row: Option<(Flag, Option<String>)> =
        sqlx::query_as("SELECT (active = TRUE), inactive_reason FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match row {
        Some((Flag(false), reason)) => Some(
            reason
                .as_deref()
                .and_then(InactiveReason::parse)
                .unwrap_or(InactiveReason::Admin),
        ),
        _ => None,
    })
}

/// Switches the account off and ends every way it was signed in: access and refresh tokens
/// are revoked, browser sessions of the sign-in pages and of the web app and unused
/// authorization codes deleted.
/// Run it in a transaction with whatever caused it.
pub async fn deactivate(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: Id,
    reason: InactiveReason,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET active = FALSE, inactive_reason = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(reason.as_str())
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM oauth_sessions WHERE user_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    super::web_sessions::delete_for_user(&mut *conn, id).await?;
    sqlx::query("DELETE FROM oauth_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Switches the account back on. Tokens revoked when it went off stay revoked.
pub async fn activate(
    conn: &mut <Db as sqlx::Database>::Connection,
    id: Id,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET active = TRUE, inactive_reason = NULL, updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map(drop)
}

//! Role assignments at subscription scope. Revoking dates a row; nothing is deleted.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::subscriptions::Which;
use csp_domain::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoleRecord {
    pub id: i64,
    pub subscription_id: String,
    pub principal: String,
    pub role: String,
    pub scope: Option<String>,
    pub granted_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    pub owner_risk_acknowledged: bool,
}

const COLUMNS: &str =
    "r.id, r.subscription_id, r.principal, r.role, r.scope, r.granted_on, r.revoked_on, r.owner_risk_acknowledged";

pub async fn insert(
    conn: &mut SqliteConnection,
    subscription_id: &str,
    principal: &str,
    role: &str,
    scope: Option<&str>,
    granted_on: NaiveDate,
    owner_risk_acknowledged: bool,
) -> Result<i64> {
    let done = sqlx::query(
        "INSERT INTO role_assignments (subscription_id, principal, role, scope, granted_on, owner_risk_acknowledged) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(subscription_id)
    .bind(principal)
    .bind(role)
    .bind(scope)
    .bind(granted_on)
    .bind(owner_risk_acknowledged)
    .execute(conn)
    .await?;
    Ok(done.last_insert_rowid())
}

/// Assignments of the chosen subscriptions, oldest grant first.
pub async fn of(conn: &mut SqliteConnection, which: Which<'_>) -> Result<Vec<RoleRecord>> {
    let (filter, value) = match which {
        Which::One(id) => ("r.subscription_id = ?", Some(id)),
        Which::OfCustomer(id) => ("s.customer_id = ?", Some(id)),
        Which::All => ("1 = 1", None),
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM role_assignments r JOIN subscriptions s ON s.id = r.subscription_id \
         WHERE {filter} ORDER BY r.granted_on, r.id"
    );
    let mut q = sqlx::query_as(&sql);
    if let Some(v) = value {
        q = q.bind(v);
    }
    Ok(q.fetch_all(conn).await?)
}

/// The assignment of `role` to `principal` at `scope` that has not been revoked, if any.
/// Resource-group names compare without case, as Azure does.
pub async fn find_standing(
    conn: &mut SqliteConnection,
    subscription_id: &str,
    principal: &str,
    role: &str,
    scope: Option<&str>,
) -> Result<Option<RoleRecord>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM role_assignments r WHERE r.subscription_id = ? AND r.principal = ? AND r.role = ? \
         AND COALESCE(r.scope, '') = COALESCE(?, '') COLLATE NOCASE AND r.revoked_on IS NULL \
         ORDER BY r.granted_on DESC, r.id DESC LIMIT 1"
    ))
    .bind(subscription_id)
    .bind(principal)
    .bind(role)
    .bind(scope)
    .fetch_optional(conn)
    .await?)
}

pub async fn revoke(conn: &mut SqliteConnection, id: i64, on: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE role_assignments SET revoked_on = ? WHERE id = ?").bind(on).bind(id).execute(conn).await?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<RoleRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM role_assignments r WHERE r.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

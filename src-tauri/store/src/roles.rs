//! The `role_assignments` table: roles at subscription or resource-group scope. Revoking dates a
//! row; nothing is deleted.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use super::subscriptions::Which;
use csp_domain::access::{self, Role};
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

/// Moves the grant date of every role of a subscription to `on` (an adopted subscription's roles).
pub async fn date_all(conn: &mut SqliteConnection, subscription_id: &str, on: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE role_assignments SET granted_on = ? WHERE subscription_id = ?")
        .bind(on)
        .bind(subscription_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// An assignment that may be an admin right for PEC, as a billing run reads it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AdminRole {
    pub subscription_id: String,
    pub principal: String,
    pub role: Role,
    pub scope: Option<String>,
    pub granted_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
}

/// Every assignment of a role that is an admin right on the whole subscription (the domain's
/// `access::admin_roles`), whoever holds it and whenever: a billing run reads them whole, as one
/// JSON value (`json_rows`), and decides with `access::holds_admin_rights`.
pub async fn admin_roles(conn: &mut SqliteConnection) -> Result<Vec<AdminRole>> {
    // The roles are the domain's names, never a user's text.
    let roles = access::admin_roles().map(|r| format!("'{}'", r.as_str())).collect::<Vec<_>>().join(", ");
    crate::json_rows::fetch(
        conn,
        &format!(
            "SELECT json_array(subscription_id, principal, role, scope, granted_on, revoked_on) AS j \
             FROM role_assignments WHERE role IN ({roles}) AND scope IS NULL"
        ),
        "",
        &[],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn a_role_is_granted_found_standing_and_revoked() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        let id =
            insert(&mut conn, "s1", "customer", "contributor", Some("RG-Web"), d("2021-10-02"), false).await.unwrap();
        let found = find_standing(&mut conn, "s1", "customer", "contributor", Some("rg-web")).await.unwrap().unwrap();
        assert_eq!((found.id, found.scope.as_deref(), found.granted_on), (id, Some("RG-Web"), d("2021-10-02")));
        assert!(find_standing(&mut conn, "s1", "customer", "contributor", None).await.unwrap().is_none());
        revoke(&mut conn, id, d("2021-11-01")).await.unwrap();
        assert_eq!(get(&mut conn, id).await.unwrap().unwrap().revoked_on, Some(d("2021-11-01")));
        assert!(find_standing(&mut conn, "s1", "customer", "contributor", Some("rg-web")).await.unwrap().is_none());
        assert!(get(&mut conn, id + 1).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn roles_are_read_oldest_grant_first_and_redated_together() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert(&mut conn, "s1", "customer", "reader", None, d("2021-12-01"), false).await.unwrap();
        insert(&mut conn, "s1", "partner:p1", "owner", None, d("2021-10-01"), false).await.unwrap();
        let read: Vec<_> = of(&mut conn, Which::OfCustomer("c1")).await.unwrap().into_iter().map(|r| r.role).collect();
        assert_eq!(read, ["owner", "reader"]);
        assert_eq!(of(&mut conn, Which::All).await.unwrap().len(), 2);
        assert!(of(&mut conn, Which::One("other")).await.unwrap().is_empty());
        date_all(&mut conn, "s1", d("2021-09-01")).await.unwrap();
        assert!(of(&mut conn, Which::One("s1")).await.unwrap().iter().all(|r| r.granted_on == d("2021-09-01")));
    }

    #[tokio::test]
    async fn admin_roles_are_the_owners_and_contributors_of_whole_subscriptions() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert(&mut conn, "s1", "partner:p1", "owner", None, d("2021-10-01"), false).await.unwrap();
        insert(&mut conn, "s1", "reseller:r1", "contributor", None, d("2021-10-02"), false).await.unwrap();
        insert(&mut conn, "s1", "partner:p1", "reader", None, d("2021-10-03"), false).await.unwrap();
        insert(&mut conn, "s1", "partner:p1", "contributor", Some("rg"), d("2021-10-04"), false).await.unwrap();
        let mut read: Vec<_> = admin_roles(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.principal, r.role, r.scope, r.granted_on, r.revoked_on))
            .collect();
        read.sort_by_key(|r| r.3);
        assert_eq!(
            read,
            [
                ("partner:p1".to_string(), Role::Owner, None, d("2021-10-01"), None),
                ("reseller:r1".to_string(), Role::Contributor, None, d("2021-10-02"), None)
            ]
        );
    }
}

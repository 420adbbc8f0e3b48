//! Transfer requests and their subscriptions.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::offer::Offer;
use csp_domain::transfer::TransferStatus;
use csp_domain::Result;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TransferRecord {
    pub id: String,
    pub customer_id: String,
    pub source_partner_id: String,
    pub target_partner_id: String,
    pub created_on: NaiveDate,
    pub status: TransferStatus,
    pub accepted_on: Option<NaiveDate>,
    pub rejected_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRecord {
    pub transfer_id: String,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    /// Set when the transfer completes, with the rule that decided it.
    pub offer_before: Option<Offer>,
    pub offer_after: Option<Offer>,
    pub rule: Option<String>,
}

const COLUMNS: &str = "id, customer_id, source_partner_id, target_partner_id, created_on, status, accepted_on, \
                       rejected_on, completed_on";

pub async fn insert(conn: &mut SqliteConnection, t: &TransferRecord, subscriptions: &[String]) -> Result<()> {
    sqlx::query(&format!("INSERT INTO transfers ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        .bind(&t.id)
        .bind(&t.customer_id)
        .bind(&t.source_partner_id)
        .bind(&t.target_partner_id)
        .bind(t.created_on)
        .bind(t.status)
        .bind(t.accepted_on)
        .bind(t.rejected_on)
        .bind(t.completed_on)
        .execute(&mut *conn)
        .await?;
    for s in subscriptions {
        sqlx::query("INSERT INTO transfer_items (transfer_id, subscription_id) VALUES (?, ?)")
            .bind(&t.id)
            .bind(s)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<TransferRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM transfers WHERE id = ?")).bind(id).fetch_optional(conn).await?)
}

/// Every request, or a customer's, newest first.
pub async fn list(conn: &mut SqliteConnection, customer_id: Option<&str>) -> Result<Vec<TransferRecord>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM transfers WHERE (?1 IS NULL OR customer_id = ?1) ORDER BY created_on DESC, rowid DESC"
    );
    Ok(sqlx::query_as(&sql).bind(customer_id).fetch_all(conn).await?)
}

pub async fn items(conn: &mut SqliteConnection, transfer_id: &str) -> Result<Vec<ItemRecord>> {
    Ok(sqlx::query_as(
        "SELECT i.transfer_id, i.subscription_id, s.name AS subscription_name, i.offer_before, i.offer_after, i.rule \
         FROM transfer_items i JOIN subscriptions s ON s.id = i.subscription_id \
         WHERE i.transfer_id = ? ORDER BY i.rowid",
    )
    .bind(transfer_id)
    .fetch_all(conn)
    .await?)
}

/// Requests still pending or accepted that hold `subscription_id` (the caller decides expiry).
pub async fn stored_open_holding(conn: &mut SqliteConnection, subscription_id: &str) -> Result<Vec<TransferRecord>> {
    let cols = COLUMNS.split(", ").map(|c| format!("t.{}", c.trim())).collect::<Vec<_>>().join(", ");
    Ok(sqlx::query_as(&format!(
        "SELECT {cols} FROM transfers t JOIN transfer_items i ON i.transfer_id = t.id \
         WHERE i.subscription_id = ? AND t.status IN ('pending', 'accepted')"
    ))
    .bind(subscription_id)
    .fetch_all(conn)
    .await?)
}

pub async fn set_status(
    conn: &mut SqliteConnection,
    id: &str,
    status: TransferStatus,
    column: &str,
    on: NaiveDate,
) -> Result<()> {
    // `column` is one of the three date columns, chosen by the service, never by a user.
    debug_assert!(matches!(column, "accepted_on" | "rejected_on" | "completed_on"));
    sqlx::query(&format!("UPDATE transfers SET status = ?, {column} = ? WHERE id = ?"))
        .bind(status)
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_outcome(
    conn: &mut SqliteConnection,
    transfer_id: &str,
    subscription_id: &str,
    offer_before: Offer,
    offer_after: Offer,
    rule: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE transfer_items SET offer_before = ?, offer_after = ?, rule = ? WHERE transfer_id = ? AND subscription_id = ?",
    )
    .bind(offer_before)
    .bind(offer_after)
    .bind(rule)
    .bind(transfer_id)
    .bind(subscription_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The subscriptions of every request, in the order [`items`] gives them.
pub async fn all_items(conn: &mut SqliteConnection) -> Result<Vec<ItemRecord>> {
    Ok(sqlx::query_as(
        "SELECT i.transfer_id, i.subscription_id, s.name AS subscription_name, i.offer_before, i.offer_after, i.rule \
         FROM transfer_items i JOIN subscriptions s ON s.id = i.subscription_id ORDER BY i.rowid",
    )
    .fetch_all(conn)
    .await?)
}

/// The names of the customers named by requests, by ID.
pub async fn customer_names(conn: &mut SqliteConnection) -> Result<std::collections::HashMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT c.id, c.name FROM customers c WHERE c.id IN (SELECT customer_id FROM transfers)")
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    fn request(id: &str, created_on: &str) -> TransferRecord {
        TransferRecord {
            id: id.into(),
            customer_id: "c1".into(),
            source_partner_id: "p1".into(),
            target_partner_id: "p2".into(),
            created_on: d(created_on),
            status: TransferStatus::Pending,
            accepted_on: None,
            rejected_on: None,
            completed_on: None,
        }
    }

    #[tokio::test]
    async fn a_request_with_its_subscriptions_is_listed_found_open_and_completed() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "Lumen Conseil").await;
        insert(&mut conn, &request("t1", "2022-02-07"), &["s1".into()]).await.unwrap();
        insert(&mut conn, &request("t2", "2022-02-20"), &[]).await.unwrap();
        assert_eq!(get(&mut conn, "t1").await.unwrap().unwrap().status, TransferStatus::Pending);
        assert_eq!(
            list(&mut conn, None).await.unwrap().iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["t2", "t1"]
        );
        assert!(list(&mut conn, Some("other")).await.unwrap().is_empty());
        assert_eq!(stored_open_holding(&mut conn, "s1").await.unwrap().len(), 1);
        assert_eq!(customer_names(&mut conn).await.unwrap()["c1"], "Fabrikam");
        set_status(&mut conn, "t1", TransferStatus::Completed, "completed_on", d("2022-02-14")).await.unwrap();
        set_outcome(&mut conn, "t1", "s1", Offer::Legacy, Offer::AzurePlan, "TRANSFER_CONVERTS").await.unwrap();
        assert_eq!(get(&mut conn, "t1").await.unwrap().unwrap().completed_on, Some(d("2022-02-14")));
        assert!(stored_open_holding(&mut conn, "s1").await.unwrap().is_empty());
        let items = items(&mut conn, "t1").await.unwrap();
        assert_eq!(
            (items[0].subscription_name.as_deref(), items[0].offer_after, items[0].rule.as_deref()),
            (Some("s1 name"), Some(Offer::AzurePlan), Some("TRANSFER_CONVERTS"))
        );
        assert_eq!(all_items(&mut conn).await.unwrap().len(), 1);
    }
}

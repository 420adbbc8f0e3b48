//! The `subscription_events` table: a subscription's dated status changes (suspended, reactivated,
//! cancelled, transferred…), in the order they were made.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::Result;

use crate::subscriptions::Which;

/// Records a status change of a subscription on `on`.
pub async fn add(conn: &mut SqliteConnection, id: &str, on: NaiveDate, event: &str) -> Result<()> {
    sqlx::query("INSERT INTO subscription_events (subscription_id, on_date, event) VALUES (?, ?, ?)")
        .bind(id)
        .bind(on)
        .bind(event)
        .execute(conn)
        .await?;
    Ok(())
}

/// The date of the latest status change, if any.
pub async fn last_on(conn: &mut SqliteConnection, id: &str) -> Result<Option<NaiveDate>> {
    let (last,): (Option<NaiveDate>,) =
        sqlx::query_as("SELECT MAX(on_date) FROM subscription_events WHERE subscription_id = ?")
            .bind(id)
            .fetch_one(conn)
            .await?;
    Ok(last)
}

/// Status changes of the chosen subscriptions: (subscription, date, event), in order.
pub async fn of(conn: &mut SqliteConnection, which: Which<'_>) -> Result<Vec<(String, NaiveDate, String)>> {
    let (filter, value) = which.filter();
    let select = format!(
        "SELECT json_array(e.subscription_id, e.on_date, e.event) AS j, e.on_date, e.id \
         FROM subscription_events e {} WHERE {filter}",
        which.join("e.subscription_id")
    );
    crate::json_rows::fetch(conn, &select, "ORDER BY on_date, id", &[value]).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn status_changes_are_read_in_date_order_and_the_last_date_is_known() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        assert_eq!(last_on(&mut conn, "s1").await.unwrap(), None);
        add(&mut conn, "s1", d("2021-12-01"), "suspended").await.unwrap();
        add(&mut conn, "s1", d("2021-11-01"), "note").await.unwrap();
        assert_eq!(last_on(&mut conn, "s1").await.unwrap(), Some(d("2021-12-01")));
        let events = of(&mut conn, Which::One("s1")).await.unwrap();
        assert_eq!(
            events,
            [
                ("s1".to_string(), d("2021-11-01"), "note".to_string()),
                ("s1".into(), d("2021-12-01"), "suspended".into())
            ]
        );
        assert_eq!(of(&mut conn, Which::All).await.unwrap().len(), 2);
        assert!(of(&mut conn, Which::OfCustomer("other")).await.unwrap().is_empty());
    }
}

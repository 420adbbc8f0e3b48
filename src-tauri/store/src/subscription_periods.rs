//! The `subscription_periods` table: who was partner of record of a subscription, who billed it and
//! with which offer, from which date. A transfer opens a period; the 2021–2022 transition may rebill one.

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::offer::Offer;
use csp_domain::subscription::{BillingPeriod, PeriodChange};
use csp_domain::Result;

use crate::subscriptions::Which;

/// Opens a period of a subscription.
pub async fn insert(
    conn: &mut SqliteConnection,
    subscription_id: &str,
    valid_from: NaiveDate,
    partner_id: &str,
    billing_partner_id: &str,
    offer: Offer,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(subscription_id)
    .bind(valid_from)
    .bind(partner_id)
    .bind(billing_partner_id)
    .bind(offer.id())
    .execute(conn)
    .await?;
    Ok(())
}

/// The partner-of-record, billing-partner and offer periods of the chosen subscriptions, oldest
/// first: (subscription, period).
pub async fn periods(
    conn: &mut SqliteConnection,
    which: Which<'_>,
) -> Result<Vec<(String, csp_domain::as_of::SubscriptionPeriod)>> {
    let (filter, value) = which.filter();
    let select = format!(
        "SELECT json_array(p.subscription_id, p.valid_from, p.partner_id, p.billing_partner_id, p.offer) AS j, \
         p.valid_from FROM subscription_periods p {} WHERE {filter}",
        which.join("p.subscription_id")
    );
    let rows: Vec<(String, NaiveDate, String, String, String)> =
        crate::json_rows::fetch(conn, &select, "ORDER BY valid_from", &[value]).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(sub, valid_from, partner_id, billing_partner_id, offer)| {
            // The CHECK constraint admits only the known offers.
            let offer = Offer::from_id(&offer)?;
            Some((sub, csp_domain::as_of::SubscriptionPeriod { valid_from, partner_id, billing_partner_id, offer }))
        })
        .collect())
}

#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct PeriodRecord {
    pub subscription_id: String,
    pub valid_from: NaiveDate,
    pub partner_id: String,
    pub billing_partner_id: String,
    pub offer: Offer,
}

// The book's tables are read whole for a billing run (a distributor's 10,000 subscriptions and
// customers), each as one JSON value (`json_rows`).

/// Every period of every subscription, by subscription then date; a subscription written without
/// periods (older data) held by its partner of record with its offer since creation.
pub async fn for_billing(conn: &mut SqliteConnection) -> Result<Vec<PeriodRecord>> {
    crate::json_rows::fetch(
        conn,
        "SELECT json_array(subscription_id, valid_from, partner_id, billing_partner_id, offer) AS j, \
                subscription_id AS s, valid_from AS f FROM subscription_periods \
         UNION ALL \
         SELECT json_array(s.id, s.created_on, s.partner_id, s.billing_partner_id, s.offer), s.id, s.created_on \
         FROM subscriptions s WHERE NOT EXISTS (SELECT 1 FROM subscription_periods p WHERE p.subscription_id = s.id)",
        "ORDER BY s, f",
        &[],
    )
    .await
}

/// Every subscription in which `partner_id` is or was partner of record (any period, or the
/// subscription row when it has no period), with its cancellation date and its periods, oldest
/// first. A subscription written without periods (older data) gets its creation period here as
/// the billing code reads it, so that a later period never hides its first days.
pub async fn held_by(
    conn: &mut SqliteConnection,
    partner_id: &str,
) -> Result<Vec<(String, Option<NaiveDate>, Vec<BillingPeriod>)>> {
    sqlx::query(
        "INSERT INTO subscription_periods (subscription_id, valid_from, partner_id, billing_partner_id, offer) \
         SELECT s.id, s.created_on, s.partner_id, s.billing_partner_id, s.offer FROM subscriptions s \
         WHERE s.partner_id = ? AND NOT EXISTS (SELECT 1 FROM subscription_periods p WHERE p.subscription_id = s.id)",
    )
    .bind(partner_id)
    .execute(&mut *conn)
    .await?;
    let rows: Vec<(String, Option<NaiveDate>, NaiveDate, String, String, String)> = sqlx::query_as(
        "SELECT s.id, s.cancelled_on, p.valid_from, p.partner_id, p.billing_partner_id, p.offer \
         FROM subscriptions s JOIN subscription_periods p ON p.subscription_id = s.id \
         WHERE s.id IN (SELECT subscription_id FROM subscription_periods WHERE partner_id = ?) \
         ORDER BY s.id, p.valid_from",
    )
    .bind(partner_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out: Vec<(String, Option<NaiveDate>, Vec<BillingPeriod>)> = Vec::new();
    for (id, cancelled_on, valid_from, partner_id, billing_partner_id, offer) in rows {
        let Some(offer) = Offer::from_id(&offer) else { continue };
        let period = BillingPeriod { valid_from, partner_id, billing_partner_id, offer };
        match out.last_mut() {
            Some((last, _, ps)) if *last == id => ps.push(period),
            _ => out.push((id, cancelled_on, vec![period])),
        }
    }
    Ok(out)
}

/// Writes the periods the transition decided ([`csp_domain::subscription::transition_changes`]),
/// then makes the subscription's current billing partner that of its latest period.
pub async fn apply_period_changes(conn: &mut SqliteConnection, id: &str, changes: &[PeriodChange]) -> Result<()> {
    for change in changes {
        match change {
            PeriodChange::Open(p) => {
                insert(conn, id, p.valid_from, &p.partner_id, &p.billing_partner_id, p.offer).await?;
            }
            PeriodChange::Rebill { valid_from, billing_partner_id } => {
                sqlx::query(
                    "UPDATE subscription_periods SET billing_partner_id = ? WHERE subscription_id = ? AND valid_from = ?",
                )
                .bind(billing_partner_id)
                .bind(id)
                .bind(valid_from)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    sqlx::query(
        "UPDATE subscriptions SET billing_partner_id = (SELECT p.billing_partner_id FROM subscription_periods p \
         WHERE p.subscription_id = subscriptions.id ORDER BY p.valid_from DESC LIMIT 1) WHERE id = ?",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Moves every period of a subscription to start on `on` (an adopted subscription's one period).
pub async fn date_all(conn: &mut SqliteConnection, subscription_id: &str, on: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE subscription_periods SET valid_from = ? WHERE subscription_id = ?")
        .bind(on)
        .bind(subscription_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn periods_are_read_oldest_first_for_the_chosen_subscriptions() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "Hanse IT GmbH").await;
        insert(&mut conn, "s1", d("2022-02-14"), "p2", "p2", Offer::AzurePlan).await.unwrap();
        insert(&mut conn, "s1", d("2021-10-01"), "p1", "p1", Offer::Legacy).await.unwrap();
        let ps = periods(&mut conn, Which::One("s1")).await.unwrap();
        let read: Vec<_> = ps.iter().map(|(s, p)| (s.as_str(), p.valid_from, p.partner_id.as_str(), p.offer)).collect();
        assert_eq!(
            read,
            [("s1", d("2021-10-01"), "p1", Offer::Legacy), ("s1", d("2022-02-14"), "p2", Offer::AzurePlan)]
        );
        assert_eq!(periods(&mut conn, Which::OfCustomer("c1")).await.unwrap().len(), 2);
        assert_eq!(periods(&mut conn, Which::All).await.unwrap().len(), 2);
        assert!(periods(&mut conn, Which::One("other")).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn billing_reads_every_period_and_a_subscription_without_one_from_its_creation() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::subscription(&mut conn, "s2", "c1", "p1").await;
        insert(&mut conn, "s2", d("2021-11-01"), "p1", "p1", Offer::Legacy).await.unwrap();
        let all = for_billing(&mut conn).await.unwrap();
        let read: Vec<_> = all.iter().map(|p| (p.subscription_id.as_str(), p.valid_from, p.offer)).collect();
        assert_eq!(read, [("s1", d("2021-10-01"), Offer::AzurePlan), ("s2", d("2021-11-01"), Offer::Legacy)]);
    }

    #[tokio::test]
    async fn held_by_gives_a_partners_subscriptions_with_all_their_periods() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "Hanse IT GmbH").await;
        testing::subscription(&mut conn, "s2", "c1", "p2").await;
        insert(&mut conn, "s2", d("2021-10-01"), "p2", "p2", Offer::Legacy).await.unwrap();
        insert(&mut conn, "s2", d("2022-02-14"), "p1", "p1", Offer::AzurePlan).await.unwrap();
        let held = held_by(&mut conn, "p1").await.unwrap();
        assert_eq!(held.iter().map(|(s, _, ps)| (s.as_str(), ps.len())).collect::<Vec<_>>(), [("s1", 1), ("s2", 2)]);
        // s1 had no period: its creation period is written for it.
        assert_eq!(periods(&mut conn, Which::One("s1")).await.unwrap().len(), 1);
        assert_eq!(held_by(&mut conn, "nobody").await.unwrap().len(), 0);
    }

    #[tokio::test]
    async fn period_changes_open_and_rebill_and_the_subscription_follows_its_latest() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "EuroDistri").await;
        insert(&mut conn, "s1", d("2021-10-01"), "p1", "p1", Offer::AzurePlan).await.unwrap();
        let changes = [
            PeriodChange::Rebill { valid_from: d("2021-10-01"), billing_partner_id: "p2".into() },
            PeriodChange::Open(BillingPeriod {
                valid_from: d("2022-01-01"),
                partner_id: "p1".into(),
                billing_partner_id: "p2".into(),
                offer: Offer::AzurePlan,
            }),
        ];
        apply_period_changes(&mut conn, "s1", &changes).await.unwrap();
        let ps = periods(&mut conn, Which::One("s1")).await.unwrap();
        assert_eq!(ps.iter().map(|(_, p)| p.billing_partner_id.as_str()).collect::<Vec<_>>(), ["p2", "p2"]);
        assert_eq!(crate::subscriptions::get(&mut conn, "s1").await.unwrap().unwrap().billing_partner_id, "p2");
    }

    #[tokio::test]
    async fn an_adopted_subscriptions_period_is_redated() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        insert(&mut conn, "s1", d("2021-10-01"), "p1", "p1", Offer::AzurePlan).await.unwrap();
        date_all(&mut conn, "s1", d("2021-09-01")).await.unwrap();
        let ps = periods(&mut conn, Which::One("s1")).await.unwrap();
        assert_eq!(ps.iter().map(|(_, p)| p.valid_from).collect::<Vec<_>>(), [d("2021-09-01")]);
    }
}

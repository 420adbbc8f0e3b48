//! The `subscriptions` table: each subscription with its current partner of record, billing
//! partner, offer and status. Its periods (`subscription_periods`), status changes
//! (`subscription_events`) and roles (`roles`) have a module each; [`insert_ordered`] writes what an
//! order makes of all three.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::access::{Principal, Role};
use csp_domain::offer::Offer;
use csp_domain::subscription::{Holding, RecordPeriod, SubscriptionStatus};
use csp_domain::Result;

/// A `subscriptions` row as stored (read from JSON in its columns' order too).
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct SubscriptionRecord {
    pub id: String,
    pub name: Option<String>,
    pub customer_id: Option<String>,
    pub partner_id: String,
    pub billing_partner_id: String,
    pub offer: Offer,
    pub created_on: NaiveDate,
    pub status: SubscriptionStatus,
    pub cancelled_on: Option<NaiveDate>,
}

/// A subscription with the names a user reads beside the IDs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRow {
    #[sqlx(flatten)]
    pub record: SubscriptionRecord,
    pub customer_name: Option<String>,
    pub partner_name: String,
    pub billing_partner_name: String,
}

/// Which subscriptions to read.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    One(&'a str),
    OfCustomer(&'a str),
    All,
}

impl Which<'_> {
    /// The WHERE clause on `s` (the subscriptions table) and its one bound value, if any.
    pub(crate) fn filter(&self) -> (&'static str, Option<&str>) {
        match self {
            Which::One(id) => ("s.id = ?", Some(id)),
            Which::OfCustomer(id) => ("s.customer_id = ?", Some(id)),
            Which::All => ("1 = 1", None),
        }
    }

    /// The join on `s` that [`Which::filter`] needs (none for the whole book).
    pub(crate) fn join(&self, on: &str) -> String {
        match self {
            Which::All => String::new(),
            _ => format!("JOIN subscriptions s ON s.id = {on}"),
        }
    }
}

const COLUMNS: &str =
    "s.id, s.name, s.customer_id, s.partner_id, s.billing_partner_id, s.offer, s.created_on, s.status, s.cancelled_on";

pub async fn insert(conn: &mut SqliteConnection, s: &SubscriptionRecord) -> Result<()> {
    sqlx::query(
        "INSERT INTO subscriptions (id, name, customer_id, partner_id, billing_partner_id, offer, created_on, status, \
         cancelled_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&s.id)
    .bind(&s.name)
    .bind(&s.customer_id)
    .bind(&s.partner_id)
    .bind(&s.billing_partner_id)
    .bind(s.offer)
    .bind(s.created_on)
    .bind(s.status)
    .bind(s.cancelled_on)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<SubscriptionRecord>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM subscriptions s WHERE s.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// A new subscription as an order makes it (the service's order, or adoption of one Partner Center
/// reports): its row, its first period from its creation date, and the roles the order grants
/// (`access::granted_by_order`), each at subscription scope from that date.
pub async fn insert_ordered(
    conn: &mut SqliteConnection,
    s: &SubscriptionRecord,
    grants: &[(Principal, Role)],
) -> Result<()> {
    insert(conn, s).await?;
    crate::subscription_periods::insert(conn, &s.id, s.created_on, &s.partner_id, &s.billing_partner_id, s.offer)
        .await?;
    for (principal, role) in grants {
        crate::roles::insert(conn, &s.id, &principal.to_string(), role.as_str(), None, s.created_on, false).await?;
    }
    Ok(())
}

/// Moves what [`insert_ordered`] wrote to another date: the subscription's creation, its periods and
/// its roles (adoption dates them from the earliest usage of the file once it is read).
pub async fn date_ordered(conn: &mut SqliteConnection, id: &str, on: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE subscriptions SET created_on = ? WHERE id = ?").bind(on).bind(id).execute(&mut *conn).await?;
    crate::subscription_periods::date_all(conn, id, on).await?;
    crate::roles::date_all(conn, id, on).await?;
    Ok(())
}

/// Subscriptions with partner and customer names, oldest first.
pub async fn rows(conn: &mut SqliteConnection, which: Which<'_>) -> Result<Vec<SubscriptionRow>> {
    let (filter, value) = which.filter();
    let sql = format!(
        "SELECT {COLUMNS}, c.name AS customer_name, p.name AS partner_name, b.name AS billing_partner_name \
         FROM subscriptions s \
         LEFT JOIN customers c ON c.id = s.customer_id \
         JOIN partners p ON p.id = s.partner_id \
         JOIN partners b ON b.id = s.billing_partner_id \
         WHERE {filter} ORDER BY s.created_on, s.created_at, s.id"
    );
    let mut q = sqlx::query_as(&sql);
    if let Some(v) = value {
        q = q.bind(v);
    }
    Ok(q.fetch_all(conn).await?)
}

/// Every subscription without the names of its customer and partners (left empty), in no order:
/// what counting needs, read without a look-up per subscription.
pub async fn rows_for_counts(conn: &mut SqliteConnection) -> Result<Vec<SubscriptionRow>> {
    let select = format!("SELECT json_array({COLUMNS}) AS j FROM subscriptions s");
    let records: Vec<SubscriptionRecord> = crate::json_rows::fetch(conn, &select, "", &[]).await?;
    Ok(records
        .into_iter()
        .map(|record| SubscriptionRow {
            record,
            customer_name: None,
            partner_name: String::new(),
            billing_partner_name: String::new(),
        })
        .collect())
}

/// Every subscription's name and offer: (ID, name, offer), in no order (a billing run reads them
/// whole, as one JSON value: `json_rows`).
pub async fn names_and_offers(conn: &mut SqliteConnection) -> Result<Vec<(String, Option<String>, Offer)>> {
    crate::json_rows::fetch(conn, "SELECT json_array(id, name, offer) AS j FROM subscriptions", "", &[]).await
}

/// A subscription as the usage import checks it.
#[derive(Debug, Clone)]
pub struct SubscriptionRef {
    pub customer_id: Option<String>,
    pub created_on: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
}

/// Subscription ID (lower case) → what the usage import checks.
pub async fn refs_by_lower_id(conn: &mut SqliteConnection) -> Result<HashMap<String, SubscriptionRef>> {
    let rows: Vec<(String, Option<String>, NaiveDate, Option<NaiveDate>)> =
        sqlx::query_as("SELECT lower(id), customer_id, created_on, cancelled_on FROM subscriptions")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, customer_id, created_on, cancelled_on)| {
            (id, SubscriptionRef { customer_id, created_on, cancelled_on })
        })
        .collect())
}

/// A customer's subscriptions with their partner-of-record periods (what eligibility reads).
pub async fn holdings_of_customer(conn: &mut SqliteConnection, customer_id: &str) -> Result<Vec<Holding>> {
    let subs: Vec<(String, NaiveDate, Option<NaiveDate>, String, String)> = sqlx::query_as(
        "SELECT id, created_on, cancelled_on, partner_id, offer FROM subscriptions WHERE customer_id = ? \
         ORDER BY created_on, id",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let periods: Vec<(String, NaiveDate, String, String)> = sqlx::query_as(
        "SELECT p.subscription_id, p.valid_from, p.partner_id, p.offer FROM subscription_periods p \
         JOIN subscriptions s ON s.id = p.subscription_id WHERE s.customer_id = ? ORDER BY p.valid_from",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_sub: HashMap<String, Vec<RecordPeriod>> = HashMap::new();
    for (sub, valid_from, partner_id, offer) in periods {
        if let Some(offer) = Offer::from_id(&offer) {
            by_sub.entry(sub).or_default().push(RecordPeriod { valid_from, partner_id, offer });
        }
    }
    Ok(subs
        .into_iter()
        .map(|(id, created_on, cancelled_on, partner_id, offer)| {
            // A subscription written without periods (older data) is held by its partner of record
            // with its offer since creation.
            let periods = by_sub.remove(&id).unwrap_or_else(|| {
                Offer::from_id(&offer)
                    .map(|offer| vec![RecordPeriod { valid_from: created_on, partner_id, offer }])
                    .unwrap_or_default()
            });
            Holding { subscription_id: id, created_on, cancelled_on, periods }
        })
        .collect())
}

pub async fn set_status(
    conn: &mut SqliteConnection,
    id: &str,
    status: SubscriptionStatus,
    cancelled_on: Option<NaiveDate>,
) -> Result<()> {
    sqlx::query("UPDATE subscriptions SET status = ?, cancelled_on = ? WHERE id = ?")
        .bind(status)
        .bind(cancelled_on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A new partner of record (a completed transfer), with the offer it holds from then on.
pub async fn set_partner_of_record(
    conn: &mut SqliteConnection,
    id: &str,
    partner_id: &str,
    billing_partner_id: &str,
    offer: Offer,
) -> Result<()> {
    sqlx::query("UPDATE subscriptions SET partner_id = ?, billing_partner_id = ?, offer = ? WHERE id = ?")
        .bind(partner_id)
        .bind(billing_partner_id)
        .bind(offer.id())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The latest usage date stored for the subscription after `after`, if any. Read through the date
/// index, so only the rows after `after` are visited (a cancellation is usually dated near the
/// latest usage), never the whole table.
pub async fn last_usage_after(conn: &mut SqliteConnection, id: &str, after: NaiveDate) -> Result<Option<NaiveDate>> {
    let (last,): (Option<NaiveDate>,) =
        sqlx::query_as("SELECT max(usage_date) FROM usage_rows WHERE usage_date > ? AND subscription_id = ?")
            .bind(after)
            .bind(id)
            .fetch_one(conn)
            .await?;
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d};

    #[tokio::test]
    async fn a_subscription_goes_in_and_comes_back_with_its_names() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        let s = get(&mut conn, "s1").await.unwrap().unwrap();
        assert_eq!((s.offer, s.status, s.created_on), (Offer::AzurePlan, SubscriptionStatus::Active, d("2021-10-01")));
        assert!(get(&mut conn, "other").await.unwrap().is_none());
        let rows = rows(&mut conn, Which::OfCustomer("c1")).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].customer_name.as_deref(), rows[0].partner_name.as_str(), rows[0].billing_partner_name.as_str()),
            (Some("Fabrikam"), "Nuage Azur SAS", "Nuage Azur SAS")
        );
        assert!(super::rows(&mut conn, Which::One("other")).await.unwrap().is_empty());
        assert_eq!(super::rows(&mut conn, Which::All).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn counting_reads_every_subscription_without_names() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::subscription(&mut conn, "s2", "c1", "p1").await;
        let mut rows = rows_for_counts(&mut conn).await.unwrap();
        rows.sort_by(|a, b| a.record.id.cmp(&b.record.id));
        assert_eq!(rows.iter().map(|r| r.record.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
        assert!(rows.iter().all(|r| r.customer_name.is_none() && r.partner_name.is_empty()));
    }

    #[tokio::test]
    async fn an_order_writes_the_subscription_its_first_period_and_the_roles_it_grants() {
        let mut conn = testing::book().await;
        testing::partner(&mut conn, "p1", "Nuage Azur SAS").await;
        testing::customer(&mut conn, "c1", "Fabrikam").await;
        let s = testing::subscription_record("s1", "c1", "p1");
        insert_ordered(&mut conn, &s, &[(Principal::partner("p1"), Role::Owner)]).await.unwrap();
        let periods = crate::subscription_periods::periods(&mut conn, Which::One("s1")).await.unwrap();
        assert_eq!(periods.len(), 1);
        assert_eq!((periods[0].1.valid_from, periods[0].1.partner_id.as_str()), (d("2021-10-01"), "p1"));
        let roles = crate::roles::of(&mut conn, Which::One("s1")).await.unwrap();
        let read: Vec<_> =
            roles.iter().map(|r| (r.principal.as_str(), r.role.as_str(), r.scope.clone(), r.granted_on)).collect();
        assert_eq!(read, [("partner:p1", "owner", None, d("2021-10-01"))]);

        date_ordered(&mut conn, "s1", d("2021-09-15")).await.unwrap();
        assert_eq!(get(&mut conn, "s1").await.unwrap().unwrap().created_on, d("2021-09-15"));
        let periods = crate::subscription_periods::periods(&mut conn, Which::One("s1")).await.unwrap();
        assert_eq!(periods[0].1.valid_from, d("2021-09-15"));
        assert_eq!(crate::roles::of(&mut conn, Which::One("s1")).await.unwrap()[0].granted_on, d("2021-09-15"));
    }

    #[tokio::test]
    async fn names_offers_and_import_refs_cover_every_subscription() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        assert_eq!(
            names_and_offers(&mut conn).await.unwrap(),
            [("s1".to_string(), Some("s1 name".to_string()), Offer::AzurePlan)]
        );
        let mut upper = testing::subscription_record("S2-UPPER", "c1", "p1");
        upper.status = SubscriptionStatus::Cancelled;
        upper.cancelled_on = Some(d("2022-01-31"));
        insert(&mut conn, &upper).await.unwrap();
        let refs = refs_by_lower_id(&mut conn).await.unwrap();
        let r = &refs["s2-upper"];
        assert_eq!(
            (r.customer_id.as_deref(), r.created_on, r.cancelled_on),
            (Some("c1"), d("2021-10-01"), Some(d("2022-01-31")))
        );
        assert_eq!(refs.len(), 2);
    }

    #[tokio::test]
    async fn holdings_have_their_periods_or_their_creation_when_they_have_none() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "Hanse IT GmbH").await;
        testing::subscription(&mut conn, "s2", "c1", "p1").await;
        crate::subscription_periods::insert(&mut conn, "s2", d("2021-10-01"), "p1", "p1", Offer::Legacy).await.unwrap();
        crate::subscription_periods::insert(&mut conn, "s2", d("2022-02-14"), "p2", "p2", Offer::AzurePlan)
            .await
            .unwrap();
        let h = holdings_of_customer(&mut conn, "c1").await.unwrap();
        assert_eq!(h.iter().map(|h| h.subscription_id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
        assert_eq!(
            h[0].periods,
            [RecordPeriod { valid_from: d("2021-10-01"), partner_id: "p1".into(), offer: Offer::AzurePlan }]
        );
        assert_eq!(h[1].periods.iter().map(|p| p.partner_id.as_str()).collect::<Vec<_>>(), ["p1", "p2"]);
        assert!(holdings_of_customer(&mut conn, "other").await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn status_and_partner_of_record_are_written() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        testing::partner(&mut conn, "p2", "Hanse IT GmbH").await;
        set_status(&mut conn, "s1", SubscriptionStatus::Cancelled, Some(d("2022-01-31"))).await.unwrap();
        set_partner_of_record(&mut conn, "s1", "p2", "p2", Offer::Legacy).await.unwrap();
        let s = get(&mut conn, "s1").await.unwrap().unwrap();
        assert_eq!((s.status, s.cancelled_on), (SubscriptionStatus::Cancelled, Some(d("2022-01-31"))));
        assert_eq!((s.partner_id.as_str(), s.billing_partner_id.as_str(), s.offer), ("p2", "p2", Offer::Legacy));
    }

    #[tokio::test]
    async fn the_last_usage_after_a_date_is_the_latest_of_the_subscription() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        assert_eq!(last_usage_after(&mut conn, "s1", d("2021-10-01")).await.unwrap(), None);
        let import = crate::usage::begin_import(&mut conn, "f.csv").await.unwrap();
        for (key, date) in [(1u8, "2021-10-05"), (2, "2021-10-20")] {
            let row = testing::usage_row(key, date, "1");
            crate::usage::insert_batch(&mut conn, &crate::usage::insert_sql(1), import, &[row]).await.unwrap();
        }
        assert_eq!(last_usage_after(&mut conn, "s1", d("2021-10-01")).await.unwrap(), Some(d("2021-10-20")));
        assert_eq!(last_usage_after(&mut conn, "s1", d("2021-10-20")).await.unwrap(), None);
    }
}

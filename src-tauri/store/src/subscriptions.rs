//! Subscriptions, their partner-of-record periods and their dated status changes.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::offer::Offer;
use csp_domain::subscription::{BillingPeriod, Holding, PeriodChange, RecordPeriod, SubscriptionStatus};
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
    fn filter(&self) -> (&'static str, Option<&str>) {
        match self {
            Which::One(id) => ("s.id = ?", Some(id)),
            Which::OfCustomer(id) => ("s.customer_id = ?", Some(id)),
            Which::All => ("1 = 1", None),
        }
    }

    /// The join on `s` that [`Which::filter`] needs (none for the whole book).
    fn join(&self, on: &str) -> String {
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

pub async fn insert_period(
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

pub async fn add_event(conn: &mut SqliteConnection, id: &str, on: NaiveDate, event: &str) -> Result<()> {
    sqlx::query("INSERT INTO subscription_events (subscription_id, on_date, event) VALUES (?, ?, ?)")
        .bind(id)
        .bind(on)
        .bind(event)
        .execute(conn)
        .await?;
    Ok(())
}

/// The date of the latest status change, if any.
pub async fn last_event_on(conn: &mut SqliteConnection, id: &str) -> Result<Option<NaiveDate>> {
    let (last,): (Option<NaiveDate>,) =
        sqlx::query_as("SELECT MAX(on_date) FROM subscription_events WHERE subscription_id = ?")
            .bind(id)
            .fetch_one(conn)
            .await?;
    Ok(last)
}

/// Status changes of the chosen subscriptions: (subscription, date, event), in order.
pub async fn events(conn: &mut SqliteConnection, which: Which<'_>) -> Result<Vec<(String, NaiveDate, String)>> {
    let (filter, value) = which.filter();
    let select = format!(
        "SELECT json_array(e.subscription_id, e.on_date, e.event) AS j, e.on_date, e.id \
         FROM subscription_events e {} WHERE {filter}",
        which.join("e.subscription_id")
    );
    crate::json_rows::fetch(conn, &select, "ORDER BY on_date, id", &[value]).await
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
                insert_period(conn, id, p.valid_from, &p.partner_id, &p.billing_partner_id, p.offer).await?;
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

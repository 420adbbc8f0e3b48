//! The month's usage sums (`usage_totals`), kept by the import as it stores rows: the usage screen
//! and the dashboard read them instead of the month's rows. A month the sums do not cover yet (a
//! book from before them) is listed in `usage_totals_pending` and summed when the book opens.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use csp_domain::money;
use csp_domain::usage::UsageTotal;
use csp_domain::{Code, CoreError, Result};

use crate::db::Backfilled;
use crate::rows::{dec, insert_rows, text, Val};
use crate::Dec;

/// What a sum is kept per: the month (`YYYY-MM`), customer, subscription, meter category and
/// billing currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TotalsKey {
    pub month: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub meter_category: String,
    pub billing_currency: String,
}

impl TotalsKey {
    /// Whether this key is the one of a row with these values (compared without allocating: the
    /// import asks it for every row).
    pub fn is(
        &self,
        usage_date: &str,
        customer_id: &str,
        subscription_id: &str,
        category: &str,
        currency: &str,
    ) -> bool {
        usage_date.get(..7) == Some(self.month.as_str())
            && self.customer_id == customer_id
            && self.subscription_id == subscription_id
            && self.meter_category == category
            && self.billing_currency == currency
    }
}

pub type Totals = HashMap<TotalsKey, UsageTotal>;

/// Adds `totals` to the stored sums (read once per month touched, merged here, written back).
pub async fn add(conn: &mut SqliteConnection, totals: &Totals) -> Result<()> {
    let mut by_month: HashMap<&str, Vec<(&TotalsKey, UsageTotal)>> = HashMap::new();
    for (k, t) in totals {
        by_month.entry(k.month.as_str()).or_default().push((k, *t));
    }
    for (month, mut sums) in by_month {
        let stored = stored(conn, month).await?;
        for (k, t) in &mut sums {
            if let Some(before) = stored.get(*k) {
                t.merge(before)?;
            }
        }
        write(conn, &sums).await?;
    }
    Ok(())
}

/// The stored sums of a month, keyed.
async fn stored(conn: &mut SqliteConnection, month: &str) -> Result<Totals> {
    let rows: Vec<(String, String, String, String, i64, Dec, Dec)> = sqlx::query_as(
        "SELECT customer_id, subscription_id, meter_category, billing_currency, rows, quantity, erp \
         FROM usage_totals WHERE month = ?",
    )
    .bind(month)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(customer_id, subscription_id, meter_category, billing_currency, rows, q, erp)| {
            (
                TotalsKey { month: month.to_string(), customer_id, subscription_id, meter_category, billing_currency },
                UsageTotal { rows, quantity: q.0, erp: erp.0 },
            )
        })
        .collect())
}

async fn write(conn: &mut SqliteConnection, sums: &[(&TotalsKey, UsageTotal)]) -> Result<()> {
    let rows: Vec<Vec<Val>> = sums
        .iter()
        .map(|(k, t)| {
            vec![
                text(&k.month),
                text(&k.customer_id),
                text(&k.subscription_id),
                text(&k.meter_category),
                text(&k.billing_currency),
                Val::Int(t.rows),
                dec(t.quantity),
                dec(t.erp),
            ]
        })
        .collect();
    const COLUMNS: [&str; 8] =
        ["month", "customer_id", "subscription_id", "meter_category", "billing_currency", "rows", "quantity", "erp"];
    insert_rows(conn, "INSERT OR REPLACE INTO usage_totals", &COLUMNS, &rows).await
}

/// Whether the month's sums cover all of its rows (else the month is read from its rows).
pub async fn is_current(conn: &mut SqliteConnection, month: &str) -> Result<bool> {
    let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM usage_totals_pending WHERE month = ?")
        .bind(month)
        .fetch_one(&mut *conn)
        .await?;
    Ok(pending == 0)
}

/// Sums as the usage screen lists them, with the customer's and subscription's names.
#[derive(Debug, Clone)]
pub struct NamedTotal {
    pub customer_id: String,
    pub customer_name: Option<String>,
    pub subscription_id: String,
    pub subscription_name: Option<String>,
    pub meter_category: String,
    pub billing_currency: String,
    pub total: UsageTotal,
}

/// A month's stored sums, named and sorted ([`named`]).
pub async fn month(conn: &mut SqliteConnection, month: &str) -> Result<Vec<NamedTotal>> {
    type Raw = (String, String, String, String, i64, Dec, Dec);
    let sums: Vec<Raw> = crate::json_rows::fetch(
        conn,
        "SELECT json_array(customer_id, subscription_id, meter_category, billing_currency, rows, quantity, erp) AS j \
         FROM usage_totals WHERE month = ?",
        "",
        &[Some(month)],
    )
    .await?;
    let sums =
        sums.into_iter().map(|(customer_id, subscription_id, meter_category, billing_currency, rows, q, erp)| {
            let key =
                TotalsKey { month: month.to_string(), customer_id, subscription_id, meter_category, billing_currency };
            (key, UsageTotal { rows, quantity: q.0, erp: erp.0 })
        });
    named(conn, sums.collect()).await
}

/// The rows dated `first..=last`, summed from the rows themselves (a day inside a month, or a
/// month the stored sums do not cover), named and sorted ([`named`]).
pub async fn between(conn: &mut SqliteConnection, first: NaiveDate, last: NaiveDate) -> Result<Vec<NamedTotal>> {
    let sums = sum_rows(conn, first, last).await?;
    named(conn, sums.into_iter().collect()).await
}

/// The rows dated `first..=last` summed per month, customer, subscription, category and currency.
/// SQLite groups them; the amounts travel as text lists and are summed here, exactly (SQLite would
/// sum in floating point). Stored text that is not a number, or a sum too large to compute, is a
/// `VALIDATION` error.
async fn sum_rows(conn: &mut SqliteConnection, first: NaiveDate, last: NaiveDate) -> Result<Totals> {
    type Raw = (String, String, String, String, String, String, String, String);
    let groups: Vec<Raw> = sqlx::query_as(
        "SELECT substr(usage_date, 1, 7), customer_id, subscription_id, meter_category, billing_currency, \
                group_concat(quantity, ';'), group_concat(unit_price, ';'), group_concat(pc_to_bc_rate, ';') \
         FROM usage_rows WHERE usage_date BETWEEN ? AND ? GROUP BY 1, 2, 3, 4, 5",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let number = |t: &str| {
        money::parse(t).ok_or_else(|| {
            CoreError::validation(
                format!("a stored usage amount is not a number: '{t}'"),
                format!("un montant d'utilisation enregistré n'est pas un nombre : « {t} »"),
            )
        })
    };
    let mut totals = Totals::new();
    for (month, customer_id, subscription_id, meter_category, billing_currency, qs, ps, rs) in groups {
        let mut total = UsageTotal::default();
        for ((q, p), r) in qs.split(';').zip(ps.split(';')).zip(rs.split(';')) {
            total.add_row(number(q)?, number(p)?, number(r)?)?;
        }
        totals.insert(TotalsKey { month, customer_id, subscription_id, meter_category, billing_currency }, total);
    }
    Ok(totals)
}

/// Sums with their customer's and subscription's names, sorted by customer name (case-insensitive,
/// as `COLLATE NOCASE`), subscription, category and currency. The names are read in one pass over
/// each table and joined here: looking them up once per sum costs ten times more at a
/// distributor's 30,000 sums.
async fn named(conn: &mut SqliteConnection, sums: Vec<(TotalsKey, UsageTotal)>) -> Result<Vec<NamedTotal>> {
    if sums.is_empty() {
        return Ok(Vec::new());
    }
    let customers: HashMap<String, String> =
        crate::json_rows::fetch(conn, "SELECT json_array(id, name) AS j FROM customers", "", &[])
            .await?
            .into_iter()
            .collect();
    let subscriptions: HashMap<String, Option<String>> =
        crate::json_rows::fetch(conn, "SELECT json_array(id, name) AS j FROM subscriptions", "", &[])
            .await?
            .into_iter()
            .collect();
    let mut out: Vec<NamedTotal> = sums
        .into_iter()
        .map(|(k, total)| NamedTotal {
            customer_name: customers.get(&k.customer_id).cloned(),
            subscription_name: subscriptions.get(&k.subscription_id).cloned().flatten(),
            customer_id: k.customer_id,
            subscription_id: k.subscription_id,
            meter_category: k.meter_category,
            billing_currency: k.billing_currency,
            total,
        })
        .collect();
    out.sort_by_cached_key(|t| {
        (
            t.customer_name.as_ref().map(|n| n.to_ascii_lowercase()),
            t.subscription_id.clone(),
            t.meter_category.clone(),
            t.billing_currency.clone(),
        )
    });
    Ok(out)
}

/// A month's sums reduced to what counting needs: per sum, its currency, rows and ERP amount.
pub async fn month_amounts(conn: &mut SqliteConnection, month: &str) -> Result<Vec<(String, i64, Dec)>> {
    Ok(sqlx::query_as("SELECT billing_currency, rows, erp FROM usage_totals WHERE month = ?")
        .bind(month)
        .fetch_all(conn)
        .await?)
}

/// Sums the months a book held before the sums existed, from their rows, inside the caller's
/// transaction (the open's backfill of migration 0040, see `db`). A month whose rows do not sum
/// (stored text that is not a number, an absurd amount) stays pending: the usage screen reads its
/// rows and says why.
pub async fn sum_pending(conn: &mut SqliteConnection) -> Result<Backfilled> {
    let months: Vec<String> =
        sqlx::query_scalar("SELECT month FROM usage_totals_pending ORDER BY month").fetch_all(&mut *conn).await?;
    let mut outcome = Backfilled::default();
    for month in months {
        let Ok((first, last)) = csp_domain::Month::parse(&month).map(csp_domain::Month::bounds) else {
            outcome.left_undone += 1;
            continue;
        };
        let totals = match sum_rows(conn, first, last).await {
            Ok(totals) => totals,
            Err(e) if e.code() == Code::Validation => {
                outcome.left_undone += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        sqlx::query("DELETE FROM usage_totals WHERE month = ?").bind(&month).execute(&mut *conn).await?;
        add(conn, &totals).await?;
        sqlx::query("DELETE FROM usage_totals_pending WHERE month = ?").bind(&month).execute(&mut *conn).await?;
        outcome.done += 1;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d, dec};

    fn key(month: &str) -> TotalsKey {
        TotalsKey {
            month: month.into(),
            customer_id: "c1".into(),
            subscription_id: "s1".into(),
            meter_category: "Virtual Machines".into(),
            billing_currency: "EUR".into(),
        }
    }

    #[tokio::test]
    async fn sums_add_up_and_are_read_named_per_month() {
        let mut conn = testing::book().await;
        testing::office(&mut conn).await;
        let mut totals = Totals::new();
        totals.insert(key("2026-10"), UsageTotal { rows: 2, quantity: dec("3.5"), erp: dec("0.336") });
        add(&mut conn, &totals).await.unwrap();
        add(&mut conn, &totals).await.unwrap();
        assert!(key("2026-10").is("2026-10-05", "c1", "s1", "Virtual Machines", "EUR"));
        assert!(!key("2026-10").is("2026-11-05", "c1", "s1", "Virtual Machines", "EUR"));
        let named = month(&mut conn, "2026-10").await.unwrap();
        assert_eq!(named.len(), 1);
        assert_eq!(
            (named[0].customer_name.as_deref(), named[0].subscription_name.as_deref()),
            (Some("Fabrikam"), Some("s1 name"))
        );
        assert_eq!((named[0].total.rows, named[0].total.quantity), (4, dec("7")));
        assert_eq!(month_amounts(&mut conn, "2026-10").await.unwrap(), [("EUR".to_string(), 4, Dec(dec("0.672")))]);
        assert!(is_current(&mut conn, "2026-10").await.unwrap());
        assert!(between(&mut conn, d("2026-10-01"), d("2026-10-31")).await.unwrap().is_empty(), "no rows stored");
    }
}

//! The price list (meters with ERP per currency and dates) and the monthly exchange rates.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::pricing::PriceRow;
use csp_domain::Result;

/// Adds or replaces one price (meter, currency, effective-from date).
pub async fn upsert(conn: &mut SqliteConnection, p: &PriceRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO meters (meter_id, name, category, unit, currency, erp, effective_from, effective_to, pec_eligible) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (meter_id, currency, effective_from) DO UPDATE SET name = excluded.name, \
         category = excluded.category, unit = excluded.unit, erp = excluded.erp, \
         effective_to = excluded.effective_to, pec_eligible = excluded.pec_eligible",
    )
    .bind(&p.meter_id)
    .bind(&p.name)
    .bind(&p.category)
    .bind(&p.unit)
    .bind(&p.currency)
    .bind(p.erp.to_string())
    .bind(p.effective_from)
    .bind(p.effective_to)
    .bind(p.pec_eligible)
    .execute(conn)
    .await?;
    Ok(())
}

/// The PEC eligibility periods of every meter: (meter ID, from, to, eligible).
pub async fn pec_eligibility(conn: &mut SqliteConnection) -> Result<Vec<(String, NaiveDate, Option<NaiveDate>, bool)>> {
    Ok(sqlx::query_as("SELECT DISTINCT meter_id, effective_from, effective_to, pec_eligible FROM meters")
        .fetch_all(conn)
        .await?)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeterPrice {
    pub meter_id: String,
    pub name: String,
    pub category: String,
    pub unit: String,
    pub currency: String,
    pub erp: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub pec_eligible: bool,
}

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<MeterPrice>> {
    Ok(sqlx::query_as(
        "SELECT meter_id, name, category, unit, currency, erp, effective_from, effective_to, pec_eligible \
         FROM meters ORDER BY category, name, currency, effective_from",
    )
    .fetch_all(conn)
    .await?)
}

pub async fn set_exchange_rate(
    conn: &mut SqliteConnection,
    month: &str,
    from: &str,
    to: &str,
    rate: Decimal,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO exchange_rates (month, from_currency, to_currency, rate) VALUES (?, ?, ?, ?) \
         ON CONFLICT (month, from_currency, to_currency) DO UPDATE SET rate = excluded.rate",
    )
    .bind(month)
    .bind(from)
    .bind(to)
    .bind(rate.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Every exchange rate set, newest month first: (month, from, to, rate as stored).
pub async fn all_exchange_rates(conn: &mut SqliteConnection) -> Result<Vec<(String, String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT month, from_currency, to_currency, rate FROM exchange_rates \
         ORDER BY month DESC, from_currency, to_currency",
    )
    .fetch_all(conn)
    .await?)
}

/// Every exchange rate set for `month`: (from, to, rate). A stored rate that does not parse is an error.
pub async fn exchange_rates(conn: &mut SqliteConnection, month: &str) -> Result<Vec<(String, String, Decimal)>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT from_currency, to_currency, rate FROM exchange_rates WHERE month = ?")
            .bind(month)
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(from, to, rate)| {
            let r = rate.parse::<Decimal>().map_err(|_| {
                csp_domain::CoreError::validation(
                    format!("the stored exchange rate {from} → {to} for {month} is not a number: '{rate}'"),
                    format!("le taux de change enregistré {from} → {to} pour {month} n'est pas un nombre : « {rate} »"),
                )
            })?;
            Ok((from, to, r))
        })
        .collect()
}

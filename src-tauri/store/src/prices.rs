//! The price list (meters with ERP per currency and dates) and the monthly exchange rates.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::SqliteConnection;

use csp_domain::pricing::PriceRow;
use csp_domain::{Currency, Month, Result};

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
    pub currency: Currency,
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
    month: Month,
    from: Currency,
    to: Currency,
    rate: Decimal,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO exchange_rates (month, from_currency, to_currency, rate) VALUES (?, ?, ?, ?) \
         ON CONFLICT (month, from_currency, to_currency) DO UPDATE SET rate = excluded.rate",
    )
    .bind(month.to_string())
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
pub async fn exchange_rates(conn: &mut SqliteConnection, month: Month) -> Result<Vec<(Currency, Currency, Decimal)>> {
    let rows: Vec<(Currency, Currency, String)> =
        sqlx::query_as("SELECT from_currency, to_currency, rate FROM exchange_rates WHERE month = ?")
            .bind(month.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, d, dec};

    fn price(from: &str, erp: &str, eligible: bool) -> PriceRow {
        PriceRow {
            meter_id: "m1".into(),
            name: "D2s v5".into(),
            category: "Virtual Machines".into(),
            unit: "1 Hour".into(),
            currency: "EUR".into(),
            erp: dec(erp),
            effective_from: d(from),
            effective_to: None,
            pec_eligible: eligible,
        }
    }

    #[tokio::test]
    async fn a_price_per_meter_currency_and_date_is_replaced_and_listed() {
        let mut conn = testing::book().await;
        upsert(&mut conn, &price("2021-01-01", "0.096", true)).await.unwrap();
        upsert(&mut conn, &price("2021-01-01", "0.1", true)).await.unwrap();
        upsert(&mut conn, &price("2022-01-01", "0.11", false)).await.unwrap();
        let listed = list(&mut conn).await.unwrap();
        assert_eq!(
            listed.iter().map(|p| (p.effective_from, p.erp.as_str(), p.pec_eligible)).collect::<Vec<_>>(),
            [(d("2021-01-01"), "0.1", true), (d("2022-01-01"), "0.11", false)]
        );
        let mut eligibility = pec_eligibility(&mut conn).await.unwrap();
        eligibility.sort();
        assert_eq!(
            eligibility,
            [("m1".to_string(), d("2021-01-01"), None, true), ("m1".to_string(), d("2022-01-01"), None, false)]
        );
    }

    #[tokio::test]
    async fn exchange_rates_are_set_per_month_and_bad_text_is_an_error() {
        let mut conn = testing::book().await;
        set_exchange_rate(
            &mut conn,
            testing::month("2026-10"),
            testing::currency("USD"),
            testing::currency("EUR"),
            dec("0.925"),
        )
        .await
        .unwrap();
        set_exchange_rate(
            &mut conn,
            testing::month("2026-10"),
            testing::currency("USD"),
            testing::currency("EUR"),
            dec("0.93"),
        )
        .await
        .unwrap();
        set_exchange_rate(
            &mut conn,
            testing::month("2026-11"),
            testing::currency("USD"),
            testing::currency("EUR"),
            dec("0.94"),
        )
        .await
        .unwrap();
        assert_eq!(
            exchange_rates(&mut conn, testing::month("2026-10")).await.unwrap(),
            [(testing::currency("USD"), testing::currency("EUR"), dec("0.93"))]
        );
        let all = all_exchange_rates(&mut conn).await.unwrap();
        assert_eq!(all.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["2026-11", "2026-10"]);
        sqlx::query("UPDATE exchange_rates SET rate = 'x' WHERE month = '2026-11'").execute(&mut *conn).await.unwrap();
        assert!(exchange_rates(&mut conn, testing::month("2026-11")).await.is_err());
    }
}

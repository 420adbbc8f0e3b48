//! Key/value settings (issuer identity, program dates and rates, UI preferences).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{Executor, Sqlite, SqliteConnection};

use csp_domain::pricing::PricingRates;
use csp_domain::program::{ProgramDates, ProgramRates};
use csp_domain::Result;

pub async fn get<'e, E: Executor<'e, Database = Sqlite>>(db: E, key: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = ?").bind(key).fetch_optional(db).await?;
    Ok(row.map(|r| r.0))
}

pub async fn set<'e, E: Executor<'e, Database = Sqlite>>(db: E, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn all<'e, E: Executor<'e, Database = Sqlite>>(db: E) -> Result<BTreeMap<String, String>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM settings ORDER BY key").fetch_all(db).await?;
    Ok(rows.into_iter().collect())
}

fn date_setting(map: &BTreeMap<String, String>, key: &str) -> Option<NaiveDate> {
    map.get(key).and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

/// PHASE1, PHASE2, PHASE3 and SILVER_BONUS_FROM, with DOMAIN.md's defaults.
pub async fn program_dates(conn: &mut SqliteConnection) -> Result<ProgramDates> {
    let map = all(conn).await?;
    let d = ProgramDates::default();
    Ok(ProgramDates {
        phase1: date_setting(&map, "program.phase1").unwrap_or(d.phase1),
        phase2: date_setting(&map, "program.phase2").unwrap_or(d.phase2),
        phase3: date_setting(&map, "program.phase3"),
        silver_bonus_from: date_setting(&map, "program.silver_bonus_from").unwrap_or(d.silver_bonus_from),
    })
}

pub async fn program_rates(conn: &mut SqliteConnection) -> Result<ProgramRates> {
    let map = all(conn).await?;
    let d = ProgramRates::default();
    let rate = |k: &str| map.get(k).and_then(|v| v.parse::<Decimal>().ok());
    Ok(ProgramRates {
        mci_rate: rate("program.mci_rate").unwrap_or(d.mci_rate),
        silver_rate: rate("program.silver_rate").unwrap_or(d.silver_rate),
    })
}

pub async fn pricing_rates(conn: &mut SqliteConnection) -> Result<PricingRates> {
    let map = all(&mut *conn).await?;
    let d = PricingRates::default();
    let rate = |k: &str, dflt: Decimal| map.get(k).and_then(|v| v.parse::<Decimal>().ok()).unwrap_or(dflt);
    Ok(PricingRates {
        legacy_discount: rate("program.legacy_discount", d.legacy_discount),
        pec_rate: rate("program.pec_rate", d.pec_rate),
        mci_rate: rate("program.mci_rate", d.mci_rate),
        silver_rate: rate("program.silver_rate", d.silver_rate),
    })
}
